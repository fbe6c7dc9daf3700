//! The socgraf command line: a thin layer over the library that maps errors
//! to the documented exit codes (0 ok, 1 some inputs failed, 2 usage or
//! SPARQL error, 3 store missing or busy, 4 other I/O or storage error).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use clap::{Parser, Subcommand, ValueEnum};
use oxigraph::io::{RdfFormat, RdfSerializer};
use rayon::prelude::*;
use socgraf::error::{InputError, StoreError};
use socgraf::extract::EntityType;
use socgraf::query::ResultFormat;
use socgraf::{analyze, demo, export, graph, model, query, store, text};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// mimalloc for Rust and, through its `override` feature, for C and C++
// (RocksDB) too: oxigraph 0.5 frees RocksDB's C-allocated error messages with
// Rust's allocator (CString::from_raw), which needs one allocator for both
// (mimalloc for Rust alone crashed on "store is busy").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "socgraf",
    version,
    about = "Builds a knowledge graph from Swedish articles about social services"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the facts of .txt files (folders recursively, `-` for stdin) without a store.
    Extract {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExtractFormat,
        /// Drop facts below this confidence (0..1).
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f32,
    },
    /// Extract and load into a persistent store, one named graph per document.
    Build {
        /// Files and folders (recursively: .txt, .html, .htm); `-` reads one
        /// document from standard input (its id is "stdin")
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        store: PathBuf,
        /// Drop the graphs of documents no longer among the inputs.
        #[arg(long)]
        prune: bool,
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f32,
        /// New documents per atomic commit (at most what an interruption costs).
        #[arg(long, default_value_t = store::COMMIT_EVERY, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        commit_every: usize,
    },
    /// Run a SPARQL 1.1 query (a file or -e 'text'); all graphs form the default graph.
    Query {
        #[arg(long)]
        store: PathBuf,
        /// A .rq file.
        file: Option<PathBuf>,
        /// The query text.
        #[arg(short = 'e', long = "expr", conflicts_with = "file")]
        expr: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: ResultFormat,
    },
    /// Export the entity graph (dot, graphml) or the store (nquads, turtle, trig).
    Export {
        #[arg(long)]
        store: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only the ego network of this entity.
        #[arg(long)]
        focus: Option<String>,
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// Only these entity types (comma-separated, e.g. Person,Union).
        #[arg(long, value_delimiter = ',')]
        types: Vec<String>,
        /// Write here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Degree, PageRank, betweenness, components and shortest paths.
    Analyze {
        #[arg(long)]
        store: PathBuf,
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Shortest path between two entities (names).
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        path: Option<Vec<String>>,
        /// Sampled betweenness from K sources (exact without).
        #[arg(long)]
        samples: Option<usize>,
        #[arg(long, value_enum, default_value = "text")]
        format: AnalyzeFormat,
    },
    /// Reconcile unlinked entities with Wikidata (or any SPARQL endpoint); links go to graph `links`.
    Link {
        #[arg(long)]
        store: PathBuf,
        #[arg(long, default_value = socgraf::link::WIKIDATA_ENDPOINT)]
        endpoint: String,
        /// Print the candidates, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Lowest score written (0..1).
        #[arg(long, default_value_t = 0.8)]
        min_score: f64,
    },
    /// Build a store from the embedded sample corpus, run three saved queries, draw the graph.
    Demo {
        #[arg(long, default_value = "demo-store")]
        store: PathBuf,
        /// Folder for demo.dot and demo.svg.
        #[arg(long, default_value = ".")]
        out: PathBuf,
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
    Dot,
    Graphml,
    Nquads,
    Turtle,
    Trig,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnalyzeFormat {
    Text,
    Json,
}

const EXIT_PARTIAL: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_STORE: u8 = 3;
const EXIT_IO: u8 = 4;
const EXIT_DISK_FULL: u8 = 5;

fn store_exit(e: &StoreError) -> u8 {
    match e {
        StoreError::Sparql(_) => EXIT_USAGE,
        StoreError::Missing(_) | StoreError::Open { .. } => EXIT_STORE,
        StoreError::DiskFull(_) => EXIT_DISK_FULL,
        _ => EXIT_IO,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.command {
        Command::Extract {
            paths,
            format,
            min_confidence,
        } => cmd_extract(&paths, format, min_confidence),
        Command::Build {
            paths,
            store,
            prune,
            min_confidence,
            commit_every,
        } => cmd_build(&paths, &store, prune, min_confidence, commit_every),
        Command::Query {
            store,
            file,
            expr,
            format,
        } => cmd_query(&store, file.as_deref(), expr, format),
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
            path,
            samples,
            format,
        } => cmd_analyze(&store, top, path, samples, format),
        Command::Link {
            store,
            endpoint,
            dry_run,
            min_score,
        } => cmd_link(&store, endpoint, dry_run, min_score),
        Command::Demo { store, out } => demo::run(&store, &out, &mut std::io::stdout())
            .map(|()| 0)
            .map_err(|e| (store_exit(&e), e.to_string())),
    };
    match r {
        Ok(code) => ExitCode::from(code),
        Err((code, msg)) => {
            eprintln!("socgraf: {msg}");
            ExitCode::from(code)
        }
    }
}

type CmdResult = Result<u8, (u8, String)>;

fn io_err(e: std::io::Error) -> (u8, String) {
    let e = StoreError::from(e);
    (store_exit(&e), e.to_string())
}

fn report_inputs(errors: &[InputError]) -> u8 {
    for e in errors {
        eprintln!("socgraf: {e}");
    }
    if errors.is_empty() {
        0
    } else {
        EXIT_PARTIAL
    }
}

fn cmd_extract(paths: &[PathBuf], format: ExtractFormat, min_conf: f32) -> CmdResult {
    let mut errors = Vec::new();
    let mut docs: Vec<PathBuf> = Vec::new();
    let mut stdin_doc = None;
    for p in paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(io_err)?;
            match text::decode(&bytes, Path::new("-")) {
                Ok(t) => {
                    stdin_doc = Some(text::Document {
                        id: "stdin".into(),
                        path: None,
                        text: t,
                    })
                }
                Err(e) => errors.push(e),
            }
        } else {
            let (files, errs) = store::collect_inputs(std::slice::from_ref(p));
            docs.extend(files);
            errors.extend(errs);
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut internal_errors = 0usize;
    // one document's facts in the output format, to `sink`; Ok(Some(..)) is
    // the extractor's internal error, with the path. Documents read whole
    // are rendered in parallel into buffers and written in input order; a
    // large file is written straight to the output
    let render_to = |id: &str,
                     path: Option<&Path>,
                     bytes_sha: String,
                     title: String,
                     facts: Result<socgraf::extract::DocFacts, String>,
                     sink: &mut dyn Write|
     -> std::io::Result<Option<String>> {
        let mut facts = match facts {
            Ok(f) => f,
            Err(message) => {
                let path = path.map_or("-".into(), |p| p.display().to_string());
                return Ok(Some(format!("{path}: {message}")));
            }
        };
        if min_conf > 0.0 {
            facts.filter_confidence(min_conf);
        }
        if matches!(format, ExtractFormat::Jsonl) {
            sink.write_all(socgraf::jsonl::render(&facts).as_bytes())?;
            return Ok(None);
        }
        let meta = model::DocMeta {
            id: id.to_string(),
            source: path.map_or("-".into(), |p| p.to_string_lossy().into_owned()),
            sha256: bytes_sha,
            title,
            ingested: now.clone(),
        };
        // the quads stream to the writer, never all held (a large file has
        // millions); after a failed write the rest is dropped
        let mut failed: Option<std::io::Error> = None;
        if matches!(format, ExtractFormat::Nquads) {
            let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(sink);
            model::for_each_document_quad(&facts, &meta, |q| {
                if failed.is_none() {
                    failed = w.serialize_quad(&q).err();
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
            w.finish()?;
        } else {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, iri) in query::PREFIXES {
                ser = ser.with_prefix(*p, *iri).map_err(std::io::Error::other)?;
            }
            let mut w = ser.for_writer(sink);
            model::for_each_document_quad(&facts, &meta, |q| {
                if failed.is_none() {
                    failed = w
                        .serialize_triple(oxigraph::model::TripleRef::new(
                            q.subject.as_ref(),
                            q.predicate.as_ref(),
                            q.object.as_ref(),
                        ))
                        .err();
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
            w.finish()?;
        }
        Ok(None)
    };
    // the same into a buffer of its own (writing to a Vec cannot fail)
    let render = |id: &str,
                  path: Option<&Path>,
                  bytes_sha: String,
                  title: String,
                  facts: Result<socgraf::extract::DocFacts, String>|
     -> Rendered {
        let mut buf = Vec::new();
        match render_to(id, path, bytes_sha, title, facts, &mut buf) {
            Ok(None) => Rendered::Bytes(buf),
            Ok(Some(message)) => Rendered::Internal(message),
            Err(e) => Rendered::Internal(e.to_string()),
        }
    };

    // the hash only goes into RDF output's document metadata
    let rdf = !matches!(format, ExtractFormat::Jsonl);
    // a file read whole: read, decoded, extracted and rendered
    let one = |f: &PathBuf| -> Rendered {
        if text::is_large(f) {
            return Rendered::Large;
        }
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(source) => {
                return Rendered::Input(InputError::Unreadable {
                    path: f.clone(),
                    source,
                })
            }
        };
        let id = text::doc_id(f);
        let sha = if rdf {
            socgraf::hash::sha256_hex(&bytes)
        } else {
            String::new()
        };
        match store::extract_bytes(&bytes, f, &id) {
            Ok((facts, title)) => render(&id, Some(f), sha, title, Ok(facts)),
            Err(InputError::Extractor { message, .. }) => {
                render(&id, Some(f), sha, String::new(), Err(message))
            }
            Err(e) => Rendered::Input(e),
        }
    };
    // a large file: read, hashed and extracted in sections, never whole,
    // one at a time, and written straight to the output
    let large = |f: &PathBuf, out: &mut dyn Write| -> std::io::Result<Rendered> {
        let id = text::doc_id(f);
        let sha = socgraf::hash::sha256_file(f).map_err(|source| InputError::Unreadable {
            path: f.clone(),
            source,
        });
        let (sha, title, facts) = match sha
            .and_then(|sha| Ok((sha, socgraf::extract::sections::extract_file(f, &id)?)))
        {
            Ok((sha, (facts, title))) => (sha, title, Ok(facts)),
            Err(InputError::Extractor { message, .. }) => {
                (String::new(), String::new(), Err(message))
            }
            Err(e) => return Ok(Rendered::Input(e)),
        };
        Ok(match render_to(&id, Some(f), sha, title, facts, out)? {
            Some(message) => Rendered::Internal(message),
            None => Rendered::Bytes(Vec::new()),
        })
    };
    let mut write = |r: Rendered, out: &mut dyn Write| -> std::io::Result<()> {
        match r {
            Rendered::Bytes(b) => out.write_all(&b)?,
            Rendered::Internal(message) => {
                eprintln!("socgraf: {message}");
                internal_errors += 1;
            }
            Rendered::Input(e) => errors.push(e),
            Rendered::Large => {}
        }
        Ok(())
    };
    // chunks keep memory bounded: a chunk's output is held until written
    for chunk in docs.chunks(EXTRACT_CHUNK) {
        let rendered: Vec<Rendered> = chunk.par_iter().map(one).collect();
        for (f, r) in chunk.iter().zip(rendered) {
            let r = match r {
                Rendered::Large => large(f, &mut out).map_err(io_err)?,
                r => r,
            };
            write(r, &mut out).map_err(io_err)?;
        }
    }
    if let Some(d) = stdin_doc {
        let sha = socgraf::hash::sha256_hex(d.text.as_bytes());
        let title = socgraf::text::title_of(&d.text);
        let facts = socgraf::extract::extract_guarded(&d);
        write(render(&d.id, None, sha, title, facts), &mut out).map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    let code = report_inputs(&errors);
    Ok(if internal_errors > 0 {
        EXIT_PARTIAL
    } else {
        code
    })
}

/// Documents the extract command reads, extracts and renders at once.
const EXTRACT_CHUNK: usize = 512;

/// One input of the extract command, ready to write.
enum Rendered {
    /// its facts in the output format
    Bytes(Vec<u8>),
    /// the extractor failed on it (message with the path)
    Internal(String),
    /// it could not be read or decoded
    Input(InputError),
    /// too large to read whole: extracted in sections when written
    Large,
}

fn cmd_build(
    paths: &[PathBuf],
    dir: &Path,
    prune: bool,
    min_confidence: f32,
    commit_every: usize,
) -> CmdResult {
    let opts = store::BuildOptions {
        prune,
        min_confidence,
        progress: true,
        commit_every,
    };
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
        r.failed.len(),
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
) -> CmdResult {
    let sparql = match (file, expr) {
        (_, Some(e)) => e,
        (Some(f), None) => {
            std::fs::read_to_string(f).map_err(|e| (EXIT_USAGE, format!("{}: {e}", f.display())))?
        }
        (None, None) => return Err((EXIT_USAGE, "give a query file or -e 'SPARQL'".into())),
    };
    query::check_syntax(&sparql).map_err(|e| (EXIT_USAGE, e.to_string()))?;
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    query::run(&st, &sparql, format, &mut out).map_err(|e| (store_exit(&e), e.to_string()))?;
    out.flush().map_err(io_err)?;
    Ok(0)
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

fn cmd_link(dir: &Path, endpoint: String, dry_run: bool, min_score: f64) -> CmdResult {
    let st = store::open_existing(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let opts = socgraf::link::LinkOptions {
        endpoint,
        dry_run,
        min_score,
        ..Default::default()
    };
    let cands = socgraf::link::link(&st, &opts).map_err(|e| (store_exit(&e), e.to_string()))?;
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
            ]
        })
        .collect();
    let vars: Vec<String> = ["entity", "type", "candidate", "score", "evidence", "linked"]
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

fn cmd_analyze(
    dir: &Path,
    top: usize,
    path: Option<Vec<String>>,
    samples: Option<usize>,
    format: AnalyzeFormat,
) -> CmdResult {
    let st = store::open_for_reading(dir).map_err(|e| (store_exit(&e), e.to_string()))?;
    let g = graph::load(&st).map_err(|e| (store_exit(&e), e.to_string()))?;
    let pair = path.as_ref().map(|p| (p[0].as_str(), p[1].as_str()));
    let r = analyze::analyze(&g, top, samples, pair).map_err(|e| (EXIT_USAGE, e))?;
    match format {
        AnalyzeFormat::Text => print!("{}", analyze::to_text(&r)),
        AnalyzeFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&r).map_err(|e| (EXIT_IO, e.to_string()))?
        ),
    }
    Ok(0)
}
