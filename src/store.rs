//! The persistent Oxigraph store: builds it from input files with one named
//! graph per document, replaces a changed document's graph, prunes removed
//! ones, and keeps the ontology and gazetteer in a reference graph.
//!
//! Architecture invariant: a document's graph is written in one transaction,
//! so after any interruption it is either complete or absent.
use crate::error::{InputError, StoreError};
use crate::model::{self, DocMeta, DOC, PENDING_GRAPH, REFERENCE_GRAPH};
use crate::text::{doc_id, Document};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

const ONTOLOGY_TTL: &str = include_str!("../ontology/socgraf.ttl");
const GAZETTEER_TTL: &str = include_str!("../ontology/gazetteer.ttl");

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Drop the graphs of documents that are no longer among the inputs.
    pub prune: bool,
    /// Drop facts below this confidence.
    pub min_confidence: f32,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
    /// New documents per atomic commit (checked after each chunk of 512):
    /// what an interruption can cost at most. Fewer, larger commits leave
    /// RocksDB less to compact.
    pub commit_every: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            prune: false,
            min_confidence: 0.0,
            progress: false,
            commit_every: COMMIT_EVERY,
        }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub pruned: usize,
    /// Removals of large document graphs that an interrupted build left
    /// half done, finished before anything else.
    pub resumed_removals: usize,
    pub quads_written: usize,
    /// Inputs that could not be read, with the reason; the rest was built.
    pub failed: Vec<InputError>,
}

/// Opens an existing store; a missing directory is an error, not a new store.
/// A store held by another process (a running `build`) is reported as busy
/// at once: Oxigraph's read-only open is undefined while another process
/// writes, so socgraf does not attempt it.
pub fn open_existing(dir: &Path) -> Result<Store, StoreError> {
    if !dir.join("CURRENT").exists() {
        return Err(StoreError::Missing(dir.to_path_buf()));
    }
    open_dir(dir).map_err(|e| open_error(dir, e))
}

#[cfg(feature = "store")]
fn open_dir(dir: &Path) -> Result<Store, oxigraph::store::StorageError> {
    Store::open(dir)
}

#[cfg(not(feature = "store"))]
fn open_dir(_: &Path) -> Result<Store, oxigraph::store::StorageError> {
    Err(oxigraph::store::StorageError::Other(
        "socgraf was built without the on-disk store (cargo feature `store`)".into(),
    ))
}

fn open_error(dir: &Path, e: oxigraph::store::StorageError) -> StoreError {
    let msg = e.to_string();
    if crate::error::is_disk_full(&msg) {
        return StoreError::DiskFull(format!("{}: {msg}", dir.display()));
    }
    if msg.to_lowercase().contains("lock") {
        return busy(dir);
    }
    StoreError::Open {
        path: dir.to_path_buf(),
        message: msg,
    }
}

/// The store is held by another process (or this one) for writing.
fn busy(dir: &Path) -> StoreError {
    StoreError::Open {
        path: dir.to_path_buf(),
        message: "store is busy: another socgraf process (a build) holds it; try again when it has finished".into(),
    }
}

/// A store opened for reading, with the lock that keeps writers out.
pub struct ReadStore {
    store: Store,
    /// holds a shared lock on the store's `LOCK` file while the store is open
    _lock: Option<std::fs::File>,
}

impl std::ops::Deref for ReadStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

/// Opens a store for `query`, `export` and `analyze`: read-only (no
/// recovery, no background work, no version write; faster to open), under a
/// shared `fcntl` lock on the `LOCK` file on which RocksDB takes its
/// exclusive one. A running build (or `link`) makes this fail at once as
/// busy, and no build can start while the store is read. Readers share.
#[cfg(all(unix, feature = "store"))]
pub fn open_for_reading(dir: &Path) -> Result<ReadStore, StoreError> {
    use std::os::fd::AsRawFd;
    if !dir.join("CURRENT").exists() {
        return Err(StoreError::Missing(dir.to_path_buf()));
    }
    let lock = match std::fs::File::open(dir.join("LOCK")) {
        Ok(f) => f,
        // a store without the file: RocksDB's own open decides
        Err(_) => {
            return Ok(ReadStore {
                store: open_existing(dir)?,
                _lock: None,
            })
        }
    };
    // On Linux an open-file-description lock: owned by this file handle,
    // not the process, so it neither downgrades nor (when dropped) releases
    // a lock this process holds on the same store as a writer; it conflicts
    // with that lock instead, as with another process's.
    #[cfg(target_os = "linux")]
    let set_lock = libc::F_OFD_SETLK;
    #[cfg(not(target_os = "linux"))]
    let set_lock = libc::F_SETLK;
    // SAFETY: `flock` is plain data (zero is a valid value of every field,
    // and the l_pid an OFD lock requires) and `fcntl` only reads it; the
    // descriptor is open.
    let rc = unsafe {
        let mut fl: libc::flock = std::mem::zeroed();
        fl.l_type = libc::F_RDLCK as _;
        fl.l_whence = libc::SEEK_SET as _;
        libc::fcntl(lock.as_raw_fd(), set_lock, &fl)
    };
    if rc == -1 {
        // closing a descriptor of the file would release every classic
        // (process-owned) lock this process holds on it: RocksDB's, when
        // this process itself has the store open for writing. Kept open.
        std::mem::forget(lock);
        return Err(busy(dir));
    }
    let store = Store::open_read_only(dir).map_err(|e| open_error(dir, e))?;
    Ok(ReadStore {
        store,
        _lock: Some(lock),
    })
}

/// Opens a store for `query`, `export` and `analyze` (see [`open_existing`]).
#[cfg(not(all(unix, feature = "store")))]
pub fn open_for_reading(dir: &Path) -> Result<ReadStore, StoreError> {
    Ok(ReadStore {
        store: open_existing(dir)?,
        _lock: None,
    })
}

/// Opens or creates a store.
pub fn open_or_create(dir: &Path) -> Result<Store, StoreError> {
    std::fs::create_dir_all(dir)?;
    open_dir(dir).map_err(|e| open_error(dir, e))
}

/// The input files under the given paths: folders are walked recursively for
/// `.txt`, `.html` and `.htm` files (symbolic links to folders are not followed); files named
/// directly are taken whatever their extension.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(_) => files.push(p.clone()),
            Err(source) => errors.push(InputError::Unreadable {
                path: p.clone(),
                source,
            }),
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(InputError::Unreadable {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, files, errors);
        } else if (ft.is_file() || ft.is_symlink())
            && path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                ["txt", "html", "htm"]
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(x))
            })
        {
            // symbolic links to folders are not followed (no loops); a link
            // to a file is read, a dangling one is reported
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => files.push(path),
                Ok(_) => {}
                Err(source) => errors.push(InputError::Unreadable { path, source }),
            }
        }
    }
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

/// Loads the ontology and the gazetteer into the reference graph, unless the
/// same version is there already.
pub fn ensure_reference(store: &Store) -> Result<(), StoreError> {
    let curated = crate::link::curated_links();
    let hash =
        crate::hash::sha256_hex(format!("{ONTOLOGY_TTL}{GAZETTEER_TTL}{curated:?}").as_bytes());
    let g = NamedNode::new_unchecked(REFERENCE_GRAPH);
    let marker = Quad::new(
        g.clone(),
        sha_predicate(),
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

enum Prepared {
    Unchanged,
    Changed {
        facts: Box<crate::extract::DocFacts>,
        meta: DocMeta,
        new: bool,
    },
    Failed(InputError),
}

/// The people of a store with the organisations they are tied to.
pub fn person_index(store: &Store) -> Result<crate::extract::resolve::PersonIndex, StoreError> {
    let mut idx = crate::extract::resolve::PersonIndex::default();
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
    crate::extract::Predicate::ALL
        .into_iter()
        .filter(|p| p.ties_person())
        .map(|p| model::sg(p.as_str()))
}

/// Adds to `idx` the people tied to one organisation. Direct index lookups,
/// not SPARQL: the union of the document graphs repeats a triple once per
/// document, and a join over such repeats grows with their product.
fn load_people_of(
    store: &Store,
    idx: &mut crate::extract::resolve::PersonIndex,
    org_key: &str,
) -> Result<(), StoreError> {
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
fn add_person(
    store: &Store,
    idx: &mut crate::extract::resolve::PersonIndex,
    p: &NamedNode,
) -> Result<(), StoreError> {
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
    // while RocksDB opens the store, the extractor gets ready, and a few
    // files named alone (a re-ingest) are read and extracted already
    let early_paths = paths.to_vec();
    let early = std::thread::spawn(move || extract_early(&early_paths));
    let store = open_or_create(dir)?;
    // the store's lock is ours now: no other build writes here
    remove_unfinished_bulk_files(dir);
    build_with(&store, paths, opts, Some(early))
}

/// At most this many files named alone are extracted while the store opens.
const EARLY_LIMIT: usize = 4;

/// A document read and extracted before the store was open; whether the
/// store already holds this version is asked once it is.
struct Extracted {
    sha: String,
    result: Result<(crate::extract::DocFacts, String), InputError>,
}

/// Reads and extracts up to [`EARLY_LIMIT`] plain files named directly
/// (folders, standard input and large files wait for the store); with none,
/// warms the extractor up. Runs beside RocksDB's open.
fn extract_early(paths: &[PathBuf]) -> HashMap<PathBuf, Extracted> {
    let mut out = HashMap::new();
    let plain = |p: &PathBuf| p.as_os_str() != "-" && p.is_file() && !crate::text::is_large(p);
    if paths.len() <= EARLY_LIMIT && paths.iter().all(plain) {
        for p in paths {
            // an unreadable file is reported by the build proper
            if let Ok(bytes) = std::fs::read(p) {
                let extracted = Extracted {
                    sha: crate::hash::sha256_hex(&bytes),
                    result: extract_bytes(&bytes, p, &doc_id(p)),
                };
                out.insert(p.clone(), extracted);
            }
        }
    }
    if out.is_empty() {
        crate::extract::warm_up();
    }
    out
}

/// Removes the sorted files an interrupted bulk load left behind. Oxigraph
/// names them `bulk-*.sst` and deletes them once ingested, so every such file
/// in a store no build holds belongs to a load that never committed.
fn remove_unfinished_bulk_files(dir: &Path) {
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
    build_with(store, paths, opts, None)
}

fn build_with(
    store: &Store,
    paths: &[PathBuf],
    opts: &BuildOptions,
    early: Option<std::thread::JoinHandle<HashMap<PathBuf, Extracted>>>,
) -> Result<BuildReport, StoreError> {
    ensure_reference(store)?;
    // a large graph whose removal was interrupted goes before anything
    // looks at the store's documents
    let resumed_removals = finish_pending_removals(store)?;
    // `-` is standard input, one document with the id "stdin"
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    let (files, mut failed) = collect_inputs(&paths);
    // two files with one name would share a graph: the first one wins
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
    let mut stdin_bytes = None;
    if let Some(dash) = stdin.first() {
        let mut bytes = Vec::new();
        match std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
            Ok(_) => stdin_bytes = Some(bytes),
            Err(source) => failed.push(InputError::Unreadable {
                path: dash.clone(),
                source,
            }),
        }
        seen_ids.insert(STDIN_ID.to_string(), dash.clone());
    }
    let mut unique = Vec::new();
    for f in files {
        let id = doc_id(&f);
        if let Some(first) = seen_ids.get(&id) {
            failed.push(InputError::Unreadable {
                path: f.clone(),
                source: std::io::Error::other(format!(
                    "document id '{id}' is already used by {}",
                    first.display()
                )),
            });
            continue;
        }
        seen_ids.insert(id, f.clone());
        unique.push(f);
    }
    // a few files into a big store: look up only what they need
    let known = if unique.len() + stdin.len() <= LAZY_LIMIT && !opts.prune {
        Known::Lazy(store)
    } else {
        Known::All(document_hashes(store)?)
    };
    let mut people = match &known {
        Known::All(existing) if existing.is_empty() => People::Full(Default::default()),
        Known::All(_) => People::Full(person_index(store)?),
        Known::Lazy(_) => People::Lazy(Default::default(), HashSet::new()),
    };
    // extraction cannot panic out of the thread (`extract_guarded`)
    let early: HashMap<PathBuf, Extracted> = early.and_then(|h| h.join().ok()).unwrap_or_default();
    // a big build has none: its documents do not take the lock one by one
    let has_early = !early.is_empty();
    let early = std::sync::Mutex::new(early);
    let bar = progress_bar(opts.progress, unique.len() as u64);
    let ingested = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    // streaming: extract a chunk in parallel and hand it to the writer
    // thread, which links, models and loads it while the next chunk is
    // extracted; memory stays bounded by a chunk or two (and the loader's
    // batches), not the corpus
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(1);
    let written = std::thread::scope(|scope| {
        let writer_thread = scope.spawn(move || -> Result<_, StoreError> {
            let mut writer = Writer {
                store,
                scope,
                loader: None,
                committing: None,
                fresh: Vec::new(),
                pending: 0,
                commit_every: opts.commit_every.max(1),
            };
            let mut report = BuildReport::default();
            for prepared in rx {
                writer.write(prepared, &mut people, &mut report, &mut failed)?;
            }
            writer.finish()?;
            Ok((report, failed))
        });
        let send = |prepared: Vec<Prepared>| tx.send(prepared).is_ok();
        let stdin_sent = match stdin_bytes {
            Some(bytes) => send(vec![prepare_bytes(
                &bytes,
                Path::new("-"),
                STDIN_ID.to_string(),
                &known,
                opts,
                &ingested,
            )]),
            None => true,
        };
        if stdin_sent {
            for chunk in unique.chunks(CHUNK) {
                let prepared: Vec<Prepared> = chunk
                    .par_iter()
                    .map(|f| {
                        let extracted = has_early
                            .then(|| early.lock().ok().and_then(|mut m| m.remove(f)))
                            .flatten();
                        let r = match extracted {
                            // read before the store opened, checked against it now
                            Some(x) => prepare_checked(
                                x.sha,
                                f,
                                doc_id(f),
                                &known,
                                opts,
                                &ingested,
                                |_| x.result,
                            ),
                            None => prepare(f, &known, opts, &ingested),
                        };
                        bar.inc(1);
                        r
                    })
                    .collect();
                // a writer that stopped has its error waiting at the join
                if !send(prepared) {
                    break;
                }
            }
        }
        drop(tx);
        writer_thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let (mut report, failed) = written?;
    report.resumed_removals = resumed_removals;
    bar.finish_and_clear();
    if opts.prune {
        let keep: HashSet<String> = seen_ids.keys().map(|id| model::doc_iri(id)).collect();
        if let Known::All(existing) = &known {
            for graph in existing.keys() {
                if !keep.contains(graph) {
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
    fn stamp(&self, graph: &str) -> Option<String> {
        match self {
            Known::All(m) => m.get(graph).cloned(),
            Known::Lazy(store) => document_stamp(store, graph),
        }
    }
}

/// The version stamp of one document graph, if the store holds it.
fn document_stamp(store: &Store, graph: &str) -> Option<String> {
    let g = NamedNodeRef::new_unchecked(graph);
    let value = |p: NamedNode| {
        store
            .quads_for_pattern(Some(g.into()), Some(p.as_ref()), None, Some(g.into()))
            .filter_map(Result::ok)
            .find_map(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
    };
    let sha = value(sha_predicate())?;
    let ver = value(model::sg("extractorVersion")).unwrap_or_default();
    Some(format!("{sha}|{ver}"))
}

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

/// The people a build links new names to: the whole store's, or those of
/// the organisations the new documents name, fetched when first needed.
enum People {
    Full(crate::extract::resolve::PersonIndex),
    Lazy(crate::extract::resolve::PersonIndex, HashSet<String>),
}

impl People {
    fn link(
        &mut self,
        store: &Store,
        facts: &mut crate::extract::DocFacts,
    ) -> Result<(), StoreError> {
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
                    .filter(|e| e.etype == crate::extract::EntityType::Person)
                {
                    let orgs = crate::extract::resolve::PersonIndex::organisations_of_person(
                        facts, &e.key,
                    );
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

/// Writes prepared documents: new ones through the bulk loader, committed
/// every [`BuildOptions::commit_every`] documents (in the background, while
/// the next ones load); changed ones in a transaction each.
struct Writer<'scope, 'env> {
    store: &'env Store,
    /// where a commit runs while the next documents are loaded
    scope: &'scope std::thread::Scope<'scope, 'env>,
    loader: Option<oxigraph::store::BulkLoader<'env>>,
    /// the previous commit, still ingesting
    committing:
        Option<std::thread::ScopedJoinHandle<'scope, Result<(), oxigraph::store::StorageError>>>,
    /// quads of new documents not yet handed to the loader
    fresh: Vec<Quad>,
    pending: usize,
    commit_every: usize,
}

/// A document with more facts (entities + relations) than this streams
/// its quads to the store in slices of [`STREAM_CHUNK`].
const STREAM_FACTS: usize = 20_000;
const STREAM_CHUNK: usize = 100_000;

/// Quads of new documents per batch the bulk loader sorts: each batch
/// becomes one sorted file per index, ingested into RocksDB's level 0 (the
/// files overlap: graph and entity names are hashes), so fewer, larger
/// batches leave RocksDB less to compact. With [`LOADER_THREADS`] = 1, a
/// 100 000-document build peaks at about 0.9 GB (300 000 quads).
const LOAD_BATCH: usize = 300_000;

/// Threads the bulk loader sorts batches in. One: on two cores, a second
/// sorting thread took the CPU RocksDB's compaction needs during the build,
/// and the build then waited about 25 s at its end, on one core, for the
/// compaction of 150 level-0 files per index. On one 100 000-document
/// corpus: 100 to 103 s with two threads and 100 000-quad batches, 84 to
/// 89 s with one thread and 300 000-quad batches (pyoxigraph's bulk load of
/// the same quads: 100 s in the same hour).
const LOADER_THREADS: usize = 1;

/// A build that wrote at least this many quads waits at its end for
/// RocksDB's flush; a smaller one (a few changed documents) does not.
const FLUSH_AFTER: usize = 100_000;

/// New documents per atomic bulk commit, unless the build says otherwise:
/// about 15 seconds of work on two cores.
pub const COMMIT_EVERY: usize = 16_384;

impl<'scope, 'env> Writer<'scope, 'env> {
    fn write(
        &mut self,
        prepared: Vec<Prepared>,
        people: &mut People,
        report: &mut BuildReport,
        failed: &mut Vec<InputError>,
    ) -> Result<(), StoreError> {
        // linking is sequential (each document learns from the ones before);
        // turning the linked facts into quads runs in parallel
        let mut linked = Vec::new();
        for p in prepared {
            match p {
                Prepared::Unchanged => report.unchanged += 1,
                Prepared::Failed(e) => failed.push(e),
                Prepared::Changed {
                    mut facts,
                    meta,
                    new,
                } => {
                    // a misspelt name of a person the corpus already knows is that person
                    people.link(self.store, &mut facts)?;
                    linked.push((facts, meta, new));
                }
            }
        }
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
        // handed over in batches of [`LOAD_BATCH`] quads: one sorted file per
        // index per batch, not per chunk (fewer, larger files for RocksDB to
        // ingest and compact); the loader sorts them in a thread of its own
        // ([`LOADER_THREADS`])
        if self.fresh.len() >= LOAD_BATCH {
            self.hand_over()?;
        }
        if self.pending >= self.commit_every {
            self.commit()?;
        }
        Ok(())
    }

    /// One document's quads in slices of [`STREAM_CHUNK`] into the bulk
    /// loader, atomic at the next commit like any new document. A changed
    /// one first loses its old graph ([`remove_document_graph`]: in slices
    /// when large, resumed by the next build if interrupted), so a crash
    /// in between leaves it absent or marked for removal, never mixed.
    fn write_streaming(
        &mut self,
        facts: &crate::extract::DocFacts,
        meta: &DocMeta,
        new: bool,
        report: &mut BuildReport,
    ) -> Result<(), StoreError> {
        let store = self.store;
        if new {
            report.added += 1;
        } else {
            remove_document_graph(store, &model::doc_iri(&meta.id))?;
            report.updated += 1;
        }
        let mut buf: Vec<Quad> = Vec::with_capacity(STREAM_CHUNK);
        let mut failure: Option<StoreError> = None;
        let mut written = 0;
        let loader = self.loader.get_or_insert_with(|| bulk_loader(store));
        model::for_each_document_quad(facts, meta, |q| {
            // after a failed slice the rest is dropped, not gathered
            if failure.is_some() {
                return;
            }
            buf.push(q);
            if buf.len() >= STREAM_CHUNK {
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
            let store = self.store;
            let loader = self.loader.get_or_insert_with(|| bulk_loader(store));
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
    fn finish(&mut self) -> Result<(), StoreError> {
        self.commit()?;
        self.wait_for_commit()
    }
}

fn prepare(f: &Path, known: &Known<'_>, opts: &BuildOptions, ingested: &str) -> Prepared {
    if crate::text::is_large(f) {
        return prepare_large(f, known, opts, ingested);
    }
    match std::fs::read(f) {
        Ok(bytes) => prepare_bytes(&bytes, f, doc_id(f), known, opts, ingested),
        Err(source) => Prepared::Failed(InputError::Unreadable {
            path: f.to_path_buf(),
            source,
        }),
    }
}

/// The document id of standard input (`-` among the inputs).
pub const STDIN_ID: &str = "stdin";

fn prepare_bytes(
    bytes: &[u8],
    f: &Path,
    id: String,
    known: &Known<'_>,
    opts: &BuildOptions,
    ingested: &str,
) -> Prepared {
    let sha = crate::hash::sha256_hex(bytes);
    prepare_checked(sha, f, id, known, opts, ingested, |id| {
        extract_bytes(bytes, f, id)
    })
}

/// Unchanged if the store holds this version of the document; otherwise
/// its facts (from `extract`, called only then) ready for the writer.
fn prepare_checked(
    sha: String,
    f: &Path,
    id: String,
    known: &Known<'_>,
    opts: &BuildOptions,
    ingested: &str,
    extract: impl FnOnce(&str) -> Result<(crate::extract::DocFacts, String), InputError>,
) -> Prepared {
    let stored = Stored::of(known, &id, &sha);
    if stored == Stored::Same {
        return Prepared::Unchanged;
    }
    match extract(&id) {
        Ok((facts, title)) => {
            let meta = DocMeta {
                id,
                source: f.to_string_lossy().into_owned(),
                sha256: sha,
                title,
                ingested: ingested.to_string(),
            };
            changed(facts, meta, stored == Stored::Absent, opts)
        }
        Err(e) => Prepared::Failed(e),
    }
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
    fn of(known: &Known<'_>, id: &str, sha: &str) -> Stored {
        match known.stamp(&model::doc_iri(id)) {
            None => Stored::Absent,
            Some(old) if old == DocMeta::stamp(sha) => Stored::Same,
            Some(_) => Stored::Other,
        }
    }
}

/// Decodes and extracts one document: its facts and its title (shared by
/// the build and the extract command).
pub fn extract_bytes(
    bytes: &[u8],
    f: &Path,
    id: &str,
) -> Result<(crate::extract::DocFacts, String), InputError> {
    let doc = Document {
        id: id.to_string(),
        path: Some(f.to_path_buf()),
        text: crate::text::decode_path(bytes, f)?,
    };
    let facts = crate::extract::extract_guarded(&doc).map_err(|message| InputError::Extractor {
        path: f.to_path_buf(),
        message,
    })?;
    Ok((facts, crate::text::title_of(&doc.text)))
}

/// A large plain-text file: hashed and extracted as a stream of sections,
/// never held whole in memory.
fn prepare_large(f: &Path, known: &Known<'_>, opts: &BuildOptions, ingested: &str) -> Prepared {
    let id = doc_id(f);
    let sha = match crate::hash::sha256_file(f) {
        Ok(s) => s,
        Err(source) => {
            return Prepared::Failed(InputError::Unreadable {
                path: f.to_path_buf(),
                source,
            })
        }
    };
    prepare_checked(sha, f, id, known, opts, ingested, |id| {
        crate::extract::sections::extract_file(f, id)
    })
}

fn changed(
    mut facts: crate::extract::DocFacts,
    meta: DocMeta,
    new: bool,
    opts: &BuildOptions,
) -> Prepared {
    if opts.min_confidence > 0.0 {
        facts.filter_confidence(opts.min_confidence);
    }
    Prepared::Changed {
        facts: Box::new(facts),
        meta,
        new,
    }
}

fn progress_bar(enabled: bool, len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

/// The bulk loader of a build: [`LOADER_THREADS`] sorting threads.
fn bulk_loader(store: &Store) -> oxigraph::store::BulkLoader<'_> {
    store.bulk_loader().with_num_threads(LOADER_THREADS)
}

/// Documents extracted in parallel before they are written.
const CHUNK: usize = 512;
