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
    assert!(socgraf::text::is_large(&f));

    let (code, out, err) = run(&["extract", p(&f)]);
    assert_eq!(code, 0, "{err}");
    // offsets are characters of the text with line ends normalised
    let chars: Vec<char> = text.replace("\r\n", "\n").chars().collect();
    let mut late = None;
    let mut relations = 0;
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["doc"], "arkiv");
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
