//! The entity graph as a petgraph: nodes are entities (label, type), edges
//! are the nine relations, read from the store by index lookups. Export and
//! analysis work on this one structure.
use crate::error::StoreError;
use crate::extract::{EntityType, Predicate};
use oxigraph::store::Store;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{HashMap, HashSet, VecDeque};

/// An entity node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub iri: String,
    pub label: String,
    pub etype: String,
}

/// The entity graph: directed edges labelled with the predicate name.
pub type EntityGraph = DiGraph<Node, String>;

/// Reads the entity graph of every document in the store.
pub fn load(store: &Store) -> Result<EntityGraph, StoreError> {
    // nodes: every typed entity of a document graph with its smallest type
    // and label, by index lookups (the union of graphs repeats both)
    let in_document = |g: &oxigraph::model::GraphName| matches!(g, oxigraph::model::GraphName::NamedNode(n) if n.as_str().starts_with(crate::model::DOC));
    let skip = [crate::model::sg("Document"), crate::model::sg("Statement")];
    let mut types: HashMap<oxigraph::model::NamedOrBlankNode, String> = HashMap::new();
    for q in store.quads_for_pattern(None, Some(oxigraph::model::vocab::rdf::TYPE), None, None) {
        let q = q?;
        let oxigraph::model::Term::NamedNode(t) = &q.object else {
            continue;
        };
        if !in_document(&q.graph_name)
            || !t.as_str().starts_with(crate::model::SG)
            || skip.contains(t)
        {
            continue;
        }
        let e = types
            .entry(q.subject)
            .or_insert_with(|| t.as_str().to_string());
        if t.as_str() < e.as_str() {
            *e = t.as_str().to_string();
        }
    }
    let mut labels: HashMap<oxigraph::model::NamedOrBlankNode, String> = HashMap::new();
    for q in store.quads_for_pattern(None, Some(oxigraph::model::vocab::rdfs::LABEL), None, None) {
        let q = q?;
        let oxigraph::model::Term::Literal(l) = &q.object else {
            continue;
        };
        if !in_document(&q.graph_name) || !types.contains_key(&q.subject) {
            continue;
        }
        let e = labels
            .entry(q.subject)
            .or_insert_with(|| l.value().to_string());
        if l.value() < e.as_str() {
            *e = l.value().to_string();
        }
    }
    // the canonical name where the reference graph gives one (a
    // municipality's SCB name, a renamed organisation's current name)
    let pref =
        oxigraph::model::NamedNode::new_unchecked(format!("{}prefLabel", crate::model::SKOS));
    for q in store.quads_for_pattern(None, Some(pref.as_ref()), None, None) {
        let q = q?;
        if let oxigraph::model::Term::Literal(l) = &q.object {
            if let Some(e) = labels.get_mut(&q.subject) {
                *e = l.value().to_string();
            }
        }
    }
    let mut nodes: Vec<[String; 3]> = labels
        .into_iter()
        .filter_map(|(e, label)| {
            let t = types.get(&e)?.clone();
            Some([crate::query::display_term(&e.into()), label, t])
        })
        .collect();
    nodes.sort();
    // edges by direct index lookups, one predicate at a time: a scan of
    // every quad with a filter on the predicate reads the whole store
    let mut edges: std::collections::BTreeSet<(String, String, String)> = Default::default();
    for p in Predicate::ALL {
        let pred = crate::model::sg(p.as_str());
        for q in store.quads_for_pattern(None, Some(pred.as_ref()), None, None) {
            let q = q?;
            let in_document = matches!(&q.graph_name,
                oxigraph::model::GraphName::NamedNode(g) if g.as_str().starts_with(crate::model::DOC));
            if in_document {
                edges.insert((
                    crate::query::display_term(&q.subject.into()),
                    p.as_str().to_string(),
                    crate::query::display_term(&q.object),
                ));
            }
        }
    }
    let mut g = EntityGraph::new();
    let mut index: HashMap<String, NodeIndex> = HashMap::new();
    for row in nodes {
        let etype = row[2].rsplit('#').next().unwrap_or("").to_string();
        let i = g.add_node(Node {
            iri: row[0].clone(),
            label: row[1].clone(),
            etype,
        });
        index.insert(row[0].clone(), i);
    }
    for (s, p, o) in edges {
        if let (Some(&s), Some(&o)) = (index.get(&s), index.get(&o)) {
            g.add_edge(s, o, p);
        }
    }
    Ok(g)
}

/// Finds the node that best matches a name: exact label (any case), then a
/// label that contains the name.
pub fn find_node(g: &EntityGraph, name: &str) -> Option<NodeIndex> {
    let n = name.to_lowercase();
    g.node_indices()
        .find(|&i| g[i].label.to_lowercase() == n)
        .or_else(|| {
            g.node_indices()
                .find(|&i| g[i].label.to_lowercase().contains(&n))
        })
}

/// The node of an entity by its full IRI (nodes keep the form tables print).
pub fn node_of_iri(g: &EntityGraph, iri: &str) -> Option<NodeIndex> {
    let shown = crate::query::display_term(&oxigraph::model::NamedNode::new_unchecked(iri).into());
    g.node_indices().find(|&i| g[i].iri == shown)
}

/// The subgraph of nodes within `depth` steps of `center` (either direction).
pub fn ego(g: &EntityGraph, center: NodeIndex, depth: usize) -> EntityGraph {
    let mut dist: HashMap<NodeIndex, usize> = HashMap::new();
    dist.insert(center, 0);
    let mut q = VecDeque::from([center]);
    while let Some(n) = q.pop_front() {
        let d = dist[&n];
        if d >= depth {
            continue;
        }
        for nb in g.neighbors_undirected(n) {
            if let std::collections::hash_map::Entry::Vacant(e) = dist.entry(nb) {
                e.insert(d + 1);
                q.push_back(nb);
            }
        }
    }
    let keep: HashSet<NodeIndex> = dist.keys().copied().collect();
    subgraph(g, |i| keep.contains(&i))
}

/// Keeps the nodes of the given types (names as in the ontology).
pub fn filter_types(g: &EntityGraph, types: &[EntityType]) -> EntityGraph {
    let names: HashSet<&str> = types.iter().map(|t| t.as_str()).collect();
    subgraph(g, |i| names.contains(g[i].etype.as_str()))
}

/// The subgraph of the nodes `keep` accepts, with the edges between them.
pub fn subgraph(g: &EntityGraph, keep: impl Fn(NodeIndex) -> bool) -> EntityGraph {
    let mut out = EntityGraph::new();
    let mut map = HashMap::new();
    for i in g.node_indices().filter(|&i| keep(i)) {
        map.insert(i, out.add_node(g[i].clone()));
    }
    for e in g.edge_references() {
        if let (Some(&s), Some(&t)) = (map.get(&e.source()), map.get(&e.target())) {
            out.add_edge(s, t, e.weight().clone());
        }
    }
    out
}
