//! How a build spends what it is given: its threads and its memory budget
//! (`--memory`) become loader threads, batch, chunk and commit sizes.
//!
//! The memory model counts what a build holds at its peak:
//! - [`FIXED_MB`]: the program, the reference data, RocksDB's caches and
//!   its ingestion and compaction, whatever the batches;
//! - [`THREAD_MB`] per thread: the documents a thread extracts and its
//!   share of the chunks in flight (extracted, queued, being written);
//! - [`QUAD_BYTES`] per quad of each batch held at once: the batch being
//!   gathered, the batches the loader threads encode and sort, and as many
//!   again while a commit finishes in the background (2 × threads + 1).
//!
//! The coefficients were measured on the bench corpus (README, "Cores and
//! memory"); each is rounded up, so the model errs towards less memory.

/// Megabytes a build needs whatever its batches and threads, up to a store
/// of 100 000 documents (RocksDB's share grows with the store: about 300 MB
/// at 10 000 documents, 350 at 100 000).
pub const FIXED_MB: usize = 350;
/// Megabytes per thread: a chunk's share of documents and quads in flight,
/// and the allocator's caches of the thread (16 threads took about 90 MB
/// more than 2).
pub const THREAD_MB: usize = 6;
/// Bytes per quad of a batch held in memory: the quad and its strings as
/// gathered (about 0.3 kB), then encoded, hashed and sorted in a loader
/// thread (about 0.5 kB more at its peak).
pub const QUAD_BYTES: usize = 800;
/// The smallest batch a build accepts: smaller ones leave RocksDB so many
/// overlapping files to compact that the build would crawl.
pub const MIN_BATCH: usize = 20_000;
/// A loader thread is dropped rather than let batches fall below this size:
/// each batch is one sorted file per index, and many small files cost more
/// compaction than another sorting thread saves.
pub const GOOD_BATCH: usize = 100_000;
/// Oxigraph's own batch size: larger batches gain nothing more.
pub const MAX_BATCH: usize = 1_000_000;
/// Sorting threads at most, however many cores.
pub const MAX_LOADER_THREADS: usize = 8;
/// Documents per chunk at most (at least: the ingest pipeline's own chunk).
const MAX_CHUNK: usize = 4096;
/// The memory budget of a build unless `--memory` says otherwise.
pub const DEFAULT_MEMORY_MB: usize = 1024;
/// Open table files at least and at most: one per two megabytes of budget
/// between the two. (At 100 000 documents, 16 threads and 512 MB, a cap of
/// 300 took the peak RSS from 533 to 495 MB at the same speed; without a
/// cap RocksDB keeps as many open as the process may, 20 000 here.)
const MIN_OPEN_FILES: u32 = 256;
const MAX_OPEN_FILES: u32 = 8_192;
/// New documents per commit per thread (from two threads up to eight):
/// about 15 seconds of work whatever the machine, since the build's pace
/// grows with its threads.
const COMMIT_PER_THREAD: usize = 8_192;

/// What a build does with the threads and memory it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Threads extraction and modelling run on (rayon's).
    pub threads: usize,
    /// The memory budget, in megabytes.
    pub memory_mb: usize,
    /// Threads the bulk loader encodes and sorts batches in.
    pub loader_threads: usize,
    /// Quads per batch handed to the bulk loader; also the slice in which
    /// a very large document streams its quads.
    pub load_batch: usize,
    /// Documents extracted in parallel before they are written.
    pub chunk: usize,
    /// New documents per atomic commit.
    pub commit_every: usize,
    /// Table files RocksDB keeps open: each holds its index in memory, and
    /// a build makes one file per index per batch, thousands of them before
    /// compaction merges them; capped, the least recently used are closed.
    pub open_files: u32,
}

impl Plan {
    /// The plan for `threads` threads within `memory_mb` megabytes, or why
    /// the budget is too small (with the least that would do).
    ///
    /// Loader threads: half the threads and one more (sorting is about half
    /// of a build's work, and the extra thread keeps the writer from waiting
    /// for a sort), at most [`MAX_LOADER_THREADS`], and fewer when the
    /// budget would leave each batch under [`GOOD_BATCH`] quads. Batches
    /// take what the budget leaves after [`FIXED_MB`] and [`THREAD_MB`] per
    /// thread, shared among the 2 × loader threads + 1 batches held at once.
    ///
    /// ```
    /// use socgraf::store::Plan;
    /// let p = Plan::new(2, 1024).unwrap();
    /// assert_eq!(p.loader_threads, 2);
    /// assert!(Plan::new(16, 200).is_err());
    /// ```
    pub fn new(threads: usize, memory_mb: usize) -> Result<Plan, String> {
        let threads = threads.max(1);
        let held = FIXED_MB + THREAD_MB * threads;
        let least = held + (QUAD_BYTES * 3 * MIN_BATCH).div_ceil(1 << 20);
        if memory_mb < least {
            return Err(format!(
                "a memory budget of {memory_mb} MB is too small for a build on {threads} threads: it needs at least {least} MB (fewer threads need less: RAYON_NUM_THREADS)"
            ));
        }
        let spare = (memory_mb - held) << 20;
        let batch = |loaders: usize| spare / (QUAD_BYTES * (2 * loaders + 1));
        let mut loader_threads = (threads / 2 + 1).min(MAX_LOADER_THREADS);
        while loader_threads > 1 && batch(loader_threads) < GOOD_BATCH {
            loader_threads -= 1;
        }
        let load_batch = batch(loader_threads).min(MAX_BATCH);
        let chunk = (32 * threads).clamp(crate::ingest::CHUNK, MAX_CHUNK);
        let commit_every = COMMIT_PER_THREAD * threads.clamp(2, 8);
        let open_files = u32::try_from(memory_mb / 2)
            .unwrap_or(u32::MAX)
            .clamp(MIN_OPEN_FILES, MAX_OPEN_FILES);
        Ok(Plan {
            threads,
            memory_mb,
            loader_threads,
            load_batch,
            chunk,
            commit_every,
            open_files,
        })
    }

    /// The peak the model expects, in megabytes: within the budget.
    pub fn expected_peak_mb(&self) -> usize {
        FIXED_MB
            + THREAD_MB * self.threads
            + (QUAD_BYTES * self.load_batch * (2 * self.loader_threads + 1)).div_ceil(1 << 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plan_fits_its_budget() {
        for threads in [1, 2, 3, 4, 8, 16, 32, 64, 128] {
            for memory in [384, 512, 768, 1024, 2048, 8192, 131_072] {
                let Ok(p) = Plan::new(threads, memory) else {
                    continue;
                };
                assert!(
                    p.expected_peak_mb() <= memory,
                    "{threads} threads, {memory} MB: {p:?} expects {} MB",
                    p.expected_peak_mb()
                );
                assert!(
                    p.load_batch >= MIN_BATCH && p.load_batch <= MAX_BATCH,
                    "{p:?}"
                );
                assert!(
                    (1..=MAX_LOADER_THREADS).contains(&p.loader_threads),
                    "{p:?}"
                );
            }
        }
    }

    #[test]
    fn more_cores_more_loader_threads_when_memory_allows() {
        let loaders = |t| Plan::new(t, 65_536).map(|p| p.loader_threads);
        assert_eq!(loaders(1), Ok(1));
        assert_eq!(loaders(2), Ok(2));
        assert_eq!(loaders(4), Ok(3));
        assert_eq!(loaders(8), Ok(5));
        assert_eq!(loaders(16), Ok(MAX_LOADER_THREADS));
        assert_eq!(loaders(128), Ok(MAX_LOADER_THREADS));
    }

    #[test]
    fn a_tight_budget_trades_loader_threads_for_batch_size() {
        // 16 threads in the default budget: fewer sorting threads, each
        // batch still at least GOOD_BATCH quads
        let p = Plan::new(16, DEFAULT_MEMORY_MB).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.loader_threads < MAX_LOADER_THREADS, "{p:?}");
        assert!(p.load_batch >= GOOD_BATCH, "{p:?}");
        // 16 threads in 512 MB: one sorting thread, smaller batches
        let p = Plan::new(16, 512).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.loader_threads, 1, "{p:?}");
        assert!(p.load_batch < GOOD_BATCH, "{p:?}");
        // more memory, larger batches, up to Oxigraph's own
        let small = Plan::new(2, 768).unwrap_or_else(|e| panic!("{e}"));
        let large = Plan::new(2, 2048).unwrap_or_else(|e| panic!("{e}"));
        assert!(large.load_batch > small.load_batch);
        assert_eq!(Plan::new(2, 131_072).map(|p| p.load_batch), Ok(MAX_BATCH));
    }

    #[test]
    fn a_budget_below_the_least_is_refused_with_the_least() {
        let e = Plan::new(16, 300).err().unwrap_or_default();
        assert!(e.contains("300 MB is too small"), "{e}");
        assert!(e.contains("at least 492 MB"), "{e}");
        // the least itself is accepted
        assert!(Plan::new(16, 492).is_ok());
        assert!(Plan::new(16, 491).is_err());
    }

    #[test]
    fn chunks_and_commits_grow_with_threads_within_bounds() {
        let p = |t| Plan::new(t, 65_536).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p(1).chunk, 512);
        assert_eq!(p(2).commit_every, 16_384);
        assert_eq!(p(64).chunk, 2048);
        assert_eq!(p(512).chunk, 4096);
        assert_eq!(p(16).commit_every, 65_536);
        // open table files: one per 2 MB of budget, within bounds
        let open = |m| Plan::new(2, m).map(|p| p.open_files);
        assert_eq!(open(512), Ok(256));
        assert_eq!(open(1024), Ok(512));
        assert_eq!(open(131_072), Ok(8_192));
    }
}
