//! The RDF model: the ontology's terms, IRIs minted from canonical keys, and
//! the mapping of a document's facts to quads in the document's named graph.
//!
//! Architecture invariant: this is the only module that mints IRIs.
use crate::resolve::slug;

/// Namespace of the socgraf ontology.
pub const SG: &str = "https://w3id.org/socgraf/ontology#";
/// Namespace of entity IRIs.
pub const ID: &str = "https://w3id.org/socgraf/id/";
/// Namespace of document graphs.
pub const DOC: &str = "https://w3id.org/socgraf/doc/";

/// The IRI of a municipality from its short name ("Västerås").
pub fn municipality_iri(short: &str) -> String {
    format!("{ID}municipality/{}", slug(short))
}

/// The IRI of a county from its SCB code ("19").
pub fn county_iri(code: &str) -> String {
    format!("{ID}county/{code}")
}

/// The IRI of an entity from its canonical key ("person/sara-roxell").
pub fn entity_iri(key: &str) -> String {
    format!("{ID}{key}")
}
