//! Web pages: the article's main content (readability, by `dom_smoothie`),
//! its title (`og:title`, `<title>`, `<h1>`) and date (metadata, `<time>`).
use super::dates::{parse_date, DocDate};
use crate::text::{html_to_text, tame};
use scraper::{Html, Selector};
use std::sync::LazyLock;

/// Pages nested deeper than this skip the readability pass (it walks the
/// tree recursively) and are read whole, without their boilerplate.
const READABILITY_DEPTH: usize = 400;
/// Elements the readability pass looks at, at most.
const READABILITY_ELEMENTS: usize = 200_000;

/// What a page gives: its main text, title and date.
pub struct Page {
    pub text: String,
    pub title: Option<String>,
    pub date: Option<DocDate>,
    /// "html" (the main content found), "html-whole" (read whole, without
    /// navigation, banners, lists of other articles and footers)
    pub reader: &'static str,
}

fn sel(s: &str) -> Selector {
    // constant selectors, all used by the doctest of `read`
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e}"))
}

static OG_TITLE: LazyLock<Selector> = LazyLock::new(|| sel(r#"meta[property="og:title"]"#));
static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static H1: LazyLock<Selector> = LazyLock::new(|| sel("h1"));
static META: LazyLock<Selector> = LazyLock::new(|| sel("meta"));
static TIME: LazyLock<Selector> = LazyLock::new(|| sel("time[datetime]"));
static JSON_LD: LazyLock<Selector> = LazyLock::new(|| sel(r#"script[type="application/ld+json"]"#));

/// Reads a page: the main content through readability when the page is
/// within its limits and it finds an article, else the whole page without
/// its boilerplate.
///
/// ```
/// let page = socgraf::formats::html::read(r#"<html><head><title>Ny chef | Orsa kommun</title>
///   <meta property="og:title" content="Ny chef för hemtjänsten">
///   <meta property="article:published_time" content="2024-03-05T09:00:00+01:00"></head>
///   <body><nav><a href="/">Start</a> <a href="/om">Om oss</a></nav>
///   <div id="cookie-banner">Vi använder kakor (cookies) för att webbplatsen ska fungera.</div>
///   <article><h1>Ny chef för hemtjänsten</h1><p>Lena Sjö blir ny enhetschef i Orsa kommun.
///   Hon har arbetat inom äldreomsorgen i tjugo år och börjar i april.</p></article>
///   <footer>Orsa kommun, 794 80 Orsa</footer></body></html>"#);
/// assert_eq!(page.title.as_deref(), Some("Ny chef för hemtjänsten"));
/// assert_eq!(page.date.unwrap().date, "2024-03-05");
/// assert!(page.text.contains("Lena Sjö blir ny enhetschef"));
/// assert!(!page.text.contains("kakor") && !page.text.contains("794 80"));
/// ```
pub fn read(html: &str) -> Page {
    let tamed = tame(html);
    let doc = Html::parse_document(&tamed);
    let title = title_of(&doc);
    let date = date_of(&doc);
    let deep = depth(&doc) > READABILITY_DEPTH;
    let main = (!deep).then(|| readable(&tamed)).flatten();
    let (text, reader) = match main {
        Some(t) => (t, "html"),
        None => (whole_without_boilerplate(&doc), "html-whole"),
    };
    Page {
        text,
        title,
        date,
        reader,
    }
}

fn clean(s: &str) -> Option<String> {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// `og:title`, else `<title>` (without the site's name after " | " or
/// " - "), else the first `<h1>`.
fn title_of(doc: &Html) -> Option<String> {
    if let Some(t) = doc
        .select(&OG_TITLE)
        .find_map(|m| m.value().attr("content").and_then(clean))
    {
        return Some(t);
    }
    if let Some(t) = doc
        .select(&TITLE)
        .find_map(|t| clean(&t.text().collect::<String>()))
    {
        let t = t
            .split(" | ")
            .next()
            .unwrap_or(&t)
            .split(" – ")
            .next()
            .unwrap_or(&t)
            .trim()
            .to_string();
        if !t.is_empty() {
            return Some(t);
        }
    }
    doc.select(&H1)
        .find_map(|h| clean(&h.text().collect::<String>()))
}

/// The page's publication date: `article:published_time` and kindred
/// metadata, JSON-LD `datePublished`, then the first `<time datetime>`.
fn date_of(doc: &Html) -> Option<DocDate> {
    const PUBLISHED: &[&str] = &[
        "article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.issued",
        "og:published_time",
    ];
    for m in doc.select(&META) {
        let e = m.value();
        let key = e
            .attr("property")
            .or_else(|| e.attr("name"))
            .or_else(|| e.attr("itemprop"))
            .unwrap_or_default()
            .to_lowercase();
        if PUBLISHED.contains(&key.as_str()) {
            if let Some(d) = e.attr("content").and_then(parse_date) {
                return Some(DocDate {
                    date: d,
                    source: "html:meta",
                });
            }
        }
    }
    for s in doc.select(&JSON_LD) {
        let text: String = s.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            if let Some(d) = json_ld_date(&v, 0) {
                return Some(DocDate {
                    date: d,
                    source: "html:json-ld",
                });
            }
        }
    }
    doc.select(&TIME).find_map(|t| {
        let d = parse_date(t.value().attr("datetime")?)?;
        Some(DocDate {
            date: d,
            source: "html:time",
        })
    })
}

/// `datePublished` anywhere in a JSON-LD value (objects, `@graph` lists).
fn json_ld_date(v: &serde_json::Value, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match v {
        serde_json::Value::Object(m) => m
            .get("datePublished")
            .and_then(|d| d.as_str())
            .and_then(parse_date)
            .or_else(|| m.values().find_map(|x| json_ld_date(x, depth + 1))),
        serde_json::Value::Array(a) => a.iter().find_map(|x| json_ld_date(x, depth + 1)),
        _ => None,
    }
}

/// The deepest nesting of elements, counted without recursion.
fn depth(doc: &Html) -> usize {
    let (mut d, mut max) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                d += 1;
                max = max.max(d);
            }
            ego_tree::iter::Edge::Close(_) => d = d.saturating_sub(1),
        }
    }
    max
}

/// The article's text as readability finds it, or None when it finds none.
fn readable(html: &str) -> Option<String> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: READABILITY_ELEMENTS,
        // short notices are articles too
        char_threshold: 80,
        ..Default::default()
    };
    let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
    let article = r.parse().ok()?;
    let text = html_to_text(&article.content);
    (!text.trim().is_empty()).then_some(text)
}

/// Elements that are never an article's text.
const BOILERPLATE_TAGS: &[&str] = &["nav", "footer", "aside", "form", "dialog", "header", "menu"];
/// Words in an element's id or class that mark it as boilerplate: cookie
/// and consent banners, share bars, lists of other articles, menus.
const BOILERPLATE_WORDS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "share",
    "social",
    "related",
    "mest-last",
    "mestlast",
    "most-read",
    "popular",
    "breadcrumb",
    "newsletter",
    "sidebar",
    "menu",
    "navigation",
    "footer",
    "banner",
    "advert",
    "annons",
];

/// The whole page's text without navigation, banners, share bars, lists of
/// other articles and footers (when readability finds no article).
fn whole_without_boilerplate(doc: &Html) -> String {
    crate::text::page_text(doc, &is_boilerplate)
}

fn is_boilerplate(e: &scraper::node::Element) -> bool {
    if BOILERPLATE_TAGS.contains(&e.name()) {
        return true;
    }
    if matches!(
        e.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "dialog")
    ) {
        return true;
    }
    let marks = format!(
        "{} {}",
        e.attr("id").unwrap_or_default(),
        e.attr("class").unwrap_or_default()
    )
    .to_lowercase();
    BOILERPLATE_WORDS.iter().any(|w| marks.contains(w))
}
