//! The web page of `socgraf serve`: search, entity cards with their ego
//! network as SVG (GraphViz `dot`), paths, saved queries and a query editor.
//!
//! Plain server-rendered HTML and CSS: no script is needed and nothing is
//! fetched from elsewhere.
use super::app::{error_reply, App, Reply, Req, SAVED_QUERIES};
use crate::card::{self, Lookup};
use crate::connect;
use crate::query;
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::fmt::Write as _;

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn entity_href(iri: &str) -> String {
    format!("/entity?iri={}", enc(iri))
}

/// A saved query's title: its first comment line.
fn title_of(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix('#'))
        .map(|l| l.trim().to_string())
        .unwrap_or_default()
}

const STYLE: &str = "body{font-family:system-ui,Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}\
header{background:#1f4e79;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap}\
header a{color:#fff;text-decoration:none;font-weight:600}main{padding:1em 1.5em;max-width:72em}\
table{border-collapse:collapse;margin:.5em 0 1.2em;background:#fff}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}\
th{background:#eef2f7}blockquote{margin:.2em 0;color:#444;font-style:italic}small,.muted{color:#666}\
.iri{font-family:monospace;font-size:.85em;color:#555}textarea{width:100%;font-family:monospace}\
.ego{background:#fff;border:1px solid #ccc;overflow:auto;max-height:40em}.weak{color:#777}\
input[type=text],input[type=search]{padding:.3em;min-width:18em}.error{color:#a00;white-space:pre-wrap}";

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{} · socgraf</title>\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{STYLE}</style></head><body>\
<header><a href=\"/\">socgraf</a><form action=\"/search\" method=\"get\" role=\"search\">\
<input type=\"search\" name=\"q\" placeholder=\"a name, e.g. Vision\" aria-label=\"search\"> \
<button type=\"submit\">Search</button></form><a href=\"/path\">Path</a><a href=\"/#queries\">Saved queries</a>\
<a href=\"/sparql\">SPARQL</a></header><main>{body}</main></body></html>\n",
        esc(title)
    )
}

/// The front page: search, the path form, the saved queries.
pub fn home(app: &App<'_>) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>Kunskapsgraf</h1><p class=\"muted\">{} entities in the store. Search any name or alias \
(case and accents do not matter), open a card, or ask how two entities are linked.</p>\
<form action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" id=\"q\" autofocus> \
<button type=\"submit\">Search</button></form>",
        app.names.len()
    );
    b.push_str(&path_form("", ""));
    b.push_str("<h2 id=\"queries\">Saved queries</h2><ul>");
    for (name, text) in SAVED_QUERIES {
        let _ = write!(
            b,
            "<li><a href=\"/queries/{}\">{}</a> <small>{}</small></li>",
            enc(name),
            esc(&title_of(text)),
            esc(name)
        );
    }
    b.push_str("</ul><p><a href=\"/sparql\">Write a query</a> · the SPARQL endpoint is <code>/sparql</code> (SPARQL 1.1 Protocol).</p>");
    layout("socgraf", &b)
}

fn path_form(a: &str, b: &str) -> String {
    format!(
        "<h2>How are two entities linked?</h2><form action=\"/path\" method=\"get\">\
<input type=\"text\" name=\"a\" value=\"{}\" placeholder=\"from\" aria-label=\"from\"> \
<input type=\"text\" name=\"b\" value=\"{}\" placeholder=\"to\" aria-label=\"to\"> \
<button type=\"submit\">Find paths</button></form>",
        esc(a),
        esc(b)
    )
}

fn candidate_list(cs: &[card::Candidate]) -> String {
    let mut b = String::from("<ul class=\"candidates\">");
    for c in cs {
        let _ = write!(
            b,
            "<li><a href=\"{}\">{}</a> <small>{} · {} document(s)</small></li>",
            entity_href(&c.iri),
            esc(&c.label),
            esc(&c.etype),
            c.documents
        );
    }
    b.push_str("</ul>");
    b
}

/// `/search?q=`: one hit opens its card, several are listed.
pub fn search(app: &App<'_>, req: &Req) -> Reply {
    let q = req.param("q").unwrap_or("").trim().to_string();
    if let Lookup::One(c) = app.names.find(&q) {
        if app.names.search(&q, 2).len() <= 1 {
            return Reply::redirect(entity_href(&c.iri));
        }
    }
    let hits = app.names.search(&q, 100);
    let mut b = format!("<h1>Search: {}</h1>", esc(&q));
    if hits.is_empty() {
        let _ = write!(
            b,
            "<p>No entity is named “{}” (any label or alias, case and accents aside).</p>",
            esc(&q)
        );
    } else {
        let _ = write!(b, "<p>{} match(es).</p>", hits.len());
        b.push_str(&candidate_list(&hits));
    }
    Reply::html(layout(&format!("Search {q}"), &b))
}

fn lookup(app: &App<'_>, req: &Req) -> Result<card::Candidate, Reply> {
    let name = req
        .param("iri")
        .or_else(|| req.param("name"))
        .unwrap_or("")
        .trim();
    match app.names.find(name) {
        Lookup::One(c) => Ok(c),
        Lookup::Many(cs) => Err(Reply::html(layout(
            name,
            &format!(
                "<h1>“{}” names {} entities</h1>{}",
                esc(name),
                cs.len(),
                candidate_list(&cs)
            ),
        ))),
        Lookup::None => Err(Reply {
            status: 404,
            ..Reply::html(layout(
                name,
                &format!(
                    "<h1>Not found</h1><p>No entity is named “{}”.</p>",
                    esc(name)
                ),
            ))
        }),
    }
}

/// `/entity?iri=` (or `?name=`): the card with its ego network.
pub fn entity(app: &App<'_>, req: &Req) -> Reply {
    let c = match lookup(app, req) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let cd = match card::card(app.store, &c.iri, Some(&app.names)) {
        Ok(cd) => cd,
        Err(e) => return error_reply(&e),
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<article class=\"card\" data-iri=\"{}\"><h1>{}</h1><p><span class=\"type\">{}</span> · \
<span class=\"iri\">&lt;{}&gt;</span> · <a href=\"/entity.json?iri={}\">JSON</a></p>",
        esc(&cd.iri),
        esc(&cd.label),
        esc(&cd.types.join(", ")),
        esc(&cd.iri),
        enc(&cd.iri)
    );
    if cd.names.len() > 1 {
        let _ = write!(
            b,
            "<p><b>Also named:</b> {}</p>",
            esc(&cd.names[1..].join(" · "))
        );
    }
    if !cd.open_data.is_empty() {
        b.push_str("<p class=\"open-data\"><b>Open data:</b> ");
        for l in &cd.open_data {
            match &l.url {
                Some(u) => {
                    let _ = write!(
                        b,
                        "{} <a href=\"{}\">{}</a> ",
                        esc(&l.kind),
                        esc(u),
                        esc(&l.value)
                    );
                }
                None => {
                    let _ = write!(b, "{} <b>{}</b> ", esc(&l.kind), esc(&l.value));
                }
            }
        }
        b.push_str("</p>");
    }
    for k in &cd.contact {
        let _ = write!(b, "<p><b>Contact:</b> {}</p>", esc(k));
    }
    let _ = write!(
        b,
        "<h2>Network</h2><div class=\"ego\">{}</div>",
        ego(app, &cd.iri).unwrap_or_else(|e| format!("<p class=\"error\">{}</p>", esc(&e)))
    );
    for g in &cd.facts {
        let _ = write!(
            b,
            "<h2 class=\"facts\" data-predicate=\"{}\">{} <small>({})</small></h2>\
<table class=\"facts\"><tr><th>{}</th><th>role</th><th>evidence</th><th>document</th></tr>",
            esc(&g.predicate),
            esc(&g.heading),
            g.facts.len(),
            if g.outgoing { "to" } else { "from" }
        );
        for f in &g.facts {
            let doc = match &f.document {
                Some(d) => format!(
                    "{} <small>{}{}</small>",
                    esc(&d.title),
                    esc(&d.id),
                    d.date
                        .as_deref()
                        .map(|x| format!(", {}", esc(x)))
                        .unwrap_or_default()
                ),
                None => "<small>reference data</small>".into(),
            };
            let _ = write!(
                b,
                "<tr><td><a href=\"{}\">{}</a> <small>{}</small></td><td>{}</td><td>{}</td><td>{doc}</td></tr>",
                entity_href(&f.other.iri),
                esc(&f.other.label),
                esc(&f.other.etype),
                esc(f.role.as_deref().unwrap_or("")),
                f.evidence
                    .as_deref()
                    .map(|e| format!("<blockquote class=\"evidence\">{}</blockquote>", esc(e)))
                    .unwrap_or_default()
            );
        }
        b.push_str("</table>");
    }
    let _ = write!(
        b,
        "<h2>Mentioned in {} document(s)</h2><ul class=\"documents\">",
        cd.documents.len()
    );
    for d in &cd.documents {
        let _ = write!(
            b,
            "<li>{}{} <small>{} · {}</small></li>",
            d.date
                .as_deref()
                .map(|x| format!("{} ", esc(x)))
                .unwrap_or_default(),
            esc(&d.title),
            esc(&d.id),
            esc(&d.source)
        );
    }
    b.push_str("</ul>");
    b.push_str(&path_form(&cd.label, ""));
    b.push_str("</article>");
    Reply::html(layout(&cd.label, &b))
}

/// `/entity.json?iri=`: the same card as JSON.
pub fn entity_json(app: &App<'_>, req: &Req) -> Reply {
    let c = match lookup(app, req) {
        Ok(c) => c,
        Err(r) => {
            return Reply {
                ctype: "text/plain; charset=utf-8",
                body: b"no single entity of that name\n".to_vec(),
                ..r
            }
        }
    };
    match card::card(app.store, &c.iri, Some(&app.names)) {
        Ok(cd) => match serde_json::to_vec_pretty(&cd) {
            Ok(j) => Reply::new(200, "application/json", j),
            Err(e) => Reply::text(500, e.to_string()),
        },
        Err(e) => error_reply(&e),
    }
}

/// The most neighbours an ego network draws (the most connected first).
const EGO_MAX: usize = 60;

/// The entity's ego network as inline SVG, drawn by GraphViz `dot`.
fn ego(app: &App<'_>, iri: &str) -> Result<String, String> {
    let g = &app.graph;
    let Some(center) = crate::graph::node_of_iri(g, iri) else {
        return Ok("<p class=\"muted\">No facts link this entity to another.</p>".into());
    };
    let mut nb: Vec<_> = g.neighbors_undirected(center).collect();
    nb.sort();
    nb.dedup();
    nb.sort_by_key(|&n| std::cmp::Reverse(g.neighbors_undirected(n).count()));
    nb.truncate(EGO_MAX);
    nb.push(center);
    let sub = crate::graph::subgraph(g, |i| nb.contains(&i));
    let dot = crate::export::to_dot_with(
        &sub,
        Some(&|n: &crate::graph::Node| entity_href(&query::full_iri(&n.iri))),
    );
    let svg = render_svg(&dot)?;
    // inline: without the XML prolog and doctype
    let start = svg.find("<svg").unwrap_or(0);
    Ok(svg[start..].to_string())
}

/// SVG from DOT by GraphViz `dot`.
pub fn render_svg(dot: &str) -> Result<String, String> {
    use std::io::Write as _;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("GraphViz `dot` could not be started ({e}); install graphviz to draw networks")
        })?;
    if let Some(mut i) = child.stdin.take() {
        i.write_all(dot.as_bytes()).map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "dot failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

/// `/ego.svg?iri=`: the ego network alone.
pub fn ego_svg(app: &App<'_>, req: &Req) -> Reply {
    let c = match lookup(app, req) {
        Ok(c) => c,
        Err(r) => return r,
    };
    match ego(app, &c.iri) {
        Ok(svg) => Reply::new(200, "image/svg+xml", svg),
        Err(e) => Reply::text(500, e),
    }
}

/// `/path?a=&b=`: the shortest fact paths, and co-mentions apart.
pub fn path(app: &App<'_>, req: &Req) -> Reply {
    let (a, bn) = (
        req.param("a").unwrap_or("").trim(),
        req.param("b").unwrap_or("").trim(),
    );
    let mut b = path_form(a, bn);
    if a.is_empty() || bn.is_empty() {
        return Reply::html(layout("Path", &b));
    }
    let pick = |n: &str| match app.names.find(n) {
        Lookup::One(c) => Ok(c),
        Lookup::Many(cs) => Err(format!(
            "<p>“{}” names {} entities; open one and ask from its card:</p>{}",
            esc(n),
            cs.len(),
            candidate_list(&cs)
        )),
        Lookup::None => Err(format!("<p>No entity is named “{}”.</p>", esc(n))),
    };
    let (ca, cb) = match (pick(a), pick(bn)) {
        (Ok(x), Ok(y)) => (x, y),
        (x, y) => {
            for e in [x.err(), y.err()].into_iter().flatten() {
                b.push_str(&e);
            }
            return Reply::html(layout("Path", &b));
        }
    };
    let c = match connect::connect(app.store, &app.graph, &app.names, &ca, &cb, 5) {
        Ok(c) => c,
        Err(e) => return error_reply(&e),
    };
    if c.paths.is_empty() {
        let _ = write!(
            b,
            "<p class=\"no-path\">No path of facts links <a href=\"{}\">{}</a> and <a href=\"{}\">{}</a>.</p>",
            entity_href(&ca.iri),
            esc(&ca.label),
            entity_href(&cb.iri),
            esc(&cb.label)
        );
    } else {
        let _ = write!(
            b,
            "<p>{} path(s) of {} step(s):</p>",
            c.paths.len(),
            c.paths[0].len()
        );
        for p in &c.paths {
            b.push_str("<ol class=\"path\">");
            for e in p {
                let arrow = if e.forward {
                    format!("—{}→", esc(&e.predicate))
                } else {
                    format!("←{}—", esc(&e.predicate))
                };
                let _ = write!(
                    b,
                    "<li><a href=\"{}\">{}</a> {arrow} <a href=\"{}\">{}</a>{}{}</li>",
                    entity_href(&e.from.iri),
                    esc(&e.from.label),
                    entity_href(&e.to.iri),
                    esc(&e.to.label),
                    e.evidence
                        .as_deref()
                        .map(|x| format!("<blockquote class=\"evidence\">{}</blockquote>", esc(x)))
                        .unwrap_or_default(),
                    e.document
                        .as_ref()
                        .map(|d| format!("<small>{} ({})</small>", esc(&d.title), esc(&d.id)))
                        .unwrap_or_default()
                );
            }
            b.push_str("</ol>");
        }
    }
    if !c.co_mentioned.is_empty() {
        let _ = write!(
            b,
            "<h3 class=\"weak\">Named together in {} document(s) (co-mention, not a fact)</h3><ul class=\"weak co-mentions\">",
            c.co_mentioned.len()
        );
        for d in &c.co_mentioned {
            let _ = write!(
                b,
                "<li>{}{} <small>{}</small></li>",
                d.date
                    .as_deref()
                    .map(|x| format!("{} ", esc(x)))
                    .unwrap_or_default(),
                esc(&d.title),
                esc(&d.id)
            );
        }
        b.push_str("</ul>");
    } else if c.paths.is_empty() {
        b.push_str("<p class=\"weak\">No document names both.</p>");
    }
    Reply::html(layout(&format!("{} – {}", ca.label, cb.label), &b))
}

/// `/queries/NAME`: a saved query's results, in the editor.
pub fn saved(app: &App<'_>, _req: &Req, name: &str) -> Reply {
    let name = name.trim_end_matches(".rq");
    match SAVED_QUERIES.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => {
            let table = run_table(app, text);
            Reply::html(editor(app, text, Some(table)))
        }
        None => Reply::text(404, format!("no saved query '{name}'")),
    }
}

/// The query editor, with the results of its query when it ran.
pub fn editor(_app: &App<'_>, q: &str, result: Option<Result<String, String>>) -> String {
    let title = title_of(q);
    let mut b = format!(
        "<h1>{}</h1><form action=\"/sparql\" method=\"post\" class=\"editor\">\
<textarea name=\"query\" rows=\"14\" spellcheck=\"false\">{}</textarea>\
<input type=\"hidden\" name=\"format\" value=\"html\"><p><button type=\"submit\">Run</button> \
<small>Prefixes sg:, id:, rdfs:, skos:, org:, prov:, dcterms:, schema:, owl:, xsd: are declared. \
Labels carry a language tag: <code>?e rdfs:label \"Vision\"@sv</code>.</small></p></form>",
        if title.is_empty() {
            "SPARQL".to_string()
        } else {
            esc(&title)
        },
        esc(q)
    );
    match result {
        Some(Ok(t)) => b.push_str(&t),
        Some(Err(e)) => {
            let _ = write!(b, "<p class=\"error\">{}</p>", esc(&e));
        }
        None => {}
    }
    layout(if title.is_empty() { "SPARQL" } else { &title }, &b)
}

/// Runs a query within the server's limits and renders the results as an
/// HTML table whose entity IRIs link to their cards, with labels.
pub fn run_table(app: &App<'_>, q: &str) -> Result<String, String> {
    let limits = app.opts.limits;
    let cap = limits.max_rows.unwrap_or(usize::MAX);
    let running = query::execute_limited(app.store, q, &limits).map_err(|e| e.to_string())?;
    let mut b = String::new();
    match running.results {
        QueryResults::Boolean(v) => {
            let _ = write!(b, "<p class=\"result\">{v}</p>");
        }
        QueryResults::Graph(triples) => {
            let ser = query::serializer(RdfFormat::Turtle);
            let mut out = Vec::new();
            let mut w = ser.for_writer(&mut out);
            for t in triples.take(cap) {
                let t = t.map_err(|e| running.watch.error(e).to_string())?;
                w.serialize_triple(&t).map_err(|e| e.to_string())?;
            }
            w.finish().map_err(|e| e.to_string())?;
            let _ = write!(b, "<pre>{}</pre>", esc(&String::from_utf8_lossy(&out)));
        }
        QueryResults::Solutions(sols) => {
            let vars: Vec<String> = sols
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            // a column `xIri` beside a column `x` (the saved queries'
            // convention) makes the label in `x` a link, and is not shown
            let link_of: Vec<Option<usize>> = vars
                .iter()
                .map(|v| vars.iter().position(|w| *w == format!("{v}Iri")))
                .collect();
            let shown: Vec<usize> = (0..vars.len())
                .filter(|i| !link_of.contains(&Some(*i)))
                .collect();
            let mut rows = String::new();
            let mut n = 0usize;
            let mut cut = false;
            for s in sols {
                let s = s.map_err(|e| running.watch.error(e).to_string())?;
                if n >= cap {
                    cut = true;
                    break;
                }
                n += 1;
                rows.push_str("<tr>");
                for &i in &shown {
                    let value = s.get(vars[i].as_str());
                    let target = link_of[i].and_then(|j| s.get(vars[j].as_str()));
                    let html = match (value, target) {
                        (Some(Term::Literal(l)), Some(Term::NamedNode(iri))) => format!(
                            "<a href=\"{}\">{}</a>",
                            entity_href(iri.as_str()),
                            esc(l.value())
                        ),
                        (Some(t), _) => cell(app, t),
                        (None, _) => String::new(),
                    };
                    let _ = write!(rows, "<td>{html}</td>");
                }
                rows.push_str("</tr>");
            }
            let _ = write!(
                b,
                "<p class=\"rows\">{n} row(s){}</p><table class=\"results\"><tr>",
                if cut {
                    format!(", cut at {cap}")
                } else {
                    String::new()
                }
            );
            for &i in &shown {
                let _ = write!(b, "<th>{}</th>", esc(&vars[i]));
            }
            b.push_str("</tr>");
            b.push_str(&rows);
            b.push_str("</table>");
        }
    }
    Ok(b)
}

fn cell(app: &App<'_>, t: &Term) -> String {
    match t {
        Term::NamedNode(n) => match app.names.by_iri(n.as_str()) {
            Some(c) => format!(
                "<a href=\"{}\">{}</a> <span class=\"iri\">{}</span>",
                entity_href(&c.iri),
                esc(&c.label),
                esc(&query::display_term(t))
            ),
            None => format!(
                "<span class=\"iri\">{}</span>",
                esc(&query::display_term(t))
            ),
        },
        Term::Literal(l) => esc(l.value()),
        other => esc(&other.to_string()),
    }
}
