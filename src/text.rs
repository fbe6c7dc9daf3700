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
    /// HTML files (`.html`, `.htm`) are reduced to their text.
    pub fn read(path: &Path) -> Result<Self, InputError> {
        let bytes = std::fs::read(path).map_err(|source| InputError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        let text = decode_path(&bytes, path)?;
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

/// Whether a path names an HTML file.
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Decodes a file's bytes by its kind: HTML is reduced to text.
pub fn decode_path(bytes: &[u8], path: &Path) -> Result<String, InputError> {
    let text = decode(bytes, path)?;
    Ok(if is_html(path) {
        html_to_text(&text)
    } else {
        text
    })
}

/// Decodes bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and
/// otherwise Windows-1252 (a superset of Latin-1, common in older Swedish
/// archives). Binary data (NUL bytes outside UTF-16, PDF, images) is refused.
///
/// ```
/// let p = std::path::Path::new("a.txt");
/// assert_eq!(socgraf::text::decode(b"V\xe4xj\xf6", p).unwrap(), "Växjö");
/// assert!(socgraf::text::decode(b"%PDF-1.4 ...", p).is_err());
/// ```
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, InputError> {
    let binary = || InputError::Binary {
        path: path.to_path_buf(),
    };
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            // a stray bad byte after a UTF-8 BOM is replaced, as browsers do
            let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
            return Ok(text.replace("\r\n", "\n"));
        }
        return decode_strict(enc, &bytes[bom..], bom, path);
    }
    const MAGIC: &[&[u8]] = &[
        b"%PDF",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF8",
        b"PK\x03\x04",
        b"\x7FELF",
    ];
    if MAGIC.iter().any(|m| bytes.starts_with(m)) || bytes.contains(&0) {
        return Err(binary());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.replace("\r\n", "\n")),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            // control characters other than white space mean this is no text
            let controls = text
                .chars()
                .filter(|c| c.is_control() && !c.is_whitespace())
                .count();
            if controls * 20 > text.chars().count().max(1) {
                return Err(binary());
            }
            Ok(text.replace("\r\n", "\n"))
        }
    }
}

/// Decodes UTF-16 (after its byte-order mark) without replacement, so a
/// broken file is reported with the offset of its first bad unit instead
/// of silently turning into replacement characters.
fn decode_strict(
    enc: &'static encoding_rs::Encoding,
    body: &[u8],
    bom: usize,
    path: &Path,
) -> Result<String, InputError> {
    use encoding_rs::DecoderResult;
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text.replace("\r\n", "\n")),
        DecoderResult::Malformed(bad, after) => Err(InputError::Encoding {
            path: path.to_path_buf(),
            encoding: enc.name(),
            offset: (bom + read).saturating_sub(bad as usize + after as usize),
        }),
        // the buffer was sized for the whole input; cannot happen, but an
        // error is better than a truncated document
        DecoderResult::OutputFull => Err(InputError::Encoding {
            path: path.to_path_buf(),
            encoding: enc.name(),
            offset: bom + read,
        }),
    }
}

/// Plain-text files larger than this are read as a stream of sections
/// ([`Sections`]) instead of whole, so memory does not grow with the file.
pub const LARGE_FILE: u64 = 8 << 20;

/// Whether a file is read in sections: plain text over [`LARGE_FILE`].
/// HTML is always parsed whole (a page is a tree, not a stream).
pub fn is_large(path: &Path) -> bool {
    !is_html(path) && std::fs::metadata(path).is_ok_and(|m| m.len() > LARGE_FILE)
}

/// The size a section of a large file aims at, in bytes of text.
pub const SECTION_BYTES: usize = 256 << 10;

const READ_BLOCK: usize = 1 << 20;

/// The text of a large plain-text file as consecutive sections of about
/// [`SECTION_BYTES`], each ending at a paragraph break (else a line break,
/// else a sentence end, else a character boundary), so no sentence is cut
/// unless a line is longer than a section. Decoding follows [`decode`], with
/// the encoding decided on the first block: a byte-order mark; else UTF-8
/// when the first block is UTF-8 (a later bad byte becomes U+FFFD); else
/// Windows-1252. NUL bytes anywhere outside UTF-16 make the file binary.
/// Line ends are normalised to `\n` as in [`decode`], so the sections joined
/// are the text the whole-file path would give.
pub struct Sections<R: std::io::Read> {
    reader: R,
    path: PathBuf,
    decoder: Option<(encoding_rs::Decoder, bool)>,
    /// bytes handed to the decoder so far (for error offsets)
    consumed: usize,
    pending: String,
    eof: bool,
    failed: bool,
}

impl Sections<std::io::BufReader<std::fs::File>> {
    /// Opens a file for reading in sections.
    pub fn open(path: &Path) -> Result<Self, InputError> {
        let f = std::fs::File::open(path).map_err(|source| InputError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Sections::new(std::io::BufReader::new(f), path))
    }
}

impl<R: std::io::Read> Sections<R> {
    /// Sections of any reader; `path` names it in errors.
    pub fn new(reader: R, path: &Path) -> Self {
        Sections {
            reader,
            path: path.to_path_buf(),
            decoder: None,
            consumed: 0,
            pending: String::new(),
            eof: false,
            failed: false,
        }
    }

    fn read_block(&mut self) -> Result<Vec<u8>, InputError> {
        let mut block = Vec::with_capacity(READ_BLOCK);
        let mut limited = std::io::Read::take(&mut self.reader, READ_BLOCK as u64);
        std::io::Read::read_to_end(&mut limited, &mut block).map_err(|source| {
            InputError::Unreadable {
                path: self.path.clone(),
                source,
            }
        })?;
        if block.len() < READ_BLOCK {
            self.eof = true;
        }
        Ok(block)
    }

    /// Chooses the decoder from the first block, as [`decode`] would for
    /// the whole file; returns how many bytes of the block are a BOM.
    fn choose(&mut self, first: &[u8]) -> Result<usize, InputError> {
        if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(first) {
            let strict = enc != encoding_rs::UTF_8;
            self.decoder = Some((enc.new_decoder_without_bom_handling(), strict));
            return Ok(bom);
        }
        // a whole-file check on the first block: magic numbers, NUL bytes,
        // control characters
        let sample_end = first.len().min(64 << 10);
        let mut cut = sample_end;
        while cut > 0 && cut < first.len() && (first[cut] & 0xC0) == 0x80 {
            cut -= 1;
        }
        decode(&first[..cut], &self.path)?;
        let utf8 = match std::str::from_utf8(first) {
            Ok(_) => true,
            // only an incomplete character at the block's end, and more to
            // come (at the end of the file it is a bad byte, as in `decode`)
            Err(e) => e.error_len().is_none() && !self.eof,
        };
        let enc = if utf8 {
            encoding_rs::UTF_8
        } else {
            encoding_rs::WINDOWS_1252
        };
        self.decoder = Some((enc.new_decoder_without_bom_handling(), false));
        Ok(0)
    }

    fn fill(&mut self) -> Result<(), InputError> {
        while self.pending.len() < SECTION_BYTES && !self.eof {
            let block = self.read_block()?;
            let skip = if self.decoder.is_none() {
                self.choose(&block)?
            } else {
                0
            };
            self.consumed += skip;
            let body = &block[skip..];
            let last = self.eof;
            let Some((decoder, strict)) = self.decoder.as_mut() else {
                return Ok(());
            };
            if !*strict && body.contains(&0) {
                return Err(InputError::Binary {
                    path: self.path.clone(),
                });
            }
            let room = if *strict {
                decoder.max_utf8_buffer_length_without_replacement(body.len())
            } else {
                decoder.max_utf8_buffer_length(body.len())
            };
            self.pending
                .reserve(room.unwrap_or(body.len().saturating_mul(3)));
            if *strict {
                let (result, read) =
                    decoder.decode_to_string_without_replacement(body, &mut self.pending, last);
                if let encoding_rs::DecoderResult::Malformed(bad, after) = result {
                    return Err(InputError::Encoding {
                        path: self.path.clone(),
                        encoding: decoder.encoding().name(),
                        offset: (self.consumed + read)
                            .saturating_sub(bad as usize + after as usize),
                    });
                }
            } else {
                let _ = decoder.decode_to_string(body, &mut self.pending, last);
            }
            self.consumed += body.len();
        }
        Ok(())
    }

    /// Where the next section ends in `pending`.
    fn cut(&self) -> usize {
        let text = self.pending.as_str();
        if self.eof && text.len() <= SECTION_BYTES {
            return text.len();
        }
        let mut limit = SECTION_BYTES.min(text.len());
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let head = &text[..limit];
        if let Some(i) = head.rfind("\n\n").filter(|&i| i > 0) {
            return i + 2;
        }
        if let Some(i) = head.rfind('\n').filter(|&i| i > 0) {
            return i + 1;
        }
        if let Some(i) = head.rfind(". ").filter(|&i| i > 0) {
            return i + 2;
        }
        if head.ends_with('\r') && limit > 1 {
            limit -= 1;
        }
        limit.max(text.chars().next().map_or(0, char::len_utf8))
    }
}

impl<R: std::io::Read> Iterator for Sections<R> {
    type Item = Result<String, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if let Err(e) = self.fill() {
            self.failed = true;
            return Some(Err(e));
        }
        if self.pending.is_empty() {
            return None;
        }
        let cut = self.cut();
        let section: String = self.pending.drain(..cut).collect();
        Some(Ok(section.replace("\r\n", "\n")))
    }
}

/// The text of an HTML page: script, style and other non-content elements
/// dropped; paragraphs, headings, list items and table cells on lines of
/// their own, so they become sentences.
///
/// ```
/// let t = socgraf::text::html_to_text("<html><head><script>x()</script></head><body><h1>Rubrik</h1><p>Anna Berg, <b>chef</b> på Vision.</p></body></html>");
/// assert_eq!(t, "Rubrik\n\nAnna Berg, chef på Vision.");
/// ```
pub fn html_to_text(html: &str) -> String {
    use scraper::{Html, Node};
    let doc = Html::parse_document(html);
    let mut out = String::new();
    fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
        match node.value() {
            Node::Text(t) => {
                let s = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if !s.is_empty() {
                    if !out.is_empty()
                        && !out.ends_with([' ', '\n'])
                        && !s.starts_with([',', '.', ':', ';'])
                    {
                        out.push(' ');
                    }
                    out.push_str(&s);
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if matches!(
                    name,
                    "script"
                        | "style"
                        | "noscript"
                        | "template"
                        | "svg"
                        | "head"
                        | "nav"
                        | "iframe"
                ) {
                    return;
                }
                let block = matches!(
                    name,
                    "p" | "div"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "li"
                        | "tr"
                        | "td"
                        | "th"
                        | "section"
                        | "article"
                        | "header"
                        | "footer"
                        | "blockquote"
                        | "figcaption"
                        | "address"
                        | "ul"
                        | "ol"
                        | "table"
                        | "main"
                        | "aside"
                );
                if name == "br" {
                    out.push('\n');
                }
                if block && !out.is_empty() && !out.ends_with("\n\n") {
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
                for c in node.children() {
                    walk(c, out);
                }
                if block && !out.ends_with("\n\n") && !out.is_empty() {
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
            }
            _ => {
                for c in node.children() {
                    walk(c, out);
                }
            }
        }
    }
    walk(doc.tree.root(), &mut out);
    out.trim().to_string()
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

/// The title of a text: its first non-empty line.
pub fn title_of(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

/// Whether two strings differ by at most one insertion, deletion or substitution.
pub fn edit_distance_le1(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return true;
    }
    let (s, l) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if l.len() - s.len() > 1 {
        return false;
    }
    let mut i = 0;
    while i < s.len() && s[i] == l[i] {
        i += 1;
    }
    if s.len() == l.len() {
        s[i + 1..] == l[i + 1..]
    } else {
        s[i..] == l[i + 1..]
    }
}
