//! The persistent Oxigraph store: builds it from input files with one named
//! graph per document, replaces a changed document's graph, prunes removed
//! ones, and keeps the ontology and gazetteer in a reference graph.
//!
//! Architecture invariant: a document's graph is written in one transaction,
//! so after any interruption it is either complete or absent.
use crate::error::{InputError, StoreError};
use crate::model::{self, DocMeta, DOC, REFERENCE_GRAPH};
use crate::text::{doc_id, Document};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const ONTOLOGY_TTL: &str = include_str!("../ontology/socgraf.ttl");
const GAZETTEER_TTL: &str = include_str!("../ontology/gazetteer.ttl");

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Drop the graphs of documents that are no longer among the inputs.
    pub prune: bool,
    /// Drop facts below this confidence.
    pub min_confidence: f32,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub pruned: usize,
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
    Store::open(dir).map_err(|e| open_error(dir, e))
}

fn open_error(dir: &Path, e: oxigraph::store::StorageError) -> StoreError {
    let msg = e.to_string();
    let busy = msg.to_lowercase().contains("lock");
    StoreError::Open {
        path: dir.to_path_buf(),
        message: if busy {
            "store is busy: another socgraf process (a build) holds it; try again when it has finished".into()
        } else {
            msg
        },
    }
}

/// Opens a store for `query`, `export` and `analyze` (see [`open_existing`]).
pub fn open_for_reading(dir: &Path) -> Result<Store, StoreError> {
    open_existing(dir)
}

/// Opens or creates a store.
pub fn open_or_create(dir: &Path) -> Result<Store, StoreError> {
    std::fs::create_dir_all(dir)?;
    Store::open(dir).map_err(|e| open_error(dir, e))
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
    let hash = model::sha256_hex(format!("{ONTOLOGY_TTL}{GAZETTEER_TTL}{curated:?}").as_bytes());
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
pub fn person_index(store: &Store) -> Result<crate::resolve::PersonIndex, StoreError> {
    let mut idx = crate::resolve::PersonIndex::default();
    let (_, rows) = crate::query::select(
        store,
        "SELECT ?p (MIN(STR(?l)) AS ?name) (GROUP_CONCAT(DISTINCT STR(?o); SEPARATOR=\" \") AS ?orgs) WHERE { \
           ?p a sg:Person ; rdfs:label ?l . \
           OPTIONAL { ?p sg:worksAt|sg:formerlyWorkedAt|sg:studiesAt ?o } } GROUP BY ?p",
    )?;
    let strip = |s: &str| {
        s.trim_start_matches("id:")
            .trim_start_matches(model::ID)
            .to_string()
    };
    for r in rows {
        let orgs: Vec<String> = r[2]
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(strip)
            .collect();
        idx.insert(&strip(&r[0]), &r[1], orgs);
    }
    Ok(idx)
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
    let store = open_or_create(dir)?;
    build_into(&store, paths, opts)
}

/// As [`build`], into an open store.
pub fn build_into(
    store: &Store,
    paths: &[PathBuf],
    opts: &BuildOptions,
) -> Result<BuildReport, StoreError> {
    ensure_reference(store)?;
    let (files, mut failed) = collect_inputs(paths);
    let existing = document_hashes(store)?;
    let mut report = BuildReport::default();
    // two files with one name would share a graph: the first one wins
    let mut seen_ids: HashMap<String, PathBuf> = HashMap::new();
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
    let bar = progress_bar(opts.progress, unique.len() as u64);
    let ingested = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut people = person_index(store)?;
    // streaming: extract a chunk in parallel, write it, go on; memory stays
    // bounded by the chunk, not the corpus
    for chunk in unique.chunks(CHUNK) {
        let prepared: Vec<Prepared> = chunk
            .par_iter()
            .map(|f| {
                let r = prepare(f, &existing, opts, &ingested);
                bar.inc(1);
                r
            })
            .collect();
        write_prepared(store, prepared, &mut people, &mut report, &mut failed)?;
    }
    bar.finish_and_clear();
    if opts.prune {
        let keep: HashSet<String> = seen_ids.keys().map(|id| model::doc_iri(id)).collect();
        for graph in existing.keys() {
            if !keep.contains(graph) {
                store.remove_named_graph(NamedNodeRef::new_unchecked(graph))?;
                report.pruned += 1;
            }
        }
    }
    store.flush()?;
    report.failed = failed;
    Ok(report)
}

fn prepare(
    f: &Path,
    existing: &HashMap<String, String>,
    opts: &BuildOptions,
    ingested: &str,
) -> Prepared {
    let bytes = match std::fs::read(f) {
        Ok(b) => b,
        Err(source) => {
            return Prepared::Failed(InputError::Unreadable {
                path: f.to_path_buf(),
                source,
            })
        }
    };
    let id = doc_id(f);
    let graph = model::doc_iri(&id);
    let sha = model::sha256_hex(&bytes);
    let old = existing.get(&graph);
    if old == Some(&DocMeta::stamp(&sha)) {
        return Prepared::Unchanged;
    }
    let text = match crate::text::decode_path(&bytes, f) {
        Ok(t) => t,
        Err(e) => return Prepared::Failed(e),
    };
    let doc = Document {
        id: id.clone(),
        path: Some(f.to_path_buf()),
        text,
    };
    let mut facts = match crate::extract::extract_guarded(&doc) {
        Ok(f) => f,
        Err(message) => {
            return Prepared::Failed(InputError::Extractor {
                path: f.to_path_buf(),
                message,
            })
        }
    };
    if opts.min_confidence > 0.0 {
        facts.filter_confidence(opts.min_confidence);
    }
    let meta = DocMeta {
        id,
        source: f.to_string_lossy().into_owned(),
        sha256: sha,
        title: model::title_of(&doc.text),
        ingested: ingested.to_string(),
    };
    Prepared::Changed {
        facts: Box::new(facts),
        meta,
        new: old.is_none(),
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

/// Documents extracted in parallel before they are written.
const CHUNK: usize = 512;

/// Writes one chunk of prepared documents, one transaction per document.
fn write_prepared(
    store: &Store,
    prepared: Vec<Prepared>,
    people: &mut crate::resolve::PersonIndex,
    report: &mut BuildReport,
    failed: &mut Vec<InputError>,
) -> Result<(), StoreError> {
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
                people.link(&mut facts);
                let quads = model::document_quads(&facts, &meta);
                let graph = model::doc_iri(&meta.id);
                let g = NamedNodeRef::new_unchecked(&graph);
                let mut t = store.start_transaction()?;
                t.remove_named_graph(g)?;
                t.insert_named_graph(g);
                t.extend(quads.iter());
                t.commit()?;
                report.quads_written += quads.len();
                if new {
                    report.added += 1;
                } else {
                    report.updated += 1;
                }
            }
        }
    }
    Ok(())
}
