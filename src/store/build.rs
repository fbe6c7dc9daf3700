//! A build: the inputs go through the ingest pipeline, and each document
//! the store does not hold in this version goes to the writer (`load`).
pub use super::load::BuildReport;
#[cfg(feature = "store")]
use super::load::FLUSH_AFTER;
use super::load::{remove_unfinished_bulk_files, Writer};
use super::open::open_or_create_with;
use super::people::{person_index, People};
use super::plan::{Plan, DEFAULT_MEMORY_MB};
use super::reference::ensure_reference;
use super::remove::{finish_pending_removals, remove_document_graph};
use crate::error::StoreError;
use crate::ingest;
use crate::model::{self, DocMeta, DOC};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Drop the graphs of documents that are no longer among the inputs.
    /// Refused (nothing written) when an input root or a folder under it
    /// cannot be read, or when the inputs hold no document.
    pub prune: bool,
    /// Write nothing: with `prune`, report the graphs that would go
    /// (`BuildReport::would_prune`).
    pub dry_run: bool,
    /// The document id of standard input (`-`); without one it comes from
    /// the content.
    pub stdin_id: Option<String>,
    /// Drop facts below this confidence.
    pub min_confidence: f32,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
    /// New documents per atomic commit (checked after each chunk): what an
    /// interruption can cost at most. Fewer, larger commits leave RocksDB
    /// less to compact. None: the plan's ([`Plan::commit_every`]).
    pub commit_every: Option<usize>,
    /// The build's memory budget in megabytes ([`Plan`]): batch sizes and
    /// loader threads follow it and the threads rayon gives the build.
    pub memory_mb: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            prune: false,
            dry_run: false,
            stdin_id: None,
            min_confidence: 0.0,
            progress: false,
            commit_every: None,
            memory_mb: DEFAULT_MEMORY_MB,
        }
    }
}

/// Extracts every input and writes changed documents into the store at `dir`.
///
/// ```no_run
/// let report = socgraf::store::build(&["corpus".into()], std::path::Path::new("kg"),
///     &Default::default()).unwrap();
/// println!("{} new documents", report.added);
/// ```
pub fn build(
    paths: &[PathBuf],
    dir: &Path,
    opts: &BuildOptions,
) -> Result<BuildReport, StoreError> {
    // an input root that cannot be read: `--prune` removes nothing at all,
    // and when no input is left no store is created for nothing
    let roots: Vec<(PathBuf, Option<std::io::Error>)> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| (p.clone(), std::fs::metadata(p).err()))
        .collect();
    if opts.prune {
        if let Some((p, Some(e))) = roots.iter().find(|(_, e)| e.is_some()) {
            return Err(StoreError::Refused(format!(
                "--prune refused: input {} cannot be read ({e}); nothing was removed or written",
                p.display()
            )));
        }
    }
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if !stdin
        && roots.iter().all(|(_, e)| e.is_some())
        && super::open::dir_state(dir) != super::open::DirState::Store
    {
        let failed = roots
            .into_iter()
            .filter_map(|(path, e)| Some(crate::error::InputError::Unreadable { path, source: e? }))
            .collect();
        return Ok(BuildReport {
            failed,
            ..Default::default()
        });
    }
    if opts.dry_run {
        return dry_run(paths, dir, opts);
    }
    // a budget too small is refused before the store is opened
    let plan = build_plan(opts)?;
    // while RocksDB opens the store, the extractor gets ready, and a few
    // files named alone (a re-ingest) are read and extracted already
    let ahead_paths = paths.to_vec();
    let ahead = std::thread::spawn(move || ingest::prefetch(&ahead_paths));
    let store = open_or_create_with(dir, Some(plan.open_files))?;
    // the store's lock is ours now: no other build writes here
    remove_unfinished_bulk_files(dir);
    // extraction cannot panic out of the thread (`extract_guarded`)
    let ahead = ahead.join().unwrap_or_default();
    let report = build_with(&store, paths, opts, &plan, ahead);
    // closed first: the table files are final, and recorded as written
    drop(store);
    // a build that changed nothing says the store is as it was: every table
    // file is read against its record first (a bad sector under an
    // unchanged time), so a damaged store is never reported unchanged
    if let Ok(r) = &report {
        if r.added + r.updated + r.pruned == 0 {
            if let Some(c) = super::integrity::changed_files(dir, true).first() {
                return Err(c.error(dir));
            }
        }
    }
    super::integrity::record(dir);
    report
}

/// As [`build`], into an open store.
///
/// Documents new to the store go through Oxigraph's bulk loader (sorted SST
/// files ingested at once, in one atomic step per batch of documents);
/// changed ones replace their graph in a transaction of their own. Either
/// way a document's graph is complete or absent after an interruption.
pub fn build_into(
    store: &Store,
    paths: &[PathBuf],
    opts: &BuildOptions,
) -> Result<BuildReport, StoreError> {
    build_with(store, paths, opts, &build_plan(opts)?, Default::default())
}

/// The build's plan: its threads (rayon's) within its memory budget.
fn build_plan(opts: &BuildOptions) -> Result<Plan, StoreError> {
    let mut plan = Plan::new(rayon::current_num_threads(), opts.memory_mb)
        .map_err(|e| StoreError::Refused(format!("{e}; nothing was written")))?;
    if let Some(n) = opts.commit_every {
        plan.commit_every = n.max(1);
    }
    Ok(plan)
}

fn build_with(
    store: &Store,
    paths: &[PathBuf],
    opts: &BuildOptions,
    plan: &Plan,
    ahead: ingest::Prefetched,
) -> Result<BuildReport, StoreError> {
    // the inputs first: a doubtful prune is refused before anything is written
    let inputs = ingest::collect_with(paths, opts.stdin_id.as_deref());
    if opts.prune {
        prune_ground(&inputs)?;
    }
    ensure_reference(store)?;
    // a large graph whose removal was interrupted goes before anything
    // looks at the store's documents
    let resumed_removals = finish_pending_removals(store)?;
    // a few files into a big store: look up only what they need
    let known = if inputs.docs.len() <= LAZY_LIMIT && !opts.prune {
        Known::Lazy(store)
    } else {
        Known::All(document_hashes(store)?)
    };
    let mut inputs = inputs;
    keep_stored_ids(store, &known, &mut inputs.docs)?;
    let ids: HashSet<String> = inputs.docs.iter().map(|d| model::doc_iri(&d.id)).collect();
    let mut people = match &known {
        Known::All(existing) if existing.is_empty() => People::Full(Default::default()),
        Known::All(_) => People::Full(person_index(store)?),
        Known::Lazy(_) => People::Lazy(Default::default(), HashSet::new()),
    };
    let mut failed = inputs.failed;
    // a document id the store holds from another file that is still there
    // (one name in two folders, built at different times): refused, so
    // neither replaces the other's graph
    let docs: Vec<ingest::Input> = inputs
        .docs
        .into_iter()
        .filter_map(|d| {
            let graph = model::doc_iri(&d.id);
            if d.path.as_os_str() == "-" {
                return Some(Ok(d));
            }
            match known.stamp(&graph) {
                Ok(None) => return Some(Ok(d)),
                Ok(Some(_)) => {}
                Err(e) => return Some(Err(e)),
            }
            match stored_source(store, &graph) {
                Ok(Some(other)) if same_file(&other, &d.path) == Some(false) => {
                    failed.push(crate::error::InputError::Unreadable {
                        path: d.path.clone(),
                        source: std::io::Error::other(format!(
                            "document id '{}' is already used in the store by {other}; it was not read (rename one)",
                            d.id
                        )),
                    });
                    None
                }
                Ok(_) => Some(Ok(d)),
                Err(e) => Some(Err(e)),
            }
        })
        .collect::<Result<_, _>>()?;
    let mut report = BuildReport::default();
    let unreadable = std::sync::Mutex::new(None::<StoreError>);
    let ingest_opts = ingest::Options {
        min_confidence: opts.min_confidence,
        progress: opts.progress,
        chunk: plan.chunk,
    };
    // the writer links, models and loads a chunk while the pipeline
    // extracts the next; memory stays bounded by a chunk or two (and the
    // loader's batches), not the corpus
    std::thread::scope(|scope| -> Result<(), StoreError> {
        let mut writer = Writer {
            store,
            scope,
            loader: None,
            committing: None,
            fresh: Vec::new(),
            pending: 0,
            plan,
            ingested: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        // unchanged documents are skipped before extraction; the tag says
        // whether a changed one is new to the store
        // a version stamp that cannot be read (a damaged table file): the
        // document is not written, and the build ends with the error
        let check = |s: &ingest::Source| match Stored::of(&known, &s.id, &s.sha256) {
            Ok(Stored::Same) => None,
            Ok(Stored::Other) => Some(false),
            Ok(Stored::Absent) => Some(true),
            Err(e) => {
                if let Ok(mut first) = unreadable.lock() {
                    first.get_or_insert(e);
                }
                None
            }
        };
        ingest::run(docs, &ingest_opts, ahead, check, |outcomes| {
            writer.write(outcomes, &mut people, &mut report, &mut failed)
        })?;
        writer.finish()
    })?;
    if let Some(e) = unreadable.into_inner().ok().flatten() {
        return Err(e);
    }
    report.resumed_removals = resumed_removals;
    if opts.prune {
        if let Known::All(existing) = &known {
            for graph in existing.keys() {
                if !ids.contains(graph) {
                    remove_document_graph(store, graph)?;
                    report.pruned += 1;
                }
            }
        }
    }
    // the flush waits until RocksDB has compacted the ingested files below
    // its write-stall limits: the next command that writes (a re-ingest)
    // must not pay for this build. A small build (a few changed documents)
    // leaves nothing to wait for; its writes stay in the write-ahead log
    #[cfg(feature = "store")]
    if report.quads_written >= FLUSH_AFTER {
        store.flush()?;
    }
    report.failed = failed;
    Ok(report)
}

/// Whether the inputs are a sound ground for `--prune`: every folder under
/// them was read, and they hold at least one document. A folder that could
/// not be read may hold documents the store has: pruning would delete them.
fn prune_ground(inputs: &ingest::Inputs) -> Result<(), StoreError> {
    // (a folder that could not be listed, or a root that is not there; a
    // file refused for a taken id leaves its id to the first file)
    let unread_folder = |e: &&crate::error::InputError| matches!(e, crate::error::InputError::Unreadable { path, .. } if path.is_dir() || !path.exists());
    if let Some(e) = inputs.failed.iter().find(unread_folder) {
        return Err(StoreError::Refused(format!(
            "--prune refused: {e}; the documents under it would be pruned. Nothing was removed or written"
        )));
    }
    if inputs.docs.is_empty() {
        return Err(StoreError::Refused(
            "--prune refused: the inputs hold no document, and pruning would empty the store; nothing was removed or written".into(),
        ));
    }
    Ok(())
}

/// `--dry-run`: the graphs a build with `--prune` would remove, nothing written.
fn dry_run(paths: &[PathBuf], dir: &Path, opts: &BuildOptions) -> Result<BuildReport, StoreError> {
    let inputs = ingest::collect_with(paths, opts.stdin_id.as_deref());
    if opts.prune {
        prune_ground(&inputs)?;
    }
    let mut inputs = inputs;
    let mut report = BuildReport::default();
    if opts.prune && super::open::dir_state(dir) == super::open::DirState::Store {
        let store = super::open::open_for_reading(dir)?;
        let known = Known::All(document_hashes(&store)?);
        keep_stored_ids(&store, &known, &mut inputs.docs)?;
        let ids: HashSet<String> = inputs.docs.iter().map(|d| model::doc_iri(&d.id)).collect();
        let Known::All(existing) = known else {
            unreachable!()
        };
        let mut gone: Vec<String> = existing.into_keys().filter(|g| !ids.contains(g)).collect();
        gone.sort();
        report.would_prune = gone;
    }
    report.failed = inputs.failed;
    Ok(report)
}

/// A file the store holds under another id — built before from a higher
/// or a lower folder, or named alone — keeps that id, so it stays one
/// document whichever way it is named ([`ingest::Input::other_ids`]).
fn keep_stored_ids(
    store: &Store,
    known: &Known<'_>,
    docs: &mut [ingest::Input],
) -> Result<(), StoreError> {
    if matches!(known, Known::All(m) if m.is_empty()) {
        return Ok(());
    }
    for d in docs.iter_mut() {
        if known.stamp(&model::doc_iri(&d.id))?.is_some() {
            continue;
        }
        for other in d.other_ids() {
            let graph = model::doc_iri(&other);
            if known.stamp(&graph)?.is_some()
                && stored_source(store, &graph)?
                    .is_some_and(|src| same_file(&src, &d.path) == Some(true))
            {
                d.id = other;
                break;
            }
        }
    }
    Ok(())
}

/// The file a stored document was read from (`dcterms:source`).
fn stored_source(store: &Store, graph: &str) -> Result<Option<String>, StoreError> {
    let p = NamedNode::new_unchecked(format!("{}source", model::DCTERMS));
    document_literal(store, graph, p)
}

/// The literal a document graph states of its document for a predicate.
/// A read error ends the search (Oxigraph's iterator repeats its error).
fn document_literal(
    store: &Store,
    graph: &str,
    p: NamedNode,
) -> Result<Option<String>, StoreError> {
    let g = NamedNodeRef::new_unchecked(graph);
    for q in store.quads_for_pattern(Some(g.into()), Some(p.as_ref()), None, Some(g.into())) {
        if let Term::Literal(l) = q?.object {
            return Ok(Some(l.value().to_string()));
        }
    }
    Ok(None)
}

/// Whether a stored source and an input are the same file: None when the
/// stored one is gone (moved or deleted: the input takes its place) or was
/// standard input.
fn same_file(stored: &str, input: &Path) -> Option<bool> {
    if stored == "-" {
        return None;
    }
    let old = std::fs::canonicalize(stored).ok()?;
    let new = std::fs::canonicalize(input).ok()?;
    Some(old == new)
}

fn sha_predicate() -> NamedNode {
    model::sg("sha256")
}

/// The version stamp ("sha256|extractor") of every document graph in the
/// store, by graph IRI.
pub fn document_hashes(store: &Store) -> Result<HashMap<String, String>, StoreError> {
    let mut sha = HashMap::new();
    let mut ver = HashMap::new();
    for (p, map) in [
        (sha_predicate(), &mut sha),
        (model::sg("extractorVersion"), &mut ver),
    ] {
        for q in store.quads_for_pattern(None, Some(p.as_ref()), None, None) {
            let q = q?;
            if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object) {
                if s.as_str().starts_with(DOC) {
                    map.insert(s.as_str().to_string(), l.value().to_string());
                }
            }
        }
    }
    Ok(sha
        .into_iter()
        .map(|(g, s)| {
            let v = ver.get(&g).cloned().unwrap_or_default();
            (g, format!("{s}|{v}"))
        })
        .collect())
}

/// At most this many inputs are checked against the store one by one;
/// more, and the store's version stamps are read in one scan.
const LAZY_LIMIT: usize = 1000;

/// What the build knows of the documents already in the store.
enum Known<'a> {
    /// every document's version stamp, by graph IRI
    All(HashMap<String, String>),
    /// asked of the store per document
    Lazy(&'a Store),
}

impl Known<'_> {
    fn stamp(&self, graph: &str) -> Result<Option<String>, StoreError> {
        match self {
            Known::All(m) => Ok(m.get(graph).cloned()),
            Known::Lazy(store) => document_stamp(store, graph),
        }
    }
}

/// The version stamp of one document graph, if the store holds it.
fn document_stamp(store: &Store, graph: &str) -> Result<Option<String>, StoreError> {
    let Some(sha) = document_literal(store, graph, sha_predicate())? else {
        return Ok(None);
    };
    let ver = document_literal(store, graph, model::sg("extractorVersion"))?.unwrap_or_default();
    Ok(Some(format!("{sha}|{ver}")))
}

/// What the store holds of one document.
#[derive(PartialEq)]
enum Stored {
    /// this very version
    Same,
    /// another version
    Other,
    Absent,
}

impl Stored {
    fn of(known: &Known<'_>, id: &str, sha: &str) -> Result<Stored, StoreError> {
        Ok(match known.stamp(&model::doc_iri(id))? {
            None => Stored::Absent,
            Some(old) if old == DocMeta::stamp(sha) => Stored::Same,
            Some(_) => Stored::Other,
        })
    }
}
