//! The one input pipeline of `extract` and `build`: inputs (files, folders,
//! `-` for standard input, large files in sections) → hash → decode → extract.
//!
//! A command drives it with a sink of its own (printing, loading a store):
//! the same input gets the same document id and `sg:sha256` either way.
use crate::error::InputError;
use crate::extract::{extract_guarded, sections, warm_up};
use crate::facts::DocFacts;
use crate::formats::is_large;
use crate::hash::{sha256_file, sha256_hex};
use crate::text::{doc_id, title_of, Document};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The start of the document id of standard input (`-` among the inputs)
/// when no `--id` names it.
pub const STDIN_ID: &str = "stdin";

/// Documents read and extracted in parallel before they go to the sink.
pub const CHUNK: usize = 512;

/// A document with more facts (entities and relations) than this is
/// written in slices by every sink (straight to the output, in slices to
/// the store), never rendered whole: a large file has millions.
pub const STREAM_FACTS: usize = 20_000;

/// At most this many files named alone are extracted ahead ([`prefetch`]).
const PREFETCH_LIMIT: usize = 4;

/// One input document, not read yet (standard input excepted).
#[derive(Debug)]
pub struct Input {
    /// The document id: the file name without extension (as written), or
    /// the id of standard input.
    pub id: String,
    /// The file, or `-` for standard input.
    pub path: PathBuf,
    /// The folders above the id, outermost first (the input root's
    /// canonical path, or a named file's folder): with the id's own
    /// folders, the other ids this file could have had in an earlier
    /// build from a higher or lower root ([`Input::other_ids`]).
    pub base: std::sync::Arc<[String]>,
    /// the bytes, when read already: standard input, or a member of an
    /// archive or a feed
    bytes: Option<Vec<u8>>,
    /// what the archive or feed says of a member (its `path` is its URL)
    hint: Option<crate::formats::MemberHint>,
}

impl Input {
    /// The ids this file would have had as built from another root, nearest
    /// first: "sub/a" under /x/R has "a", "R/sub/a", "x/R/sub/a". None
    /// for standard input.
    pub fn other_ids(&self) -> Vec<String> {
        if self.bytes.is_some() {
            return Vec::new();
        }
        let own: Vec<&str> = self.id.split('/').collect();
        let shorter = (1..own.len()).rev().map(|k| own[k..].join("/"));
        let longer = (0..self.base.len())
            .rev()
            .map(|k| format!("{}/{}", self.base[k..].join("/"), self.id));
        shorter.chain(longer).collect()
    }
}

/// The inputs of one run, and the paths that could not be used.
#[derive(Debug, Default)]
pub struct Inputs {
    /// In the order they are processed: standard input first, then the
    /// files sorted by path.
    pub docs: Vec<Input>,
    pub failed: Vec<InputError>,
}

/// The inputs under the given paths: folders are walked recursively for
/// the kinds [`crate::formats::kind_of`] knows (other files are listed as
/// [`InputError::NotRead`]; symbolic links to folders are not followed);
/// files named directly are taken whatever their extension; a web archive
/// or a feed gives its members (after the files); `-` reads standard
/// input once. A file whose document id is taken already
/// (two files of one name) is refused with a message, every one of them.
pub fn collect(paths: &[PathBuf]) -> Inputs {
    collect_with(paths, None)
}

/// As [`collect`]; standard input gets the id `stdin_id`, or without one an
/// id from its content ("stdin-" and the start of its SHA-256), so two
/// different piped articles are two documents and the same one piped twice
/// is one.
pub fn collect_with(paths: &[PathBuf], stdin_id: Option<&str>) -> Inputs {
    let mut inputs = Inputs::default();
    let (dash, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    if let Some(dash) = dash.into_iter().next() {
        let mut bytes = Vec::new();
        match std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
            Ok(_) => {
                let id = stdin_id.map_or_else(
                    || format!("{STDIN_ID}-{}", &sha256_hex(&bytes)[..16]),
                    str::to_string,
                );
                seen.insert(id.clone(), dash.clone());
                inputs.docs.push(Input {
                    id,
                    path: dash,
                    base: Default::default(),
                    bytes: Some(bytes),
                    hint: None,
                });
            }
            Err(source) => inputs
                .failed
                .push(InputError::Unreadable { path: dash, source }),
        }
    }
    let (files, errors) = files_under(&paths);
    inputs.failed.extend(errors);
    // files that share an id: none of them is read, whichever sorts first,
    // so neither replaces the other's graph (in this run or a stored one)
    // (an archive or a feed has no id of its own: its members do)
    let container = |f: &Path| crate::formats::is_container(f);
    let mut by_id: HashMap<&str, Vec<&PathBuf>> = HashMap::new();
    for (f, id, _) in files.iter().filter(|(f, _, _)| !container(f)) {
        by_id.entry(id.as_str()).or_default().push(f);
    }
    let mut containers = Vec::new();
    for (f, id, base) in &files {
        if container(f) {
            containers.push(f);
            continue;
        }
        let others: Vec<String> = by_id[id.as_str()]
            .iter()
            .filter(|o| **o != f)
            .map(|o| o.display().to_string())
            .chain(seen.get(id).map(|s| s.display().to_string()))
            .collect();
        if !others.is_empty() {
            inputs.failed.push(InputError::Unreadable {
                path: f.clone(),
                source: std::io::Error::other(format!(
                    "document id '{id}' is already used by {}; neither was read (rename one)",
                    others.join(", ")
                )),
            });
            continue;
        }
        seen.insert(id.clone(), f.clone());
        inputs.docs.push(Input {
            id: id.clone(),
            path: f.clone(),
            base: base.clone(),
            bytes: None,
            hint: None,
        });
    }
    // members last, so an id a file or another member holds is refused
    for f in containers {
        members_of(f, &mut seen, &mut inputs);
    }
    inputs
}

/// The documents of a web archive or a feed, as inputs whose bytes are
/// read already; an id taken by another input is refused by name.
fn members_of(f: &Path, seen: &mut HashMap<String, PathBuf>, inputs: &mut Inputs) {
    use crate::formats::{archive, kind_of, Kind, MemberHint};
    let kind = kind_of(f);
    let (members, reader) = match kind {
        Some(Kind::Warc) => (archive::warc(f), "warc"),
        _ => (archive::feed(f), "feed"),
    };
    let members = match members {
        Ok(m) => m,
        Err(message) => {
            inputs.failed.push(InputError::Extractor {
                path: f.to_path_buf(),
                message,
            });
            return;
        }
    };
    for m in members {
        let url = PathBuf::from(&m.url);
        if let Some(other) = seen.get(&m.id) {
            inputs.failed.push(InputError::Unreadable {
                path: url,
                source: std::io::Error::other(format!(
                    "document id '{}' is already used by {}; it was not read",
                    m.id,
                    other.display()
                )),
            });
            continue;
        }
        seen.insert(m.id.clone(), f.to_path_buf());
        inputs.docs.push(Input {
            id: m.id,
            path: url,
            base: Default::default(),
            bytes: Some(m.bytes),
            hint: Some(MemberHint {
                reader,
                title: m.title,
                date: m.date,
            }),
        });
    }
}

/// A file found under the input roots: its path, its document id and the
/// folders above the id (see [`Input::base`]).
pub type Found = (PathBuf, String, std::sync::Arc<[String]>);

/// The input files under the given paths, sorted, each with its document
/// id (see [`collect`]): its path under the input root with the last
/// extension dropped, case, spaces and letters of any script kept
/// ("2023/Rapport om hemtjänst", "日本"); a file named alone has its name
/// as its id. Two files of one id (a file and its `.html` twin, one name
/// under two roots) are a collision [`collect`] reports.
pub fn files_under(paths: &[PathBuf]) -> (Vec<Found>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(p, &mut found, &mut errors);
                let base = folders_of(p);
                files.extend(found.into_iter().map(|f| {
                    let id = relative_id(p, &f);
                    (f, id, base.clone())
                }));
            }
            Ok(m) if !m.is_file() => errors.push(InputError::Unreadable {
                path: p.clone(),
                source: std::io::Error::other(
                    "not a regular file (a FIFO, socket or device); refused, as reading it could wait forever",
                ),
            }),
            Ok(_) => {
                let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
                let base = folders_of(parent.unwrap_or(Path::new(".")));
                files.push((p.clone(), doc_id(p), base));
            }
            Err(source) => errors.push(InputError::Unreadable {
                path: p.clone(),
                source,
            }),
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    (files, errors)
}

/// The names of a folder's canonical path, outermost first ("/x/R" → x, R).
fn folders_of(dir: &Path) -> std::sync::Arc<[String]> {
    let Ok(canon) = std::fs::canonicalize(dir) else {
        return Default::default();
    };
    names(&canon).collect()
}

/// The names of a path's folders and file, without root, `.` or `..`.
fn names(path: &Path) -> impl Iterator<Item = String> + '_ {
    path.components().filter_map(|c| match c {
        std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
        _ => None,
    })
}

/// The id of a file under an input root: its folders under the root and
/// its name without the extension, joined by "/" ("2023/rapport").
fn relative_id(root: &Path, file: &Path) -> String {
    let Ok(rel) = file.strip_prefix(root) else {
        return doc_id(file);
    };
    let mut parts: Vec<String> = rel.parent().into_iter().flat_map(names).collect();
    parts.push(doc_id(file));
    parts.join("/")
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
        } else if (ft.is_file() || ft.is_symlink()) && crate::formats::kind_of(&path).is_none() {
            // passed by, and counted in the walk's closing line
            if ft.is_file() {
                errors.push(InputError::NotRead { path });
            }
        } else if ft.is_file() || ft.is_symlink() {
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

/// Where a document came from and which version it is.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    /// The file, or `-` for standard input.
    pub path: PathBuf,
    /// SHA-256 of the bytes as read (before decoding), hex.
    pub sha256: String,
}

/// What the pipeline hands the sink for one input.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Read and extracted; `T` is what the sink's check said of it.
    Extracted {
        source: Source,
        facts: Box<DocFacts>,
        title: String,
        tag: T,
    },
    /// The sink's check declined this version (a store that holds it).
    Skipped(Source),
    /// Could not be read, decoded or extracted; the rest goes on.
    Failed(InputError),
}

/// Options of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Drop facts below this confidence.
    pub min_confidence: f32,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Documents extracted in parallel before they are delivered
    /// ([`CHUNK`] unless a build's plan says otherwise).
    pub chunk: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_confidence: 0.0,
            progress: false,
            chunk: CHUNK,
        }
    }
}

/// Decodes and extracts one document's bytes: its facts and its title.
pub fn extract_bytes(
    bytes: &[u8],
    path: &Path,
    id: &str,
) -> Result<(DocFacts, String), InputError> {
    extract_read(crate::formats::read(bytes, path), path, id)
}

/// Extracts what a reader gave: its facts, with how it was read, and its
/// title.
fn extract_read(
    read: Result<crate::formats::Read, InputError>,
    path: &Path,
    id: &str,
) -> Result<(DocFacts, String), InputError> {
    let read = read?;
    let doc = Document {
        id: id.to_string(),
        path: Some(path.to_path_buf()),
        text: read.text,
    };
    let mut facts = extract_guarded(&doc).map_err(|message| InputError::Extractor {
        path: path.to_path_buf(),
        message,
    })?;
    facts.decoding = read.decoding;
    facts.reader = read.reader;
    facts.date = read.date;
    let title = read.title.unwrap_or_else(|| title_of(&doc.text));
    Ok((facts, title))
}

/// A document read, hashed and extracted ahead of the run.
pub struct Fetched {
    /// the id it was extracted under (a build may give the file the id the
    /// store holds it by; then it is extracted again)
    id: String,
    sha256: String,
    result: Result<(DocFacts, String), InputError>,
}

/// Documents extracted ahead, by path.
pub type Prefetched = HashMap<PathBuf, Fetched>;

/// Reads and extracts up to four plain files named directly, ahead of the
/// run (a build does this while its store opens, so a one-document
/// re-ingest waits for neither alone); with none, warms the extractor up.
/// Folders, standard input and large files wait for the run.
pub fn prefetch(paths: &[PathBuf]) -> Prefetched {
    let mut out = HashMap::new();
    let plain = |p: &PathBuf| {
        p.as_os_str() != "-" && p.is_file() && !is_large(p) && !crate::formats::is_container(p)
    };
    if paths.len() <= PREFETCH_LIMIT && paths.iter().all(plain) {
        for p in paths {
            // an unreadable file is reported by the run proper
            if let Ok(bytes) = std::fs::read(p) {
                let fetched = Fetched {
                    id: doc_id(p),
                    sha256: sha256_hex(&bytes),
                    result: extract_bytes(&bytes, p, &doc_id(p)),
                };
                out.insert(p.clone(), fetched);
            }
        }
    }
    if out.is_empty() {
        warm_up();
    }
    out
}

/// Runs the pipeline over `inputs`. Each chunk of inputs is read, hashed
/// and — where `check` says so (`Some(tag)`) — decoded and extracted in
/// parallel; `deliver` gets each chunk's outcomes in input order, on a
/// thread of its own, while the next chunk is extracted. Memory stays
/// bounded by a chunk or two. A large file is hashed and extracted in
/// sections, never held whole. `deliver`'s first error stops the run.
pub fn run<T: Send, E: Send>(
    inputs: Vec<Input>,
    opts: &Options,
    prefetched: Prefetched,
    check: impl Fn(&Source) -> Option<T> + Sync,
    mut deliver: impl FnMut(Vec<Outcome<T>>) -> Result<(), E> + Send,
) -> Result<(), E> {
    let bar = progress_bar(opts.progress, inputs.len() as u64);
    let has_prefetched = !prefetched.is_empty();
    let prefetched = std::sync::Mutex::new(prefetched);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Outcome<T>>>(1);
    let result = std::thread::scope(|scope| {
        let writer = move || -> Result<(), E> {
            for outcomes in rx {
                deliver(outcomes)?;
            }
            Ok(())
        };
        // named for profiles; a thread the system cannot start ends the
        // run as `scope.spawn` would
        let sink = std::thread::Builder::new()
            .name("socgraf-writer".into())
            .spawn_scoped(scope, writer)
            .unwrap_or_else(|e| panic!("cannot start the writer thread: {e}"));
        let mut inputs = inputs;
        while !inputs.is_empty() {
            let rest = inputs.split_off(inputs.len().min(opts.chunk.max(1)));
            let chunk = std::mem::replace(&mut inputs, rest);
            let outcomes: Vec<Outcome<T>> = chunk
                .into_par_iter()
                .map(|input| {
                    let ahead = has_prefetched
                        .then(|| {
                            prefetched
                                .lock()
                                .ok()
                                .and_then(|mut m| m.remove(&input.path))
                        })
                        .flatten();
                    let o = process(input, ahead, opts, &check);
                    bar.inc(1);
                    o
                })
                .collect();
            // a sink that stopped has its error waiting at the join
            if tx.send(outcomes).is_err() {
                break;
            }
        }
        drop(tx);
        sink.join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    bar.finish_and_clear();
    result
}

/// One input through the pipeline.
fn process<T>(
    input: Input,
    ahead: Option<Fetched>,
    opts: &Options,
    check: &(impl Fn(&Source) -> Option<T> + Sync),
) -> Outcome<T> {
    let Input {
        id,
        path,
        bytes,
        hint,
        ..
    } = input;
    let failed = |source| {
        Outcome::Failed(InputError::Unreadable {
            path: path.clone(),
            source,
        })
    };
    // read (or taken from ahead) and hashed; extraction waits for the check
    enum Content {
        Extracted(Box<Result<(DocFacts, String), InputError>>),
        Bytes(Vec<u8>),
        Large,
    }
    let (sha256, content) = if let Some(f) = ahead.filter(|f| f.id == id) {
        (f.sha256, Content::Extracted(Box::new(f.result)))
    } else if let Some(bytes) = bytes {
        (sha256_hex(&bytes), Content::Bytes(bytes))
    } else if is_large(&path) {
        match sha256_file(&path) {
            Ok(sha) => (sha, Content::Large),
            Err(e) => return failed(e),
        }
    } else {
        match std::fs::read(&path) {
            Ok(bytes) => (sha256_hex(&bytes), Content::Bytes(bytes)),
            Err(e) => return failed(e),
        }
    };
    let src = Source {
        id: id.clone(),
        path: path.clone(),
        sha256,
    };
    let Some(tag) = check(&src) else {
        return Outcome::Skipped(src);
    };
    let extracted = match content {
        Content::Extracted(result) => *result,
        Content::Bytes(bytes) => match &hint {
            Some(h) => extract_read(crate::formats::read_member(&bytes, &path, h), &path, &id),
            None => extract_bytes(&bytes, &path, &id),
        },
        Content::Large => sections::extract_file(&path, &id),
    };
    match extracted {
        Ok((mut facts, title)) => {
            if let Some(w) = facts.decoding.warning(&path) {
                eprintln!("socgraf: warning: {w}");
            }
            if opts.min_confidence > 0.0 {
                facts.filter_confidence(opts.min_confidence);
            }
            Outcome::Extracted {
                source: src,
                facts: Box::new(facts),
                title,
                tag,
            }
        }
        Err(e) => Outcome::Failed(e),
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
