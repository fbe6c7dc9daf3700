//! Reconciliation (`socgraf link`) and federated SPARQL (`SERVICE`) against a
//! real Oxigraph SPARQL server on 127.0.0.1 loaded with a Wikidata-shaped
//! fixture. The `oxigraph` binary comes from crates.io (oxigraph-cli);
//! `.ci/setup` installs it into $HOME/.cache/oxigraph-cli.
mod common;
use common::{corpus, p, run};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn oxigraph_bin() -> PathBuf {
    if let Ok(b) = std::env::var("OXIGRAPH_BIN") {
        return PathBuf::from(b);
    }
    let cached = PathBuf::from(std::env::var("HOME").unwrap_or_default())
        .join(".cache/oxigraph-cli/bin/oxigraph");
    if cached.exists() {
        return cached;
    }
    PathBuf::from("oxigraph")
}

struct Server {
    child: Child,
    endpoint: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server(dir: &std::path::Path) -> Server {
    let bin = oxigraph_bin();
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
    let bind = format!("127.0.0.1:{port}");
    let child = Command::new(&bin)
        .args(["serve", "--location", p(&data), "--bind", &bind])
        .spawn()
        .unwrap();
    let mut srv = Server {
        child,
        endpoint: format!("http://{bind}/query"),
    };
    // Ready means the server answers a SPARQL request over HTTP: a bare TCP
    // connect can succeed before that (or connect to itself on a free port).
    let start = Instant::now();
    while !answers_http(&bind) {
        if let Ok(Some(status)) = srv.child.try_wait() {
            panic!("oxigraph serve exited before answering: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "oxigraph serve did not answer within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    srv
}

/// True when `bind` answers `ASK {}` with an HTTP 200 response.
fn answers_http(bind: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut conn) = std::net::TcpStream::connect(bind) else {
        return false;
    };
    let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
    let req = format!("GET /query?query=ASK%7B%7D HTTP/1.0\r\nHost: {bind}\r\nAccept: application/sparql-results+json\r\n\r\n");
    if conn.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    conn.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.") && &head[9..12] == b"200"
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
    assert!(
        out.contains("http://www.wikidata.org/entity/Q900001"),
        "{out}"
    );
    assert!(err.contains("dry run"));
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
    // municipality by SCB code (P525), score 1
    assert!(
        links.contains("municipality/luleaa,http://www.wikidata.org/entity/Q900010,1"),
        "{links}"
    );
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
