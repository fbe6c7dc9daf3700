//! A graph that neither loses nor invents (issue 21): `--prune` never
//! follows an input failure, a store that lost its `CURRENT` file is never
//! overwritten, a store killed while it is created never opens half made,
//! and the messages name what they are about. Each test asserts the data.
mod common;
use common::{bin, corpus, dump, p, run};
use std::path::Path;
use std::process::Command;

/// A store's quads without the build time, which differs between builds.
fn timeless(store: &Path) -> Vec<String> {
    dump(store)
        .into_iter()
        .filter(|l| !l.contains("prov#generatedAtTime"))
        .collect()
}

/// A store built from the sample corpus, and the corpus folder.
fn built() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (d, c) = corpus();
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    (d, c, kg)
}

#[test]
fn prune_with_a_missing_input_root_removes_nothing() {
    let (d, c, kg) = built();
    let before = dump(&kg);
    let typo = d.path().join("korpus");
    for args in [
        vec![p(&typo)],
        // one good root beside the missing one: still nothing at all
        vec![p(&c), p(&typo)],
    ] {
        let mut a = vec!["build"];
        a.extend(args);
        a.extend(["--store", p(&kg), "--prune"]);
        let (code, _, err) = run(&a);
        assert_eq!(code, 6, "{err}");
        assert!(
            err.contains("--prune refused") && err.contains("korpus"),
            "{err}"
        );
        assert_eq!(dump(&kg), before, "the store changed");
    }
}

#[test]
fn prune_with_inputs_that_hold_no_document_removes_nothing() {
    let (d, _, kg) = built();
    let before = dump(&kg);
    let empty = d.path().join("tom");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, err) = run(&["build", p(&empty), "--store", p(&kg), "--prune"]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("no document"), "{err}");
    assert_eq!(dump(&kg), before);
}

/// A subfolder that cannot be listed. As root, permissions are no bar, so
/// the build runs without the capabilities that let root read anything
/// (`setpriv`, util-linux).
#[cfg(target_os = "linux")]
#[test]
fn prune_with_an_unreadable_subfolder_removes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let (d, c, _) = built();
    let sub = c.join("arkiv");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("gammal.txt"),
        "Eva Lund, socialsekreterare i Ljusdals kommun, går i pension i vår.",
    )
    .unwrap();
    let kg = d.path().join("kg2");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    let before = dump(&kg);
    assert!(before.iter().any(|l| l.contains("doc/arkiv/gammal")));
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--bounding-set=-dac_override,-dac_read_search"])
            .arg(bin());
        c
    } else {
        Command::new(bin())
    };
    let out = cmd
        .args(["build", p(&c), "--store", p(&kg), "--prune"])
        .output()
        .expect("runs");
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        err.contains("arkiv") && err.contains("--prune refused"),
        "{err}"
    );
    assert_eq!(
        dump(&kg),
        before,
        "a document under the unreadable folder was pruned"
    );
}

#[test]
fn prune_dry_run_lists_what_would_go_and_writes_nothing() {
    let (_d, c, kg) = built();
    let before = dump(&kg);
    let gone = std::fs::read_dir(&c)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|f| f.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    let stem = gone.file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::remove_file(&gone).unwrap();
    let (code, out, err) = run(&["build", p(&c), "--store", p(&kg), "--prune", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let listed: Vec<&str> = out.lines().collect();
    assert_eq!(listed.len(), 1, "{out}");
    assert!(listed[0].ends_with(&format!("/doc/{stem}")), "{out}");
    assert_eq!(dump(&kg), before, "a dry run wrote");
    // and the real prune removes just that one
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg), "--prune"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 pruned"), "{err}");
}

#[test]
fn a_mistyped_input_leaves_no_new_store() {
    let d = tempfile::tempdir().unwrap();
    let kg = d.path().join("ny");
    let (code, _, err) = run(&["build", p(&d.path().join("korpus")), "--store", p(&kg)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("korpus") && err.contains("cannot read"),
        "{err}"
    );
    assert!(!kg.exists(), "an empty store was left behind");
}

#[test]
fn a_store_that_lost_current_is_never_overwritten() {
    let (_d, c, kg) = built();
    std::fs::remove_file(kg.join("CURRENT")).unwrap();
    let files = |dir: &Path| {
        let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().len(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = files(&kg);
    assert!(before.iter().any(|(n, _)| n.ends_with(".sst")));
    let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("damaged") && err.contains("CURRENT is missing") && err.contains(p(&kg)),
        "{err}"
    );
    assert_eq!(files(&kg), before, "the damaged store's files changed");
    // readers say damaged, not missing
    let (code, _, err) = run(&["query", "--store", p(&kg), "-e", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 3);
    assert!(
        err.contains("damaged") && !err.contains("no socgraf store"),
        "{err}"
    );
}

#[test]
fn a_folder_of_articles_is_no_store() {
    let (_d, c, _) = built();
    let (code, _, err) = run(&["query", "--store", p(&c), "-e", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 3);
    assert!(
        err.contains("is not a socgraf store") && err.contains(p(&c)),
        "{err}"
    );
    // no advice to build into the article folder
    assert!(!err.contains("socgraf build PATH"), "{err}");
    let before: Vec<_> = std::fs::read_dir(&c)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let (code, _, err) = run(&["build", p(&c), "--store", p(&c)]);
    assert_eq!(code, 3, "{err}");
    let after: Vec<_> = std::fs::read_dir(&c)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(
        before.len(),
        after.len(),
        "files were written into the article folder"
    );
}

/// A build killed in its first milliseconds, while it creates the store:
/// the folder is either absent or a store that opens; the next build
/// finishes it with the quads of a build never interrupted.
#[cfg(unix)]
#[test]
fn a_store_killed_while_it_is_created_never_opens_half_made() {
    let (d, c, reference) = built();
    let want = timeless(&reference);
    for (i, ms) in [5u64, 10, 15, 20, 30, 40, 50, 70].iter().enumerate() {
        let kg = d.path().join(format!("kg-{i}"));
        let mut child = Command::new(bin())
            .args(["build", p(&c), "--store", p(&kg)])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(*ms));
        let _ = child.kill();
        let _ = child.wait();
        if kg.exists() {
            let (code, _, err) = run(&["query", "--store", p(&kg), "-e", "ASK { ?s ?p ?o }"]);
            assert!(
                code == 0 || err.contains("no socgraf store"),
                "killed after {ms} ms: {code} {err}"
            );
        }
        let (code, _, err) = run(&["build", p(&c), "--store", p(&kg)]);
        assert_eq!(code, 0, "after a kill at {ms} ms: {err}");
        assert_eq!(timeless(&kg), want, "killed after {ms} ms");
    }
    // nothing of the killed creations is left beside the stores
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".creating-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn min_confidence_outside_zero_to_one_is_a_usage_error() {
    let (_d, c, _) = built();
    for v in ["--min-confidence=1.5", "--min-confidence=-0.1"] {
        let (code, _, err) = run(&["extract", p(&c), v]);
        assert_eq!(code, 2, "{v}: {err}");
        assert!(err.contains("outside 0..1"), "{err}");
    }
}

/// Generic bodies are one node per municipality: "socialnämnden" of Borlänge
/// and of Sundsvall are two nodes, and no path joins the two municipalities
/// through them; a unit with a name of its own keeps one key.
#[test]
fn generic_units_are_scoped_by_the_body_the_text_ties_them_to() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("arkiv");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        c.join("borlange.txt"),
        "Borlänge kommun sparar. Borlänge kommun har en ny budget, och socialnämnden \
         har beslutat om besparingar som ska redovisas i maj.",
    )
    .unwrap();
    std::fs::write(
        c.join("sundsvall.txt"),
        "Sundsvalls kommun bygger ut stödet. Sundsvalls kommun vill anställa fler, och \
         socialnämnden får pengar. Spånga-Tensta stadsdelsförvaltning var förebild.",
    )
    .unwrap();
    let st = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&c), "--store", p(&st)]);
    assert_eq!(code, 0, "{err}");
    let (_, rows, _) = run(&[
        "query", "--store", p(&st), "--format", "tsv", "-e",
        "SELECT DISTINCT ?u WHERE { ?u a sg:Organization ; rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), \"socialnämnden\")) }",
    ]);
    let units: Vec<&str> = rows.lines().skip(1).collect();
    assert_eq!(units.len(), 2, "{rows}");
    assert!(
        units
            .iter()
            .any(|u| u.contains("socialnaemnden-i-municipality-borlaenge")),
        "{rows}"
    );
    assert!(
        units
            .iter()
            .any(|u| u.contains("socialnaemnden-i-municipality-sundsvall")),
        "{rows}"
    );
    let (code, out, err) = run(&[
        "path",
        "Borlänge kommun",
        "Sundsvalls kommun",
        "--store",
        p(&st),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["paths"].as_array().is_some_and(|a| a.is_empty()),
        "a path through a generic unit: {}",
        v["paths"]
    );
    // a named unit keeps its own key
    assert!(common::dump(&st)
        .iter()
        .any(|l| l.contains("/id/organization/spaanga-tensta-stadsdelsfoervaltning>")));
}

/// One name in two folders built at different times: the second is refused
/// while the first file is still there, and takes its place once it is gone.
#[test]
fn a_later_file_of_the_same_name_does_not_replace_another_files_document() {
    let d = tempfile::tempdir().unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    for (dir, text) in [
        (&a, "Eva Lund, socialchef i Mora kommun, slutar i maj."),
        (&b, "Per Ek, enhetschef i Orsa kommun, börjar i juni."),
    ] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("notis.txt"), text).unwrap();
    }
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&a), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    let before = timeless(&kg);
    let (code, _, err) = run(&["build", p(&b), "--store", p(&kg)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("already used in the store by") && err.contains("a/notis.txt"),
        "{err}"
    );
    assert_eq!(timeless(&kg), before, "the first file's graph was replaced");
    // the same file named alone is the same document
    let (code, _, err) = run(&["build", p(&a.join("notis.txt")), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 unchanged"), "{err}");
    // once the first file is gone, the other takes its id
    std::fs::remove_file(a.join("notis.txt")).unwrap();
    let (code, _, err) = run(&["build", p(&b), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 updated"), "{err}");
}
