//! The command line from the outside: extract's output contract, build's
//! idempotence, replacement and pruning, errors and exit codes.
mod common;
use common::{corpus, dump, p, run};
use serde_json::Value;

#[test]
fn extract_jsonl_follows_the_contract_and_evidence_slices_the_file() {
    let (_d, c) = corpus();
    let (code, out, err) = run(&["extract", p(&c), "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let mut relations = 0;
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        let doc = v["doc"].as_str().expect("doc");
        assert!(!doc.ends_with(".txt"));
        if v["kind"] == "document" {
            assert!(v["reader"].is_string(), "{line}");
            continue;
        }
        // the web page's and the PDF's offsets are of the text read from
        // them (tests/formats.rs)
        if doc == "ny-enhetschef-orsa" || doc == "samverkan-barn-dalarna" {
            continue;
        }
        let text = std::fs::read_to_string(c.join(format!("{doc}.txt"))).expect("source");
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = (
            v["evidence"]["start"].as_u64().unwrap() as usize,
            v["evidence"]["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, v["evidence"]["text"].as_str().unwrap());
        let conf = v["confidence"].as_f64().expect("confidence");
        assert!((0.0..=1.0).contains(&conf));
        match v["kind"].as_str() {
            Some("entity") => {
                assert!(v["name"].is_string() && v["type"].is_string());
            }
            Some("relation") => {
                relations += 1;
                for k in ["subject", "predicate", "object", "role"] {
                    assert!(v[k].is_string(), "{k} in {line}");
                }
            }
            other => panic!("unknown kind {other:?}"),
        }
    }
    assert!(relations > 20, "only {relations} relations");
    // serde_json writes keys in alphabetical order
    assert!(out.contains(
        r#""object":"Vision","predicate":"worksAt","role":"utredare","rule":"worksat.apposition-prep","subject":"Karl Edström""#
    ));
}

#[test]
fn extract_reads_stdin_and_writes_nquads_that_parse() {
    let (code, stdout, err) = common::run_stdin(
        &["extract", "-", "--format", "nquads"],
        "Stina Berg, socialchef i Gagnefs kommun, säger att det går bra.".as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    let out_stdout = stdout.into_bytes();
    let quads: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(&out_stdout)
        .collect::<Result<_, _>>()
        .expect("valid N-Quads");
    let text = String::from_utf8_lossy(&out_stdout);
    assert!(text.contains("<https://w3id.org/socgraf/id/person/stina-berg> <https://w3id.org/socgraf/ontology#worksAt> <https://w3id.org/socgraf/id/municipality/gagnef>"));
    // without --id the document's id comes from its content
    let graph = quads[0].graph_name.to_string();
    assert!(
        graph.starts_with("<https://w3id.org/socgraf/doc/stdin-") && graph.len() == 53,
        "{graph}"
    );
    assert!(quads.iter().all(|q| q.graph_name.to_string() == graph));
}

#[test]
fn build_twice_leaves_the_same_quads() {
    let (d, c) = corpus();
    let st = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&st)]).0, 0);
    let first = dump(&st);
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0);
    assert!(err.contains("0 added, 0 updated, 9 unchanged"), "{err}");
    assert_eq!(first, dump(&st));
    assert!(first.len() > 1000);
}

/// Commits run in the background while later documents load: a build of
/// many small commits holds exactly what one of a single commit holds.
#[test]
fn many_background_commits_give_the_same_store_as_one() {
    let (d, c) = corpus();
    // 9 sample files × 160 names: three chunks of documents
    let many = d.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for e in std::fs::read_dir(&c).unwrap() {
        let f = e.unwrap().path();
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let ext = f.extension().unwrap().to_string_lossy().into_owned();
        for i in 0..160 {
            std::fs::copy(&f, many.join(format!("{stem}-{i}.{ext}"))).unwrap();
        }
    }
    let without_times = |st: &std::path::Path| -> Vec<String> {
        dump(st)
            .into_iter()
            .filter(|q| !q.contains("prov#generatedAtTime"))
            .collect()
    };
    let one = d.path().join("one");
    let (code, _, err) = run(&["build", p(&many), "--store", p(&one)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1440 added"), "{err}");
    let small = d.path().join("small");
    let (code, _, err) = run(&[
        "build",
        p(&many),
        "--store",
        p(&small),
        "--commit-every",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(without_times(&one), without_times(&small));
}

/// A store built from the sample corpus, its dump, and then one of its
/// files rewritten on disk (not yet rebuilt).
fn built_then_changed() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    Vec<String>,
    std::path::PathBuf,
) {
    let (d, c) = corpus();
    let st = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&st)]).0, 0);
    let before = dump(&st);
    let changed = c.join("vision-enkat.txt");
    std::fs::write(
        &changed,
        "Ny rubrik\n\nFilip Ros, utredare på Vision, säger att enkäten är viktig.\n",
    )
    .unwrap();
    (d, c, st, before, changed)
}

#[test]
fn a_changed_file_replaces_only_its_own_graph_and_prune_drops_removed_ones() {
    let (_d, c, st, before, _changed) = built_then_changed();
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0);
    assert!(err.contains("0 added, 1 updated, 8 unchanged"), "{err}");
    let after = dump(&st);
    let graph = "<https://w3id.org/socgraf/doc/vision-enkat>";
    let others = |v: &[String]| {
        v.iter()
            .filter(|l| !l.ends_with(&format!("{graph} .")))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        others(&before),
        others(&after),
        "other documents' graphs changed"
    );
    assert!(after
        .iter()
        .any(|l| l.contains("person/filip-ros") && l.ends_with(&format!("{graph} ."))));
    assert!(!after.iter().any(|l| l.contains("person/emma-rydberg")));

    std::fs::remove_file(c.join("bemanning-kalmar.txt")).unwrap();
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st), "--prune"]);
    assert_eq!(code, 0);
    assert!(err.contains("1 pruned"), "{err}");
    assert!(!dump(&st)
        .iter()
        .any(|l| l.contains("/doc/bemanning-kalmar>")));
}

#[test]
fn a_broken_file_is_reported_with_its_path_and_the_rest_still_builds() {
    let (d, c) = corpus();
    let bad = c.join("scan.txt");
    std::fs::write(&bad, b"%PDF-1.4\n\x00\x01\x02 binary").unwrap();
    let st = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 1, "partial success is exit 1");
    assert!(err.contains(p(&bad)), "{err}");
    assert!(err.contains("9 added"), "{err}");
    let (code, out, _) = run(&[
        "query",
        "--store",
        p(&st),
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { ?d a sg:Document }",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("\n9"), "{out}");
}

#[test]
fn bad_sparql_gives_the_parser_message_and_exit_2() {
    let (d, c) = corpus();
    let st = d.path().join("kg");
    run(&["build", p(&c), "--store", p(&st)]);
    let (code, _, err) = run(&[
        "query",
        "--store",
        p(&st),
        "-e",
        "SELECT ?x WHERE { ?x ?y }",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("SPARQL syntax error"), "{err}");
}

#[test]
fn a_missing_store_gives_a_clear_message_not_a_panic() {
    let d = tempfile::tempdir().unwrap();
    let st = d.path().join("nothing-here");
    let (code, _, err) = run(&[
        "query",
        "--store",
        p(&st),
        "-e",
        "SELECT * WHERE { ?s ?p ?o }",
    ]);
    assert_eq!(code, 3);
    assert!(err.contains("no socgraf store at"), "{err}");
    assert!(!err.contains("panicked"));
    assert!(!st.exists(), "query must not create a store");
}

#[test]
fn query_formats_csv_tsv_json() {
    let (d, c) = corpus();
    let st = d.path().join("kg");
    run(&["build", p(&c), "--store", p(&st)]);
    let q = "SELECT ?n WHERE { ?p a sg:Person ; rdfs:label ?n } ORDER BY ?n LIMIT 3";
    let (_, csv, _) = run(&["query", "--store", p(&st), "-e", q, "--format", "csv"]);
    assert!(csv.starts_with("n\r\n"), "{csv}");
    let (_, tsv, _) = run(&["query", "--store", p(&st), "-e", q, "--format", "tsv"]);
    assert!(tsv.starts_with("?n\n"), "{tsv}");
    let (_, json, _) = run(&["query", "--store", p(&st), "-e", q, "--format", "json"]);
    let v: Value = serde_json::from_str(&json).expect("SPARQL JSON");
    assert_eq!(v["head"]["vars"][0], "n");
    assert_eq!(v["results"]["bindings"].as_array().unwrap().len(), 3);
    let (code, table, _) = run(&["query", "--store", p(&st), "-e", q]);
    assert_eq!(code, 0);
    assert!(table.contains("(3 rows)"));
}

#[test]
fn demo_builds_queries_and_draws() {
    let d = tempfile::tempdir().unwrap();
    let st = d.path().join("store");
    let (code, out, err) = run(&["demo", "--store", p(&st), "--out", p(d.path())]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("9 added"));
    assert!(out.contains("Birgitta Holmqvist"));
    let dot = std::fs::read_to_string(d.path().join("demo.dot")).unwrap();
    assert!(dot.contains("worksAt"));
    assert!(
        d.path().join("demo.svg").exists(),
        "dot must be installed (.ci/run installs graphviz): {out}"
    );
}

#[test]
fn latin1_utf16_and_html_inputs_are_read() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("in");
    std::fs::create_dir_all(&c).unwrap();
    // Windows-1252 / Latin-1
    std::fs::write(
        c.join("gammal.txt"),
        b"Stig H\xe4ll, socialchef i V\xe4xj\xf6 kommun, s\xe4ger hej.\n",
    )
    .unwrap();
    // UTF-16 LE with BOM
    let mut u16 = vec![0xFF, 0xFE];
    for u in "Rut Lund, enhetschef på Vision, säger hej.\n".encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(c.join("utf16.txt"), u16).unwrap();
    // HTML with script and style
    std::fs::write(
        c.join("sida.html"),
        "<html><head><style>p{}</style><script>var x='Ola Ek, chef på SKR';</script></head>\
         <body><h1>Nyheter</h1><p>Eva Ros, ombudsman på Kommunal, säger att det går bra.</p></body></html>",
    )
    .unwrap();
    let (code, out, err) = run(&["extract", p(&c)]);
    assert_eq!(code, 0, "{err}");
    // serde_json writes keys in alphabetical order
    assert!(out.contains(r#""object":"Växjö kommun","predicate":"worksAt","role":"socialchef","rule":"worksat.apposition-prep","subject":"Stig Häll""#), "{out}");
    assert!(
        out.contains(
            r#""object":"Vision","predicate":"worksAt","role":"enhetschef","rule":"worksat.apposition-prep","subject":"Rut Lund""#
        ),
        "{out}"
    );
    assert!(
        out.contains(
            r#""object":"Kommunal","predicate":"worksAt","role":"ombudsman","rule":"worksat.apposition-prep","subject":"Eva Ros""#
        ),
        "{out}"
    );
    assert!(!out.contains("Ola Ek"), "script text is dropped");
    assert!(out.contains(r#""doc":"sida""#));
}

#[test]
fn one_changed_file_named_alone_replaces_its_graph_and_nothing_else() {
    let (_d, _c, st, before, changed) = built_then_changed();
    // an interrupted bulk load's leftover is cleared by the next build
    let leftover = st.join("bulk-1234.sst");
    std::fs::write(&leftover, b"partial").unwrap();
    let (code, _, err) = run(&["build", p(&changed), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 added, 1 updated, 0 unchanged"), "{err}");
    assert!(!leftover.exists());
    let graph = "<https://w3id.org/socgraf/doc/vision-enkat>";
    let mine = |v: &[String]| {
        v.iter()
            .filter(|l| l.ends_with(&format!("{graph} .")))
            .cloned()
            .collect::<Vec<_>>()
    };
    let after = dump(&st);
    assert_eq!(
        before.len() - mine(&before).len(),
        after.len() - mine(&after).len()
    );
    assert!(mine(&after).iter().any(|l| l.contains("person/filip-ros")));
    // the same file again is unchanged
    let (_, _, err) = run(&["build", p(&changed), "--store", p(&st)]);
    assert!(err.contains("0 added, 0 updated, 1 unchanged"), "{err}");
}

#[test]
fn build_reads_one_document_from_stdin() {
    let d = tempfile::tempdir().unwrap();
    let st = d.path().join("kg");
    let mut child = std::process::Command::new(common::bin())
        .args(["build", "-", "--store", p(&st), "--id", "nytt-projekt"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        "Nytt projekt\n\nLinnea Sjöberg, enhetschef på Vision, leder arbetet.\n".as_bytes(),
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1 added"), "{err}");
    let (code, rows, _) = run(&[
        "query",
        "--store",
        p(&st),
        "-e",
        "SELECT ?o WHERE { GRAPH <https://w3id.org/socgraf/doc/nytt-projekt> { ?p sg:worksAt ?o } }",
    ]);
    assert_eq!(code, 0);
    assert!(rows.contains(r"Vision (id:union\/vision)"), "{rows}");
}

#[test]
fn two_different_piped_articles_are_two_documents_and_one_piped_twice_is_one() {
    let d = tempfile::tempdir().unwrap();
    let st = d.path().join("kg");
    let a = "Eva Holm, socialchef i Vansbro kommun, slutar i maj.";
    let b = "Olle Strand, enhetschef i Malung-Sälens kommun, börjar i juni.";
    for (text, want) in [(a, "1 added"), (b, "1 added"), (a, "1 unchanged")] {
        let (code, _, err) = common::run_stdin(&["build", "-", "--store", p(&st)], text.as_bytes());
        assert_eq!(code, 0, "{err}");
        assert!(err.contains(want), "{want}: {err}");
    }
    let (_, rows, _) = run(&[
        "query", "--store", p(&st), "--format", "csv", "-e",
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ?t } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/socgraf/doc/stdin-\")) }",
    ]);
    assert_eq!(rows.lines().nth(1).map(str::trim), Some("2"), "{rows}");
}

#[test]
fn file_names_that_differ_only_in_case_spaces_or_script_are_different_documents() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("arkiv");
    std::fs::create_dir_all(c.join("2026")).unwrap();
    std::fs::create_dir_all(c.join("2027")).unwrap();
    let text = "Anna Lind, socialsekreterare i Orsa kommun, berättar.";
    for name in [
        "a b.txt",
        "a-b.txt",
        "Rapport.txt",
        "rapport.txt",
        "日本.txt",
        "中国.txt",
    ] {
        std::fs::write(c.join(name), text).unwrap();
    }
    let st = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("6 added"), "{err}");
    let rows = doc_graphs(&st);
    for iri in [
        "doc/a%20b>",
        "doc/a-b>",
        "doc/Rapport>",
        "doc/rapport>",
        "doc/日本>",
        "doc/中国>",
    ] {
        assert!(rows.contains(iri), "{iri} missing: {rows}");
    }
    // one name in two folders: two documents, their ids keep the folders
    let before = common::dump(&st);
    std::fs::write(c.join("2026/notis.txt"), text).unwrap();
    std::fs::write(c.join("2027/notis.txt"), "Annan text om Mora kommun.").unwrap();
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 added"), "{err}");
    let rows = doc_graphs(&st);
    assert!(
        rows.contains("doc/2026/notis>") && rows.contains("doc/2027/notis>"),
        "{rows}"
    );
    // a collision that is left (a file and its .html twin) is an error
    // naming both, never a replacement
    std::fs::write(c.join("rapport.html"), "<p>Annan text.</p>").unwrap();
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.lines().any(|l| l.contains("rapport.txt")
            && l.contains("rapport.html")
            && l.contains("already used")),
        "{err}"
    );
    // the graph of rapport is the first file's, untouched
    let after = common::dump(&st);
    let graph = |d: &[String], g: &str| -> Vec<String> {
        d.iter()
            .filter(|l| l.ends_with(&format!("/doc/{g}> .")))
            .cloned()
            .collect()
    };
    assert_eq!(graph(&before, "rapport"), graph(&after, "rapport"));
}

/// A file is one document whichever way it is named: alone, from its
/// folder, or from a folder higher up; the store's id for it is kept.
#[test]
fn a_file_keeps_its_document_whether_named_alone_or_from_any_folder() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("arkiv");
    std::fs::create_dir_all(c.join("2026/mars")).unwrap();
    let file = c.join("2026/mars/notis.txt");
    std::fs::write(&file, "Eva Lund, socialchef i Mora kommun, slutar i maj.").unwrap();
    std::fs::write(
        c.join("2026/ledare.txt"),
        "Per Ek är enhetschef i Orsa kommun.",
    )
    .unwrap();
    let st = d.path().join("kg");
    let graphs = || {
        doc_graphs(&st)
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (code, _, err) = run(&["build", p(&c.join("2026")), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 added"), "{err}");
    let first = graphs();
    assert!(
        first.iter().any(|g| g.ends_with("/doc/mars/notis>")),
        "{first:?}"
    );
    for (named, want) in [
        (file.clone(), "1 unchanged"),
        (c.clone(), "2 unchanged"),
        (c.join("2026/mars"), "1 unchanged"),
    ] {
        let (code, _, err) = run(&["build", p(&named), "--store", p(&st)]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(want) && err.contains("0 added"),
            "{}: {err}",
            named.display()
        );
        assert_eq!(graphs(), first, "{}", named.display());
    }
    // a change to the file named alone updates its one document
    std::fs::write(&file, "Eva Lund, socialchef i Mora kommun, slutar i juni.").unwrap();
    let (code, _, err) = run(&["build", p(&file), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 updated"), "{err}");
    assert_eq!(graphs(), first);
    // a prune from the higher folder keeps both
    let (code, out, err) = run(&["build", p(&c), "--store", p(&st), "--prune", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("0 document(s) would be pruned") && out.is_empty(),
        "{out}{err}"
    );
}

/// The document graphs of a store, one per line (TSV with a header).
fn doc_graphs(st: &std::path::Path) -> String {
    let (_, rows, _) = run(&[
        "query",
        "--store",
        p(st),
        "--format",
        "tsv",
        "-e",
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a ?t } } ORDER BY ?g",
    ]);
    rows
}
