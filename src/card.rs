//! The entity card: finds an entity by any of its names (case- and
//! accent-tolerant) and gathers what the store says about it, with evidence.
//!
//! One function builds the card ([`card`]); `socgraf show`, the web page
//! and the JSON of both are views of it. [`Names`] is the name index the
//! lookups use, loaded once from the store's labels.
use crate::error::StoreError;
use crate::facts::Predicate;
use crate::model::{DCTERMS, DOC, ID, LINKS_GRAPH, REFERENCE_GRAPH, SCHEMA, SG, SKOS};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use unicode_normalization::UnicodeNormalization;

const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";

/// A name as the lookup compares it: lower case, accents and other marks
/// removed, runs of spaces as one ("Malmö Stad" → "malmo stad").
///
/// ```
/// assert_eq!(socgraf::card::fold("  Malmö   Stad "), "malmo stad");
/// assert_eq!(socgraf::card::fold("ÅSA"), socgraf::card::fold("asa"));
/// ```
pub fn fold(name: &str) -> String {
    let stripped: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An entity as a lookup lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    pub iri: String,
    pub label: String,
    /// The class's local name ("Person", "Municipality").
    #[serde(rename = "type")]
    pub etype: String,
    /// How many documents mention it.
    pub documents: usize,
}

/// What a name found.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    One(Candidate),
    /// Several entities carry the name (most mentioned first).
    Many(Vec<Candidate>),
    None,
}

/// The names of every entity in a store, folded for lookup.
pub struct Names {
    entities: Vec<Candidate>,
    /// every folded name of each entity
    names: Vec<Vec<String>>,
    by_name: HashMap<String, Vec<usize>>,
    by_iri: HashMap<String, usize>,
}

/// The class local names an entity card shows (the ontology's entity
/// classes; statements, documents and observations are not entities).
fn entity_class(iri: &str) -> Option<&str> {
    let local = iri.strip_prefix(SG)?;
    crate::facts::EntityType::ALL
        .iter()
        .any(|t| t.as_str() == local)
        .then_some(local)
        .or(matches!(local, "County").then_some(local))
}

/// An entity's class local name: the smallest of its entity classes, as
/// the name index and the graph export pick it.
fn entity_type(store: &Store, e: NamedNodeRef<'_>) -> Result<Option<String>, StoreError> {
    let mut etype: Option<String> = None;
    for q in store.quads_for_pattern(Some(e.into()), Some(rdf::TYPE), None, None) {
        if let Term::NamedNode(t) = q?.object {
            if let Some(l) = entity_class(t.as_str()) {
                if etype.as_deref().is_none_or(|x| l < x) {
                    etype = Some(l.to_string());
                }
            }
        }
    }
    Ok(etype)
}

fn name_predicates() -> [NamedNode; 4] {
    [
        rdfs::LABEL.into_owned(),
        NamedNode::new_unchecked(format!("{SKOS}prefLabel")),
        NamedNode::new_unchecked(format!("{SKOS}altLabel")),
        NamedNode::new_unchecked(format!("{SG}shortName")),
    ]
}

impl Names {
    /// Reads every entity's type, labels and aliases, and how many
    /// documents mention it, by index lookups.
    pub fn load(store: &Store) -> Result<Names, StoreError> {
        let mut types: HashMap<String, String> = HashMap::new();
        for q in store.quads_for_pattern(None, Some(rdf::TYPE), None, None) {
            let q = q?;
            let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(t)) = (&q.subject, &q.object)
            else {
                continue;
            };
            if !s.as_str().starts_with(ID) {
                continue;
            }
            if let Some(local) = entity_class(t.as_str()) {
                let e = types
                    .entry(s.as_str().to_string())
                    .or_insert_with(|| local.to_string());
                // the same smallest type as the graph export picks
                if local < e.as_str() {
                    *e = local.to_string();
                }
            }
        }
        let mut docs: HashMap<String, usize> = HashMap::new();
        let mentioned = NamedNode::new_unchecked(format!("{SG}mentionedIn"));
        for q in store.quads_for_pattern(None, Some(mentioned.as_ref()), None, None) {
            let q = q?;
            if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                *docs.entry(s.as_str().to_string()).or_default() += 1;
            }
        }
        // labels: the reference graph's preferred label wins, then the
        // label most documents give
        let mut labels: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        let mut preferred: HashMap<String, String> = HashMap::new();
        let mut all: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (k, p) in name_predicates().iter().enumerate() {
            for q in store.quads_for_pattern(None, Some(p.as_ref()), None, None) {
                let q = q?;
                let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object)
                else {
                    continue;
                };
                if !types.contains_key(s.as_str()) {
                    continue;
                }
                let s = s.as_str().to_string();
                all.entry(s.clone())
                    .or_default()
                    .insert(l.value().to_string());
                match k {
                    0 => {
                        *labels
                            .entry(s)
                            .or_default()
                            .entry(l.value().to_string())
                            .or_default() += 1
                    }
                    1 => {
                        preferred.insert(s, l.value().to_string());
                    }
                    _ => {}
                }
            }
        }
        let mut entities = Vec::new();
        let mut names = Vec::new();
        let mut iris: Vec<&String> = all.keys().collect();
        iris.sort();
        for iri in iris {
            let Some(etype) = types.get(iri) else {
                continue;
            };
            let label = preferred.get(iri).cloned().or_else(|| {
                labels.get(iri).and_then(|m| {
                    m.iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(l, _)| l.clone())
                })
            });
            let Some(label) = label.or_else(|| all[iri].iter().next().cloned()) else {
                continue;
            };
            let mut folded: Vec<String> = all[iri].iter().map(|n| fold(n)).collect();
            folded.sort();
            folded.dedup();
            entities.push(Candidate {
                iri: iri.clone(),
                label,
                etype: etype.clone(),
                documents: docs.get(iri).copied().unwrap_or(0),
            });
            names.push(folded);
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, ns) in names.iter().enumerate() {
            for n in ns {
                by_name.entry(n.clone()).or_default().push(i);
            }
        }
        let by_iri = entities
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iri.clone(), i))
            .collect();
        Ok(Names {
            entities,
            names,
            by_name,
            by_iri,
        })
    }

    /// The one entity whose label or alias is exactly `name` (as written,
    /// Swedish tag), found by index lookups without reading every name;
    /// None when no entity or several carry it (then [`Names::load`] and
    /// [`Names::find`] decide, case and accents aside).
    pub fn exact(store: &Store, name: &str) -> Result<Option<Candidate>, StoreError> {
        let lit =
            oxigraph::model::Literal::new_language_tagged_literal_unchecked(name.trim(), "sv");
        let mut found: BTreeSet<String> = BTreeSet::new();
        for p in name_predicates() {
            for q in
                store.quads_for_pattern(None, Some(p.as_ref()), Some(lit.as_ref().into()), None)
            {
                if let NamedOrBlankNode::NamedNode(s) = q?.subject {
                    found.insert(s.as_str().to_string());
                }
            }
        }
        let mut it = found.into_iter();
        let (Some(iri), None) = (it.next(), it.next()) else {
            return Ok(None);
        };
        let me = NamedNode::new_unchecked(&iri);
        let Some(etype) = entity_type(store, me.as_ref())? else {
            return Ok(None);
        };
        let mentioned = NamedNode::new_unchecked(format!("{SG}mentionedIn"));
        let documents = store
            .quads_for_pattern(
                Some(me.as_ref().into()),
                Some(mentioned.as_ref()),
                None,
                None,
            )
            .count();
        Ok(Some(Candidate {
            iri,
            label: name.trim().to_string(),
            etype,
            documents,
        }))
    }

    /// How many entities the index holds.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when the store has no entity.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity of an IRI (full, or `id:…` as tables print it, `\\/` and all).
    pub fn by_iri(&self, iri: &str) -> Option<&Candidate> {
        self.by_iri
            .get(&crate::query::full_iri(iri))
            .map(|&i| &self.entities[i])
    }

    /// Finds an entity by an IRI or any of its names, case- and
    /// accent-tolerant: every entity with the exact name, else every one
    /// with a name that starts with the words given, else every one whose
    /// name holds them.
    pub fn find(&self, name: &str) -> Lookup {
        if let Some(c) = self.by_iri(name) {
            return Lookup::One(c.clone());
        }
        let key = fold(name);
        if key.is_empty() {
            return Lookup::None;
        }
        let mut hits: Vec<usize> = self.by_name.get(&key).cloned().unwrap_or_default();
        if hits.is_empty() {
            hits = self.matching(&key, |n, k| {
                n.starts_with(k) && n[k.len()..].chars().next().is_none_or(|c| c == ' ')
            });
        }
        if hits.is_empty() {
            hits = self.matching(&key, |n, k| n.contains(k));
        }
        let mut found: Vec<Candidate> = hits.iter().map(|&i| self.entities[i].clone()).collect();
        found.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.label.cmp(&b.label)));
        found.dedup_by(|a, b| a.iri == b.iri);
        match found.len() {
            0 => Lookup::None,
            1 => Lookup::One(found.remove(0)),
            _ => Lookup::Many(found),
        }
    }

    /// Entities whose names hold every word of `query` (for a search box),
    /// exact names first, then by how many documents mention them.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Candidate> {
        let key = fold(query);
        if key.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = key.split(' ').collect();
        let mut hits: Vec<(bool, usize)> = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(i, ns)| {
                let exact = ns.contains(&key);
                let all = ns
                    .iter()
                    .any(|n| words.iter().all(|w| n.split(' ').any(|t| t.starts_with(w))));
                (exact || all).then_some((exact, i))
            })
            .collect();
        hits.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(
                    self.entities[b.1]
                        .documents
                        .cmp(&self.entities[a.1].documents),
                )
                .then(self.entities[a.1].label.cmp(&self.entities[b.1].label))
        });
        hits.into_iter()
            .take(limit)
            .map(|(_, i)| self.entities[i].clone())
            .collect()
    }

    fn matching(&self, key: &str, f: impl Fn(&str, &str) -> bool) -> Vec<usize> {
        self.names
            .iter()
            .enumerate()
            .filter(|(_, ns)| ns.iter().any(|n| f(n, key)))
            .map(|(i, _)| i)
            .collect()
    }
}

/// A document as a card names it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocRef {
    pub iri: String,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: String,
}

/// The other end of a fact.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRef {
    pub iri: String,
    pub label: String,
    #[serde(rename = "type")]
    pub etype: String,
}

/// One fact about the entity, with its evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fact {
    pub other: EntityRef,
    pub role: Option<String>,
    /// The sentence the fact was read from (none for reference data).
    pub evidence: Option<String>,
    pub confidence: Option<f64>,
    pub rule: Option<String>,
    /// The document (none for reference data: the SCB gazetteer).
    pub document: Option<DocRef>,
}

/// The facts of one predicate in one direction.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactGroup {
    /// The predicate's local name ("worksAt", "inCounty").
    pub predicate: String,
    /// True when the entity is the subject.
    pub outgoing: bool,
    /// The group's heading for people ("works at", "employs").
    pub heading: String,
    pub facts: Vec<Fact>,
}

/// A link to open data.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenLink {
    /// "SCB municipality code", "SCB county code" or "Wikidata".
    pub kind: String,
    pub value: String,
    /// A page about it, when there is one.
    pub url: Option<String>,
    /// Where the link was read (the gazetteer, a curated table, `link`).
    pub source: String,
}

/// Everything the store says about one entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Card {
    pub iri: String,
    pub label: String,
    /// Class local names ("Person").
    pub types: Vec<String>,
    /// Every label and alias, the card's label first.
    pub names: Vec<String>,
    pub facts: Vec<FactGroup>,
    pub open_data: Vec<OpenLink>,
    /// Telephone, e-mail and web addresses read from documents.
    pub contact: Vec<String>,
    /// The documents that mention it, newest first.
    pub documents: Vec<DocRef>,
}

/// A heading for each predicate and direction.
pub fn heading(predicate: &str, outgoing: bool) -> String {
    let h = match (predicate, outgoing) {
        ("worksAt", true) => "works at",
        ("worksAt", false) => "people who work here",
        ("formerlyWorkedAt", true) => "formerly worked at",
        ("formerlyWorkedAt", false) => "people who worked here before",
        ("studiesAt", true) => "studies at",
        ("studiesAt", false) => "students",
        ("partOf", true) => "part of",
        ("partOf", false) => "parts",
        ("locatedIn", true) => "located in",
        ("locatedIn", false) => "located here",
        ("runs", true) => "runs",
        ("runs", false) => "run by",
        ("hosts", true) => "hosts",
        ("hosts", false) => "hosted by",
        ("participatesIn", true) => "takes part in",
        ("participatesIn", false) => "participants",
        ("heldIn", true) => "held in",
        ("heldIn", false) => "events held here",
        ("inCounty", true) => "in county",
        ("inCounty", false) => "municipalities",
        (p, true) => p,
        (p, false) => return format!("{p} (inverse)"),
    };
    h.to_string()
}

/// The predicates a card shows as facts: the nine relations and the
/// gazetteer's county.
fn fact_predicate(iri: &str) -> Option<&str> {
    let local = iri.strip_prefix(SG)?;
    (Predicate::parse(local).is_some() || local == "inCounty").then_some(local)
}

fn literal(
    store: &Store,
    s: NamedNodeRef<'_>,
    p: &str,
    g: GraphNameRef<'_>,
) -> Result<Option<String>, StoreError> {
    let p = NamedNode::new_unchecked(p);
    for q in store.quads_for_pattern(Some(s.into()), Some(p.as_ref()), None, Some(g)) {
        if let Term::Literal(l) = q?.object {
            return Ok(Some(l.value().to_string()));
        }
    }
    Ok(None)
}

/// The document of a named graph: id, title, date and source (None for a
/// graph that is not a document's).
pub fn doc_ref(store: &Store, graph: &str) -> Result<Option<DocRef>, StoreError> {
    if !graph.starts_with(DOC) {
        return Ok(None);
    }
    let n = NamedNode::new_unchecked(graph);
    let g = GraphNameRef::NamedNode(n.as_ref());
    let get = |p: &str| literal(store, n.as_ref(), p, g);
    Ok(Some(DocRef {
        iri: graph.to_string(),
        id: get(&format!("{DCTERMS}identifier"))?.unwrap_or_default(),
        title: get(&format!("{DCTERMS}title"))?.unwrap_or_default(),
        date: get(&format!("{DCTERMS}date"))?,
        source: get(&format!("{DCTERMS}source"))?.unwrap_or_default(),
    }))
}

struct Reader<'a> {
    store: &'a Store,
    docs: HashMap<String, DocRef>,
    refs: HashMap<String, EntityRef>,
}

impl<'a> Reader<'a> {
    fn doc(&mut self, graph: &str) -> Result<Option<DocRef>, StoreError> {
        if let Some(d) = self.docs.get(graph) {
            return Ok(Some(d.clone()));
        }
        let d = doc_ref(self.store, graph)?;
        if let Some(d) = &d {
            self.docs.insert(graph.to_string(), d.clone());
        }
        Ok(d)
    }

    fn entity(&mut self, iri: &str, names: Option<&Names>) -> Result<EntityRef, StoreError> {
        if let Some(r) = self.refs.get(iri) {
            return Ok(r.clone());
        }
        let r = match names.and_then(|n| n.by_iri(iri)) {
            Some(c) => EntityRef {
                iri: c.iri.clone(),
                label: c.label.clone(),
                etype: c.etype.clone(),
            },
            None => {
                let n = NamedNode::new_unchecked(iri);
                let mut label = None;
                for p in name_predicates().iter().take(2) {
                    for q in self.store.quads_for_pattern(
                        Some(n.as_ref().into()),
                        Some(p.as_ref()),
                        None,
                        None,
                    ) {
                        if let Term::Literal(l) = q?.object {
                            label = Some(l.value().to_string());
                            break;
                        }
                    }
                }
                EntityRef {
                    iri: iri.to_string(),
                    label: label.unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(iri).into()),
                    etype: entity_type(self.store, n.as_ref())?.unwrap_or_default(),
                }
            }
        };
        self.refs.insert(iri.to_string(), r.clone());
        Ok(r)
    }
}

/// A statement's evidence: (subject, predicate, object, graph) → its
/// sentence, confidence, rule and role.
pub(crate) type Evidence =
    HashMap<(String, String, String, String), Vec<(String, f64, String, String)>>;

pub(crate) fn statements(store: &Store, iri: NamedNodeRef<'_>) -> Result<Evidence, StoreError> {
    let mut out: Evidence = HashMap::new();
    let conf = NamedNode::new_unchecked(format!("{SG}confidence"));
    let text = NamedNode::new_unchecked(format!("{SG}evidenceText"));
    let rule = NamedNode::new_unchecked(format!("{SG}rule"));
    let membership = NamedNode::new_unchecked(format!("{SG}membership"));
    let role = NamedNode::new_unchecked(format!("{SG}roleLabel"));
    for end in [rdf::SUBJECT, rdf::OBJECT] {
        for q in store.quads_for_pattern(None, Some(end), Some(iri.into()), None) {
            let q = q?;
            let GraphName::NamedNode(g) = &q.graph_name else {
                continue;
            };
            let (mut s, mut p, mut o) = (String::new(), String::new(), String::new());
            let (mut ev, mut c, mut r, mut m) = (String::new(), 0.0, String::new(), None);
            for sq in store.quads_for_pattern(
                Some(q.subject.as_ref()),
                None,
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            ) {
                let sq = sq?;
                let pred = sq.predicate.as_str();
                match (&sq.object, pred) {
                    (Term::NamedNode(n), x) if x == rdf::SUBJECT.as_str() => s = n.as_str().into(),
                    (Term::NamedNode(n), x) if x == rdf::PREDICATE.as_str() => {
                        p = n.as_str().into()
                    }
                    (Term::NamedNode(n), x) if x == rdf::OBJECT.as_str() => o = n.as_str().into(),
                    (Term::NamedNode(n), x) if x == membership.as_str() => m = Some(n.clone()),
                    (Term::Literal(l), x) if x == text.as_str() => ev = l.value().into(),
                    (Term::Literal(l), x) if x == conf.as_str() => {
                        c = l.value().parse().unwrap_or(0.0)
                    }
                    (Term::Literal(l), x) if x == rule.as_str() => r = l.value().into(),
                    _ => {}
                }
            }
            let mut role_label = String::new();
            if let Some(m) = m {
                for rq in store.quads_for_pattern(
                    Some(m.as_ref().into()),
                    Some(role.as_ref()),
                    None,
                    Some(GraphNameRef::NamedNode(g.as_ref())),
                ) {
                    if let Term::Literal(l) = rq?.object {
                        role_label = l.value().to_string();
                    }
                }
            }
            let v = out.entry((s, p, o, g.as_str().to_string())).or_default();
            let item = (ev, c, r, role_label);
            if !v.contains(&item) {
                v.push(item);
            }
        }
    }
    Ok(out)
}

/// The card of the entity `iri`: every fact about it grouped by predicate
/// and direction (each with its role, evidence sentence, document and
/// date), its names, its links to open data and the documents that
/// mention it. `names` (when loaded) gives the other ends their labels.
pub fn card(store: &Store, iri: &str, names: Option<&Names>) -> Result<Card, StoreError> {
    let me = NamedNode::new(iri).map_err(|e| StoreError::Evaluation(format!("{iri}: {e}")))?;
    let mut rd = Reader {
        store,
        docs: HashMap::new(),
        refs: HashMap::new(),
    };
    let evidence = statements(store, me.as_ref())?;
    let mut types = BTreeSet::new();
    let mut label_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut pref = None;
    let mut aliases = BTreeSet::new();
    let mut open = Vec::new();
    let mut contact = BTreeSet::new();
    let mut documents = Vec::new();
    // (predicate, outgoing) → facts
    let mut groups: BTreeMap<(String, bool), Vec<Fact>> = BTreeMap::new();
    let fact_from = |rd: &mut Reader,
                     (s, p, o, g): (&str, &str, &str, &str),
                     other: &str,
                     groups: &mut BTreeMap<(String, bool), Vec<Fact>>,
                     outgoing: bool|
     -> Result<(), StoreError> {
        let Some(local) = fact_predicate(p) else {
            return Ok(());
        };
        let other = rd.entity(other, names)?;
        let document = rd.doc(g)?;
        let key = (s.to_string(), p.to_string(), o.to_string(), g.to_string());
        let list = groups.entry((local.to_string(), outgoing)).or_default();
        match evidence.get(&key) {
            Some(evs) => {
                for (ev, c, r, role) in evs {
                    list.push(Fact {
                        other: other.clone(),
                        role: (!role.is_empty()).then(|| role.clone()),
                        evidence: Some(ev.clone()),
                        confidence: Some(*c),
                        rule: (!r.is_empty()).then(|| r.clone()),
                        document: document.clone(),
                    });
                }
            }
            None => list.push(Fact {
                other,
                role: None,
                evidence: None,
                confidence: None,
                rule: None,
                document,
            }),
        }
        Ok(())
    };
    for q in store.quads_for_pattern(Some(me.as_ref().into()), None, None, None) {
        let q = q?;
        let g = match &q.graph_name {
            GraphName::NamedNode(n) => n.as_str().to_string(),
            _ => String::new(),
        };
        let p = q.predicate.as_str();
        match &q.object {
            Term::NamedNode(t) if p == rdf::TYPE.as_str() => {
                if let Some(l) = entity_class(t.as_str()) {
                    types.insert(l.to_string());
                }
            }
            Term::Literal(l) if p == rdfs::LABEL.as_str() => {
                *label_counts.entry(l.value().to_string()).or_default() += 1;
            }
            Term::Literal(l) if p == format!("{SKOS}prefLabel") => {
                pref = Some(l.value().to_string());
            }
            Term::Literal(l) if p == format!("{SKOS}altLabel") || p == format!("{SG}shortName") => {
                aliases.insert(l.value().to_string());
            }
            Term::Literal(l) if p == format!("{SG}scbCode") => open.push(OpenLink {
                kind: "SCB municipality code".into(),
                value: l.value().to_string(),
                url: None,
                source: source_name(&g),
            }),
            Term::Literal(l) if p == format!("{SG}countyCode") => open.push(OpenLink {
                kind: "SCB county code".into(),
                value: l.value().to_string(),
                url: None,
                source: source_name(&g),
            }),
            Term::NamedNode(t) if p == OWL_SAME_AS => open.push(OpenLink {
                kind: "Wikidata".into(),
                value: t
                    .as_str()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                url: Some(t.as_str().replace("/entity/", "/wiki/")),
                source: source_name(&g),
            }),
            Term::Literal(l)
                if p.starts_with(SCHEMA)
                    && ["telephone", "email", "url"].iter().any(|k| p.ends_with(k)) =>
            {
                contact.insert(l.value().to_string());
            }
            Term::NamedNode(d) if p == format!("{SG}mentionedIn") => {
                if let Some(doc) = rd.doc(d.as_str())? {
                    if !documents.contains(&doc) {
                        documents.push(doc);
                    }
                }
            }
            Term::NamedNode(o) => {
                fact_from(
                    &mut rd,
                    (iri, p, o.as_str(), &g),
                    o.as_str(),
                    &mut groups,
                    true,
                )?;
            }
            _ => {}
        }
    }
    for q in store.quads_for_pattern(None, None, Some(me.as_ref().into()), None) {
        let q = q?;
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        if !s.as_str().starts_with(ID) {
            continue;
        }
        let g = match &q.graph_name {
            GraphName::NamedNode(n) => n.as_str().to_string(),
            _ => String::new(),
        };
        fact_from(
            &mut rd,
            (s.as_str(), q.predicate.as_str(), iri, &g),
            s.as_str(),
            &mut groups,
            false,
        )?;
    }
    let label = names
        .and_then(|n| n.by_iri(iri))
        .map(|c| c.label.clone())
        .or(pref.clone())
        .or_else(|| {
            label_counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(l, _)| l.clone())
        })
        .unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(iri).to_string());
    // names that differ only in case or accents are shown once
    let mut all_names = vec![label.clone()];
    let mut seen = vec![fold(&label)];
    for n in pref
        .into_iter()
        .chain(label_counts.into_keys())
        .chain(aliases)
    {
        let f = fold(&n);
        if !seen.contains(&f) {
            seen.push(f);
            all_names.push(n);
        }
    }
    let newest = |d: &Option<DocRef>| {
        std::cmp::Reverse(d.as_ref().and_then(|d| d.date.clone()).unwrap_or_default())
    };
    let facts = groups
        .into_iter()
        .map(|((predicate, outgoing), mut facts)| {
            facts.sort_by(|a, b| {
                newest(&a.document)
                    .cmp(&newest(&b.document))
                    .then(a.other.label.cmp(&b.other.label))
                    .then(
                        b.confidence
                            .partial_cmp(&a.confidence)
                            .unwrap_or(std::cmp::Ordering::Equal),
                    )
            });
            FactGroup {
                heading: heading(&predicate, outgoing),
                predicate,
                outgoing,
                facts,
            }
        })
        .collect();
    documents.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.title.cmp(&b.title))
            .then(a.id.cmp(&b.id))
    });
    open.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.value.cmp(&b.value)));
    open.dedup_by(|a, b| a.kind == b.kind && a.value == b.value);
    Ok(Card {
        iri: iri.to_string(),
        label,
        types: types.into_iter().collect(),
        names: all_names,
        facts,
        open_data: open,
        contact: contact.into_iter().collect(),
        documents,
    })
}

fn source_name(graph: &str) -> String {
    match graph {
        REFERENCE_GRAPH => "SCB gazetteer and curated links (reference graph)".into(),
        LINKS_GRAPH => "socgraf link (links graph)".into(),
        g => g.to_string(),
    }
}

/// The card as text for a terminal.
pub fn to_text(c: &Card) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "{}  ({})", c.label, c.types.join(", "));
    let _ = writeln!(s, "  {}", c.iri);
    if c.names.len() > 1 {
        let _ = writeln!(s, "  also: {}", c.names[1..].join("; "));
    }
    for l in &c.open_data {
        let url = l
            .url
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let _ = writeln!(s, "  {}: {}{url}", l.kind, l.value);
    }
    for k in &c.contact {
        let _ = writeln!(s, "  contact: {k}");
    }
    for g in &c.facts {
        let _ = writeln!(s, "\n{} ({})", g.heading, g.facts.len());
        for f in &g.facts {
            let role = f
                .role
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            let _ = writeln!(s, "  - {}{role}", f.other.label);
            if let Some(ev) = &f.evidence {
                let _ = writeln!(s, "      «{}»", ev.replace('\n', " "));
            }
            match &f.document {
                Some(d) => {
                    let date = d
                        .date
                        .as_deref()
                        .map(|x| format!(", {x}"))
                        .unwrap_or_default();
                    let _ = writeln!(s, "      {} ({}{date})", d.title, d.id);
                }
                None => {
                    let _ = writeln!(s, "      reference data");
                }
            }
        }
    }
    let _ = writeln!(s, "\nmentioned in {} document(s)", c.documents.len());
    for d in &c.documents {
        let date = d
            .date
            .as_deref()
            .map(|x| format!("{x}  "))
            .unwrap_or_default();
        let _ = writeln!(s, "  {date}{} ({})", d.title, d.id);
    }
    s
}
