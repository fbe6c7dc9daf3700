//! socgraf beside the RDF tools people use: the query from a file, `-e`
//! or standard input, `-o`, every results format, CONSTRUCT in every RDF
//! format, and exports that rdflib (the venv `.ci/setup` makes) parses to
//! the same triples and quads.
mod common;
use common::{corpus, p, run, run_stdin};
use std::path::{Path, PathBuf};
use std::process::Command;

fn store() -> (tempfile::TempDir, PathBuf) {
    let (d, c) = corpus();
    let st = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    (d, st)
}

fn python() -> PathBuf {
    let v = PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/socgraf-venv/bin/python");
    assert!(
        v.exists(),
        "rdflib's venv is made by .ci/setup (bash .ci/setup)"
    );
    v
}

/// (triples, quads) rdflib reads from a file in a format.
fn rdflib_counts(file: &Path, format: &str) -> (usize, usize) {
    let script = r#"
import sys, rdflib
path, fmt = sys.argv[1], sys.argv[2]
if fmt in ("nquads", "trig", "json-ld"):
    d = rdflib.Dataset()
    d.parse(path, format=fmt)
    quads = sum(1 for _ in d.quads((None, None, None, None)))
    triples = len(set((s, p, o) for s, p, o, _ in d.quads((None, None, None, None))))
else:
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    triples = quads = len(g)
print(triples, quads)
"#;
    let out = Command::new(python())
        .args(["-c", script, p(file), format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rdflib could not parse {} as {format}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace().map(|n| n.parse().unwrap());
    (it.next().unwrap(), it.next().unwrap())
}

#[test]
fn every_export_format_is_read_back_by_rdflib_with_the_same_triples() {
    let (d, st) = store();
    let export = |fmt: &str| {
        let f = d.path().join(format!("kg.{fmt}"));
        let (code, _, err) = run(&["export", "--store", p(&st), "--format", fmt, "-o", p(&f)]);
        assert_eq!(code, 0, "{fmt}: {err}");
        f
    };
    let nq = export("nquads");
    let quads = std::fs::read_to_string(&nq).unwrap().lines().count();
    let nt = export("ntriples");
    let triples = std::fs::read_to_string(&nt).unwrap().lines().count();
    assert!(
        triples > 1000 && quads > triples,
        "{triples} triples, {quads} quads"
    );
    assert_eq!(rdflib_counts(&nq, "nquads"), (triples, quads));
    assert_eq!(rdflib_counts(&export("trig"), "trig"), (triples, quads));
    assert_eq!(
        rdflib_counts(&export("jsonld"), "json-ld"),
        (triples, quads)
    );
    assert_eq!(rdflib_counts(&nt, "nt"), (triples, triples));
    assert_eq!(
        rdflib_counts(&export("turtle"), "turtle"),
        (triples, triples)
    );
    assert_eq!(rdflib_counts(&export("rdfxml"), "xml"), (triples, triples));
}

const PEOPLE: &str = "SELECT ?n WHERE { ?p a sg:Person ; rdfs:label ?n } ORDER BY ?n";
const LABELS: &str = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a sg:Person ; rdfs:label ?n }";

#[test]
fn the_query_comes_from_a_file_an_expression_or_standard_input() {
    let (d, st) = store();
    let (code, by_expr, err) = run(&["query", "--store", p(&st), "-e", PEOPLE, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(by_expr.contains("Karl Edström"));
    let (code, by_dash, err) = run_stdin(
        &["query", "--store", p(&st), "-", "--format", "csv"],
        PEOPLE.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    // nothing named and a pipe on standard input: the pipe is the query
    let (code, by_pipe, err) = run_stdin(
        &["query", "--store", p(&st), "--results-format", "csv"],
        PEOPLE.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    let f = d.path().join("q.rq");
    std::fs::write(&f, PEOPLE).unwrap();
    let (code, by_file, _) = run(&["query", "--store", p(&st), p(&f), "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(by_dash, by_expr);
    assert_eq!(by_pipe, by_expr);
    assert_eq!(by_file, by_expr);
    let (code, _, err) = run_stdin(&["query", "--store", p(&st), "-"], b"  \n");
    assert_eq!(code, 2, "an empty query is a usage error: {err}");
}

#[test]
fn results_go_to_a_file_that_a_failing_query_leaves_alone() {
    let (d, st) = store();
    let out = d.path().join("people.csv");
    let (code, stdout, err) = run(&[
        "query",
        "--store",
        p(&st),
        "-e",
        PEOPLE,
        "--format",
        "csv",
        "-o",
        p(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("n\r\n") && written.contains("Karl Edström"));
    // a query that fails (here: stopped by its row cap) keeps the old file
    let (code, _, _) = run(&[
        "query",
        "--store",
        p(&st),
        "-e",
        PEOPLE,
        "--format",
        "csv",
        "-o",
        p(&out),
        "--max-rows",
        "1",
    ]);
    assert_eq!(code, 7);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        std::fs::read_dir(d.path())
            .unwrap()
            .filter(|e| !e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".socgraf-"))
            .count(),
        "no temporary file is left"
    );
}

#[test]
fn every_results_format_and_construct_in_every_rdf_format() {
    let (d, st) = store();
    let q = |args: &[&str]| {
        let mut a = vec!["query", "--store", p(&st)];
        a.extend_from_slice(args);
        let (code, out, err) = run(&a);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    let xml = q(&["-e", PEOPLE, "--format", "xml"]);
    assert!(xml.contains("<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"));
    assert!(xml.contains("Karl Edström"));
    let json: serde_json::Value =
        serde_json::from_str(&q(&["-e", PEOPLE, "--format", "json"])).unwrap();
    assert!(json["results"]["bindings"].as_array().unwrap().len() > 5);
    assert!(q(&["-e", PEOPLE, "--format", "tsv"]).starts_with("?n\n"));
    assert!(q(&["-e", "ASK { ?s ?p ?o }", "--format", "xml"]).contains("<boolean>true</boolean>"));
    // CONSTRUCT: the same triples in every RDF format, as rdflib reads them
    let nt = q(&["-e", LABELS, "--format", "ntriples"]);
    let n = nt.lines().count();
    assert!(n > 5);
    for (fmt, rdflib) in [
        ("turtle", "turtle"),
        ("ntriples", "nt"),
        ("nquads", "nquads"),
        ("jsonld", "json-ld"),
        ("rdfxml", "xml"),
        ("json", "json-ld"),
        ("xml", "xml"),
    ] {
        let f = d.path().join(format!("c.{fmt}"));
        let (code, _, err) = run(&[
            "query",
            "--store",
            p(&st),
            "-e",
            LABELS,
            "--format",
            fmt,
            "-o",
            p(&f),
        ]);
        assert_eq!(code, 0, "{fmt}: {err}");
        assert_eq!(rdflib_counts(&f, rdflib).0, n, "{fmt}");
    }
    // a graph format for rows, and rows for a graph, are usage errors
    let (code, _, err) = run(&[
        "query",
        "--store",
        p(&st),
        "-e",
        PEOPLE,
        "--format",
        "turtle",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["query", "--store", p(&st), "-e", LABELS, "--format", "csv"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn completions_and_man_pages_come_from_the_same_definitions() {
    let (code, bash, _) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    for sub in ["serve", "show", "path", "results-format"] {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    let (code, man, _) = run(&["manpage"]);
    assert_eq!(code, 0);
    assert!(man.contains(".TH socgraf 1"));
    let d = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["manpage", "--dir", p(d.path())]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(d.path().join("socgraf-query.1")).unwrap();
    assert!(
        page.contains("results\\-format") || page.contains("results-format"),
        "{page}"
    );
    assert!(
        page.contains("Examples"),
        "the examples are in the page too"
    );
}
