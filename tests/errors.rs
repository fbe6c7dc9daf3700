//! Each error class has a clear message naming the cause and the path, and
//! a documented exit code (README): empty files, symbolic-link loops,
//! unreadable paths, binary files, a directory that is no store, bad SPARQL.
mod common;
use common::{p, run};

#[test]
fn an_empty_file_gives_an_empty_graph_not_an_error() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("tom.txt"), "").unwrap();
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 added"), "{err}");
    let (_, out, _) = run(&[
        "query",
        "--store",
        p(&kg),
        "-e",
        "SELECT (COUNT(?e) AS ?n) WHERE { ?e sg:mentionedIn ?d }",
        "--format",
        "csv",
    ]);
    assert!(out.contains("\n0"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_does_not_hang_and_a_dangling_link_is_reported() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir_all(c.join("sub")).unwrap();
    std::fs::write(
        c.join("sub/a.txt"),
        "Ada Berg, socialchef i Sala kommun, säger hej.",
    )
    .unwrap();
    std::os::unix::fs::symlink(&c, c.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(c.join("finns-inte.txt"), c.join("trasig.txt")).unwrap();
    let start = std::time::Instant::now();
    let (code, out, err) = run(&["extract", p(&c)]);
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    assert!(out.contains("Ada Berg"));
    // the dangling link is named; the rest was extracted
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("trasig.txt"), "{err}");
}

#[test]
fn a_missing_input_path_is_named() {
    let d = tempfile::tempdir().unwrap();
    let missing = d.path().join("saknas");
    let (code, _, err) = run(&["extract", p(&missing)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("saknas") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn a_directory_that_is_no_store_gives_a_clear_message() {
    let d = tempfile::tempdir().unwrap();
    let fake = d.path().join("kg");
    std::fs::create_dir_all(&fake).unwrap();
    // looks like a store from another program or version: files, but no valid RocksDB
    std::fs::write(fake.join("CURRENT"), "MANIFEST-999999\n").unwrap();
    let (code, _, err) = run(&["query", "--store", p(&fake), "-e", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(p(&fake)), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
