//! The ontology is the single source of truth: it parses, declares every
//! class and property the model emits, and the SHACL shapes parse.
use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::HashSet;

fn subjects(file: &str) -> HashSet<String> {
    let text =
        std::fs::read_to_string(format!("{}/ontology/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|q| q.unwrap_or_else(|e| panic!("{file}: {e}")))
        .map(|q| q.subject.to_string().trim_matches(['<', '>']).to_string())
        .collect()
}

#[test]
fn every_emitted_term_is_declared() {
    let declared = subjects("socgraf.ttl");
    for t in socgraf::model::emitted_terms() {
        assert!(
            declared.contains(&t),
            "{t} is emitted but not declared in ontology/socgraf.ttl"
        );
    }
}

#[test]
fn labels_in_swedish_and_english() {
    let text = std::fs::read_to_string(format!(
        "{}/ontology/socgraf.ttl",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let quads: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(Result::unwrap)
        .collect();
    for t in socgraf::model::emitted_terms() {
        for lang in ["sv", "en"] {
            assert!(
                quads
                    .iter()
                    .any(|q| q.subject.to_string() == format!("<{t}>")
                        && q.predicate.as_str().ends_with("#label")
                        && q.object.to_string().ends_with(&format!("@{lang}"))),
                "{t} lacks an rdfs:label@{lang}"
            );
        }
    }
}

#[test]
fn shapes_and_gazetteer_parse() {
    assert!(subjects("shapes.ttl").len() >= 6);
    let g = subjects("gazetteer.ttl");
    assert_eq!(
        g.iter().filter(|s| s.contains("/municipality/")).count(),
        290
    );
    assert_eq!(g.iter().filter(|s| s.contains("/county/")).count(), 21);
}
