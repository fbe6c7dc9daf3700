//! Times saved queries through socgraf's library in one process, as
//! `benches/compare.py` times pyoxigraph: each run opens the store for
//! reading, runs the query, writes every solution (CSV) and closes the store.
//! Prints one line per query: `file<TAB>median seconds<TAB>rows`.
//!
//! `cargo run --release --example query_in_process -- STORE RUNS QUERY.rq...`
use socgraf::query::{self, ResultFormat};
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, runs, queries @ ..] = args.as_slice() else {
        return Err("usage: query_in_process STORE RUNS QUERY.rq...".into());
    };
    let runs: usize = runs.parse()?;
    for file in queries {
        let sparql = std::fs::read_to_string(file)?;
        let mut times = Vec::with_capacity(runs);
        let mut out: Vec<u8> = Vec::new();
        for _ in 0..runs.max(1) {
            out.clear();
            let start = Instant::now();
            let st = socgraf::store::open_for_reading(Path::new(store))?;
            query::run(&st, &sparql, ResultFormat::Csv, &mut out)?;
            drop(st);
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        // the rows counted once more, outside the timing
        let st = socgraf::store::open_for_reading(Path::new(store))?;
        let rows = query::select(&st, &sparql)?.1.len();
        println!("{file}\t{}\t{rows}", times[times.len() / 2]);
    }
    Ok(())
}
