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
    #[error("{path}: not valid UTF-8 text (byte {offset})")]
    Encoding { path: PathBuf, offset: usize },
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
    #[error("SPARQL syntax error: {0}")]
    Sparql(String),
    #[error("query failed: {0}")]
    Evaluation(String),
    #[error("store error: {0}")]
    Storage(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<oxigraph::store::StorageError> for StoreError {
    fn from(e: oxigraph::store::StorageError) -> Self {
        StoreError::Storage(e.to_string())
    }
}

impl From<oxigraph::store::LoaderError> for StoreError {
    fn from(e: oxigraph::store::LoaderError) -> Self {
        StoreError::Storage(e.to_string())
    }
}
