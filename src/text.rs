//! Input documents: reading files, decoding bytes to text, splitting text
//! into sentences with byte spans and mapping bytes to character offsets.
use crate::error::InputError;
use std::path::{Path, PathBuf};

/// One input document: its id (file name without extension) and its text.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub path: Option<PathBuf>,
    pub text: String,
}

impl Document {
    /// A document from a string, e.g. for tests and stdin.
    ///
    /// ```
    /// let d = socgraf::text::Document::from_text("a1", "Hej.");
    /// assert_eq!(d.id, "a1");
    /// ```
    pub fn from_text(id: &str, text: &str) -> Self {
        Document {
            id: id.to_string(),
            path: None,
            text: text.to_string(),
        }
    }

    /// Reads and decodes a file; the id is the file name without extension.
    pub fn read(path: &Path) -> Result<Self, InputError> {
        let bytes = std::fs::read(path).map_err(|source| InputError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        let text = decode(&bytes, path)?;
        Ok(Document {
            id: doc_id(path),
            path: Some(path.to_path_buf()),
            text,
        })
    }
}

/// The document id of a path: the file name without its extension.
pub fn doc_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Decodes bytes as UTF-8 (a BOM is dropped); binary data is refused.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) || bytes.starts_with(b"%PDF") {
        return Err(InputError::Binary {
            path: path.to_path_buf(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.replace("\r\n", "\n")),
        Err(e) => Err(InputError::Encoding {
            path: path.to_path_buf(),
            offset: e.valid_up_to(),
        }),
    }
}

/// A sentence (or a line without sentence punctuation) as a byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Splits text into sentences: every line is split at `.`, `!` or `?`
/// followed by white space and an upper-case letter, a digit, a dash or a
/// quote. Empty lines give no sentence. Spans exclude surrounding space.
///
/// ```
/// let t = "Hon säger hej. Han svarar.\nRad två";
/// let s = socgraf::text::sentences(t);
/// assert_eq!(&t[s[1].start..s[1].end], "Han svarar.");
/// assert_eq!(s.len(), 3);
/// ```
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            if matches!(c, '.' | '!' | '?') {
                // skip closing quotes after the mark
                let mut j = i + 1;
                while j < chars.len() && matches!(chars[j].1, '"' | '”' | '»' | ')') {
                    j += 1;
                }
                if j < chars.len() && chars[j].1 == ' ' {
                    let mut k = j;
                    while k < chars.len() && chars[k].1 == ' ' {
                        k += 1;
                    }
                    if k < chars.len() {
                        let n = chars[k].1;
                        let prev_short = is_abbreviation(&line[start..pos]);
                        if !prev_short
                            && (n.is_uppercase()
                                || n.is_ascii_digit()
                                || matches!(n, '–' | '-' | '"' | '”' | '»' | '•'))
                        {
                            let end = chars.get(j).map(|x| x.0).unwrap_or(line.len());
                            push_span(&mut out, line, base, start, end);
                            start = chars[k].0;
                            i = k;
                            continue;
                        }
                    }
                }
            }
            let _ = pos;
            i += 1;
        }
        push_span(&mut out, line, base, start, line.len());
    }
    out
}

fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit(' ').next().unwrap_or("");
    matches!(
        last,
        "t.ex"
            | "bl.a"
            | "m.fl"
            | "ca"
            | "dvs"
            | "resp"
            | "jfr"
            | "s.k"
            | "f.d"
            | "nr"
            | "kl"
            | "S:t"
    ) || (last.chars().count() == 1 && last.chars().all(|c| c.is_uppercase()))
}

fn push_span(out: &mut Vec<Sentence>, line: &str, base: usize, start: usize, end: usize) {
    let seg = &line[start..end];
    let trimmed_start = seg.len() - seg.trim_start().len();
    let trimmed = seg.trim();
    if trimmed.is_empty() {
        return;
    }
    let s = base + start + trimmed_start;
    out.push(Sentence {
        start: s,
        end: s + trimmed.len(),
    });
}

/// Maps byte offsets of one text to character offsets, for evidence spans.
pub struct CharIndex {
    /// (byte offset, char offset) at every 64th char.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut marks = vec![(0, 0)];
        for (n, (b, _)) in text.char_indices().enumerate() {
            if n % 64 == 0 && n > 0 {
                marks.push((b, n));
            }
        }
        CharIndex { marks }
    }

    /// The character offset of a byte offset that lies on a char boundary.
    pub fn char_at(&self, text: &str, byte: usize) -> usize {
        let i = match self.marks.binary_search_by(|m| m.0.cmp(&byte)) {
            Ok(i) => return self.marks[i].1,
            Err(i) => i.saturating_sub(1),
        };
        let (b0, c0) = self.marks[i];
        c0 + text.get(b0..byte).map(|s| s.chars().count()).unwrap_or(0)
    }
}
