//! Replays the fuzz corpora (`fuzz/corpus/<target>`, minimised after each
//! `bash fuzz/run.sh`) and their seeds through the fuzz targets' bodies, so
//! every input the fuzzer found interesting stays a regression test.
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "seeds"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
            files.extend(entries.flatten().map(|e| e.path()));
        }
    }
    files.sort();
    files
}

fn replay(target: &str, body: fn(&[u8])) {
    let files = inputs(target);
    assert!(
        files.len() > 100,
        "fuzz/corpus/{target} holds the fuzzer's corpus ({} inputs found)",
        files.len()
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        if std::panic::catch_unwind(|| body(&bytes)).is_err() {
            panic!("{} breaks an invariant", f.display());
        }
    }
}

#[test]
fn the_extract_corpus_holds_every_invariant() {
    replay("extract", socgraf::fuzz::plain_bytes);
}

#[test]
fn the_html_corpus_holds_every_invariant() {
    replay("html", socgraf::fuzz::html_bytes);
}

#[test]
fn the_sparql_corpus_holds_every_invariant() {
    replay("sparql", socgraf::fuzz::sparql_text);
}
