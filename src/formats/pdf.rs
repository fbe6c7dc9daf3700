//! PDF with a text layer (`pdf-extract`, page by page): running headers and
//! footers dropped, lines joined into paragraphs, hyphenation mended.
use crate::facts::DocDate;
use std::collections::HashMap;

/// What a PDF gives.
pub struct Pdf {
    pub text: String,
    pub title: Option<String>,
    pub date: Option<DocDate>,
}

/// Why a PDF gave no text.
pub enum PdfError {
    /// pages without a text layer (a scan): it needs OCR first
    NoText,
    /// not a PDF this reader can open
    Unreadable(String),
}

thread_local! {
    /// set while the PDF reader runs: its panics are caught and reported
    /// with the file's name, so the default message is not printed
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs, once, a panic hook that stays quiet for the PDF reader's
/// panics (it panics on malformed files) and passes all others on.
fn quiet_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
}

/// Reads a PDF's text, title (`/Title`) and date (`/CreationDate`).
pub fn read(bytes: &[u8]) -> Result<Pdf, PdfError> {
    quiet_hook();
    QUIET.with(|q| q.set(true));
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    QUIET.with(|q| q.set(false));
    let pages = match pages {
        Ok(Ok(pages)) => pages,
        Ok(Err(e)) => return Err(PdfError::Unreadable(e.to_string())),
        Err(p) => {
            let what = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            return Err(PdfError::Unreadable(format!(
                "the PDF reader failed ({what})"
            )));
        }
    };
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(PdfError::NoText);
    }
    let (title, date) = info(bytes);
    Ok(Pdf {
        text: pages_to_text(&pages),
        title,
        date,
    })
}

/// `/Title` and `/CreationDate` of the document information dictionary.
fn info(bytes: &[u8]) -> (Option<String>, Option<DocDate>) {
    let Ok(doc) = lopdf::Document::load_mem(bytes) else {
        return (None, None);
    };
    let Ok(info) = doc
        .trailer
        .get_deref(b"Info", &doc)
        .and_then(|o| o.as_dict())
    else {
        return (None, None);
    };
    let text = |key: &[u8]| {
        info.get_deref(key, &doc)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    // "D:20240321130000+01'00'"
    let date = text(b"CreationDate").and_then(|d| {
        let d = d.trim_start_matches("D:");
        let (y, m, day) = (d.get(0..4)?, d.get(4..6)?, d.get(6..8)?);
        super::dates::parse_date(&format!("{y}-{m}-{day}"))
    });
    (
        text(b"Title"),
        date.map(|date| DocDate {
            date,
            source: "pdf:info",
        }),
    )
}

/// A line with its digits masked: "Sida 3 av 12" and "Sida 4 av 12" are
/// one running line.
fn shape(line: &str) -> String {
    line.trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Whether a line is a bare page number ("3", "- 3 -", "Sida 3 (15)",
/// "3/12").
fn is_page_number(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    let t = t
        .trim_start_matches("sida")
        .trim_start_matches("page")
        .trim_start_matches("s.");
    let rest: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    t.chars().any(|c| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_whitespace() || "-–()/av.".contains(c))
}

/// How many lines at a page's top and bottom may be a running header or
/// footer.
const EDGE: usize = 3;

/// The pages as one text: running headers and footers (a line of the same
/// shape at the top or bottom of two pages or more, and of at least half)
/// and bare page numbers dropped; then [`mend`].
fn pages_to_text(pages: &[String]) -> String {
    let lines: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.lines().filter(|l| !l.trim().is_empty()).collect())
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in &lines {
        let mut shapes: Vec<String> = page
            .iter()
            .take(EDGE)
            .chain(page.iter().rev().take(EDGE))
            .map(|l| shape(l))
            .collect();
        shapes.sort();
        shapes.dedup();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let running = |l: &str| {
        seen.get(&shape(l))
            .is_some_and(|&n| n >= 2 && n * 2 >= lines.len())
    };
    let mut out = String::new();
    for page in pages {
        let kept: Vec<&str> = page.lines().collect();
        let n = kept.len();
        for (i, l) in kept.iter().enumerate() {
            let edge = i < EDGE + 2 || i + EDGE + 2 >= n;
            if edge && !l.trim().is_empty() && (running(l) || is_page_number(l)) {
                continue;
            }
            out.push_str(l.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    mend(&out)
}

/// Words after a hyphen at a line's end that show the hyphen is a word's
/// own ("barn- och ungdomsvård"), not a break.
const COORDINATION: &[&str] = &["och", "eller", "samt", "respektive", "till", "som"];

/// Lines joined into paragraphs: a line break inside a sentence (the line
/// does not end a sentence and the next begins in lower case) becomes a
/// space, and a word broken at a line's end by a hyphen is joined back
/// ("social-" + "sekreterare"); blank lines stay paragraph breaks.
///
/// ```
/// let t = socgraf::formats::pdf::mend("Anna Berg är social-\nsekreterare i Mora\nkommun. Hon leder barn-\noch ungdomsvården.\n\nNy rubrik\nText.");
/// assert_eq!(t, "Anna Berg är socialsekreterare i Mora kommun. Hon leder barn- och ungdomsvården.\n\nNy rubrik\nText.");
/// ```
pub fn mend(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line.trim_start());
        let Some(next) = lines.get(i + 1).map(|n| n.trim_start()) else {
            break;
        };
        let next_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
        let first_word = next
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        let ends_word_hyphen = line.ends_with('-')
            && line[..line.len() - 1]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphabetic());
        if line.is_empty() || next.is_empty() {
            out.push('\n');
        } else if ends_word_hyphen && next_lower && !COORDINATION.contains(&first_word) {
            out.pop();
        } else if next_lower && !line.ends_with(['.', '!', '?', ':']) {
            // (a hyphen before "och": "barn- och ungdomsvård" keeps it)
            out.push(' ');
        } else {
            out.push('\n');
        }
    }
    let mut s = out.trim().to_string();
    while s.contains("\n\n\n") {
        s = s.replace("\n\n\n", "\n\n");
    }
    s
}
