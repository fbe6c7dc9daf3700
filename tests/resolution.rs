//! Resolution across a corpus: one node per real thing in a store built from
//! several documents, and different people kept apart.
use oxigraph::store::Store;
use std::path::Path;

fn build(docs: &[(&str, &str)]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, text) in docs {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let kg = dir.path().join("kg");
    socgraf::store::build(&[corpus], &kg, &Default::default()).unwrap();
    let store = socgraf::store::open_existing(Path::new(&kg)).unwrap();
    (dir, store)
}

fn nodes_labelled(store: &Store, label: &str) -> Vec<String> {
    let q = format!(
        "SELECT DISTINCT ?e WHERE {{ ?e rdfs:label|skos:altLabel \"{label}\"@sv ; sg:mentionedIn ?d }} ORDER BY ?e"
    );
    socgraf::query::select(store, &q)
        .unwrap()
        .1
        .into_iter()
        .map(|r| r[0].clone())
        .collect()
}

const DOCS: &[(&str, &str)] = &[
    (
        "a.txt",
        "Ny struktur i Västerås\n\nAnn-Sofi Eriksson, socialsekreterare på Västerås stad, berättar om arbetet. \
         I Stockholms stads budget finns pengar. Nils Ek, ombudsman på SSR, säger att det är bra. \
         Anna Berg, enhetschef på Vision, håller med.\n",
    ),
    (
        "b.txt",
        "Uppföljning\n\nAnn-Sofia Eriksson, socialsekreterare på Västerås Stad, säger att läget är bättre. \
         Stockholms stad satsar vidare. Akademikerförbundet SSR välkomnar beskedet. \
         Anna Lind, projektledare på Kommunal, är positiv.\n",
    ),
    (
        "c.txt",
        "Forskning\n\nAnn-Sofia Eriksson, lektor vid Lunds universitet, har studerat socialtjänsten.\n",
    ),
];

#[test]
fn variants_of_one_thing_are_one_node() {
    let (_d, store) = build(DOCS);
    // genitive and case: Stockholms stads / Stockholms stad, Västerås stad / Västerås Stad
    assert_eq!(nodes_labelled(&store, "Stockholms stad").len(), 1);
    let vasteras = nodes_labelled(&store, "Västerås stad");
    assert_eq!(vasteras, nodes_labelled(&store, "Västerås Stad"));
    assert_eq!(vasteras, vec!["id:municipality/vaesteraas".to_string()]);
    // short form: SSR / Akademikerförbundet SSR
    assert_eq!(
        nodes_labelled(&store, "SSR"),
        nodes_labelled(&store, "Akademikerförbundet SSR")
    );
    // one edit, same employer: Ann-Sofi / Ann-Sofia Eriksson, the variant as skos:altLabel
    let ann = nodes_labelled(&store, "Ann-Sofi Eriksson");
    assert_eq!(ann, vec!["id:person/ann-sofi-eriksson".to_string()]);
    let alt = socgraf::query::select(
        &store,
        "ASK { <https://w3id.org/socgraf/id/person/ann-sofi-eriksson> skos:altLabel \"Ann-Sofia Eriksson\"@sv }",
    )
    .unwrap();
    assert_eq!(alt.1[0][0], "true");
}

#[test]
fn different_people_stay_apart() {
    let (_d, store) = build(DOCS);
    // the same misspelt name at an unrelated employer is not merged
    let lecturer = nodes_labelled(&store, "Ann-Sofia Eriksson");
    assert!(
        lecturer.contains(&"id:person/ann-sofia-eriksson".to_string()),
        "{lecturer:?}"
    );
    // same first name, different people
    let berg = nodes_labelled(&store, "Anna Berg");
    let lind = nodes_labelled(&store, "Anna Lind");
    assert_eq!(berg.len(), 1);
    assert_eq!(lind.len(), 1);
    assert_ne!(berg, lind);
}

#[test]
fn a_document_added_later_links_to_people_already_in_the_store() {
    // a store of two documents, then the third built on its own: the build
    // asks the store for the people of the organisations it names
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    std::fs::create_dir_all(&first).unwrap();
    for (name, text) in [DOCS[0], DOCS[2]] {
        std::fs::write(first.join(name), text).unwrap();
    }
    let later = dir.path().join(DOCS[1].0);
    std::fs::write(&later, DOCS[1].1).unwrap();
    let kg = dir.path().join("kg");
    socgraf::store::build(&[first], &kg, &Default::default()).unwrap();
    let r = socgraf::store::build(&[later], &kg, &Default::default()).unwrap();
    assert_eq!(r.added, 1);
    let store = socgraf::store::open_existing(&kg).unwrap();
    assert_eq!(
        nodes_labelled(&store, "Ann-Sofi Eriksson"),
        vec!["id:person/ann-sofi-eriksson".to_string()]
    );
    let variant = nodes_labelled(&store, "Ann-Sofia Eriksson");
    assert!(
        variant.contains(&"id:person/ann-sofi-eriksson".to_string()),
        "{variant:?}"
    );
    // the lecturer at Lunds universitet stays a person of her own
    assert!(
        variant.contains(&"id:person/ann-sofia-eriksson".to_string()),
        "{variant:?}"
    );
}

/// Linking a chunk at once ([`PersonIndex::link_all`], lookups in parallel)
/// gives what linking its documents one after the other gives, also when a
/// document's variant is of a person an earlier document of the same chunk
/// introduced, and when the same variant appears twice.
#[test]
fn a_chunk_links_as_its_documents_one_after_the_other() {
    use socgraf::extract::{extract, resolve::PersonIndex};
    use socgraf::text::Document;
    let texts = [
        "Karl-Erik Lundmark, enhetschef på Vision, talade om lönerna.",
        "Lena Öhrn, socialsekreterare i Umeå kommun, ledde samtalet.",
        // a variant of the first, in the same chunk
        "Karl-Erik Lundmarck, enhetschef på Vision, svarade på frågor.",
        // a variant of the second, and the first again
        "Lena Öhrm, socialsekreterare i Umeå kommun, och Karl-Erik Lundmark, enhetschef på Vision, höll i dagen.",
        // the same variant again, and someone at another organisation
        "Karl-Erik Lundmarck, enhetschef på Vision, och Lena Öhrm, kurator på Region Västerbotten, deltog.",
        // a person nobody else names
        "Mirja Paavola, biståndshandläggare i Kiruna kommun, berättade.",
    ];
    let docs: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| extract(&Document::from_text(&format!("d{i}"), t)))
        .collect();
    // one after the other
    let mut one = PersonIndex::default();
    let mut sequential = docs.clone();
    for d in &mut sequential {
        one.link(d);
    }
    // the same documents as chunks of every size
    for size in 1..=docs.len() {
        let mut idx = PersonIndex::default();
        let mut chunked = docs.clone();
        for chunk in chunked.chunks_mut(size) {
            let mut refs: Vec<&mut _> = chunk.iter_mut().collect();
            idx.link_all(&mut refs);
        }
        for (a, b) in sequential.iter().zip(&chunked) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "chunks of {size}");
        }
        assert_eq!(idx.len(), one.len(), "chunks of {size}");
    }
    // and the variants were linked at all: the test would prove nothing else
    let keys: Vec<&str> = sequential[2]
        .entities
        .iter()
        .map(|e| e.key.as_str())
        .collect();
    assert!(keys.contains(&"person/karl-erik-lundmark"), "{keys:?}");
}
