//! Export and analysis on a store built from the sample corpus: DOT that
//! GraphViz renders, GraphML, ego networks, type filters, centralities and
//! paths.
mod common;
use common::{corpus, p, run};

fn store() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, c) = corpus();
    let st = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    (d, st)
}

#[test]
fn dot_renders_with_graphviz() {
    let (d, st) = store();
    let dot = d.path().join("g.dot");
    let (code, _, err) = run(&[
        "export",
        "--store",
        p(&st),
        "--format",
        "dot",
        "-o",
        p(&dot),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&dot).unwrap();
    assert!(text.contains("label=\"worksAt\""));
    assert!(text.contains("cluster_legend"));
    assert!(
        text.contains("shape=ellipse, fillcolor=\"#f4d03f\""),
        "persons drawn as yellow ellipses"
    );
    let svg = d.path().join("g.svg");
    let status = std::process::Command::new("dot")
        .args(["-Tsvg", p(&dot), "-o", p(&svg)])
        .status()
        .expect("GraphViz `dot` must be installed (.ci/run installs graphviz)");
    assert!(status.success());
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.contains("<svg") && svg.contains("Birgitta Holmqvist"));
}

#[test]
fn focus_gives_the_ego_network() {
    let (_d, st) = store();
    let (code, out, _) = run(&[
        "export",
        "--store",
        p(&st),
        "--format",
        "dot",
        "--focus",
        "Vision",
        "--depth",
        "1",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Karl Edström") && out.contains("Emma Rydberg"));
    assert!(
        !out.contains("Birgitta Holmqvist"),
        "not a neighbour of Vision"
    );
    let (code, _, err) = run(&[
        "export",
        "--store",
        p(&st),
        "--format",
        "dot",
        "--focus",
        "Ingen Sådan",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no entity named"));
}

#[test]
fn graphml_has_typed_labelled_nodes_and_type_filter_works() {
    let (_d, st) = store();
    let (code, out, _) = run(&[
        "export",
        "--store",
        p(&st),
        "--format",
        "graphml",
        "--types",
        "Person,Union",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("<?xml"));
    assert!(out.contains("<key id=\"type\" for=\"node\""));
    assert!(out.contains("<data key=\"label\">Karl Edström</data><data key=\"type\">Person</data>"));
    assert!(out.contains("<data key=\"predicate\">worksAt</data>"));
    assert!(!out.contains(">Company<"), "type filter");
    assert_eq!(
        out.matches("<node ").count(),
        out.matches("</node>").count()
    );
}

#[test]
fn rdf_exports_parse() {
    let (_d, st) = store();
    for (fmt, rdf) in [
        ("nquads", oxigraph::io::RdfFormat::NQuads),
        ("trig", oxigraph::io::RdfFormat::TriG),
        ("turtle", oxigraph::io::RdfFormat::Turtle),
    ] {
        let out = std::process::Command::new(common::bin())
            .args(["export", "--store", p(&st), "--format", fmt])
            .output()
            .unwrap();
        assert!(out.status.success());
        let n = oxigraph::io::RdfParser::from_format(rdf)
            .for_slice(&out.stdout)
            .count();
        assert!(n > 1000, "{fmt}: {n} quads");
    }
}

#[test]
fn analyze_reports_centralities_and_components_and_path_the_links() {
    let (_d, st) = store();
    let (code, out, err) = run(&[
        "analyze",
        "--store",
        p(&st),
        "--top",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["degree"].as_array().unwrap().len(), 5);
    assert_eq!(v["betweenness_method"], "exact");
    assert!(v["components"].as_u64().unwrap() >= 2);
    let sizes: Vec<u64> = v["component_sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    assert_eq!(sizes.iter().sum::<u64>(), v["nodes"].as_u64().unwrap());
    assert!(v.get("path").is_none(), "analyze keeps the metrics only");
    let (code, out, err) = run(&[
        "path",
        "karl edstrom",
        "Emma Rydberg",
        "--store",
        p(&st),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let path = v["paths"][0].as_array().unwrap();
    assert_eq!(path.len(), 2);
    assert_eq!(path[0]["predicate"], "worksAt");
    assert_eq!(path[0]["to"]["label"], "Vision");
    assert_eq!(path[1]["forward"], false);
    assert!(
        path.iter()
            .all(|e| e["evidence"].as_str().is_some_and(|s| !s.is_empty())
                && e["document"]["id"].is_string()),
        "each edge has its evidence sentence and document: {path:?}"
    );
    let (code, text, _) = run(&["analyze", "--store", p(&st), "--samples", "3"]);
    assert_eq!(code, 0);
    assert!(text.contains("Betweenness (sampled from 3 sources)"));
    assert!(text.contains("PageRank:"));
}
