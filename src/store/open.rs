//! Opening, creating and locking the store: a new store only in an absent or
//! empty folder, made beside it and renamed in; one writer, many readers.
use crate::error::StoreError;
use oxigraph::store::Store;
use std::path::Path;

/// What a folder named as a store holds.
#[derive(Debug, PartialEq, Eq)]
pub enum DirState {
    /// no such folder
    Absent,
    /// an empty folder
    Empty,
    /// a store (its `CURRENT` file is there)
    Store,
    /// table files or a manifest without `CURRENT`: a store that lost files
    Damaged,
    /// only the files RocksDB writes first (a creation interrupted by an
    /// older version, before anything was stored)
    Unfinished,
    /// files of another kind (a folder of articles)
    Other,
}

/// Looks at a folder named as a store without opening it.
pub fn dir_state(dir: &Path) -> DirState {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return if dir.exists() {
            DirState::Other
        } else {
            DirState::Absent
        };
    };
    if dir.join("CURRENT").exists() {
        return DirState::Store;
    }
    let names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return DirState::Empty;
    }
    if names
        .iter()
        .any(|n| n.ends_with(".sst") || n.starts_with("MANIFEST-"))
    {
        return DirState::Damaged;
    }
    let rocksdb_start = |n: &str| {
        matches!(n, "LOCK" | "LOG" | "IDENTITY")
            || n.starts_with("LOG.old.")
            || n.starts_with("OPTIONS-")
            || (n.ends_with(".log")
                && n.trim_end_matches(".log")
                    .chars()
                    .all(|c| c.is_ascii_digit()))
    };
    if names.iter().all(|n| rocksdb_start(n)) {
        DirState::Unfinished
    } else {
        DirState::Other
    }
}

/// The error for a folder that cannot be opened as an existing store.
fn not_open(dir: &Path, state: DirState) -> StoreError {
    match state {
        DirState::Damaged => StoreError::Damaged(dir.to_path_buf()),
        DirState::Other => StoreError::NotAStore(dir.to_path_buf()),
        _ => StoreError::Missing(dir.to_path_buf()),
    }
}

/// Opens an existing store; a missing directory is an error, not a new store.
/// A store held by another process (a running `build`) is reported as busy
/// at once: Oxigraph's read-only open is undefined while another process
/// writes, so socgraf does not attempt it.
pub fn open_existing(dir: &Path) -> Result<Store, StoreError> {
    match dir_state(dir) {
        DirState::Store => {
            super::integrity::verify(dir)?;
            open_dir(dir, None).map_err(|e| open_error(dir, e))
        }
        state => Err(not_open(dir, state)),
    }
}

#[cfg(feature = "store")]
fn open_dir(dir: &Path, open_files: Option<u32>) -> Result<Store, oxigraph::store::StorageError> {
    match open_files {
        Some(n) => Store::open_with_options(
            dir,
            oxigraph::store::StoreOptions::default().with_max_open_files(n),
        ),
        None => Store::open(dir),
    }
}

#[cfg(not(feature = "store"))]
fn open_dir(_: &Path, _: Option<u32>) -> Result<Store, oxigraph::store::StorageError> {
    Err(oxigraph::store::StorageError::Other(
        "socgraf was built without the on-disk store (cargo feature `store`)".into(),
    ))
}

fn open_error(dir: &Path, e: oxigraph::store::StorageError) -> StoreError {
    let msg = e.to_string();
    if crate::error::is_disk_full(&msg) {
        return StoreError::DiskFull(format!("{}: {msg}", dir.display()));
    }
    if crate::error::is_corruption(&msg) {
        return StoreError::storage(msg);
    }
    // RocksDB: "While lock file: kg/LOCK: Resource temporarily unavailable",
    // "lock hold by current process" (not "block checksum mismatch")
    if msg.contains("LOCK") || msg.contains("lock file") || msg.contains("lock hold") {
        return busy(dir);
    }
    StoreError::Open {
        path: dir.to_path_buf(),
        message: msg,
    }
}

/// The store is held by another process (or this one): the message says
/// whether by readers or by a writer.
fn busy(dir: &Path) -> StoreError {
    let who = match holder(dir) {
        Some(Holder::Readers) => "readers (socgraf query, export, analyze or link while it asks the endpoint) have it open".to_string(),
        Some(Holder::Writer(Some(pid))) => format!("a writer (socgraf build or link, process {pid}) holds it"),
        Some(Holder::Writer(None)) => "a writer (socgraf build or link) holds it".to_string(),
        None => "another socgraf process holds it".to_string(),
    };
    StoreError::Open {
        path: dir.to_path_buf(),
        message: format!("store is busy: {who}; try again when it has finished"),
    }
}

/// Who holds a store's `LOCK` file.
enum Holder {
    /// shared locks of readers
    Readers,
    /// RocksDB's exclusive lock, with the process when the system says it
    Writer(Option<i32>),
}

/// Asks the system which lock stands in the way of an exclusive one on the
/// store's `LOCK` file.
#[cfg(target_os = "linux")]
fn holder(dir: &Path) -> Option<Holder> {
    use std::os::fd::AsRawFd;
    let f = std::fs::File::open(dir.join("LOCK")).ok()?;
    // SAFETY: `flock` is plain data (zero is valid for every field, and the
    // l_pid an OFD query requires); `fcntl` writes the conflicting lock
    // into it; the descriptor is open.
    let (rc, fl) = unsafe {
        let mut fl: libc::flock = std::mem::zeroed();
        fl.l_type = libc::F_WRLCK as _;
        fl.l_whence = libc::SEEK_SET as _;
        let rc = libc::fcntl(f.as_raw_fd(), libc::F_OFD_GETLK, &mut fl);
        (rc, fl)
    };
    // closing a descriptor of the file would release a classic lock this
    // process holds on it (RocksDB's, when it has the store open): kept open
    std::mem::forget(f);
    if rc == -1 {
        return None;
    }
    match i32::from(fl.l_type) {
        t if t == libc::F_RDLCK => Some(Holder::Readers),
        t if t == libc::F_WRLCK => Some(Holder::Writer((fl.l_pid > 0).then_some(fl.l_pid))),
        _ => None,
    }
}

#[cfg(not(target_os = "linux"))]
fn holder(_: &Path) -> Option<Holder> {
    None
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
    match dir_state(dir) {
        DirState::Store => {}
        state => return Err(not_open(dir, state)),
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
    super::integrity::verify(dir)?;
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

/// Opens a store, or creates one in an absent or empty folder. A folder
/// with a store's table files but no `CURRENT` is refused as damaged (a new
/// store there would drop the old tables), one with other files as no store.
///
/// A new store is made beside the folder (`.NAME.creating-PID`) and renamed
/// into place once RocksDB has written all of it: a build killed while it
/// creates the store leaves no store a reader could half see, and the next
/// build removes what it left and starts again.
pub fn open_or_create(dir: &Path) -> Result<Store, StoreError> {
    open_or_create_with(dir, None)
}

/// As [`open_or_create`], with RocksDB keeping at most `open_files` table
/// files open (None: as many as the process may open).
pub fn open_or_create_with(dir: &Path, open_files: Option<u32>) -> Result<Store, StoreError> {
    match dir_state(dir) {
        DirState::Store => {
            super::integrity::verify(dir)?;
            return open_dir(dir, open_files).map_err(|e| open_error(dir, e));
        }
        DirState::Damaged => return Err(StoreError::Damaged(dir.to_path_buf())),
        DirState::Other => return Err(StoreError::NotAStore(dir.to_path_buf())),
        DirState::Absent | DirState::Empty | DirState::Unfinished => {}
    }
    create(dir)?;
    open_dir(dir, open_files).map_err(|e| open_error(dir, e))
}

#[cfg(feature = "store")]
fn create(dir: &Path) -> Result<(), StoreError> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "store".into());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    remove_abandoned_creations(&parent, &name);
    let tmp = parent.join(format!(".{name}.creating-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    {
        let store = Store::open(&tmp).map_err(|e| open_error(&tmp, e))?;
        store.flush().map_err(|e| open_error(&tmp, e))?;
    }
    // an empty folder (or one a creation of an older version left) gives
    // way; `rename` replaces only an empty one
    if dir.exists() {
        for e in std::fs::read_dir(dir)?.flatten() {
            std::fs::remove_file(e.path())?;
        }
    }
    std::fs::rename(&tmp, dir)?;
    Ok(())
}

#[cfg(not(feature = "store"))]
fn create(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir)?;
    Ok(())
}

/// Removes what creations of this store killed before they finished left
/// beside it (`.NAME.creating-PID` of a process that is gone).
#[cfg(feature = "store")]
fn remove_abandoned_creations(parent: &Path, name: &str) {
    let prefix = format!(".{name}.creating-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file.strip_prefix(&prefix) else {
            continue;
        };
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
        });
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(msg: &str) -> oxigraph::store::StorageError {
        oxigraph::store::StorageError::Other(msg.into())
    }

    #[test]
    fn a_bad_block_on_open_is_damage_not_a_busy_store() {
        let dir = Path::new("kg");
        let e = open_error(dir, other("Corruption: block checksum mismatch: stored = 1, computed = 2, type = 4  in kg/000022.sst offset 7568245 size 119926, block_type = Index  The file kg/MANIFEST-000013 may be corrupted."));
        assert!(
            matches!(&e, StoreError::Corrupt(m) if m.contains("kg/000022.sst") && m.contains("socgraf check --store kg")),
            "{e}"
        );
        let e = open_error(
            dir,
            other("IO error: While lock file: kg/LOCK: Resource temporarily unavailable"),
        );
        assert!(
            matches!(&e, StoreError::Open { message, .. } if message.contains("busy")),
            "{e}"
        );
    }
}
