//! `show`, `path` and `serve` on a store built from the sample corpus: the
//! entity card in the terminal and as JSON, paths with evidence, the SPARQL
//! 1.1 Protocol endpoint (asked with curl), the web page, and the page in
//! headless Chromium (tests/browser/page.py).
mod common;
use common::{corpus, p, run};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn store() -> (tempfile::TempDir, PathBuf) {
    let (d, c) = corpus();
    let st = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    (d, st)
}

/// A running `socgraf serve` on a free port, stopped when dropped.
struct Serving {
    child: Child,
    base: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(st: &Path, extra: &[&str]) -> Serving {
    let mut child = Command::new(common::bin())
        .args(["serve", "--store", p(st), "--bind", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start socgraf serve");
    let mut line = String::new();
    BufReader::new(child.stderr.take().expect("stderr"))
        .read_line(&mut line)
        .expect("read the first line");
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://") && w.ends_with('/'))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Serving { child, base }
}

/// (status, headers in lower case, body) of a request made by curl.
fn curl(args: &[&str]) -> (u16, String, String) {
    let out = Command::new("curl")
        .args(["-s", "-S", "-i", "--max-time", "60"])
        .args(args)
        .output()
        .expect("curl must be installed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "no status: {text:?} {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    (status, head.to_lowercase(), body.to_string())
}

const WHO: &str = "SELECT ?name WHERE { ?p a sg:Person ; rdfs:label ?name } ORDER BY ?name";

#[test]
fn show_finds_an_entity_by_any_name_and_gives_its_facts_with_evidence() {
    let (_d, st) = store();
    // case and accents do not matter
    let (code, out, err) = run(&["show", "karl edstrom", "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Karl Edström  (Person)"), "{out}");
    assert!(out.contains("works at"), "{out}");
    assert!(out.contains("Vision"), "{out}");
    assert!(out.contains('«'), "an evidence sentence: {out}");
    assert!(out.contains("mentioned in 1 document(s)"), "{out}");
    let (code, out, err) = run(&[
        "show",
        "Karl Edström",
        "--store",
        p(&st),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["types"][0], "Person");
    let works = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["predicate"] == "worksAt" && g["outgoing"] == true)
        .expect("a worksAt group");
    let f = &works["facts"][0];
    assert_eq!(f["other"]["label"], "Vision");
    assert!(f["role"].as_str().is_some_and(|r| !r.is_empty()), "{f}");
    assert!(f["evidence"].as_str().unwrap().contains("Edström"), "{f}");
    assert!(f["document"]["title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    // a municipality: its SCB code from the gazetteer, its units and documents
    let (code, out, err) = run(&[
        "show",
        "orebro kommun",
        "--store",
        p(&st),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["label"], "Örebro kommun", "the canonical name: {v}");
    assert!(
        v["open_data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["kind"] == "SCB municipality code" && l["value"] == "1880"),
        "{}",
        v["open_data"]
    );
    assert!(v["names"].as_array().unwrap().iter().any(|n| n == "Örebro"));
    assert!(!v["documents"].as_array().unwrap().is_empty());
}

#[test]
fn show_lists_candidates_when_a_name_is_ambiguous_and_says_when_none() {
    let (_d, st) = store();
    let (code, _, err) = run(&["show", "kommun", "--store", p(&st)]);
    assert_eq!(code, 2);
    assert!(err.contains("entities; give one of these"), "{err}");
    assert!(err.contains("Örebro kommun"), "{err}");
    let (code, _, err) = run(&["show", "Ingen Alls Finns", "--store", p(&st)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no entity is named 'Ingen Alls Finns'"),
        "{err}"
    );
}

#[test]
fn path_without_facts_says_so_and_offers_co_mentions_apart() {
    let (_d, st) = store();
    let (code, out, err) = run(&[
        "show",
        "Emma Rydberg",
        "--store",
        p(&st),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let doc = v["documents"][0]["iri"].as_str().unwrap().to_string();
    // another entity of the same document with no fact path to Emma Rydberg
    let (code, all, err) = run(&[
        "query",
        "--store",
        p(&st),
        "--format",
        "tsv",
        "-e",
        &format!("SELECT ?e WHERE {{ ?e sg:mentionedIn <{doc}> }}"),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut found = false;
    for iri in all.lines().skip(1) {
        let iri = iri.trim_matches(|c| c == '<' || c == '>');
        let (code, out, _) = run(&[
            "path",
            "Emma Rydberg",
            iri,
            "--store",
            p(&st),
            "--format",
            "json",
        ]);
        if code != 0 {
            continue;
        }
        let c: serde_json::Value = serde_json::from_str(&out).unwrap();
        if c["paths"].as_array().unwrap().is_empty() && c["from"]["iri"] != c["to"]["iri"] {
            assert!(
                c["co_mentioned"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["iri"] == doc),
                "{c}"
            );
            let (_, text, _) = run(&["path", "Emma Rydberg", iri, "--store", p(&st)]);
            assert!(
                text.starts_with("No path of facts links Emma Rydberg and"),
                "{text}"
            );
            assert!(text.contains("co-mention, not a fact"), "{text}");
            found = true;
            break;
        }
    }
    assert!(
        found,
        "no entity of the document without a path to Emma Rydberg"
    );
}

#[test]
fn endpoint_speaks_the_sparql_protocol_with_content_negotiation() {
    let (_d, st) = store();
    let s = serve(&st, &[]);
    let url = format!("{}/sparql", s.base);
    // GET with the query parameter, JSON results
    let (code, head, body) = curl(&[
        "-G",
        &url,
        "--data-urlencode",
        &format!("query={WHO}"),
        "-H",
        "Accept: application/sparql-results+json",
    ]);
    assert_eq!(code, 200, "{body}");
    assert!(
        head.contains("content-type: application/sparql-results+json"),
        "{head}"
    );
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> = v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"]["value"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Karl Edström"), "{names:?}");
    // POST of the query as the body, XML, CSV and TSV results
    for (accept, marker) in [
        ("application/sparql-results+xml", "<sparql"),
        ("text/csv", "name\r\n"),
        ("text/tab-separated-values", "?name\n"),
    ] {
        let (code, head, body) = curl(&[
            "-X",
            "POST",
            &url,
            "-H",
            "Content-Type: application/sparql-query",
            "-H",
            &format!("Accept: {accept}"),
            "--data-binary",
            WHO,
        ]);
        assert_eq!(code, 200, "{accept}: {body}");
        assert!(head.contains(&format!("content-type: {accept}")), "{head}");
        assert!(body.contains(marker), "{accept}: {body}");
        assert!(body.contains("Karl Edström"), "UTF-8 intact: {body}");
    }
    // a form POST, and CONSTRUCT as Turtle and N-Triples
    let construct = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a sg:Person ; rdfs:label ?n }";
    for (accept, marker) in [
        ("text/turtle", "@prefix"),
        (
            "application/n-triples",
            "<https://w3id.org/socgraf/id/person/",
        ),
    ] {
        let (code, head, body) = curl(&[
            &url,
            "--data-urlencode",
            &format!("query={construct}"),
            "-H",
            &format!("Accept: {accept}"),
        ]);
        assert_eq!(code, 200, "{body}");
        assert!(head.contains(&format!("content-type: {accept}")), "{head}");
        assert!(body.contains(marker) && body.contains("Edström"), "{body}");
    }
    // ASK, a syntax error, a format nobody offers
    let (code, _, body) = curl(&["-G", &url, "--data-urlencode", "query=ASK { ?s ?p ?o }"]);
    assert_eq!(code, 200);
    assert!(body.contains("\"boolean\":true"), "{body}");
    let (code, _, body) = curl(&["-G", &url, "--data-urlencode", "query=SELECT WHERE"]);
    assert_eq!(code, 400, "{body}");
    let (code, _, _) = curl(&[
        "-G",
        &url,
        "--data-urlencode",
        &format!("query={WHO}"),
        "-H",
        "Accept: image/png",
    ]);
    assert_eq!(code, 406);
    // no CORS unless asked
    let (_, head, _) = curl(&["-G", &url, "--data-urlencode", "query=ASK {}"]);
    assert!(!head.contains("access-control-allow-origin"), "{head}");
}

#[test]
fn endpoint_is_read_only_and_keeps_its_limits() {
    let (_d, st) = store();
    let before = common::dump(&st);
    let s = serve(&st, &["--max-rows", "3", "--timeout", "1", "--cors", "*"]);
    let url = format!("{}/sparql", s.base);
    let insert = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }";
    let (code, _, body) = curl(&[&url, "--data-urlencode", &format!("update={insert}")]);
    assert_eq!(code, 403, "{body}");
    let (code, _, _) = curl(&[
        &url,
        "-H",
        "Content-Type: application/sparql-update",
        "--data-binary",
        insert,
    ]);
    assert_eq!(code, 403);
    // the row cap: the first rows and a header saying so
    let (code, head, body) = curl(&[
        "-G",
        &url,
        "--data-urlencode",
        &format!("query={WHO}"),
        "-H",
        "Accept: text/csv",
    ]);
    assert_eq!(code, 200);
    assert_eq!(body.lines().count(), 4, "header and 3 rows: {body}");
    assert!(head.contains("x-socgraf-truncated"), "{head}");
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    // the timeout: a cartesian product stopped after a second
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let t = std::time::Instant::now();
    let (code, _, body) = curl(&["-G", &url, "--data-urlencode", &format!("query={slow}")]);
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("--timeout"), "{body}");
    assert!(t.elapsed().as_secs() < 30);
    drop(s);
    assert_eq!(common::dump(&st), before, "nothing was written");
}

#[test]
fn page_searches_shows_cards_paths_and_saved_queries() {
    let (_d, st) = store();
    let s = serve(&st, &[]);
    let (code, _, body) = curl(&[&format!("{}/", s.base)]);
    assert_eq!(code, 200);
    assert!(body.contains("<form action=\"/search\""), "{body}");
    assert!(body.contains("href=\"/queries/01-who-works-where\""));
    assert!(
        !body.contains("<script src=\"http"),
        "nothing fetched from elsewhere"
    );
    // one hit opens its card
    let (code, head, _) = curl(&[&format!("{}/search?q=karl+edstrom", s.base)]);
    assert_eq!(code, 303);
    let loc = head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .expect("a location")
        .trim()
        .to_string();
    let (code, _, card) = curl(&[&format!("{}{loc}", s.base)]);
    assert_eq!(code, 200);
    assert!(card.contains("<h1>Karl Edström</h1>"), "{card}");
    assert!(card.contains("<svg"), "the ego network drawn");
    assert!(card.contains("class=\"evidence\""));
    // a saved query's rows link to cards, with labels
    let (code, _, rows) = curl(&[&format!("{}/queries/01-who-works-where", s.base)]);
    assert_eq!(code, 200);
    assert!(rows.contains("<table class=\"results\">"), "{rows}");
    assert!(rows.contains("href=\"/entity?iri=https%3A%2F%2Fw3id.org%2Fsocgraf%2Fid%2Fperson%2F"));
    // the path view
    let (code, _, path) = curl(&[
        "-G",
        &format!("{}/path", s.base),
        "--data-urlencode",
        "a=Karl Edström",
        "--data-urlencode",
        "b=Emma Rydberg",
    ]);
    assert_eq!(code, 200);
    assert!(path.contains("<ol class=\"path\">"), "{path}");
    let (code, _, _) = curl(&[&format!("{}/nothing-here", s.base)]);
    assert_eq!(code, 404);
}

/// The page in a real browser: Debian's chromium and chromedriver, driven by
/// selenium from the venv `.ci/setup` makes. Saves `target/page.png`.
#[test]
fn page_works_in_headless_chromium() {
    let venv =
        std::env::var("HOME").map(|h| PathBuf::from(h).join(".cache/socgraf-venv/bin/python"));
    let python = match venv {
        Ok(v) if v.exists() => v,
        _ => panic!(
            "the browser test needs the venv and Chromium that .ci/setup installs (bash .ci/setup)"
        ),
    };
    let (d, st) = store();
    let s = serve(&st, &[]);
    let shot = d.path().join("page.png");
    let out = Command::new(python)
        .args([
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/page.py"),
            &s.base,
            p(&shot),
            "karl edstrom",
            "Emma Rydberg",
        ])
        .output()
        .expect("run the browser test");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("page.png");
    let _ = std::fs::write(keep, png);
}
