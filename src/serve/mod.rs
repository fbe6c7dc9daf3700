//! `socgraf serve`: a SPARQL 1.1 Protocol endpoint (read-only, with limits and
//! content negotiation) and the web page, over one store opened for reading.
//!
//! The store is held under its shared read lock for the server's life, so
//! nothing changes under it: the name index and the entity graph are read
//! once at start. HTTP is tiny_http's, one worker thread per core.
mod app;
mod page;

use app::{error_reply, Reply, Req};
pub use app::{App, ServeOptions, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, SAVED_QUERIES};

use crate::error::StoreError;
use crate::query;
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;
use std::io::Read;
use std::net::SocketAddr;

/// A bound server, ready to answer.
pub struct Server {
    http: tiny_http::Server,
}

impl Server {
    /// Binds `addr` ("127.0.0.1:7878"; port 0 picks a free one).
    pub fn bind(addr: &str) -> Result<Server, StoreError> {
        let http = tiny_http::Server::http(addr)
            .map_err(|e| StoreError::Io(std::io::Error::other(format!("{addr}: {e}"))))?;
        Ok(Server { http })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.http.server_addr().to_ip()
    }

    /// Answers requests until the process ends.
    pub fn run(&self, app: &App<'_>) {
        std::thread::scope(|s| {
            for _ in 0..app.opts.threads.max(1) {
                s.spawn(|| {
                    while let Ok(rq) = self.http.recv() {
                        handle(app, rq);
                    }
                });
            }
        });
    }
}

fn header(rq: &tiny_http::Request, name: &'static str) -> String {
    rq.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_string())
        .unwrap_or_default()
}

fn handle(app: &App<'_>, mut rq: tiny_http::Request) {
    let url = rq.url().to_string();
    let (path, qs) = url.split_once('?').unwrap_or((&url, ""));
    let mut params: Vec<(String, String)> =
        form_urlencoded::parse(qs.as_bytes()).into_owned().collect();
    let content_type = header(&rq, "Content-Type");
    let mut body = Vec::new();
    let too_big = rq
        .as_reader()
        .take(app.opts.max_body as u64 + 1)
        .read_to_end(&mut body)
        .map_or(true, |n| n > app.opts.max_body);
    let req = Req {
        method: rq.method().as_str().to_ascii_uppercase(),
        path: percent_decode(path),
        params: Vec::new(),
        accept: header(&rq, "Accept"),
        content_type: content_type.clone(),
        body,
    };
    let reply = if too_big {
        Reply::text(
            413,
            format!(
                "the request body is larger than {} bytes",
                app.opts.max_body
            ),
        )
    } else {
        if mime(&content_type) == "application/x-www-form-urlencoded" {
            params.extend(form_urlencoded::parse(&req.body).into_owned());
        }
        route(app, Req { params, ..req })
    };
    let mut resp = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = reply.headers;
    headers.push(("Content-Type", reply.ctype.to_string()));
    if let Some(origin) = &app.opts.cors {
        headers.push(("Access-Control-Allow-Origin", origin.clone()));
        headers.push(("Access-Control-Allow-Methods", "GET, POST, OPTIONS".into()));
        headers.push((
            "Access-Control-Allow-Headers",
            "Content-Type, Accept".into(),
        ));
    }
    for (k, v) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    }
    // the client may have gone: nothing to tell it
    let _ = rq.respond(resp);
}

/// A URL path with its %-escapes decoded.
fn percent_decode(p: &str) -> String {
    form_urlencoded::parse(format!("x={}", p.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The media type of a Content-Type or Accept entry, without parameters.
fn mime(v: &str) -> String {
    v.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn route(app: &App<'_>, req: Req) -> Reply {
    let read = matches!(req.method.as_str(), "GET" | "HEAD");
    match (req.method.as_str(), req.path.as_str()) {
        ("OPTIONS", _) => Reply::new(204, "text/plain", Vec::new()),
        (_, "/sparql") | (_, "/query") => sparql(app, &req),
        (_, "/update") => Reply::text(403, "this endpoint is read-only: updates are refused"),
        (_, _) if !read => Reply::text(405, "only GET and POST (to /sparql) are answered"),
        (_, "/") => Reply::html(page::home(app)),
        (_, "/search") => page::search(app, &req),
        (_, "/entity") => page::entity(app, &req),
        (_, "/entity.json") => page::entity_json(app, &req),
        (_, "/ego.svg") => page::ego_svg(app, &req),
        (_, "/path") => page::path(app, &req),
        (_, p) if p.starts_with("/queries/") => page::saved(app, &req, &p["/queries/".len()..]),
        _ => Reply::text(404, format!("no page at {}", req.path)),
    }
}

/// The result formats the endpoint offers, by media type.
const SOLUTION_TYPES: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];
const GRAPH_TYPES: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/n-quads", RdfFormat::NQuads),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("application/trig", RdfFormat::TriG),
    ("text/plain", RdfFormat::NTriples),
];

/// The best of `offers` for an Accept header (q-values honoured; `*/*`
/// and `type/*` take the first offer of that kind). `None`: nothing fits.
pub(crate) fn negotiate<T: Copy>(accept: &str, offers: &[(&str, T)]) -> Option<(String, T)> {
    if accept.trim().is_empty() {
        return offers.first().map(|(m, t)| (m.to_string(), *t));
    }
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let m = it.next()?.trim().to_ascii_lowercase();
            let q = it
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|v| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0 && !m.is_empty()).then_some((q, i, m))
        })
        .collect();
    ranges.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
    });
    for (_, _, m) in ranges {
        let hit = offers.iter().find(|(o, _)| {
            *o == m
                || m == "*/*"
                || m.strip_suffix("/*")
                    .is_some_and(|t| o.split('/').next() == Some(t))
        });
        if let Some((o, t)) = hit {
            return Some((o.to_string(), *t));
        }
    }
    None
}

/// True when a browser asks (HTML before any result format).
fn wants_html(req: &Req) -> bool {
    let a = req.accept.to_ascii_lowercase();
    match (
        a.find("text/html"),
        a.find("sparql-results"),
        a.find("turtle"),
    ) {
        (Some(h), r, t) => r.is_none_or(|r| h < r) && t.is_none_or(|t| h < t),
        _ => false,
    }
}

/// The query of a request: `query` parameter (GET or form POST) or an
/// `application/sparql-query` body; an update in any form is refused.
fn query_text(req: &Req) -> Result<Option<String>, Reply> {
    let ct = mime(&req.content_type);
    if req.param("update").is_some() || ct == "application/sparql-update" {
        return Err(Reply::text(
            403,
            "this endpoint is read-only: updates are refused",
        ));
    }
    if req.method == "POST" && ct == "application/sparql-query" {
        return String::from_utf8(req.body.clone())
            .map(Some)
            .map_err(|_| Reply::text(400, "the query is not UTF-8"));
    }
    if req.method == "POST" && ct != "application/x-www-form-urlencoded" {
        return Err(Reply::text(
            415,
            format!("a POST takes application/sparql-query or a form, not '{ct}'"),
        ));
    }
    Ok(req.param("query").map(str::to_string))
}

/// An explicit `format` parameter as a media type (for links and forms).
fn format_param(req: &Req) -> Option<&'static str> {
    Some(match req.param("format")? {
        "json" => "application/sparql-results+json",
        "xml" => "application/sparql-results+xml",
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "turtle" | "ttl" => "text/turtle",
        "ntriples" | "nt" => "application/n-triples",
        "nquads" => "application/n-quads",
        "rdfxml" => "application/rdf+xml",
        "html" => "text/html",
        _ => return None,
    })
}

fn sparql(app: &App<'_>, req: &Req) -> Reply {
    let q = match query_text(req) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let accept = format_param(req)
        .map(str::to_string)
        .unwrap_or_else(|| req.accept.clone());
    let html = accept == "text/html" || (format_param(req).is_none() && wants_html(req));
    let Some(q) = q.filter(|q| !q.trim().is_empty()) else {
        return if html {
            Reply::html(page::editor(app, "", None))
        } else {
            Reply::text(
                400,
                "give a query: ?query=… or a POST (application/sparql-query or a form)",
            )
        };
    };
    if let Err(e) = query::check_syntax(&q) {
        return if html {
            Reply::html(page::editor(app, &q, Some(Err(e.to_string()))))
        } else {
            Reply::text(400, e.to_string())
        };
    }
    if html {
        let table = page::run_table(app, &q);
        return Reply::html(page::editor(app, &q, Some(table)));
    }
    run_protocol(app, &q, &accept)
}

/// Runs a query and serialises its results as the Accept header asks.
fn run_protocol(app: &App<'_>, q: &str, accept: &str) -> Reply {
    let limits = app.opts.limits;
    let mut body = Vec::new();
    let mut media = None;
    let mut offered = Vec::new();
    let run = query::run_as(app.store, q, &limits, &mut body, |shape| {
        let chosen = match shape {
            query::Shape::Graph => {
                offered = GRAPH_TYPES.iter().map(|(m, _)| *m).collect();
                negotiate(accept, GRAPH_TYPES).map(|(m, f)| (m, query::Writer::Rdf(f)))
            }
            _ => {
                offered = SOLUTION_TYPES.iter().map(|(m, _)| *m).collect();
                negotiate(accept, SOLUTION_TYPES).map(|(m, f)| (m, query::Writer::Results(f)))
            }
        };
        let (m, w) = chosen.ok_or_else(|| StoreError::Sparql(String::new()))?;
        media = Some(m);
        Ok(w)
    });
    let cut = match (run, &media) {
        (Ok(cut), _) => cut,
        // the query ran but nothing offered fits the Accept header
        (Err(_), None) if !offered.is_empty() => {
            return Reply::text(
                406,
                format!(
                    "no result format fits the Accept header; offered: {}",
                    offered.join(", ")
                ),
            )
        }
        (Err(e), _) => return error_reply(&e),
    };
    let ctype: &'static str = match media.as_deref().unwrap_or("") {
        "application/sparql-results+json" | "application/json" => {
            "application/sparql-results+json; charset=utf-8"
        }
        "application/sparql-results+xml" | "application/xml" => {
            "application/sparql-results+xml; charset=utf-8"
        }
        "text/csv" => "text/csv; charset=utf-8",
        "text/tab-separated-values" => "text/tab-separated-values; charset=utf-8",
        "text/turtle" => "text/turtle; charset=utf-8",
        "application/n-quads" => "application/n-quads",
        "application/rdf+xml" => "application/rdf+xml",
        "application/trig" => "application/trig",
        _ => "application/n-triples",
    };
    let mut reply = Reply::new(200, ctype, body);
    if cut {
        let cap = limits.max_rows.unwrap_or(usize::MAX);
        reply.headers.push((
            "X-Socgraf-Truncated",
            format!("the first {cap} rows of more (--max-rows)"),
        ));
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_order_quality_and_wildcards() {
        let pick = |a: &str| negotiate(a, SOLUTION_TYPES).map(|(m, _)| m);
        assert_eq!(pick("").as_deref(), Some("application/sparql-results+json"));
        assert_eq!(pick("text/csv").as_deref(), Some("text/csv"));
        assert_eq!(
            pick("application/sparql-results+json;q=0.5, application/sparql-results+xml")
                .as_deref(),
            Some("application/sparql-results+xml")
        );
        assert_eq!(pick("text/*").as_deref(), Some("text/csv"));
        assert_eq!(
            pick("*/*;q=0.1").as_deref(),
            Some("application/sparql-results+json")
        );
        assert_eq!(pick("image/png"), None);
        let g = |a: &str| negotiate(a, GRAPH_TYPES).map(|(m, _)| m);
        assert_eq!(
            g("application/n-triples").as_deref(),
            Some("application/n-triples")
        );
        assert_eq!(g("*/*").as_deref(), Some("text/turtle"));
    }

    #[test]
    fn percent_decoding_of_paths_keeps_plus_signs() {
        assert_eq!(percent_decode("/queries/01%20a+b"), "/queries/01 a+b");
        assert_eq!(percent_decode("/s%C3%B6k"), "/sök");
    }
}
