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
    /// A storage-layer message, classified: a full disk is its own error.
    pub fn storage(message: String) -> Self {
        if is_disk_full(&message) {
            StoreError::DiskFull(message)
        } else {
            StoreError::Storage(message)
        }
    }
}

impl From<oxigraph::store::StorageError> for StoreError {
    fn from(e: oxigraph::store::StorageError) -> Self {
        StoreError::storage(e.to_string())
    }
}

impl From<oxigraph::store::LoaderError> for StoreError {
    fn from(e: oxigraph::store::LoaderError) -> Self {
        StoreError::storage(e.to_string())
    }
}
