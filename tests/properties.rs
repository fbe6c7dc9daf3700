//! Properties of extraction on arbitrary text: it never panics, evidence
//! offsets lie inside the document and slice to the evidence sentence, the
//! output is deterministic, and every IRI the model emits parses.
use proptest::prelude::*;
use socgraf::extract::extract;
use socgraf::text::Document;

/// Text that looks like the genre: Swedish words, names, titles,
/// punctuation, numbers and line breaks in random order.
fn genre_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Anna",
        "Berg",
        "Karl",
        "Ek",
        "socialchef",
        "enhetschef",
        "på",
        "i",
        "vid",
        "för",
        "och",
        ",",
        ".",
        "säger",
        "Vision",
        "Kommunal",
        "Malmö",
        "stad",
        "kommun",
        "Västerås",
        "socialförvaltningen",
        "Socialtjänsten",
        "Foto:",
        "Text:",
        "–",
        "\n",
        "\n\n",
        "93",
        "procent",
        "av",
        "socionomerna",
        "anser",
        "Deltar",
        "gör",
        "Umeå",
        "3/10",
        "Region",
        "Jönköpings",
        "län",
        "Socionomdagarna",
        "2024",
        "den",
        "21–22",
        "november",
        "Stockholmsmässan",
        "Älvsjö",
        "handlingsplan",
        "projektet",
        "Yrkesresan",
        "721 87",
        "Tel:",
        "021-39 00 00",
        "www.vasteras.se",
        "SSR:s",
        "Hon",
        "har",
        "tidigare",
        "arbetat",
        "ö",
        "Å",
        "é",
        "“",
        "”",
        "(",
        ")",
        "alla",
        "socialsekreterare",
        "Ann-",
        "Sofi",
        "6+2",
    ]);
    prop::collection::vec(words, 0..80).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn evidence_slices_the_document(text in genre_text()) {
        let f = extract(&Document::from_text("p", &text));
        let chars: Vec<char> = text.chars().collect();
        for ev in f.entities.iter().map(|e| &e.evidence).chain(f.relations.iter().map(|r| &r.evidence)) {
            prop_assert!(ev.start <= ev.end && ev.end <= chars.len());
            let slice: String = chars[ev.start..ev.end].iter().collect();
            prop_assert_eq!(&slice, &ev.text);
        }
    }

    #[test]
    fn extraction_is_deterministic(text in genre_text()) {
        let a = socgraf::jsonl::render(&extract(&Document::from_text("p", &text)));
        let b = socgraf::jsonl::render(&extract(&Document::from_text("p", &text)));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn any_unicode_text_is_handled(text in "\\PC{0,400}") {
        let f = extract(&Document::from_text("p", &text));
        let meta = socgraf::model::DocMeta {
            id: "p".into(), source: "p.txt".into(), sha256: "0".repeat(64),
            title: socgraf::text::title_of(&text), ingested: "2026-01-01T00:00:00Z".into(),
            encoding: "UTF-8".into(),
        };
        for q in socgraf::model::document_quads(&f, &meta) {
            let nt = q.to_string();
            let parsed = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
                .for_slice(format!("{nt} .\n").as_bytes())
                .collect::<Result<Vec<_>, _>>();
            prop_assert!(parsed.is_ok(), "not a valid quad: {}", nt);
        }
    }

    /// The one-pass name normaliser equals its definition: dashes unified,
    /// whitespace collapsed, spaces beside a dash dropped, lower case.
    #[test]
    fn normalise_name_matches_its_definition(name in "[aÅΣ \t\u{2013}\u{2212}-]{0,24}") {
        let unified: String = name
            .chars()
            .map(|c| if "\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}".contains(c) { '-' } else { c })
            .collect();
        let spaced = unified.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected = spaced.replace(" - ", "-").replace("- ", "-").replace(" -", "-").to_lowercase();
        prop_assert_eq!(socgraf::facts::normalise_name(&name), expected);
    }
}
