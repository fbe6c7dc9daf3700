//! Opening and locking the store: a missing directory is an error, not a new
//! store; one process writes (RocksDB's lock), many read (a shared lock).
use crate::error::StoreError;
use oxigraph::store::Store;
use std::path::Path;

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
