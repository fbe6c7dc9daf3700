//! Shared helpers of the integration tests: the binary, the sample corpus
//! in a temporary folder, and running commands.
#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_socgraf"))
}

/// Runs socgraf with arguments; returns (status code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out: Output = Command::new(bin())
        .args(args)
        .output()
        .expect("socgraf runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs socgraf with `input` on standard input; returns (status code,
/// stdout, stderr).
pub fn run_stdin(args: &[&str], input: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A temporary folder with the sample corpus in `corpus/`.
pub fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = dir.path().join("corpus");
    socgraf::demo::write_corpus(&c).expect("write corpus");
    (dir, c)
}

pub fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// All quads of a store as sorted N-Quads lines.
pub fn dump(store: &Path) -> Vec<String> {
    let (code, out, err) = run(&["export", "--store", p(store), "--format", "nquads"]);
    assert_eq!(code, 0, "{err}");
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

/// The `oxigraph` server binary: $OXIGRAPH_BIN, else the one `.ci/setup`
/// installs into $HOME/.cache/oxigraph-cli, else on the PATH.
pub fn oxigraph_bin() -> PathBuf {
    if let Ok(b) = std::env::var("OXIGRAPH_BIN") {
        return PathBuf::from(b);
    }
    let cached = PathBuf::from(std::env::var("HOME").unwrap_or_default())
        .join(".cache/oxigraph-cli/bin/oxigraph");
    if cached.exists() {
        return cached;
    }
    PathBuf::from("oxigraph")
}

/// A running `oxigraph serve`, killed when dropped.
pub struct OxigraphServer {
    pub child: std::process::Child,
    pub bind: String,
}

impl Drop for OxigraphServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `oxigraph serve` on `data` at `bind` and waits until it answers a
/// SPARQL request over HTTP (a bare TCP connect can succeed before that).
pub fn oxigraph_serve(data: &Path, bind: &str) -> OxigraphServer {
    use std::time::{Duration, Instant};
    let bin = oxigraph_bin();
    let child = Command::new(&bin)
        .args(["serve", "--location", p(data), "--bind", bind])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "the oxigraph server binary is needed ({}): {e}; run .ci/setup",
                bin.display()
            )
        });
    let mut srv = OxigraphServer {
        child,
        bind: bind.to_string(),
    };
    let start = Instant::now();
    while !answers_http(bind) {
        if let Ok(Some(status)) = srv.child.try_wait() {
            panic!("oxigraph serve exited before answering: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "oxigraph serve did not answer within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    srv
}

/// True when `bind` answers `ASK {}` with an HTTP 200 response.
pub fn answers_http(bind: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut conn) = std::net::TcpStream::connect(bind) else {
        return false;
    };
    let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(2)));
    let req = format!("GET /query?query=ASK%7B%7D HTTP/1.0\r\nHost: {bind}\r\nAccept: application/sparql-results+json\r\n\r\n");
    if conn.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    conn.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.") && &head[9..12] == b"200"
}
