//! The persistent Oxigraph store, one named graph per document, in parts:
//! `open` (opening and locking), `integrity` (the table files' record and
//! `check`), `build` (documents in through the ingest
//! pipeline), `plan` (threads and memory budget into batch, chunk and commit
//! sizes), `load` (the bulk-load writer), `remove` (the removal
//! protocol), `people` (cross-document people), `reference` (the ontology
//! and gazetteer graph).
//!
//! Architecture invariant: after any interruption a document's graph is
//! complete or absent (`load` commits whole documents, `remove` marks a
//! large graph before it removes it in slices).
mod build;
pub mod integrity;
mod load;
mod open;
mod people;
mod plan;
mod reference;
mod remove;

pub use build::{build, build_into, document_hashes, BuildOptions, BuildReport};
pub use open::{
    dir_state, open_existing, open_for_reading, open_or_create, open_or_create_with, DirState,
    ReadStore,
};
pub use people::person_index;
pub use plan::{Plan, DEFAULT_MEMORY_MB};
pub use reference::ensure_reference;
pub use remove::{finish_pending_removals, mark_for_removal, remove_document_graph, REMOVE_SLICE};
