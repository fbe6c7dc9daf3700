//! The bulk-load writer of a build: new documents through Oxigraph's bulk
//! loader, committed whole every few thousand; changed ones in a transaction each.
//! Its batch sizes and threads come from the build's [`Plan`].
use super::people::People;
use super::plan::Plan;
use super::remove::remove_document_graph;
use crate::error::{InputError, StoreError};
use crate::facts::DocFacts;
use crate::ingest::{Outcome, STREAM_FACTS};
use crate::model::{self, DocMeta};
use oxigraph::model::{NamedNodeRef, Quad};
use oxigraph::store::Store;
use rayon::prelude::*;
use std::path::Path;

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub pruned: usize,
    /// With `--dry-run`: the document graphs `--prune` would remove.
    pub would_prune: Vec<String>,
    /// Removals of large document graphs that an interrupted build left
    /// half done, finished before anything else.
    pub resumed_removals: usize,
    pub quads_written: usize,
    /// Inputs that could not be read, with the reason; the rest was built.
    pub failed: Vec<InputError>,
}

/// Writes prepared documents: new ones through the bulk loader, committed
/// every [`Plan::commit_every`] documents (in the background, while
/// the next ones load); changed ones in a transaction each.
pub(super) struct Writer<'scope, 'env> {
    pub(super) store: &'env Store,
    /// where a commit runs while the next documents are loaded
    pub(super) scope: &'scope std::thread::Scope<'scope, 'env>,
    pub(super) loader: Option<oxigraph::store::BulkLoader<'env>>,
    /// the previous commit, still ingesting
    pub(super) committing:
        Option<std::thread::ScopedJoinHandle<'scope, Result<(), oxigraph::store::StorageError>>>,
    /// quads of new documents not yet handed to the loader
    pub(super) fresh: Vec<Quad>,
    pub(super) pending: usize,
    /// loader threads, batch size and commit size
    pub(super) plan: &'env Plan,
    /// when the build began (`prov:generatedAtTime` of its documents)
    pub(super) ingested: String,
}

/// A build that wrote at least this many quads waits at its end for
/// RocksDB's flush; a smaller one (a few changed documents) does not.
pub(super) const FLUSH_AFTER: usize = 100_000;

impl<'scope, 'env> Writer<'scope, 'env> {
    pub(super) fn write(
        &mut self,
        outcomes: Vec<Outcome<bool>>,
        people: &mut People,
        report: &mut BuildReport,
        failed: &mut Vec<InputError>,
    ) -> Result<(), StoreError> {
        let mut linked = Vec::new();
        for o in outcomes {
            match o {
                Outcome::Skipped(_) => report.unchanged += 1,
                Outcome::Failed(e) => failed.push(e),
                Outcome::Extracted {
                    source,
                    facts,
                    title,
                    tag: new,
                } => {
                    let meta = DocMeta {
                        encoding: facts.decoding.label(),
                        ..DocMeta::of(&source, &title, &self.ingested)
                    };
                    linked.push((facts, meta, new));
                }
            }
        }
        // a misspelt name of a person the corpus already knows is that
        // person: each document learns from the ones before it, with the
        // lookups in parallel ([`People::link_all`]); turning the linked
        // facts into quads runs in parallel too
        let mut chunk: Vec<&mut DocFacts> = linked.iter_mut().map(|(f, _, _)| &mut **f).collect();
        people.link_all(self.store, &mut chunk)?;
        // a document with very many facts (a large file) streams its quads
        // instead of holding them all
        let (large, linked): (Vec<_>, Vec<_>) = linked
            .into_iter()
            .partition(|(facts, _, _)| facts.entities.len() + facts.relations.len() > STREAM_FACTS);
        for (facts, meta, new) in large {
            self.write_streaming(&facts, &meta, new, report)?;
        }
        let docs: Vec<(Vec<Quad>, DocMeta, bool)> = linked
            .into_par_iter()
            .map(|(facts, meta, new)| (model::document_quads(&facts, &meta), meta, new))
            .collect();
        for (quads, meta, new) in docs {
            report.quads_written += quads.len();
            if new {
                report.added += 1;
                self.pending += 1;
                self.fresh.extend(quads);
            } else {
                report.updated += 1;
                let graph = model::doc_iri(&meta.id);
                let g = NamedNodeRef::new_unchecked(&graph);
                let mut t = self.store.start_transaction()?;
                t.remove_named_graph(g)?;
                t.insert_named_graph(g);
                t.extend(quads.iter());
                t.commit()?;
            }
        }
        // handed over in batches of the plan's size: one sorted file per
        // index per batch, not per chunk (fewer, larger files for RocksDB to
        // ingest and compact); the loader sorts them in threads of its own
        if self.fresh.len() >= self.plan.load_batch {
            self.hand_over()?;
        }
        if self.pending >= self.plan.commit_every {
            self.commit()?;
        }
        Ok(())
    }

    /// One document's quads in slices of a batch ([`Plan::load_batch`]) into the bulk
    /// loader, atomic at the next commit like any new document. A changed
    /// one first loses its old graph ([`remove_document_graph`]: in slices
    /// when large, resumed by the next build if interrupted), so a crash
    /// in between leaves it absent or marked for removal, never mixed.
    fn write_streaming(
        &mut self,
        facts: &DocFacts,
        meta: &DocMeta,
        new: bool,
        report: &mut BuildReport,
    ) -> Result<(), StoreError> {
        let (store, plan) = (self.store, self.plan);
        if new {
            report.added += 1;
        } else {
            remove_document_graph(store, &model::doc_iri(&meta.id))?;
            report.updated += 1;
        }
        let slice = self.plan.load_batch;
        let mut buf: Vec<Quad> = Vec::with_capacity(slice);
        let mut failure: Option<StoreError> = None;
        let mut written = 0;
        let loader = self.loader.get_or_insert_with(|| bulk_loader(store, plan));
        model::for_each_document_quad(facts, meta, |q| {
            // after a failed slice the rest is dropped, not gathered
            if failure.is_some() {
                return;
            }
            buf.push(q);
            if buf.len() >= slice {
                written += buf.len();
                failure = loader.load_quads(buf.drain(..)).err().map(StoreError::from);
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        written += buf.len();
        loader.load_quads(buf.drain(..))?;
        self.pending += 1;
        report.quads_written += written;
        Ok(())
    }

    /// Ingests what the loader has prepared, atomically.
    /// Gives the gathered quads of new documents to the loader.
    fn hand_over(&mut self) -> Result<(), StoreError> {
        if !self.fresh.is_empty() {
            let (store, plan) = (self.store, self.plan);
            let loader = self.loader.get_or_insert_with(|| bulk_loader(store, plan));
            loader.load_quads(std::mem::take(&mut self.fresh))?;
        }
        Ok(())
    }

    /// Commits what the loader holds, atomically, in the background: the
    /// next documents go to a new loader meanwhile. Commits run one at a
    /// time and in order.
    fn commit(&mut self) -> Result<(), StoreError> {
        self.hand_over()?;
        self.wait_for_commit()?;
        if let Some(loader) = self.loader.take() {
            self.committing = Some(self.scope.spawn(move || loader.commit()));
        }
        self.pending = 0;
        Ok(())
    }

    fn wait_for_commit(&mut self) -> Result<(), StoreError> {
        if let Some(running) = self.committing.take() {
            running
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        Ok(())
    }

    /// Commits the rest and waits until every commit is done.
    pub(super) fn finish(&mut self) -> Result<(), StoreError> {
        self.commit()?;
        self.wait_for_commit()
    }
}

/// The bulk loader of a build: the plan's sorting threads, and its batch
/// size (Oxigraph sizes batches as megabytes × 1 000 / threads quads, so the
/// megabytes given are what makes its batches the plan's).
fn bulk_loader<'a>(store: &'a Store, plan: &Plan) -> oxigraph::store::BulkLoader<'a> {
    store
        .bulk_loader()
        .with_num_threads(plan.loader_threads)
        .with_max_memory_size_in_megabytes((plan.load_batch * plan.loader_threads).div_ceil(1000))
}

/// Removes the sorted files an interrupted bulk load left behind. Oxigraph
/// names them `bulk-*.sst` and deletes them once ingested, so every such file
/// in a store no build holds belongs to a load that never committed.
pub(super) fn remove_unfinished_bulk_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            // best effort: a file we cannot remove only costs disk space
            let _ = std::fs::remove_file(e.path());
        }
    }
}
