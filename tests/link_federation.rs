//! Reconciliation (`socgraf link`) and federated SPARQL (`SERVICE`) against a
//! real Oxigraph SPARQL server on 127.0.0.1 loaded with a Wikidata-shaped
//! fixture. The `oxigraph` binary comes from crates.io (oxigraph-cli);
//! `.ci/setup` installs it into $HOME/.cache/oxigraph-cli.
mod common;
use common::{corpus, p, run};
use std::net::TcpListener;
use std::process::Command;

fn server(dir: &std::path::Path) -> Server {
    let bin = common::oxigraph_bin();
    let data = dir.join("wikidata-store");
    let fixture = format!("{}/tests/fixtures/wikidata.ttl", env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(&bin)
        .args(["load", "--location", p(&data), "--file", &fixture])
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "the oxigraph server binary is needed ({}): {e}; run .ci/setup",
                bin.display()
            )
        });
    assert!(status.success());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let srv = common::oxigraph_serve(&data, &format!("127.0.0.1:{port}"));
    Server {
        endpoint: format!("http://{}/query", srv.bind),
        _srv: srv,
    }
}

struct Server {
    _srv: common::OxigraphServer,
    endpoint: String,
}

#[test]
fn link_reconciles_by_label_type_and_scb_code_into_the_links_graph() {
    let (d, c) = corpus();
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let srv = server(d.path());
    let docs_before = run(&["query", "--store", p(&kg), "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/socgraf/doc/\")) }", "--format", "csv"]).1;

    let (code, out, err) = run(&[
        "link",
        "--store",
        p(&kg),
        "--endpoint",
        &srv.endpoint,
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    // --dry-run names each candidate's source: the offline table or the endpoint
    assert!(
        out.lines()
            .any(|l| l.contains("Luleå") && l.contains("offline table")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("Q900001") && l.contains(srv.endpoint.as_str())),
        "{out}"
    );
    assert!(
        out.contains("http://www.wikidata.org/entity/Q900001"),
        "{out}"
    );
    assert!(err.contains("dry run"));
    // a reader that goes away ends the listing quietly (as ripgrep does)
    let piped = Command::new("bash")
        .args([
            "-c",
            &format!(
                "set -o pipefail; {} link --store {} --endpoint {} --dry-run | head -1 > /dev/null",
                p(&common::bin()),
                p(&kg),
                srv.endpoint
            ),
        ])
        .output()
        .unwrap();
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let (_, none, _) = run(&[
        "query",
        "--store",
        p(&kg),
        "-e",
        "ASK { GRAPH <https://w3id.org/socgraf/graph/links> { ?s ?p ?o } }",
    ]);
    assert!(none.contains("false"), "a dry run writes nothing");

    let (code, _, err) = run(&["link", "--store", p(&kg), "--endpoint", &srv.endpoint]);
    assert_eq!(code, 0, "{err}");
    let q = "SELECT ?e ?item ?score WHERE { GRAPH <https://w3id.org/socgraf/graph/links> { ?e owl:sameAs ?item . ?l rdf:subject ?e ; rdf:object ?item ; sg:confidence ?score } } ORDER BY ?e";
    let (_, links, _) = run(&["query", "--store", p(&kg), "-e", q, "--format", "csv"]);
    // type decides between two items labelled "Vision"
    assert!(
        links.contains("id:union/vision,http://www.wikidata.org/entity/Q900001")
            || links.contains("union/vision,http://www.wikidata.org/entity/Q900001"),
        "{links}"
    );
    assert!(!links.contains("Q900002"));
    // a municipality is linked by the offline table (the reference graph,
    // built from open data): the endpoint is not asked for it
    assert!(!links.contains("municipality/luleaa"), "{links}");
    let (_, item, _) = run(&["query", "--store", p(&kg), "-e",
        "SELECT ?item ?source WHERE { id:municipality\\/luleaa owl:sameAs ?item . ?l rdf:subject id:municipality\\/luleaa ; rdf:object ?item ; dcterms:source ?source }",
        "--format", "csv"]);
    assert!(item.contains("http://www.wikidata.org/entity/Q"), "{item}");
    assert!(item.contains("public extracts"), "{item}");
    // a human by label and class
    assert!(
        links.contains("person/karl-edstroem,http://www.wikidata.org/entity/Q900020"),
        "{links}"
    );
    // two equally good candidates: no link
    assert!(!links.contains("emma-rydberg"), "{links}");
    // document graphs untouched
    let docs_after = run(&["query", "--store", p(&kg), "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/socgraf/doc/\")) }", "--format", "csv"]).1;
    assert_eq!(docs_before, docs_after);
    // linked entities are not asked for again
    let (_, again, _) = run(&[
        "link",
        "--store",
        p(&kg),
        "--endpoint",
        &srv.endpoint,
        "--dry-run",
    ]);
    assert!(!again.contains("Q900001"), "{again}");
}

#[test]
fn query_runs_federated_service_clauses() {
    let (d, c) = corpus();
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let srv = server(d.path());
    let q = format!(
        "SELECT ?name ?item WHERE {{ ?m a sg:Municipality ; sg:scbCode ?code ; sg:mentionedIn ?d ; skos:prefLabel ?name . \
           SERVICE <{}> {{ ?item <http://www.wikidata.org/prop/direct/P525> ?code }} }} ORDER BY ?name",
        srv.endpoint
    );
    let (code, out, err) = run(&["query", "--store", p(&kg), "-e", &q, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Luleå kommun,http://www.wikidata.org/entity/Q900010"),
        "{out}"
    );
    assert!(
        out.contains("Örebro kommun,http://www.wikidata.org/entity/Q900011"),
        "{out}"
    );
}
