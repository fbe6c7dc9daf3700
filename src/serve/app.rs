//! What the endpoint and the page share: the store with its name index and
//! entity graph, the options, a request and a response, the saved queries.
use crate::card::Names;
use crate::error::StoreError;
use crate::graph::EntityGraph;
use crate::query::Limits;
use oxigraph::store::Store;

/// The saved queries of `queries/`, compiled in: (file stem, text).
pub const SAVED_QUERIES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/saved_queries.rs"));

/// How the server answers.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Time, memory and row limits of each query.
    pub limits: Limits,
    /// `Access-Control-Allow-Origin` to send (None: no CORS headers).
    pub cors: Option<String>,
    /// Worker threads.
    pub threads: usize,
    /// Largest request body read, bytes.
    pub max_body: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            limits: Limits {
                timeout: Some(std::time::Duration::from_secs(DEFAULT_TIMEOUT_S)),
                max_rows: Some(DEFAULT_MAX_ROWS),
                ..Limits::default()
            },
            cors: None,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
            max_body: 1 << 20,
        }
    }
}

/// Default per-query timeout of the endpoint, seconds.
pub const DEFAULT_TIMEOUT_S: u64 = 30;
/// Default result-row cap of the endpoint.
pub const DEFAULT_MAX_ROWS: usize = 10_000;

/// What the page and the endpoint read: the store, its names and graph.
pub struct App<'a> {
    pub store: &'a Store,
    pub names: Names,
    pub graph: EntityGraph,
    pub opts: ServeOptions,
}

impl<'a> App<'a> {
    /// Reads the name index and the entity graph of `store`.
    pub fn new(store: &'a Store, opts: ServeOptions) -> Result<App<'a>, StoreError> {
        Ok(App {
            store,
            names: Names::load(store)?,
            graph: crate::graph::load(store)?,
            opts,
        })
    }
}

/// One response: status, content type, body, extra headers.
pub(crate) struct Reply {
    pub status: u16,
    pub ctype: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub(crate) fn new(status: u16, ctype: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            ctype,
            body: body.into(),
            headers: Vec::new(),
        }
    }
    pub(crate) fn html(body: String) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }
    pub(crate) fn text(status: u16, body: impl Into<String>) -> Reply {
        let mut b: String = body.into();
        b.push('\n');
        Reply::new(status, "text/plain; charset=utf-8", b)
    }
    pub(crate) fn redirect(to: String) -> Reply {
        let mut r = Reply::new(303, "text/plain; charset=utf-8", Vec::new());
        r.headers.push(("Location", to));
        r
    }
}

/// A request as the handlers see it.
pub(crate) struct Req {
    pub method: String,
    pub path: String,
    pub params: Vec<(String, String)>,
    pub accept: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Req {
    pub(crate) fn param(&self, k: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn error_reply(e: &StoreError) -> Reply {
    match e {
        StoreError::Sparql(_) => Reply::text(400, e.to_string()),
        StoreError::Limit(_) => Reply::text(503, e.to_string()),
        _ => Reply::text(500, e.to_string()),
    }
}
