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
        let mut out: Vec<u8> = Vec::new();
        let with_open = median_time(runs, || {
            out.clear();
            let st = socgraf::store::open_for_reading(Path::new(store))?;
            query::run(
                &st,
                &sparql,
                ResultFormat::Csv,
                &query::Limits::none(),
                &mut out,
            )?;
            Ok(())
        })?;
        // the store opened once: the query and its solutions alone
        let st = socgraf::store::open_for_reading(Path::new(store))?;
        let on_open = median_time(runs, || {
            out.clear();
            query::run(
                &st,
                &sparql,
                ResultFormat::Csv,
                &query::Limits::none(),
                &mut out,
            )?;
            Ok(())
        })?;
        // the rows counted once more, outside the timing
        let rows = query::select(&st, &sparql)?.1.len();
        println!("{file}\t{with_open}\t{rows}\t{on_open}");
    }
    Ok(())
}

/// The median wall time of `runs` calls of `f` (the upper middle of an even count).
fn median_time(
    runs: usize,
    mut f: impl FnMut() -> Result<(), Box<dyn std::error::Error>>,
) -> Result<f64, Box<dyn std::error::Error>> {
    let mut times = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        f()?;
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}
