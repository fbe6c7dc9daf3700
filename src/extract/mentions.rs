//! Mention detection: finds the spans in a text that name a person,
//! organisation, place, event or initiative, with a type and a confidence.
//!
//! Candidates come from the gazetteers (aho-corasick), name patterns
//! (given-name lexicon, quote and caption contexts), word-shape rules for
//! organisations, units, events and initiatives; overlaps are settled by
//! priority and length. A second pass joins units and branches with the
//! body they belong to ("socialtjänsten i Malmö stad").
use super::lexicon::{GazEntry, Lexicon};
use super::pattern::{GateSet, Pat};
use crate::facts::EntityType;
use crate::facts::Lower;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::sync::OnceLock;

/// A span of text that names an entity.
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The text as written.
    pub surface: String,
    /// The text without a genitive ending.
    pub base: String,
    pub etype: EntityType,
    /// Canonical name from a gazetteer, if any.
    pub canon: Option<String>,
    /// A bare municipality name whose type (Place or Municipality) is decided
    /// by context.
    pub city: bool,
    pub genitive: bool,
    pub priority: u8,
    pub confidence: f32,
    /// The id of the rule that found it ("person.title-before").
    pub rule: &'static str,
    /// A lone given name: kept only as a back-reference to a full name.
    pub first_name_only: bool,
    /// Span of the mention of the body this one belongs to (partOf).
    pub parent: Option<(usize, usize)>,
    /// Span of the mention of the place this one is in (locatedIn / heldIn).
    pub located: Option<(usize, usize)>,
    /// Span of the mention of the organisation that runs this initiative.
    pub runner: Option<(usize, usize)>,
    /// Lies inside another mention.
    pub nested: bool,
    /// A unit word that names a body only when qualified.
    needs_complement: bool,
    /// Names a unit, department or district of a larger body.
    pub unit: bool,
}

impl Mention {
    fn new(
        rule: &'static str,
        text: &str,
        start: usize,
        end: usize,
        etype: EntityType,
        priority: u8,
        conf: f32,
    ) -> Self {
        let surface = text[start..end].to_string();
        let (base, genitive) = strip_genitive(&surface, etype);
        Mention {
            start,
            end,
            surface,
            base,
            etype,
            canon: None,
            city: false,
            genitive,
            priority,
            confidence: conf,
            rule,
            first_name_only: false,
            parent: None,
            located: None,
            runner: None,
            nested: false,
            needs_complement: false,
            unit: false,
        }
    }
}

/// Strips a genitive ending: "SSR:s" → "SSR", "Visions" → "Vision",
/// "Socionomdagarnas" → "Socionomdagarna". Persons and places keep their
/// final s unless it follows a colon.
pub fn strip_genitive(s: &str, etype: EntityType) -> (String, bool) {
    if let Some(b) = s.strip_suffix(":s") {
        return (b.to_string(), true);
    }
    if matches!(etype, EntityType::Event) {
        if let Some(b) = s.strip_suffix("nas") {
            return (format!("{b}na"), true);
        }
        if let Some(b) = s.strip_suffix("ns") {
            return (format!("{b}n"), true);
        }
    }
    (s.to_string(), false)
}

const CAPW: &str = r"\p{Lu}[\p{L}\p{N}]*(?:-\p{Lu}?[\p{L}\p{N}]+)*";

fn re(pattern: &str) -> Pat {
    Pat::new(&pattern.replace("CAPW", CAPW))
}

struct Patterns {
    university: Vec<Pat>,
    region: Pat,
    union_suffix: Pat,
    kommunalforbund: Pat,
    agency_suffix: Pat,
    company: Pat,
    forening: Pat,
    radio: Pat,
    fou: Pat,
    newspaper: Pat,
    event_english: Pat,
    event_title: Pat,
    event_rubric: Pat,
    heading_event: Pat,
    initiative_intro: Pat,
    event_intro: Pat,
    event_year: Pat,
    survey_subject: Pat,
    initiative_launch: Pat,
    initiative_numeric: Pat,
    initiative_compound: Pat,
    initiative_about: Pat,
    venue: Pat,
    context_person: Pat,
    role_before_person: Pat,
    person_before_role: Pat,
    credit: Pat,
    role_object: Pat,
    postal: Pat,
    any_kommun: Pat,
    event_about: Pat,
    compass_district: Pat,
    year: Pat,
    abbreviation: Pat,
    initiative_defined: Pat,
    initiative_dash: Pat,
    venue_label: Pat,
    /// every pattern's gate above, in one pass per text
    gates: GateSet,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let lex = Lexicon::get();
        let company_sfx: Vec<String> = lex.company_suffixes.iter().map(|s| regex::escape(s)).collect();
        // "projektet X" and, opening a sentence, "Projektet X"
        let both_cases = |words: &rustc_hash::FxHashSet<String>| -> Vec<String> {
            words
                .iter()
                .flat_map(|s| {
                    let mut cap = s.chars();
                    let upper: String = cap.next().map(|c| c.to_uppercase().chain(cap).collect()).unwrap_or_default();
                    [regex::escape(s), regex::escape(&upper)]
                })
                .collect()
        };
        let intro = both_cases(&lex.initiative_intro);
        let event_intro = both_cases(&lex.event_intro);
        let compounds: Vec<String> = lex.initiative_compounds.iter().map(|s| regex::escape(s)).collect();
        let venue: Vec<String> = lex.venue_suffixes.iter().map(|s| regex::escape(s)).collect();
        let quote: Vec<String> = lex.quote_verbs.iter().map(|s| regex::escape(s)).collect();
        let mut p = Patterns {
            university: vec![
                re(r"(?:CAPW[ ]){1,3}(?:högskola|Högskola|universitet|Universitet|University|Institutet|institutet)\b"),
                re(r"Högskolan(?:[ ]i)?[ ]CAPW"),
                re(r"\b\p{Lu}\p{L}*universitetet\b"),
            ],
            // regions and the county councils they were before 2020
            // ("Landstinget i Uppsala län", "Västerbottens läns landsting")
            region: re(r"\b(?:Region[ ]CAPW(?:[ ](?:län|Län))?|Landstinget[ ](?:i[ ])?CAPW(?:[ ]län)?|CAPW[ ]läns[ ]landsting)"),
            union_suffix: re(r"\b\p{Lu}\p{L}*förbundet\b"),
            // "Sydnärkes kommunalförbund", "Kommunförbundet Västernorrland",
            // "Skånes Kommuner": associations of municipalities
            kommunalforbund: re(r"\b(?:CAPW[ ]kommunalförbund|Kommunförbundet[ ]CAPW|\p{Lu}\p{Ll}+s[ ]Kommuner)\b"),
            agency_suffix: re(&format!(
                r"\b\p{{Lu}}\p{{L}}*(?:{})\b",
                super::lexicon::authority_suffixes()
                    .iter()
                    .filter(|(_, unknown)| *unknown)
                    .map(|(s, _)| *s)
                    .collect::<Vec<_>>()
                    .join("|")
            )),
            company: re(&format!(r"CAPW[ ](?:CAPW[ ]|&[ ]){{0,3}}(?:{})\b", company_sfx.join("|"))),
            forening: re(r"\b(?:Föreningen|Stiftelsen|Riksförbundet|Nätverket)[ ](?:CAPW(?:[ ]CAPW){0,3}|(?:för|mot)[ ]\p{Ll}+(?:[ ]\p{Ll}+)?)"),
            radio: re(r"\b(?:Radio|TV|SVT|P4)[ ]CAPW"),
            // a municipal or regional R&D unit: "FoU Helsingborg", "FoU i
            // Väst", "FoU-centrum Vård och omsorg"
            fou: re(r"\bFoU(?:-\p{Ll}+)?(?:[ ](?:i[ ])?CAPW){1,3}"),
            // newspapers by the words their names end with: "Eskilstuna-Kuriren",
            // "Sundsvalls Tidning", "Ystads Allehanda", "Gefle Dagblad"
            newspaper: re(r"\b(?:\p{Lu}\p{L}+-(?:Kuriren|Posten|Tidningen|Bladet|Nytt)|(?:CAPW[ ]){1,2}(?:Tidning|Tidningar|Allehanda|Dagblad|Nyheter|Läns[ ]Tidning|Correspondenten|Kuriren|Posten))\b"),
            event_english: re(r"(?:CAPW[ ]){1,4}(?:Day|Days|Week|Conference|Summit|Forum)\b"),
            event_title: re(r"(?m)^[ \t]*(\p{Lu}\p{L}*(?:konferens|konferensen|dag|dagen|seminarium|kongress|mässa|forum)[ ][–-][ ][^\n]{3,80}?)[ \t]*$"),
            event_rubric: re(r"\b(?:under|med)[ ](?:rubriken|temat|namnet)[ ](\p{Lu}[^.\n:;]{3,60}?)[.\n:;]"),
            heading_event: re(r"(?m)^[ \t]*(CAPW)[ ](\d{1,2}/\d{1,2})[ \t]*$"),
            initiative_intro: re(&format!(
                r"\b(?:{})[ ](\p{{Lu}}\p{{L}}+s[ ]\p{{Ll}}{{3,}}|CAPW(?:[ ]CAPW){{0,3}}|[”“„][^”“\n]{{2,60}}[”“]|\x22[^\x22\n]{{2,60}}\x22)",
                intro.join("|")
            )),
            event_intro: re(&format!(
                r"\b(?:{})[ ](CAPW(?:[ ]CAPW){{0,3}}|[”“„][^”“\n]{{2,60}}[”“]|\x22[^\x22\n]{{2,60}}\x22)",
                event_intro.join("|")
            )),
            // "Framtidens Karriär – Socionom genomförde 12–17 december 2018 en
            // undersökning": the capitalised name that opens a sentence and
            // ran a survey is an organisation
            survey_subject: re(r"(?m)(?:^|[.!?][ ]+)[ \t]*(CAPW(?:[ ](?:–[ ])?CAPW){1,4})[ ](?:har[ ])?(?:genomförde|genomfört|genomför|gjorde|gjort)[ ](?:[^.\n]{0,40}?[ ])?(?:en[ ])?(?:undersökning|enkät|kartläggning|mätning|studie)\b"),
            // "1968 års studiedagar i Jönköping", "2024 års konferens": a
            // yearly event named by its year
            event_year: re(r"\b(\d{4}[ ]års[ ]\p{Ll}*(?:dagar|dagarna|konferens|konferensen|kongress|kongressen|mässa|mässan|seminarium)(?:[ ]i[ ]CAPW)?)\b"),
            initiative_launch: re(r"\b(?:lanserades|startades|infördes|lanserade|startade|införde|införs|införa|inför|sjösatte|sjösattes)[ ](?:vi[ ]|man[ ]|nu[ ])?(CAPW(?:[ ]CAPW){0,3}|\d+[ ]?\+[ ]?\d+)"),
            initiative_numeric: re(r"(?:^|[ (])(\d{1,2}\+\d{1,2})(?:[ ,.)]|$)"),
            // "Utredningen om översyn av yrket personlig assistent",
            // "Genomlysning av socialtjänst för barn och unga": an inquiry,
            // study or survey named by what it is about
            initiative_about: re(r"(?:^|[^\p{L}])((?:Utredningen|Förstudien|Kartläggningen|Översynen|Genomlysningen|Utredning|Förstudie|Kartläggning|Översyn|Genomlysning)[ ](?:om|av)[ ](?:[\p{Ll}-]+[ ]){0,7}[\p{Ll}-]+)"),
            initiative_compound: re(&format!(
                r"\b((?:{})[ ]för[ ](?:[\p{{Ll}}-]+[ ]){{0,4}}[\p{{Ll}}-]+?)(?:[,.;:!?]|[ ]med[ ]|[ ]och[ ]|[ ]som[ ]|[ ]i[ ]|[ ]på[ ]|$)",
                compounds.join("|")
            )),
            venue: re(&format!(
                r"(?:CAPW[ ])?(?:\p{{Lu}}\p{{L}}*(?:mässan|arenan)|CAPW[ ](?:{})|Stadshuset|Folkets hus)\b",
                venue.join("|")
            )),
            context_person: re(&(r"\b(?:(?:enligt|".to_string() + &quote.join("|") + r")|(?:Foto|Foton|Text|Av|Bild|foto|text):)[ ]+(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:[ ]\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?){1,2})\b")),
            role_before_person: re(r"\b(\p{Ll}[\p{L}-]+)[ ](\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:[ ]\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?){1,2})\b"),
            person_before_role: re(r"(?:^|[^\p{L}\p{N}])(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:[ ]\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?){1,2}),[ ]+(\p{Ll}[\p{L}-]+)"),
            credit: re(r"\b(?:Foto|Foton|Bild|foto|bild):[ ]*([\p{L}][\p{L}\p{N}&.-]*(?:[ ][\p{Lu}&][\p{L}\p{N}&.-]*){0,3})"),
            role_object: re(r"\b(\p{Ll}[\p{L}-]+)[ ](?:på|vid|hos|inom|i)[ ](CAPW(?:[ ](?:CAPW|&))*(?:[ ][–-][ ]\p{Ll}+(?:[ ]\p{Ll}+)?)?)"),
            any_kommun: re(r"\b((\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)[ ]kommun)\b"),
            event_about: re(r"\b(?:\p{Lu}\p{L}+s[ ])?((?:(?:gemensamt|gemensam|stort|stor|öppet|öppen|digitalt|digital|nationellt|nationell|regionalt|regional)[ ])?(?:seminarium|seminariet|panelsamtal|panelsamtalet|paneldebatt|paneldebatten|webbinarium|frukostseminarium|rundabordssamtal|temadag|utbildningsdag|\p{Ll}{4,}(?:frukost|frukosten|seminarium|seminariet|föreläsning|föreläsningen|dialog|dialogen|konferens|konferensen))[ ]om[ ](?:[\p{Ll}-]+[ ]?){1,7})"),
            compass_district: re(r"\b(?:Östra|Västra|Norra|Södra)[ ](\p{Lu}\p{Ll}+)\b"),
            postal: re(r"(?m)^[ \t]*\d{3}[ ]?\d{2}[ ]+(\p{Lu}\p{L}+(?:[ ]\p{Lu}\p{L}+)?)[ \t]*$"),
            year: re(r"^[ ]((?:19|20)\d\d)\b"),
            abbreviation: re(r"(CAPW(?:[ ](?:CAPW|\p{Ll}+)){0,5})[ ]\((\p{Lu}[\p{L}]{1,6})\)"),
            // "Hälsa, lärande och trygghet (HLT) är en satsning i Umeå kommun",
            // "MEIS – ett forskningsprogram som ...": a name defined as an initiative
            initiative_defined: re(r"(?m)(?:^|[.!?:][ ]+)[ \t]*(\p{Lu}[\p{L}\p{N}+-]*(?:,?[ ][\p{L}\p{N}+-]+){0,6}?)(?:[ ]\(\p{Lu}{2,6}\))?[ ](?:är[ ]|var[ ]|blir[ ])(?:en|ett)[ ](?:[\p{Ll}-]+[ ]){0,2}?\p{Ll}*(?:satsning|projekt|program|modell|metod|kampanj|nätverk|initiativ|handlingsplan|utredning|reform|insats)\b"),
            // "Plats: Mindpark, lokal Auditoriet (Bredgatan 11)": a programme's venue
            venue_label: re(r"(?m)^[ \t]*(?:Plats|Lokal|Var)[ ]*:[ ]*(\p{Lu}[\p{L}\p{N}-]*(?:[ ]\p{Lu}[\p{L}\p{N}-]*){0,3})(?:,[ ]*(?:lokal|sal|rum)[ ](\p{Lu}[\p{L}\p{N}-]*(?:[ ]\p{Lu}[\p{L}\p{N}-]*){0,2}))?"),
            initiative_dash: re(r"[ ](\p{Lu}[\p{L}\p{N}+-]*(?:[ ]\p{Lu}[\p{L}\p{N}+-]*){0,3})[ ]–[ ](?:en|ett)[ ](?:[\p{Ll}-]+[ ]){0,2}?\p{Ll}*(?:satsning|projekt|program|modell|metod|kampanj|nätverk|initiativ|handlingsplan|utredning|reform|insats)\b"),
            gates: GateSet::new(&mut []),
        };
        let mut all: Vec<&mut Pat> = vec![&mut p.region, &mut p.union_suffix, &mut p.kommunalforbund, &mut p.agency_suffix, &mut p.company, &mut p.forening, &mut p.radio, &mut p.fou, &mut p.newspaper, &mut p.event_english, &mut p.event_title, &mut p.event_rubric, &mut p.heading_event, &mut p.initiative_intro, &mut p.event_intro, &mut p.event_year, &mut p.survey_subject, &mut p.initiative_launch, &mut p.initiative_numeric, &mut p.initiative_compound, &mut p.initiative_about, &mut p.venue, &mut p.context_person, &mut p.role_before_person, &mut p.person_before_role, &mut p.credit, &mut p.role_object, &mut p.postal, &mut p.any_kommun, &mut p.event_about, &mut p.compass_district, &mut p.year, &mut p.abbreviation, &mut p.initiative_defined, &mut p.initiative_dash, &mut p.venue_label];
        all.extend(p.university.iter_mut());
        p.gates = GateSet::new(&mut all);
        p
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    start: usize,
    end: usize,
}

/// A letter of the extractor's patterns: `\p{L}` narrowed to the Latin
/// script (see `pattern::narrow`).
fn is_letter(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'a'..='z' | 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
        || matches!(c as u32, 0x100..=0x24F | 0x1E00..=0x1EFF)
}

/// `[\p{L}\p{N}]` narrowed the same way.
fn is_word_char(c: char) -> bool {
    is_letter(c) || matches!(c, '0'..='9' | '²' | '³' | '¹' | '¼'..='¾')
}

/// The end of the run of word characters at `i` (`i` itself when none).
fn word_run(text: &str, i: usize) -> usize {
    text[i..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(j, _)| i + j)
}

/// The words of a text, in one pass: a hyphenated coordination ("social- och
/// omsorgsnämnden"), a word with inner joiners ("Karl-Erik", "SSR:s",
/// "t.ex"), or any other single non-space character. The same tokens as the
/// pattern `\p{L}+-[ ](?:och|eller)[ ]W+(?:-W+)*|W+(?:[-+:'’&.]W+)*|\S`
/// with `W` = `[\p{L}\p{N}]` (a test holds them equal).
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while let Some((off, c)) = text[i..].char_indices().find(|&(_, c)| !c.is_whitespace()) {
        let start = i + off;
        if !is_word_char(c) {
            i = start + c.len_utf8();
            out.push(Token { start, end: i });
            continue;
        }
        let run = word_run(text, start);
        // "social- och omsorgsnämnden": letters only before the hyphen
        if text[start..run].chars().all(is_letter) {
            let rest = &text[run..];
            let conj = ["- och ", "- eller "]
                .into_iter()
                .find(|p| rest.starts_with(p));
            if let Some(conj) = conj {
                let w = run + conj.len();
                let mut end = word_run(text, w);
                if end > w {
                    while text[end..].starts_with('-') && word_run(text, end + 1) > end + 1 {
                        end = word_run(text, end + 1);
                    }
                    out.push(Token { start, end });
                    i = end;
                    continue;
                }
            }
        }
        let mut end = run;
        while let Some(j) = text[end..]
            .chars()
            .next()
            .filter(|j| "-+:'’&.".contains(*j))
        {
            let after = end + j.len_utf8();
            let next = word_run(text, after);
            if next == after {
                break;
            }
            end = next;
        }
        out.push(Token { start, end });
        i = end;
    }
    out
}

/// Whether a word at `pos` opens a sentence or a line, so that its capital
/// may be the sentence's and not the name's.
fn opens_sentence(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with(['\n', '.', '!', '?', ':', '–'])
}

/// After an owner's genitive, the length of an initiative's head word and
/// the weak adjectives before it ("handlingsplan", "nya handlingsplan",
/// "trygghetsskapande och brottsförebyggande program"): after a genitive an
/// adjective ends in -a or -e.
fn owned_head_end(rest: &str, lex: &Lexicon) -> Option<usize> {
    let mut pos = 0;
    for _ in 0..5 {
        let word: String = rest[pos..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if word.is_empty() {
            return None;
        }
        if lex.initiative_heads.contains(word.as_str()) {
            return Some(pos + word.len());
        }
        let adjective = word.chars().all(char::is_lowercase)
            && word.chars().count() > 2
            && (word.ends_with('a') || word.ends_with('e'));
        if !(adjective || word == "och") || !rest[pos + word.len()..].starts_with(' ') {
            return None;
        }
        pos += word.len() + 1;
    }
    None
}

/// "Socialförvaltningen", "Arbetsmarknads- och socialförvaltningen": a unit
/// word with no name of its own before it.
pub(super) fn one_word_unit(surface: &str) -> bool {
    let words: Vec<&str> = surface.split(' ').collect();
    match words.as_slice() {
        [_] => true,
        [first, "och", _] => first.ends_with('-'),
        _ => false,
    }
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Words that may stand inside a name in lower case ("af", "von").
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "af" | "von" | "van" | "de" | "der" | "da" | "del" | "la" | "le" | "bin" | "al"
    )
}

fn gazetteer_matcher() -> &'static (AhoCorasick, Vec<GazEntry>) {
    static G: OnceLock<(AhoCorasick, Vec<GazEntry>)> = OnceLock::new();
    G.get_or_init(|| {
        let lex = Lexicon::get();
        let pats: Vec<&str> = lex.gazetteer.iter().map(|(s, _)| s.as_str()).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .unwrap_or_else(|e| panic!("gazetteer automaton: {e}"));
        (ac, lex.gazetteer.iter().map(|(_, e)| e.clone()).collect())
    })
}

fn boundary_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '@' || c == '.' || c == '/'))
        || text[..i].ends_with(". ")
}

fn boundary_after(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '@'))
        && !text[i..].starts_with(".se")
        && !text[i..].starts_with("-")
}

/// Finds all mentions of a text.
pub fn find(text: &str) -> Vec<Mention> {
    let lex = Lexicon::get();
    let toks = tokens(text);
    // each word in lower case, once for the passes below
    let lows: Vec<String> = toks.iter().map(|t| text[t.start..t.end].lower()).collect();
    let mut cands: Vec<Mention> = Vec::new();
    gazetteer_candidates(text, &mut cands);
    ambiguous_places_after_prepositions(text, lex, &mut cands);
    person_candidates(text, &toks, lex, &mut cands);
    pattern_candidates(text, lex, &mut cands);
    unit_candidates(text, &toks, &lows, lex, &mut cands);
    event_candidates(text, &toks, &lows, lex, &mut cands);
    initiative_word_candidates(text, &toks, &mut cands);
    lowercase_named_compounds(text, &toks, lex, &mut cands);
    led_unit_candidates(text, &toks, lex, &mut cands);
    labelled_unit_candidates(text, &mut cands);
    organisation_word_candidates(text, &toks, lex, &mut cands);
    kind_noun_names(text, &toks, &lows, lex, &mut cands);
    study_programmes(text, &toks, &lows, lex, &mut cands);
    university_schools(text, &toks, &lows, &mut cands);
    announced_sessions(text, &mut cands);
    let mut chosen = select(cands);
    propagate(text, &mut chosen);
    misspelled_places(text, &toks, lex, &mut chosen);
    compose(text, lex, &mut chosen);
    definite_references(text, &toks, &lows, lex, &mut chosen);
    // a bare service word near the same unit with its place is that unit
    let composite_heads: Vec<(usize, String)> = chosen
        .iter()
        .filter(|m| m.parent.is_some() && m.etype == EntityType::Organization)
        .map(|m| (m.end, m.surface.lower()))
        .collect();
    for m in chosen
        .iter_mut()
        .filter(|m| m.needs_complement && !m.nested)
    {
        let w = m.surface.lower();
        if composite_heads.iter().any(|(end, c)| {
            *end <= m.start && m.start - end < 1500 && c.starts_with(&format!("{w} "))
        }) {
            m.needs_complement = false;
        }
    }
    // "sektionschef vid individ- och familjeomsorgen": a service word after a
    // title and its preposition is the one body the person works in
    for m in chosen.iter_mut().filter(|m| m.needs_complement && m.unit) {
        let before = text[..m.start].trim_end();
        let Some(prep_at) = before.rfind(' ') else {
            continue;
        };
        // "inom" speaks of a field ("biståndshandläggare inom äldreomsorgen");
        // "för" after a head's title names what they lead ("områdeschef för
        // hemtjänsten")
        let prep = &before[prep_at + 1..];
        let title = before[..prep_at].rsplit([' ', '\n']).next().unwrap_or("");
        let heads = prep == "för" && lex.role_base(title).is_some_and(|r| r.ends_with("chef"));
        if !matches!(prep, "vid" | "på" | "hos") && !heads {
            continue;
        }
        if lex.role_base(title).is_some() {
            m.needs_complement = false;
        }
    }
    chosen.retain(|m| !m.needs_complement);
    // "kommunstyrelsen", "kommunfullmäktige" in lower case name the body of
    // the article's municipality or region; with none named they speak of
    // municipalities in general. Other boards in lower case ("riksstyrelsen",
    // "förbundsstyrelsen") are organs of their association, not entities.
    // (or any other body of one: "socialnämnden", "socialförvaltningen")
    let has_municipality = chosen.iter().any(|m| {
        matches!(m.etype, EntityType::Municipality | EntityType::Region)
            || (m.unit && !m.surface.lower().starts_with("kommun"))
    });
    chosen.retain(|m| {
        if !m.unit || is_cap(&m.surface) || m.surface.contains(' ') {
            return true;
        }
        let lw = m.base.lower();
        let municipal = lw.starts_with("kommun") || lw.starts_with("region");
        if lw.ends_with("styrelsen") || lw.ends_with("styrelse") {
            return municipal && has_municipality;
        }
        !municipal || has_municipality
    });
    administrative_districts(text, lex, &mut chosen);
    chosen.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    chosen
}

fn gazetteer_candidates(text: &str, cands: &mut Vec<Mention>) {
    let (ac, entries) = gazetteer_matcher();
    for m in ac.find_overlapping_iter_safe(text) {
        let e = &entries[m.pattern().as_usize()];
        let (s, mut end) = (m.start(), m.end());
        if !boundary_before(text, s) {
            continue;
        }
        let mut genitive = e.genitive;
        if text[end..].starts_with(":s") && boundary_after(text, end + 2) {
            end += 2;
            genitive = true;
        } else if !boundary_after(text, end) {
            let rest = &text[end..];
            let ext = if rest.starts_with(":s") {
                2
            } else if rest.starts_with('s') && !e.city {
                1
            } else {
                0
            };
            if ext == 0 || !boundary_after(text, end + ext) {
                continue;
            }
            end += ext;
            genitive = true;
        }
        let lower_start = !is_cap(&text[s..end]);
        let mut mention = Mention::new(
            "gazetteer.name",
            text,
            s,
            end,
            e.etype,
            if e.city { 2 } else { 4 },
            0.9,
        );
        if lower_start && e.etype != EntityType::GovernmentAgency {
            continue;
        }
        // "polisen" names one body only with its place ("polisen i Västra Götaland")
        mention.needs_complement = e.canon == "polisen";
        mention.canon = Some(e.canon.clone());
        mention.city = e.city;
        mention.genitive = genitive;
        if genitive && !e.genitive {
            mention.base = text[s..m.end()].to_string();
        }
        if e.city {
            mention.confidence = 0.75;
        }
        cands.push(mention);
    }
}

/// A municipality whose bare name is also an everyday word or a surname
/// ("Lund", "Mora", "Sala") is a place after "i", "från" or "till"
/// ("socialförvaltningen i Lund"): people's names rarely follow them.
fn ambiguous_places_after_prepositions(text: &str, lex: &Lexicon, cands: &mut Vec<Mention>) {
    static RX: OnceLock<Regex> = OnceLock::new();
    let re = RX.get_or_init(|| {
        let mut names: Vec<String> = lex
            .ambiguous_places
            .iter()
            .map(|n| regex::escape(n))
            .collect();
        names.sort();
        super::pattern::compile(&format!(r"\b(?:i|från|till)[ ]({})\b", names.join("|")))
    });
    for c in re.captures_iter(text) {
        let Some(g) = c.get(1) else { continue };
        // "i Mora-Orsa" is another name
        if text[g.end()..].starts_with('-') {
            continue;
        }
        let mut m = Mention::new(
            "municipality.ambiguous-after-preposition",
            text,
            g.start(),
            g.end(),
            EntityType::Municipality,
            2,
            0.6,
        );
        m.canon = Some(g.as_str().to_string());
        m.city = true;
        cands.push(m);
    }
}

/// aho-corasick's leftmost-longest matcher cannot iterate overlapping
/// matches; this wrapper restarts after every match start so that a failed
/// boundary check on a long match does not hide a shorter one.
trait OverlapIter {
    fn find_overlapping_iter_safe<'a>(&'a self, text: &'a str) -> Vec<aho_corasick::Match>;
}

impl OverlapIter for AhoCorasick {
    fn find_overlapping_iter_safe<'a>(&'a self, text: &'a str) -> Vec<aho_corasick::Match> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let input = aho_corasick::Input::new(text).range(pos..);
            let Some(m) = self.find(input) else { break };
            out.push(m);
            // continue right after the match start, at the next char boundary
            let mut next = m.start() + 1;
            while next < text.len() && !text.is_char_boundary(next) {
                next += 1;
            }
            // skip to next word start to stay linear on long words
            while next < text.len()
                && text[next..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                next += text[next..].chars().next().map_or(1, char::len_utf8);
            }
            pos = next;
        }
        out
    }
}

fn person_candidates(text: &str, toks: &[Token], lex: &Lexicon, cands: &mut Vec<Mention>) {
    let word = |t: &Token| &text[t.start..t.end];
    let mut i = 0;
    while i < toks.len() {
        let w = word(&toks[i]);
        // "Ann- Sofia": a name split by a stray space after the hyphen
        let mut first_end = toks[i].end;
        let mut j = i + 1;
        let mut first = w.to_string();
        if j + 1 < toks.len()
            && word(&toks[j]) == "-"
            && toks[j].start == toks[i].end
            && is_cap(word(&toks[j + 1]))
            && text[toks[j].end..toks[j + 1].start] == *" "
        {
            let candidate = format!("{}-{}", w, word(&toks[j + 1]));
            if lex.is_first_name(&candidate) || lex.first_names.contains(w) {
                first = candidate;
                first_end = toks[j + 1].end;
                j += 2;
            }
        }
        if !is_cap(w) || !lex.is_first_name(&first) {
            i += 1;
            continue;
        }
        let mut end = first_end;
        let mut parts = 0;
        while j < toks.len() && parts < 3 {
            let gap = &text[end..toks[j].start];
            if gap != " " {
                break;
            }
            let t = word(&toks[j]);
            // a capitalised title after the name ends it ("Leila Misirli
            // Sektorschef" in a table of names and titles)
            // a place after the surname ends the name too ("Petra Rinman
            // Skövde" in a list of people and their towns)
            let place = parts > 0 && lex.municipality_names.contains(&t.lower());
            if is_cap(t)
                && !place
                && !lex.not_name.contains(t)
                && !lex.known_orgs.contains_key(&t.lower())
                && t.chars().skip(1).any(char::is_lowercase)
                && (parts == 0 || lex.role_base(t).is_none())
            {
                // "WihlborgDen": two words run together where a page lost
                // its line break; the name ends at the inner capital
                let glued = t
                    .char_indices()
                    .skip(1)
                    .find(|&(k, c)| {
                        c.is_uppercase() && t[..k].chars().last().is_some_and(char::is_lowercase)
                    })
                    .map(|(k, _)| k);
                if let Some(k) = glued {
                    end = toks[j].start + k;
                    parts += 1;
                    break;
                }
                end = toks[j].end;
                parts += 1;
                j += 1;
            } else if is_particle(t)
                && j + 1 < toks.len()
                && is_cap(word(&toks[j + 1]))
                && text[toks[j].end..toks[j + 1].start] == *" "
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut m = Mention::new(
            "person.given-name",
            text,
            toks[i].start,
            end,
            EntityType::Person,
            3,
            0.9,
        );
        m.base = m.surface.clone();
        m.genitive = false;
        if parts == 0 {
            m.first_name_only = true;
            m.confidence = 0.5;
        }
        cands.push(m);
        i = j.max(i + 1);
    }
}

#[allow(clippy::too_many_arguments)]
fn push_group(
    rule: &'static str,
    text: &str,
    cands: &mut Vec<Mention>,
    c: super::pattern::Caps,
    g: usize,
    t: EntityType,
    prio: u8,
    conf: f32,
) {
    if let Some(m) = c.get(g) {
        cands.push(Mention::new(rule, text, m.start(), m.end(), t, prio, conf));
    }
}

/// Drops leading words that are not part of a name ("I Malmö högskola").
fn trim_leading(text: &str, start: usize, end: usize, lex: &Lexicon) -> usize {
    let mut s = start;
    loop {
        let seg = &text[s..end];
        let Some(sp) = seg.find(' ') else { return s };
        let w = &seg[..sp];
        if lex.not_name.contains(w)
            || matches!(
                w,
                "I" | "På" | "Vid" | "Från" | "Med" | "Till" | "Hos" | "Inom" | "För" | "Av"
            )
            || lex.role_base(w).is_some()
        {
            s += sp + 1;
        } else {
            return s;
        }
    }
}

fn pattern_candidates(text: &str, lex: &Lexicon, cands: &mut Vec<Mention>) {
    let p = patterns();
    let g = p.gates.scan(text);
    use EntityType::*;
    for r in &p.university {
        for m in r.find_iter_in(text, &g) {
            let s = trim_leading(text, m.start(), m.end(), lex);
            if s < m.end() && text[s..m.end()].contains(' ') || r.as_str().contains("universitetet")
            {
                let mut u = Mention::new(
                    "university.name-pattern",
                    text,
                    s,
                    m.end(),
                    University,
                    4,
                    0.85,
                );
                // "Lunds och Malmös universitet": a place's genitive before
                // "universitet" in a coordination names "Malmö universitet"
                if let Some((first, rest)) = u.surface.split_once(' ') {
                    if let Some(place) = first.strip_suffix('s') {
                        let name = format!("{place} {rest}");
                        if lex.known_orgs.get(&name.lower()) == Some(&University) {
                            u.canon = Some(name);
                        }
                    }
                }
                cands.push(u);
            }
        }
    }
    for m in p.region.find_iter_in(text, &g) {
        cands.push(Mention::new(
            "region.name-pattern",
            text,
            m.start(),
            m.end(),
            Region,
            5,
            0.9,
        ));
    }
    for m in p.union_suffix.find_iter_in(text, &g) {
        // "Fackförbundet" opening a sentence is the word, not a name
        if lex.generic_orgs.contains(m.as_str()) {
            continue;
        }
        let t = if m.as_str().starts_with("Riks") {
            Organization
        } else {
            Union
        };
        cands.push(Mention::new(
            "union.name-suffix",
            text,
            m.start(),
            m.end(),
            t,
            3,
            0.8,
        ));
    }
    for m in p.kommunalforbund.find_iter_in(text, &g) {
        cands.push(Mention::new(
            "organisation.kommunalforbund",
            text,
            m.start(),
            m.end(),
            Organization,
            4,
            0.85,
        ));
    }
    for m in p.agency_suffix.find_iter_in(text, &g) {
        // "Kommunstyrelsen", "Regionstyrelsen": a body of a municipality or
        // region (a unit), not a national agency like Socialstyrelsen
        if m.as_str().starts_with("Kommun")
            || m.as_str().starts_with("Region")
            || lex.generic_orgs.contains(m.as_str())
        {
            continue;
        }
        cands.push(Mention::new(
            "agency.name-suffix",
            text,
            m.start(),
            m.end(),
            GovernmentAgency,
            3,
            0.8,
        ));
    }
    for m in p.company.find_iter_in(text, &g) {
        let s = trim_leading(text, m.start(), m.end(), lex);
        if s < m.end() && text[s..m.end()].contains(' ') {
            cands.push(Mention::new(
                "company.name-suffix",
                text,
                s,
                m.end(),
                Company,
                4,
                0.8,
            ));
        }
    }
    for m in p.forening.find_iter_in(text, &g) {
        cands.push(Mention::new(
            "organisation.forening",
            text,
            m.start(),
            m.end(),
            Organization,
            3,
            0.7,
        ));
    }
    for m in p.newspaper.find_iter_in(text, &g) {
        let s = trim_leading(text, m.start(), m.end(), lex);
        if s < m.end() {
            cands.push(Mention::new(
                "organisation.newspaper",
                text,
                s,
                m.end(),
                Organization,
                4,
                0.75,
            ));
        }
    }
    for m in p.fou.find_iter_in(text, &g) {
        cands.push(Mention::new(
            "organisation.fou",
            text,
            m.start(),
            m.end(),
            Organization,
            5,
            0.8,
        ));
    }
    for m in p.radio.find_iter_in(text, &g) {
        cands.push(Mention::new(
            "organisation.broadcaster",
            text,
            m.start(),
            m.end(),
            Organization,
            5,
            0.8,
        ));
    }
    // "Torshälla kommun": a municipality the gazetteer does not know (a former one)
    for c in p.any_kommun.captures_iter_in(text, &g) {
        if let Some(g) = c.get(1) {
            let mut m = Mention::new(
                "municipality.any-kommun",
                text,
                g.start(),
                g.end(),
                Municipality,
                3,
                0.6,
            );
            m.canon = Some(
                c.get(2)
                    .map_or(g.as_str(), |x| x.as_str())
                    .trim_end_matches('s')
                    .to_string(),
            );
            cands.push(m);
        }
    }
    // lower-case titled events: "ett gemensamt seminarium om brottsförebyggande arbete"
    for c in p.event_about.captures_iter_in(text, &g) {
        let (Some(all), Some(g)) = (c.get(0), c.get(1)) else {
            continue;
        };
        // only an owned ("Socionomens panelsamtal om ...") or qualified
        // ("ett gemensamt seminarium om ...") talk is a titled event
        let owned = all.start() < g.start() && is_cap(all.as_str());
        let first = g.as_str().split(' ').next().unwrap_or("");
        let qualified = !first.starts_with("seminari")
            && !first.starts_with("panel")
            && !first.starts_with("webbinari")
            && !first.starts_with("frukost")
            && !first.starts_with("rundabord")
            && !first.starts_with("temadag")
            && !first.starts_with("utbildningsdag");
        if !owned && !qualified {
            continue;
        }
        let owner = owned.then(|| (all.start(), g.start() - 1));
        let mut end = g.start();
        for (i, w) in g.as_str().split(' ').enumerate() {
            // a topic goes on through "med", "för" and "till"
            // ("om samverkan med föreningar", "om stöd för ungdomar")
            if i > 2 && CLAUSE_WORDS.contains(&w) && !matches!(w, "med" | "för" | "till") {
                break;
            }
            end = g.start() + offset_of_word(g.as_str(), i) + w.len();
        }
        let mut ev = Mention::new("event.talk-about", text, g.start(), end, Event, 3, 0.55);
        ev.runner = owner;
        cands.push(ev);
    }
    // "Östra Göteborg": a compass part of a city is a district
    for c in p.compass_district.captures_iter_in(text, &g) {
        let (Some(g), Some(city)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if lex.municipality_names.contains(&city.as_str().lower()) {
            cands.push(Mention::new(
                "unit.compass-district",
                text,
                g.start(),
                g.end(),
                Organization,
                5,
                0.65,
            ));
        }
    }
    for m in p.event_english.find_iter_in(text, &g) {
        let s = trim_leading(text, m.start(), m.end(), lex);
        cands.push(Mention::new(
            "event.english-name",
            text,
            s,
            m.end(),
            Event,
            4,
            0.8,
        ));
    }
    for c in p.event_title.captures_iter_in(text, &g) {
        push_group("event.title", text, cands, c, 1, Event, 5, 0.8);
    }
    for c in p.survey_subject.captures_iter_in(text, &g) {
        let Some(g) = c.get(1) else { continue };
        // a person's name is no organisation
        let first = g.as_str().split(' ').next().unwrap_or("");
        if !lex.is_first_name(first) {
            cands.push(Mention::new(
                "organisation.survey-subject",
                text,
                g.start(),
                g.end(),
                EntityType::Organization,
                3,
                0.65,
            ));
        }
    }
    for c in p.event_year.captures_iter_in(text, &g) {
        push_group("event.year-genitive", text, cands, c, 1, Event, 4, 0.7);
    }
    for c in p.event_rubric.captures_iter_in(text, &g) {
        push_group("event.rubric", text, cands, c, 1, Event, 4, 0.6);
    }
    for c in p.initiative_intro.captures_iter_in(text, &g) {
        if let Some(g) = c.get(1) {
            let (s, mut e) = trim_quotes(text, g.start(), g.end());
            // "Erasmus+": a plus sign ends the name it follows
            if text[e..].starts_with('+') {
                e += 1;
            }
            // a title with only its first word capitalised goes on over
            // lower-case words ("projektet Ung framtid 2.0", "utredningen
            // Evidensbaserad praktik inom socialtjänsten") to the end of
            // the line, a punctuation mark, or a word that starts a clause
            if !text[s..e].contains(' ') && !text[s..e].ends_with('+') && is_cap(&text[s..e]) {
                e = title_end(text, e, lex);
            }
            // a heading that is only "Förstudien Social utveckling": the
            // whole line is the title, its head word included
            let intro_start = c.get(0).map_or(s, |m| m.start());
            let heading = is_cap(&text[intro_start..s])
                && text[..intro_start]
                    .trim_end_matches([' ', '\t'])
                    .ends_with('\n')
                && text[e..].trim_start_matches([' ', '\t']).starts_with('\n');
            let s = if heading { intro_start } else { s };
            cands.push(Mention::new(
                "initiative.introduced",
                text,
                s,
                e,
                Initiative,
                4,
                0.75,
            ));
        }
    }
    for c in p.event_intro.captures_iter_in(text, &g) {
        if let Some(g) = c.get(1) {
            // (no run over lower-case words: "konferensen Framtidsdagen
            // samlade ..." is followed by its verb)
            let (s, e) = trim_quotes(text, g.start(), g.end());
            cands.push(Mention::new(
                "event.introduced",
                text,
                s,
                e,
                EntityType::Event,
                4,
                0.75,
            ));
        }
    }
    for c in p.initiative_launch.captures_iter_in(text, &g) {
        // "inför Grefves återbesök": a genitive before a noun is an owner,
        // and "inför" the preposition, not the verb
        let genitive = c.get(1).is_some_and(|g| {
            let next: String = text[g.end()..]
                .strip_prefix(' ')
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            g.as_str().ends_with('s')
                && next.chars().next().is_some_and(char::is_lowercase)
                && !CLAUSE_WORDS.contains(&next.as_str())
                && !matches!(next.as_str(), "för" | "vid" | "hos" | "inom" | "mot" | "om")
        });
        if !genitive {
            push_group("initiative.launched", text, cands, c, 1, Initiative, 1, 0.6);
        }
    }
    for c in p.initiative_numeric.captures_iter_in(text, &g) {
        push_group("initiative.numbered", text, cands, c, 1, Initiative, 2, 0.6);
    }
    for c in p.initiative_about.captures_iter_in(text, &g) {
        let Some(g) = c.get(1) else { continue };
        // an indefinite head names a title only at the head of its line
        let definite = g
            .as_str()
            .split(' ')
            .next()
            .is_some_and(|h| h.ends_with("en"));
        // (or after a label that opens its line: "Resultat: Genomlysning av ...")
        let line = &text[text[..g.start()].rfind('\n').map_or(0, |i| i + 1)..g.start()];
        let labelled = line.trim_end().strip_suffix(':').is_some_and(|l| {
            !l.is_empty() && !l.contains(' ') && l.chars().next().is_some_and(char::is_uppercase)
        });
        let line_start = line.trim().is_empty() || labelled;
        if !definite && !line_start {
            continue;
        }
        // the title ends before the first word that starts a clause
        let mut end = g.start();
        for (i, w) in g.as_str().split(' ').enumerate() {
            if i > 2 && CLAUSE_WORDS.contains(&w) && !matches!(w, "för" | "med" | "till") {
                break;
            }
            end = g.start() + offset_of_word(g.as_str(), i) + w.len();
        }
        // a heading line is the title to its end
        let rest_of_line = text[g.start()..]
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end();
        if line_start
            && g.start() + rest_of_line.len() == g.end()
            && !rest_of_line.contains(['.', ',', ';', '!', '?'])
        {
            end = g.end();
        }
        cands.push(Mention::new(
            "initiative.about",
            text,
            g.start(),
            end,
            Initiative,
            3,
            0.6,
        ));
    }
    for c in p.initiative_compound.captures_iter_in(text, &g) {
        // the title ends before the first word that starts a clause
        let Some(g) = c.get(1) else { continue };
        let mut end = g.start();
        for (i, w) in g.as_str().split(' ').enumerate() {
            if i > 1 && CLAUSE_WORDS.contains(&w) {
                break;
            }
            end = g.start() + offset_of_word(g.as_str(), i) + w.len();
        }
        let title = &text[g.start()..end];
        if title.ends_with(" för") || title.contains(" för att") {
            continue;
        }
        cands.push(Mention::new(
            "initiative.compound",
            text,
            g.start(),
            end,
            Initiative,
            3,
            0.6,
        ));
    }
    for c in p.venue_label.captures_iter_in(text, &g) {
        // the venue of a programme, and the room inside it
        // "Plats: Campus Gotland Tid: ..." keeps the words before "Tid"
        for g in [c.get(1), c.get(2)].into_iter().flatten() {
            let cut = g.as_str().find(" Tid").unwrap_or(g.as_str().len());
            cands.push(Mention::new(
                "place.venue-label",
                text,
                g.start(),
                g.start() + cut,
                Place,
                5,
                0.7,
            ));
        }
    }
    for c in p.initiative_dash.captures_iter_in(text, &g) {
        push_group("initiative.dash", text, cands, c, 1, Initiative, 4, 0.6);
    }
    for c in p.initiative_defined.captures_iter_in(text, &g) {
        let Some(g) = c.get(1) else { continue };
        let first = g.as_str().split([' ', ',']).next().unwrap_or("");
        // a pronoun, article or adverb opens a clause, not a name
        if lex.not_name.contains(first)
            || matches!(
                first,
                "Det"
                    | "Detta"
                    | "Den"
                    | "Denna"
                    | "Hon"
                    | "Han"
                    | "Vi"
                    | "De"
                    | "Här"
                    | "Nu"
                    | "Men"
                    | "Och"
                    | "Som"
                    | "Där"
                    | "Dessutom"
                    | "Också"
                    | "Även"
                    | "Hen"
                    | "Man"
                    | "Vad"
                    | "Vilket"
                    | "Allt"
                    | "Projektet"
                    | "Satsningen"
            )
        {
            continue;
        }
        // a verb inside means the match began a clause ("Pengarna går till X")
        if g.as_str().split([' ', ',']).any(|w| {
            matches!(
                w,
                "går"
                    | "har"
                    | "kommer"
                    | "ska"
                    | "kan"
                    | "får"
                    | "vill"
                    | "gör"
                    | "blir"
                    | "finns"
                    | "säger"
                    | "menar"
                    | "anser"
                    | "visar"
            )
        }) {
            continue;
        }
        cands.push(Mention::new(
            "initiative.defined",
            text,
            g.start(),
            g.end(),
            Initiative,
            4,
            0.6,
        ));
    }
    for m in p.venue.find_iter_in(text, &g) {
        let s = trim_leading(text, m.start(), m.end(), lex);
        cands.push(Mention::new("place.venue", text, s, m.end(), Place, 4, 0.8));
    }
    for c in p.postal.captures_iter_in(text, &g) {
        // the postal town: a bare municipality name when the gazetteer knows it
        let Some(g) = c.get(1) else { continue };
        let mut m = Mention::new(
            "place.postal-town",
            text,
            g.start(),
            g.end(),
            Place,
            6,
            0.85,
        );
        if lex.municipality_names.contains(&g.as_str().lower()) {
            m.etype = Municipality;
            m.city = true;
            m.canon = crate::gazetteer::Gazetteer::get()
                .municipality(g.as_str())
                .map(|x| x.short.clone());
        }
        cands.push(m);
    }
    for c in p.context_person.captures_iter_in(text, &g) {
        if let Some(g) = c.get(1) {
            let first = g.as_str().split(' ').next().unwrap_or("");
            if !lex.not_name.contains(first) && !lex.known_orgs.contains_key(&g.as_str().lower()) {
                cands.push(Mention::new(
                    "person.context",
                    text,
                    g.start(),
                    g.end(),
                    Person,
                    3,
                    0.8,
                ));
            }
        }
    }
    // the groups of these three patterns follow from the match itself (the
    // title is one word, the name has no comma), so the matches are found
    // without the regex crate's slower capture search
    for m in p.role_before_person.find_iter_in(text, &g) {
        // "enhetschef Anna Berg": the title, a space, the name
        let Some((role, name)) = m.as_str().split_once(' ') else {
            continue;
        };
        let first = name.split(' ').next().unwrap_or("");
        if lex.role_base(role).is_some() && !lex.not_name.contains(first) {
            let start = m.end() - name.len();
            // a place after a two-word name ends it ("ämnessakkunnig Petra
            // Rinman Skövde")
            let words: Vec<&str> = name.split(' ').collect();
            let end = match words.as_slice() {
                [_, _, last] if lex.municipality_names.contains(&last.lower()) => {
                    m.end() - last.len() - 1
                }
                _ => m.end(),
            };
            cands.push(Mention::new(
                "person.title-before",
                text,
                start,
                end,
                Person,
                3,
                0.75,
            ));
        }
    }
    for m in p.person_before_role.find_iter_in(text, &g) {
        // "(Anna Berg, enhetschef": a character that is no letter unless
        // the text starts with the name, the name, a comma, spaces, the title
        let all = m.as_str();
        let lead = all
            .chars()
            .next()
            .filter(|c| !is_letter(*c))
            .map_or(0, char::len_utf8);
        let Some((name, rest)) = all[lead..].split_once(',') else {
            continue;
        };
        let role = rest.trim_start_matches(' ');
        let first = name.split(' ').next().unwrap_or("");
        if lex.role_base(role).is_some() && !lex.not_name.contains(first) {
            let start = m.start() + lead;
            cands.push(Mention::new(
                "person.title-after",
                text,
                start,
                start + name.len(),
                Person,
                3,
                0.75,
            ));
        }
    }
    for c in p.credit.captures_iter_in(text, &g) {
        let Some(g) = c.get(1) else { continue };
        let name = g.as_str().trim_end_matches('.');
        let words: Vec<&str> = name.split(' ').collect();
        if lex.credit_not_names.contains(words[0]) {
            continue;
        }
        let end = g.start() + name.len();
        let last = words.last().copied().unwrap_or("");
        if words.len() == 1 || lex.company_suffixes.contains(last) {
            cands.push(Mention::new(
                "company.photo-credit",
                text,
                g.start(),
                end,
                Company,
                2,
                0.6,
            ));
        }
    }
    for m in p.role_object.find_iter_in(text, &g) {
        // "enhetschef på Vision": the title, a preposition, the organisation
        let mut parts = m.as_str().splitn(3, ' ');
        let (Some(role), Some(_), Some(org)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if lex.role_base(role).is_some() {
            let start = m.end() - org.len();
            // "lärare på Ljusdals gymnasium": a genitive name and the kind
            // of place it owns are one name
            let mut end = m.end();
            if !org.contains(' ') && org.ends_with('s') {
                let noun: String = text[end..]
                    .strip_prefix(' ')
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                if noun.chars().count() > 3
                    && noun.chars().all(char::is_lowercase)
                    && !CLAUSE_WORDS.contains(&noun.as_str())
                    && !matches!(noun.as_str(), "vid" | "för" | "hos" | "inom" | "om" | "mot")
                {
                    end += 1 + noun.len();
                }
            }
            cands.push(Mention::new(
                "organisation.title-object",
                text,
                start,
                end,
                Organization,
                1,
                0.5,
            ));
        }
    }
}

/// Where a title that opened with a capitalised word ends: over at most six
/// lower-case words or numbers ("framtid 2.0", "praktik inom
/// socialtjänsten"), up to a line end, a punctuation mark, or a word that
/// starts a clause (`CLAUSE_WORDS`, `data/title_end_words.txt`).
fn title_end(text: &str, from: usize, lex: &Lexicon) -> usize {
    let mut end = from;
    let mut pos = from;
    for _ in 0..6 {
        let Some(rest) = text[pos..].strip_prefix(' ') else {
            break;
        };
        let w: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '+'))
            .collect();
        let w = w.trim_end_matches('.');
        let after_preposition = matches!(&text[end.saturating_sub(3)..end], " av" | "för" | " om");
        // "Implementering av Trelleborgsmodellen": a name after a
        // preposition ends the title
        if after_preposition && w.chars().next().is_some_and(char::is_uppercase) {
            return pos + 1 + w.len();
        }
        if w.is_empty()
            || !w
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
            || CLAUSE_WORDS.contains(&w) && w != "med"
            || lex.title_end_words.contains(w)
        {
            break;
        }
        pos += 1 + w.len();
        end = pos;
    }
    // no title ends with a preposition
    let mut title = &text[from..end];
    while let Some(t) = [" av", " för", " om", " med", " inom", " mot"]
        .iter()
        .find_map(|p| title.strip_suffix(p))
    {
        title = t;
    }
    from + title.len()
}

/// Words that start a new clause or phrase after a title.
const CLAUSE_WORDS: &[&str] = &[
    "gett", "ger", "har", "hade", "är", "var", "ska", "kan", "blir", "blev", "som", "och", "med",
    "i", "på", "till", "från", "under", "efter", "när", "där", "vilket", "men", "att", "sedan",
    "nu",
];

fn offset_of_word(s: &str, i: usize) -> usize {
    s.split(' ').take(i).map(|w| w.len() + 1).sum()
}

fn trim_quotes(text: &str, s: usize, e: usize) -> (usize, usize) {
    let seg = &text[s..e];
    let t = seg.trim_matches(|c| matches!(c, '"' | '”' | '“' | '„'));
    let off = seg.find(t).unwrap_or(0);
    (s + off, s + off + t.len())
}

fn unit_candidates(
    text: &str,
    toks: &[Token],
    lows: &[String],
    lex: &Lexicon,
    cands: &mut Vec<Mention>,
) {
    let word = |t: &Token| &text[t.start..t.end];
    for (i, t) in toks.iter().enumerate() {
        let w = word(t);
        let lw: &str = &lows[i];
        if lex.unit_stop.contains(lw) {
            continue;
        }
        // a genitive unit ("socialnämndens") is a mention of the unit
        let gen = lw
            .strip_suffix('s')
            .is_some_and(|b| lex.units.iter().any(|(h, _)| b.ends_with(h.as_str())));
        let lw = if gen { &lw[..lw.len() - 1] } else { lw };
        let Some((head, specific)) = lex
            .units
            .iter()
            .filter(|(h, _)| lw.ends_with(h.as_str()))
            .max_by_key(|(h, _)| h.len())
        else {
            continue;
        };
        let bare = lw == *head;
        let cap = is_cap(w);
        let mut start = t.start;
        // qualifiers on the left: "Farsta stadsdelsförvaltning", "Sociala nämndernas förvaltning"
        let mut k = i;
        let mut qualified = false;
        while k > 0 {
            let prev = &toks[k - 1];
            if &text[prev.end..toks[k].start] != " " {
                break;
            }
            let pw = word(prev);
            let is_gen_lower =
                !is_cap(pw) && pw.ends_with("nas") && k >= 2 && is_cap(word(&toks[k - 2]));
            // "socialnämndens arbetsutskott": a unit in the genitive names the
            // body the next one belongs to
            let is_gen_unit = pw.len() > 4
                && pw.ends_with('s')
                && pw.chars().skip(1).all(char::is_lowercase)
                && {
                    let stem = pw[..pw.len() - 1].lower();
                    lex.units
                        .iter()
                        .any(|(h, _)| stem.ends_with(h.as_str()) && pw.len() - 1 > h.len())
                };
            if is_gen_unit && k == i && !is_cap(w) {
                start = prev.start;
                qualified = true;
                break;
            }
            // a capitalised word that opens a sentence is a qualifier only when
            // it looks like a name: genitive, hyphenated or a known place
            let opens_sentence = opens_sentence(text, prev.start);
            let name_like = pw.ends_with('s')
                || pw.contains('-')
                || lex.municipality_names.contains(&pw.lower());
            if (is_cap(pw)
                && (!opens_sentence || name_like)
                && !lex.not_name.contains(pw)
                && !matches!(
                    pw,
                    "I" | "På" | "Vid" | "Inom" | "Från" | "Hos" | "Till" | "Med"
                )
                && !lex.is_first_name(pw)
                && lex.role_base(pw).is_none()
                // an acronym or a case number is no part of a unit's name
                // ("IVO socialnämnden", "SCN-2015-0180 Socialnämnden")
                && !pw.chars().any(|c| c.is_ascii_digit())
                // nor is another unit ("Socialnämnden Länsstyrelsen")
                && !{
                    let lpw = pw.lower();
                    lex.units.iter().any(|(h, _)| lpw.ends_with(h.as_str()))
                }
                && !(pw.chars().count() > 1 && pw.chars().all(char::is_uppercase)))
                || is_gen_lower
            {
                start = prev.start;
                qualified = true;
                k -= 1;
                // at most two capitalised qualifiers ("Västerås Stads socialtjänst")
                if !is_gen_lower && (i - k >= 2 || !pw.ends_with("s")) {
                    break;
                }
            } else {
                break;
            }
        }
        let mut end = t.end;
        if cap
            || qualified
            || lw.ends_with("förvaltningen")
            || lw.ends_with("nämnden")
            || lw == "stadsdelen"
        {
            // tails on the right: "Biståndsenheten äldreomsorg", "Socialförvaltningen Sydväst"
            let rest = &text[t.end..];
            let tail = lex
                .unit_tails
                .iter()
                .filter(|tl| {
                    rest.strip_prefix(' ')
                        .and_then(|r| r.strip_prefix(tl.as_str()))
                        .is_some_and(|after| {
                            after.chars().next().is_none_or(|c| !c.is_alphanumeric())
                        })
                })
                .max_by_key(|tl| tl.len());
            if let Some(tl) = tail {
                end = t.end + 1 + tl.len();
            } else if let Some(n) = toks.get(i + 1) {
                let nw = word(n);
                if &text[t.end..n.start] == " "
                    && ((cap
                        || lw.ends_with("förvaltningen")
                        || lw.ends_with("nämnden")
                        || lw == "stadsdelen")
                        && is_cap(nw)
                        && nw.len() > 3
                        // "Socialnämnden Inspektionen": a body's name is no tail
                        && !lex.known_orgs.contains_key(&nw.lower())
                        && !{
                            let lnw = nw.lower();
                            lex.units.iter().any(|(h, _)| lnw.ends_with(h.as_str()))
                        }
                        && !lex.is_first_name(nw)
                        && !lex.not_name.contains(nw)
                        && !lex.municipality_names.contains(&nw.lower())
                        // (a capital on the next line starts something else)
                        && toks.get(i + 2).is_none_or(|x| {
                            !is_cap(word(x)) || text[n.end..x.start].contains('\n')
                        }))
                {
                    end = n.end;
                }
            }
        }
        // "Försörjningsstödsenheten för Kungsholmen, Norrmalm och Östermalm":
        // the areas a unit serves, named after "för", are part of its name
        let mut served = false;
        if end == t.end && !bare {
            static FOR_AREAS: OnceLock<Regex> = OnceLock::new();
            let re = FOR_AREAS.get_or_init(|| {
                super::pattern::compile(
                    r"^[ ]för[ ]\p{Lu}[\p{Ll}-]+(?:,[ ]\p{Lu}[\p{Ll}-]+)*[ ]och[ ]\p{Lu}[\p{Ll}-]+\b",
                )
            });
            if let Some(a) = re.find(&text[t.end..]) {
                end = t.end + a.end();
                served = true;
            }
        }
        if bare && !qualified && (cap || !matches!(head.as_str(), "socialtjänsten" | "hemtjänsten"))
        {
            // "enheten", "förvaltningen" alone: only with a complement
            let mut m = Mention::new(
                "unit.bare-head",
                text,
                start,
                end,
                EntityType::Organization,
                2,
                0.5,
            );
            m.needs_complement = true;
            m.unit = true;
            if gen && end == t.end {
                m.base = m.surface[..m.surface.len() - 1].to_string();
                m.genitive = true;
            }
            cands.push(m);
            continue;
        }
        let mut m = Mention::new(
            "unit.head-word",
            text,
            start,
            end,
            EntityType::Organization,
            // (the places a unit serves are part of its name, not places)
            if served {
                6
            } else if qualified {
                4
            } else {
                3
            },
            if cap || qualified { 0.8 } else { 0.5 },
        );
        m.unit = true;
        if gen && end == t.end {
            m.base = m.surface[..m.surface.len() - 1].to_string();
            m.genitive = true;
        }
        // "en socialförvaltning", "varje nämnd": an indefinite unit word in
        // lower case names a kind of body, not one body
        let indefinite = !["en", "et", "n", "fullmäktige", "sdf"]
            .iter()
            .any(|e| head.ends_with(e));
        m.needs_complement = !cap && !qualified && (!specific || indefinite);
        if !cap && !qualified && bare {
            m.needs_complement = true;
        }
        cands.push(m);
    }
}

/// Organisations outside the gazetteer by their shape: a capitalised word
/// with a definite organisation head ("Kavlifonden", data/org_suffixes.txt),
/// a capitalised genitive before "riksförbund"/"förbund"/"förening"/"fond"
/// ("Anhörigas riksförbund"), and a body named by what it is for ("enheten
/// för nyanlända", data/org_heads.txt).
fn organisation_word_candidates(
    text: &str,
    toks: &[Token],
    lex: &Lexicon,
    cands: &mut Vec<Mention>,
) {
    static DATA: OnceLock<(Vec<&'static str>, Vec<&'static str>)> = OnceLock::new();
    let (sfx, heads) = DATA.get_or_init(|| {
        let list = |d: &'static str| -> Vec<&'static str> {
            d.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect()
        };
        (
            list(include_str!("data/org_suffixes.txt")),
            list(include_str!("data/org_heads.txt")),
        )
    });
    let word = |t: &Token| &text[t.start..t.end];
    for (i, t) in toks.iter().enumerate() {
        let w = word(t);
        // only capitalised words and the heads of "enheten för X" matter
        if !is_cap(w) && !heads.iter().any(|h| w.len() == h.len() && w == *h) {
            continue;
        }
        let lw = w.lower();
        // "Kavlifonden" (not when capitalised only because it opens the
        // sentence: "Lokalföreningen har ..." is a common noun)
        let opens = text[..t.start]
            .trim_end_matches([' ', '\t', '"', '”', '–'])
            .ends_with(['\n', '.', '!', '?', ':'])
            || text[..t.start].trim().is_empty();
        if is_cap(w)
            && !opens
            && !w.contains('-')
            && sfx
                .iter()
                .any(|s| lw.ends_with(s) && lw.chars().count() >= s.chars().count() + 3)
            && lex.role_base(w).is_none()
        {
            cands.push(Mention::new(
                "organisation.name-suffix",
                text,
                t.start,
                t.end,
                EntityType::Organization,
                2,
                0.6,
            ));
        } else if is_cap(w)
            && !opens
            && !w.contains('-')
            && lw.strip_suffix('s').is_some_and(|b| {
                sfx.iter()
                    .any(|s| b.ends_with(s) && b.chars().count() >= s.chars().count() + 3)
            })
            && lex.role_base(w).is_none()
        {
            // the genitive "Frälsningsarméns" names the same organisation
            let mut m = Mention::new(
                "organisation.genitive-name",
                text,
                t.start,
                t.end,
                EntityType::Organization,
                2,
                0.6,
            );
            m.base = w[..w.len() - 1].to_string();
            m.genitive = true;
            cands.push(m);
        }
        // "Anhörigas riksförbund"
        if is_cap(w)
            && w.ends_with('s')
            && i + 1 < toks.len()
            && &text[t.end..toks[i + 1].start] == " "
            && matches!(
                word(&toks[i + 1]),
                "riksförbund" | "förbund" | "förening" | "fond" | "stiftelse" | "riksorganisation"
            )
        {
            cands.push(Mention::new(
                "organisation.genitive-association",
                text,
                t.start,
                toks[i + 1].end,
                EntityType::Organization,
                3,
                0.65,
            ));
        }
        // "enheten för nyanlända", "nämnden för Gymnasium & Arbetsmarknad"
        if heads.contains(&lw.as_str())
            && i + 2 < toks.len()
            && word(&toks[i + 1]) == "för"
            && &text[t.end..toks[i + 1].start] == " "
        {
            // capitalised words (and "&", "och" between them) after "för",
            // or one lower-case word, or two joined by "och"
            let spaced = |k: usize| k < toks.len() && &text[toks[k - 1].end..toks[k].start] == " ";
            let is_word = |x: &str| {
                x.chars().all(|c| c.is_alphabetic() || c == '-') && !CLAUSE_WORDS.contains(&x)
            };
            let first = word(&toks[i + 2]);
            let mut end = None;
            if spaced(i + 2) && is_word(first) && is_cap(first) {
                let mut k = i + 2;
                while spaced(k) {
                    let x = word(&toks[k]);
                    if is_cap(x) && is_word(x) {
                        end = Some(toks[k].end);
                    } else if !matches!(x, "och" | "&") {
                        break;
                    }
                    k += 1;
                }
            } else if spaced(i + 2) && is_word(first) {
                end = Some(toks[i + 2].end);
                // an adjective and its noun: "enheten för ekonomiskt bistånd"
                let adjective = first.chars().count() > 3
                    && (first.ends_with('t') || first.ends_with('a'))
                    && !first.ends_with("ning");
                if adjective
                    && spaced(i + 3)
                    && is_word(word(&toks[i + 3]))
                    && !is_cap(word(&toks[i + 3]))
                {
                    end = Some(toks[i + 3].end);
                } else if spaced(i + 4)
                    && word(&toks[i + 3]) == "och"
                    && is_word(word(&toks[i + 4]))
                    && !is_cap(word(&toks[i + 4]))
                    // "vård och omsorg", not "nyanlända och avdelningen"
                    && !["en", "et", "na"].iter().any(|e| word(&toks[i + 4]).ends_with(e))
                {
                    end = Some(toks[i + 4].end);
                }
            }
            if let Some(end) = end {
                let mut m = Mention::new(
                    "organisation.head-for",
                    text,
                    t.start,
                    end,
                    EntityType::Organization,
                    3,
                    0.6,
                );
                m.unit = !matches!(lw.as_str(), "centrum" | "institutet" | "rådet");
                cands.push(m);
            }
        }
    }
}

/// A capitalised name after a definite noun that says what kind of body it
/// is: "barnrättsorganisationen Maskrosbarn", "undersökningsföretaget
/// Nordlund Analys", "tidningen Proletären" (data/kind_nouns.tsv). The name
/// runs over up to three capitalised words; a first name or a title after
/// the noun is a person's ("föreningen Anna ..." is no name of a body).
fn kind_noun_names(
    text: &str,
    toks: &[Token],
    lows: &[String],
    lex: &Lexicon,
    cands: &mut Vec<Mention>,
) {
    let kinds = &lex.kind_nouns;
    let word = |t: &Token| &text[t.start..t.end];
    for (i, t) in toks.iter().enumerate() {
        let w = word(t);
        // "Organisationen Maskrosbarn" opening a sentence; "Föreningen X",
        // "Stiftelsen X" capitalised are names of their own (the `forening`
        // pattern)
        let lw: &str = &lows[i];
        if is_cap(w) && matches!(lw, "föreningen" | "stiftelsen" | "riksförbundet") {
            continue;
        }
        let Some(&(_, etype)) = kinds.iter().find(|(h, _)| lw.ends_with(h.as_str())) else {
            continue;
        };
        let mut end = None;
        let mut k = i + 1;
        while k < toks.len() && k <= i + 3 && &text[toks[k - 1].end..toks[k].start] == " " {
            let x = word(&toks[k]);
            let first = k == i + 1;
            if !is_cap(x)
                || !x.chars().all(|c| c.is_alphabetic() || c == '-')
                || lex.not_name.contains(x)
                || (first && (lex.is_first_name(x) || lex.role_base(x).is_some()))
            {
                break;
            }
            end = Some(toks[k].end);
            k += 1;
        }
        let Some(end) = end else { continue };
        cands.push(Mention::new(
            "organisation.kind-noun-name",
            text,
            toks[i + 1].start,
            end,
            etype,
            // (above a capitalised unit word with the name as its tail:
            // "Organisationen Maskrosbarn")
            if is_cap(w) { 4 } else { 2 },
            0.65,
        ));
    }
}

/// The line that announces a list of sessions: it ends with ":" and names
/// sessions in the plural ("två paneldebatter under Almedalsveckan:",
/// "Seminarier:"). Returns the line's span, for the hosts it names.
pub fn session_intro_before(text: &str, pos: usize) -> Option<(usize, usize)> {
    static INTRO: OnceLock<Regex> = OnceLock::new();
    let intro = INTRO.get_or_init(|| {
        super::pattern::compile(
            r"(?i)\b\p{L}*(?:debatter|seminarier|samtal|föreläsningar|sessioner|workshoppar|paneler)\b[^\n]*:[ \t]*$",
        )
    });
    // the nearest line above that ends with ":" (at most twenty lines up)
    let mut end = text[..pos].rfind('\n')?;
    for _ in 0..20 {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..end];
        if line.trim_end().ends_with(':') {
            return intro.is_match(line).then_some((start, end));
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
    None
}

/// Sessions announced as a list: after a line of `session_intro_before`,
/// each short title line ("Hur ska välfärdsbrotten stoppas?"), between the
/// paragraphs that describe them, is a titled session (GUIDELINES 11). The
/// list ends at a labelled line ("Bland debattörerna:", "Plats:").
fn announced_sessions(text: &str, cands: &mut Vec<Mention>) {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for l in text.split('\n') {
        lines.push((start, start + l.len()));
        start += l.len() + 1;
    }
    for (i, &(s, e)) in lines.iter().enumerate() {
        if !text[s..e].trim_end().ends_with(':')
            || session_intro_before(text, e.min(text.len().saturating_sub(1)) + 1) != Some((s, e))
        {
            continue;
        }
        for &(ls, le) in lines.iter().skip(i + 1).take(30) {
            let line = text[ls..le].trim();
            if line.is_empty() {
                continue;
            }
            if line.ends_with(':') || line.split_once(':').is_some_and(|(l, _)| !l.contains(' ')) {
                break;
            }
            let words = line.split_whitespace().count();
            let title = words <= 14
                && line.chars().next().is_some_and(char::is_uppercase)
                && (line.ends_with('?') || !line.ends_with(['.', '!', ',']));
            if title {
                let at = ls + text[ls..le].find(line).unwrap_or(0);
                cands.push(Mention::new(
                    "event.announced-session",
                    text,
                    at,
                    at + line.len(),
                    EntityType::Event,
                    5,
                    0.6,
                ));
            } else if words <= 14 {
                break;
            }
        }
    }
}

/// A school inside a university: a compound ending in "-högskolan" before
/// "vid" or a comma and the university ("socialhögskolan, Lunds
/// universitet", "Vårdhögskolan vid Umeå universitet"). Alone the word may
/// name a university of its own ("Gymnastik- och idrottshögskolan").
fn university_schools(text: &str, toks: &[Token], lows: &[String], cands: &mut Vec<Mention>) {
    static AT: OnceLock<Regex> = OnceLock::new();
    let at = AT.get_or_init(|| {
        super::pattern::compile(r"^(?:[ ]vid|,)[ ]\p{Lu}[^\n.,;:!?]{0,30}?universitet")
    });
    for (ti, t) in toks.iter().enumerate() {
        let lw: &str = &lows[ti];
        let Some(stem) = lw.strip_suffix("högskolan") else {
            continue;
        };
        if stem.chars().count() >= 4 && !stem.ends_with('-') && at.is_match(&text[t.end..]) {
            let m = Mention::new(
                "organisation.university-school",
                text,
                t.start,
                t.end,
                EntityType::Organization,
                3,
                0.7,
            );
            cands.push(m);
        }
    }
}

/// A degree programme at a university: a profession before "-programmet"
/// or "-utbildningen" and the university after "på" or "vid"
/// ("socionomprogrammet på Umeå universitet", "Sjuksköterskeutbildningen
/// vid Karlstads universitet"). Without the university the word names the
/// kind of education, not one programme.
fn study_programmes(
    text: &str,
    toks: &[Token],
    lows: &[String],
    lex: &Lexicon,
    cands: &mut Vec<Mention>,
) {
    static AT: OnceLock<Regex> = OnceLock::new();
    let at = AT.get_or_init(|| {
        super::pattern::compile(
            r"^[ ](?:på|vid)[ ]\p{Lu}[^\n.,;:!?]{0,30}?(?:universitet|högskola)",
        )
    });
    for (ti, t) in toks.iter().enumerate() {
        let lw: &str = &lows[ti];
        let Some(stem) = ["programmet", "utbildningen"]
            .iter()
            .find_map(|h| lw.strip_suffix(h))
        else {
            continue;
        };
        // a profession or degree (data/degree_stems.txt) or a title
        let profession = lex.degree_stems.contains(stem)
            || stem.chars().count() >= 4 && lex.role_base(&format!("{stem}e")).is_some();
        if profession && at.is_match(&text[t.end..]) {
            cands.push(Mention::new(
                "initiative.study-programme",
                text,
                t.start,
                t.end,
                EntityType::Initiative,
                3,
                0.7,
            ));
        }
    }
}

/// Units named after a label for a part of an administration:
/// "verksamhetsområdet Barn, unga och familjestöd", "i följande
/// verksamhetsområden: Myndighet, Vård och omsorg, Socialt stöd", "sektor
/// socialtjänst". A capitalised name runs over lower-case words joined by
/// "," or "och"; a capital after "," or "och" starts the next name. A
/// lower-case name after the bare label "sektor" keeps the label.
fn labelled_unit_candidates(text: &str, cands: &mut Vec<Mention>) {
    static RX: OnceLock<Regex> = OnceLock::new();
    let label = RX.get_or_init(|| {
        super::pattern::compile(
            r"\b(?:[Vv]erksamhetsområde(?:t|n|na)?|[Ff]örvaltningsområde(?:t|n|na)?|[Ss]ektor(?:n|erna)?|[Rr]esultatområde(?:t|n|na)?)(?:[ ]*:)?[ ]",
        )
    });
    for l in label.find_iter(text) {
        let bare_sektor = l.as_str().trim_end().eq_ignore_ascii_case("sektor");
        let mut pos = l.end();
        let mut items = 0;
        loop {
            let rest = &text[pos..];
            let Some(first) = rest.chars().next() else {
                break;
            };
            let capital = first.is_uppercase();
            if !(capital || bare_sektor && items == 0 && first.is_lowercase()) {
                break;
            }
            // the name: words up to a clause word, punctuation other than a
            // comma, or a capital after "," / "och" (the next name)
            let mut end = pos;
            let mut next = None;
            let mut i = pos;
            for (k, w) in rest.split(' ').enumerate() {
                let word = w.trim_end_matches([',', '.', ';', ':', '!', '?']);
                let at = i;
                i += w.len() + 1;
                if k > 0 {
                    if word.is_empty()
                        || CLAUSE_WORDS.contains(&word) && word != "och"
                        || matches!(word, "samt" | "en" | "ett" | "den" | "det" | "de" | "även")
                    {
                        break;
                    }
                    // a lower-case name ends at its comma ("sektor
                    // socialtjänst, barn och ...")
                    if !capital && text[..at].ends_with(", ") {
                        break;
                    }
                    if word == "och" {
                        let after = text[at + w.len()..].trim_start_matches(' ');
                        if after.chars().next().is_some_and(char::is_uppercase) {
                            next = Some(at + w.len() + 1);
                            break;
                        }
                        // "och en stab": no name goes on with an article
                        let then = after.split(' ').next().unwrap_or("");
                        if matches!(then, "en" | "ett" | "den" | "det" | "de") {
                            break;
                        }
                        continue;
                    }
                    if word.chars().next().is_some_and(char::is_uppercase) {
                        // ", Socialt stöd": the next name
                        if text[..at].ends_with(", ") {
                            next = Some(at);
                        }
                        break;
                    }
                    if !word.chars().all(|c| c.is_alphabetic() || c == '-') {
                        break;
                    }
                }
                end = at + word.len();
                if w.ends_with(['.', ';', ':', '!', '?', '\n']) || w.contains('\n') {
                    break;
                }
                if k >= 5 {
                    break;
                }
            }
            if end <= pos {
                break;
            }
            // a capitalised name stands alone; a lower-case one keeps "sektor"
            let start = if capital { pos } else { l.start() };
            let mut name = text[start..end].trim_end_matches([',', ' ']);
            while let Some(n) = name.strip_suffix(" och").or_else(|| name.strip_suffix(",")) {
                name = n.trim_end();
            }
            let end = start + name.len();
            if name.chars().count() > 3 {
                let mut m = Mention::new(
                    "unit.labelled-name",
                    text,
                    start,
                    end,
                    EntityType::Organization,
                    3,
                    0.6,
                );
                m.unit = true;
                cands.push(m);
                items += 1;
            }
            match next {
                Some(n) if n > pos => pos = n,
                _ => break,
            }
        }
    }
}

/// Lower-case compounds in the definite form that name one event or one
/// initiative: "barnrättsdagarna", "studiedagarna i Nyköping",
/// "barnrättsplanen", "mellantvångsutredningen", "verksamhetsplanen för
/// 2023". The part before the head is a word of its own (five letters or
/// more); a compound that is itself a generic head ("handlingsplanen") refers
/// back instead (`definite_references`), and everyday compounds
/// ("arbetsdagarna") are listed in `data/generic_compounds.txt`. The heads
/// are in `data/compound_heads.tsv`.
fn lowercase_named_compounds(text: &str, toks: &[Token], lex: &Lexicon, cands: &mut Vec<Mention>) {
    // the heads and their type (data/compound_heads.tsv), the everyday
    // compounds (data/generic_compounds.txt)
    type Heads = Vec<(&'static str, EntityType)>;
    static DATA: OnceLock<(Heads, std::collections::HashSet<&'static str>)> = OnceLock::new();
    let (heads, generic) = DATA.get_or_init(|| {
        let lines = |d: &'static str| {
            d.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
        };
        let heads = lines(include_str!("data/compound_heads.tsv"))
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(h, t)| Some((h, EntityType::parse(t)?)))
            .collect();
        (
            heads,
            lines(include_str!("data/generic_compounds.txt")).collect(),
        )
    });
    for (i, t) in toks.iter().enumerate() {
        let w = &text[t.start..t.end];
        if !w.chars().all(|c| c.is_lowercase()) {
            continue;
        }
        let Some(&(head, etype)) = heads.iter().find(|(h, _)| {
            w.strip_suffix(h)
                .is_some_and(|m| m.chars().count() >= 5 && !generic.contains(m))
        }) else {
            continue;
        };
        let rule = if etype == EntityType::Event {
            "event.lowercase-compound"
        } else {
            "initiative.lowercase-compound"
        };
        // "handlingsplanen": the generic head itself
        let stem = &w[..w.len() - head.len()];
        let indefinite = format!(
            "{stem}{}",
            head.trim_end_matches("en").trim_end_matches("na")
        );
        if lex.initiative_heads.contains(indefinite.as_str())
            || lex.initiative_heads.contains(&w[..w.len() - 2])
        {
            continue;
        }
        // the place or the year that belongs to the name
        let mut end = t.end;
        let next = |k: usize| toks.get(k).map(|x| &text[x.start..x.end]);
        match (next(i + 1), next(i + 2)) {
            (Some("i"), Some(p))
                if etype == EntityType::Event
                    && is_cap(p)
                    && &text[t.end..toks[i + 1].start] == " " =>
            {
                end = toks[i + 2].end;
            }
            (Some("för"), Some(y)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => {
                end = toks[i + 2].end;
            }
            _ => {}
        }
        cands.push(Mention::new(rule, text, t.start, end, etype, 3, 0.6));
    }
    // "studiedagarna" alone, where the text also names "studiedagarna i
    // Nyköping", speaks of them in general or of one of them: no name
    let placed: Vec<String> = cands
        .iter()
        .filter(|m| m.rule == "event.lowercase-compound" && m.surface.contains(" i "))
        .map(|m| m.surface.split(' ').next().unwrap_or("").to_string())
        .collect();
    cands.retain(|m| {
        m.rule != "event.lowercase-compound"
            || m.surface.contains(' ')
            || !placed.contains(&m.surface)
    });
}

/// "chef för Socialt stöd", "förvaltningschef för Gymnasium & Arbetsmarknad":
/// what a head leads, named in capitals after "för", is a unit.
fn led_unit_candidates(text: &str, toks: &[Token], lex: &Lexicon, cands: &mut Vec<Mention>) {
    let word = |t: &Token| &text[t.start..t.end];
    for i in 0..toks.len().saturating_sub(2) {
        // the cheap checks first: "för" and a capitalised word after it
        if word(&toks[i + 1]) != "för"
            || !is_cap(word(&toks[i + 2]))
            || &text[toks[i].end..toks[i + 1].start] != " "
            || &text[toks[i + 1].end..toks[i + 2].start] != " "
        {
            continue;
        }
        let Some(role) = lex.role_base(word(&toks[i])) else {
            continue;
        };
        // ("ansvarig för X" names a task, "projektledare för X" a project)
        if !["chef", "direktör"].iter().any(|h| role.ends_with(h)) {
            continue;
        }
        let first = word(&toks[i + 2]);
        if !is_cap(first) || !first.chars().all(char::is_alphabetic) {
            continue;
        }
        // the capitalised word and what follows it on the same line, up to
        // a clause word or punctuation: "Socialt stöd", "Barn Unga Vuxna"
        let mut end = toks[i + 2].end;
        let mut k = i + 3;
        while k < toks.len() && k < i + 6 && &text[toks[k - 1].end..toks[k].start] == " " {
            let x = word(&toks[k]);
            if x == "&" || (x == "och" && k + 1 < toks.len()) {
                k += 1;
                continue;
            }
            if !x.chars().all(|c| c.is_alphabetic() || c == '-')
                || CLAUSE_WORDS.contains(&x)
                || matches!(x, "vid" | "för" | "hos" | "inom" | "av" | "om" | "mot")
                || lex.role_base(x).is_some()
            {
                break;
            }
            end = toks[k].end;
            k += 1;
        }
        let mut m = Mention::new(
            "unit.led",
            text,
            toks[i + 2].start,
            end,
            EntityType::Organization,
            2,
            0.55,
        );
        m.unit = true;
        cands.push(m);
    }
}

/// Capitalised one-word initiatives by their definite head:
/// "Trelleborgsmodellen", "Socialchefsrapporten" (data/initiative_suffixes.txt).
fn initiative_word_candidates(text: &str, toks: &[Token], cands: &mut Vec<Mention>) {
    static SFX: OnceLock<Vec<&'static str>> = OnceLock::new();
    let sfx = SFX.get_or_init(|| {
        include_str!("data/initiative_suffixes.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });
    for t in toks {
        let w = &text[t.start..t.end];
        if !is_cap(w) || w.contains('-') {
            continue;
        }
        let lw = w.lower();
        let (stem, genitive) = match lw.strip_suffix('s') {
            Some(b) if sfx.iter().any(|s| b.ends_with(s)) => (b, true),
            _ => (lw.as_str(), false),
        };
        let Some(s) = sfx.iter().find(|s| stem.ends_with(*s)) else {
            continue;
        };
        // a part of its own before the head, at least a short word
        if stem.chars().count() < s.chars().count() + 4 {
            continue;
        }
        // the definite form of a generic head ("Handlingsplanen") refers
        // back to an initiative named elsewhere (definite_references)
        let indefinite = stem
            .strip_suffix("en")
            .or_else(|| stem.strip_suffix("et"))
            .unwrap_or(stem);
        if Lexicon::get().initiative_heads.contains(indefinite) {
            continue;
        }
        let end = if genitive { t.end - 1 } else { t.end };
        let mut m = Mention::new(
            "initiative.head-word",
            text,
            t.start,
            end,
            EntityType::Initiative,
            3,
            0.6,
        );
        if genitive {
            m.end = t.end;
            m.surface = w.to_string();
            m.genitive = true;
        }
        cands.push(m);
    }
}

fn event_candidates(
    text: &str,
    toks: &[Token],
    lows: &[String],
    lex: &Lexicon,
    cands: &mut Vec<Mention>,
) {
    let p = patterns();
    for (ti, t) in toks.iter().enumerate() {
        let w = &text[t.start..t.end];
        if !is_cap(w) {
            continue;
        }
        let lw: &str = &lows[ti];
        let Some(sfx) = lex
            .event_suffixes
            .iter()
            .filter(|s| s.chars().next().is_some_and(char::is_lowercase))
            .find(|s| {
                lw.ends_with(s.as_str())
                    || lw
                        .strip_suffix('s')
                        .is_some_and(|b| b.ends_with(s.as_str()))
            })
        else {
            continue;
        };
        if lw.chars().count() < sfx.chars().count() + 3
            || [
                "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "vardag",
                "idag", "helgdag", "härom", "nuför", "förr", "samma", "hela", "andra", "första",
                "sista", "nästa", "varje", "alla",
            ]
            .iter()
            .any(|d| lw.starts_with(d))
        {
            continue;
        }
        let mut end = t.end;
        if let Some(y) = p.year.captures(&text[t.end..]) {
            if let Some(g) = y.get(1) {
                end = t.end + g.end();
            }
        }
        cands.push(Mention::new(
            "event.head-word",
            text,
            t.start,
            end,
            EntityType::Event,
            4,
            0.85,
        ));
    }
}

/// Which bytes of the text lie inside a mention, for overlap checks in
/// linear time.
fn coverage(len: usize, ms: &[Mention]) -> Vec<bool> {
    let mut c = vec![false; len + 1];
    for m in ms {
        for b in c.iter_mut().take(m.end.min(len)).skip(m.start) {
            *b = true;
        }
    }
    c
}

fn covered(cover: &[bool], start: usize, end: usize) -> bool {
    cover.get(start..end).is_some_and(|s| s.iter().any(|&b| b))
}

/// "handlingsplanen", "projektet": the definite form of an initiative's
/// head noun refers to the one initiative of the document with that head.
fn definite_references(
    text: &str,
    toks: &[Token],
    lows: &[String],
    lex: &Lexicon,
    ms: &mut Vec<Mention>,
) {
    let cover = coverage(text.len(), ms);
    let mut add = Vec::new();
    for (ti, t) in toks.iter().enumerate() {
        let lw: &str = &lows[ti];
        let Some(head) = ["en", "et", "n"]
            .iter()
            .filter_map(|sfx| lw.strip_suffix(sfx))
            .find(|h| lex.initiative_heads.contains(*h))
        else {
            continue;
        };
        if covered(&cover, t.start, t.end) {
            continue;
        }
        let inits: Vec<&Mention> = ms
            .iter()
            .filter(|m| m.etype == EntityType::Initiative && m.surface.lower().ends_with(head))
            .collect();
        let names: std::collections::HashSet<String> = inits
            .iter()
            .map(|m| m.canon.clone().unwrap_or_else(|| m.base.clone()))
            .collect();
        if names.len() == 1 {
            let i = inits[0];
            let mut m = Mention::new(
                "initiative.definite-reference",
                text,
                t.start,
                t.end,
                EntityType::Initiative,
                1,
                0.5,
            );
            m.canon = Some(i.canon.clone().unwrap_or_else(|| i.base.clone()));
            add.push(m);
        }
    }
    ms.extend(add);
    ms.sort_by_key(|m| m.start);
}

/// A capitalised word after "i" that is one edit from a municipality the
/// document names elsewhere is that municipality ("Sundvall" in an article
/// about Sundsvall).
fn misspelled_places(text: &str, toks: &[Token], lex: &Lexicon, ms: &mut Vec<Mention>) {
    let named: Vec<String> = ms
        .iter()
        .filter(|m| m.etype == EntityType::Municipality)
        .filter_map(|m| m.canon.clone())
        .collect();
    if named.is_empty() {
        return;
    }
    let cover = coverage(text.len(), ms);
    let mut add = Vec::new();
    for w in toks.windows(2) {
        let (prep, t) = (&text[w[0].start..w[0].end], &text[w[1].start..w[1].end]);
        if prep != "i"
            || !is_cap(t)
            || t.chars().count() < 5
            || lex.municipality_names.contains(&t.lower())
        {
            continue;
        }
        if covered(&cover, w[1].start, w[1].end) || !boundary_after(text, w[1].end) {
            continue;
        }
        if let Some(canon) = named
            .iter()
            .find(|c| crate::text::edit_distance_le1(&c.lower(), &t.lower()))
        {
            let mut m = Mention::new(
                "municipality.misspelled",
                text,
                w[1].start,
                w[1].end,
                EntityType::Municipality,
                2,
                0.6,
            );
            m.canon = Some(canon.clone());
            m.city = true;
            add.push(m);
        }
    }
    ms.extend(add);
    ms.sort_by_key(|m| m.start);
}

/// Once a document has named an initiative, event or organisation, its
/// other occurrences are mentions too ("Yrkesresan" in a caption after
/// "lanserades Yrkesresan").
fn propagate(text: &str, ms: &mut Vec<Mention>) {
    let names: Vec<Mention> = ms
        .iter()
        .filter(|m| {
            matches!(m.etype, EntityType::Initiative | EntityType::Event)
                && is_cap(&m.surface)
                && m.surface.chars().count() >= 4
        })
        .cloned()
        .collect();
    let mut seen = std::collections::HashSet::new();
    let cover = coverage(text.len(), ms);
    for n in names {
        if !seen.insert(n.surface.clone()) {
            continue;
        }
        for (pos, _) in text.match_indices(n.surface.as_str()) {
            let end = pos + n.surface.len();
            if !boundary_before(text, pos) || !boundary_after(text, end) {
                continue;
            }
            if covered(&cover, pos, end) {
                continue;
            }
            if ms.iter().any(|m| pos < m.end && m.start < end) {
                continue;
            }
            let mut copy = n.clone();
            copy.start = pos;
            copy.end = end;
            copy.confidence = (n.confidence - 0.1).max(0.3);
            ms.push(copy);
        }
    }
    ms.sort_by_key(|m| m.start);
}

/// City districts named as administrative units (a district used as a body
/// is an Organization part of its municipality; used as a location it stays
/// a Place): after a district word, through a list ("stadsdelen Skarpnäck",
/// "stadsdelsförvaltningarna Kungsholmen, Norrmalm och Östermalm", "sex
/// stadsdelar och kommuner: A, B och C"), as a workplace after a title
/// ("fältassistent på Södermalm"), with its administration's abbreviation
/// ("Norrmalm SDF"), or acting at the head of a sentence ("Skarpnäck
/// genomförde ..."). Every mention of that district in the document follows.
fn administrative_districts(text: &str, lex: &Lexicon, ms: &mut [Mention]) {
    static RX: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    let (cue, title_prep, acts) = RX.get_or_init(|| {
        (
            super::pattern::compile(
                r"(?i)\b(?:stadsdel(?:en|ar|arna)?|stadsdelsförvaltning(?:en|ar|arna)?|stadsdelsnämnd(?:en|er|erna)?|stadsdelsområde(?:t|n|na)?|stadsområde(?:t|n|na)?)(?:[ ]och[ ]\p{Ll}+)?[ ]*:?[ ]+$",
            ),
            super::pattern::compile(r"(?:^|[ \n])(\p{Ll}[\p{Ll}-]+)[ ](?:på|vid|i)[ ]$"),
            super::pattern::compile(
                r"^[ ](?:genomförde|genomför|startade|startar|driver|drev|införde|inför|anställer|anställde|beslutade|beslutar|har[ ](?:infört|startat|genomfört|anställt|beslutat))\b",
            ),
        )
    });
    let is_district = |m: &Mention| {
        m.etype == EntityType::Place && !m.nested && lex.districts.contains_key(&m.base.lower())
    };
    let mut bodies: Vec<String> = Vec::new();
    for i in 0..ms.len() {
        if !is_district(&ms[i]) {
            continue;
        }
        // back over a list of names to the words before its first item
        let mut first = i;
        while first > 0 {
            let prev = &ms[first - 1];
            if prev.end > ms[first].start {
                break;
            }
            let gap = &text[prev.end..ms[first].start];
            if !matches!(gap, ", " | " och " | ", och ") {
                break;
            }
            first -= 1;
        }
        let before = &text[..ms[first].start];
        let from = before.char_indices().rev().nth(80).map_or(0, |(p, _)| p);
        let lead = &before[from..];
        let listed = cue.is_match(lead);
        let workplace = first == i
            && title_prep
                .captures(lead)
                .and_then(|c| c.get(1))
                .is_some_and(|w| lex.role_base(w.as_str()).is_some());
        let after = &text[ms[i].end..];
        let sdf = after.starts_with(" SDF")
            && after[4..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
        let opens = before
            .trim_end_matches([' ', '\t'])
            .ends_with(['\n', '.', '!', '?'])
            || before.trim().is_empty();
        let acting = opens && acts.is_match(after);
        if listed || workplace || sdf || acting {
            if sdf {
                let m = &mut ms[i];
                m.end += 4;
                m.surface = text[m.start..m.end].to_string();
                m.base = m.surface.clone();
            }
            bodies.push(ms[i].canon.clone().unwrap_or_else(|| ms[i].base.clone()));
        }
    }
    for m in ms.iter_mut() {
        let name = m.canon.clone().unwrap_or_else(|| m.base.clone());
        let district =
            m.etype == EntityType::Place && (bodies.contains(&name) || bodies.contains(&m.base));
        if district {
            m.etype = EntityType::Organization;
            m.unit = true;
            m.rule = "unit.administrative-district";
        }
    }
}

/// Picks non-overlapping candidates: higher priority first, then longer.
fn select(mut cands: Vec<Mention>) -> Vec<Mention> {
    cands.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for c in cands {
        if taken.iter().any(|&(s, e)| c.start < e && s < c.end) {
            continue;
        }
        taken.push((c.start, c.end));
        out.push(c);
    }
    out.sort_by_key(|m| m.start);
    out
}

fn at(ms: &[Mention], pos: usize) -> Option<usize> {
    ms.iter().position(|m| m.start == pos && !m.nested)
}

/// Joins units, branches, headings and genitive initiatives with the body
/// or place they name: the composite mention spans both, the inner mention
/// stays (nested) and is linked.
fn compose(text: &str, lex: &Lexicon, ms: &mut Vec<Mention>) {
    use EntityType::*;
    static COMPLEMENT: OnceLock<Regex> = OnceLock::new();
    let complement = COMPLEMENT.get_or_init(|| {
        super::pattern::compile(r"^(?:[ ]för(?:[ ][\p{Ll}-]+){1,5}?)?[ ](?:i|vid|inom)[ ]")
    });
    // districts: "Malmö norr" belongs to Malmö
    let n = ms.len();
    for j in 0..n {
        if !(ms[j].city || ms[j].etype == Municipality) || ms[j].nested {
            continue;
        }
        let rest = &text[ms[j].end..];
        let Some(w) = rest.strip_prefix(' ') else {
            continue;
        };
        let word: String = w.chars().take_while(|c| c.is_alphabetic()).collect();
        if lex.district_words.contains(word.as_str()) && at(ms, ms[j].end + 1).is_none() {
            let mut d = Mention::new(
                "unit.city-district",
                text,
                ms[j].start,
                ms[j].end + 1 + word.len(),
                Organization,
                4,
                0.7,
            );
            d.base = d.surface.clone();
            d.unit = true;
            d.parent = Some((ms[j].start, ms[j].end));
            ms[j].nested = true;
            ms.push(d);
        }
    }
    ms.sort_by_key(|m| m.start);
    let mut i = 0;
    while i < ms.len() {
        let m = ms[i].clone();
        if m.nested {
            i += 1;
            continue;
        }
        // a named national organisation (from data/organisations.tsv, so it
        // has a canonical name and is no unit) "i X" is its local branch,
        // as a union's is: "Frälsningsarmén i Stockholm"
        let national_org = m.etype == Organization && m.canon.is_some() && !m.unit;
        let is_unit = m.etype == Organization && !national_org;
        let is_branch = national_org
            || (m.etype == Union || (m.etype == GovernmentAgency && m.canon.is_some()))
                && m.canon
                    .as_deref()
                    .is_some_and(|c| lex.branch_bodies.contains(c) || m.etype == Union);
        if (is_unit || is_branch) && !m.genitive {
            if let Some(c) = complement.find(&text[m.end..]) {
                let pos = m.end + c.end();
                if let Some(j) = at(ms, pos) {
                    let inner = ms[j].clone();
                    // (a department of a university: "Institutionen för
                    // socialt arbete vid Göteborgs universitet")
                    let ok_inner = matches!(
                        inner.etype,
                        Municipality | Region | Place | Organization | University
                    );
                    let branch_ok =
                        !is_branch || matches!(inner.etype, Municipality | Place | Region);
                    // (a unit word that is capitalised only because it opens the
                    // sentence is the generic word: "Socialförvaltningen i X")
                    let proper_name = is_unit
                        && is_cap(&m.surface)
                        && !lex.generic_units.contains(&m.surface.lower())
                        && !(opens_sentence(text, m.start) && one_word_unit(&m.surface))
                        // "Socialhögskolan vid Lunds universitet" is named with its university
                        && m.rule != "organisation.university-school";
                    if proper_name && ok_inner && !inner.genitive && !c.as_str().contains(" för ")
                    {
                        // "Hälso- och sjukvårdsenheten i Västerås stad": the unit keeps its name
                        ms[i].parent = Some((inner.start, inner.end));
                    } else if ok_inner && branch_ok && !inner.genitive && c.as_str().trim() != "vid"
                        || (ok_inner && is_unit && !inner.genitive)
                    {
                        let mut comp = Mention::new(
                            "composite.unit-in-body",
                            text,
                            m.start,
                            inner.end,
                            m.etype,
                            m.priority,
                            m.confidence.max(0.7),
                        );
                        comp.base = comp.surface.clone();
                        comp.unit = m.unit;
                        // canonical: the unit with its body's canonical name, so a
                        // misspelt or genitive body gives the same key
                        let head = &text[m.start..inner.start];
                        let body = inner.canon.clone().unwrap_or_else(|| inner.base.clone());
                        comp.canon = Some(format!("{head}{body}"));
                        ms[j].nested = true;
                        if is_branch {
                            comp.located = Some((inner.start, inner.end));
                            if m.etype == Union || national_org {
                                // keep the national body as its own mention
                                let mut national = m.clone();
                                national.nested = true;
                                comp.parent = Some((m.start, m.end));
                                ms.push(national);
                            }
                        } else {
                            comp.parent = Some((inner.start, inner.end));
                        }
                        ms[i] = comp;
                    }
                }
            }
        }
        // "Sociala nämndernas förvaltning, Västerås stad"
        if ms[i].etype == Organization && ms[i].parent.is_none() && !ms[i].needs_complement {
            let rest = &text[ms[i].end..];
            if rest.starts_with(", ") {
                if let Some(j) = at(ms, ms[i].end + 2) {
                    // (and "socialhögskolan, Lunds universitet")
                    let school_of =
                        ms[i].rule == "organisation.university-school" && ms[j].etype == University;
                    if matches!(ms[j].etype, Municipality | Region) && !ms[j].city || school_of {
                        ms[i].parent = Some((ms[j].start, ms[j].end));
                    }
                }
            }
        }
        // "Herrljunga kommuns socialförvaltning": the unit of a municipality
        // named in the genitive keeps the owner in its name and belongs to it
        if m.genitive && m.etype == Municipality && !m.city {
            if let Some(j) = at(ms, m.end + 1) {
                let unit = ms[j].clone();
                if unit.unit && unit.etype == Organization && !is_cap(&unit.surface) {
                    let mut comp = Mention::new(
                        "composite.genitive-unit",
                        text,
                        m.start,
                        unit.end,
                        Organization,
                        4,
                        0.8,
                    );
                    comp.base = comp.surface.clone();
                    comp.unit = true;
                    comp.parent = Some((m.start, m.end));
                    ms[i].nested = true;
                    ms[j] = comp;
                    i += 1;
                    continue;
                }
            }
        }
        // "Visions Göteborgsavdelning", "Kommunals sektion Väst": a union's
        // branch named after the union's genitive is a union, part of it
        if m.genitive && m.etype == Union {
            static BRANCH: OnceLock<Regex> = OnceLock::new();
            let re = BRANCH.get_or_init(|| {
                super::pattern::compile(r"^[ ](\p{Lu}\p{L}*(?:avdelning|avdelningen|sektion|sektionen|klubb|klubben)|(?:avdelning|sektion|klubb)[ ]\p{Lu}\p{L}+)\b")
            });
            if let Some(c) = re.captures(&text[m.end..]) {
                let end = m.end + c.get(1).map_or(0, |g| g.end());
                if !ms
                    .iter()
                    .any(|o| !o.nested && o.start > m.end && o.start < end)
                {
                    let mut comp =
                        Mention::new("composite.union-branch", text, m.start, end, Union, 4, 0.75);
                    comp.base = comp.surface.clone();
                    comp.parent = Some((m.start, m.end));
                    ms[i].nested = true;
                    ms.push(comp);
                    i += 1;
                    continue;
                }
            }
        }
        // "Frälsningsarméns sociala center", "Valdemarsviks kommuns stöd- och
        // omsorgssektor": an organisation's genitive before a lower-case unit
        // noun (with up to two words before it) names a unit of it
        if m.genitive && m.etype.is_org() && !m.city {
            static UNIT_NOUN: OnceLock<Regex> = OnceLock::new();
            let re = UNIT_NOUN.get_or_init(|| {
                super::pattern::compile(r"^[ ]((?:[\p{Ll}-]+[ ](?:och[ ])?){0,2}\p{Ll}*(?:center|centret|sektor|sektorn|avdelning|verksamhet|kontor|mottagning|boende))\b")
            });
            if let Some(c) = re.captures(&text[m.end..]) {
                let end = m.end + c.get(1).map_or(0, |g| g.end());
                let free = !ms
                    .iter()
                    .any(|o| !o.nested && o.start > m.end && o.start < end);
                if free {
                    let mut comp = Mention::new(
                        "composite.org-genitive-unit",
                        text,
                        m.start,
                        end,
                        Organization,
                        4,
                        0.75,
                    );
                    comp.base = comp.surface.clone();
                    comp.unit = true;
                    comp.parent = Some((m.start, m.end));
                    ms[i].nested = true;
                    ms.push(comp);
                    i += 1;
                    continue;
                }
            }
        }
        // genitive body + initiative head: "Stockholms stads handlingsplan"
        if m.genitive && (m.etype.is_org() || m.city) {
            let rest = &text[m.end..];
            if let Some(w) = rest.strip_prefix(' ') {
                let word: String = w.chars().take_while(|c| c.is_alphabetic()).collect();
                let next = at(ms, m.end + 1).filter(|&j| ms[j].etype == Initiative);
                if let Some(j) = next {
                    // "Örebro kommuns" + "handlingsplan för ...": the initiative is
                    // "Örebro kommuns handlingsplan", run by the body
                    let end = if lex.initiative_heads.contains(word.as_str()) {
                        m.end + 1 + word.len()
                    } else {
                        ms[j].end
                    };
                    let mut comp = Mention::new(
                        "composite.owned-initiative",
                        text,
                        m.start,
                        end,
                        Initiative,
                        4,
                        0.75,
                    );
                    comp.base = comp.surface.clone();
                    comp.runner = Some((m.start, m.end));
                    ms[j].nested = true;
                    ms[j].needs_complement = true;
                    let mut body = m.clone();
                    body.nested = true;
                    ms[i] = comp;
                    ms.push(body);
                } else if let Some(end) = owned_head_end(w, lex).map(|n| m.end + 1 + n) {
                    if ms
                        .iter()
                        .all(|x| x.nested || x.end <= m.end || x.start >= end)
                    {
                        let mut comp = Mention::new(
                            "composite.owned-initiative-head",
                            text,
                            m.start,
                            end,
                            Initiative,
                            4,
                            0.75,
                        );
                        comp.base = comp.surface.clone();
                        comp.runner = Some((m.start, m.end));
                        let mut body = m.clone();
                        body.nested = true;
                        ms[i] = comp;
                        ms.push(body);
                    }
                }
            }
        }
        i += 1;
    }
    // "socialnämndens arbetsutskott": the board in the genitive is the body
    // the unit belongs to
    let n = ms.len();
    for i in 0..n {
        let m = &ms[i];
        if m.etype != Organization
            || m.nested
            || !matches!(m.rule, "unit.head-word" | "composite.unit-in-body")
        {
            continue;
        }
        let Some((first, _)) = m.surface.split_once(' ') else {
            continue;
        };
        let Some(base) = first.strip_suffix('s') else {
            continue;
        };
        let is_unit_word = base.chars().all(char::is_lowercase)
            && lex
                .units
                .iter()
                .any(|(h, _)| base.ends_with(h.as_str()) && base.len() > h.len());
        if !is_unit_word {
            continue;
        }
        let (start, end) = (m.start, m.start + first.len());
        let mut owner = Mention::new(
            "unit.genitive-owner",
            text,
            start,
            end,
            Organization,
            2,
            0.7,
        );
        owner.base = base.to_string();
        owner.genitive = true;
        owner.unit = true;
        owner.nested = true;
        // "... arbetsutskott i Bjuvs kommun": the board belongs to the body
        // the whole name was tied to
        owner.parent = ms[i].parent;
        ms[i].parent = Some((start, end));
        ms.push(owner);
    }
    // "studiedagarna i Nyköping": the town in an event's name is where it is held
    let n = ms.len();
    for i in 0..n {
        if !matches!(
            ms[i].rule,
            "event.lowercase-compound" | "event.year-genitive"
        ) || ms[i].nested
        {
            continue;
        }
        let Some(k) = ms[i].surface.find(" i ") else {
            continue;
        };
        let (start, end) = (ms[i].start + k + 3, ms[i].end);
        let town = &text[start..end];
        if !lex.municipality_names.contains(&town.lower()) {
            continue;
        }
        if at(ms, start).is_none() {
            let mut place = Mention::new("place.in-event-name", text, start, end, Place, 2, 0.7);
            place.nested = true;
            ms.push(place);
        }
        ms[i].located = Some((start, end));
    }
    // heading events: "Malmö 29/8"
    let p = patterns();
    for c in p.heading_event.captures_iter(text) {
        let (Some(place), Some(date)) = (c.get(1), c.get(2)) else {
            continue;
        };
        if let Some(j) = at(ms, place.start()) {
            if matches!(ms[j].etype, Municipality | Place) {
                let mut ev = Mention::new(
                    "event.place-date",
                    text,
                    place.start(),
                    date.end(),
                    Event,
                    5,
                    0.7,
                );
                ev.base = ev.surface.clone();
                ev.located = Some((ms[j].start, ms[j].end));
                ms[j].nested = true;
                ms.push(ev);
            }
        }
    }
    for c in p.abbreviation.captures_iter(text) {
        let (Some(full), Some(ab)) = (c.get(1), c.get(2)) else {
            continue;
        };
        // the abbreviation in brackets is a mention of the same body
        if let Some(j) = ms.iter().position(|m| {
            m.end == full.end() && !m.nested && (m.etype.is_org() || m.etype == Initiative)
        }) {
            if at(ms, ab.start()).is_none() {
                let mut a = ms[j].clone();
                a.start = ab.start();
                a.end = ab.end();
                a.surface = ab.as_str().to_string();
                a.base = a.surface.clone();
                a.canon = Some(ms[j].canon.clone().unwrap_or_else(|| ms[j].base.clone()));
                if ms[j].canon.is_none() {
                    ms[j].canon = a.canon.clone();
                }
                a.parent = None;
                a.located = None;
                ms.push(a);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The pattern [`tokens`] stands for.
    fn by_pattern(text: &str) -> Vec<Token> {
        let re = super::super::pattern::compile(
            r"\p{L}+-[ ](?:och|eller)[ ][\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*|[\p{L}\p{N}]+(?:[-+:'’&.][\p{L}\p{N}]+)*|\S",
        );
        re.find_iter(text)
            .map(|m| Token {
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }

    #[test]
    fn tokens_of_swedish_text() {
        let t = "Social- och omsorgsnämnden i Håbo, Karl-Erik Ödman (SSR:s ombud) - 2+2 t.ex. barn- eller ungdoms-vård 3- och";
        let words: Vec<&str> = tokens(t).iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(
            words,
            [
                "Social- och omsorgsnämnden",
                "i",
                "Håbo",
                ",",
                "Karl-Erik",
                "Ödman",
                "(",
                "SSR:s",
                "ombud",
                ")",
                "-",
                "2+2",
                "t.ex",
                ".",
                "barn- eller ungdoms-vård",
                "3",
                "-",
                "och"
            ]
        );
        assert_eq!(tokens(t), by_pattern(t));
    }

    /// Names and organisations beside a title, read from the match itself.
    #[test]
    fn names_and_organisations_beside_titles() {
        let t = "Åsa-Li Öberg, socialsekreterare. (Per Ek,  handläggare hos Ödeshögs Bygg AB) \
                 och enhetschef Lars-Åke Ström.";
        let found: Vec<(&str, EntityType)> = find(t)
            .iter()
            .map(|m| (&t[m.start..m.end], m.etype))
            .collect();
        for want in [
            ("Åsa-Li Öberg", EntityType::Person),
            ("Per Ek", EntityType::Person),
            ("Lars-Åke Ström", EntityType::Person),
        ] {
            assert!(found.contains(&want), "{want:?} in {found:?}");
        }
        assert!(
            found.iter().any(|(s, _)| s.starts_with("Ödeshögs Bygg")),
            "{found:?}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]
        #[test]
        fn tokens_are_the_patterns_tokens(
            parts in proptest::collection::vec(prop_oneof![
                Just("och".to_string()), Just("eller".to_string()), Just("- ".to_string()),
                Just(" ".to_string()), Just("-".to_string()), Just("\u{a0}".to_string()),
                "[a-zåäöÅÄÖ0-9²¼ŁĀḀ.:'’&+,()\\-\n\t α中]{1,4}",
            ], 0..24)
        ) {
            let text = parts.concat();
            prop_assert_eq!(tokens(&text), by_pattern(&text), "{:?}", text);
        }
    }
}
