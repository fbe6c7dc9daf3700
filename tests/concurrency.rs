//! A store held by a running build: query, export and analyze fail at once
//! with a clear "store is busy" message and exit 3, and work again after.
mod common;
use common::{p, run};
use std::time::{Duration, Instant};

#[test]
fn readers_fail_fast_while_a_build_holds_the_store() {
    let d = tempfile::tempdir().unwrap();
    // the build holds the store while it waits on a named pipe, for as long
    // as the test needs, whatever the machine's speed
    let fifo = d.path().join("artikel.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let kg = d.path().join("kg");
    let mut build = std::process::Command::new(common::bin())
        .args(["build", p(&fifo), "--store", p(&kg)])
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
    std::fs::write(&fifo, socgraf::demo::CORPUS[0].1).unwrap();
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
