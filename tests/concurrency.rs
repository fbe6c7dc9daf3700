//! A store held by a running build: query, export and analyze fail at once
//! with a clear "store is busy" message and exit 3, and work again after.
mod common;
use common::{p, run};
use std::time::{Duration, Instant};

#[test]
fn readers_fail_fast_while_a_build_holds_the_store() {
    let d = tempfile::tempdir().unwrap();
    let corpus = d.path().join("c");
    std::fs::create_dir_all(&corpus).unwrap();
    // enough documents that the build runs for a while
    for i in 0..1500 {
        let (name, text) = socgraf::demo::CORPUS[i % socgraf::demo::CORPUS.len()];
        std::fs::write(corpus.join(format!("{i:05}-{name}")), text).unwrap();
    }
    let kg = d.path().join("kg");
    let mut build = std::process::Command::new(common::bin())
        .args(["build", p(&corpus), "--store", p(&kg)])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // wait until the store exists, then read while the build still runs
    let start = Instant::now();
    while !kg.join("CURRENT").exists() {
        assert!(start.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut saw_busy = false;
    while build.try_wait().unwrap().is_none() {
        let t = Instant::now();
        let (code, _, err) = run(&["query", "--store", p(&kg), "-e", "ASK { ?s ?p ?o }"]);
        if code == 3 {
            assert!(err.contains("store is busy"), "{err}");
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "fails at once, not after a wait"
            );
            saw_busy = true;
            for cmd in [
                &["export", "--store", p(&kg), "--format", "dot"][..],
                &["analyze", "--store", p(&kg)][..],
            ] {
                let (c, _, e) = run(cmd);
                if c != 0 {
                    assert_eq!(c, 3);
                    assert!(e.contains("store is busy"), "{e}");
                }
            }
            break;
        }
    }
    assert!(build.wait().unwrap().success());
    assert!(
        saw_busy,
        "the build finished before a reader could try; make the corpus larger"
    );
    let (code, out, _) = run(&["query", "--store", p(&kg), "-e", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 0);
    assert!(out.contains("true"));
}
