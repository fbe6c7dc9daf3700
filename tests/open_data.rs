//! Links to open data, offline: the Wikidata items of municipalities,
//! counties and agencies in the reference graph with where each was read,
//! the corrected SCB names, and renamed organisations as one entity under
//! their current name (on articles the project wrote).
mod common;
use common::{corpus, p, run};

#[test]
fn mentioned_entities_reach_wikidata_offline_with_the_source_of_each_item() {
    let (d, c) = corpus();
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    let (code, out, err) = run(&[
        "query",
        "--store",
        p(&kg),
        "--format",
        "tsv",
        "-e",
        "SELECT DISTINCT ?item ?source WHERE { \
           ?e sg:mentionedIn ?doc ; owl:sameAs ?item . \
           ?link a sg:Link ; rdf:subject ?e ; rdf:object ?item ; dcterms:source ?source }",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(rows.len() >= 5, "at least five distinct items: {out}");
    assert!(
        rows.iter()
            .all(|r| r.starts_with("<http://www.wikidata.org/entity/Q")
                && r.contains("public extracts")),
        "{out}"
    );
    // the card shows the item with its page
    let (code, card, _) = run(&[
        "show",
        "Luleå kommun",
        "--store",
        p(&kg),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&card).unwrap();
    assert!(v["open_data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["kind"] == "Wikidata" && l["url"] == "http://www.wikidata.org/wiki/Q177019"));
}

#[test]
fn the_corrected_scb_names_are_canonical_and_the_old_forms_still_resolve() {
    let (code, out, _) = common::run_stdin(
        &["extract", "-", "--id", "k"],
        "Socialchefen Siv Ek i Kalmars kommun och en kollega i Falu kommun.".as_bytes(),
    );
    assert_eq!(code, 0);
    assert!(out.contains("\"key\":\"municipality/kalmar\""), "{out}");
    assert!(out.contains("\"key\":\"municipality/falun\""), "{out}");
    let d = tempfile::tempdir().unwrap();
    let kg = d.path().join("kg");
    let (code, _, err) = common::run_stdin(
        &["build", "-", "--id", "k", "--store", p(&kg)],
        "Socialchefen Siv Ek i Kalmars kommun berättar.".as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    let (_, card, _) = run(&[
        "show",
        "kalmars kommun",
        "--store",
        p(&kg),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&card).unwrap();
    assert_eq!(v["label"], "Kalmar kommun");
}

#[test]
fn a_renamed_organisation_is_one_entity_under_its_current_name() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("arkiv");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(
        c.join("2018.txt"),
        "Nya siffror om socialsekreterare\n\nIrma Lindgren, utredare på Sveriges Kommuner och \
         Landsting (SKL), presenterade rapporten i Kalmar.\n",
    )
    .unwrap();
    std::fs::write(
        c.join("2024.txt"),
        "Ny rapport om socialtjänsten\n\nBo Viklund, handläggare på Sveriges Kommuner och \
         Regioner, presenterade rapporten i Umeå.\n",
    )
    .unwrap();
    // the facts of each document keep the name it uses
    let (_, facts, _) = run(&["extract", p(&c.join("2018.txt"))]);
    assert!(
        facts.contains("\"object\":\"Sveriges Kommuner och Landsting\""),
        "{facts}"
    );
    assert!(
        facts.contains("\"key\":\"organization/sveriges-kommuner-och-regioner\""),
        "{facts}"
    );
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&c), "--store", p(&kg)]).0, 0);
    // both names find one entity; its card shows the current name and both people
    for name in [
        "SKL",
        "Sveriges Kommuner och Landsting",
        "sveriges kommuner och regioner",
    ] {
        let (code, card, err) = run(&["show", name, "--store", p(&kg), "--format", "json"]);
        assert_eq!(code, 0, "{name}: {err}");
        let v: serde_json::Value = serde_json::from_str(&card).unwrap();
        assert_eq!(v["label"], "Sveriges Kommuner och Regioner", "{name}");
        let names: Vec<&str> = v["names"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n.as_str())
            .collect();
        assert!(
            names.contains(&"Sveriges Kommuner och Landsting"),
            "{names:?}"
        );
        let staff: Vec<&str> = v["facts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["predicate"] == "worksAt" && g["outgoing"] == false)
            .flat_map(|g| g["facts"].as_array().unwrap())
            .filter_map(|f| f["other"]["label"].as_str())
            .collect();
        assert!(
            staff.contains(&"Irma Lindgren") && staff.contains(&"Bo Viklund"),
            "{staff:?}"
        );
    }
    // the change is recorded, and saved queries show the current name
    let (_, rec, _) = run(&[
        "query", "--store", p(&kg), "--format", "csv", "-e",
        "SELECT ?old ?year WHERE { id:organization\\/sveriges-kommuner-och-regioner sg:formerName ?old ; sg:renamedIn ?year }",
    ]);
    assert!(
        rec.contains("Sveriges Kommuner och Landsting,2020"),
        "{rec}"
    );
    let q = format!(
        "{}/queries/07-organisations-by-people.rq",
        env!("CARGO_MANIFEST_DIR")
    );
    let (_, rows, _) = run(&["query", "--store", p(&kg), &q, "--format", "csv"]);
    assert!(rows.contains("Sveriges Kommuner och Regioner,2,"), "{rows}");
    assert!(!rows.contains("Landsting"), "{rows}");
}
