//! The removal protocol: a document graph goes in one transaction, or, when
//! large, is marked `sg:removalPending` first and removed in slices.
use crate::error::StoreError;
use crate::model::{self, PENDING_GRAPH};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Quad};
use oxigraph::store::Store;
use rayon::prelude::*;

/// Quads per transaction when a large document graph is removed: one
/// RocksDB transaction holds all its deletions in memory (six index keys a
/// quad), so a graph of millions of quads goes in slices.
pub const REMOVE_SLICE: usize = 100_000;

/// Slices of a removal between two flushes of RocksDB's memtables.
#[cfg(feature = "store")]
const FLUSH_SLICES: usize = 4;

fn pending_mark(graph: NamedNodeRef<'_>) -> Quad {
    Quad::new(
        graph,
        model::sg("removalPending"),
        oxigraph::model::Literal::from(true),
        NamedNode::new_unchecked(PENDING_GRAPH),
    )
}

/// Removes one document graph and its name. A graph of at most
/// [`REMOVE_SLICE`] quads goes in one atomic transaction. A larger one (a
/// large file that changed or was pruned) goes in bounded memory: first, in
/// one transaction, the document node (its version stamp) goes and the graph
/// is marked `sg:removalPending` in [`PENDING_GRAPH`]; then its quads go in
/// slices, and the name and the mark last. A crash in between leaves a
/// marked graph without a stamp, which the next build removes first
/// ([`finish_pending_removals`]): it is never taken for a complete document.
pub fn remove_document_graph(store: &Store, graph: &str) -> Result<(), StoreError> {
    let g = NamedNodeRef::new_unchecked(graph);
    let small = store
        .quads_for_pattern(None, None, None, Some(g.into()))
        .nth(REMOVE_SLICE)
        .is_none();
    if small {
        store.remove_named_graph(g)?;
        return Ok(());
    }
    mark_for_removal(store, graph)?;
    remove_marked(store, g)
}

/// The first, atomic step of removing a large document graph: its document
/// node (version stamp, title, dates) goes and the graph is marked
/// `sg:removalPending`. From here on no build takes it for a document.
pub fn mark_for_removal(store: &Store, graph: &str) -> Result<(), StoreError> {
    let g = NamedNodeRef::new_unchecked(graph);
    let mut t = store.start_transaction()?;
    for q in store.quads_for_pattern(Some(g.into()), None, None, Some(g.into())) {
        t.remove(&q?);
    }
    t.insert(&pending_mark(g));
    t.commit()?;
    Ok(())
}

/// Removes what is left of a marked graph, slice by slice, then its name
/// and its mark in one transaction.
fn remove_marked(store: &Store, g: NamedNodeRef<'_>) -> Result<(), StoreError> {
    // one iterator, one snapshot: a new scan per slice would step over the
    // tombstones of every slice before it
    let mut quads = store.quads_for_pattern(None, None, None, Some(g.into()));
    let mut slice: Vec<Quad> = Vec::with_capacity(REMOVE_SLICE.min(1 << 16));
    #[cfg(feature = "store")]
    let mut slices = 0usize;
    loop {
        slice.clear();
        for q in quads.by_ref().take(REMOVE_SLICE) {
            slice.push(q?);
        }
        if slice.is_empty() {
            break;
        }
        // no transaction: the mark already makes the removal resumable, and
        // plain writes from two threads cost less than one indexed batch
        slice.par_iter().try_for_each(|q| store.remove(q))?;
        // deletions are written to RocksDB's memtables, which Oxigraph lets
        // grow to hundreds of MB per index: flushed to disk every few
        // slices, they stay small
        #[cfg(feature = "store")]
        {
            slices += 1;
            if slices.is_multiple_of(FLUSH_SLICES) {
                store.flush()?;
            }
        }
    }
    drop(quads);
    let mut t = store.start_transaction()?;
    t.remove_named_graph(g)?;
    t.remove(&pending_mark(g));
    t.commit()?;
    Ok(())
}

/// Finishes every removal an interrupted build left marked in
/// [`PENDING_GRAPH`]; returns how many there were.
pub fn finish_pending_removals(store: &Store) -> Result<usize, StoreError> {
    let pending = NamedNode::new_unchecked(PENDING_GRAPH);
    let mark = model::sg("removalPending");
    // by graph alone: the graph-first index, which every build reads anyway
    // (version stamps), so no other index's files are opened for this
    let marked: Vec<NamedNode> = store
        .quads_for_pattern(None, None, None, Some(pending.as_ref().into()))
        .filter_map(|q| match q {
            Ok(Quad {
                subject: NamedOrBlankNode::NamedNode(n),
                predicate,
                ..
            }) if predicate == mark => Some(Ok(n)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_, _>>()?;
    for g in &marked {
        remove_marked(store, g.as_ref())?;
    }
    Ok(marked.len())
}
