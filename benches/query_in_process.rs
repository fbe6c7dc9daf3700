//! Times saved queries through socgraf's library in one process, as
//! `benches/compare.py` times pyoxigraph: each run opens the store for
//! reading, runs the query, writes every solution (CSV) and closes the store.
//! Then, with the store opened once, times the query and its solutions alone,
//! as rdflib is timed on a graph it has already parsed.
//! Prints one line per query:
//! `file<TAB>median seconds<TAB>rows<TAB>median seconds on the open store`.
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
        // the store opened once: the query and its solutions alone
        let st = socgraf::store::open_for_reading(Path::new(store))?;
        let mut open_times = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            out.clear();
            let start = Instant::now();
            query::run(&st, &sparql, ResultFormat::Csv, &mut out)?;
            open_times.push(start.elapsed().as_secs_f64());
        }
        // the rows counted once more, outside the timing
        let rows = query::select(&st, &sparql)?.1.len();
        println!(
            "{file}\t{}\t{rows}\t{}",
            median(&mut times),
            median(&mut open_times)
        );
    }
    Ok(())
}

/// The middle value (the upper one of an even count).
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
