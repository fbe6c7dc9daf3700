//! The reference graph: the ontology, the SCB gazetteer, the Wikidata links
//! and the renamings of organisations, loaded once per version of them.
use crate::error::StoreError;
use crate::model::{self, REFERENCE_GRAPH};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad};
use oxigraph::store::Store;

const ONTOLOGY_TTL: &str = include_str!("../../ontology/socgraf.ttl");
const GAZETTEER_TTL: &str = include_str!("../../ontology/gazetteer.ttl");

/// Loads the ontology and the gazetteer into the reference graph, unless the
/// same version is there already.
pub fn ensure_reference(store: &Store) -> Result<(), StoreError> {
    let curated = crate::link::curated_links();
    let renamed = renaming_quads();
    let hash = crate::hash::sha256_hex(
        format!("{ONTOLOGY_TTL}{GAZETTEER_TTL}{curated:?}{renamed:?}").as_bytes(),
    );
    let g = NamedNode::new_unchecked(REFERENCE_GRAPH);
    let marker = Quad::new(
        g.clone(),
        model::sg("sha256"),
        oxigraph::model::Literal::new_simple_literal(&hash),
        g.clone(),
    );
    if store.contains(&marker)? {
        return Ok(());
    }
    let mut quads = vec![marker];
    for src in [ONTOLOGY_TTL, GAZETTEER_TTL] {
        for q in RdfParser::from_format(RdfFormat::Turtle)
            .without_named_graphs()
            .with_default_graph(g.clone())
            .for_slice(src.as_bytes())
        {
            quads.push(q.map_err(|e| StoreError::Storage(format!("bundled ontology: {e}")))?);
        }
    }
    quads.extend(curated);
    quads.extend(renamed);
    let mut t = store.start_transaction()?;
    t.remove_named_graph(g.as_ref())?;
    t.extend(quads.iter());
    t.commit()?;
    Ok(())
}

/// The renamings of `src/extract/data/renamings.tsv`: the current name as
/// the preferred label, the old one as an alias and as `sg:formerName`, and
/// the year (`sg:renamedIn`).
pub fn renaming_quads() -> Vec<Quad> {
    use oxigraph::model::{vocab::xsd, GraphName, Literal};
    let g = GraphName::NamedNode(NamedNode::new_unchecked(REFERENCE_GRAPH));
    let sv = |s: &str| Literal::new_language_tagged_literal_unchecked(s, "sv");
    let skos = |l: &str| NamedNode::new_unchecked(format!("{}{l}", model::SKOS));
    let mut all: Vec<_> = crate::extract::lexicon::renamings().into_values().collect();
    all.sort_by(|a, b| a.old.cmp(&b.old));
    let mut quads = Vec::new();
    for r in all {
        let e = NamedNode::new_unchecked(model::entity_iri(&crate::facts::entity_key(
            r.etype, &r.new,
        )));
        quads.push(Quad::new(
            e.clone(),
            skos("prefLabel"),
            sv(&r.new),
            g.clone(),
        ));
        quads.push(Quad::new(
            e.clone(),
            skos("altLabel"),
            sv(&r.old),
            g.clone(),
        ));
        quads.push(Quad::new(
            e.clone(),
            model::sg("formerName"),
            sv(&r.old),
            g.clone(),
        ));
        quads.push(Quad::new(
            e,
            model::sg("renamedIn"),
            Literal::new_typed_literal(&r.year, xsd::G_YEAR),
            g.clone(),
        ));
    }
    quads
}
