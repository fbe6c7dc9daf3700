//! Links to Wikidata: reconciles entities of the store that have no
//! owl:sameAs yet against a SPARQL endpoint (by Swedish label and type, and
//! municipalities by SCB code, Wikidata P525), writing accepted links with
//! their score into the named graph `links`, never into document graphs.
use crate::error::StoreError;
use crate::model::{self, REFERENCE_GRAPH};
use crate::query::Limits;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::HashMap;

/// The named graph that holds reconciled links.
pub use crate::model::LINKS_GRAPH;
/// Wikidata's public SPARQL endpoint, the default.
pub const WIKIDATA_ENDPOINT: &str = "https://query.wikidata.org/sparql";
const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
const CLASSES: &str = include_str!("wikidata_classes.tsv");

/// A candidate item for an entity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    pub entity: String,
    pub label: String,
    #[serde(rename = "type")]
    pub etype: String,
    pub item: String,
    pub score: f64,
    /// Why: "label", "label+type", "scb-code".
    pub evidence: String,
    /// Whether it is written (best, unambiguous, above the threshold).
    pub accepted: bool,
    /// Where it came from: [`OFFLINE`] (the links compiled in, already in
    /// the reference graph) or the endpoint asked.
    pub source: String,
}

/// The source of a candidate from the offline table.
pub const OFFLINE: &str = "offline table (ontology/wikidata-links.tsv)";

/// Options of a reconciliation run.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    pub endpoint: String,
    pub dry_run: bool,
    /// Lowest score written (0..1).
    pub min_score: f64,
    /// Labels sent per request.
    pub batch: usize,
    /// Connect and read timeout of each request to the endpoint.
    pub http_timeout: std::time::Duration,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            endpoint: WIKIDATA_ENDPOINT.into(),
            dry_run: false,
            min_score: 0.8,
            batch: 40,
            http_timeout: std::time::Duration::from_secs(crate::query::DEFAULT_HTTP_TIMEOUT_S),
        }
    }
}

fn classes() -> HashMap<String, Vec<String>> {
    let mut m: HashMap<String, Vec<String>> = HashMap::new();
    for l in CLASSES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut it = l.split('\t');
        if let (Some(t), Some(q)) = (it.next(), it.next()) {
            m.entry(t.to_string())
                .or_default()
                .push(model::wikidata_iri(q));
        }
    }
    m
}

fn lit(s: &str) -> String {
    format!("\"{}\"@sv", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Finds candidates for every entity without a link and, unless
/// `dry_run`, writes the accepted ones.
pub fn link(store: &Store, opts: &LinkOptions) -> Result<Vec<Candidate>, StoreError> {
    let out = candidates(store, opts)?;
    if !opts.dry_run {
        write_links(store, &out, &opts.endpoint)?;
    }
    Ok(out)
}

/// The candidates of every entity without a link, each marked accepted or
/// not; writes nothing (the store may be open for reading only).
pub fn candidates(store: &Store, opts: &LinkOptions) -> Result<Vec<Candidate>, StoreError> {
    let limits = Limits {
        http_timeout: opts.http_timeout,
        ..Limits::none()
    };
    let select = |store: &Store, q: &str| crate::query::select_with(store, q, &limits);
    // first the offline table: entities of documents the reference graph
    // links already (municipalities, counties, agencies, universities)
    let (_, offline) = select(
        store,
        &format!(
            "SELECT ?e (MIN(STR(?l)) AS ?label) (MIN(STRAFTER(STR(?t), \"#\")) AS ?type) (MIN(STR(?x)) AS ?item) WHERE {{ \
               GRAPH ?g {{ ?e a ?t ; rdfs:label ?l }} \
               FILTER(STRSTARTS(STR(?g), \"https://w3id.org/socgraf/doc/\")) \
               FILTER(?t IN (sg:Person, sg:Municipality, sg:Region, sg:Union, sg:GovernmentAgency, sg:University, sg:Company, sg:Organization)) \
               GRAPH <{REFERENCE_GRAPH}> {{ ?e owl:sameAs ?x }} \
             }} GROUP BY ?e ORDER BY ?e"
        ),
    )?;
    let mut out: Vec<Candidate> = offline
        .iter()
        .map(|r| Candidate {
            entity: crate::query::full_iri(&r[0]),
            label: r[1].clone(),
            etype: r[2].clone(),
            item: r[3].clone(),
            score: 1.0,
            evidence: "curated".into(),
            accepted: true,
            source: OFFLINE.into(),
        })
        .collect();
    // then the network, for the entities no link covers
    let (_, rows) = select(
        store,
        "SELECT ?e (MIN(STR(?l)) AS ?label) (MIN(STRAFTER(STR(?t), \"#\")) AS ?type) (MIN(?c) AS ?scb) WHERE { \
           GRAPH ?g { ?e a ?t ; rdfs:label ?l } \
           FILTER(STRSTARTS(STR(?g), \"https://w3id.org/socgraf/doc/\")) \
           FILTER(?t IN (sg:Person, sg:Municipality, sg:Region, sg:Union, sg:GovernmentAgency, sg:University, sg:Company, sg:Organization)) \
           OPTIONAL { ?e sg:scbCode ?c } \
           FILTER NOT EXISTS { ?e owl:sameAs ?x } \
         } GROUP BY ?e ORDER BY ?e",
    )?;
    let classes = classes();
    // municipalities by SCB code
    let munis: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[2] == "Municipality" && !r[3].is_empty())
        .collect();
    for chunk in munis.chunks(opts.batch.max(1)) {
        let values: Vec<String> = chunk.iter().map(|r| format!("\"{}\"", r[3])).collect();
        let q = format!(
            "SELECT ?scb ?item WHERE {{ SERVICE <{}> {{ VALUES ?scb {{ {} }} ?item <http://www.wikidata.org/prop/direct/P525> ?scb }} }}",
            opts.endpoint,
            values.join(" ")
        );
        let (_, found) = select(store, &q)?;
        for r in chunk {
            let items: Vec<&Vec<String>> = found.iter().filter(|f| f[0] == r[3]).collect();
            for f in &items {
                out.push(Candidate {
                    entity: crate::query::full_iri(&r[0]),
                    label: r[1].clone(),
                    etype: r[2].clone(),
                    item: crate::query::full_iri(&f[1]),
                    score: 1.0,
                    evidence: "scb-code".into(),
                    accepted: items.len() == 1,
                    source: opts.endpoint.clone(),
                });
            }
        }
    }
    // everything else by label and type
    let others: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[2] != "Municipality" || r[3].is_empty())
        .collect();
    for chunk in others.chunks(opts.batch.max(1)) {
        let values: Vec<String> = chunk.iter().map(|r| lit(&r[1])).collect();
        let q = format!(
            "SELECT ?label ?item ?class WHERE {{ SERVICE <{}> {{ VALUES ?label {{ {} }} \
               ?item <http://www.w3.org/2000/01/rdf-schema#label> ?label . \
               OPTIONAL {{ ?item <http://www.wikidata.org/prop/direct/P31> ?class }} }} }}",
            opts.endpoint,
            values.join(" ")
        );
        let (_, found) = select(store, &q)?;
        for r in chunk {
            let want = classes.get(&r[2]).cloned().unwrap_or_default();
            let mut by_item: HashMap<String, Vec<String>> = HashMap::new();
            for f in found.iter().filter(|f| f[0] == r[1]) {
                by_item
                    .entry(crate::query::full_iri(&f[1]))
                    .or_default()
                    .push(crate::query::full_iri(&f[2]));
            }
            let mut cands: Vec<Candidate> = by_item
                .into_iter()
                .map(|(item, cls)| {
                    let fits = cls.iter().any(|c| want.contains(c));
                    let known = cls.iter().any(|c| !c.is_empty());
                    let score: f64 = 0.6
                        + if fits {
                            0.35
                        } else if known {
                            -0.3
                        } else {
                            0.0
                        };
                    Candidate {
                        entity: crate::query::full_iri(&r[0]),
                        label: r[1].clone(),
                        etype: r[2].clone(),
                        item,
                        score: (score * 100.0).round() / 100.0,
                        evidence: if fits {
                            "label+type".into()
                        } else {
                            "label".into()
                        },
                        accepted: false,
                        source: opts.endpoint.clone(),
                    }
                })
                .collect();
            cands.sort_by(|a, b| {
                b.score
                    .partial_cmp(&a.score)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.item.cmp(&b.item))
            });
            let unambiguous =
                cands.len() == 1 || (cands.len() > 1 && cands[0].score > cands[1].score);
            if let Some(best) = cands.first_mut() {
                best.accepted = unambiguous && best.score >= opts.min_score;
            }
            out.extend(cands);
        }
    }
    for c in out.iter_mut().filter(|c| c.score < opts.min_score) {
        c.accepted = false;
    }
    Ok(out)
}

/// Writes the accepted candidates into the links graph, in one transaction.
pub fn write_links(store: &Store, cands: &[Candidate], endpoint: &str) -> Result<(), StoreError> {
    let g = GraphName::NamedNode(NamedNode::new_unchecked(LINKS_GRAPH));
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut quads = Vec::new();
    // the offline table's links are in the reference graph already
    for c in cands.iter().filter(|c| c.accepted && c.source != OFFLINE) {
        let (Ok(e), Ok(item)) = (NamedNode::new(&c.entity), NamedNode::new(&c.item)) else {
            continue;
        };
        quads.extend(link_quads(
            &e,
            &item,
            &g,
            vec![
                (
                    model::sg("confidence"),
                    Literal::new_typed_literal(format!("{:.2}", c.score), xsd::DECIMAL).into(),
                ),
                (
                    model::sg("linkEvidence"),
                    Literal::new_simple_literal(&c.evidence).into(),
                ),
                (
                    model::prov("wasDerivedFrom"),
                    Literal::new_simple_literal(endpoint).into(),
                ),
                (
                    model::prov("generatedAtTime"),
                    Literal::new_typed_literal(&now, xsd::DATE_TIME).into(),
                ),
            ],
        ));
    }
    let mut t = store.start_transaction()?;
    t.extend(quads.iter());
    t.commit()?;
    Ok(())
}

/// The links of `ontology/wikidata-links.tsv` (built from open data by
/// `examples/gen_gazetteer.rs`) as quads of the reference graph: the
/// owl:sameAs triple and a `sg:Link` statement whose `dcterms:source` names
/// where the item was read.
pub fn curated_links() -> Vec<Quad> {
    let g = GraphName::NamedNode(NamedNode::new_unchecked(REFERENCE_GRAPH));
    let mut quads = Vec::new();
    for l in include_str!("../../ontology/wikidata-links.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut it = l.split('\t');
        let (Some(key), Some(qid)) = (it.next(), it.next()) else {
            continue;
        };
        let source = it.next().unwrap_or("ontology/wikidata-links.tsv");
        let (Ok(e), Ok(item)) = (
            NamedNode::new(model::entity_iri(key)),
            NamedNode::new(model::wikidata_iri(qid)),
        ) else {
            continue;
        };
        quads.extend(link_quads(
            &e,
            &item,
            &g,
            vec![
                (
                    model::sg("linkEvidence"),
                    Literal::new_simple_literal("curated").into(),
                ),
                (
                    NamedNode::new_unchecked(format!("{}source", model::DCTERMS)),
                    Literal::new_simple_literal(source).into(),
                ),
            ],
        ));
    }
    quads
}

/// The owl:sameAs triple of a link and its `sg:Link` statement with the
/// given properties, in graph `g`.
fn link_quads(
    e: &NamedNode,
    item: &NamedNode,
    g: &GraphName,
    props: Vec<(NamedNode, oxigraph::model::Term)>,
) -> Vec<Quad> {
    let same = NamedNode::new_unchecked(OWL_SAME_AS);
    let st = NamedNode::new_unchecked(model::link_iri(e.as_str(), item.as_str()));
    let mut quads = vec![Quad::new(e.clone(), same.clone(), item.clone(), g.clone())];
    let mut statement = vec![
        (rdf::TYPE.into_owned(), model::sg("Link").into()),
        (rdf::SUBJECT.into_owned(), e.clone().into()),
        (rdf::PREDICATE.into_owned(), same.into()),
        (rdf::OBJECT.into_owned(), item.clone().into()),
    ];
    statement.extend(props);
    for (p, o) in statement {
        quads.push(Quad::new(st.clone(), p, o, g.clone()));
    }
    quads
}
