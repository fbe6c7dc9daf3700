//! Reading an input by its kind into the text socgraf extracts from, with
//! the title, date and reader found on the way (`html`, `docx`, `odt` …).
//!
//! Plain text, Markdown and HTML are decoded first (`text::decode_as`);
//! Word and OpenDocument files are zip files of XML, read as UTF-8; PDF
//! text comes from its text layer.
//! Evidence offsets are character offsets of the text this module gives.
pub mod archive;
pub mod dates;
pub mod html;
pub mod office;
pub mod pdf;

use crate::error::InputError;
use crate::facts::Decoding;
use crate::facts::DocDate;
use std::path::Path;

/// What reading one input gave.
#[derive(Debug, Clone)]
pub struct Read {
    pub text: String,
    pub decoding: Decoding,
    /// From the file's metadata (HTML `og:title`, Word's core properties);
    /// None: the first line of the text is the title.
    pub title: Option<String>,
    pub date: Option<DocDate>,
    /// Which reader read it: "text", "markdown", "html", "html-whole",
    /// "docx", "odt", "pdf".
    pub reader: &'static str,
}

/// The kinds of input a folder walk reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
    Docx,
    Odt,
    Pdf,
    /// a web archive: many documents
    Warc,
    /// an RSS or Atom feed: many documents
    Feed,
}

impl Kind {
    /// Whether a file of this kind holds many documents (read by
    /// [`archive`] when the inputs are collected).
    pub fn is_container(self) -> bool {
        matches!(self, Kind::Warc | Kind::Feed)
    }
}

/// The kind of a path by its extension; None for files a folder walk does
/// not read (a file named directly is read as text whatever its name).
///
/// ```
/// use socgraf::formats::{kind_of, Kind};
/// assert_eq!(kind_of(std::path::Path::new("a/Rapport.DOCX")), Some(Kind::Docx));
/// assert_eq!(kind_of(std::path::Path::new("bild.jpg")), None);
/// ```
pub fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".warc.gz") {
        return Some(Kind::Warc);
    }
    Some(match ext.as_str() {
        "txt" | "text" => Kind::Text,
        "md" | "markdown" => Kind::Markdown,
        "html" | "htm" | "xhtml" => Kind::Html,
        "docx" => Kind::Docx,
        "odt" => Kind::Odt,
        "pdf" => Kind::Pdf,
        "warc" => Kind::Warc,
        "rss" | "atom" => Kind::Feed,
        _ => return None,
    })
}

/// Whether a path names a web archive or a feed (many documents).
pub fn is_container(path: &Path) -> bool {
    kind_of(path).is_some_and(Kind::is_container)
}

/// Whether a file is read in sections: plain text (or Markdown, or a file
/// of no known kind) over [`crate::text::LARGE_FILE`]. HTML, Word and
/// OpenDocument files and PDFs are always read whole (a tree or a zip, not
/// a stream).
pub fn is_large(path: &Path) -> bool {
    matches!(kind_of(path), None | Some(Kind::Text | Kind::Markdown))
        && std::fs::metadata(path).is_ok_and(|m| m.len() > crate::text::LARGE_FILE)
}

/// The text of an input's bytes, read by its kind ([`read`]).
pub fn decode_path(bytes: &[u8], path: &Path) -> Result<String, InputError> {
    read(bytes, path).map(|r| r.text)
}

/// Reads an input's bytes by its kind (a name without a known extension
/// is text). The date comes from the file's metadata, else from a dateline
/// in the text.
pub fn read(bytes: &[u8], path: &Path) -> Result<Read, InputError> {
    read_as(bytes, path, kind_of(path).unwrap_or(Kind::Text))
}

/// A member of an archive or a feed: read as a web page, with the title
/// and date the archive gives when the page has none of its own; the
/// reader's name says where it came from ("warc", "feed").
pub fn read_member(bytes: &[u8], url: &Path, hint: &MemberHint) -> Result<Read, InputError> {
    let mut read = read_as(bytes, url, Kind::Html)?;
    read.reader = hint.reader;
    if hint.title.is_some() {
        read.title.clone_from(&hint.title);
    }
    // a feed item's date is its publication; a WARC record's the day it
    // was archived, after what the page itself says
    match (&hint.date, hint.reader) {
        (Some(d), "feed") => read.date = Some(d.clone()),
        (Some(d), _) if read.date.is_none() => read.date = Some(d.clone()),
        _ => {}
    }
    Ok(read)
}

/// What an archive says of one of its members.
#[derive(Debug, Clone)]
pub struct MemberHint {
    /// "warc" or "feed"
    pub reader: &'static str,
    pub title: Option<String>,
    pub date: Option<DocDate>,
}

fn read_as(bytes: &[u8], path: &Path, kind: Kind) -> Result<Read, InputError> {
    let failed = |message: String| InputError::Extractor {
        path: path.to_path_buf(),
        message,
    };
    let mut read =
        match kind {
            Kind::Docx | Kind::Odt => {
                let o = if kind == Kind::Docx {
                    office::docx(bytes)
                } else {
                    office::odt(bytes)
                }
                .map_err(failed)?;
                Read {
                    text: o.text,
                    decoding: Decoding::clean("UTF-8"),
                    title: o.title,
                    date: o.date,
                    reader: if kind == Kind::Docx { "docx" } else { "odt" },
                }
            }
            Kind::Pdf => match pdf::read(bytes) {
                Ok(p) => Read {
                    text: p.text,
                    decoding: Decoding::clean("PDF"),
                    title: p.title,
                    date: p.date,
                    reader: "pdf",
                },
                Err(pdf::PdfError::NoText) => {
                    return Err(InputError::NoText {
                        path: path.to_path_buf(),
                    })
                }
                Err(pdf::PdfError::Unreadable(e)) => {
                    return Err(failed(format!("not a readable PDF: {e}")))
                }
            },
            Kind::Html => {
                let (text, decoding) = crate::text::decode_as(bytes, path)?;
                let page = html::read(&text);
                Read {
                    text: page.text,
                    decoding,
                    title: page.title,
                    date: page.date,
                    reader: page.reader,
                }
            }
            Kind::Warc | Kind::Feed => return Err(failed(
                "an archive or feed holds many documents; it is read when the inputs are collected"
                    .into(),
            )),
            Kind::Text | Kind::Markdown => {
                let (text, decoding) = crate::text::decode_as(bytes, path)?;
                let title = (kind == Kind::Markdown)
                    .then(|| {
                        text.lines()
                            .find(|l| !l.trim().is_empty())
                            .map(|l| l.trim().trim_start_matches('#').trim().to_string())
                    })
                    .flatten();
                Read {
                    text,
                    decoding,
                    title,
                    date: None,
                    reader: if kind == Kind::Markdown {
                        "markdown"
                    } else {
                        "text"
                    },
                }
            }
        };
    if read.date.is_none() {
        read.date = dates::dateline(&read.text);
    }
    if let std::borrow::Cow::Owned(broken) = crate::text::break_long_lines(&read.text) {
        read.text = broken;
    }
    Ok(read)
}
