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

/// The ontology and the shapes, loaded into an in-memory store.
fn ontology_store() -> oxigraph::store::Store {
    let store = oxigraph::store::Store::new().unwrap();
    for f in ["socgraf.ttl", "shapes.ttl"] {
        let text = std::fs::read_to_string(format!("{}/ontology/{f}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
        store
            .load_from_slice(RdfFormat::Turtle, text.as_bytes())
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    store
}

/// The local names of the sg: terms a SELECT of one variable returns.
fn sg_terms(store: &oxigraph::store::Store, query: &str) -> Vec<String> {
    let q = format!(
        "PREFIX sg: <https://w3id.org/socgraf/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> \
         PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX sh: <http://www.w3.org/ns/shacl#> \
         PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> {query}"
    );
    let oxigraph::sparql::QueryResults::Solutions(rows) = oxigraph::sparql::SparqlEvaluator::new()
        .parse_query(&q)
        .unwrap()
        .on_store(store)
        .execute()
        .unwrap()
    else {
        panic!("not a SELECT");
    };
    let mut out: Vec<String> = rows
        .map(|r| {
            let r = r.unwrap();
            let t = r.values()[0].as_ref().unwrap().to_string();
            t.trim_matches(['<', '>'])
                .trim_start_matches("https://w3id.org/socgraf/ontology#")
                .to_string()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_predicate_table_and_the_ontology_agree_both_ways() {
    use socgraf::facts::PREDICATES;
    let store = ontology_store();
    let names = |cs: &[socgraf::facts::Class]| {
        let mut v: Vec<String> = cs.iter().map(|c| c.name().to_string()).collect();
        v.sort();
        v
    };
    // the table in the ontology: each predicate an object property with the
    // table's rdfs:domain, and its rdfs:range when the table names one class
    for row in &PREDICATES {
        let p = row.name;
        assert_eq!(
            sg_terms(
                &store,
                &format!("SELECT ?p WHERE {{ sg:{p} a owl:ObjectProperty BIND(sg:{p} AS ?p) }}")
            ),
            vec![p.to_string()],
            "{p} is no owl:ObjectProperty"
        );
        assert_eq!(
            sg_terms(
                &store,
                &format!("SELECT ?d WHERE {{ sg:{p} rdfs:domain ?d }}")
            ),
            vec![row.domain.name().to_string()],
            "rdfs:domain of {p}"
        );
        let range = sg_terms(
            &store,
            &format!("SELECT ?r WHERE {{ sg:{p} rdfs:range ?r }}"),
        );
        if row.range.len() == 1 {
            assert_eq!(range, names(row.range), "rdfs:range of {p}");
        } else {
            assert!(
                range.is_empty(),
                "{p}: rdfs:range {range:?}, the table has {:?}",
                row.range
            );
        }
        // and in the shapes: the classes a property shape allows its object
        let shaped = sg_terms(
            &store,
            &format!(
                "SELECT ?c WHERE {{ ?s sh:property ?ps . ?ps sh:path sg:{p} . \
                 {{ ?ps sh:class ?c }} UNION {{ ?ps sh:or/rdf:rest*/rdf:first/sh:class ?c }} }}"
            ),
        );
        assert_eq!(shaped, names(row.range), "shapes.ttl on {p}");
    }
    // the ontology in the table: every object property that relates two
    // entities is a row; the others are the model's own structure
    let structural = ["hostedBy", "inCounty", "mentionedIn", "membership"];
    for p in sg_terms(
        &store,
        "SELECT ?p WHERE { ?p a owl:ObjectProperty FILTER(STRSTARTS(STR(?p), STR(sg:))) }",
    ) {
        assert!(
            PREDICATES.iter().any(|r| r.name == p) || structural.contains(&p.as_str()),
            "sg:{p} is in the ontology but not in socgraf::facts::PREDICATES"
        );
    }
    // every property a shape constrains that the table knows agrees (above);
    // one it does not know is a structural one
    for p in sg_terms(&store, "SELECT DISTINCT ?p WHERE { ?s sh:property ?ps . ?ps sh:path ?p . ?p a owl:ObjectProperty }") {
        assert!(
            PREDICATES.iter().any(|r| r.name == p) || structural.contains(&p.as_str()),
            "shapes.ttl constrains sg:{p}, which the predicate table lacks"
        );
    }
}
