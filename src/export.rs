//! Exports: the entity graph as GraphViz DOT (shapes and colours by type, a
//! legend) and GraphML (Gephi, Cytoscape), and the store as RDF.
use crate::error::StoreError;
use crate::extract::EntityType;
use crate::graph::EntityGraph;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::store::Store;
use petgraph::visit::EdgeRef;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write;

/// Shape and fill colour of a type in DOT.
pub fn style(etype: &str) -> (&'static str, &'static str) {
    match etype {
        "Person" => ("ellipse", "#f4d03f"),
        "Municipality" => ("house", "#58d68d"),
        "Region" => ("house", "#a9dfbf"),
        "Union" => ("box", "#ec7063"),
        "GovernmentAgency" => ("box3d", "#5dade2"),
        "University" => ("component", "#af7ac5"),
        "Company" => ("box", "#f5b041"),
        "Organization" => ("box", "#d5dbdb"),
        "Event" => ("octagon", "#f1948a"),
        "Initiative" => ("hexagon", "#76d7c4"),
        "Place" => ("invtriangle", "#aed6f1"),
        _ => ("ellipse", "#ffffff"),
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

/// The graph in GraphViz DOT, with a legend of the types present.
///
/// ```
/// let g = socgraf::graph::EntityGraph::new();
/// assert!(socgraf::export::to_dot(&g).starts_with("digraph socgraf"));
/// ```
pub fn to_dot(g: &EntityGraph) -> String {
    to_dot_with(g, None)
}

/// As [`to_dot`], each node linking to the address `url` gives it (the
/// web page's cards; SVG output makes the links clickable).
pub fn to_dot_with(g: &EntityGraph, url: Option<&dyn Fn(&crate::graph::Node) -> String>) -> String {
    let mut s = String::from("digraph socgraf {\n  graph [rankdir=LR, fontname=\"Helvetica\", overlap=false];\n  node [style=filled, fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\"];\n");
    for i in g.node_indices() {
        let (shape, color) = style(&g[i].etype);
        let link = url
            .map(|f| format!(", URL=\"{}\", target=\"_top\"", esc(&f(&g[i]))))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  n{} [label=\"{}\", shape={}, fillcolor=\"{}\", tooltip=\"{} ({})\"{link}];",
            i.index(),
            esc(&g[i].label),
            shape,
            color,
            esc(&g[i].iri),
            g[i].etype
        );
    }
    for e in g.edge_references() {
        let _ = writeln!(
            s,
            "  n{} -> n{} [label=\"{}\"];",
            e.source().index(),
            e.target().index(),
            esc(e.weight())
        );
    }
    let present: HashSet<&str> = g.node_indices().map(|i| g[i].etype.as_str()).collect();
    s.push_str(
        "  subgraph cluster_legend {\n    label=\"Typer / types\"; fontsize=10; style=dashed;\n",
    );
    for t in EntityType::ALL
        .iter()
        .filter(|t| present.contains(t.as_str()))
    {
        let (shape, color) = style(t.as_str());
        let _ = writeln!(
            s,
            "    legend_{} [label=\"{}\", shape={}, fillcolor=\"{}\"];",
            t.as_str(),
            t.as_str(),
            shape,
            color
        );
    }
    s.push_str("  }\n}\n");
    s
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The graph in GraphML with label, type and IRI as node attributes and the
/// predicate as edge attribute.
pub fn to_graphml(g: &EntityGraph) -> String {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n",
        "  <key id=\"iri\" for=\"node\" attr.name=\"iri\" attr.type=\"string\"/>\n",
        "  <key id=\"predicate\" for=\"edge\" attr.name=\"predicate\" attr.type=\"string\"/>\n",
        "  <graph id=\"socgraf\" edgedefault=\"directed\">\n"
    ));
    for i in g.node_indices() {
        let _ = writeln!(
            s,
            "    <node id=\"n{}\"><data key=\"label\">{}</data><data key=\"type\">{}</data><data key=\"iri\">{}</data></node>",
            i.index(),
            xml(&g[i].label),
            xml(&g[i].etype),
            xml(&g[i].iri)
        );
    }
    for e in g.edge_references() {
        let _ = writeln!(
            s,
            "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\"><data key=\"predicate\">{}</data></edge>",
            e.id().index(),
            e.source().index(),
            e.target().index(),
            xml(e.weight())
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

/// Writes the whole store as N-Quads or TriG, or the union of its graphs as
/// Turtle.
pub fn dump_rdf(store: &Store, format: RdfFormat, out: &mut dyn Write) -> Result<(), StoreError> {
    if format.supports_datasets() {
        store
            .dump_to_writer(RdfSerializer::from_format(format), out)
            .map_err(|e| StoreError::storage(e.to_string()))?;
        return Ok(());
    }
    let mut ser = RdfSerializer::from_format(format);
    for (p, iri) in crate::query::PREFIXES {
        ser = ser
            .with_prefix(*p, *iri)
            .map_err(|e| StoreError::storage(e.to_string()))?;
    }
    let mut w = ser.for_writer(out);
    let mut seen = HashSet::new();
    for q in store.iter() {
        let q = q?;
        let t = oxigraph::model::Triple::new(q.subject, q.predicate, q.object);
        if seen.insert(t.clone()) {
            w.serialize_triple(&t)?;
        }
    }
    w.finish()?;
    Ok(())
}
