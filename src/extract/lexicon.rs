//! The extractor's word lists, read from the data files beside this module
//! (compiled into the binary) and from the SCB gazetteer.
use crate::facts::EntityType;
use crate::facts::Lower;
use crate::gazetteer::{genitive, surface_forms, Gazetteer};
// the lexicon is looked up for every word: FxHash, not the DoS-resistant
// default (the keys are the project's own word lists)
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// What a gazetteer surface form stands for.
#[derive(Debug, Clone)]
pub struct GazEntry {
    pub etype: EntityType,
    /// The canonical name (for keys): "Akademikerförbundet SSR" for "SSR".
    pub canon: String,
    /// A bare municipality name: Place or Municipality, decided by context.
    pub city: bool,
    pub genitive: bool,
}

/// All lexicons.
pub struct Lexicon {
    pub first_names: HashSet<String>,
    role_exact: HashSet<String>,
    /// title heads a compound ends with ("*chef" in roles.txt)
    role_suffixes: HashSet<String>,
    role_stop: HashSet<String>,
    pub not_name: HashSet<String>,
    /// First words of photo credits that name no company.
    pub credit_not_names: HashSet<String>,
    /// National bodies whose "i X" is a local branch.
    pub branch_bodies: HashSet<String>,
    /// Words that end a title written with only its first word capitalised.
    pub title_end_words: HashSet<String>,
    /// Words before a title that say when, not what ("ny", "nyvald").
    pub role_drop_words: HashSet<String>,
    /// Renamed organisations (`data/renamings.tsv`), by the old name in
    /// lower case.
    pub renamings: HashMap<String, Renaming>,
    /// Municipalities whose bare name is also an everyday word or a name.
    pub ambiguous_places: HashSet<String>,
    /// Capitalised words shaped like an organisation's name that name none
    /// ("Fackförbundet" opening a sentence).
    pub generic_orgs: HashSet<String>,
    pub units: Vec<(String, bool)>,
    pub unit_tails: HashSet<String>,
    pub generic_units: HashSet<String>,
    pub district_words: HashSet<String>,
    pub unit_stop: HashSet<String>,
    pub talk_cues: Vec<String>,
    /// District (lower case) → the municipality's short name.
    pub districts: HashMap<String, String>,
    pub event_suffixes: Vec<String>,
    /// Word parts of unit names and the level they mark (data/unit_levels.tsv).
    pub unit_levels: Vec<(String, UnitLevel)>,
    pub initiative_heads: HashSet<String>,
    pub initiative_intro: HashSet<String>,
    pub event_intro: HashSet<String>,
    /// professions and degrees before "-programmet" (data/degree_stems.txt)
    pub degree_stems: HashSet<String>,
    /// nouns that say what kind of body the name after them is, with its
    /// type (data/kind_nouns.tsv)
    pub kind_nouns: Vec<(String, EntityType)>,
    pub initiative_compounds: HashSet<String>,
    pub company_suffixes: HashSet<String>,
    pub venue_suffixes: Vec<String>,
    pub quote_verbs: HashSet<String>,
    pub participation_cues: Vec<String>,
    /// Surface form → entry, for the gazetteer matcher.
    pub gazetteer: Vec<(String, GazEntry)>,
    /// Lower-case municipality short names.
    pub municipality_names: HashSet<String>,
    /// Known organisation names (lower case) → type.
    pub known_orgs: HashMap<String, EntityType>,
}

/// A fingerprint of the extractor: the crate version and a hash of the
/// extractor's sources and data files (every file under `src/extract/`,
/// hashed by `build.rs`). A store re-extracts a document when the
/// fingerprint changes, even when the document did not.
pub fn fingerprint() -> &'static str {
    static F: OnceLock<String> = OnceLock::new();
    F.get_or_init(|| {
        let version = env!("CARGO_PKG_VERSION");
        let all = format!("{version}{}", env!("SOCGRAF_EXTRACTOR_HASH"));
        format!(
            "{version}+{}",
            &crate::hash::sha256_hex(all.as_bytes())[..12]
        )
    })
}

fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// How the names of national authorities end (data/authority_suffixes.tsv),
/// each with whether an unknown capitalised word ending so is an authority.
pub fn authority_suffixes() -> &'static [(&'static str, bool)] {
    static S: OnceLock<Vec<(&'static str, bool)>> = OnceLock::new();
    S.get_or_init(|| {
        lines(include_str!("data/authority_suffixes.tsv"))
            .filter_map(|l| l.split_once('\t'))
            .map(|(s, unknown)| (s, unknown.trim() == "yes"))
            .collect()
    })
}

/// Other ways Swedish text writes a national body's name: an authority in
/// lower case ("arbetsförmedlingen", "inspektionen för vård och omsorg"),
/// and a name of several words with only its first capitalised ("Sveriges
/// kommuner och landsting"). Acronyms and one-word names of other bodies
/// keep their case ("Kommunal" in lower case is an adjective).
fn written_forms(etype: EntityType, name: &str) -> Vec<String> {
    let lower_first = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let words: Vec<&str> = name.split(' ').collect();
    let acronym = name.chars().filter(|c| c.is_uppercase()).count() > 1 && words.len() == 1;
    if words.len() > 1 {
        let rest: Vec<String> = words[1..].iter().map(|w| w.lower()).collect();
        out.push(format!("{} {}", words[0], rest.join(" ")));
    }
    // (only an authority's own kind of name: "kriminalvården" in lower
    // case is also the field, "arbetsförmedlingen" only the body)
    let authority = authority_suffixes()
        .iter()
        .any(|(s, _)| words[0].lower().ends_with(s));
    if etype == EntityType::GovernmentAgency && authority && !acronym && name.chars().count() > 6 {
        out.push(lower_first(
            &out.first().cloned().unwrap_or_else(|| name.to_string()),
        ));
    }
    out.retain(|f| f != name);
    out.dedup();
    out
}

/// How high a unit stands in the body it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitLevel {
    Board,
    District,
    Administration,
    Home,
    Section,
}

impl Lexicon {
    /// The renaming of an organisation's old name ("Sveriges Kommuner och
    /// Landsting" → SKR, 2020), case aside (a normalised name is in lower
    /// case).
    pub fn renamed(&self, name: &str) -> Option<&Renaming> {
        self.renamings.get(&crate::facts::normalise_name(name))
    }

    /// The lexicon compiled into the binary.
    pub fn get() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(Lexicon::load)
    }

    fn load() -> Lexicon {
        let set = |d: &str| lines(d).map(str::to_string).collect::<HashSet<_>>();
        let mut role_exact = HashSet::default();
        let mut role_suffixes = HashSet::default();
        for l in lines(include_str!("data/roles.txt")) {
            match l.strip_prefix('*') {
                Some(s) => {
                    role_suffixes.insert(s.to_string());
                }
                None => {
                    role_exact.insert(l.to_string());
                }
            }
        }
        let units = lines(include_str!("data/units.tsv"))
            .filter_map(|l| {
                let mut it = l.split('\t');
                Some((it.next()?.to_string(), it.next()? == "specific"))
            })
            .collect();
        let mut gazetteer = Vec::new();
        let mut known_orgs = HashMap::default();
        for l in lines(include_str!("data/organisations.tsv")) {
            let cols: Vec<&str> = l.split('\t').collect();
            let (Some(t), Some(name)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            let Some(etype) = EntityType::parse(t) else {
                continue;
            };
            let mut forms = vec![name.to_string()];
            if let Some(a) = cols.get(2) {
                forms.extend(a.split('|').filter(|s| !s.is_empty()).map(str::to_string));
            }
            forms.extend(written_forms(etype, name));
            for f in forms {
                known_orgs.insert(f.lower(), etype);
                gazetteer.push((
                    f.clone(),
                    GazEntry {
                        etype,
                        canon: name.to_string(),
                        city: false,
                        genitive: false,
                    },
                ));
            }
        }
        for l in lines(include_str!("data/places.tsv")) {
            gazetteer.push((
                l.to_string(),
                GazEntry {
                    etype: EntityType::Place,
                    canon: l.to_string(),
                    city: false,
                    genitive: false,
                },
            ));
        }
        let mut districts = HashMap::default();
        for l in lines(include_str!("data/districts.tsv")) {
            let mut it = l.split('\t');
            if let (Some(d), Some(m)) = (it.next(), it.next()) {
                districts.insert(d.lower(), m.to_string());
                gazetteer.push((
                    d.to_string(),
                    GazEntry {
                        etype: EntityType::Place,
                        canon: d.to_string(),
                        city: false,
                        genitive: false,
                    },
                ));
            }
        }
        let g = Gazetteer::get();
        let ambiguous = set(include_str!("data/ambiguous_places.txt"));
        let mut municipality_names = HashSet::default();
        for m in &g.municipalities {
            municipality_names.insert(m.short.lower());
            let gen = genitive(&m.short);
            for f in surface_forms(&m.short, &m.name) {
                let bare = f == m.short || f == gen;
                if bare && ambiguous.contains(m.short.as_str()) {
                    continue;
                }
                gazetteer.push((
                    f.clone(),
                    GazEntry {
                        etype: EntityType::Municipality,
                        canon: m.short.clone(),
                        city: bare,
                        genitive: f.ends_with("s") && f != m.short && !f.ends_with(" kommun"),
                    },
                ));
            }
        }
        for c in &g.counties {
            gazetteer.push((
                c.name.clone(),
                GazEntry {
                    etype: EntityType::Place,
                    canon: c.name.clone(),
                    city: false,
                    genitive: false,
                },
            ));
        }
        Lexicon {
            first_names: set(include_str!("data/firstnames.txt")),
            role_exact,
            role_suffixes,
            role_stop: set(include_str!("data/role_stop.txt")),
            not_name: set(include_str!("data/not_name_words.txt")),
            credit_not_names: set(include_str!("data/credit_not_names.txt")),
            branch_bodies: set(include_str!("data/branch_bodies.txt")),
            title_end_words: set(include_str!("data/title_end_words.txt")),
            role_drop_words: set(include_str!("data/role_drop_words.txt")),
            renamings: renamings(),
            ambiguous_places: ambiguous.clone(),
            generic_orgs: set(include_str!("data/generic_orgs.txt")),
            units,
            unit_tails: set(include_str!("data/unit_tails.txt")),
            generic_units: set(include_str!("data/generic_units.txt")),
            district_words: set(include_str!("data/district_words.txt")),
            unit_stop: set(include_str!("data/unit_stop.txt")),
            talk_cues: lines(include_str!("data/talk_cues.txt"))
                .map(str::to_string)
                .collect(),
            districts,
            event_suffixes: lines(include_str!("data/event_suffixes.txt"))
                .map(str::to_string)
                .collect(),
            initiative_heads: set(include_str!("data/initiative_heads.txt")),
            initiative_intro: set(include_str!("data/initiative_intro.txt")),
            event_intro: set(include_str!("data/event_intro.txt")),
            degree_stems: set(include_str!("data/degree_stems.txt")),
            kind_nouns: lines(include_str!("data/kind_nouns.tsv"))
                .filter_map(|l| l.split_once('\t'))
                .filter_map(|(h, t)| Some((h.to_string(), EntityType::parse(t.trim())?)))
                .collect(),
            initiative_compounds: set(include_str!("data/initiative_compounds.txt")),
            company_suffixes: set(include_str!("data/company_suffixes.txt")),
            venue_suffixes: lines(include_str!("data/venue_suffixes.txt"))
                .map(str::to_string)
                .collect(),
            quote_verbs: set(include_str!("data/quote_verbs.txt")),
            participation_cues: lines(include_str!("data/participation_cues.txt"))
                .map(str::to_string)
                .collect(),
            unit_levels: lines(include_str!("data/unit_levels.tsv"))
                .filter_map(|l| {
                    let (part, level) = l.split_once('\t')?;
                    let level = match level.trim() {
                        "board" => UnitLevel::Board,
                        "district" => UnitLevel::District,
                        "administration" => UnitLevel::Administration,
                        "home" => UnitLevel::Home,
                        "section" => UnitLevel::Section,
                        _ => return None,
                    };
                    Some((part.to_string(), level))
                })
                .collect(),
            gazetteer,
            municipality_names,
            known_orgs,
        }
    }

    /// The level of a unit by its name (data/unit_levels.tsv): the longest
    /// word part the lower-cased name contains decides; None when it holds
    /// none of them.
    pub fn unit_level(&self, name: &str) -> Option<UnitLevel> {
        let l = name.lower();
        self.unit_levels
            .iter()
            .filter(|(part, _)| l.contains(part.as_str()))
            .max_by_key(|(part, _)| part.len())
            .map(|&(_, level)| level)
    }

    /// Whether a word is a given name (each part of a hyphenated name must be).
    pub fn is_first_name(&self, w: &str) -> bool {
        self.first_names.contains(w)
            || (w.contains('-')
                && w.split('-')
                    .all(|p| !p.is_empty() && self.first_names.contains(p)))
    }

    /// Whether a lower-case word (indefinite form) is a title.
    pub fn is_role_word(&self, w: &str) -> bool {
        self.is_lower_role_word(&w.lower())
    }

    /// [`Lexicon::is_role_word`] of a word already in lower case: the word
    /// itself, or any of its endings, listed.
    fn is_lower_role_word(&self, w: &str) -> bool {
        if self.role_stop.contains(w) {
            return false;
        }
        self.role_exact.contains(w)
            || w.char_indices()
                .any(|(i, _)| self.role_suffixes.contains(&w[i..]))
    }

    /// Reduces a definite or plural-adjective title to the lexicon's form:
    /// "socialborgarrådet" → "socialborgarråd", "undersköterskan" → "undersköterska".
    /// Returns None when the word is no title in any form.
    pub fn role_base(&self, w: &str) -> Option<String> {
        let lw = w.lower();
        if self.is_lower_role_word(&lw) {
            return Some(lw);
        }
        if let Some(b) = lw.strip_suffix("arna") {
            let cand = format!("{b}are");
            if self.is_lower_role_word(&cand) {
                return Some(cand);
            }
        }
        if let Some(b) = lw.strip_suffix("er").filter(|b| b.len() > 3) {
            if self.is_lower_role_word(b) {
                return Some(b.to_string());
            }
        }
        if let Some(b) = lw.strip_suffix("erna") {
            if self.is_lower_role_word(b) {
                return Some(b.to_string());
            }
        }
        for suf in ["en", "et", "n", "t"] {
            if let Some(b) = lw.strip_suffix(suf) {
                if b.len() > 2 && self.is_lower_role_word(b) {
                    return Some(b.to_string());
                }
            }
        }
        None
    }
}

/// An organisation's change of name.
#[derive(Debug, Clone, PartialEq)]
pub struct Renaming {
    pub old: String,
    pub new: String,
    pub year: String,
    /// The type of the renamed organisation (its key's).
    pub etype: EntityType,
}

/// Every renaming of `data/renamings.tsv`.
pub fn renamings() -> HashMap<String, Renaming> {
    include_str!("data/renamings.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            let [old, new, year, t] = f[..] else {
                return None;
            };
            Some((
                crate::facts::normalise_name(old).lower(),
                Renaming {
                    old: old.into(),
                    new: new.into(),
                    year: year.into(),
                    etype: EntityType::parse(t)?,
                },
            ))
        })
        .collect()
}
