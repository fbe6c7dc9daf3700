//! The reference graph: the ontology, the SCB gazetteer and the curated
//! Wikidata links, loaded once per version of them.
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
    let hash =
        crate::hash::sha256_hex(format!("{ONTOLOGY_TTL}{GAZETTEER_TTL}{curated:?}").as_bytes());
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
    let mut t = store.start_transaction()?;
    t.remove_named_graph(g.as_ref())?;
    t.extend(quads.iter());
    t.commit()?;
    Ok(())
}
