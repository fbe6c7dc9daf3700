//! SPARQL 1.1 over the store: parses, evaluates with the union of all named
//! graphs as default graph, and writes results as a table, CSV, TSV or JSON.
use crate::error::StoreError;
use crate::model::{ID, SG};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryResults, QuerySolution, SparqlEvaluator,
};
use oxigraph::store::Store;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How query results are printed: the first five for SELECT and ASK
/// (JSON also for CONSTRUCT and DESCRIBE, as JSON-LD), the RDF formats for
/// CONSTRUCT and DESCRIBE (table: N-Triples).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    /// An aligned table with labels beside entity IRIs (CONSTRUCT: N-Triples).
    Table,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// SPARQL 1.1 Query Results JSON (CONSTRUCT: JSON-LD).
    Json,
    /// SPARQL Query Results XML (CONSTRUCT: RDF/XML).
    Xml,
    /// Turtle, for CONSTRUCT and DESCRIBE.
    Turtle,
    /// N-Triples, for CONSTRUCT and DESCRIBE.
    Ntriples,
    /// N-Quads, for CONSTRUCT and DESCRIBE (the default graph).
    Nquads,
    /// JSON-LD, for CONSTRUCT and DESCRIBE.
    Jsonld,
    /// RDF/XML, for CONSTRUCT and DESCRIBE.
    Rdfxml,
}

impl ResultFormat {
    /// The RDF format of CONSTRUCT and DESCRIBE results, None for the
    /// tabular ones (CSV, TSV).
    pub fn graph_format(self) -> Option<RdfFormat> {
        Some(match self {
            ResultFormat::Table | ResultFormat::Ntriples => RdfFormat::NTriples,
            ResultFormat::Turtle => RdfFormat::Turtle,
            ResultFormat::Nquads => RdfFormat::NQuads,
            ResultFormat::Json | ResultFormat::Jsonld => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
            ResultFormat::Xml | ResultFormat::Rdfxml => RdfFormat::RdfXml,
            ResultFormat::Csv | ResultFormat::Tsv => return None,
        })
    }

    /// The results format of SELECT and ASK, None for the RDF ones
    /// (and the table, which is socgraf's own).
    pub fn solutions_format(self) -> Option<QueryResultsFormat> {
        Some(match self {
            ResultFormat::Csv => QueryResultsFormat::Csv,
            ResultFormat::Tsv => QueryResultsFormat::Tsv,
            ResultFormat::Json => QueryResultsFormat::Json,
            ResultFormat::Xml => QueryResultsFormat::Xml,
            _ => return None,
        })
    }
}

/// An RDF serializer with socgraf's prefixes declared (Turtle, TriG and
/// RDF/XML use them; the line formats ignore them).
pub fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut ser = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
    ) {
        for (p, iri) in PREFIXES {
            ser = ser.clone().with_prefix(*p, *iri).unwrap_or(ser);
        }
    }
    ser
}

/// The prefixes every socgraf query may use without declaring them.
pub const PREFIXES: &[(&str, &str)] = &[
    ("sg", SG),
    ("id", ID),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("schema", "https://schema.org/"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// What one query may cost: wall time, memory, rows and the wait on each
/// HTTP request of a `SERVICE` clause. `query` and `link` take these as
/// flags; the defaults are below.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The query is stopped after this long (`None`: never).
    pub timeout: Option<Duration>,
    /// The query is stopped when the process holds more than this many
    /// megabytes (resident), e.g. an ORDER BY over a cartesian product.
    pub max_memory_mb: Option<u64>,
    /// At most this many result rows (or triples) are written.
    pub max_rows: Option<usize>,
    /// Connect and read timeout of each HTTP request a `SERVICE` makes.
    pub http_timeout: Duration,
    /// When a query passes its time or memory limit and does not stop
    /// within [`GRACE`] of being cancelled (Oxigraph's ORDER BY reads its
    /// whole input before it looks again), end the process with the message
    /// and exit code 7. For a command that only reads (`query`); a library
    /// caller leaves it off.
    pub exit_when_stuck: bool,
}

/// How long a cancelled query has to stop before `exit_when_stuck` ends
/// the process.
pub const GRACE: Duration = Duration::from_secs(1);

/// The exit code of a query stopped by a limit (also in the CLI's table).
pub const EXIT_LIMIT: u8 = 7;
/// The exit code of a store that cannot be opened or is damaged (the CLI's).
pub const EXIT_STORE: u8 = 3;

/// What a query stuck past its limit may have met instead of a costly
/// plan: a damaged store. Oxigraph 0.5's scan repeats a read error forever
/// and its evaluator gathers the repeats under a sort or a group, so such
/// a query grows until a limit stops it. Before the process ends, this
/// check runs (the command line sets it to a read of the store's table
/// files against their record); a message it returns ends the process
/// with [`EXIT_STORE`] instead of [`EXIT_LIMIT`].
static STUCK_DIAGNOSIS: std::sync::OnceLock<Box<dyn Fn() -> Option<String> + Send + Sync>> =
    std::sync::OnceLock::new();

/// Sets the check [`STUCK_DIAGNOSIS`] runs (once per process).
pub fn on_stuck(check: impl Fn() -> Option<String> + Send + Sync + 'static) {
    let _ = STUCK_DIAGNOSIS.set(Box::new(check));
}

/// Default `--timeout`, seconds.
pub const DEFAULT_TIMEOUT_S: u64 = 120;
/// Default `--max-memory`, megabytes.
pub const DEFAULT_MAX_MEMORY_MB: u64 = 2048;
/// Default `--max-rows`.
pub const DEFAULT_MAX_ROWS: usize = 1_000_000;
/// Default `--http-timeout`, seconds.
pub const DEFAULT_HTTP_TIMEOUT_S: u64 = 30;
/// The deepest nesting of parentheses, brackets and braces a query may
/// have: deeper ones are refused as a syntax error before the parser
/// (which recurses) sees them.
pub const MAX_NESTING: usize = 256;
/// The deepest nesting of parentheses alone: the parser backtracks over
/// unclosed ones (`(!(!(…`) in time that doubles with every two levels
/// (found by the `sparql` fuzz target: 0.2 s at 24, 1.6 s at 32, minutes
/// at 60). Real queries nest expressions a handful deep.
pub const MAX_PARENS: usize = 24;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Some(Duration::from_secs(DEFAULT_TIMEOUT_S)),
            max_memory_mb: Some(DEFAULT_MAX_MEMORY_MB),
            max_rows: Some(DEFAULT_MAX_ROWS),
            http_timeout: Duration::from_secs(DEFAULT_HTTP_TIMEOUT_S),
            exit_when_stuck: false,
        }
    }
}

impl Limits {
    /// No limit but the HTTP timeout (for the library's own queries).
    pub fn none() -> Self {
        Limits {
            timeout: None,
            max_memory_mb: None,
            max_rows: None,
            http_timeout: Duration::from_secs(DEFAULT_HTTP_TIMEOUT_S),
            exit_when_stuck: false,
        }
    }
}

/// Watches a running query and cancels it when it passes its time or
/// memory limit; stops watching when dropped.
pub struct Watchdog {
    done: Arc<AtomicBool>,
    reason: Arc<Mutex<Option<String>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watchdog {
    fn start(limits: &Limits, token: CancellationToken) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let reason = Arc::new(Mutex::new(None));
        let thread = (limits.timeout.is_some() || limits.max_memory_mb.is_some()).then(|| {
            let (done, reason, limits) = (done.clone(), reason.clone(), *limits);
            let start = Instant::now();
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    let why = match (limits.timeout, limits.max_memory_mb) {
                        (Some(t), _) if start.elapsed() > t => Some(format!(
                            "the query was stopped after {} s (--timeout)",
                            t.as_secs_f64()
                        )),
                        (_, Some(mb)) if resident_mb().is_some_and(|r| r > mb) => Some(format!(
                            "the query was stopped when it held more than {mb} MB (--max-memory); a store whose table files are damaged can do this too: `socgraf check --store DIR` reads them all"
                        )),
                        _ => None,
                    };
                    if let Some(why) = why {
                        if let Ok(mut r) = reason.lock() {
                            *r = Some(why.clone());
                        }
                        token.cancel();
                        if limits.exit_when_stuck {
                            let cancelled = Instant::now();
                            while !done.load(Ordering::Relaxed) {
                                if cancelled.elapsed() > GRACE {
                                    if let Some(damage) = STUCK_DIAGNOSIS.get().and_then(|f| f()) {
                                        eprintln!("socgraf: {damage}");
                                        std::process::exit(i32::from(EXIT_STORE));
                                    }
                                    eprintln!("socgraf: {why}");
                                    std::process::exit(i32::from(EXIT_LIMIT));
                                }
                                std::thread::sleep(Duration::from_millis(20));
                            }
                        }
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        });
        Watchdog {
            done,
            reason,
            thread,
        }
    }

    /// An evaluation error, as the limit that stopped it when one did.
    pub fn error(&self, e: impl std::fmt::Display) -> StoreError {
        match self.reason.lock().ok().and_then(|r| r.clone()) {
            Some(why) => StoreError::Limit(why),
            None => StoreError::evaluation(e.to_string()),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The process's resident memory in megabytes (Linux; None elsewhere).
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * u64::try_from(page).ok()? / (1 << 20))
}

/// The deepest nesting of `(`, `[` and `{` in a query, outside strings,
/// IRIs and comments, and of `(` alone.
///
/// ```
/// assert_eq!(socgraf::query::nesting("SELECT * { FILTER((?a > 1)) }"), (3, 2));
/// assert_eq!(socgraf::query::nesting("ASK { ?s ?p \"(((\" } # ((("), (1, 0));
/// ```
pub fn nesting(sparql: &str) -> (usize, usize) {
    let b = sparql.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    let (mut parens, mut max_parens) = (0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let long = b[i..].starts_with(&[q, q, q]);
                i += if long { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if long && b[i..].starts_with(&[q, q, q]) {
                        i += 2;
                        break;
                    }
                    if !long && (b[i] == q || b[i] == b'\n') {
                        break;
                    }
                    i += 1;
                }
            }
            b'<' => {
                // an IRI runs to '>' without space or '<"{}|^`'; else '<' compares
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c == b'>' || c <= b' ' || b"<\"{}|^`".contains(&c));
                if let Some(k) = end.filter(|&k| b[i + 1 + k] == b'>') {
                    i += k + 1;
                }
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
                if b[i] == b'(' {
                    parens += 1;
                    max_parens = max_parens.max(parens);
                }
            }
            b')' | b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if b[i] == b')' {
                    parens = parens.saturating_sub(1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (max, max_parens)
}

fn evaluator() -> SparqlEvaluator {
    let mut ev = SparqlEvaluator::new();
    for (p, iri) in PREFIXES {
        ev = match ev.clone().with_prefix(*p, *iri) {
            Ok(e) => e,
            Err(_) => ev,
        };
    }
    ev
}

/// Checks a query's syntax; the error is the parser's message, or the
/// nesting limit ([`MAX_NESTING`]).
pub fn check_syntax(sparql: &str) -> Result<(), StoreError> {
    parse(evaluator(), sparql).map(|_| ())
}

fn parse(ev: SparqlEvaluator, sparql: &str) -> Result<PreparedSparqlQuery, StoreError> {
    let (depth, parens) = nesting(sparql);
    if depth > MAX_NESTING {
        return Err(StoreError::Sparql(format!(
            "the query nests parentheses, brackets or braces {depth} levels deep; at most {MAX_NESTING} are read"
        )));
    }
    if parens > MAX_PARENS {
        return Err(StoreError::Sparql(format!(
            "the query nests parentheses {parens} levels deep; at most {MAX_PARENS} are read"
        )));
    }
    ev.parse_query(sparql)
        .map_err(|e| StoreError::Sparql(e.to_string()))
}

/// Runs a query, with the union of all graphs as the default graph, with
/// no limit but the HTTP timeout of `SERVICE` requests.
pub fn execute<'a>(store: &'a Store, sparql: &str) -> Result<QueryResults<'a>, StoreError> {
    execute_with(store, sparql, &Limits::none(), CancellationToken::new())
}

/// Starts a query under a watchdog of its limits; the watchdog must live
/// as long as its results are read.
fn watched<'a>(
    store: &'a Store,
    sparql: &str,
    limits: &Limits,
) -> Result<(Watchdog, QueryResults<'a>), StoreError> {
    let token = CancellationToken::new();
    let watch = Watchdog::start(limits, token.clone());
    match execute_with(store, sparql, limits, token) {
        Ok(results) => Ok((watch, results)),
        Err(StoreError::Evaluation(m)) => Err(watch.error(m)),
        Err(e) => Err(e),
    }
}

/// A query started under the watch of its limits: read `results` while
/// `watch` lives (it cancels the query past its time or memory limit).
pub struct Running<'a> {
    pub results: QueryResults<'a>,
    pub watch: Watchdog,
}

/// Starts a query within `limits` (time, memory, HTTP timeout; rows are
/// the reader's to count), for a caller that serialises the results
/// itself (the SPARQL endpoint).
pub fn execute_limited<'a>(
    store: &'a Store,
    sparql: &str,
    limits: &Limits,
) -> Result<Running<'a>, StoreError> {
    let (watch, results) = watched(store, sparql, limits)?;
    Ok(Running { results, watch })
}

fn execute_with<'a>(
    store: &'a Store,
    sparql: &str,
    limits: &Limits,
    token: CancellationToken,
) -> Result<QueryResults<'a>, StoreError> {
    let ev = evaluator()
        .with_http_timeout(limits.http_timeout)
        .with_cancellation_token(token);
    let mut prepared = parse(ev, sparql)?;
    prepared.dataset_mut().set_default_graph_as_union();
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| StoreError::evaluation(e.to_string()))
}

/// A query's solutions as rows of display strings, with the variable names.
///
/// ```no_run
/// let store = oxigraph::store::Store::new().unwrap();
/// let (vars, rows) = socgraf::query::select(&store, "SELECT ?s WHERE { ?s ?p ?o }").unwrap();
/// assert_eq!(vars, vec!["s"]);
/// ```
pub fn select(store: &Store, sparql: &str) -> Result<(Vec<String>, Vec<Vec<String>>), StoreError> {
    select_with(store, sparql, &Limits::none())
}

/// As [`select`], within `limits` (time, memory and the HTTP timeout; not
/// rows).
pub fn select_with(
    store: &Store,
    sparql: &str,
    limits: &Limits,
) -> Result<(Vec<String>, Vec<Vec<String>>), StoreError> {
    let (watch, results) = watched(store, sparql, limits)?;
    match results {
        QueryResults::Solutions(sols) => {
            let vars: Vec<String> = sols
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let mut rows = Vec::new();
            for s in sols {
                let s = s.map_err(|e| watch.error(e))?;
                rows.push(row_strings(&vars, &s));
            }
            Ok((vars, rows))
        }
        QueryResults::Boolean(b) => Ok((vec!["result".into()], vec![vec![b.to_string()]])),
        QueryResults::Graph(_) => Err(StoreError::Evaluation(
            "a CONSTRUCT/DESCRIBE query has no rows".into(),
        )),
    }
}

fn row_strings(vars: &[String], s: &QuerySolution) -> Vec<String> {
    vars.iter()
        .map(|v| s.get(v.as_str()).map(display_term).unwrap_or_default())
        .collect()
}

/// A term for people: literals as their value, IRIs shortened by prefix.
pub fn display_term(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => {
            for (p, iri) in PREFIXES {
                if let Some(local) = n.as_str().strip_prefix(iri) {
                    if !local.contains('#') {
                        return format!("{p}:{local}");
                    }
                }
            }
            format!("<{}>", n.as_str())
        }
        other => other.to_string(),
    }
}

/// The full IRI of a term as [`display_term`] or [`pasteable`] print it
/// (`id:union/vision`, `id:union\/vision`, `<http://…>`), or of a full IRI.
///
/// ```
/// use socgraf::query::full_iri;
/// assert_eq!(full_iri(r"id:union\/vision"), "https://w3id.org/socgraf/id/union/vision");
/// assert_eq!(full_iri("<http://e/x>"), "http://e/x");
/// ```
pub fn full_iri(shown: &str) -> String {
    let s = shown.trim();
    if let Some(iri) = s.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        return iri.to_string();
    }
    for (p, ns) in PREFIXES {
        if let Some(local) = s.strip_prefix(p).and_then(|r| r.strip_prefix(':')) {
            if !local.starts_with("//") {
                return format!("{ns}{}", local.replace('\\', ""));
            }
        }
    }
    s.to_string()
}

/// An IRI as it can be pasted back into a socgraf query: the predeclared
/// prefix with `/` escaped (`id:union\/vision`), else in angle brackets.
///
/// ```
/// let t = oxigraph::model::NamedNode::new_unchecked("https://w3id.org/socgraf/id/union/vision");
/// assert_eq!(socgraf::query::pasteable(t.as_str()), r"id:union\/vision");
/// ```
pub fn pasteable(iri: &str) -> String {
    for (p, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            let plain = !local.is_empty()
                && local
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'))
                && !local.ends_with('.')
                && !local.starts_with(['-', '.']);
            if plain {
                return format!("{p}:{}", local.replace('/', "\\/").replace('.', "\\."));
            }
        }
    }
    format!("<{iri}>")
}

/// Table cells: entities as their label with the IRI in a form that can be
/// pasted into a query; labels looked up once per entity.
struct Labels<'a> {
    store: &'a Store,
    cache: std::collections::HashMap<String, Option<String>>,
}

impl<'a> Labels<'a> {
    fn new(store: &'a Store) -> Self {
        Labels {
            store,
            cache: Default::default(),
        }
    }

    fn label(&mut self, n: &oxigraph::model::NamedNode) -> Result<Option<String>, StoreError> {
        if let Some(l) = self.cache.get(n.as_str()) {
            return Ok(l.clone());
        }
        let mut found = None;
        let pref = oxigraph::model::NamedNode::new_unchecked(
            "http://www.w3.org/2004/02/skos/core#prefLabel",
        );
        for p in [pref.as_ref(), oxigraph::model::vocab::rdfs::LABEL] {
            for q in self
                .store
                .quads_for_pattern(Some(n.as_ref().into()), Some(p), None, None)
            {
                if let Term::Literal(l) = q?.object {
                    found = Some(l.value().to_string());
                    break;
                }
            }
            if found.is_some() {
                break;
            }
        }
        self.cache.insert(n.as_str().to_string(), found.clone());
        Ok(found)
    }

    fn cell(&mut self, t: &Term) -> Result<String, StoreError> {
        Ok(match t {
            Term::NamedNode(n) if n.as_str().starts_with(ID) => match self.label(n)? {
                Some(l) => format!("{l} ({})", pasteable(n.as_str())),
                None => pasteable(n.as_str()),
            },
            t => display_term(t),
        })
    }
}

/// What a query gave: rows (SELECT), a boolean (ASK) or a graph
/// (CONSTRUCT, DESCRIBE), for choosing how to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Rows,
    Boolean,
    Graph,
}

/// How results are written: socgraf's table, a SPARQL results format
/// (rows and booleans) or an RDF format (graphs).
#[derive(Debug, Clone, Copy)]
pub enum Writer {
    Table,
    Results(QueryResultsFormat),
    Rdf(RdfFormat),
}

/// Runs a query within `limits` and writes its results the way `choose`
/// picks for their shape (the command line by `--format`, the endpoint by
/// the Accept header). Returns true when the rows were cut at
/// `limits.max_rows`: what was written is then a whole document of the
/// first rows. A time or memory limit is [`StoreError::Limit`].
pub fn run_as(
    store: &Store,
    sparql: &str,
    limits: &Limits,
    out: &mut dyn Write,
    choose: impl FnOnce(Shape) -> Result<Writer, StoreError>,
) -> Result<bool, StoreError> {
    let (watch, results) = watched(store, sparql, limits)?;
    let cap = limits.max_rows.unwrap_or(usize::MAX);
    let mut rows = 0usize;
    let mut over = false;
    let mut count = || {
        rows += 1;
        over = rows > cap;
        !over
    };
    let shape = match &results {
        QueryResults::Solutions(_) => Shape::Rows,
        QueryResults::Boolean(_) => Shape::Boolean,
        QueryResults::Graph(_) => Shape::Graph,
    };
    let writer = choose(shape)?;
    match (results, writer) {
        (QueryResults::Graph(triples), w) => {
            let f = match w {
                Writer::Rdf(f) => f,
                _ => RdfFormat::NTriples,
            };
            let mut ser = serializer(f).for_writer(&mut *out);
            for t in triples {
                let t = t.map_err(|e| watch.error(e))?;
                if !count() {
                    break;
                }
                ser.serialize_triple(&t)?;
            }
            ser.finish()?;
        }
        (QueryResults::Boolean(b), Writer::Table) => writeln!(out, "{b}")?,
        (QueryResults::Boolean(b), Writer::Results(f)) => {
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, b)?;
        }
        (QueryResults::Solutions(sols), Writer::Table) => {
            let names: Vec<String> = sols
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let mut table = Vec::new();
            let mut labels = Labels::new(store);
            // a column `xIri` beside `x` (the saved queries' convention)
            // holds the IRI of the label in `x`: printed without it again
            let companion: Vec<bool> = names
                .iter()
                .map(|v| {
                    v.strip_suffix("Iri")
                        .is_some_and(|b| names.iter().any(|n| n == b))
                })
                .collect();
            for s in sols {
                let s = s.map_err(|e| watch.error(e))?;
                if !count() {
                    break;
                }
                let mut row = Vec::with_capacity(names.len());
                for (v, bare) in names.iter().zip(&companion) {
                    row.push(match s.get(v.as_str()) {
                        Some(Term::NamedNode(n)) if *bare => pasteable(n.as_str()),
                        Some(t) => labels.cell(t)?,
                        None => String::new(),
                    });
                }
                table.push(row);
            }
            write_table(&mut *out, &names, &table)?;
        }
        (QueryResults::Solutions(sols), Writer::Results(f)) => {
            let vars = sols.variables().to_vec();
            let mut ser = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut *out, vars)?;
            for s in sols {
                let s = s.map_err(|e| watch.error(e))?;
                if !count() {
                    break;
                }
                ser.serialize(&s)?;
            }
            ser.finish()?;
        }
        (_, Writer::Rdf(_)) => return Err(not_a_graph()),
    }
    Ok(over)
}

/// Runs a query and writes its results, within `limits`: a query that
/// passes its time or memory limit stops with [`StoreError::Limit`]; one
/// with more rows than `max_rows` writes that many and then stops with it.
pub fn run(
    store: &Store,
    sparql: &str,
    format: ResultFormat,
    limits: &Limits,
    out: &mut dyn Write,
) -> Result<(), StoreError> {
    let cut = run_as(store, sparql, limits, out, |shape| {
        match (shape, format) {
        (Shape::Graph, f) => f.graph_format().map(Writer::Rdf).ok_or_else(|| {
            StoreError::Sparql(
                "CONSTRUCT and DESCRIBE give a graph: --format turtle, ntriples, nquads, jsonld, rdfxml (or json, xml)".into(),
            )
        }),
        (_, ResultFormat::Table) => Ok(Writer::Table),
        (_, f) => f
            .solutions_format()
            .map(Writer::Results)
            .ok_or_else(not_a_graph),
    }
    })?;
    if cut {
        let cap = limits.max_rows.unwrap_or(usize::MAX);
        out.flush()?;
        return Err(StoreError::Limit(format!(
            "the results were cut after {cap} rows (--max-rows); what was written is the first {cap}"
        )));
    }
    Ok(())
}

fn not_a_graph() -> StoreError {
    StoreError::Sparql(
        "SELECT and ASK give rows: --format table, csv, tsv, json or xml (the RDF formats are for CONSTRUCT and DESCRIBE)".into(),
    )
}

/// Writes rows as an aligned text table with a header and a row count.
pub fn write_table(
    out: &mut dyn Write,
    vars: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let clip = |s: &str| -> String {
        let s = s.replace('\n', " ");
        if s.chars().count() > 80 {
            format!("{}…", s.chars().take(79).collect::<String>())
        } else {
            s
        }
    };
    let mut widths: Vec<usize> = vars.iter().map(|v| v.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(clip(c).chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(vars.to_vec()))?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    )?;
    for r in rows {
        writeln!(out, "{}", line(r.iter().map(|c| clip(c)).collect()))?;
    }
    writeln!(out, "({} rows)", rows.len())
}
