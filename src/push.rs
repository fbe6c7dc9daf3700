//! Publishing a store to a shared SPARQL server through the SPARQL 1.1 Graph
//! Store HTTP Protocol: one PUT per named graph, recorded so a push can skip
//! what the remote already has.
//!
//! A PUT replaces one graph whole, so pushing again is idempotent and a
//! changed document replaces only its graph. The record (`SOCGRAF-PUSHED`
//! in the store's folder) keeps, per endpoint, the SHA-256 of each graph's
//! N-Triples as last accepted; it is written only for graphs the server
//! answered 2xx, so an interrupted push is finished by the next one.
use crate::error::StoreError;
use crate::hash::sha256_hex;
use crate::model::PENDING_GRAPH;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode};
use oxigraph::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The record of pushes in a store's folder.
pub const RECORD: &str = "SOCGRAF-PUSHED";

/// What to push and how.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store Protocol address (`…/store` for `oxigraph serve`).
    pub endpoint: String,
    /// Push only graphs that changed since the last push to this endpoint.
    pub changed_only: bool,
    /// Delete the remote graphs of documents no longer in the store (those
    /// this store pushed there before).
    pub prune: bool,
    /// Extra request headers ("Authorization: Bearer …").
    pub headers: Vec<(String, String)>,
    /// Connect and read timeout of each request.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub threads: usize,
    /// Say what would be pushed and deleted; send nothing.
    pub dry_run: bool,
}

/// What a push did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PushReport {
    pub pushed: Vec<String>,
    pub unchanged: usize,
    pub pruned: Vec<String>,
    /// (graph, why) for every graph the server did not accept.
    pub failed: Vec<(String, String)>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    /// endpoint → graph IRI → SHA-256 of the N-Triples last accepted
    endpoints: BTreeMap<String, BTreeMap<String, String>>,
}

fn record_path(dir: &Path) -> PathBuf {
    dir.join(RECORD)
}

fn read_record(dir: &Path) -> Result<Record, StoreError> {
    match std::fs::read(record_path(dir)) {
        Ok(b) => serde_json::from_slice(&b).map_err(|e| {
            StoreError::Io(std::io::Error::other(format!(
                "{}: {e} (delete it to push everything again)",
                record_path(dir).display()
            )))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Record::default()),
        Err(e) => Err(StoreError::Io(e)),
    }
}

fn write_record(dir: &Path, r: &Record) -> Result<(), StoreError> {
    let tmp = dir.join(format!(".{RECORD}.{}", std::process::id()));
    let body =
        serde_json::to_vec_pretty(r).map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
    std::fs::write(&tmp, body)?;
    std::fs::rename(&tmp, record_path(dir))?;
    Ok(())
}

/// A graph's triples as N-Triples, in the store's order.
fn graph_body(store: &Store, graph: &oxigraph::model::NamedNode) -> Result<Vec<u8>, StoreError> {
    let mut out = Vec::new();
    let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(&mut out);
    for q in store.quads_for_pattern(
        None,
        None,
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        w.serialize_triple(&q?.into())?;
    }
    w.finish()?;
    Ok(out)
}

/// The Graph Store Protocol address of one graph.
pub fn graph_url(endpoint: &str, graph: &str) -> String {
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    let enc: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
    format!("{endpoint}{sep}graph={enc}")
}

/// `Authorization: Basic …` for the endpoint's host from a netrc file
/// (`machine HOST login USER password PASS`, or `default`).
pub fn netrc_authorization(netrc: &str, endpoint: &str) -> Option<String> {
    use base64::Engine as _;
    let host = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, r)| r)
        .split(['/', '?'])
        .next()?;
    let host_only = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let tokens: Vec<&str> = netrc.split_whitespace().collect();
    let mut i = 0;
    let (mut chosen, mut default) = (None, None);
    while i < tokens.len() {
        let start = match tokens[i] {
            "machine" if i + 1 < tokens.len() => {
                let m = tokens[i + 1];
                i += 2;
                Some(m == host || m == host_only)
            }
            "default" => {
                i += 1;
                None
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let (mut login, mut password) = (None, None);
        while i + 1 < tokens.len() && !matches!(tokens[i], "machine" | "default") {
            match tokens[i] {
                "login" => login = Some(tokens[i + 1]),
                "password" => password = Some(tokens[i + 1]),
                _ => {}
            }
            i += 2;
        }
        let entry = login.zip(password);
        match start {
            Some(true) if chosen.is_none() => chosen = entry,
            None if default.is_none() => default = entry,
            _ => {}
        }
    }
    let (u, p) = chosen.or(default)?;
    Some(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))
    ))
}

/// One request: the status and the start of the body of a non-2xx answer.
fn send(
    client: &oxhttp::Client,
    method: oxhttp::model::Method,
    url: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<u16, String> {
    let mut rq = oxhttp::model::Request::builder().method(method).uri(url);
    if !body.is_empty() {
        rq = rq.header("Content-Type", "application/n-triples");
    }
    for (k, v) in headers {
        rq = rq.header(k.as_str(), v.as_str());
    }
    let rq = rq.body(body).map_err(|e| e.to_string())?;
    let resp = client.request(rq).map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(status);
    }
    let mut text = String::new();
    use std::io::Read as _;
    let _ = resp.into_body().take(300).read_to_string(&mut text);
    Err(format!("HTTP {status}: {}", text.trim().replace('\n', " ")))
}

/// Pushes the store's graphs (every document graph, the reference graph and
/// the links graph) to `opts.endpoint`; `dir` holds the record.
pub fn push(store: &Store, dir: &Path, opts: &PushOptions) -> Result<PushReport, StoreError> {
    let mut record = read_record(dir)?;
    let known = record
        .endpoints
        .get(&opts.endpoint)
        .cloned()
        .unwrap_or_default();
    let mut graphs = Vec::new();
    for g in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(n) = g? {
            if n.as_str() != PENDING_GRAPH {
                graphs.push(n);
            }
        }
    }
    graphs.sort();
    let client = oxhttp::Client::new()
        .with_global_timeout(opts.timeout)
        .with_user_agent(concat!("socgraf/", env!("CARGO_PKG_VERSION")))
        .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
    let report = Mutex::new(PushReport::default());
    let accepted: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failure: Mutex<Option<StoreError>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..opts.threads.max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(g) = graphs.get(i) else { break };
                let body = match graph_body(store, g) {
                    Ok(b) => b,
                    Err(e) => {
                        if let Ok(mut f) = failure.lock() {
                            f.get_or_insert(e);
                        }
                        break;
                    }
                };
                let stamp = sha256_hex(&body);
                if opts.changed_only && known.get(g.as_str()) == Some(&stamp) {
                    if let Ok(mut r) = report.lock() {
                        r.unchanged += 1;
                    }
                    continue;
                }
                let done = if opts.dry_run {
                    Ok(0)
                } else {
                    send(
                        &client,
                        oxhttp::model::Method::PUT,
                        &graph_url(&opts.endpoint, g.as_str()),
                        &opts.headers,
                        body,
                    )
                };
                match done {
                    Ok(_) => {
                        if let Ok(mut a) = accepted.lock() {
                            a.insert(g.as_str().to_string(), stamp);
                        }
                        if let Ok(mut r) = report.lock() {
                            r.pushed.push(g.as_str().to_string());
                        }
                    }
                    Err(why) => {
                        if let Ok(mut r) = report.lock() {
                            r.failed.push((g.as_str().to_string(), why));
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    let mut report = report.into_inner().unwrap_or_default();
    let accepted = accepted.into_inner().unwrap_or_default();
    // the graphs this store pushed there before and no longer has
    let local: std::collections::HashSet<&str> = graphs.iter().map(|g| g.as_str()).collect();
    let gone: Vec<String> = known
        .keys()
        .filter(|g| !local.contains(g.as_str()))
        .cloned()
        .collect();
    let mut pruned_ok = Vec::new();
    if opts.prune {
        for g in &gone {
            let done = if opts.dry_run {
                Ok(0)
            } else {
                send(
                    &client,
                    oxhttp::model::Method::DELETE,
                    &graph_url(&opts.endpoint, g),
                    &opts.headers,
                    Vec::new(),
                )
                .or_else(|e| {
                    if e.starts_with("HTTP 404") {
                        Ok(404)
                    } else {
                        Err(e)
                    }
                })
            };
            match done {
                Ok(_) => pruned_ok.push(g.clone()),
                Err(why) => report.failed.push((g.clone(), why)),
            }
        }
    }
    report.pruned = pruned_ok.clone();
    report.pushed.sort();
    report.failed.sort();
    if !opts.dry_run {
        let entry = record.endpoints.entry(opts.endpoint.clone()).or_default();
        entry.extend(accepted);
        for g in &pruned_ok {
            entry.remove(g);
        }
        // a graph whose PUT failed may be half there: pushed again next time
        for (g, _) in &report.failed {
            entry.remove(g);
        }
        write_record(dir, &record)?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_urls_encode_the_iri() {
        assert_eq!(
            graph_url("http://h:7878/store", "https://w3id.org/socgraf/doc/a b"),
            "http://h:7878/store?graph=https%3A%2F%2Fw3id.org%2Fsocgraf%2Fdoc%2Fa+b"
        );
        assert_eq!(
            graph_url("http://h/rdf-graphs/service?x=1", "urn:g"),
            "http://h/rdf-graphs/service?x=1&graph=urn%3Ag"
        );
    }

    #[test]
    fn netrc_gives_basic_authorization_for_the_host_or_the_default() {
        let netrc = "machine other.example login a password b\n\
                     machine kg.example login anna password hemligt\n\
                     default login gäst password x";
        assert_eq!(
            netrc_authorization(netrc, "https://kg.example:3030/ds/data").as_deref(),
            Some("Basic YW5uYTpoZW1saWd0")
        );
        assert!(netrc_authorization(netrc, "http://elsewhere/store")
            .is_some_and(|h| h.starts_with("Basic ")));
        assert_eq!(
            netrc_authorization("machine x login a password b", "http://y/"),
            None
        );
    }
}
