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
