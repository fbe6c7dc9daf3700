//! The socgraf command line: a thin layer over the library that maps errors
//! to the documented exit codes (0 ok, 1 some inputs failed, 2 usage or
//! SPARQL error, 3 store missing or busy, 4 other I/O or storage error).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use clap::{Parser, Subcommand, ValueEnum};
use oxigraph::io::RdfFormat;
use socgraf::error::{InputError, StoreError};
use socgraf::extract::EntityType;
use socgraf::query::ResultFormat;
use socgraf::{analyze, card, connect, demo, export, graph, output, query, store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// mimalloc for Rust and, through its `override` feature, for C and C++
// (RocksDB) too: oxigraph 0.5 frees RocksDB's C-allocated error messages with
// Rust's allocator (CString::from_raw), which needs one allocator for both
// (mimalloc for Rust alone crashed on "store is busy").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system after half a second instead of
/// mimalloc's default second: a build frees a batch's hundreds of megabytes
/// in one thread while the next batch fills another, and a second's delay
/// counts both in its peak RSS, which the memory budget (`--memory`) bounds.
/// Shorter delays cost more than they saved (at 20 ms the kernel's page
/// zeroing and madvise calls took 12 % more time on one core; at 500 ms
/// none, with 60 to 100 MB less peak RSS than at 1 s on the bench corpus).
/// Read at every purge, so setting it at start-up is enough.
fn allocator_options() {
    // SAFETY: sets one of mimalloc's process-wide options; no pointer is involved
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 500) }
}

#[derive(Parser)]
#[command(
    name = "socgraf",
    version,
    about = "Builds a knowledge graph from Swedish articles about social services"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Name each file a folder walk did not read (not only count them by kind).
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
}

/// `--verbose`, for the report of inputs.
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[derive(Subcommand)]
enum Command {
    /// Print the facts of documents (folders recursively, `-` for stdin) without a store.
    #[command(after_help = "Examples:
  socgraf extract arkiv/ > facts.jsonl
  curl -s https://example.org/nyhet.html | socgraf extract - --id nyhet --format turtle")]
    Extract {
        /// Files and folders (text, Markdown, HTML, PDF, .docx, .odt, web archives, feeds); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output: JSON Lines (the evaluation contract), N-Quads or Turtle.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExtractFormat,
        /// Drop facts below this confidence (0..1).
        #[arg(long, default_value_t = 0.0, value_parser = confidence)]
        min_confidence: f32,
        /// The document id of standard input (`-`); without it the id comes
        /// from the content ("stdin-" and the start of its SHA-256).
        #[arg(long)]
        id: Option<String>,
    },
    /// Extract and load into a persistent store, one named graph per document.
    #[command(after_help = "Examples:
  socgraf build arkiv/ --store kg
  socgraf build arkiv/ --store kg --prune --dry-run   # what would be dropped")]
    Build {
        /// Files and folders (recursively: text, HTML, PDF, Word, OpenDocument, web archives, feeds); `-` reads one
        /// document from standard input (its id: --id, or from its content)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The store's folder (created when absent or empty).
        #[arg(long)]
        store: PathBuf,
        /// Drop the graphs of documents no longer among the inputs (refused,
        /// with nothing written, when an input or a folder under it cannot be
        /// read or the inputs hold no document).
        #[arg(long)]
        prune: bool,
        /// Write nothing; with --prune, list the documents it would remove.
        #[arg(long)]
        dry_run: bool,
        /// Drop facts below this confidence (0..1).
        #[arg(long, default_value_t = 0.0, value_parser = confidence)]
        min_confidence: f32,
        /// The document id of standard input (`-`); without it the id comes
        /// from the content ("stdin-" and the start of its SHA-256).
        #[arg(long)]
        id: Option<String>,
        /// New documents per atomic commit: what an interruption costs at most
        /// (default: 8 192 per thread, from 2 to 8 threads). Checked after
        /// each chunk of documents (512, or 32 per thread up to 4 096), so a
        /// commit holds the first multiple of the chunk at or above this number.
        #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        commit_every: Option<usize>,
        /// Memory budget in MB: the loader's batch size and sorting threads
        /// follow it and the threads (RAYON_NUM_THREADS, else the cores this
        /// process may use). README, "Cores and memory", says how.
        #[arg(long, value_name = "MB", default_value_t = store::DEFAULT_MEMORY_MB, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        memory: usize,
    },
    /// Run a SPARQL 1.1 query (a file, -e 'text' or standard input); all graphs form the default graph.
    #[command(after_help = "Examples:
  socgraf query --store kg queries/01-who-works-where.rq --format csv -o people.csv
  echo 'SELECT ?e WHERE { ?e rdfs:label \"Vision\"@sv }' | socgraf query --store kg --results-format json")]
    Query {
        /// The store to ask (a folder `build` made).
        #[arg(long)]
        store: PathBuf,
        /// A .rq file; `-` (or nothing, when standard input is a pipe) reads the query from standard input.
        file: Option<PathBuf>,
        /// The query text.
        #[arg(short = 'e', long = "expr", conflicts_with = "file")]
        expr: Option<String>,
        /// Results format: table, csv, tsv, json, xml for SELECT and ASK; turtle, ntriples, nquads, jsonld, rdfxml (json: JSON-LD, xml: RDF/XML) for CONSTRUCT and DESCRIBE.
        #[arg(
            long,
            visible_alias = "results-format",
            value_enum,
            default_value = "table"
        )]
        format: ResultFormat,
        /// Write the results to this file (replaced only once the query has succeeded) instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Export the entity graph (dot, graphml) or the store (nquads, trig, jsonld, turtle, ntriples, rdfxml).
    #[command(after_help = "Examples:
  socgraf export --store kg --format dot --focus Vision --depth 2 | dot -Tsvg > vision.svg
  socgraf export --store kg --format jsonld -o kg.jsonld")]
    Export {
        /// The store to export.
        #[arg(long)]
        store: PathBuf,
        /// What to write (see the list of formats below).
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only the ego network of this entity (dot, graphml).
        #[arg(long)]
        focus: Option<String>,
        /// How many steps from --focus the ego network reaches.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// Only these entity types (comma-separated, e.g. Person,Union; dot, graphml).
        #[arg(long, value_delimiter = ',')]
        types: Vec<String>,
        /// Write here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Degree, PageRank, betweenness and connected components of the entity graph.
    #[command(after_help = "Examples:
  socgraf analyze --store kg --top 20
  socgraf analyze --store kg --samples 200 --format json   # sampled betweenness for large graphs")]
    Analyze {
        /// The store to analyse.
        #[arg(long)]
        store: PathBuf,
        /// How many entities each ranking lists.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Sampled betweenness from K sources (exact without).
        #[arg(long)]
        samples: Option<usize>,
        /// Text for people or JSON.
        #[arg(long, value_enum, default_value = "text")]
        format: AnalyzeFormat,
    },
    /// Everything the store says about one entity: its facts with their evidence, names, open-data links and documents.
    ///
    /// The name may be any label or alias, in any case, with or without
    /// accents ("malmo stad"), or an IRI; several matches are listed.
    #[command(after_help = "Examples:
  socgraf show \"Karl Edström\" --store kg
  socgraf show \"orebro kommun\" --store kg --format json")]
    Show {
        /// A name, alias or IRI (`id:person\\/…` as tables print it).
        name: String,
        /// The store to read.
        #[arg(long)]
        store: PathBuf,
        /// Text for people or JSON.
        #[arg(long, value_enum, default_value = "text")]
        format: AnalyzeFormat,
    },
    /// How two entities are linked: the shortest paths over facts, each edge with its evidence, and the documents that name both.
    #[command(after_help = "Examples:
  socgraf path \"Karl Edström\" \"Emma Rydberg\" --store kg
  socgraf path \"Karl Edström\" Vision --store kg --max 1 --format json")]
    Path {
        /// A name, alias or IRI.
        a: String,
        /// A name, alias or IRI.
        b: String,
        /// The store to read.
        #[arg(long)]
        store: PathBuf,
        /// At most this many shortest paths.
        #[arg(long, default_value_t = 5)]
        max: usize,
        /// Text for people or JSON.
        #[arg(long, value_enum, default_value = "text")]
        format: AnalyzeFormat,
    },
    /// Serve the store: a SPARQL 1.1 Protocol endpoint at /sparql (read-only) and a web page at /.
    ///
    /// The store stays open for reading while the server runs, so no build
    /// can write to it meanwhile. Stop the server with Ctrl-C.
    #[command(after_help = "Examples:
  socgraf serve --store kg                       # http://127.0.0.1:7878/
  socgraf serve --store kg --bind 0.0.0.0:8080 --timeout 10 --max-rows 1000 --cors '*'")]
    Serve {
        /// The store to serve.
        #[arg(long)]
        store: PathBuf,
        /// Address and port to listen on (port 0: any free port, printed at start).
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
        /// Stop a query after this many seconds (0: no limit).
        #[arg(long, default_value_t = socgraf::serve::DEFAULT_TIMEOUT_S)]
        timeout: u64,
        /// Answer at most this many result rows (or triples) per query; more are cut,
        /// with the header X-Socgraf-Truncated (0: no cap).
        #[arg(long, default_value_t = socgraf::serve::DEFAULT_MAX_ROWS)]
        max_rows: usize,
        /// Stop queries while the process holds more than this many MB (0: no limit).
        #[arg(long, default_value_t = query::DEFAULT_MAX_MEMORY_MB)]
        max_memory: u64,
        /// Send CORS headers allowing this origin ("*" for any); none without the flag.
        #[arg(long)]
        cors: Option<String>,
    },
    /// Publish the store to a shared SPARQL server: one PUT per named graph (SPARQL 1.1 Graph Store Protocol).
    ///
    /// Every document graph, the reference graph and the links graph; pushing
    /// again is idempotent and a changed document replaces only its graph. What
    /// each push sent is recorded in the store's folder (SOCGRAF-PUSHED).
    #[command(after_help = "Examples:
  socgraf push --store kg --endpoint http://127.0.0.1:7878/store             # oxigraph serve
  socgraf push --store kg --endpoint https://kg.example/ds/data --changed-since --prune --netrc   # Fuseki")]
    Push {
        /// The store to publish.
        #[arg(long)]
        store: PathBuf,
        /// The Graph Store Protocol address: …/store (Oxigraph), …/DATASET/data (Fuseki),
        /// …/repositories/REPO/rdf-graphs/service (GraphDB).
        #[arg(long)]
        endpoint: String,
        /// Push only the graphs that changed since the last push to this endpoint.
        #[arg(long)]
        changed_since: bool,
        /// Delete the remote graphs of documents gone from the store (those this store pushed there).
        #[arg(long)]
        prune: bool,
        /// An extra request header, e.g. 'Authorization: Bearer TOKEN' (repeatable).
        #[arg(long = "header", short = 'H')]
        headers: Vec<String>,
        /// Basic authorization from ~/.netrc (or $NETRC) for the endpoint's host.
        #[arg(long)]
        netrc: bool,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
        parallel: u64,
        /// Connect and read timeout of each request, seconds.
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
        http_timeout: u64,
        /// List what would be pushed and deleted; send nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Reconcile unlinked entities with Wikidata (or any SPARQL endpoint); links go to graph `links`.
    #[command(after_help = "Examples:
  socgraf link --store kg --dry-run
  socgraf link --store kg --min-score 0.9 --http-timeout 60")]
    Link {
        /// The store to link.
        #[arg(long)]
        store: PathBuf,
        /// The SPARQL endpoint to ask for candidates.
        #[arg(long, default_value = socgraf::link::WIKIDATA_ENDPOINT)]
        endpoint: String,
        /// Print the candidates, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Lowest score written (0..1).
        #[arg(long, default_value_t = 0.8)]
        min_score: f64,
        /// Connect and read timeout of each request to the endpoint, seconds.
        #[arg(long, default_value_t = query::DEFAULT_HTTP_TIMEOUT_S, value_parser = clap::value_parser!(u64).range(1..))]
        http_timeout: u64,
    },
    /// Read every quad through every index: name damaged table files and the documents affected (exit 3).
    #[command(after_help = "Examples:
  socgraf check --store kg
  socgraf check --store kg | cut -f2 | xargs socgraf build --store kg   # rebuild what was damaged")]
    Check {
        /// The store to check.
        #[arg(long)]
        store: PathBuf,
    },
    /// Build a store from the embedded sample corpus, run three saved queries, draw the graph.
    #[command(after_help = "Examples:
  socgraf demo
  socgraf demo --store /tmp/demo-kg --out /tmp")]
    Demo {
        /// The store's folder.
        #[arg(long, default_value = "demo-store")]
        store: PathBuf,
        /// Folder for the sample corpus, demo.dot and demo.svg.
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
    /// Print a shell's completion script (from the same definitions as --help).
    #[command(after_help = "Examples:
  socgraf completions bash > ~/.local/share/bash-completion/completions/socgraf
  socgraf completions zsh > ~/.zfunc/_socgraf")]
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a folder.
    #[command(after_help = "Examples:
  socgraf manpage | man -l -
  socgraf manpage --dir ~/.local/share/man/man1   # socgraf.1, socgraf-query.1, ...")]
    Manpage {
        /// Write socgraf.1 and a page per command (socgraf-query.1 ...) here.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Jsonl,
    Nquads,
    Turtle,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// The entity graph in GraphViz DOT.
    Dot,
    /// The entity graph in GraphML (Gephi, Cytoscape).
    Graphml,
    /// Every quad, one per line, with its named graph.
    Nquads,
    /// Every quad grouped by named graph, with prefixes.
    Trig,
    /// JSON-LD with the named graphs.
    Jsonld,
    /// The triples of all graphs, without their graphs, with prefixes.
    Turtle,
    /// The triples of all graphs, one per line, without their graphs.
    Ntriples,
    /// The triples of all graphs as RDF/XML, without their graphs.
    Rdfxml,
}

/// The limits of one query (see `query::Limits`).
#[derive(clap::Args)]
struct LimitArgs {
    /// Stop the query after this many seconds (0: no limit).
    #[arg(long, default_value_t = query::DEFAULT_TIMEOUT_S)]
    timeout: u64,
    /// Stop the query when the process holds more than this many MB (0: no limit).
    #[arg(long, default_value_t = query::DEFAULT_MAX_MEMORY_MB)]
    max_memory: u64,
    /// Write at most this many result rows, then stop with exit 7 (0: no limit).
    #[arg(long, default_value_t = query::DEFAULT_MAX_ROWS)]
    max_rows: usize,
    /// Connect and read timeout of each HTTP request of a SERVICE clause, seconds.
    #[arg(long, default_value_t = query::DEFAULT_HTTP_TIMEOUT_S, value_parser = clap::value_parser!(u64).range(1..))]
    http_timeout: u64,
}

impl LimitArgs {
    fn limits(&self) -> query::Limits {
        let some = |n: u64| (n > 0).then_some(n);
        query::Limits {
            timeout: some(self.timeout).map(std::time::Duration::from_secs),
            max_memory_mb: some(self.max_memory),
            max_rows: (self.max_rows > 0).then_some(self.max_rows),
            http_timeout: std::time::Duration::from_secs(self.http_timeout),
            exit_when_stuck: true,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum AnalyzeFormat {
    Text,
    Json,
}

const EXIT_PARTIAL: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_STORE: u8 = query::EXIT_STORE;
const EXIT_IO: u8 = 4;
const EXIT_DISK_FULL: u8 = 5;
const EXIT_REFUSED: u8 = 6;
const EXIT_LIMIT: u8 = query::EXIT_LIMIT;

/// `--min-confidence`: a number from 0 to 1.
fn confidence(s: &str) -> Result<f32, String> {
    let v: f32 = s.parse().map_err(|e| format!("{s}: {e}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is outside 0..1"))
    }
}

fn store_exit(e: &StoreError) -> u8 {
    match e {
        StoreError::Sparql(_) => EXIT_USAGE,
        StoreError::Missing(_)
        | StoreError::Open { .. }
        | StoreError::Damaged(_)
        | StoreError::Corrupt(_)
        | StoreError::NotAStore(_) => EXIT_STORE,
        StoreError::Refused(_) => EXIT_REFUSED,
        StoreError::Limit(_) => EXIT_LIMIT,
        StoreError::DiskFull(_) => EXIT_DISK_FULL,
        _ => EXIT_IO,
    }
}

fn main() -> ExitCode {
    allocator_options();
    let cli = Cli::parse();
    VERBOSE.store(cli.verbose, std::sync::atomic::Ordering::Relaxed);
    // named threads, so a profile tells extraction from the writer; the
    // count stays rayon's (RAYON_NUM_THREADS, else the cores we may use)
    let _ = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("socgraf-x{i}"))
        .build_global();
    let r = match cli.command {
        Command::Extract {
            paths,
            format,
            min_confidence,
            id,
        } => cmd_extract(&paths, format, min_confidence, id.as_deref()),
        Command::Build {
            paths,
            store,
            prune,
            dry_run,
            min_confidence,
            id,
            commit_every,
            memory,
        } => cmd_build(
            &paths,
            &store,
            store::BuildOptions {
                prune,
                dry_run,
                min_confidence,
                stdin_id: id,
                progress: true,
                commit_every,
                memory_mb: memory,
            },
        ),
        Command::Query {
            store,
            file,
            expr,
            format,
            output,
            limits,
        } => cmd_query(
            &store,
            file.as_deref(),
            expr,
            format,
            output.as_deref(),
            &limits.limits(),
        ),
        Command::Export {
            store,
            format,
            focus,
            depth,
            types,
            output,
        } => cmd_export(
            &store,
            format,
            focus.as_deref(),
            depth,
            &types,
            output.as_deref(),
        ),
        Command::Analyze {
            store,
            top,
            samples,
            format,
        } => cmd_analyze(&store, top, samples, format),
        Command::Show {
            name,
            store,
            format,
        } => cmd_show(&store, &name, format),
        Command::Path {
            a,
            b,
            store,
            max,
            format,
        } => cmd_path(&store, &a, &b, max, format),
        Command::Link {
            store,
            endpoint,
            dry_run,
            min_score,
            http_timeout,
        } => cmd_link(&store, endpoint, dry_run, min_score, http_timeout),
        Command::Check { store } => cmd_check(&store),
        Command::Push {
            store,
            endpoint,
            changed_since,
            prune,
            headers,
            netrc,
            parallel,
            http_timeout,
            dry_run,
        } => cmd_push(
            &store,
            socgraf::push::PushOptions {
                endpoint,
                changed_only: changed_since,
                prune,
                headers: Vec::new(),
                timeout: std::time::Duration::from_secs(http_timeout),
                threads: usize::try_from(parallel).unwrap_or(4),
                dry_run,
            },
            &headers,
            netrc,
        ),
        Command::Serve {
            store,
            bind,
            timeout,
            max_rows,
            max_memory,
            cors,
        } => cmd_serve(&store, &bind, timeout, max_rows, max_memory, cors),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "socgraf", &mut buf);
            emit(&String::from_utf8_lossy(&buf)).map(|()| 0)
        }
        Command::Manpage { dir } => cmd_manpage(dir.as_deref()),
        Command::Demo { store, out } => demo::run(&store, &out, &mut std::io::stdout())
            .map(|()| 0)
            .map_err(|e| (store_exit(&e), e.to_string())),
    };
    match r {
        Ok(code) => ExitCode::from(code),
        // the reader of stdout went away (`| head`): nothing is wrong, as
        // with ripgrep; the output was all anyone wanted
        Err((_, msg)) if is_broken_pipe(&msg) => ExitCode::SUCCESS,
        Err((code, msg)) => {
            eprintln!("socgraf: {msg}");
            // a full device is exit 5 whichever layer saw it first
            let code = if socgraf::error::is_disk_full(&msg) {
                EXIT_DISK_FULL
            } else {
                code
            };
            ExitCode::from(code)
        }
    }
}

/// Whether an error message is a write to a pipe whose reader has gone
/// (EPIPE, as std and the serialisers report it).
fn is_broken_pipe(msg: &str) -> bool {
    msg.contains("Broken pipe (os error 32)") || msg.ends_with("Broken pipe")
}

/// Writes text to stdout; a closed or full stdout is an error, not a panic.
fn emit(text: &str) -> Result<(), (u8, String)> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(io_err)
}

type CmdResult = Result<u8, (u8, String)>;

fn io_err(e: std::io::Error) -> (u8, String) {
    let e = StoreError::from(e);
    (store_exit(&e), e.to_string())
}

fn report_inputs(errors: &[InputError]) -> u8 {
    let verbose = VERBOSE.load(std::sync::atomic::Ordering::Relaxed);
    let mut failed = 0;
    for e in errors {
        if !e.is_not_read() {
            failed += 1;
            eprintln!("socgraf: {e}");
        } else if verbose {
            eprintln!("socgraf: {e}");
        }
    }
    if let Some(line) = socgraf::error::skipped_line(errors) {
        eprintln!("socgraf: {line}");
    }
    if failed == 0 {
        0
    } else {
        EXIT_PARTIAL
    }
}

fn cmd_extract(
    paths: &[PathBuf],
    format: ExtractFormat,
    min_conf: f32,
    stdin_id: Option<&str>,
) -> CmdResult {
    let format = match format {
        ExtractFormat::Jsonl => output::Format::Jsonl,
        ExtractFormat::Nquads => output::Format::Nquads,
        ExtractFormat::Turtle => output::Format::Turtle,
    };
    let errors = output::extract_named(paths, stdin_id, format, min_conf, std::io::stdout())
        .map_err(io_err)?;
    Ok(report_inputs(&errors))
}

fn cmd_build(paths: &[PathBuf], dir: &Path, opts: store::BuildOptions) -> CmdResult {
    let dry_run = opts.dry_run;
    let r = store::build(paths, dir, &opts).map_err(|e| {
        let mut msg = e.to_string();
        if matches!(e, StoreError::DiskFull(_)) {
            msg.push_str(&format!(
                "\nsocgraf: the store at {} opens and keeps every document committed before; \
                 the same build finishes it",
                dir.display()
            ));
        }
        (store_exit(&e), msg)
    })?;
    if dry_run {
        let listed: String = r.would_prune.iter().map(|g| format!("{g}\n")).collect();
        emit(&listed)?;
        eprintln!(
            "socgraf: dry run: {} document(s) would be pruned from {}; nothing was written",
            r.would_prune.len(),
            dir.display()
        );
        return Ok(report_inputs(&r.failed));
    }
    if r.resumed_removals > 0 {
        eprintln!(
            "socgraf: finished removing {} large document graph(s) an interrupted build left half removed",
            r.resumed_removals
        );
    }
    eprintln!(
        "socgraf: {} added, {} updated, {} unchanged, {} pruned, {} failed; {} quads written to {}",
        r.added,
        r.updated,
        r.unchanged,
        r.pruned,
        r.failed.iter().filter(|e| !e.is_not_read()).count(),
        r.quads_written,
        dir.display()
    );
    Ok(report_inputs(&r.failed))
}

fn cmd_query(
    dir: &Path,
    file: Option<&Path>,
    expr: Option<String>,
    format: ResultFormat,
    output: Option<&Path>,
    limits: &query::Limits,
) -> CmdResult {
    use std::io::{IsTerminal, Read};
    let from_stdin = || -> Result<String, (u8, String)> {
        let mut q = String::new();
        std::io::stdin()
            .read_to_string(&mut q)
            .map_err(|e| (EXIT_USAGE, format!("standard input: {e}")))?;
        Ok(q)
    };
    let sparql = match (file, expr) {
        (_, Some(e)) => e,
        (Some(f), None) if f == Path::new("-") => from_stdin()?,
        (Some(f), None) => {
            std::fs::read_to_string(f).map_err(|e| (EXIT_USAGE, format!("{}: {e}", f.display())))?
        }
        (None, None) if !std::io::stdin().is_terminal() => from_stdin()?,
        (None, None) => {
            return Err((
                EXIT_USAGE,
                "give a query file, -e 'SPARQL', or the query on standard input".into(),
            ))
        }
    };
    if sparql.trim().is_empty() {
        return Err((EXIT_USAGE, "the query is empty".into()));
    }
    query::check_syntax(&sparql).map_err(|e| (EXIT_USAGE, e.to_string()))?;
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    // a query a limit stops may have met a damaged table file: named then
    let checked = dir.to_path_buf();
    query::on_stuck(move || {
        store::integrity::changed_files(&checked, true)
            .first()
            .map(|c| c.error(&checked).to_string())
    });
    match output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            query::run(&st, &sparql, format, limits, &mut out)
                .map_err(|e| (store_exit(&e), e.to_string()))?;
            out.flush().map_err(io_err)?;
        }
        Some(path) => write_replacing(path, |out| {
            query::run(&st, &sparql, format, limits, out)
                .map_err(|e| (store_exit(&e), e.to_string()))
        })?,
    }
    Ok(0)
}

/// Writes a file through a temporary one beside it, renamed over it once
/// `write` has succeeded: a failed command leaves the old file as it was.
fn write_replacing(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), (u8, String)>,
) -> Result<(), (u8, String)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.socgraf-{}", std::process::id()));
    let file =
        std::fs::File::create(&tmp).map_err(|e| (EXIT_IO, format!("{}: {e}", path.display())))?;
    let mut out = std::io::BufWriter::new(file);
    let done = write(&mut out).and_then(|()| {
        let f = out
            .into_inner()
            .map_err(|e| (EXIT_IO, format!("{}: {e}", path.display())))?;
        f.sync_all()
            .map_err(|e| (EXIT_IO, format!("{}: {e}", path.display())))?;
        std::fs::rename(&tmp, path).map_err(|e| (EXIT_IO, format!("{}: {e}", path.display())))
    });
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}

fn cmd_export(
    dir: &Path,
    format: ExportFormat,
    focus: Option<&str>,
    depth: usize,
    types: &[String],
    output: Option<&Path>,
) -> CmdResult {
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let mut out: Box<dyn Write> = match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| (EXIT_IO, format!("{}: {e}", p.display())))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let rdf = match format {
        ExportFormat::Nquads => Some(RdfFormat::NQuads),
        ExportFormat::Turtle => Some(RdfFormat::Turtle),
        ExportFormat::Trig => Some(RdfFormat::TriG),
        ExportFormat::Ntriples => Some(RdfFormat::NTriples),
        ExportFormat::Rdfxml => Some(RdfFormat::RdfXml),
        ExportFormat::Jsonld => Some(RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        }),
        _ => None,
    };
    if let Some(f) = rdf {
        export::dump_rdf(&st, f, &mut out).map_err(|e| (store_exit(&e), e.to_string()))?;
    } else {
        let mut g = graph::load(&st).map_err(|e| (store_exit(&e), e.to_string()))?;
        if !types.is_empty() {
            let mut ts = Vec::new();
            for t in types {
                ts.push(EntityType::parse(t).ok_or((EXIT_USAGE, format!("unknown type '{t}'")))?);
            }
            g = graph::filter_types(&g, &ts);
        }
        if let Some(name) = focus {
            let c = graph::find_node(&g, name)
                .ok_or((EXIT_USAGE, format!("no entity named '{name}'")))?;
            g = graph::ego(&g, c, depth);
        }
        let s = if matches!(format, ExportFormat::Dot) {
            export::to_dot(&g)
        } else {
            export::to_graphml(&g)
        };
        out.write_all(s.as_bytes()).map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    Ok(0)
}

fn cmd_link(
    dir: &Path,
    endpoint: String,
    dry_run: bool,
    min_score: f64,
    http_timeout: u64,
) -> CmdResult {
    let opts = socgraf::link::LinkOptions {
        endpoint,
        dry_run,
        min_score,
        http_timeout: std::time::Duration::from_secs(http_timeout),
        ..Default::default()
    };
    // the endpoint is asked with the store open for reading only: no lock
    // is held while the network answers; the links are written after
    let cands = {
        let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
        socgraf::link::candidates(&st, &opts).map_err(|e| (store_exit(&e), e.to_string()))?
    };
    if !dry_run {
        let st = store::open_existing(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
        socgraf::link::write_links(&st, &cands, &opts.endpoint)
            .map_err(|e| (store_exit(&e), e.to_string()))?;
        drop(st);
        store::integrity::record(dir);
    }
    let rows: Vec<Vec<String>> = cands
        .iter()
        .map(|c| {
            vec![
                c.label.clone(),
                c.etype.clone(),
                c.item.clone(),
                format!("{:.2}", c.score),
                c.evidence.clone(),
                if c.accepted {
                    "yes".into()
                } else {
                    "no".into()
                },
                c.source.clone(),
            ]
        })
        .collect();
    let vars: Vec<String> = [
        "entity",
        "type",
        "candidate",
        "score",
        "evidence",
        "linked",
        "source",
    ]
    .map(String::from)
    .to_vec();
    query::write_table(&mut std::io::stdout(), &vars, &rows).map_err(io_err)?;
    let n = cands.iter().filter(|c| c.accepted).count();
    if dry_run {
        eprintln!("socgraf: dry run, {n} links would be written");
    } else {
        eprintln!(
            "socgraf: {n} links written to <{}>",
            socgraf::link::LINKS_GRAPH
        );
    }
    Ok(0)
}

/// `check`: the affected graphs on stdout (a document's graph IRI, as
/// `--prune --dry-run` lists them, then the file it was read from), what was read and what was wrong on stderr.
fn cmd_check(dir: &Path) -> CmdResult {
    // opened without the record's verdict: a changed file is reported
    // with the rest, not in place of it
    let st = match store::open_for_reading(dir) {
        Ok(st) => Some(st),
        Err(StoreError::Corrupt(_)) => None,
        Err(e) => return Err((store_exit(&e), e.to_string())),
    };
    let report = match &st {
        Some(st) => store::integrity::check(dir, st),
        None => store::integrity::CheckReport {
            changed: store::integrity::changed_files(dir, true),
            ..Default::default()
        },
    };
    let mut out = std::io::stdout().lock();
    for (graph, source) in &report.affected {
        let graph = if graph.is_empty() {
            "(default graph)"
        } else {
            graph
        };
        writeln!(out, "{graph}\t{}", source.as_deref().unwrap_or("?")).map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    for c in &report.changed {
        eprintln!(
            "socgraf: {} changed since socgraf wrote it: {}",
            c.file.display(),
            c.why
        );
    }
    for e in &report.errors {
        eprintln!("socgraf: {}", socgraf::error::describe_corruption(e));
    }
    if report.missing > 0 {
        eprintln!(
            "socgraf: {} quads are missing from an index that should hold them",
            report.missing
        );
    }
    if st.is_none() {
        eprintln!("socgraf: the store was not read: a table file changed since socgraf wrote it");
        return Ok(EXIT_STORE);
    }
    eprintln!(
        "socgraf: checked {} graphs, {} quads through every index: {}",
        report.graphs,
        report.quads,
        if report.is_clean() {
            "no damage".to_string()
        } else {
            format!(
                "{} graphs affected (listed on stdout)",
                report.affected.len()
            )
        }
    );
    Ok(if report.is_clean() { 0 } else { EXIT_STORE })
}

fn cmd_analyze(dir: &Path, top: usize, samples: Option<usize>, format: AnalyzeFormat) -> CmdResult {
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let g = graph::load(&st).map_err(|e| (store_exit(&e), e.to_string()))?;
    let r = analyze::analyze(&g, top, samples);
    match format {
        AnalyzeFormat::Text => emit(&analyze::to_text(&r))?,
        AnalyzeFormat::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&r).map_err(|e| (EXIT_IO, e.to_string()))?
        ))?,
    }
    Ok(0)
}

/// One entity for `show` and `path`: the one a name finds, or a usage
/// error that lists the candidates.
fn one_entity(names: &card::Names, name: &str) -> Result<card::Candidate, (u8, String)> {
    match names.find(name) {
        card::Lookup::One(c) => Ok(c),
        card::Lookup::Many(cs) => {
            let mut msg = format!("'{name}' names {} entities; give one of these:", cs.len());
            for c in cs.iter().take(20) {
                msg.push_str(&format!(
                    "\n  {}  ({}, {} document(s))  {}",
                    c.label,
                    c.etype,
                    c.documents,
                    query::pasteable(&c.iri)
                ));
            }
            if cs.len() > 20 {
                msg.push_str(&format!("\n  … and {} more", cs.len() - 20));
            }
            Err((EXIT_USAGE, msg))
        }
        card::Lookup::None => Err((
            EXIT_USAGE,
            format!("no entity is named '{name}' (any label or alias, case and accents aside)"),
        )),
    }
}

fn cmd_show(dir: &Path, name: &str, format: AnalyzeFormat) -> CmdResult {
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    // a name as written is found by index lookups; anything else reads
    // every name once (case and accents aside)
    let exact = card::Names::exact(&st, name).map_err(|e| (store_exit(&e), e.to_string()))?;
    let card = match exact {
        Some(c) => card::card(&st, &c.iri, None),
        None => {
            let names = card::Names::load(&st).map_err(|e| (store_exit(&e), e.to_string()))?;
            let c = one_entity(&names, name)?;
            card::card(&st, &c.iri, Some(&names))
        }
    }
    .map_err(|e| (store_exit(&e), e.to_string()))?;
    match format {
        AnalyzeFormat::Text => emit(&card::to_text(&card))?,
        AnalyzeFormat::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&card).map_err(|e| (EXIT_IO, e.to_string()))?
        ))?,
    }
    Ok(0)
}

fn cmd_path(dir: &Path, a: &str, b: &str, max: usize, format: AnalyzeFormat) -> CmdResult {
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let names = card::Names::load(&st).map_err(|e| (store_exit(&e), e.to_string()))?;
    let (ca, cb) = (one_entity(&names, a)?, one_entity(&names, b)?);
    let g = graph::load(&st).map_err(|e| (store_exit(&e), e.to_string()))?;
    let c = connect::connect(&st, &g, &names, &ca, &cb, max.max(1))
        .map_err(|e| (store_exit(&e), e.to_string()))?;
    match format {
        AnalyzeFormat::Text => emit(&connect::to_text(&c))?,
        AnalyzeFormat::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&c).map_err(|e| (EXIT_IO, e.to_string()))?
        ))?,
    }
    Ok(0)
}

fn cmd_serve(
    dir: &Path,
    bind: &str,
    timeout: u64,
    max_rows: usize,
    max_memory: u64,
    cors: Option<String>,
) -> CmdResult {
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let some = |n: u64| (n > 0).then_some(n);
    let opts = socgraf::serve::ServeOptions {
        limits: query::Limits {
            timeout: some(timeout).map(std::time::Duration::from_secs),
            max_memory_mb: some(max_memory),
            max_rows: (max_rows > 0).then_some(max_rows),
            ..query::Limits::default()
        },
        cors,
        ..Default::default()
    };
    let server = socgraf::serve::Server::bind(bind).map_err(|e| (EXIT_USAGE, e.to_string()))?;
    let app = socgraf::serve::App::new(&st, opts).map_err(|e| (store_exit(&e), e.to_string()))?;
    match server.addr() {
        Some(a) => eprintln!(
            "socgraf: serving {} ({} entities) at http://{a}/ (SPARQL endpoint: http://{a}/sparql); Ctrl-C stops",
            dir.display(),
            app.names.len()
        ),
        None => eprintln!("socgraf: serving {}", dir.display()),
    }
    server.run(&app);
    Ok(0)
}

fn cmd_manpage(dir: Option<&Path>) -> CmdResult {
    let cmd = <Cli as clap::CommandFactory>::command();
    match dir {
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|e| (EXIT_IO, format!("{}: {e}", d.display())))?;
            clap_mangen::generate_to(cmd, d)
                .map_err(|e| (EXIT_IO, format!("{}: {e}", d.display())))?;
            eprintln!("socgraf: man pages written to {}", d.display());
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| (EXIT_IO, e.to_string()))?;
            emit(&String::from_utf8_lossy(&buf))?;
        }
    }
    Ok(0)
}

fn cmd_push(
    dir: &Path,
    mut opts: socgraf::push::PushOptions,
    headers: &[String],
    netrc: bool,
) -> CmdResult {
    for h in headers {
        let (k, v) = h
            .split_once(':')
            .ok_or_else(|| (EXIT_USAGE, format!("--header '{h}': give 'Name: value'")))?;
        opts.headers
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    if netrc {
        let path = std::env::var_os("NETRC")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".netrc")
            });
        let text = std::fs::read_to_string(&path)
            .map_err(|e| (EXIT_USAGE, format!("{}: {e}", path.display())))?;
        let auth = socgraf::push::netrc_authorization(&text, &opts.endpoint).ok_or_else(|| {
            (
                EXIT_USAGE,
                format!("{} has no entry for the endpoint's host", path.display()),
            )
        })?;
        opts.headers.push(("Authorization".into(), auth));
    }
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let r = socgraf::push::push(&st, dir, &opts).map_err(|e| (store_exit(&e), e.to_string()))?;
    let verb = if opts.dry_run { "would push" } else { "pushed" };
    if opts.dry_run {
        let mut out = String::new();
        for g in &r.pushed {
            out.push_str(&format!("put\t{g}\n"));
        }
        for g in &r.pruned {
            out.push_str(&format!("delete\t{g}\n"));
        }
        emit(&out)?;
    }
    for (g, why) in &r.failed {
        eprintln!("socgraf: push {g}: {why}");
    }
    eprintln!(
        "socgraf: {verb} {} graph(s) to {} ({} unchanged, {} deleted, {} failed)",
        r.pushed.len(),
        opts.endpoint,
        r.unchanged,
        r.pruned.len(),
        r.failed.len()
    );
    Ok(if r.failed.is_empty() { 0 } else { EXIT_PARTIAL })
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every command says what each of its flags does and shows two examples.
    #[test]
    fn every_command_describes_every_flag_and_has_two_examples() {
        let cli = Cli::command();
        cli.clone().debug_assert();
        for sub in cli.get_subcommands() {
            let name = sub.get_name();
            for arg in sub.get_arguments() {
                assert!(
                    arg.get_help().is_some() || arg.get_long_help().is_some(),
                    "{name} --{}: no description",
                    arg.get_id()
                );
            }
            let after = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let examples = after
                .lines()
                .filter(|l| l.trim_start().starts_with("socgraf ") || l.contains("| socgraf "))
                .count();
            assert!(
                after.starts_with("Examples:") && examples >= 2,
                "{name}: two examples, found {after:?}"
            );
        }
    }
}
