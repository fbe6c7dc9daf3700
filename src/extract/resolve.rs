//! Entity resolution: groups a document's mentions into one entity per real
//! thing (genitives, short forms, first-name back-references, misspellings)
//! and gives each a canonical key that is the same in every document.
use super::lexicon::Lexicon;
use super::mentions::Mention;
use crate::facts::Lower;
use crate::facts::{entity_key, normalise_name, EntityType};
use crate::text::edit_distance_le1;
use crate::text::Sentence;
use regex::Regex;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// One entity of a document, before output.
#[derive(Debug, Clone)]
pub struct DocEntity {
    pub name: String,
    pub etype: EntityType,
    pub key: String,
    pub aliases: BTreeSet<String>,
    pub confidence: f32,
    /// The rule of its most confident mention.
    pub rule: &'static str,
    pub first_sentence: usize,
    pub keep: bool,
}

/// A document's mentions with the entity and sentence of each.
#[derive(Debug, Default)]
pub struct Resolved {
    pub entities: Vec<DocEntity>,
    pub mentions: Vec<Mention>,
    pub entity_of: Vec<usize>,
    pub sentence_of: Vec<usize>,
    /// The mentions of each sentence, in text order.
    pub by_sentence: Vec<Vec<usize>>,
    /// Rows of a directory: (body, person, the title as written).
    pub directory_rows: Vec<(usize, usize, String)>,
    spans: HashMap<(usize, usize), usize>,
}

impl Resolved {
    /// The mention with this span, if any.
    pub fn mention_at(&self, span: (usize, usize)) -> Option<usize> {
        self.spans.get(&span).copied()
    }
}

fn event_stem(s: &str) -> String {
    let l = normalise_name(s);
    let l = l
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
        .to_string();
    let l = if let Some(b) = l.strip_suffix("dagar") {
        format!("{b}dagarna")
    } else if let Some(b) = l.strip_suffix("vecka") {
        format!("{b}veckan")
    } else {
        l
    };
    l
}

fn municipality_cue() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        super::pattern::compile(r"\b(?:[Kk]ommun(?:en|er|erna|ens|ernas)?|kommunerna)\b")
    })
}

fn sentence_index(sents: &[Sentence], pos: usize) -> usize {
    match sents.binary_search_by(|s| {
        if pos < s.start {
            std::cmp::Ordering::Greater
        } else if pos >= s.end {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => i,
        Err(i) => i.min(sents.len().saturating_sub(1)),
    }
}

/// Groups the mentions of one document into entities.
pub fn resolve_document(text: &str, sents: &[Sentence], mentions: Vec<Mention>) -> Resolved {
    let lex = Lexicon::get();
    let sentence_of: Vec<usize> = mentions
        .iter()
        .map(|m| sentence_index(sents, m.start))
        .collect();

    // 0. rows of a directory: a body, a person and a title on a line
    let directory_rows = directory_rows(text, &mentions, lex);

    // 1. bare city names: a municipality when the text treats it as one
    let mut municipal: HashMap<String, bool> = HashMap::new();
    // a body that units belong to acts as a municipality
    let parents: std::collections::HashSet<(usize, usize)> =
        mentions.iter().filter_map(|m| m.parent).collect();
    for (i, m) in mentions.iter().enumerate() {
        if m.etype != EntityType::Municipality {
            continue;
        }
        let canon = m.canon.clone().unwrap_or_default();
        let explicit = !m.city;
        let sent = sents
            .get(sentence_of[i])
            .map(|s| &text[s.start..s.end])
            .unwrap_or("");
        let before = &text[..m.start];
        let role_before = before
            .strip_suffix(" i ")
            .or_else(|| before.strip_suffix(" vid "))
            .and_then(|b| b.rsplit([' ', ',']).next())
            .is_some_and(|w| lex.role_base(w).is_some());
        let actor = explicit
            || role_before
            || directory_rows.iter().any(|r| r.0 == i)
            || municipality_cue().is_match(sent)
            || parents.contains(&(m.start, m.end));
        *municipal.entry(canon).or_insert(false) |= actor;
    }

    // 2. a grouping key per mention
    let mut group_of: Vec<Option<String>> = vec![None; mentions.len()];
    let mut person_groups: Vec<(String, String, String)> = Vec::new(); // (group, first, surname)
    for (i, m) in mentions.iter().enumerate() {
        if m.first_name_only {
            continue;
        }
        let g = match m.etype {
            EntityType::Person => {
                let n = normalise_name(&m.surface);
                let parts: Vec<&str> = n.split(' ').collect();
                let (first, last) = (parts[0].to_string(), parts[parts.len() - 1].to_string());
                // a name cut off by the end of the text ("Carin Wallm") is
                // the person named in full before it
                let cut_off = text[m.end..].trim().is_empty() && parts.len() > 1;
                let found = person_groups.iter().find(|(_, f, l)| {
                    (l == &last && edit_distance_le1(f, &first))
                        || (f == &first && edit_distance_le1(l, &last))
                        || (cut_off && f == &first && l.starts_with(&last))
                });
                match found {
                    Some((g, _, _)) => g.clone(),
                    None => {
                        let g = format!("person/{n}");
                        person_groups.push((g.clone(), first, last));
                        g
                    }
                }
            }
            EntityType::Municipality => {
                let canon = m.canon.clone().unwrap_or_else(|| m.base.clone());
                if municipal.get(&canon).copied().unwrap_or(false) {
                    format!("municipality/{}", canon.lower())
                } else {
                    format!("place/{}", canon.lower())
                }
            }
            EntityType::Event => format!("event/{}", event_stem(&m.base)),
            // a unit placed in a body is named by its head and the body's
            // canonical name ("Socialtjänsten i Sundvall" = "... i Sundsvall")
            EntityType::Organization if m.parent.is_some() => {
                let parent = m
                    .parent
                    .and_then(|sp| mentions.iter().find(|p| (p.start, p.end) == sp));
                match parent {
                    Some(p)
                        if m.surface.ends_with(&p.surface) && m.surface.len() > p.surface.len() =>
                    {
                        let head = &m.surface[..m.surface.len() - p.surface.len()];
                        let body = p.canon.clone().unwrap_or_else(|| p.base.clone());
                        format!("name/{}{}", normalise_name(head), normalise_name(&body))
                    }
                    _ => format!(
                        "name/{}",
                        normalise_name(m.canon.as_deref().unwrap_or(&m.base))
                    ),
                }
            }
            // organisations, initiatives and places by name: one name, one
            // entity, whichever rule typed which mention
            _ => format!(
                "name/{}",
                normalise_name(m.canon.as_deref().unwrap_or(&m.base))
            ),
        };
        group_of[i] = Some(g);
    }
    // an initiative written out in full ("X:s handlingsplan för ...") is
    // the same as its short title ("X:s handlingsplan")
    let initiative_names: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(i, m)| m.etype == EntityType::Initiative && group_of[*i].is_some())
        .map(|(i, m)| (i, normalise_name(&m.base)))
        .collect();
    for (i, long) in &initiative_names {
        if let Some((j, _)) = initiative_names
            .iter()
            .filter(|(_, short)| long.starts_with(&format!("{short} för ")))
            .min_by_key(|(_, short)| short.len())
        {
            group_of[*i] = group_of[*j].clone();
        }
    }
    // a bare unit is a short form of the one composite unit it starts
    let composites: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.etype == EntityType::Organization && m.parent.is_some())
        .map(|(i, m)| (i, normalise_name(&m.surface)))
        .collect();
    // (regional agencies too: "Länsstyrelsen" after "Länsstyrelsen i Sörmland")
    let composites: Vec<(usize, String)> = composites
        .into_iter()
        .chain(
            mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.etype == EntityType::GovernmentAgency && m.located.is_some())
                .map(|(i, m)| (i, normalise_name(&m.surface))),
        )
        .collect();
    for (i, m) in mentions.iter().enumerate() {
        let agency = m.etype == EntityType::GovernmentAgency && m.located.is_none();
        if (m.etype == EntityType::Organization || agency) && m.parent.is_none() && !m.nested {
            let n = normalise_name(&m.base);
            // "socialförvaltningen" is also short for "Herrljunga kommuns
            // socialförvaltning": the owner's genitive, then the head
            let indefinite = n
                .strip_suffix("en")
                .or_else(|| n.strip_suffix("et"))
                .filter(|b| b.chars().count() > 5 && !b.contains(' '));
            let hits: Vec<&(usize, String)> = composites
                .iter()
                .filter(|(_, c)| {
                    c.starts_with(&format!("{n} "))
                        || indefinite.is_some_and(|b| c.ends_with(&format!("s {b}")))
                })
                .collect();
            let groups: BTreeSet<&Option<String>> =
                hits.iter().map(|(j, _)| &group_of[*j]).collect();
            if groups.len() == 1 {
                group_of[i] = group_of[hits[0].0].clone();
            }
        }
    }
    // a district named alone is short for its one administration named in
    // the text ("Kungsholmen" = "Kungsholmen SDF"; guideline: a district as
    // an administrative unit is that unit)
    let district_units: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.unit && m.etype == EntityType::Organization && m.base.contains(' '))
        .map(|(i, m)| (i, normalise_name(&m.base)))
        .collect();
    // (a bare district, Place or named as a body: `administrative_districts`)
    let bare_district =
        |m: &Mention| !m.base.contains(' ') && lex.districts.contains_key(&m.base.lower());
    for (i, m) in mentions.iter().enumerate() {
        if m.nested || !bare_district(m) {
            continue;
        }
        let n = normalise_name(&m.base);
        let hits: Vec<usize> = district_units
            .iter()
            .filter(|(_, c)| c.starts_with(&format!("{n} ")) || c.starts_with(&format!("{n}s ")))
            .map(|(j, _)| *j)
            .collect();
        let groups: BTreeSet<&Option<String>> = hits.iter().map(|j| &group_of[*j]).collect();
        if groups.len() == 1 {
            group_of[i] = group_of[hits[0]].clone();
        }
    }
    // a firm written with and without its business words is one firm:
    // "Cura Nord" = "Cura Nord Bemanning" = "X Bemanning & Rekrytering AB"
    let firm_names: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(i, m)| {
            m.etype.is_org() && m.etype != EntityType::Municipality && group_of[*i].is_some()
        })
        .map(|(i, m)| (i, normalise_name(&m.base)))
        .collect();
    let company_words: std::collections::HashSet<String> = lex
        .company_suffixes
        .iter()
        .map(|w| w.lower())
        .chain(["&".to_string()])
        .collect();
    for (i, short) in &firm_names {
        let longer = firm_names.iter().filter(|(j, long)| {
            j != i
                && mentions[*j].etype == EntityType::Company
                && long
                    .strip_prefix(&format!("{short} "))
                    .is_some_and(|tail| tail.split(' ').all(|w| company_words.contains(w)))
        });
        if let Some((j, _)) = longer.min_by_key(|(_, l)| l.len()) {
            group_of[*i] = group_of[*j].clone();
        }
    }
    // a district's name stands for its district administration
    // ("Farsta" for "Farsta stadsdelsförvaltning")
    for (j, u) in mentions.iter().enumerate() {
        let lower = u.surface.lower();
        if !u.unit || !lower.contains(" stadsdel") {
            continue;
        }
        let district = normalise_name(u.surface.split(' ').next().unwrap_or(""));
        for (i, m) in mentions.iter().enumerate() {
            if (m.etype == EntityType::Place || bare_district(m))
                && !m.city
                && normalise_name(&m.base) == district
            {
                group_of[i] = group_of[j].clone();
            }
        }
    }
    // an initiative is named by its owner and head noun: "Stockholms
    // handlingsplan" is "Stockholms stads handlingsplan"
    for (i, m) in mentions.iter().enumerate() {
        if m.etype != EntityType::Initiative {
            continue;
        }
        let Some(owner) = m
            .runner
            .and_then(|sp| mentions.iter().find(|o| (o.start, o.end) == sp))
        else {
            continue;
        };
        let last = m.surface.rsplit(' ').next().unwrap_or("").lower();
        // "handlingsplanen" and "handlingsplan" are one head
        let head = ["en", "et", "n"]
            .iter()
            .find_map(|s| {
                last.strip_suffix(s)
                    .filter(|b| lex.initiative_heads.contains(*b))
            })
            .unwrap_or(&last)
            .to_string();
        let owner_key = owner
            .canon
            .clone()
            .unwrap_or_else(|| owner.base.clone())
            .lower();
        group_of[i] = Some(format!("initiative/{owner_key}/{head}"));
    }
    // a title and the same title after a head and "om"/"av" are one
    // initiative: "Översyn av X" is "Utredningen om översyn av X"; a
    // one-word name is another initiative ("Implementering av
    // Trelleborgsmodellen" is not "Trelleborgsmodellen")
    let initiative_names: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.etype == EntityType::Initiative)
        .map(|(i, m)| (i, normalise_name(&m.base)))
        .collect();
    for (i, short) in &initiative_names {
        let longer = initiative_names.iter().find(|(j, long)| {
            j != i
                && short.contains(' ')
                && long.len() > short.len()
                && [" om ", " av "]
                    .iter()
                    .any(|p| long.ends_with(&format!("{p}{short}")))
        });
        if let Some((j, _)) = longer {
            group_of[*i] = group_of[*j].clone();
        }
    }
    // "handlingsplanen": a definite reference joins the initiative it names
    for (i, m) in mentions.iter().enumerate() {
        if m.etype != EntityType::Initiative || m.runner.is_some() {
            continue;
        }
        let Some(c) = &m.canon else { continue };
        if let Some(j) = mentions
            .iter()
            .position(|o| o.etype == EntityType::Initiative && o.runner.is_some() && &o.base == c)
        {
            group_of[i] = group_of[j].clone();
        }
    }
    // first-name back-references
    let full_names: Vec<(usize, String)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, p)| p.etype == EntityType::Person && !p.first_name_only)
        .map(|(j, p)| {
            let n = normalise_name(&p.surface);
            let first = n.split(' ').next().unwrap_or("").to_string();
            (j, first)
        })
        .collect();
    for (i, m) in mentions.iter().enumerate() {
        if !m.first_name_only {
            continue;
        }
        let first = normalise_name(&m.surface);
        let cands: Vec<(usize, &Mention)> = full_names
            .iter()
            .filter(|(_, f)| *f == first)
            .map(|(j, _)| (*j, &mentions[*j]))
            .collect();
        let groups: BTreeSet<&Option<String>> = cands.iter().map(|(j, _)| &group_of[*j]).collect();
        if groups.len() == 1 {
            group_of[i] = group_of[cands[0].0].clone();
        } else if groups.len() > 1 {
            // the nearest full name before the back-reference
            if let Some((j, _)) = cands.iter().rev().find(|(_, p)| p.start < m.start) {
                group_of[i] = group_of[*j].clone();
            }
        }
    }

    // 3. entities from groups
    let mut order: Vec<String> = Vec::new();
    let mut members: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, g) in group_of.iter().enumerate() {
        if let Some(g) = g {
            if !members.contains_key(g) {
                order.push(g.clone());
            }
            members.entry(g.clone()).or_default().push(i);
        }
    }
    let mut entities = Vec::new();
    let mut entity_of = vec![usize::MAX; mentions.len()];
    for g in order {
        let idx = &members[&g];
        let main = idx
            .iter()
            .copied()
            .filter(|&i| !mentions[i].first_name_only)
            // a unit named by its district outranks the bare district
            .max_by_key(|&i| (mentions[i].unit, mentions[i].priority, std::cmp::Reverse(i)))
            .unwrap_or(idx[0]);
        let mut etype = mentions[main].etype;
        if g.starts_with("place/") {
            etype = EntityType::Place;
        }
        // a district that units are placed in acts as an organisation
        if etype == EntityType::Place
            && idx
                .iter()
                .any(|&i| parents.contains(&(mentions[i].start, mentions[i].end)))
            && lex.districts.contains_key(&mentions[main].base.lower())
        {
            etype = EntityType::Organization;
        }
        // the fullest form: non-genitive, longest; persons: first full form
        let name = if etype == EntityType::Person {
            mentions[idx[0]].surface.clone()
        } else {
            idx.iter()
                .map(|&i| &mentions[i])
                .filter(|m| !m.first_name_only)
                .max_by_key(|m| {
                    (
                        !m.genitive,
                        m.base.chars().count(),
                        std::cmp::Reverse(m.start),
                    )
                })
                .map(|m| m.base.clone())
                .unwrap_or_default()
        };
        let mut aliases = BTreeSet::new();
        let normal_name = normalise_name(&name);
        for &i in idx {
            for f in [&mentions[i].surface, &mentions[i].base] {
                if normalise_name(f) != normal_name {
                    aliases.insert(f.clone());
                }
            }
        }
        // the most confident mention (the first of equals) names the rule
        let (conf, rule) = idx.iter().fold((0.0f32, ""), |(c, r), &i| {
            if mentions[i].confidence > c {
                (mentions[i].confidence, mentions[i].rule)
            } else {
                (c, r)
            }
        });
        let conf = (conf + 0.05 * (idx.len().saturating_sub(1)) as f32).min(0.99);
        let key_name = match etype {
            EntityType::Municipality | EntityType::Place => mentions[main]
                .canon
                .clone()
                .filter(|_| mentions[main].etype == EntityType::Municipality)
                .unwrap_or_else(|| name.clone()),
            _ => mentions[main].canon.clone().unwrap_or_else(|| name.clone()),
        };
        // a renamed organisation is one entity under its current name
        let key = match Lexicon::get().renamed(&key_name) {
            Some(r) => entity_key(r.etype, &r.new),
            None => entity_key(etype, &key_name),
        };
        let e = entities.len();
        for &i in idx {
            entity_of[i] = e;
        }
        let keep = idx.iter().any(|&i| !mentions[i].first_name_only);
        entities.push(DocEntity {
            key,
            name,
            etype,
            aliases,
            confidence: conf,
            rule,
            first_sentence: idx.iter().map(|&i| sentence_of[i]).min().unwrap_or(0),
            keep,
        });
    }
    let mut by_sentence = vec![Vec::new(); sents.len()];
    for (i, &si) in sentence_of.iter().enumerate() {
        if let Some(v) = by_sentence.get_mut(si) {
            v.push(i);
        }
    }
    let mut spans = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        spans.entry((m.start, m.end)).or_insert(i);
    }
    Resolved {
        entities,
        mentions,
        entity_of,
        sentence_of,
        by_sentence,
        directory_rows,
        spans,
    }
}

/// The rows of a directory or member list: a line that opens with a body
/// (a municipality, often bare, or another organisation), maybe a
/// bracketed note, then a person's name and a title ("Ystad (sydöstra)
/// Karin Ek Socialchef", "Vision Olle Berg ombudsman"). The title is what
/// follows the name on the line, as written.
fn directory_rows(text: &str, ms: &[Mention], lex: &Lexicon) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if !m.etype.is_org() || m.nested {
            continue;
        }
        let before = text[..m.start].trim_end_matches([' ', '\t']);
        if !before.is_empty() && !before.ends_with('\n') {
            continue;
        }
        let Some(p) = ms.get(i + 1) else { continue };
        if p.etype != EntityType::Person {
            continue;
        }
        let gap = &text[m.end..p.start];
        let note = gap
            .strip_prefix(" (")
            .and_then(|g| g.strip_suffix(") "))
            .is_some_and(|n| n.chars().all(|c| c.is_lowercase() || c == ' ' || c == '-'));
        if gap != " " && !note {
            continue;
        }
        let line_end = text[p.end..].find('\n').map_or(text.len(), |e| p.end + e);
        let Some(title) = text[p.end..line_end].strip_prefix(' ') else {
            continue;
        };
        let first = title.split([' ', ',', '(']).next().unwrap_or("");
        if lex.role_base(&first.lower()).is_some() {
            out.push((i, i + 1, title.trim().to_string()));
        }
    }
    out
}

/// People already known to a store (or earlier in a build): names and the
/// organisations they are tied to, for linking a misspelt name in a new
/// document to the person it means ("Ann-Sofia Eriksson" at Västerås stad
/// is "Ann-Sofi Eriksson" at Västerås stad).
///
/// Linking looks only at the people of the organisations a new person is
/// tied to, so it costs the same in a store of ten or a million people.
#[derive(Debug, Default)]
pub struct PersonIndex {
    /// key → (normalised name tokens, organisation keys)
    people: std::collections::HashMap<String, (Vec<String>, std::collections::HashSet<String>)>,
    /// (organisation, name with one token masked) → keys of the people
    /// tied to that organisation whose name has that shape: the only
    /// people a one-token misspelling can mean
    by_shape: std::collections::HashMap<(String, String), Vec<String>>,
}

/// What linking one document would rewrite (person key → the known key
/// and the variant name), with the (organisation, name shape) pairs it
/// looked up in the index.
#[derive(Default)]
struct Proposal {
    remap: std::collections::HashMap<String, (String, String)>,
    asked: Vec<(String, String)>,
}

/// What recording documents added to an index: new person keys, and the
/// (organisation, name shape) pairs that gained a person.
#[derive(Default)]
struct Added {
    keys: std::collections::HashSet<String>,
    shapes: std::collections::HashSet<(String, String)>,
}

/// A name's tokens with one of them masked, once for each token:
/// "anna berg" → "* berg", "anna *".
fn shapes(tokens: &[String]) -> Vec<String> {
    (0..tokens.len())
        .map(|i| {
            tokens
                .iter()
                .enumerate()
                .map(|(j, t)| if i == j { "*" } else { t.as_str() })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

impl PersonIndex {
    /// Records a person with a display name and organisation keys.
    pub fn insert(&mut self, key: &str, name: &str, orgs: impl IntoIterator<Item = String>) {
        self.insert_noting(key, name, orgs, &mut Added::default());
    }

    /// As [`Self::insert`], noting in `added` the key when it is new and
    /// each (organisation, shape) whose people it joins.
    fn insert_noting(
        &mut self,
        key: &str,
        name: &str,
        orgs: impl IntoIterator<Item = String>,
        added: &mut Added,
    ) {
        if !self.people.contains_key(key) {
            added.keys.insert(key.to_string());
        }
        let e = self.people.entry(key.to_string()).or_insert_with(|| {
            (
                normalise_name(name)
                    .split(' ')
                    .map(str::to_string)
                    .collect(),
                Default::default(),
            )
        });
        for o in orgs {
            if e.1.insert(o.clone()) {
                for shape in shapes(&e.0) {
                    added.shapes.insert((o.clone(), shape.clone()));
                    self.by_shape
                        .entry((o.clone(), shape))
                        .or_default()
                        .push(key.to_string());
                }
            }
        }
    }

    /// The organisations one person of `facts` is tied to (works at,
    /// worked at, studies at, ...): what linking compares.
    pub fn organisations_of_person(
        facts: &crate::facts::DocFacts,
        key: &str,
    ) -> std::collections::BTreeSet<String> {
        facts
            .relations
            .iter()
            .filter(|r| r.subject_key == key && r.predicate.ties_person())
            .map(|r| r.object_key.clone())
            .collect()
    }

    /// Whether a person with this key is known.
    pub fn contains(&self, key: &str) -> bool {
        self.people.contains_key(key)
    }

    /// Number of people known.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// Whether no person is known.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Rewrites the keys of people in `facts` who are one edit away from a
    /// known person tied to one of the same organisations; the variant name
    /// becomes an alias. Then records the document's people.
    ///
    /// ```
    /// use socgraf::{extract::extract, extract::resolve::PersonIndex, text::Document};
    /// let mut idx = PersonIndex::default();
    /// let mut a = extract(&Document::from_text("a", "Ann-Sofi Eriksson, socialsekreterare på Vision, säger hej."));
    /// idx.link(&mut a);
    /// let mut b = extract(&Document::from_text("b", "Ann-Sofia Eriksson, socialsekreterare på Vision, säger hej."));
    /// idx.link(&mut b);
    /// let p = b.entities.iter().find(|e| e.etype == socgraf::extract::EntityType::Person).unwrap();
    /// assert_eq!(p.key, "person/ann-sofi-eriksson");
    /// assert!(p.aliases.contains(&"Ann-Sofia Eriksson".to_string()));
    /// ```
    pub fn link(&mut self, facts: &mut crate::facts::DocFacts) {
        let p = self.propose(facts);
        self.apply(facts, &p, &mut Added::default());
    }

    /// Links the documents of a chunk in order, as [`Self::link`] one after
    /// the other would, with the same result: each document's candidates are
    /// looked up in parallel against the index as the chunk found it, and
    /// looked up again, in order, only for a document whose lookups an
    /// earlier document of the chunk changed (a person key or a name shape
    /// at an organisation it added).
    pub fn link_all(&mut self, docs: &mut [&mut crate::facts::DocFacts]) {
        use rayon::prelude::*;
        let index = &*self;
        let proposals: Vec<Proposal> = docs.par_iter().map(|f| index.propose(f)).collect();
        let mut added = Added::default();
        for (facts, p) in docs.iter_mut().zip(proposals) {
            // the document's people are the keys its proposal checked
            let stale = facts.entities.iter().any(|e| {
                e.etype == crate::facts::EntityType::Person && added.keys.contains(&e.key)
            }) || p.asked.iter().any(|s| added.shapes.contains(s));
            let p = if stale { self.propose(facts) } else { p };
            self.apply(facts, &p, &mut added);
        }
    }

    /// What linking `facts` would rewrite, found without changing the index,
    /// with what it looked up.
    fn propose(&self, facts: &crate::facts::DocFacts) -> Proposal {
        use crate::facts::EntityType;
        let orgs_of = Self::organisations_of_person;
        let mut p = Proposal::default();
        for e in facts
            .entities
            .iter()
            .filter(|e| e.etype == EntityType::Person)
        {
            if self.people.contains_key(&e.key) {
                continue;
            }
            let toks: Vec<String> = normalise_name(&e.name)
                .split(' ')
                .map(str::to_string)
                .collect();
            let orgs = orgs_of(facts, &e.key);
            if orgs.is_empty() {
                continue;
            }
            let close = |known: &Vec<String>| -> bool {
                known.len() == toks.len()
                    && known.iter().zip(&toks).filter(|(a, b)| a != b).count() == 1
                    && known
                        .iter()
                        .zip(&toks)
                        .all(|(a, b)| edit_distance_le1(a, b))
            };
            let my_shapes = shapes(&toks);
            let asked: Vec<(String, String)> = orgs
                .iter()
                .flat_map(|o| my_shapes.iter().map(move |sh| (o.clone(), sh.clone())))
                .collect();
            let mut cands: Vec<&String> = asked
                .iter()
                .filter_map(|k| self.by_shape.get(k))
                .flatten()
                .filter(|k| self.people.get(*k).is_some_and(|(known, _)| close(known)))
                .collect();
            cands.sort();
            cands.dedup();
            if let [k] = cands.as_slice() {
                p.remap
                    .insert(e.key.clone(), ((*k).clone(), e.name.clone()));
            }
            p.asked.extend(asked);
        }
        p
    }

    /// Rewrites `facts` as proposed, then records the document's people.
    fn apply(&mut self, facts: &mut crate::facts::DocFacts, p: &Proposal, added: &mut Added) {
        use crate::facts::EntityType;
        let remap = &p.remap;
        for e in facts.entities.iter_mut() {
            if let Some((k, variant)) = remap.get(&e.key) {
                e.key = k.clone();
                if !e.aliases.contains(variant) {
                    e.aliases.push(variant.clone());
                }
            }
        }
        for r in facts.relations.iter_mut() {
            if let Some((k, _)) = remap.get(&r.subject_key) {
                r.subject_key = k.clone();
            }
            if let Some((k, _)) = remap.get(&r.object_key) {
                r.object_key = k.clone();
            }
        }
        let people: Vec<(String, String)> = facts
            .entities
            .iter()
            .filter(|e| e.etype == EntityType::Person)
            .map(|e| (e.key.clone(), e.name.clone()))
            .collect();
        for (k, n) in people {
            let orgs = Self::organisations_of_person(facts, &k);
            self.insert_noting(&k, &n, orgs, added);
        }
    }
}
