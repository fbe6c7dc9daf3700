//! Cross-document people: a name a new document spells slightly differently
//! is linked to the person the store already holds at the same organisation.
use crate::error::StoreError;
use crate::extract::resolve::PersonIndex;
use crate::facts::{DocFacts, EntityType, Predicate};
use crate::model;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use std::collections::{BTreeSet, HashSet};

/// The people of a store with the organisations they are tied to.
pub fn person_index(store: &Store) -> Result<PersonIndex, StoreError> {
    let mut idx = PersonIndex::default();
    let person = model::sg("Person");
    let mut people = Vec::new();
    for q in store.quads_for_pattern(None, Some(rdf::TYPE), Some(person.as_ref().into()), None) {
        if let NamedOrBlankNode::NamedNode(p) = q?.subject {
            people.push(p);
        }
    }
    people.sort();
    people.dedup();
    for p in people {
        add_person(store, &mut idx, &p)?;
    }
    Ok(idx)
}

/// The predicates that tie a person to an organisation.
fn ties() -> impl Iterator<Item = NamedNode> {
    Predicate::ALL
        .into_iter()
        .filter(|p| p.ties_person())
        .map(|p| model::sg(p.as_str()))
}

/// Adds to `idx` the people tied to one organisation. Direct index lookups,
/// not SPARQL: the union of the document graphs repeats a triple once per
/// document, and a join over such repeats grows with their product.
fn load_people_of(store: &Store, idx: &mut PersonIndex, org_key: &str) -> Result<(), StoreError> {
    let org = NamedNode::new_unchecked(model::entity_iri(org_key));
    let mut people = Vec::new();
    for tie in ties() {
        for q in store.quads_for_pattern(None, Some(tie.as_ref()), Some(org.as_ref().into()), None)
        {
            if let NamedOrBlankNode::NamedNode(p) = q?.subject {
                people.push(p);
            }
        }
    }
    people.sort();
    people.dedup();
    let person = model::sg("Person");
    for p in people {
        let is_person = store
            .quads_for_pattern(
                Some(p.as_ref().into()),
                Some(rdf::TYPE),
                Some(person.as_ref().into()),
                None,
            )
            .next()
            .transpose()?
            .is_some();
        if !is_person {
            continue;
        }
        // the canonical label is the same in every document; the shared
        // organisation is all linking needs of the person's ties
        if let Some(name) = canonical_label(store, &p)? {
            idx.insert(
                p.as_str().trim_start_matches(model::ID),
                &name,
                [org_key.to_string()],
            );
        }
    }
    Ok(())
}

/// The canonical label of a person the store already holds under this key
/// tied to one of these organisations: the same person at the same place,
/// which linking leaves alone. (The same name elsewhere may be someone else,
/// or a misspelling of a colleague there.)
fn stored_person_label(
    store: &Store,
    key: &str,
    orgs: &BTreeSet<String>,
) -> Result<Option<String>, StoreError> {
    let p = NamedNode::new_unchecked(model::entity_iri(key));
    for org in orgs {
        let o = NamedNode::new_unchecked(model::entity_iri(org));
        for tie in ties() {
            let tied = store
                .quads_for_pattern(
                    Some(p.as_ref().into()),
                    Some(tie.as_ref()),
                    Some(o.as_ref().into()),
                    None,
                )
                .next()
                .transpose()?
                .is_some();
            if tied {
                return canonical_label(store, &p);
            }
        }
    }
    Ok(None)
}

/// An entity's canonical label: the same in every document that names it,
/// so the first one found will do.
fn canonical_label(store: &Store, e: &NamedNode) -> Result<Option<String>, StoreError> {
    for q in store.quads_for_pattern(Some(e.as_ref().into()), Some(rdfs::LABEL), None, None) {
        if let Term::Literal(l) = q?.object {
            return Ok(Some(l.value().to_string()));
        }
    }
    Ok(None)
}

/// Adds one person with its label and every organisation it is tied to.
fn add_person(store: &Store, idx: &mut PersonIndex, p: &NamedNode) -> Result<(), StoreError> {
    let name = canonical_label(store, p)?;
    let Some(name) = name else { return Ok(()) };
    let mut orgs = Vec::new();
    for tie in ties() {
        for q in store.quads_for_pattern(Some(p.as_ref().into()), Some(tie.as_ref()), None, None) {
            if let Term::NamedNode(o) = q?.object {
                orgs.push(o.as_str().trim_start_matches(model::ID).to_string());
            }
        }
    }
    orgs.sort();
    orgs.dedup();
    idx.insert(p.as_str().trim_start_matches(model::ID), &name, orgs);
    Ok(())
}

/// The people a build links new names to: the whole store's, or those of
/// the organisations the new documents name, fetched when first needed.
pub(super) enum People {
    Full(PersonIndex),
    Lazy(PersonIndex, HashSet<String>),
}

impl People {
    /// Links the documents of a chunk in order. Against the whole store's
    /// people the lookups run in parallel ([`PersonIndex::link_all`]); the
    /// lazy index asks the store, one document after the other.
    pub(super) fn link_all(
        &mut self,
        store: &Store,
        docs: &mut [&mut DocFacts],
    ) -> Result<(), StoreError> {
        if let People::Full(idx) = self {
            idx.link_all(docs);
            return Ok(());
        }
        for facts in docs.iter_mut() {
            self.link(store, facts)?;
        }
        Ok(())
    }

    pub(super) fn link(&mut self, store: &Store, facts: &mut DocFacts) -> Result<(), StoreError> {
        match self {
            People::Full(idx) => idx.link(facts),
            People::Lazy(idx, loaded) => {
                // a person the store already holds at one of the same
                // organisations is not relinked: recorded with its stored
                // name, it needs no lookup of those organisations' people.
                // Only a person new there does, to find a misspelt variant.
                let mut needed: BTreeSet<String> = BTreeSet::new();
                for e in facts
                    .entities
                    .iter()
                    .filter(|e| e.etype == EntityType::Person)
                {
                    let orgs = PersonIndex::organisations_of_person(facts, &e.key);
                    if orgs.is_empty() || idx.contains(&e.key) {
                        continue;
                    }
                    match stored_person_label(store, &e.key, &orgs)? {
                        Some(name) => idx.insert(&e.key, &name, orgs),
                        None => needed.extend(orgs),
                    }
                }
                for org in needed {
                    if loaded.insert(org.clone()) {
                        load_people_of(store, idx, &org)?;
                    }
                }
                idx.link(facts);
            }
        }
        Ok(())
    }
}
