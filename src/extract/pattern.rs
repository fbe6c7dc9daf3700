//! Compiling the extractor's patterns: Unicode classes narrowed to the Latin
//! script, and word boundaries that stay on the regex crate's fast DFAs.
//!
//! Narrowing ([`narrow`]): the patterns are written with Unicode classes
//! (`\p{Lu}`, `\p{L}`, `\w`, ...), but the regex crate compiles each of them
//! to a UTF-8 automaton over every script, copied once per counted
//! repetition; that made compiling the patterns most of a short run's time.
//! Swedish text is Latin script, so each class is compiled as its part in
//! Latin-1, Latin Extended-A/B and Latin Extended Additional. In Latin-1 the
//! narrowed classes are exact; in the extended blocks every letter counts as
//! both upper and lower case (they alternate there, and an exact class costs
//! as much as the Unicode one); other scripts are not letters to the
//! extractor.
//!
//! Boundaries: the regex crate's DFAs give up on a Unicode `\b` as soon as
//! the text holds a non-ASCII byte (every Swedish text does) and fall back to
//! the PikeVM, several times slower. A [`Pat`] compiles a leading `\b` away
//! and checks it on each match (a match rejected there restarts at the next
//! boundary, which is exactly what the regex engine would do), and turns a
//! trailing `\b` after a word character into a consumed non-word guard that
//! is cut off the match. Inner `\b`s are left to the regex engine.
//!
//! Gates: most patterns need one of a few words somewhere in their match
//! ("universitet", "kommun", a list of verbs) but open with a class, where
//! the regex crate finds no literal to skip ahead with. [`Pat`] derives that
//! set of required literals from the pattern itself ([`required_literals`])
//! and looks for them first with one Aho-Corasick pass: a text without any
//! of them cannot match, and most texts hold none of most patterns' words.
use aho_corasick::AhoCorasick;
use regex::Regex;
use regex_syntax::hir::{Hir, HirKind};

/// A compiled pattern; see the module documentation.
pub(crate) struct Pat {
    re: Regex,
    source: String,
    lead: bool,
    trail: bool,
    /// Literals one of which every match contains, when the pattern has
    /// such a set worth looking for (module documentation).
    gate: Option<AhoCorasick>,
    /// Whether no match can hold a line break, so that only the lines with
    /// one of the gate's literals need a search.
    one_line: bool,
    /// The pattern's place in the [`GateSet`] that gates it with others.
    slot: Option<usize>,
    /// The gate's literals, kept for a [`GateSet`].
    literals: Vec<Vec<u8>>,
}

/// A match, in the coordinates of the whole text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Hit<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// The groups of a match; group 0 is cut to the pattern's own end.
pub(crate) struct Caps<'t> {
    caps: regex::Captures<'t>,
    text: &'t str,
    end0: usize,
}

impl<'t> Caps<'t> {
    pub fn get(&self, i: usize) -> Option<Hit<'t>> {
        let m = self.caps.get(i)?;
        Some(Hit {
            text: self.text,
            start: m.start(),
            end: if i == 0 { self.end0 } else { m.end() },
        })
    }
}

/// Latin Extended-A and -B, Latin Extended Additional: letters only.
const LATIN_EXTENDED: &str = r"\x{100}-\x{24F}\x{1E00}-\x{1EFF}";

/// The Latin-script part of a Unicode class, as class items.
fn latin(class: &str) -> Option<String> {
    let (latin1, extended) = match class {
        "Lu" => ("A-ZÀ-ÖØ-Þ", true),
        "Ll" => ("a-zµß-öø-ÿ", true),
        "L" => ("A-Za-zªµºÀ-ÖØ-öø-ÿ", true),
        "N" => ("0-9²³¹¼-¾", false),
        "d" => ("0-9", false),
        // letters, marks, decimal digits and the connector `_`
        "w" => (r"0-9A-Z_a-zªµºÀ-ÖØ-öø-ÿ\x{300}-\x{36F}", true),
        _ => return None,
    };
    Some(if extended {
        format!("{latin1}{LATIN_EXTENDED}")
    } else {
        latin1.to_string()
    })
}

/// A pattern with its Unicode classes `\p{Lu}`, `\p{Ll}`, `\p{L}`, `\p{N}`,
/// `\w`, `\W` and `\d` narrowed to the Latin script (module documentation).
/// A narrowed class is a nested class, so it works inside brackets too.
pub(crate) fn narrow(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let esc = &rest[i + 1..];
        let mut chars = esc.chars();
        let Some(c) = chars.next() else {
            out.push('\\');
            rest = esc;
            break;
        };
        let (class, negated, len) = match c {
            'p' if esc.starts_with("p{") => match esc.find('}') {
                Some(end) => (&esc[2..end], false, end + 1),
                None => ("", false, 1),
            },
            'w' | 'd' => (&esc[..1], false, 1),
            'W' => ("w", true, 1),
            _ => ("", false, c.len_utf8()),
        };
        match latin(class) {
            Some(items) => {
                out.push_str(if negated { "[^" } else { "[" });
                out.push_str(&items);
                out.push(']');
            }
            None => {
                out.push('\\');
                out.push_str(&esc[..len]);
            }
        }
        rest = &esc[len..];
    }
    out.push_str(rest);
    out
}

/// Unicode `\w`, as the regex crate defines it.
fn is_word(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

fn boundary_at(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back().is_some_and(is_word);
    let after = text[i..].chars().next().is_some_and(is_word);
    before != after
}

impl Pat {
    /// Compiles a pattern of the extractor. A bad one is a programming
    /// error, caught by every test run.
    pub fn new(pattern: &str) -> Pat {
        let mut body = pattern;
        let lead = body.starts_with(r"\b");
        if lead {
            body = &body[2..];
        }
        let trail = body.ends_with(r"\b") && !body.ends_with(r"\\b");
        if trail {
            body = &body[..body.len() - 2];
        }
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&narrow(body))
            .ok();
        let literals = hir
            .as_ref()
            .and_then(required_literals)
            .filter(|l| worth_a_gate(l))
            .unwrap_or_default();
        let compiled = match (lead || trail, trail) {
            (false, _) => body.to_string(),
            (true, false) => format!("(?:{body})"),
            (true, true) => format!(r"(?:{body})(?:\W|\z)"),
        };
        Pat {
            re: compile(&compiled),
            source: pattern.to_string(),
            lead,
            trail,
            gate: gate(&literals),
            literals,
            slot: None,
            one_line: hir.as_ref().is_some_and(|h| !may_match_newline(h)),
        }
    }

    /// The spans of the text a match can lie in, in order: all of it without
    /// a gate; none when the gate's literals are absent; with a one-line
    /// pattern, each line that holds one of them (without its line break).
    fn windows(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(g) = &self.gate else {
            return vec![(0, text.len())];
        };
        if !self.one_line {
            return if g.is_match(text) {
                vec![(0, text.len())]
            } else {
                Vec::new()
            };
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for m in g.find_iter(text) {
            if out.last().is_some_and(|&(_, end)| m.start() < end) {
                continue;
            }
            out.push(line_around(text, m.start()));
        }
        out
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The end of the pattern's own match, without the trailing guard.
    fn own_end(&self, text: &str, end: usize) -> usize {
        if !self.trail {
            return end;
        }
        match text[..end].chars().next_back() {
            Some(c) if !is_word(c) => end - c.len_utf8(),
            _ => end,
        }
    }

    /// The next position after `i` where a leading `\b` can hold.
    fn next_boundary(text: &str, i: usize) -> usize {
        let mut j = i;
        for c in text[i..].chars() {
            j += c.len_utf8();
            if boundary_at(text, j) {
                return j;
            }
        }
        text.len() + 1
    }

    /// Where to search next after a match `start..end`.
    fn resume(text: &str, start: usize, end: usize) -> usize {
        if end > start {
            end
        } else {
            end + text[end..].chars().next().map_or(1, char::len_utf8)
        }
    }

    /// The leftmost-first matches, as `Regex::find_iter` would give them
    /// (the extractor gates its patterns in sets: [`Pat::find_iter_in`]).
    #[cfg(test)]
    pub fn find_iter<'p, 't>(&'p self, text: &'t str) -> impl Iterator<Item = Hit<'t>> + 'p
    where
        't: 'p,
    {
        self.find_windows(text, self.windows(text))
    }

    /// [`Pat::find_iter`] with the windows of a [`GateSet`]'s pass.
    pub fn find_iter_in<'p, 't>(
        &'p self,
        text: &'t str,
        g: &GateHits,
    ) -> impl Iterator<Item = Hit<'t>> + 'p
    where
        't: 'p,
    {
        self.find_windows(text, g.windows(self, text))
    }

    fn find_windows<'p, 't>(
        &'p self,
        text: &'t str,
        w: Vec<(usize, usize)>,
    ) -> impl Iterator<Item = Hit<'t>> + 'p
    where
        't: 'p,
    {
        self.scan(text, w, move |end, pos| {
            let m = self.re.find_at(&text[..end], pos)?;
            Some((m.start(), m.end(), ()))
        })
        .map(move |(start, end, ())| Hit { text, start, end })
    }

    /// The leftmost-first matches with their groups.
    pub fn captures_iter<'p, 't>(&'p self, text: &'t str) -> impl Iterator<Item = Caps<'t>> + 'p
    where
        't: 'p,
    {
        self.captures_windows(text, self.windows(text))
    }

    /// [`Pat::captures_iter`] with the windows of a [`GateSet`]'s pass.
    pub fn captures_iter_in<'p, 't>(
        &'p self,
        text: &'t str,
        g: &GateHits,
    ) -> impl Iterator<Item = Caps<'t>> + 'p
    where
        't: 'p,
    {
        self.captures_windows(text, g.windows(self, text))
    }

    fn captures_windows<'p, 't>(
        &'p self,
        text: &'t str,
        w: Vec<(usize, usize)>,
    ) -> impl Iterator<Item = Caps<'t>> + 'p
    where
        't: 'p,
    {
        self.scan(text, w, move |end, pos| {
            let caps = self.re.captures_at(&text[..end], pos)?;
            let m = caps.get(0)?;
            Some((m.start(), m.end(), caps))
        })
        .map(move |(_, end0, caps)| Caps { caps, text, end0 })
    }

    /// The search loop over the text's windows ([`Pat::windows`]):
    /// `search(end, pos)` finds the regex's next match from `pos` in the
    /// text cut at the window's end; a match that breaks the leading `\b`
    /// restarts at the next boundary. Yields (start, own end, payload).
    ///
    /// A window ends at a line break or at the text's end, so cutting the
    /// haystack there changes no match of a pattern that cannot hold a line
    /// break: a trailing guard meets `\z` where it met the break, and the
    /// guard is cut off the match either way.
    fn scan<'p, 't, T: 'p>(
        &'p self,
        text: &'t str,
        windows: Vec<(usize, usize)>,
        search: impl Fn(usize, usize) -> Option<(usize, usize, T)> + 'p,
    ) -> impl Iterator<Item = (usize, usize, T)> + 'p
    where
        't: 'p,
    {
        let mut windows = windows.into_iter();
        let mut window = windows.next();
        let mut pos = window.map_or(0, |w| w.0);
        std::iter::from_fn(move || {
            while let Some((start_w, end_w)) = window {
                pos = pos.max(start_w);
                if pos > end_w {
                    window = windows.next();
                    continue;
                }
                let Some((start, end, payload)) = search(end_w, pos) else {
                    window = windows.next();
                    continue;
                };
                if self.lead && !boundary_at(text, start) {
                    pos = Self::next_boundary(text, start);
                    continue;
                }
                pos = Self::resume(text, start, end);
                return Some((start, self.own_end(text, end), payload));
            }
            None
        })
    }

    /// The first match's groups.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Caps<'t>> {
        self.captures_iter(text).next()
    }
}

/// The fewest literals worth a gate: shorter ones occur in nearly every
/// text, and more of them cost more than the search they would spare.
const GATE_MIN_LEN: usize = 2;
const GATE_MAX_LITERALS: usize = 400;

/// The gates of many patterns in one Aho-Corasick pass: a text's pass
/// ([`GateSet::scan`]) gives each pattern the lines its literals are on.
pub(crate) struct GateSet {
    ac: Option<AhoCorasick>,
    /// each literal's pattern slot
    owner: Vec<usize>,
}

/// One text's pass of a [`GateSet`]: (slot, window) pairs in text order.
pub(crate) struct GateHits {
    hits: Vec<(usize, usize, usize)>,
    /// the text's identity, so that another text's pass is never used
    text: (usize, usize),
}

impl GateSet {
    /// Gathers the gates of `pats`, giving each gated one its slot.
    pub fn new(pats: &mut [&mut Pat]) -> GateSet {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owner = Vec::new();
        for (slot, p) in pats.iter_mut().enumerate() {
            if p.literals.is_empty() {
                continue;
            }
            p.slot = Some(slot);
            for l in &p.literals {
                literals.push(l.clone());
                owner.push(slot);
            }
        }
        // a DFA: built once, it is the fastest for overlapping searches
        let ac = if literals.is_empty() {
            None
        } else {
            aho_corasick::AhoCorasickBuilder::new()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&literals)
                .ok()
        };
        GateSet { ac, owner }
    }

    /// The lines of `text` holding each pattern's literals.
    pub fn scan(&self, text: &str) -> GateHits {
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        let mut line = (usize::MAX, 0);
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                if !(line.0 <= m.start() && m.start() <= line.1) {
                    line = line_around(text, m.start());
                }
                let slot = self.owner[m.pattern().as_usize()];
                if !hits
                    .iter()
                    .rev()
                    .take_while(|h| h.1 == line.0)
                    .any(|h| h.0 == slot)
                {
                    hits.push((slot, line.0, line.1));
                }
            }
        }
        GateHits {
            hits,
            text: (text.as_ptr() as usize, text.len()),
        }
    }
}

impl GateHits {
    /// A pattern's windows in this pass: as [`Pat::windows`] gives them.
    fn windows(&self, p: &Pat, text: &str) -> Vec<(usize, usize)> {
        let Some(slot) = p
            .slot
            .filter(|_| self.text == (text.as_ptr() as usize, text.len()))
        else {
            return p.windows(text);
        };
        let mut mine = self.hits.iter().filter(|h| h.0 == slot).map(|h| (h.1, h.2));
        if !p.one_line {
            return mine.next().map(|_| (0, text.len())).into_iter().collect();
        }
        let mut out: Vec<(usize, usize)> = mine.collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The line holding byte `pos`, without its line break.
fn line_around(text: &str, pos: usize) -> (usize, usize) {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    (start, end)
}

/// Whether a set of required literals is worth looking for first.
fn worth_a_gate(lits: &[Vec<u8>]) -> bool {
    !lits.is_empty()
        && lits.len() <= GATE_MAX_LITERALS
        && lits.iter().all(|l| l.len() >= GATE_MIN_LEN)
}

/// The gate of a pattern: an automaton over its required literals, or none
/// when it has no usable set.
fn gate(literals: &[Vec<u8>]) -> Option<AhoCorasick> {
    if literals.is_empty() {
        return None;
    }
    AhoCorasick::new(literals).ok()
}

/// A set of literals one of which every match of `hir` contains, or `None`
/// when the pattern has no such set (a class or an optional part only).
/// Of a concatenation's parts it takes the set with the longest shortest
/// literal; an alternation needs one from each branch.
pub(crate) fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(l) => Some(vec![l.0.to_vec()]),
        HirKind::Capture(c) => required_literals(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required_literals(&r.sub),
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(required_literals(b)?);
            }
            all.sort();
            all.dedup();
            Some(all)
        }
        HirKind::Concat(parts) => {
            // adjacent literals ("[ ]" then "kommun") are one longer literal
            let mut best: Option<Vec<Vec<u8>>> = None;
            let mut run: Vec<u8> = Vec::new();
            let consider = |set: Vec<Vec<u8>>, best: &mut Option<Vec<Vec<u8>>>| {
                let key = |s: &[Vec<u8>]| {
                    (
                        s.iter().map(Vec::len).min().unwrap_or(0),
                        std::cmp::Reverse(s.len()),
                    )
                };
                if best.as_ref().is_none_or(|b| key(&set) > key(b)) {
                    *best = Some(set);
                }
            };
            for p in parts {
                if let HirKind::Literal(l) = p.kind() {
                    run.extend_from_slice(&l.0);
                    continue;
                }
                if !run.is_empty() {
                    consider(vec![std::mem::take(&mut run)], &mut best);
                }
                if let Some(set) = required_literals(p) {
                    consider(set, &mut best);
                }
            }
            if !run.is_empty() {
                consider(vec![run], &mut best);
            }
            best
        }
        _ => None,
    }
}

/// Whether some match of `hir` may hold a line break: a literal or class
/// with one (look-arounds such as `(?m)^` match none).
fn may_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(regex_syntax::hir::Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(regex_syntax::hir::Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => may_match_newline(&r.sub),
        HirKind::Capture(c) => may_match_newline(&c.sub),
        HirKind::Concat(xs) | HirKind::Alternation(xs) => xs.iter().any(may_match_newline),
    }
}

/// Compiles one of the extractor's own patterns, its Unicode classes
/// narrowed to the Latin script ([`pattern::narrow`]). They are constants of
/// the program, so a bad one is a programming error, caught by every test run.
pub fn compile(pattern: &str) -> regex::Regex {
    regex::Regex::new(&narrow(pattern)).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A match and its first group.
    type Spans = (usize, usize, Option<(usize, usize)>);

    #[test]
    fn narrowed_classes_are_the_unicode_ones_on_latin_text() {
        // every character up to the end of Latin Extended Additional, and
        // some of other scripts
        let chars: Vec<char> = (0u32..0x1F00)
            .chain([0x391, 0x3B1, 0x416, 0x436, 0x5D0, 0x661, 0x4E2D])
            .filter_map(char::from_u32)
            .collect();
        for class in [
            r"\p{Lu}", r"\p{Ll}", r"\p{L}", r"\p{N}", r"\w", r"\W", r"\d",
        ] {
            let unicode = Regex::new(&format!("^{class}$")).unwrap();
            let narrowed = Regex::new(&format!("^{}$", narrow(class))).unwrap();
            for &c in &chars {
                let s = c.to_string();
                let (u, n) = (unicode.is_match(&s), narrowed.is_match(&s));
                let cp = c as u32;
                let mark = (0x300..0x370).contains(&cp);
                let extended = (0x100..0x250).contains(&cp) || (0x1E00..0x1F00).contains(&cp);
                let expected = if cp < 0x100 || (mark && class.ends_with(['w', 'W'])) {
                    // exact in Latin-1, and for \w on combining marks
                    u
                } else if extended {
                    // every extended-Latin letter is a letter of either case
                    !matches!(class, r"\p{N}" | r"\d" | r"\W")
                } else {
                    // other scripts have no letters or digits here
                    class == r"\W"
                };
                assert_eq!(n, expected, "{class} on {c:?} U+{cp:04X}");
            }
        }
    }

    #[test]
    fn narrowing_leaves_other_escapes_and_works_inside_brackets() {
        assert_eq!(narrow(r"\s+\.\\p{L}\b\z"), r"\s+\.\\p{L}\b\z");
        assert_eq!(narrow(r"\p{Greek}"), r"\p{Greek}");
        let re = Regex::new(&narrow(r"^[^\p{L}\p{N}]+$")).unwrap();
        assert!(re.is_match(" ,.-"));
        assert!(!re.is_match("a"));
        assert!(!re.is_match("7"));
        let re = Regex::new(&narrow(r"^[\w-]+$")).unwrap();
        assert!(re.is_match("Åsa-Britt_Łukasz"));
        // a trailing backslash is kept (and rejected by the regex crate)
        assert_eq!(narrow("a\\"), "a\\");
    }

    /// Every pattern shape the extractor uses gives the regex crate's own
    /// matches.
    #[test]
    fn same_matches_as_the_regex_crate() {
        let texts = [
            "Vårdförbundet och Vårdförbundets ordförande; Akademikerförbundet SSR:s kongress",
            "öVision Östra Göteborg, Östra Malmö. Mälardalens universitet och Umeå universitetet",
            "Anna Berg på Socialstyrelsen talade på Folkets hus i Östersund, enhetschef Åsa Ögren",
            "ÅÄÖ åäö Åsa-Britt Ek, socialsekreterare på Region Skåne. Stockholms stad AB",
            "Lisa Ekström AB-konsult, Insight Days och Socionomdagarna 2025",
            "",
            "ö",
            "Rubrik\nAnna Berg på Socialstyrelsen\n\nVårdförbundet i Umeå\nRegion Skåne",
            "Föreningen\nUmeå universitet\n",
        ];
        let patterns = [
            r"\b\p{Lu}\p{L}*förbundet\b",
            r"\b(?:Östra|Västra|Norra|Södra)[ ](\p{Lu}\p{Ll}+)\b",
            r"(?:\p{Lu}[\p{L}\p{N}]*[ ]){1,3}(?:universitet|universitetet)\b",
            r"\b(\p{Ll}[\p{L}-]+)[ ](\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:[ ]\p{Lu}\p{Ll}+){1,2})\b",
            r"\bRegion[ ]\p{Lu}\p{L}+",
            r"\p{Lu}\p{L}+[ ](?:AB|Day|Days)\b",
            r"\b\p{L}",
            r"\p{L}+\b",
            // may cross a line: gated on the whole text
            r"\b(?:Föreningen|Rubrik)\s+(\p{Lu}\p{L}+)",
            r"(?m)^(\p{Lu}\p{L}+)[ ]\p{Lu}\p{L}+$",
        ];
        let mut gated: Vec<Pat> = patterns.iter().map(|p| Pat::new(p)).collect();
        let set = GateSet::new(&mut gated.iter_mut().collect::<Vec<_>>());
        for (p, in_set) in patterns.into_iter().zip(&gated) {
            let ours = Pat::new(p);
            let theirs = Regex::new(p).unwrap();
            for t in texts {
                let a: Vec<Spans> = ours
                    .captures_iter(t)
                    .map(|c| {
                        let m = c.get(0).unwrap();
                        (m.start(), m.end(), c.get(1).map(|g| (g.start(), g.end())))
                    })
                    .collect();
                let b: Vec<Spans> = theirs
                    .captures_iter(t)
                    .map(|c| {
                        let m = c.get(0).unwrap();
                        (m.start(), m.end(), c.get(1).map(|g| (g.start(), g.end())))
                    })
                    .collect();
                assert_eq!(a, b, "pattern {p} on {t:?}");
                let g = set.scan(t);
                let c: Vec<Spans> = in_set
                    .captures_iter_in(t, &g)
                    .map(|c| {
                        let m = c.get(0).unwrap();
                        (m.start(), m.end(), c.get(1).map(|g| (g.start(), g.end())))
                    })
                    .collect();
                assert_eq!(c, b, "pattern {p} in a gate set on {t:?}");
                let a: Vec<(usize, usize)> =
                    ours.find_iter(t).map(|m| (m.start(), m.end())).collect();
                let b: Vec<(usize, usize)> =
                    theirs.find_iter(t).map(|m| (m.start(), m.end())).collect();
                assert_eq!(a, b, "pattern {p} on {t:?}");
            }
        }
    }

    fn literals(p: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&narrow(p))
            .unwrap();
        required_literals(&hir).map(|v| {
            v.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
    }

    #[test]
    fn required_literals_of_pattern_shapes() {
        // a word after a class: the word with the space before it
        assert_eq!(
            literals(r"(\p{Lu}\p{Ll}+)[ ]kommun\b"),
            Some(vec![" kommun".to_string()])
        );
        // an alternation needs one of each branch
        assert_eq!(
            literals(r"\b(?:Föreningen|Stiftelsen)[ ]\p{Lu}"),
            Some(vec!["Föreningen".to_string(), "Stiftelsen".to_string()])
        );
        // of two required parts, the one with the longer shortest literal
        assert_eq!(
            literals(r"(?:ab|cd)[ ]\p{L}+[ ](?:universitet|högskola)"),
            Some(vec!["högskola".to_string(), "universitet".to_string()])
        );
        // an optional word or a bare class requires nothing
        assert_eq!(literals(r"\p{Lu}\p{L}*(?:[ ]län)?"), None);
        assert_eq!(literals(r"(?:kommun)*\p{L}"), None);
        // a branch without a literal leaves the alternation without a set
        assert_eq!(literals(r"(?:kommun|\p{Lu}+)"), None);
    }

    #[test]
    fn a_text_without_the_literals_is_not_searched() {
        let p = Pat::new(r"\b\p{Lu}\p{L}*förbundet\b");
        assert!(p.gate.is_some() && p.one_line);
        assert!(p.windows("Anna Berg talade i Umeå.").is_empty());
        let text = "Rubrik\nVi i Vårdförbundet säger nej.\nSlut";
        assert_eq!(p.windows(text), vec![(7, 39)]);
        let hits: Vec<&str> = p.find_iter(text).map(|h| h.as_str()).collect();
        assert_eq!(hits, ["Vårdförbundet"]);
        // a pattern that may cross a line is searched over the whole text
        let q = Pat::new(r"Föreningen\s+\p{Lu}\p{L}+");
        assert!(!q.one_line);
        assert_eq!(q.windows("x\nFöreningen\nStöd"), vec![(0, 19)]);
    }
}
