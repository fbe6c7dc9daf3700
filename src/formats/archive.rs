//! Web archives (WARC, as `wget --warc-file` and crawlers write them) and
//! feeds (RSS, Atom): one document per archived HTML page or feed item.
//!
//! A member's id is its URL without the scheme ("www.orsa.se/nyheter/x"),
//! its `dcterms:source` the URL; its bytes are the page (or the item's
//! content), so building the same archive again finds every member
//! unchanged. An archive is read whole into memory: at most
//! [`MAX_ARCHIVE`] bytes.
use crate::facts::DocDate;
use std::io::Read;
use std::path::Path;

/// The largest archive or feed read (its members are held in memory).
pub const MAX_ARCHIVE: u64 = 1 << 30;

/// One document of an archive or a feed.
#[derive(Debug, Clone)]
pub struct Member {
    pub url: String,
    pub id: String,
    /// the page as archived, or the item's HTML content
    pub bytes: Vec<u8>,
    /// the feed item's title
    pub title: Option<String>,
    /// the feed item's date, or the WARC record's (the day it was archived)
    pub date: Option<DocDate>,
}

/// The id of a URL: host and path without the scheme, the fragment or a
/// trailing slash; a query is kept ("www.x.se/sok?q=1").
///
/// ```
/// use socgraf::formats::archive::url_id;
/// assert_eq!(url_id("https://www.orsa.se/nyheter/ny-chef/#top"), "www.orsa.se/nyheter/ny-chef");
/// assert_eq!(url_id("http://example.org/"), "example.org");
/// ```
pub fn url_id(url: &str) -> String {
    let u = url.split('#').next().unwrap_or(url);
    let u = u.split_once("://").map_or(u, |(_, rest)| rest);
    u.trim_end_matches('/').to_string()
}

fn size_check(path: &Path) -> Result<(), String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len > MAX_ARCHIVE {
        return Err(format!(
            "{len} bytes: archives and feeds are read whole, at most {MAX_ARCHIVE} bytes; split it"
        ));
    }
    Ok(())
}

/// The HTML pages of a WARC file (`.warc`, or `.warc.gz` compressed per
/// record): each `response` record with status 200 and an HTML content
/// type. A URL archived twice gives its last capture.
pub fn warc(path: &Path) -> Result<Vec<Member>, String> {
    size_check(path)?;
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let mut out: Vec<Member> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = Default::default();
    let mut each = |record: warc::Record<warc::BufferedBody>| {
        if *record.warc_type() != warc::RecordType::Response {
            return;
        }
        let Some(url) = record.header(warc::WarcHeader::TargetURI) else {
            return;
        };
        let url = url.trim_matches(['<', '>']).to_string();
        let Some(html) = http_html(record.body()) else {
            return;
        };
        let date = Some(DocDate {
            date: record.date().format("%Y-%m-%d").to_string(),
            source: "warc:date",
        });
        let m = Member {
            id: url_id(&url),
            url,
            bytes: html,
            title: None,
            date,
        };
        match at.get(&m.id) {
            Some(&i) => out[i] = m,
            None => {
                at.insert(m.id.clone(), out.len());
                out.push(m);
            }
        }
    };
    if gz {
        let r = warc::WarcReader::from_path_gzip(path).map_err(|e| e.to_string())?;
        for rec in r.iter_records() {
            each(rec.map_err(|e| format!("not a readable WARC file: {e}"))?);
        }
    } else {
        // (not `WarcReader::from_path`: it opens with `create`)
        let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let r = warc::WarcReader::new(std::io::BufReader::with_capacity(1 << 20, f));
        for rec in r.iter_records() {
            each(rec.map_err(|e| format!("not a readable WARC file: {e}"))?);
        }
    }
    Ok(out)
}

/// The payload of an HTTP response when it is a page: status 200, an HTML
/// content type, no content encoding it would take a decoder for; a
/// chunked body is joined.
fn http_html(block: &[u8]) -> Option<Vec<u8>> {
    let split = block.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&block[..split]).to_lowercase();
    let body = &block[split + 4..];
    let mut lines = head.lines();
    let status = lines.next()?;
    if status.split_whitespace().nth(1) != Some("200") {
        return None;
    }
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(':')))
            .map(str::trim)
            .map(str::to_string)
    };
    let ctype = header("content-type").unwrap_or_default();
    if !(ctype.contains("html")) {
        return None;
    }
    if header("content-encoding").is_some_and(|e| e != "identity") {
        return None;
    }
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        return dechunk(body);
    }
    Some(body.to_vec())
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..).unwrap_or_default();
    }
}

/// The items of an RSS or Atom feed, each with its link, title, date and
/// content (or summary) as HTML.
pub fn feed(path: &Path) -> Result<Vec<Member>, String> {
    size_check(path)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    let feed =
        feed_rs::parser::parse(&bytes[..]).map_err(|e| format!("not a readable feed: {e}"))?;
    let stem = crate::text::doc_id(path);
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in feed.entries.iter().enumerate() {
        let url = e
            .links
            .first()
            .map(|l| l.href.clone())
            .unwrap_or_else(|| format!("{stem}#{}", i + 1));
        let id = if url.contains("://") {
            url_id(&url)
        } else {
            format!("{stem}/{}", i + 1)
        };
        if !seen.insert(id.clone()) {
            continue;
        }
        let title = e.title.as_ref().map(|t| t.content.trim().to_string());
        let body = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let heading = title.as_deref().unwrap_or_default();
        let html = format!(
            "<html><head><title>{}</title></head><body><article><h1>{}</h1>{body}</article></body></html>",
            escape(heading),
            escape(heading)
        );
        let date = e.published.or(e.updated).map(|d| DocDate {
            date: d.format("%Y-%m-%d").to_string(),
            source: "feed:item",
        });
        out.push(Member {
            url,
            id,
            bytes: html.into_bytes(),
            title,
            date,
        });
    }
    Ok(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
