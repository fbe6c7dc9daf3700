//! Hostile input (issue 22): one bad file fails alone, nothing waits
//! forever, queries have limits, output errors end as output errors.
mod common;
use common::{p, run, run_stdin};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GOOD: &str = "Mona Ek, enhetschef i Orsa kommun, berättar om hemtjänsten.";

/// A folder with one good article and `bad` written as `name`.
fn folder_with(name: &str, bad: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("arkiv");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("bra.txt"), GOOD).unwrap();
    std::fs::write(c.join(name), bad).unwrap();
    (d, c)
}

fn timed(args: &[&str]) -> (i32, String, String, Duration) {
    let t = Instant::now();
    let (code, out, err) = run(args);
    (code, out, err, t.elapsed())
}

#[test]
fn a_page_nested_200_000_deep_builds_with_the_rest() {
    let depth = 200_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>Lisa Holm är socialchef i Mora kommun.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let (d, c) = folder_with("djup.html", page.as_bytes());
    let (code, out, err, took) = timed(&["extract", p(&c)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Mona Ek"), "the other file: {out}");
    assert!(took < Duration::from_secs(60), "{took:?}");
    let kg = d.path().join("kg");
    let (code, _, err, _) = timed(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 added"), "{err}");
}

#[test]
fn an_element_with_a_million_attributes_is_read_in_linear_time() {
    let mut page = String::from("<html><body><div");
    for i in 0..1_000_000 {
        page.push_str(&format!(" a{i}=\"x\""));
    }
    page.push_str("><p>Lisa Holm är socialchef i Mora kommun.</p></div></body></html>");
    let (_d, c) = folder_with("attribut.html", page.as_bytes());
    let (code, out, err, took) = timed(&["extract", p(&c)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Mona Ek") && out.contains("Lisa Holm"),
        "{out}"
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn utf8_with_a_few_bad_bytes_is_utf8_with_a_warning_and_a_record() {
    let mut bytes = "Rubrik\n\nEva Lund är socialchef i Mora kommun och är nöjd med året."
        .as_bytes()
        .to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(b" Tre fel: \xff\xfe och \x80.");
    let (d, c) = folder_with("trasig.txt", &bytes);
    let (code, out, err) = run(&["extract", p(&c), "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Eva Lund") && out.contains("är nöjd"), "{out}");
    assert!(!out.contains("Ã"), "no mojibake: {out}");
    let first = at + " Tre fel: ".len();
    assert!(
        err.contains("trasig.txt") && err.contains(&format!("at byte {first}")),
        "the warning names the file and the offset: {err}"
    );
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let (_, rows, _) = run(&[
        "query",
        "--store",
        p(&kg),
        "--format",
        "tsv",
        "-e",
        "SELECT ?id ?e WHERE { ?d sg:encoding ?e ; dcterms:identifier ?id } ORDER BY ?id",
    ]);
    assert!(rows.contains("\"bra\"\t\"UTF-8\""), "{rows}");
    assert!(
        rows.contains(&format!("\"trasig\"\t\"UTF-8 (3 invalid byte sequence(s) replaced, the first at byte {first})\"")),
        "{rows}"
    );
    // bytes that are no UTF-8 at all: Windows-1252, recorded so
    std::fs::write(
        c.join("latin.txt"),
        b"Per \xc5berg \xe4r enhetschef i V\xe4xj\xf6 kommun.",
    )
    .unwrap();
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
    let (_, rows, _) = run(&[
        "query",
        "--store",
        p(&kg),
        "--format",
        "tsv",
        "-e",
        "SELECT ?e WHERE { ?d sg:encoding ?e ; dcterms:identifier \"latin\" }",
    ]);
    assert!(rows.contains("windows-1252"), "{rows}");
}

#[test]
fn a_fifo_or_device_named_as_input_is_refused_by_name() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("rör.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let good = d.path().join("bra.txt");
    std::fs::write(&good, GOOD).unwrap();
    let kg = d.path().join("kg");
    for args in [
        vec!["extract", p(&fifo), p(&good)],
        vec!["build", p(&fifo), p(&good), "--store", p(&kg)],
        vec!["extract", "/dev/zero"],
    ] {
        let (code, out, err, took) = timed(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("not a regular file"), "{err}");
        assert!(took < Duration::from_secs(20), "{args:?} waited {took:?}");
        if args[0] == "extract" && args.len() > 2 {
            assert!(out.contains("Mona Ek"), "the other file: {out}");
        }
    }
    assert!(err_names(&fifo));
}

fn err_names(fifo: &Path) -> bool {
    let (_, _, err) = run(&["extract", p(fifo)]);
    err.contains(p(fifo))
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (d, c) = common::corpus();
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    (d, kg)
}

#[test]
fn over_deep_queries_are_a_syntax_error() {
    let (_d, kg) = built();
    for q in [
        format!(
            "SELECT * WHERE {{ FILTER({}1{}) }}",
            "(".repeat(5000),
            ")".repeat(5000)
        ),
        format!("SELECT * WHERE {}{}", "{".repeat(5000), "}".repeat(5000)),
    ] {
        let (code, _, err) = run(&["query", "--store", p(&kg), "-e", &q]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("levels deep"), "{err}");
    }
    // unclosed parentheses with negations: the parser's backtracking
    // doubles with every two levels; refused at once, not after minutes
    let q = format!("SELECT * WHERE {{ FILTER{} }}", "(!(".repeat(40));
    let (code, _, err, took) = timed(&["query", "--store", p(&kg), "-e", &q]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("parentheses 80 levels deep"), "{err}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    // a query at a normal depth still runs
    let q = format!("ASK {{ FILTER({}1{}) }}", "(".repeat(20), ")".repeat(20));
    let (code, out, err) = run(&["query", "--store", p(&kg), "-e", &q]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("true"));
}

const PRODUCT: &str = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c";

#[test]
fn a_query_stops_at_its_time_memory_and_row_limits() {
    let (_d, kg) = built();
    let (code, _, err, took) = timed(&[
        "query",
        "--store",
        p(&kg),
        "--timeout",
        "2",
        "--max-memory",
        "0",
        "-e",
        PRODUCT,
    ]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("stopped after 2 s (--timeout)"), "{err}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    let (code, _, err, took) = timed(&[
        "query",
        "--store",
        p(&kg),
        "--timeout",
        "0",
        "--max-memory",
        "300",
        "-e",
        PRODUCT,
    ]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("more than 300 MB (--max-memory)"), "{err}");
    assert!(took < Duration::from_secs(60), "{took:?}");
    let (code, out, err) = run(&[
        "query",
        "--store",
        p(&kg),
        "--max-rows",
        "3",
        "--format",
        "csv",
        "-e",
        "SELECT ?s WHERE { ?s ?p ?o }",
    ]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("cut after 3 rows"), "{err}");
    assert_eq!(out.lines().count(), 4, "a header and three rows: {out}");
}

/// A TCP server that accepts connections and never answers.
fn silent_server() -> (std::net::TcpListener, String) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/sparql", l.local_addr().unwrap());
    (l, url)
}

#[test]
fn a_service_that_never_answers_times_out() {
    let (_d, kg) = built();
    let (_server, url) = silent_server();
    let q = format!("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}");
    let (code, _, err, took) =
        timed(&["query", "--store", p(&kg), "--http-timeout", "2", "-e", &q]);
    assert_ne!(code, 0, "{err}");
    assert!(took < Duration::from_secs(30), "{took:?}");
}

#[test]
fn link_waits_on_the_network_without_holding_the_store() {
    let (_d, kg) = built();
    let (_server, url) = silent_server();
    let mut link = Command::new(common::bin())
        .args([
            "link",
            "--store",
            p(&kg),
            "--endpoint",
            &url,
            "--http-timeout",
            "8",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // while link waits, readers read
    let (code, out, err) = run(&["query", "--store", p(&kg), "-e", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 0, "a reader while link waits: {err}");
    assert!(out.contains("true"));
    let t = Instant::now();
    let status = link.wait().unwrap();
    assert!(!status.success(), "a silent endpoint is an error");
    assert!(t.elapsed() < Duration::from_secs(30));
}

/// Runs `sh -c` with pipefail; returns the status code and stderr.
fn sh(script: &str) -> (i32, String) {
    let out = Command::new("bash")
        .args(["-c", &format!("set -o pipefail; {script}")])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn closed_pipes_end_quietly_and_full_devices_are_exit_5() {
    let (d, kg) = built();
    let corpus = d.path().join("corpus");
    let bin = common::bin();
    let (bin, kg, corpus) = (p(&bin), p(&kg), p(&corpus));
    let commands = [
        format!("{bin} extract {corpus}"),
        format!("{bin} extract {corpus} --format nquads"),
        format!("{bin} query --store {kg} -e 'SELECT * WHERE {{ ?s ?p ?o }}' --format csv"),
        format!("{bin} query --store {kg} -e 'SELECT * WHERE {{ ?s ?p ?o }}'"),
        format!("{bin} query --store {kg} -e 'CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}'"),
        format!("{bin} export --store {kg} --format nquads"),
        format!("{bin} export --store {kg} --format trig"),
        format!("{bin} export --store {kg} --format turtle"),
        format!("{bin} export --store {kg} --format dot"),
        format!("{bin} export --store {kg} --format graphml"),
        format!("{bin} analyze --store {kg} --top 100000"),
        format!("{bin} analyze --store {kg} --format json"),
        format!("{bin} query --store {kg} -e 'SELECT * WHERE {{ ?s ?p ?o }}' --format xml"),
        format!("{bin} query --store {kg} -e 'CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}' --format jsonld"),
        format!("{bin} export --store {kg} --format ntriples"),
        format!("{bin} export --store {kg} --format rdfxml"),
        format!("{bin} export --store {kg} --format jsonld"),
        format!("{bin} show Vision --store {kg}"),
        format!("{bin} show Vision --store {kg} --format json"),
        format!("{bin} path Vision 'Akademikerförbundet SSR' --store {kg}"),
        format!("{bin} check --store {kg}"),
        format!("{bin} completions bash"),
        format!("{bin} manpage"),
        format!("{bin} demo --store {corpus}/../demo-kg --out {corpus}/.."),
        format!("{bin} push --store {kg} --endpoint http://127.0.0.1:9/store --dry-run"),
        format!("{bin} build {corpus}/../empty --store {kg} --prune --dry-run"),
    ];
    std::fs::create_dir_all(format!("{corpus}/../empty")).unwrap();
    std::fs::write(format!("{corpus}/../empty/one.txt"), GOOD).unwrap();
    for c in &commands {
        let (code, err) = sh(&format!("{c} | head -1 > /dev/null"));
        assert_eq!(code, 0, "{c} | head -1: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{c}: {err}"
        );
        if c.contains(" check ") {
            // a clean store's check writes nothing to stdout
            continue;
        }
        let (code, err) = sh(&format!("{c} > /dev/full"));
        assert_eq!(code, 5, "{c} > /dev/full: {err}");
        assert!(!err.contains("panicked"), "{c}: {err}");
    }
}

#[test]
fn a_store_path_that_is_a_file_is_named() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("inte-en-butik.txt");
    std::fs::write(&f, GOOD).unwrap();
    let (code, _, err) = run(&["query", "--store", p(&f), "-e", "ASK {}"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(p(&f)), "{err}");
    let (code, _, err) = run_stdin(&["build", "-", "--store", p(&f)], GOOD.as_bytes());
    assert_ne!(code, 0, "{err}");
    assert!(err.contains(p(&f)), "{err}");
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        GOOD,
        "the file is untouched"
    );
    let _ = std::io::stdout().flush();
}

#[test]
fn one_long_line_costs_about_what_the_same_text_on_lines_costs() {
    let d = tempfile::tempdir().unwrap();
    let sentence = |i: usize| format!("Anna Berg{i} är enhetschef i Mora kommun och trivs bra.");
    let sentences: Vec<String> = (0..16_000).map(sentence).collect();
    let (line, lines) = (d.path().join("rad.txt"), d.path().join("rader.txt"));
    std::fs::write(&line, sentences.join(" ")).unwrap();
    std::fs::write(&lines, sentences.join("\n\n")).unwrap();
    let (code, one, err, t_line) = timed(&["extract", p(&line)]);
    assert_eq!(code, 0, "{err}");
    let (code, many, err, t_lines) = timed(&["extract", p(&lines)]);
    assert_eq!(code, 0, "{err}");
    // the same facts either way
    let people = |out: &str| out.matches("\"type\":\"Person\"").count();
    assert_eq!(people(&one), people(&many));
    assert!(people(&one) > 1000, "{}", people(&one));
    // linear: a line of a megabyte once took 35 times as long
    assert!(
        t_line < t_lines * 4 + Duration::from_secs(2),
        "{t_line:?} against {t_lines:?}"
    );
}

/// A store of `n` invented articles, and its folder of texts.
fn store_of(n: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("arkiv");
    std::fs::create_dir_all(&c).unwrap();
    let places = ["Orsa", "Mora", "Leksand", "Rättvik", "Malung-Sälen"];
    for i in 0..n {
        let place = places[i % places.len()];
        std::fs::write(
            c.join(format!("notis{i:04}.txt")),
            format!(
                "Karin Lund{i} är enhetschef i {place} kommun. Hon leder projektet Trygg hemma {i}. \
                 Olle Berg{i}, ordförande för Vision i {place}, talade på konferensen Socialt arbete {i}."
            ),
        )
        .unwrap();
    }
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    (d, c, kg)
}

/// Overwrites 4 KB in the middle of the store's largest table file (with
/// `all`, of every table file over 64 KB); with `keep_time` each file keeps
/// its modification time (as under a bad sector). Returns their names.
fn garble(kg: &Path, keep_time: bool, all: bool) -> Vec<String> {
    let mut tables: Vec<std::path::PathBuf> = std::fs::read_dir(kg)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sst"))
        .filter(|p| std::fs::metadata(p).unwrap().len() > 64 * 1024)
        .collect();
    tables.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).unwrap().len()));
    if !all {
        tables.truncate(1);
    }
    assert!(!tables.is_empty());
    for sst in &tables {
        let time = std::fs::metadata(sst).unwrap().modified().unwrap();
        let mut bytes = std::fs::read(sst).unwrap();
        let at = bytes.len() / 2;
        for (i, b) in bytes[at..at + 4096].iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(31) ^ 0x5a;
        }
        std::fs::write(sst, &bytes).unwrap();
        if keep_time {
            std::fs::File::options()
                .write(true)
                .open(sst)
                .unwrap()
                .set_modified(time)
                .unwrap();
        }
    }
    tables
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_clean_store_checks_clean() {
    let (_d, _c, kg) = store_of(50);
    let (code, out, err) = run(&["check", "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("no damage"), "{err}");
}

#[test]
fn a_garbled_table_file_is_named_by_query_build_and_check() {
    let (_d, c, kg) = store_of(400);
    let name = garble(&kg, false, false).remove(0);
    // the aggregate that once read until the kernel killed it
    let count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let (code, _, err) = run(&["query", "--store", p(&kg), "-e", count]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&name) && err.contains("socgraf check"),
        "{err}"
    );
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(!err.contains("unchanged"), "{err}");
    assert!(err.contains(&name), "{err}");
    let (code, _, err) = run(&["check", "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&name) && err.contains("changed since socgraf wrote it"),
        "{err}"
    );
}

#[test]
fn bad_blocks_under_unchanged_times_are_named_by_reads_and_by_check() {
    let (_d, c, kg) = store_of(400);
    let names = garble(&kg, true, true);
    let named = |err: &str| names.iter().any(|n| err.contains(n.as_str()));
    // a build that would change nothing reads every table file first
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(named(&err) && !err.contains("unchanged"), "{err}");
    let (code, out, err) = run(&["check", "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(named(&err), "the file: {err}");
    assert!(err.contains("graphs affected"), "{err}");
    let listed: Vec<&str> = out.lines().collect();
    assert!(!listed.is_empty(), "{err}");
    // each line: the document's graph, then the file it was read from
    for line in &listed {
        let (graph, source) = line.split_once('\t').unwrap();
        assert!(graph.starts_with("https://w3id.org/socgraf/"), "{line}");
        assert!(source == "?" || source.starts_with(p(&c)), "{line}");
    }
    assert!(listed.iter().any(|l| l.contains("/doc/notis")), "{out}");
    // a read that meets a bad block stops there, names the file, exit 3
    let reads: [&[&str]; 2] = [
        &["export", "--store", p(&kg), "--format", "nquads"],
        &[
            "query",
            "--store",
            p(&kg),
            "-e",
            "SELECT ?s ?t WHERE { ?s a ?t }",
        ],
    ];
    for args in reads {
        let (code, _, err) = run(args);
        assert_eq!(code, 3, "{args:?}: {err}");
        assert!(named(&err) && err.contains("socgraf check"), "{err}");
    }
    // a sort or a group over the bad block: Oxigraph 0.5's scan repeats
    // its error and the evaluator gathers the repeats until the memory
    // limit stops it; then the table files are read against their record,
    // and the damaged one is named (exit 3), memory bounded by the limit
    for q in [
        "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    ] {
        let (code, _, err) = run(&["query", "--store", p(&kg), "--max-memory", "300", "-e", q]);
        assert_eq!(code, 3, "{q}: {err}");
        assert!(named(&err) && err.contains("socgraf check"), "{err}");
    }
}

#[test]
fn check_names_the_documents_one_bad_block_affects() {
    let (_d, c, kg) = store_of(400);
    let name = garble(&kg, true, false).remove(0);
    // a build that would change nothing is no "unchanged" over a bad block,
    // wherever the block lies
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(&name) && !err.contains("unchanged"), "{err}");
    let (code, out, err) = run(&["check", "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(&name) && err.contains("checksum"), "{err}");
    let n = out.lines().count();
    assert!(
        n > 0 && err.contains(&format!("{n} graphs affected")),
        "{err}"
    );
}
