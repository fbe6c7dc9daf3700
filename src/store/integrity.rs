//! The store's table files as socgraf last saw them (`SOCGRAF-SUMS`: name,
//! size, time, CRC-32) and the check of every block a quad lives in.
//!
//! RocksDB table files (`NNNNNN.sst`) never change once written. A writer
//! records the files it leaves; every open compares the files still there
//! with the record (a `stat` each; the contents only when the size or time
//! differ), so a file changed outside socgraf is named before a query runs
//! over it or a build takes the store for unchanged. Damage the record
//! cannot see (a bad sector under an unchanged time) is RocksDB's block
//! checksum's to find: on the way of a read, or by [`check`] for all.
use crate::error::StoreError;
use crate::model;
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

/// The record's file name, in the store's folder.
pub const SUMS_FILE: &str = "SOCGRAF-SUMS";
const HEADER: &str = "# socgraf table files: name, bytes, mtime (ns), crc32";

/// What the record says of one table file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sum {
    len: u64,
    mtime: u128,
    crc: u32,
}

fn is_table(name: &str) -> bool {
    name.strip_suffix(".sst")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn read_record(dir: &Path) -> BTreeMap<String, Sum> {
    let mut out = BTreeMap::new();
    let Ok(f) = std::fs::File::open(dir.join(SUMS_FILE)) else {
        return out;
    };
    for line in std::io::BufReader::new(f).lines().map_while(Result::ok) {
        let mut cols = line.split('\t');
        let (Some(name), Some(len), Some(mtime), Some(crc)) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        let (Ok(len), Ok(mtime), Ok(crc)) =
            (len.parse(), mtime.parse(), u32::from_str_radix(crc, 16))
        else {
            continue;
        };
        if is_table(name) {
            out.insert(name.to_string(), Sum { len, mtime, crc });
        }
    }
    out
}

/// Writes the record beside the tables, atomically (a reader that cannot
/// write the folder leaves the old record).
fn write_record(dir: &Path, record: &BTreeMap<String, Sum>) -> std::io::Result<()> {
    let tmp = dir.join(format!(".{SUMS_FILE}.{}", std::process::id()));
    let mut text = String::with_capacity(64 * (record.len() + 1));
    text.push_str(HEADER);
    text.push('\n');
    for (name, s) in record {
        text.push_str(&format!("{name}\t{}\t{}\t{:08x}\n", s.len, s.mtime, s.crc));
    }
    let written = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(text.as_bytes()));
    match written.and_then(|()| std::fs::rename(&tmp, dir.join(SUMS_FILE))) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn mtime_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

fn crc_of(path: &Path) -> std::io::Result<u32> {
    let mut f = std::fs::File::open(path)?;
    let mut h = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(h.finalize());
        }
        h.update(&buf[..n]);
    }
}

/// A table file that is no longer what socgraf wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub file: PathBuf,
    pub why: String,
}

impl Changed {
    /// The error a command stops with.
    pub fn error(&self, dir: &Path) -> StoreError {
        StoreError::Corrupt(format!(
            "store damaged: {} changed since socgraf wrote it ({}); `socgraf check --store {}` lists the documents affected",
            self.file.display(),
            self.why,
            dir.display()
        ))
    }
}

/// Compares the table files with the record: a file of another size, or
/// of another time whose contents differ, is changed. `thorough` reads
/// every recorded file whatever its time. Files that only got a new time
/// (a copy of the store) are recorded anew when the folder can be written.
pub fn changed_files(dir: &Path, thorough: bool) -> Vec<Changed> {
    let mut record = read_record(dir);
    let mut changed = Vec::new();
    let mut retimed = false;
    for (name, sum) in record.iter_mut() {
        let path = dir.join(name);
        // gone: compacted away, which is how RocksDB replaces a file
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.len() != sum.len {
            changed.push(Changed {
                why: format!("{} bytes, {} when written", meta.len(), sum.len),
                file: path,
            });
            continue;
        }
        let mtime = mtime_ns(&meta);
        if mtime == sum.mtime && !thorough {
            continue;
        }
        match crc_of(&path) {
            Ok(crc) if crc == sum.crc => {
                if mtime != sum.mtime {
                    sum.mtime = mtime;
                    retimed = true;
                }
            }
            Ok(_) => changed.push(Changed {
                why: "its contents differ".into(),
                file: path,
            }),
            Err(e) => changed.push(Changed {
                why: format!("cannot be read: {e}"),
                file: path,
            }),
        }
    }
    if retimed && changed.is_empty() {
        let _ = write_record(dir, &record);
    }
    changed
}

/// Stops at the first table file changed since socgraf wrote it.
pub fn verify(dir: &Path) -> Result<(), StoreError> {
    match changed_files(dir, false).first() {
        Some(c) => Err(c.error(dir)),
        None => Ok(()),
    }
}

/// Records the table files a writer leaves (call it with the store
/// closed): files already recorded keep their sums, new ones are read.
/// Best effort: a record that cannot be written only means less is checked.
pub fn record(dir: &Path) {
    let old = read_record(dir);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut new = BTreeMap::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !is_table(&name) {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        let (len, mtime) = (meta.len(), mtime_ns(&meta));
        let sum = match old.get(&name) {
            Some(s) if s.len == len && s.mtime == mtime => *s,
            _ => match crc_of(&e.path()) {
                Ok(crc) => Sum { len, mtime, crc },
                Err(_) => continue,
            },
        };
        new.insert(name, sum);
    }
    if new != old {
        let _ = write_record(dir, &new);
    }
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// named graphs read (documents and socgraf's own), and the default graph
    pub graphs: usize,
    /// quads read and found in every index
    pub quads: u64,
    /// table files changed since socgraf wrote them
    pub changed: Vec<Changed>,
    /// the distinct read errors (each names its file and offset)
    pub errors: Vec<String>,
    /// quads missing from an index that should hold them
    pub missing: u64,
    /// the graphs whose quads cannot all be read, with the file each
    /// document was read from when that is readable
    pub affected: Vec<(String, Option<String>)>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.errors.is_empty() && self.missing == 0
    }
}

/// Reads every quad of every graph, finds it in the other graph-first
/// orderings and reads its ranges in the subject-, object- and
/// predicate-first ones, so that every block holding a quad, and every
/// string a quad names, is read and its checksum verified. A graph with any quad that cannot be read is
/// affected. A read error stops only the scan it occurred in.
pub fn check(dir: &Path, store: &Store) -> CheckReport {
    let mut report = CheckReport {
        changed: changed_files(dir, true),
        ..Default::default()
    };
    let mut errors: HashSet<String> = HashSet::new();
    let mut graphs: Vec<Option<oxigraph::model::NamedNode>> = vec![None];
    for g in store.named_graphs() {
        match g {
            Ok(NamedOrBlankNode::NamedNode(n)) => graphs.push(Some(n)),
            Ok(_) => {}
            Err(e) => {
                errors.insert(e.to_string());
                break;
            }
        }
    }
    // graphs in parallel; a shared range is read by the first graph that
    // meets it, so a graph met later may pass it by while it is read: when
    // a range proved unreadable, every graph with a quad in it is found
    // again (in order) below
    use rayon::prelude::*;
    let ranges = Ranges::default();
    let mut results: Vec<GraphCheck> = graphs
        .par_iter()
        .map(|g| check_graph(store, g.as_ref(), &ranges))
        .collect();
    let bad = ranges.bad.into_inner().unwrap_or_default();
    if !bad.is_empty() {
        for (g, r) in graphs.iter().zip(results.iter_mut()) {
            if !r.damaged && meets(store, g.as_ref(), &bad) {
                r.damaged = true;
                r.affected = affected(store, g.as_ref());
            }
        }
    }
    for r in results {
        report.graphs += 1;
        report.quads += r.quads;
        report.missing += r.missing;
        errors.extend(r.errors);
        if r.damaged {
            report.affected.push(r.affected);
        }
    }
    let mut errors: Vec<String> = errors.into_iter().collect();
    errors.sort();
    report.errors = errors;
    report
}

/// What reading one graph found.
struct GraphCheck {
    quads: u64,
    missing: u64,
    errors: Vec<String>,
    damaged: bool,
    affected: (String, Option<String>),
}

fn check_graph(
    store: &Store,
    g: Option<&oxigraph::model::NamedNode>,
    ranges: &Ranges,
) -> GraphCheck {
    let name = g.map_or(GraphNameRef::DefaultGraph, |n| n.as_ref().into());
    let mut r = GraphCheck {
        quads: 0,
        missing: 0,
        errors: Vec::new(),
        damaged: false,
        affected: (String::new(), None),
    };
    for q in store.quads_for_pattern(None, None, None, Some(name)) {
        let q = match q {
            Ok(q) => q,
            Err(e) => {
                r.errors.push(e.to_string());
                r.damaged = true;
                break;
            }
        };
        r.quads += 1;
        match probe(store, &q, ranges) {
            Probe::Found => {}
            Probe::Missing => {
                r.missing += 1;
                r.damaged = true;
            }
            Probe::Unreadable(e) => {
                // (empty: a range already found unreadable)
                if !e.is_empty() {
                    r.errors.push(e);
                }
                r.damaged = true;
            }
        }
    }
    if r.damaged {
        r.affected = affected(store, g);
    }
    r
}

fn affected(store: &Store, g: Option<&oxigraph::model::NamedNode>) -> (String, Option<String>) {
    let graph = g.map_or_else(String::new, |n| n.as_str().to_string());
    (graph, g.and_then(|n| source_of(store, n.as_ref())))
}

/// Whether a graph has a quad in one of the shared ranges found unreadable.
fn meets(store: &Store, g: Option<&oxigraph::model::NamedNode>, bad: &HashSet<u64>) -> bool {
    let name = g.map_or(GraphNameRef::DefaultGraph, |n| n.as_ref().into());
    store
        .quads_for_pattern(None, None, None, Some(name))
        .map_while(Result::ok)
        .any(|q| shared_ranges(&q).iter().any(|(key, _)| bad.contains(key)))
}

enum Probe {
    Found,
    Missing,
    Unreadable(String),
}

/// The ranges of the shared orderings already read, by hash of their
/// prefix: a subject's quads (`s ?p ?o ?g`), an object's (`?s ?p o ?g`), a
/// predicate and object's (`?s p o ?g`). One of them can hold a quad of
/// every document (a class every person has), so each is read once, whole,
/// and its outcome kept; together they cover the three orderings.
#[derive(Default)]
struct Ranges {
    read: std::sync::Mutex<HashSet<u64>>,
    bad: std::sync::Mutex<HashSet<u64>>,
}

/// A quad's three shared ranges, each with the hash that names it.
fn shared_ranges(q: &Quad) -> [(u64, Pattern<'_>); 3] {
    let (s, p, o) = (q.subject.as_ref(), q.predicate.as_ref(), q.object.as_ref());
    let patterns: [(u8, Pattern<'_>); 3] = [
        (0, (Some(s), None, None, None)),
        (1, (None, None, Some(o), None)),
        (2, (None, Some(p), Some(o), None)),
    ];
    patterns.map(|(tag, pattern)| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        tag.hash(&mut h);
        pattern.0.hash(&mut h);
        pattern.1.hash(&mut h);
        pattern.2.hash(&mut h);
        (h.finish(), pattern)
    })
}

/// Reads a quad's ranges in the subject-, object- and predicate-first
/// orderings, and finds the quad itself in the graph-first ones (`g p o ?s`,
/// `g o s ?p`: ranges of one graph, small).
fn probe(store: &Store, q: &Quad, ranges: &Ranges) -> Probe {
    let g = q.graph_name.as_ref();
    let (s, p, o) = (q.subject.as_ref(), q.predicate.as_ref(), q.object.as_ref());
    let want = q.as_ref();
    for pattern in [
        (None, Some(p), Some(o), Some(g)),
        (Some(s), None, Some(o), Some(g)),
    ] {
        match find(store, pattern, want) {
            Probe::Found => {}
            other => return other,
        }
    }
    for (key, (s, p, o, g)) in shared_ranges(q) {
        if ranges.bad.lock().is_ok_and(|b| b.contains(&key)) {
            return Probe::Unreadable(String::new());
        }
        if !ranges.read.lock().is_ok_and(|mut r| r.insert(key)) {
            continue;
        }
        for r in store.quads_for_pattern(s, p, o, g) {
            if let Err(e) = r {
                if let Ok(mut b) = ranges.bad.lock() {
                    b.insert(key);
                }
                return Probe::Unreadable(e.to_string());
            }
        }
    }
    Probe::Found
}

type Pattern<'a> = (
    Option<oxigraph::model::NamedOrBlankNodeRef<'a>>,
    Option<NamedNodeRef<'a>>,
    Option<oxigraph::model::TermRef<'a>>,
    Option<GraphNameRef<'a>>,
);

fn find(store: &Store, (s, p, o, g): Pattern<'_>, want: QuadRef<'_>) -> Probe {
    for r in store.quads_for_pattern(s, p, o, g) {
        match r {
            Ok(q) if q.as_ref() == want => return Probe::Found,
            Ok(_) => {}
            Err(e) => return Probe::Unreadable(e.to_string()),
        }
    }
    Probe::Missing
}

/// The file a document graph says it was read from, when that is readable.
fn source_of(store: &Store, g: NamedNodeRef<'_>) -> Option<String> {
    let source = oxigraph::model::NamedNode::new_unchecked(format!("{}source", model::DCTERMS));
    for r in store.quads_for_pattern(Some(g.into()), Some(source.as_ref()), None, Some(g.into())) {
        match r {
            Ok(Quad {
                object: Term::Literal(l),
                ..
            }) => return Some(l.value().to_string()),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}
