//! The bodies of the fuzz targets (`fuzz/`), shared with the test that
//! replays their corpus in `cargo test` (`tests/fuzz_corpus.rs`).
//!
//! Each one panics when an invariant breaks; the fuzzer reports a panic as
//! a crash. Extraction is called directly, not through `extract_guarded`,
//! so the fuzzer sees the extractor's own panics.
use crate::extract::{extract, DocFacts, Evidence};
use crate::formats::decode_path;
use crate::text::{decode, Document, Sections};
use std::path::Path;

/// Arbitrary bytes as a plain-text file: decoded as a build would; when
/// they decode, the section reader gives the same text, and the text's
/// facts hold every invariant ([`check_text`]).
pub fn plain_bytes(bytes: &[u8]) {
    let path = Path::new("fuzz.txt");
    let Ok(text) = decode(bytes, path) else {
        return;
    };
    let mut joined = String::new();
    for s in Sections::new(bytes, path) {
        match s {
            Ok(s) => joined.push_str(&s),
            Err(e) => panic!("the whole file decodes, a section does not: {e}"),
        }
    }
    // the same bytes, but for spaces a section broke a long line at
    assert!(
        joined.len() == text.len()
            && joined
                .bytes()
                .zip(text.bytes())
                .all(|(a, b)| a == b || (a == b'\n' && b == b' ')),
        "sections join to the decoded text"
    );
    check_text(&text);
}

/// Arbitrary bytes as an HTML page: read as a build reads one (the
/// article by readability, or the whole page), then [`check_text`].
pub fn html_bytes(bytes: &[u8]) {
    if let Ok(text) = decode_path(bytes, Path::new("fuzz.html")) {
        check_text(&text);
    }
}

/// Extracts a text twice and checks: the same facts both times; every
/// evidence span lies in the text and slices to its evidence text; every
/// quad of the model is valid N-Quads.
pub fn check_text(text: &str) {
    let doc = Document::from_text("fuzz", text);
    let facts = extract(&doc);
    assert_eq!(
        crate::jsonl::render(&facts),
        crate::jsonl::render(&extract(&doc)),
        "extraction is deterministic"
    );
    let chars: Vec<char> = text.chars().collect();
    for ev in evidence(&facts) {
        assert!(
            ev.start <= ev.end && ev.end <= chars.len(),
            "evidence {}..{} outside a text of {} characters",
            ev.start,
            ev.end,
            chars.len()
        );
        let slice: String = chars[ev.start..ev.end].iter().collect();
        assert_eq!(slice, ev.text, "evidence slices to its text");
    }
    let meta = crate::model::DocMeta {
        id: "fuzz".into(),
        source: "fuzz.txt".into(),
        sha256: "0".repeat(64),
        title: crate::text::title_of(text),
        ingested: "2026-01-01T00:00:00Z".into(),
        encoding: "UTF-8".into(),
    };
    let mut nquads = Vec::new();
    for q in crate::model::document_quads(&facts, &meta) {
        nquads.extend(format!("{q} .\n").into_bytes());
    }
    let parsed = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(&nquads)
        .collect::<Result<Vec<_>, _>>();
    if let Err(e) = parsed {
        panic!("the model emitted invalid N-Quads: {e}");
    }
}

fn evidence(f: &DocFacts) -> impl Iterator<Item = &Evidence> {
    f.entities
        .iter()
        .map(|e| &e.evidence)
        .chain(f.relations.iter().map(|r| &r.evidence))
        .chain(f.observations.iter().map(|o| &o.evidence))
        .chain(f.contacts.iter().map(|c| &c.evidence))
}

/// Arbitrary bytes as a SPARQL query: the syntax check (with its nesting
/// limit) never panics or overflows the stack, and a query it accepts runs
/// on an empty in-memory store without panicking, its first 1 000 results
/// written. Queries with a `SERVICE` clause are only parsed (no network).
pub fn sparql_text(bytes: &[u8]) {
    use crate::query::{Limits, ResultFormat};
    let Ok(q) = std::str::from_utf8(bytes) else {
        return;
    };
    if crate::query::check_syntax(q).is_err() || q.to_ascii_uppercase().contains("SERVICE") {
        return;
    }
    let Ok(store) = oxigraph::store::Store::new() else {
        return;
    };
    let limits = Limits {
        max_rows: Some(1000),
        ..Limits::none()
    };
    let mut out = Vec::new();
    // an evaluation error is an answer; only a panic is a finding
    let _ = crate::query::run(&store, q, ResultFormat::Csv, &limits, &mut out);
}
