//! Word (.docx) and OpenDocument (.odt) text: the zip's XML read with
//! `quick-xml`, paragraphs as lines; title and date from the metadata.
use super::dates::{parse_date, DocDate};
use quick_xml::events::Event;
use std::io::Read;

/// What an office file gives.
pub struct Office {
    pub text: String,
    pub title: Option<String>,
    pub date: Option<DocDate>,
}

/// A member of the zip, as text; None when it is missing.
fn member(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    // a member that unpacks to more than 256 MB is no document's text
    let mut s = String::new();
    f.by_ref()
        .take(256 << 20)
        .read_to_string(&mut s)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(s))
}

/// The paragraphs of an XML body: text of `text_tags`, a line break after
/// each `para_tags` element, a tab or a break for the empty elements given.
fn paragraphs(
    xml: &str,
    text_tags: &[&str],
    para_tags: &[&str],
    tab: &str,
    brk: &str,
    space: &str,
) -> Result<String, String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = 0usize;
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                let n = e.local_name().into_inner();
                if text_tags.contains(&n) {
                    in_text += 1;
                }
            }
            Event::End(e) => {
                let n = e.local_name().into_inner();
                if text_tags.contains(&n) {
                    in_text = in_text.saturating_sub(1);
                }
                if para_tags.contains(&n) {
                    let trimmed = out.trim_end_matches([' ', '\t']).len();
                    out.truncate(trimmed);
                    out.push('\n');
                }
            }
            Event::Empty(e) => {
                let n = e.local_name().into_inner();
                if n == tab {
                    out.push('\t');
                } else if n == brk {
                    out.push('\n');
                } else if n == space {
                    out.push(' ');
                } else if para_tags.contains(&n) {
                    out.push('\n');
                }
            }
            Event::Text(t) if in_text > 0 => {
                out.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text > 0 => {
                let s = format!("&{};", r.into_inner());
                out.push_str(&quick_xml::escape::unescape(&s).unwrap_or_default());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.trim().to_string())
}

/// The text of the first element named `tag` (local name) in an XML text.
fn first_text(xml: &str, tag: &str) -> Option<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut out = String::new();
    loop {
        match r.read_event().ok()? {
            Event::Start(e) if e.local_name().into_inner() == tag => inside = true,
            Event::End(e) if e.local_name().into_inner() == tag => {
                let t = out.split_whitespace().collect::<Vec<_>>().join(" ");
                return (!t.is_empty()).then_some(t);
            }
            Event::Text(t) if inside => out.push_str(&t.xml10_content()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn open(bytes: &[u8]) -> Result<zip::ZipArchive<std::io::Cursor<&[u8]>>, String> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip file: {e}"))
}

/// A Word document: `word/document.xml`, title and created date from
/// `docProps/core.xml`.
pub fn docx(bytes: &[u8]) -> Result<Office, String> {
    let mut zip = open(bytes)?;
    let body = member(&mut zip, "word/document.xml")?
        .ok_or("no word/document.xml: not a Word document")?;
    let text = paragraphs(&body, &["t"], &["p"], "tab", "br", "\u{0}")?;
    let core = member(&mut zip, "docProps/core.xml")?.unwrap_or_default();
    Ok(Office {
        text,
        title: first_text(&core, "title"),
        date: first_text(&core, "created")
            .or_else(|| first_text(&core, "modified"))
            .and_then(|d| parse_date(&d))
            .map(|date| DocDate {
                date,
                source: "docx:core",
            }),
    })
}

/// An OpenDocument text: `content.xml`, title and date from `meta.xml`.
pub fn odt(bytes: &[u8]) -> Result<Office, String> {
    let mut zip = open(bytes)?;
    let body =
        member(&mut zip, "content.xml")?.ok_or("no content.xml: not an OpenDocument text")?;
    let text = paragraphs(&body, &["p", "h"], &["p", "h"], "tab", "line-break", "s")?;
    let meta = member(&mut zip, "meta.xml")?.unwrap_or_default();
    Ok(Office {
        text,
        title: first_text(&meta, "title"),
        date: first_text(&meta, "creation-date")
            .or_else(|| first_text(&meta, "date"))
            .and_then(|d| parse_date(&d))
            .map(|date| DocDate {
                date,
                source: "odt:meta",
            }),
    })
}
