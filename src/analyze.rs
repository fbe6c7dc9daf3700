//! Network analysis of the entity graph: degree, PageRank, betweenness
//! (exact, or sampled from K sources) and connected components (the paths
//! between two entities are `connect`'s).
use crate::graph::EntityGraph;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::VecDeque;

/// A node with a score.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ranked {
    pub label: String,
    #[serde(rename = "type")]
    pub etype: String,
    pub score: f64,
}

/// The analysis report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub nodes: usize,
    pub edges: usize,
    pub degree: Vec<Ranked>,
    pub pagerank: Vec<Ranked>,
    pub betweenness: Vec<Ranked>,
    /// "exact" or "sampled from K sources".
    pub betweenness_method: String,
    pub components: usize,
    pub component_sizes: Vec<usize>,
}

fn top(g: &EntityGraph, scores: &[f64], n: usize) -> Vec<Ranked> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| {
        scores[b]
            .partial_cmp(&scores[a])
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(g[NodeIndex::new(a)].label.cmp(&g[NodeIndex::new(b)].label))
    });
    idx.into_iter()
        .take(n)
        .map(|i| {
            let node = &g[NodeIndex::new(i)];
            Ranked {
                label: node.label.clone(),
                etype: node.etype.clone(),
                score: (scores[i] * 1e6).round() / 1e6,
            }
        })
        .collect()
}

/// Undirected adjacency lists.
fn adjacency(g: &EntityGraph) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); g.node_count()];
    for e in g.edge_references() {
        let (a, b) = (e.source().index(), e.target().index());
        if a != b {
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    for l in &mut adj {
        l.sort_unstable();
        l.dedup();
    }
    adj
}

/// Betweenness centrality (Brandes) on the undirected graph, normalised to
/// 0..1; with `samples` = Some(k) < n, from k evenly spaced sources, scaled.
pub fn betweenness(g: &EntityGraph, samples: Option<usize>) -> (Vec<f64>, String) {
    let n = g.node_count();
    let adj = adjacency(g);
    let mut cb = vec![0.0f64; n];
    let sources: Vec<usize> = match samples {
        Some(k) if k < n && k > 0 => (0..k).map(|i| i * n / k).collect(),
        _ => (0..n).collect(),
    };
    let method = if sources.len() < n {
        format!("sampled from {} sources", sources.len())
    } else {
        "exact".to_string()
    };
    // sources in fixed chunks, one partial sum each, added in chunk order:
    // parallel and still the same figures on every run
    let partials: Vec<Vec<f64>> = sources
        .par_chunks(64)
        .map(|chunk| {
            let mut cb = vec![0.0f64; n];
            let mut sigma = vec![0.0f64; n];
            let mut dist = vec![-1i64; n];
            let mut delta = vec![0.0f64; n];
            let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut stack = Vec::new();
            let mut q = VecDeque::new();
            for &s in chunk {
                for v in 0..n {
                    sigma[v] = 0.0;
                    dist[v] = -1;
                    delta[v] = 0.0;
                    preds[v].clear();
                }
                sigma[s] = 1.0;
                dist[s] = 0;
                q.push_back(s);
                while let Some(v) = q.pop_front() {
                    stack.push(v);
                    for &w in &adj[v] {
                        if dist[w] < 0 {
                            dist[w] = dist[v] + 1;
                            q.push_back(w);
                        }
                        if dist[w] == dist[v] + 1 {
                            sigma[w] += sigma[v];
                            preds[w].push(v);
                        }
                    }
                }
                while let Some(w) = stack.pop() {
                    for &v in &preds[w] {
                        delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                    }
                    if w != s {
                        cb[w] += delta[w];
                    }
                }
            }
            cb
        })
        .collect();
    for part in partials {
        for (c, x) in cb.iter_mut().zip(part) {
            *c += x;
        }
    }
    let scale = if n > 2 {
        let sample_scale = n as f64 / sources.len().max(1) as f64;
        sample_scale / ((n - 1) * (n - 2)) as f64
    } else {
        0.0
    };
    for c in &mut cb {
        *c *= scale; // undirected: each pair counted twice, normalised by (n-1)(n-2)
    }
    (cb, method)
}

/// PageRank of the directed graph (parallel edges count once, a node
/// without out-links spreads its rank evenly), by power iteration until the
/// L1 change is below n·1e-6 or 100 rounds, as networkx does. O(V + E) per
/// round (petgraph's `page_rank` is O(V²)).
///
/// ```
/// let mut g = socgraf::graph::EntityGraph::new();
/// let node = |l: &str| socgraf::graph::Node { iri: l.into(), label: l.into(), etype: "Person".into() };
/// let (a, b, c) = (g.add_node(node("a")), g.add_node(node("b")), g.add_node(node("c")));
/// g.add_edge(a, b, "r".into());
/// g.add_edge(b, c, "r".into());
/// g.add_edge(c, a, "r".into());
/// let pr = socgraf::analyze::pagerank(&g, 0.85);
/// assert!(pr.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-9));
/// ```
pub fn pagerank(g: &EntityGraph, damping: f64) -> Vec<f64> {
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in g.edge_references() {
        succ[e.source().index()].push(e.target().index());
    }
    for l in &mut succ {
        l.sort_unstable();
        l.dedup();
    }
    let nf = n as f64;
    let mut rank = vec![1.0 / nf; n];
    let mut next = vec![0.0; n];
    for _ in 0..100 {
        let dangling: f64 = (0..n)
            .filter(|&v| succ[v].is_empty())
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - damping) / nf + damping * dangling / nf;
        next.iter_mut().for_each(|x| *x = base);
        for (v, out) in succ.iter().enumerate() {
            if !out.is_empty() {
                let share = damping * rank[v] / out.len() as f64;
                for &w in out {
                    next[w] += share;
                }
            }
        }
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < nf * 1e-6 {
            break;
        }
    }
    rank
}

/// Connected components (undirected), sizes largest first.
pub fn components(g: &EntityGraph) -> Vec<usize> {
    let mut uf = petgraph::unionfind::UnionFind::new(g.node_count());
    for e in g.edge_references() {
        uf.union(e.source().index(), e.target().index());
    }
    let mut sizes = std::collections::HashMap::new();
    for i in 0..g.node_count() {
        *sizes.entry(uf.find(i)).or_insert(0usize) += 1;
    }
    let mut v: Vec<usize> = sizes.into_values().collect();
    v.sort_unstable_by(|a, b| b.cmp(a));
    v
}

/// Runs every analysis (the paths between two entities are `connect`'s).
///
/// ```
/// use socgraf::graph::{EntityGraph, Node};
/// let mut g = EntityGraph::new();
/// let a = g.add_node(Node { iri: "a".into(), label: "Ada".into(), etype: "Person".into() });
/// let b = g.add_node(Node { iri: "b".into(), label: "Vision".into(), etype: "Union".into() });
/// g.add_edge(a, b, "worksAt".into());
/// let r = socgraf::analyze::analyze(&g, 5, None);
/// assert_eq!(r.components, 1);
/// assert_eq!(r.degree[0].score, 1.0);
/// ```
pub fn analyze(g: &EntityGraph, n: usize, samples: Option<usize>) -> Report {
    let degree: Vec<f64> = g
        .node_indices()
        .map(|i| g.neighbors_undirected(i).count() as f64)
        .collect();
    let pr = pagerank(g, 0.85);
    let (bc, method) = betweenness(g, samples);
    let sizes = components(g);
    Report {
        nodes: g.node_count(),
        edges: g.edge_count(),
        degree: top(g, &degree, n),
        pagerank: top(g, &pr, n),
        betweenness: top(g, &bc, n),
        betweenness_method: method,
        components: sizes.len(),
        component_sizes: sizes,
    }
}

/// The report as text for people.
pub fn to_text(r: &Report) -> String {
    use std::fmt::Write as _;
    let mut s = format!("{} entities, {} relations\n", r.nodes, r.edges);
    for (title, list) in [
        ("Degree", &r.degree),
        ("PageRank", &r.pagerank),
        (
            &*format!("Betweenness ({})", r.betweenness_method),
            &r.betweenness,
        ),
    ] {
        let _ = writeln!(s, "\n{title}:");
        for (i, x) in list.iter().enumerate() {
            let _ = writeln!(
                s,
                "  {:>2}. {:<45} {:<16} {:.4}",
                i + 1,
                x.label,
                x.etype,
                x.score
            );
        }
    }
    let shown: Vec<String> = r
        .component_sizes
        .iter()
        .take(10)
        .map(|x| x.to_string())
        .collect();
    let _ = writeln!(
        s,
        "\nConnected components: {} (sizes: {}{})",
        r.components,
        shown.join(", "),
        if r.component_sizes.len() > 10 {
            ", …"
        } else {
            ""
        }
    );
    s
}

#[cfg(test)]
mod pagerank_tests {
    use super::*;
    use crate::graph::Node;

    /// Reference values from networkx 3 (`nx.pagerank(G, alpha=0.85,
    /// tol=1e-10)`) on the same five-node graph, with a dangling node.
    #[test]
    fn matches_networkx_reference_values() {
        let mut g = EntityGraph::new();
        let ids: Vec<_> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|l| {
                g.add_node(Node {
                    iri: l.to_string(),
                    label: l.to_string(),
                    etype: "Person".into(),
                })
            })
            .collect();
        for (a, b) in [(0, 1), (0, 2), (1, 2), (2, 0), (3, 2), (3, 2)] {
            g.add_edge(ids[a], ids[b], "r".into());
        }
        let pr = pagerank(&g, 0.85);
        let want = [0.359062, 0.188746, 0.379903, 0.036145, 0.036145];
        for (got, want) in pr.iter().zip(want) {
            assert!((got - want).abs() < 1e-4, "{pr:?}");
        }
    }
}
