//! One ingest path: `extract` and `build` read, hash and name a document
//! the same way, whether it comes from a file, a folder or standard input.
mod common;
use common::{dump, p, run, run_stdin};
use std::collections::BTreeSet;

/// The (document IRI, sg:sha256) pairs of N-Quads lines.
fn hashes<'a>(lines: impl Iterator<Item = &'a str>) -> BTreeSet<(String, String)> {
    lines
        .filter(|l| {
            l.starts_with("<https://w3id.org/socgraf/doc/")
                && l.contains("> <https://w3id.org/socgraf/ontology#sha256> ")
        })
        .map(|l| {
            let mut parts = l.split(' ');
            let doc = parts.next().unwrap_or_default().to_string();
            let sha = l.split('"').nth(1).unwrap_or_default().to_string();
            (doc, sha)
        })
        .collect()
}

#[test]
fn extract_and_build_give_a_file_the_same_id_and_hash() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    // Windows-1252 bytes: the hash is of the bytes as read, not the decoded text
    std::fs::write(
        docs.join("sub/kallelse.txt"),
        b"Lena Sj\xf6berg, enhetschef i Ludvika kommun, bjuder in till n\xe4tverksdagen.",
    )
    .unwrap();
    std::fs::write(
        docs.join("brev.txt"),
        "Olle Nyberg är socialchef i Borlänge kommun.",
    )
    .unwrap();
    let (code, out, err) = run(&["extract", p(&docs), "--format", "nquads"]);
    assert_eq!(code, 0, "{err}");
    let extracted = hashes(out.lines());
    let kg = dir.path().join("kg");
    let (code, _, err) = run(&["build", p(&docs), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    let built = hashes(dump(&kg).iter().map(String::as_str));
    assert_eq!(extracted.len(), 2, "{extracted:?}");
    assert_eq!(extracted, built);
    // the id keeps the folder under the one named
    assert!(extracted
        .iter()
        .any(|(d, _)| d.ends_with("/doc/sub/kallelse>")));
}

#[test]
fn extract_and_build_give_standard_input_the_same_id_and_hash() {
    let text = "Pia Holm, verksamhetschef på Stadsmissionen, talade på Nätverksdagen i Gävle.";
    let (code, out, err) = run_stdin(&["extract", "-", "--format", "nquads"], text.as_bytes());
    assert_eq!(code, 0, "{err}");
    let extracted = hashes(out.lines());
    let dir = tempfile::tempdir().unwrap();
    let kg = dir.path().join("kg");
    let (code, _, err) = run_stdin(&["build", "-", "--store", p(&kg)], text.as_bytes());
    assert_eq!(code, 0, "{err}");
    let built = hashes(dump(&kg).iter().map(String::as_str));
    assert_eq!(extracted, built);
    let (doc, sha) = extracted.iter().next().expect("one document");
    // an id from the content: "stdin-" and 16 hex digits of its SHA-256
    assert!(doc.contains("/doc/stdin-") && doc.len() == 53, "{doc}");
    // the SHA-256 of the bytes as piped in
    assert_eq!(sha.len(), 64);
    let (code, jsonl, _) = run_stdin(&["extract", "-"], text.as_bytes());
    assert_eq!(code, 0);
    assert!(jsonl.contains(r#""doc":"stdin-"#));
}

#[test]
fn both_commands_refuse_files_that_share_an_id() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(
            dir.path().join(sub).join("rapport.txt"),
            format!("Eva Lund är socialchef i Mora kommun ({sub})."),
        )
        .unwrap();
    }
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let (code, out, err) = run(&["extract", p(&a), p(&b)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("document id 'rapport' is already used by"),
        "{err}"
    );
    // neither is read: which one sorts first decides nothing
    assert!(!out.contains("(a)") && !out.contains("(b)"), "{out}");
    assert!(
        err.contains("a/rapport.txt") && err.contains("b/rapport.txt"),
        "{err}"
    );
    let kg = dir.path().join("kg");
    let (code, _, err) = run(&["build", p(&a), p(&b), "--store", p(&kg)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("document id 'rapport' is already used by"),
        "{err}"
    );
}
