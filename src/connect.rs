//! How two entities are linked: the shortest paths between them over facts,
//! each edge with its evidence, and apart from them the documents naming both.
//!
//! Co-mention is a weaker link than a fact and is never mixed into a path.
use crate::card::{self, Candidate, DocRef, EntityRef};
use crate::error::StoreError;
use crate::graph::{node_of_iri, EntityGraph};
use crate::model::SG;
use crate::query;
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{HashMap, VecDeque};

/// One edge of a path, with the sentence it was read from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Edge {
    pub from: EntityRef,
    /// The predicate's local name.
    pub predicate: String,
    /// True when the fact reads from `from` to `to`.
    pub forward: bool,
    pub to: EntityRef,
    pub evidence: Option<String>,
    pub document: Option<DocRef>,
}

/// The answer to "how are A and B linked".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Connection {
    pub from: Candidate,
    pub to: Candidate,
    /// The shortest paths over facts (all of the shortest length, up to
    /// the number asked), empty when no fact path exists.
    pub paths: Vec<Vec<Edge>>,
    /// Documents that name both: a weaker link than a fact.
    pub co_mentioned: Vec<DocRef>,
}

/// One step of a path: from, the edge, to.
pub type Step = (NodeIndex, petgraph::graph::EdgeIndex, NodeIndex);

/// Every shortest path from `a` to `b` (edges in either direction), at
/// most `max` of them, each as its steps.
pub fn shortest_paths(g: &EntityGraph, a: NodeIndex, b: NodeIndex, max: usize) -> Vec<Vec<Step>> {
    let mut dist: HashMap<NodeIndex, usize> = HashMap::from([(a, 0)]);
    let mut q = VecDeque::from([a]);
    while let Some(v) = q.pop_front() {
        if v == b {
            break;
        }
        let d = dist[&v];
        for w in g.neighbors_undirected(v) {
            dist.entry(w).or_insert_with(|| {
                q.push_back(w);
                d + 1
            });
        }
    }
    let Some(&len) = dist.get(&b) else {
        return Vec::new();
    };
    // walk back from b over edges that step one closer to a
    let mut out = Vec::new();
    let mut stack: Vec<(NodeIndex, Vec<Step>)> = vec![(b, Vec::new())];
    while let Some((v, tail)) = stack.pop() {
        if out.len() >= max {
            break;
        }
        if v == a {
            let mut p = tail;
            p.reverse();
            out.push(p);
            continue;
        }
        let dv = dist[&v];
        let mut prev: Vec<(NodeIndex, petgraph::graph::EdgeIndex)> = g
            .edges_directed(v, petgraph::Direction::Incoming)
            .map(|e| (e.source(), e.id()))
            .chain(
                g.edges_directed(v, petgraph::Direction::Outgoing)
                    .map(|e| (e.target(), e.id())),
            )
            .filter(|(u, _)| dist.get(u).is_some_and(|&du| du + 1 == dv))
            .collect();
        prev.sort();
        prev.dedup_by_key(|(u, _)| *u);
        for (u, e) in prev.into_iter().rev() {
            let mut t = tail.clone();
            t.push((u, e, v));
            stack.push((u, t));
        }
    }
    debug_assert!(out.iter().all(|p| p.len() == len));
    out
}

fn mentions(store: &Store, iri: &str) -> Result<Vec<String>, StoreError> {
    let me = NamedNode::new_unchecked(iri);
    let p = NamedNode::new_unchecked(format!("{SG}mentionedIn"));
    let mut v = Vec::new();
    for q in store.quads_for_pattern(Some(me.as_ref().into()), Some(p.as_ref()), None, None) {
        if let Term::NamedNode(d) = q?.object {
            v.push(d.as_str().to_string());
        }
    }
    v.sort();
    v.dedup();
    Ok(v)
}

/// How `a` and `b` are linked: the shortest fact paths over the entity
/// graph `g` (up to `max`), each edge with an evidence sentence, and the
/// documents that name both.
pub fn connect(
    store: &Store,
    g: &EntityGraph,
    names: &card::Names,
    a: &Candidate,
    b: &Candidate,
    max: usize,
) -> Result<Connection, StoreError> {
    let mut paths = Vec::new();
    if let (Some(na), Some(nb)) = (node_of_iri(g, &a.iri), node_of_iri(g, &b.iri)) {
        let mut evidence: HashMap<String, card::Evidence> = HashMap::new();
        for p in shortest_paths(g, na, nb, max) {
            let mut edges = Vec::new();
            for (u, e, v) in p {
                let (s, _) = g.edge_endpoints(e).unwrap_or((u, v));
                let forward = s == u;
                let (subj, obj) = if forward { (u, v) } else { (v, u) };
                let (si, oi) = (query::full_iri(&g[subj].iri), query::full_iri(&g[obj].iri));
                let pi = format!("{SG}{}", g[e]);
                if !evidence.contains_key(&si) {
                    let ev = card::statements(store, NamedNode::new_unchecked(&si).as_ref())?;
                    evidence.insert(si.clone(), ev);
                }
                let found = evidence[&si]
                    .iter()
                    .filter(|((s, p, o, _), _)| *s == si && *p == pi && *o == oi)
                    .flat_map(|((_, _, _, graph), evs)| evs.iter().map(move |ev| (graph, ev)))
                    .max_by(|x, y| {
                        x.1 .1
                            .partial_cmp(&y.1 .1)
                            .unwrap_or(std::cmp::Ordering::Equal)
                            .then(y.0.cmp(x.0))
                    });
                let document = match found {
                    Some((graph, _)) => card::doc_ref(store, graph)?,
                    None => None,
                };
                let eref = |i: NodeIndex| {
                    let iri = query::full_iri(&g[i].iri);
                    match names.by_iri(&iri) {
                        Some(c) => EntityRef {
                            iri: c.iri.clone(),
                            label: c.label.clone(),
                            etype: c.etype.clone(),
                        },
                        None => EntityRef {
                            iri,
                            label: g[i].label.clone(),
                            etype: g[i].etype.rsplit('#').next().unwrap_or_default().into(),
                        },
                    }
                };
                edges.push(Edge {
                    from: eref(u),
                    predicate: g[e].clone(),
                    forward,
                    to: eref(v),
                    evidence: found.map(|(_, ev)| ev.0.clone()),
                    document,
                });
            }
            paths.push(edges);
        }
    }
    let (ma, mb) = (mentions(store, &a.iri)?, mentions(store, &b.iri)?);
    let mut co_mentioned = Vec::new();
    for d in ma.iter().filter(|d| mb.binary_search(d).is_ok()) {
        if let Some(r) = card::doc_ref(store, d)? {
            co_mentioned.push(r);
        }
    }
    co_mentioned.sort_by(|x, y| y.date.cmp(&x.date).then(x.id.cmp(&y.id)));
    Ok(Connection {
        from: a.clone(),
        to: b.clone(),
        paths,
        co_mentioned,
    })
}

/// The connection as text for a terminal.
pub fn to_text(c: &Connection) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    if c.paths.is_empty() {
        let _ = writeln!(
            s,
            "No path of facts links {} and {}.",
            c.from.label, c.to.label
        );
    } else {
        let n = c.paths[0].len();
        let _ = writeln!(
            s,
            "{} and {} are linked in {n} step(s) by {} path(s) of facts:",
            c.from.label,
            c.to.label,
            c.paths.len()
        );
        for (i, p) in c.paths.iter().enumerate() {
            let _ = writeln!(s, "\npath {}:", i + 1);
            for e in p {
                let arrow = if e.forward {
                    format!("—{}→", e.predicate)
                } else {
                    format!("←{}—", e.predicate)
                };
                let _ = writeln!(s, "  {} {arrow} {}", e.from.label, e.to.label);
                if let Some(ev) = &e.evidence {
                    let _ = writeln!(s, "      «{}»", ev.replace('\n', " "));
                }
                if let Some(d) = &e.document {
                    let date = d
                        .date
                        .as_deref()
                        .map(|x| format!(", {x}"))
                        .unwrap_or_default();
                    let _ = writeln!(s, "      {} ({}{date})", d.title, d.id);
                }
            }
        }
    }
    if !c.co_mentioned.is_empty() {
        let _ = writeln!(
            s,
            "\nNamed together (co-mention, not a fact) in {} document(s):",
            c.co_mentioned.len()
        );
        for d in &c.co_mentioned {
            let date = d
                .date
                .as_deref()
                .map(|x| format!("{x}  "))
                .unwrap_or_default();
            let _ = writeln!(s, "  {date}{} ({})", d.title, d.id);
        }
    } else if c.paths.is_empty() {
        let _ = writeln!(s, "No document names both.");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Node;

    fn node(g: &mut EntityGraph, name: &str) -> NodeIndex {
        g.add_node(Node {
            iri: format!("id:person/{name}"),
            label: name.into(),
            etype: "Person".into(),
        })
    }

    #[test]
    fn every_shortest_path_in_either_direction_and_no_longer_one() {
        // a → x ← b, a → y → b, and a longer a → z → w → b
        let mut g = EntityGraph::new();
        let (a, b, x, y, z, w) = (
            node(&mut g, "a"),
            node(&mut g, "b"),
            node(&mut g, "x"),
            node(&mut g, "y"),
            node(&mut g, "z"),
            node(&mut g, "w"),
        );
        g.add_edge(a, x, "worksAt".into());
        g.add_edge(b, x, "worksAt".into());
        g.add_edge(a, y, "hosts".into());
        g.add_edge(y, b, "hosts".into());
        g.add_edge(a, z, "runs".into());
        g.add_edge(z, w, "runs".into());
        g.add_edge(w, b, "runs".into());
        let paths = shortest_paths(&g, a, b, 10);
        assert_eq!(paths.len(), 2, "{paths:?}");
        assert!(paths
            .iter()
            .all(|p| p.len() == 2 && p[0].0 == a && p[1].2 == b));
        let middles: Vec<NodeIndex> = paths.iter().map(|p| p[0].2).collect();
        assert!(middles.contains(&x) && middles.contains(&y));
        assert_eq!(
            shortest_paths(&g, a, b, 1).len(),
            1,
            "at most the number asked"
        );
        let lone = node(&mut g, "lone");
        assert!(shortest_paths(&g, a, lone, 5).is_empty());
    }
}
