//! The entity graph as a petgraph: nodes are entities (label, type), edges
//! are the nine relations, read from the store by SPARQL. Export and
//! analysis work on this one structure.
use crate::error::StoreError;
use crate::extract::{EntityType, Predicate};
use crate::query::select;
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
    let preds: Vec<String> = Predicate::ALL
        .iter()
        .map(|p| format!("sg:{}", p.as_str()))
        .collect();
    let (_, nodes) = select(
        store,
        "SELECT ?e (MIN(STR(?l)) AS ?label) (MIN(STR(?t)) AS ?type) WHERE { \
           GRAPH ?g { ?e a ?t ; rdfs:label ?l } \
           FILTER(STRSTARTS(STR(?g), \"https://w3id.org/socgraf/doc/\")) \
           FILTER(STRSTARTS(STR(?t), STR(sg:)) && ?t NOT IN (sg:Document, sg:Statement)) \
         } GROUP BY ?e ORDER BY ?e",
    )?;
    let (_, edges) = select(
        store,
        &format!(
            "SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} \
               FILTER(STRSTARTS(STR(?g), \"https://w3id.org/socgraf/doc/\")) \
               FILTER(?p IN ({})) }} ORDER BY ?s ?p ?o",
            preds.join(", ")
        ),
    )?;
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
    for row in edges {
        if let (Some(&s), Some(&o)) = (index.get(&row[0]), index.get(&row[2])) {
            g.add_edge(s, o, row[1].trim_start_matches("sg:").to_string());
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

fn subgraph(g: &EntityGraph, keep: impl Fn(NodeIndex) -> bool) -> EntityGraph {
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
