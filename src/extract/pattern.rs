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
use regex::Regex;

/// A compiled pattern; see the module documentation.
pub(crate) struct Pat {
    re: Regex,
    source: String,
    lead: bool,
    trail: bool,
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
        }
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

    /// The leftmost-first matches, as `Regex::find_iter` would give them.
    pub fn find_iter<'p, 't>(&'p self, text: &'t str) -> impl Iterator<Item = Hit<'t>> + 'p
    where
        't: 'p,
    {
        self.scan(text, move |pos| {
            let m = self.re.find_at(text, pos)?;
            Some((m.start(), m.end(), ()))
        })
        .map(move |(start, end, ())| Hit { text, start, end })
    }

    /// The leftmost-first matches with their groups.
    pub fn captures_iter<'p, 't>(&'p self, text: &'t str) -> impl Iterator<Item = Caps<'t>> + 'p
    where
        't: 'p,
    {
        self.scan(text, move |pos| {
            let caps = self.re.captures_at(text, pos)?;
            let m = caps.get(0)?;
            Some((m.start(), m.end(), caps))
        })
        .map(move |(_, end0, caps)| Caps { caps, text, end0 })
    }

    /// The search loop: `search(pos)` finds the regex's next match from
    /// `pos`; a match that breaks the leading `\b` restarts at the next
    /// boundary. Yields (start, own end, payload).
    fn scan<'p, 't, T: 'p>(
        &'p self,
        text: &'t str,
        search: impl Fn(usize) -> Option<(usize, usize, T)> + 'p,
    ) -> impl Iterator<Item = (usize, usize, T)> + 'p
    where
        't: 'p,
    {
        let mut pos = 0;
        std::iter::from_fn(move || {
            while pos <= text.len() {
                let (start, end, payload) = search(pos)?;
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
        ];
        for p in patterns {
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
                let a: Vec<(usize, usize)> =
                    ours.find_iter(t).map(|m| (m.start(), m.end())).collect();
                let b: Vec<(usize, usize)> =
                    theirs.find_iter(t).map(|m| (m.start(), m.end())).collect();
                assert_eq!(a, b, "pattern {p} on {t:?}");
            }
        }
    }
}
