//! A store held by a running build: query, export and analyze fail at once
//! with a clear "store is busy" message and exit 3, and work again after.
mod common;
use common::{p, run};
use std::time::{Duration, Instant};

#[test]
fn readers_fail_fast_while_a_build_holds_the_store() {
    let d = tempfile::tempdir().unwrap();
    // the build holds the store while it reads its standard input, for as
    // long as the test needs, whatever the machine's speed
    let kg = d.path().join("kg");
    let mut build = std::process::Command::new(common::bin())
        .args(["build", "-", "--store", p(&kg)])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !kg.join("CURRENT").exists() {
        assert!(start.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(20));
    }
    // the store exists; the build holds it until the pipe delivers
    let t = Instant::now();
    let (code, _, err) = run(&["query", "--store", p(&kg), "-e", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("store is busy"), "{err}");
    assert!(
        err.contains("a writer (socgraf build or link"),
        "names the holder: {err}"
    );
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "fails at once, not after a wait"
    );
    for cmd in [
        &["export", "--store", p(&kg), "--format", "dot"][..],
        &["analyze", "--store", p(&kg)][..],
    ] {
        let (c, _, e) = run(cmd);
        assert_eq!(c, 3, "{e}");
        assert!(e.contains("store is busy"), "{e}");
    }
    assert!(build.try_wait().unwrap().is_none(), "the build still runs");
    {
        use std::io::Write;
        let mut stdin = build.stdin.take().unwrap();
        stdin
            .write_all(socgraf::demo::CORPUS[0].1.as_bytes())
            .unwrap();
    }
    assert!(build.wait().unwrap().success());
    let (code, out, _) = run(&[
        "query",
        "--store",
        p(&kg),
        "-e",
        "ASK { GRAPH ?g { ?s ?p ?o } }",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("true"));
}

/// Readers open the store read-only under a shared lock: two readers work
/// side by side, and a build started while one reads is refused at once
/// as busy (it would otherwise rewrite files the reader is using).
#[test]
fn readers_share_the_store_and_keep_a_build_out() {
    let (d, c) = common::corpus();
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let reader = socgraf::store::open_for_reading(&kg).unwrap();
    let (code, out, err) = run(&["query", "--store", p(&kg), "-e", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 0, "a second reader: {err}");
    assert!(out.contains("true"));
    let extra = d.path().join("extra.txt");
    std::fs::write(&extra, socgraf::demo::CORPUS[0].1).unwrap();
    let t = Instant::now();
    let (code, _, err) = run(&["build", p(&extra), "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("store is busy"), "{err}");
    assert!(
        err.contains("readers (socgraf query"),
        "names the holder: {err}"
    );
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(reader.len().unwrap() > 1000, "the reader still reads");
    drop(reader);
    let (code, _, err) = run(&["build", p(&extra), "--store", p(&kg)]);
    assert_eq!(code, 0, "after the reader: {err}");
}

/// A process that holds a store for writing cannot also open it for
/// reading (the reader's lock belongs to its own file handle and conflicts),
/// and trying leaves the writer's lock in place.
#[test]
fn a_writer_in_this_process_keeps_its_lock_when_a_read_is_refused() {
    let (d, c) = common::corpus();
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let writer = socgraf::store::open_existing(&kg).unwrap();
    let refused = socgraf::store::open_for_reading(&kg);
    assert!(
        matches!(&refused, Err(e) if e.to_string().contains("store is busy")),
        "{:?}",
        refused.as_ref().err()
    );
    drop(refused);
    // another process still finds the store held
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    drop(writer);
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
}
