//! `socgraf push` against a real `oxigraph serve` on 127.0.0.1 (the binary
//! `.ci/setup` installs): the remote holds exactly the local quads after a
//! push, after a changed document, after a pruned one, and after a push the
//! server died in the middle of.
mod common;
use common::{corpus, p, run};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

fn free_bind() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

/// Every quad of the remote, sorted, as N-Quads lines.
fn remote_quads(bind: &str) -> Vec<String> {
    let out = Command::new("curl")
        .args(["-s", "-S", "--fail", "-H", "Accept: application/n-quads"])
        .arg(format!("http://{bind}/store"))
        .output()
        .expect("curl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

fn push(kg: &Path, bind: &str, extra: &[&str]) -> (i32, String, String) {
    let endpoint = format!("http://{bind}/store");
    let mut args = vec!["push", "--store", p(kg), "--endpoint", &endpoint];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn the_remote_holds_the_local_quads_after_each_push() {
    let (d, c) = corpus();
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let bind = free_bind();
    let _srv = common::oxigraph_serve(&d.path().join("remote"), &bind);

    let (code, _, err) = push(&kg, &bind, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("pushed 10 graph(s)"),
        "9 documents and the reference graph: {err}"
    );
    assert_eq!(remote_quads(&bind), common::dump(&kg));

    // again: idempotent; with --changed-since nothing is sent
    let (code, _, err) = push(&kg, &bind, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(remote_quads(&bind), common::dump(&kg));
    let (code, _, err) = push(&kg, &bind, &["--changed-since"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("pushed 0 graph(s)") && err.contains("10 unchanged"),
        "{err}"
    );

    // a changed document replaces its graph only
    let f = c.join("vision-enkat.txt");
    let mut text = std::fs::read_to_string(&f).unwrap();
    text.push_str("\nIda Strömgren, ombudsman på Vision, kommenterar siffrorna.\n");
    std::fs::write(&f, text).unwrap();
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let (code, out, _) = push(&kg, &bind, &["--changed-since", "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        "put\thttps://w3id.org/socgraf/doc/vision-enkat",
        "{out}"
    );
    let (code, _, err) = push(&kg, &bind, &["--changed-since"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("pushed 1 graph(s)"), "{err}");
    let remote = remote_quads(&bind);
    assert!(remote.iter().any(|q| q.contains("Ida Strömgren")));
    assert_eq!(remote, common::dump(&kg));

    // a document gone locally: --prune deletes its remote graph
    std::fs::remove_file(c.join("arbetstid-lulea.txt")).unwrap();
    assert_eq!(run(&["build", p(&c), "--store", p(&kg), "--prune"]).0, 0);
    let (code, _, err) = push(&kg, &bind, &["--changed-since", "--prune"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 deleted"), "{err}");
    assert_eq!(remote_quads(&bind), common::dump(&kg));
}

#[test]
fn a_push_the_server_died_in_is_finished_by_the_next() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("corpus");
    std::fs::create_dir_all(&c).unwrap();
    for i in 0..1500 {
        std::fs::write(
            c.join(format!("notis-{i:04}.txt")),
            format!(
                "Notis {i}\n\nLinnea Holm, enhetschef i Gävle kommun, berättar om vecka {i}. \
                 Projektet Trygg start {i} drivs av socialförvaltningen i Gävle kommun.\n"
            ),
        )
        .unwrap();
    }
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let bind = free_bind();
    let data = d.path().join("remote");
    let srv = common::oxigraph_serve(&data, &bind);
    // the server is killed while the push runs
    let endpoint = format!("http://{bind}/store");
    let pushing = Command::new(common::bin())
        .args([
            "push",
            "--store",
            p(&kg),
            "--endpoint",
            &endpoint,
            "--parallel",
            "1",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    drop(srv);
    let out = pushing.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "some graphs failed: {err}");
    assert!(
        err.contains("socgraf: push https://w3id.org/socgraf/"),
        "each failure named: {err}"
    );
    let failed: usize = err
        .lines()
        .last()
        .and_then(|l| l.split(", ").find_map(|x| x.strip_suffix(" failed)")))
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(failed > 0 && failed < 1502, "{err}");
    // the same server again: the next push sends what is missing
    let _srv = common::oxigraph_serve(&data, &bind);
    let (code, _, err) = push(&kg, &bind, &["--changed-since"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(remote_quads(&bind), common::dump(&kg));
}
