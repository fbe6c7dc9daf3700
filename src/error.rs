//! Error types of the library layers: reading input, the store, queries.
//! The CLI maps each variant to a documented exit code (see README).
use std::path::PathBuf;

/// Errors raised while reading and decoding an input document.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not valid {encoding} text (byte {offset} begins no character)")]
    Encoding {
        path: PathBuf,
        encoding: &'static str,
        offset: usize,
    },
    #[error("{path}: binary file skipped")]
    Binary { path: PathBuf },
    #[error("{path}: {message}")]
    Extractor { path: PathBuf, message: String },
    /// A file a folder walk passed by: not of a kind socgraf reads. Counted
    /// in a closing line by kind (each named with `--verbose`); not a
    /// failure, so it does not change the exit status.
    #[error("{path}: not read (not a kind socgraf reads)")]
    NotRead { path: PathBuf },
    /// A PDF whose pages hold no text layer (a scan).
    #[error("{path}: no text layer (a scanned PDF?): not read; it needs OCR first")]
    NoText { path: PathBuf },
}

impl InputError {
    /// Whether this is a file passed by ([`InputError::NotRead`]), not a failure.
    pub fn is_not_read(&self) -> bool {
        matches!(self, InputError::NotRead { .. })
    }
}

/// The closing line of a folder walk: what it did not read, by kind
/// ("skipped 3 .jpg, 1 .xlsx"), most first; None when it read everything.
///
/// ```
/// use socgraf::error::{skipped_line, InputError};
/// let e = |p: &str| InputError::NotRead { path: p.into() };
/// let line = skipped_line(&[e("a/b.jpg"), e("c.JPG"), e("d.xlsx"), e("README")]).unwrap();
/// assert_eq!(line, "skipped 2 .jpg, 1 .xlsx, 1 without extension (not kinds socgraf reads; --verbose names them)");
/// let scan = InputError::NoText { path: "skannad.pdf".into() };
/// assert_eq!(skipped_line(&[e("x.jpg"), scan]).unwrap(),
///     "skipped 1 .jpg (not kinds socgraf reads; --verbose names them); 1 PDF without text");
/// ```
pub fn skipped_line(errors: &[InputError]) -> Option<String> {
    let mut by_kind: std::collections::BTreeMap<String, usize> = Default::default();
    for e in errors {
        if let InputError::NotRead { path } = e {
            let kind = path
                .extension()
                .map(|x| format!(".{}", x.to_string_lossy().to_lowercase()))
                .unwrap_or_else(|| "without extension".into());
            *by_kind.entry(kind).or_default() += 1;
        }
    }
    let scans = errors
        .iter()
        .filter(|e| matches!(e, InputError::NoText { .. }))
        .count();
    if by_kind.is_empty() && scans == 0 {
        return None;
    }
    let mut kinds: Vec<(String, usize)> = by_kind.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let listed: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let mut line = String::from("skipped ");
    if !listed.is_empty() {
        line.push_str(&format!(
            "{} (not kinds socgraf reads; --verbose names them)",
            listed.join(", ")
        ));
    }
    if scans > 0 {
        if !listed.is_empty() {
            line.push_str("; ");
        }
        line.push_str(&format!("{scans} PDF without text"));
    }
    Some(line)
}

/// Errors raised by the store, query and export layers.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no socgraf store at {0} (create one with `socgraf build PATH --store {0}`)")]
    Missing(PathBuf),
    #[error("store at {path} is busy or cannot be opened: {message}")]
    Open { path: PathBuf, message: String },
    /// A folder that holds a store's table files but not its `CURRENT`
    /// file: never opened as new (RocksDB would drop the old tables).
    #[error("store at {0} is damaged: CURRENT is missing (its table files are there); nothing was written. Restore CURRENT from a backup, or build into another folder")]
    Damaged(PathBuf),
    /// A folder with files that are no store: neither read nor written.
    #[error("{0} is not a socgraf store: it holds other files (a store is a folder `socgraf build` created; name an empty or new folder with --store)")]
    NotAStore(PathBuf),
    /// The command would have removed or written data on a doubtful
    /// ground (`--prune` after an input failure); nothing was written.
    #[error("{0}")]
    Refused(String),
    #[error("SPARQL syntax error: {0}")]
    Sparql(String),
    #[error("query failed: {0}")]
    Evaluation(String),
    /// A query passed one of its limits (time, memory, rows).
    #[error("{0}")]
    Limit(String),
    #[error("store error: {0}")]
    Storage(String),
    /// A table file of the store fails its checksum, or changed since
    /// socgraf wrote it: the read stops at the first bad block, naming the
    /// file; `socgraf check` says which documents are affected.
    #[error("{0}")]
    Corrupt(String),
    /// The device holding the store (or an output file) ran out of space.
    /// Every document committed before is kept whole; the one being written
    /// is absent, so running the same command again once there is space
    /// finishes the job.
    #[error("disk full: {0}; free space and run the command again")]
    DiskFull(String),
    #[error("{0}")]
    Io(std::io::Error),
}

/// RocksDB reports a full device as text (`strerror(ENOSPC)`), std as an
/// error kind; both mean the same to the user.
pub fn is_disk_full(message: &str) -> bool {
    message.contains("No space left on device") || message.contains("Disk quota exceeded")
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        if matches!(
            e.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ) || is_disk_full(&e.to_string())
        {
            StoreError::DiskFull(e.to_string())
        } else {
            StoreError::Io(e)
        }
    }
}

impl StoreError {
    /// A storage-layer message, classified: a full disk and a damaged table
    /// file are errors of their own.
    pub fn storage(message: String) -> Self {
        if is_disk_full(&message) {
            StoreError::DiskFull(message)
        } else if is_corruption(&message) {
            StoreError::Corrupt(describe_corruption(&message))
        } else {
            StoreError::Storage(message)
        }
    }

    /// A query's evaluation error: a damaged table file met on the way is
    /// reported as such.
    pub fn evaluation(message: String) -> Self {
        if is_corruption(&message) {
            StoreError::Corrupt(describe_corruption(&message))
        } else {
            StoreError::Evaluation(message)
        }
    }
}

/// Whether RocksDB (or Oxigraph's decoder) says the stored bytes are bad.
pub fn is_corruption(message: &str) -> bool {
    message.contains("Corruption:") || message.contains("checksum mismatch")
}

/// RocksDB's corruption status ("Corruption: block checksum mismatch: …
/// in kg/000022.sst offset 2305981 size 1894") as a sentence that names the
/// file, the offset and what to run next.
///
/// ```
/// let m = socgraf::error::describe_corruption(
///     "Corruption: block checksum mismatch: stored = 1, computed = 2, type = 4  in kg/000022.sst offset 2305981 size 1894, block_type = Data");
/// assert!(m.starts_with("store damaged: kg/000022.sst fails its checksum at byte 2305981"));
/// assert!(m.contains("socgraf check --store kg"));
/// ```
pub fn describe_corruption(message: &str) -> String {
    let file = message
        .split_whitespace()
        .skip_while(|w| *w != "in")
        .nth(1)
        .filter(|f| f.ends_with(".sst") || f.ends_with(".log") || f.ends_with(".blob"))
        .map(|f| f.trim_end_matches(','));
    let offset = message
        .split_whitespace()
        .skip_while(|w| *w != "offset")
        .nth(1)
        .map(|o| o.trim_end_matches(','));
    let Some(file) = file else {
        return format!(
            "store damaged: {message}; `socgraf check --store DIR` lists the documents affected"
        );
    };
    let dir = std::path::Path::new(file)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| ".".to_string(), |d| d.display().to_string());
    let what = if message.contains("checksum mismatch") {
        "fails its checksum"
    } else {
        "cannot be read"
    };
    let at = offset.map(|o| format!(" at byte {o}")).unwrap_or_default();
    format!(
        "store damaged: {file} {what}{at} ({}); `socgraf check --store {dir}` lists the documents affected",
        message.trim()
    )
}

impl From<oxigraph::store::StorageError> for StoreError {
    fn from(e: oxigraph::store::StorageError) -> Self {
        match e {
            // Oxigraph's own decoder found bytes it cannot read
            oxigraph::store::StorageError::Corruption(c) if !is_corruption(&c.to_string()) => {
                StoreError::Corrupt(describe_corruption(&format!("Corruption: {c}")))
            }
            e => StoreError::storage(e.to_string()),
        }
    }
}

impl From<oxigraph::store::LoaderError> for StoreError {
    fn from(e: oxigraph::store::LoaderError) -> Self {
        StoreError::storage(e.to_string())
    }
}
