//! A plain-text file over `text::LARGE_FILE` is read, hashed and extracted
//! in sections: evidence offsets still point into the whole file, and the
//! build streams it (peak memory is checked by `.ci/large-file` at 100 MB).
mod common;
use common::{p, run};

/// About `bytes` of invented articles (CRLF line ends, non-ASCII names).
fn archive(bytes: usize) -> String {
    const FIRST: [&str; 8] = [
        "Åsa", "Björn", "Cecilia", "Dragan", "Elin", "Fredrik", "Gunilla", "Hampus",
    ];
    const LAST: [&str; 6] = [
        "Ekström",
        "Lindqvist",
        "Öberg",
        "Nyström",
        "Karlsson",
        "Wästberg",
    ];
    const TOWN: [&str; 4] = ["Gävle", "Örebro", "Luleå", "Västerås"];
    let mut s = String::with_capacity(bytes + 1000);
    let mut i = 0;
    while s.len() < bytes {
        let name = format!("{} {}", FIRST[i % 8], LAST[(i / 8) % 6]);
        let town = TOWN[i % 4];
        s.push_str(&format!(
            "Nytt om socialtjänsten, del {i}\r\n\r\n{name}, enhetschef i {town} kommun, \
             berättar om arbetet med placerade barn.\r\n\r\nAkademikerförbundet SSR \
             arrangerar en konferens i Malmö. {name} talar där.\r\n\r\n"
        ));
        i += 1;
    }
    // one person only the last section names
    s.push_str("Sist i arkivet\r\n\r\nYlva Quist, socialchef i Kiruna kommun, går i pension.\r\n");
    s
}

#[test]
fn a_large_file_is_extracted_in_sections_with_offsets_into_the_whole_file() {
    let d = tempfile::tempdir().unwrap();
    let text = archive((socgraf::text::LARGE_FILE + (1 << 20)) as usize);
    let f = d.path().join("arkiv.txt");
    std::fs::write(&f, &text).unwrap();
    assert!(socgraf::formats::is_large(&f));

    let (code, out, err) = run(&["extract", p(&f)]);
    assert_eq!(code, 0, "{err}");
    // offsets are characters of the text with line ends normalised
    let chars: Vec<char> = text.replace("\r\n", "\n").chars().collect();
    let mut late = None;
    let mut relations = 0;
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["doc"], "arkiv");
        if v["kind"] == "document" {
            assert_eq!(v["reader"], "text");
            continue;
        }
        let ev = &v["evidence"];
        let (s, e) = (
            ev["start"].as_u64().unwrap() as usize,
            ev["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, ev["text"].as_str().unwrap());
        if v["name"] == "Ylva Quist" {
            late = Some(s);
        }
        if v["predicate"] == "worksAt" {
            relations += 1;
        }
    }
    // each of the 48 invented people (and the last one) works somewhere,
    // once per document however many sections repeat it
    assert_eq!(relations, 49);
    // a fact of the last section has its offset in the whole file
    let late = late.expect("the last section's person is found");
    assert!(late > socgraf::text::LARGE_FILE as usize, "{late}");

    // the build streams the same document into one graph
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&f), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 added"), "{err}");
    let (code, out, err) = run(&[
        "query",
        "--store",
        p(&kg),
        "--format",
        "csv",
        "-e",
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH <https://w3id.org/socgraf/doc/arkiv> { ?p a sg:Person } }",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n49"), "{out}");
}

/// Sorted quads of a store without ingest times (they differ per build).
fn content(store: &std::path::Path) -> Vec<String> {
    common::dump(store)
        .into_iter()
        .filter(|l| !l.contains("prov#generatedAtTime"))
        .collect()
}

#[test]
fn a_removal_cut_short_is_finished_by_the_next_build() {
    let (d, corpus) = common::corpus();
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&corpus), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    let before = content(&kg);
    let graph = socgraf::model::doc_iri("arbetstid-lulea");
    {
        // the state a crash in the middle of a large graph's removal leaves:
        // the first step done, half of the remaining quads gone
        let store = socgraf::store::open_existing(&kg).unwrap();
        let g = oxigraph::model::NamedNodeRef::new(&graph).unwrap();
        socgraf::store::mark_for_removal(&store, &graph).unwrap();
        let rest: Vec<_> = store
            .quads_for_pattern(None, None, None, Some(g.into()))
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(rest.len() > 10, "{}", rest.len());
        for q in &rest[..rest.len() / 2] {
            store.remove(q).unwrap();
        }
        // no build takes it for a document any longer
        let stamps = socgraf::store::document_hashes(&store).unwrap();
        assert!(!stamps.contains_key(&graph), "{stamps:?}");
        assert_eq!(stamps.len(), 8);
    }
    let marked = content(&kg);
    assert!(
        marked.iter().any(|l| l.contains("removalPending")
            && l.contains(&graph)
            && l.ends_with(&format!("<{}> .", socgraf::model::PENDING_GRAPH))),
        "the graph is marked in the pending graph"
    );
    // the next build removes the rest first, then loads the document anew
    let (code, _, err) = run(&["build", p(&corpus), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("finished removing 1 large document graph"),
        "{err}"
    );
    assert!(err.contains("1 added, 0 updated, 8 unchanged"), "{err}");
    assert_eq!(content(&kg), before);
}
