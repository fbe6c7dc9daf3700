//! Where people work when no apposition says it: titles around a name and
//! the employer ranked among the article's organisations, titles around an
//! organisation, people "från" a body, organisations in brackets.
//!
//! Swedish news names a person with a title before the name ("socialchef
//! Eva Lind", "kommundirektören Ola Ek"), after it ("säger Eva Lind,
//! socialchef", "Eva Lind (S), kommunalråd", "Eva Lind blir ny socialchef")
//! and often leaves the employer to the article's subject. The employer is
//! chosen among the document's organisations by ranked cues, each recorded
//! in the rule id: the one organisation of the sentence (`same-sentence`),
//! or the one the title and the article point to (`document-focus`): how
//! often and how early it is named, and whether the title fits its kind
//! (data/role_employers.tsv: a "förbundsordförande" works at a union, a
//! "socialchef" at the social services unit when one is named).
use super::context::{best_role_prefix, normalise_role, Ctx};
use super::lexicon::{Lexicon, UnitLevel};
use crate::facts::Lower;
use crate::facts::{EntityType, Predicate};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

struct Rx {
    title_prep_end: Regex,
    from_org: Regex,
    party: Regex,
    age: Regex,
    after_comma: Regex,
    after_verb: Regex,
    retired: Regex,
}

fn rx() -> &'static Rx {
    static R: OnceLock<Rx> = OnceLock::new();
    R.get_or_init(|| {
        let r = super::pattern::compile;
        Rx {
            // "kommunjuristen i " before an organisation: a title and its preposition
            title_prep_end: r(r"(?:^|[\s(,–-])(?P<role>(?:\p{Ll}+\s+){0,2}\p{L}[\p{Ll}-]+)\s+(?:i|på|vid|för|hos|inom)\s+$"),
            // " och B från ", " från ": between a name and an organisation
            from_org: r(r"^\s+från\s+$"),
            // ", som gått i pension" right after a name
            retired: r(r"^\s*,?\s+som\s+(?:har\s+|hade\s+|nu\s+)?(?:gått|gick)\s+i\s+pension"),
            // "(S)", "(KD)", "(fr. v.)": a bracket after the name
            party: r(r"^\s*\([^()\n]{1,12}\)"),
            // ", 58," an age between name and title
            age: r(r"^\s*,\s*\d{1,3}\s*(?:år\s*)?,"),
            after_comma: r(r"^\s*,\s*(?P<phrase>[\p{L}][\p{L}\s.-]{1,80})"),
            after_verb: r(r"^\s*,?\s+(?:som\s+)?(?:(?:idag|i\s+dag|nu|numera|sedan\s+\d{4})\s+)?(?:är|blir|blev|har\s+blivit|utses\s+till|utsågs\s+till|anställs\s+som|anställdes\s+som|arbetar\s+som|jobbar\s+som)\s+(?:(?:nu|numera|idag|i\s+dag|ny|nya|nye|nyvald|nyvalda|också|även)\s+)*(?P<phrase>[\p{L}][\p{L}\s.-]{1,80})"),
        }
    })
}

/// The kinds of body a title prefers (data/role_employers.tsv).
fn role_kinds() -> &'static Vec<(String, String)> {
    static K: OnceLock<Vec<(String, String)>> = OnceLock::new();
    K.get_or_init(|| {
        include_str!("data/role_employers.tsv")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (a, b) = l.split_once('\t')?;
                Some((a.to_string(), b.trim().to_string()))
            })
            .collect()
    })
}

/// The title written just before a name: up to four lower-case words
/// ("biträdande socialchef", "regeringens nationella samordnare"), or one
/// capitalised title opening the sentence or line ("Socialchef Eva Lind").
pub(super) fn title_before(text: &str, start: usize, sentence_start: usize) -> Option<String> {
    let before = &text[sentence_start..start];
    if !before.ends_with(' ') || before.ends_with("  ") {
        return None;
    }
    // the last five words, last first: four can make a title, and a fifth
    // tells whether the fourth opens the sentence
    let rev: Vec<&str> = before.split_whitespace().rev().take(5).collect();
    let lex = Lexicon::get();
    let last = *rev.first()?;
    if !last.chars().all(|c| c.is_alphabetic() || c == '-') || lex.role_base(last).is_none() {
        return None;
    }
    let opens = rev.len() == 1;
    let cap = last.chars().next().is_some_and(char::is_uppercase);
    if cap && !opens {
        return None;
    }
    // the longest run of modifiers ending in the title ("biträdande
    // socialchef"); any other word ends it ("neka undersköterskan")
    let mut best = normalise_role(last);
    for n in 2..=4.min(rev.len()) {
        let w = rev[n - 1];
        if !modifiers().contains(w.lower().as_str()) || (w != w.lower() && n < rev.len()) {
            break;
        }
        let phrase: Vec<&str> = rev[..n].iter().rev().copied().collect();
        if let Some(r) = normalise_role(&phrase.join(" ")) {
            best = Some(r);
        }
    }
    best
}

/// Whether the title before a name is marked as a past post: "tidigare",
/// "förre", "före detta", "f.d.", "dåvarande" just before the title.
fn former_title(text: &str, sentence_start: usize, name_start: usize) -> bool {
    let before = text[sentence_start..name_start].trim_end();
    let mut words = before.rsplit(' ');
    let _title = words.next();
    let prev: Vec<String> = words.take(2).map(str::to_lowercase).collect();
    prev.iter().any(|w| {
        matches!(
            w.as_str(),
            "tidigare" | "förre" | "f.d." | "dåvarande" | "detta"
        )
    })
}

/// Words that may stand before a title as part of it (data/role_modifiers.txt).
fn modifiers() -> &'static HashSet<&'static str> {
    static M: OnceLock<HashSet<&'static str>> = OnceLock::new();
    M.get_or_init(|| {
        include_str!("data/role_modifiers.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// The title written just after a name: ", socialchef", " (S), kommunalråd",
/// ", 58, blir interim socialchef", " som är enhetschef".
pub(super) fn title_after(text: &str, end: usize, sentence_end: usize) -> Option<(String, bool)> {
    let x = rx();
    let mut rest = &text[end..sentence_end.max(end)];
    if let Some(m) = x.party.find(rest) {
        rest = &rest[m.end()..];
        // "Eva Lind (S) kommunalråd": a title may follow the bracket directly
        let phrase = clause(rest.trim_start_matches([' ', ',']));
        if let Some(r) = title_phrase(&phrase) {
            return Some(r);
        }
    }
    if let Some(m) = x.age.find(rest) {
        // keep the comma that follows the age: ", 58, socialchef"
        rest = &rest[m.end() - 1..];
    }
    for re in [&x.after_comma, &x.after_verb] {
        if let Some(c) = re.captures(rest) {
            if let Some(r) = c
                .name("phrase")
                .and_then(|p| title_phrase(&clause(p.as_str())))
            {
                return Some(r);
            }
        }
    }
    None
}

/// The phrase up to the first clause boundary.
fn clause(s: &str) -> String {
    let mut out = Vec::new();
    for w in s.split_whitespace() {
        let stop = w.ends_with([',', '.', ';', ':', '!', '?']);
        let w = w.trim_end_matches([',', '.', ';', ':', '!', '?']);
        if matches!(
            w,
            "och" | "som" | "säger" | "sa" | "menar" | "berättar" | "från" | "med" | "till"
        ) || w.chars().any(|c| c.is_ascii_digit())
        {
            break;
        }
        out.push(w);
        if stop || out.len() >= 6 {
            break;
        }
    }
    out.join(" ")
}

/// A title at the start of a phrase, and whether a preposition follows it
/// ("chef för enheten X": the text names an employer, found or not).
fn title_phrase(phrase: &str) -> Option<(String, bool)> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = *words.first()?;
    // a capitalised word other than a title is a name or an organisation
    if first.chars().next().is_some_and(char::is_uppercase)
        && Lexicon::get().role_base(first).is_none()
    {
        return None;
    }
    // "tillförordnad socialchef i X": the preposition ends the title
    let is_prep = |w: &str| matches!(w, "i" | "på" | "vid" | "för" | "hos" | "inom" | "av");
    let cut: Vec<&str> = words.iter().copied().take_while(|w| !is_prep(w)).collect();
    let role = best_role_prefix(&cut.join(" ").lower())?;
    // the word after the preposition names a body when it is a name or a
    // definite noun ("för Socialt stöd", "vid enheten", "för individ- och
    // familjeomsorgen"); "kommunalråd i opposition" names none
    // (or an owner's genitive: "på pingstkyrkans second hand")
    let names_body = words.get(cut.len() + 1).is_some_and(|w| {
        let w = w.trim_end_matches([',', '.', ';', ':']);
        w.chars().next().is_some_and(char::is_uppercase)
            || w.ends_with('-')
            || ["en", "et", "na", "an", "ens", "ets", "nas", "ans"]
                .iter()
                .any(|e| w.ends_with(e))
    });
    Some((role, names_body))
}

/// The kind a title prefers, if any: the longest word part that fits
/// ("socialborgarråd" is a municipal office, not a social services unit).
fn preferred_kind(role: &str) -> Option<&'static str> {
    role_kinds()
        .iter()
        .filter(|(frag, _)| role.contains(frag.as_str()))
        .max_by_key(|(frag, _)| frag.len())
        .map(|(_, k)| k.as_str())
}

fn fits(kind: &str, etype: EntityType, name: &str) -> bool {
    let board = Lexicon::get().unit_level(name) == Some(UnitLevel::Board);
    match kind {
        "union" => etype == EntityType::Union,
        "municipality" => etype == EntityType::Municipality,
        "region" => etype == EntityType::Region,
        "agency" => etype == EntityType::GovernmentAgency,
        "government" => etype == EntityType::GovernmentAgency && name.lower() == "regeringen",
        "board" => etype == EntityType::Organization && board,
        k => k.strip_prefix("unit:").is_some_and(|w| {
            etype == EntityType::Organization && !board && name.lower().contains(w)
        }),
    }
}

/// worksAt for people with a title and no employer found by another rule.
pub(super) fn titled_people(cx: &mut Ctx) {
    let r = cx.r;
    let text = cx.text;
    let x = rx();
    let employed: HashSet<usize> = cx
        .out
        .iter()
        .filter(|x| {
            matches!(
                x.predicate,
                Predicate::WorksAt | Predicate::FormerlyWorkedAt
            )
        })
        .map(|x| x.subject)
        .collect();
    // salience of each organisation entity: mentions, and an early mention
    let mut salience: HashMap<usize, f32> = HashMap::new();
    let mut first_at: HashMap<usize, usize> = HashMap::new();
    for (m, mm) in r.mentions.iter().enumerate() {
        let Some(e) = cx.ent(m) else { continue };
        if mm.nested || !cx.etype(m).is_org() {
            continue;
        }
        *salience.entry(e).or_default() += 1.0;
        first_at.entry(e).or_insert(mm.start);
    }
    for (e, s) in salience.iter_mut() {
        if first_at[e] < 400 {
            *s += 2.0;
        }
    }
    // the organisations by salience, most salient first (ties: earliest entity)
    let mut ranked: Vec<(usize, f32)> = salience.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut done: HashSet<usize> = HashSet::new();
    // the title of a list's head carries to the names listed after it:
    // "fältassistenterna Eva Ek, Ola Berg och Lars Nyman"
    // each person's own title before the name, looked up once
    let mut own_titles: HashMap<usize, String> = HashMap::new();
    let list_roles: HashMap<usize, String> = {
        let mut m = HashMap::new();
        let mut carry: Option<(usize, String)> = None;
        for (p, pm) in r.mentions.iter().enumerate() {
            if cx.etype(p) != EntityType::Person || pm.nested {
                continue;
            }
            let inherited = carry
                .take()
                .filter(|(end, _)| {
                    matches!(&text[*end..pm.start.max(*end)], ", " | " och " | ", och ")
                })
                .map(|(_, role)| role);
            let own = title_before(text, pm.start, cx.sents[r.sentence_of[p]].start);
            match (own, inherited) {
                (Some(role), _) => {
                    own_titles.insert(p, role.clone());
                    carry = Some((pm.end, role));
                }
                (None, Some(role)) => {
                    m.insert(p, role.clone());
                    carry = Some((pm.end, role));
                }
                _ => {}
            }
        }
        m
    };
    for (p, pm) in r.mentions.iter().enumerate() {
        let Some(pe) = cx.ent(p) else { continue };
        if pm.nested
            || cx.etype(p) != EntityType::Person
            || pm.first_name_only
            || employed.contains(&pe)
            || done.contains(&pe)
        {
            continue;
        }
        let si = r.sentence_of[p];
        let s = cx.sents[si];
        let before = own_titles.get(&p).cloned();
        let titled_before = before.is_some();
        let role = before
            .map(|r| (r, false))
            .or_else(|| title_after(text, pm.end, s.end))
            .or_else(|| list_roles.get(&p).map(|r| (r.clone(), false)));
        let Some((role, names_body)) = role else {
            continue;
        };
        // a title followed by a preposition names its own body ("chef för
        // enheten X"): when no rule found that body, neither the sentence's
        // other organisation nor the article's focus is a safe guess
        if names_body {
            continue;
        }
        let kind = preferred_kind(&role);
        // the organisations of the sentence, other than those the person is
        // said to come from or go to
        // (a body after another title and "för" is what that person heads:
        // "B, chef för äldreomsorgen")
        let headed = |m: usize| {
            let before = text[..r.mentions[m].start].trim_end();
            before.strip_suffix(" för").is_some_and(|b| {
                let w = b.rsplit([' ', '\n']).next().unwrap_or("");
                Lexicon::get().role_base(w).is_some()
            })
        };
        let in_sentence: Vec<usize> = r.by_sentence[si]
            .iter()
            .copied()
            .filter(|&m| {
                !r.mentions[m].nested && cx.etype(m).is_org() && cx.ent(m).is_some() && !headed(m)
            })
            .collect();
        let sentence_orgs: HashSet<usize> = in_sentence.iter().filter_map(|&m| cx.ent(m)).collect();
        // the sentence's one organisation, unless the title points to
        // another kind and it is an agency, company or university
        let pick = if sentence_orgs.len() == 1 {
            in_sentence
                .first()
                .copied()
                .filter(|&m| {
                    let name = &r.entities[cx.ent(m).unwrap_or(0)].name;
                    kind.is_none_or(|k| fits(k, cx.etype(m), name))
                        || kind != Some("government")
                            && !matches!(
                                cx.etype(m),
                                EntityType::GovernmentAgency
                                    | EntityType::Company
                                    | EntityType::University
                            )
                })
                .map(|m| ("worksat.title-same-sentence", m, 0.6))
        } else {
            None
        };
        let pick = pick
            .or_else(|| focus(cx, &ranked, kind).map(|m| ("worksat.title-document-focus", m, 0.5)));
        // "den tidigare fältassistenten Eva Ek", "förre socialchefen Ola Berg":
        // a post the person held before
        // "socialdirektör Ola Berg, som gått i pension": a post left
        let retired = x.retired.is_match(&text[pm.end..s.end]);
        let former = titled_before && former_title(text, s.start, pm.start) || retired;
        if let Some((rule, o, conf)) = pick {
            if former {
                cx.add(
                    "former.title-before",
                    p,
                    Predicate::FormerlyWorkedAt,
                    o,
                    "",
                    conf,
                    si,
                );
            } else {
                cx.add(rule, p, Predicate::WorksAt, o, &role, conf, si);
            }
            done.insert(pe);
        }
    }
}

/// "Eva Ek (Linnéuniversitetet)", "kanslirådet Ola Berg (Socialdepartementet)":
/// an organisation in brackets right after a name is where the person works.
pub(super) fn bracketed_employers(cx: &mut Ctx) {
    let r = cx.r;
    let text = cx.text;
    for (p, pm) in r.mentions.iter().enumerate() {
        if pm.nested || cx.etype(p) != EntityType::Person || pm.first_name_only {
            continue;
        }
        let Some(rest) = text[pm.end..].strip_prefix(" (") else {
            continue;
        };
        let start = pm.end + 2;
        let Some(o) = (0..r.mentions.len()).find(|&m| {
            r.mentions[m].start == start && !r.mentions[m].nested && cx.etype(m).is_org()
        }) else {
            continue;
        };
        if !rest[r.mentions[o].end - start..].starts_with(')') {
            continue;
        }
        let si = r.sentence_of[p];
        let role = title_before(text, pm.start, cx.sents[si].start).unwrap_or_default();
        cx.add(
            "worksat.name-bracket-org",
            p,
            Predicate::WorksAt,
            o,
            &role,
            0.7,
            si,
        );
    }
}

/// Titles written around an organisation next to a name: "kommunjuristen i
/// Kungälv Mats Ek", "Vice ordförande i nämnden blir Ola Berg"; and people
/// introduced by the body they come from: "Eva Ek och Ola Berg från Vision".
pub(super) fn titles_around_organisations(cx: &mut Ctx) {
    let r = cx.r;
    let text = cx.text;
    let x = rx();
    for (si, s) in cx.sents.iter().enumerate() {
        let ms = cx.sentence_mentions(si);
        for (k, &p) in ms.iter().enumerate() {
            let pm = &r.mentions[p];
            if cx.etype(p) != EntityType::Person || pm.first_name_only || k == 0 {
                continue;
            }
            let o = ms[k - 1];
            let om = &r.mentions[o];
            if !cx.etype(o).is_org() && !om.city {
                continue;
            }
            let between = &text[om.end..pm.start];
            let direct = between == " ";
            let inverted = matches!(between, " blir " | " är " | " var " | " heter ");
            if !(direct || inverted) {
                continue;
            }
            let Some(c) = x.title_prep_end.captures(&text[s.start..om.start]) else {
                continue;
            };
            // the title with its modifiers only ("säger kommunjuristen i": the
            // title is "kommunjurist")
            let Some(role) = c.name("role").and_then(|g| {
                // just past the white space after the title (any width)
                let at = s.start + g.end();
                let ws = text[at..].chars().next().map_or(0, char::len_utf8);
                title_before(text, at + ws, s.start)
            }) else {
                continue;
            };
            let rule = if direct {
                "worksat.title-prep-org-name"
            } else {
                "worksat.title-prep-org-verb-name"
            };
            cx.add(rule, p, Predicate::WorksAt, o, &role, 0.75, si);
        }
        // "A och B från O"; a line that ends with "från" goes on with the
        // next one (a line wrap of a laid-out page)
        let mut ms = ms;
        if text[s.start..s.end].trim_end().ends_with(" från") {
            if let (Some(next), Some(&first)) = (
                cx.sents.get(si + 1),
                r.by_sentence.get(si + 1).and_then(|n| n.first()),
            ) {
                if r.mentions[first].start == next.start && cx.ent(first).is_some() {
                    ms.push(first);
                }
            }
        }
        for (k, &o) in ms.iter().enumerate() {
            if k == 0 || !cx.etype(o).is_org() {
                continue;
            }
            let prev = ms[k - 1];
            if cx.etype(prev) != EntityType::Person {
                continue;
            }
            if !x
                .from_org
                .is_match(&text[r.mentions[prev].end..r.mentions[o].start])
            {
                continue;
            }
            // the person and those listed before it
            let mut j = k - 1;
            loop {
                let p = ms[j];
                if cx.etype(p) != EntityType::Person || r.mentions[p].first_name_only {
                    break;
                }
                let role = title_before(text, r.mentions[p].start, s.start).unwrap_or_default();
                cx.add(
                    "worksat.person-from-org",
                    p,
                    Predicate::WorksAt,
                    o,
                    &role,
                    0.55,
                    si,
                );
                if j == 0 {
                    break;
                }
                let gap = &text[r.mentions[ms[j - 1]].end..r.mentions[p].start];
                if !matches!(gap, ", " | " och " | ", och ") {
                    break;
                }
                j -= 1;
            }
        }
    }
}

/// The organisation an article is about, for a title of this kind: the one
/// that fits the title's kind, else the one named most and earliest, when
/// it stands out (named at least twice, more than any other).
fn focus(cx: &Ctx, ranked: &[(usize, f32)], kind: Option<&str>) -> Option<usize> {
    let r = cx.r;
    let name_of = |e: usize| r.entities[e].name.as_str();
    let etype_of = |e: usize| r.entities[e].etype;
    let chosen = kind
        .and_then(|k| {
            ranked
                .iter()
                .find(|(e, _)| fits(k, etype_of(*e), name_of(*e)))
                .map(|&(e, _)| e)
        })
        // the government's posts have no other employer to fall back on
        .or_else(|| match ranked {
            _ if kind == Some("government") => None,
            [(e, s)] if *s >= 2.0 => Some(*e),
            [(e, s), (_, s2), ..] if *s >= 2.0 && *s >= s2 + 2.0 => Some(*e),
            _ => None,
        })
        // a municipal title ("enhetschef") whose unit the article does not
        // name: the article's one municipality, when it names only one
        .or_else(|| {
            kind.filter(|k| k.starts_with("unit:") || *k == "municipality")?;
            let mut munis = ranked
                .iter()
                .filter(|(e, _)| etype_of(*e) == EntityType::Municipality);
            let (m, _) = munis.next()?;
            munis.next().is_none().then_some(*m)
        })
        // without a kind of its own, a title points to a body that acts on
        // its own (a municipality, union, agency ...), not to one of its units
        .filter(|&e| {
            kind.is_some()
                || etype_of(e) != EntityType::Organization
                || Lexicon::get().unit_level(name_of(e)).is_none()
        })?;
    // a mention of the chosen entity, for the relation's object
    (0..r.mentions.len()).find(|&m| cx.ent(m) == Some(chosen) && !r.mentions[m].nested)
}
