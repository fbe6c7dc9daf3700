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
}

/// The document id of a path: the file name without its extension.
pub fn doc_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// A line longer than this is no paragraph (a dump, an export without line
/// breaks): [`break_long_lines`] breaks it.
pub const LONG_LINE: usize = 16 << 10;
/// The length of the paragraphs a long line is broken into.
const PARAGRAPH: usize = 4 << 10;

/// Breaks every line longer than [`LONG_LINE`] bytes into paragraphs of
/// about 4 KiB at sentence ends, by turning the space after a sentence into
/// a line break: the bytes, their offsets and the sentences stay the same,
/// and the extractor's look at the paragraph around a sentence costs the
/// same per megabyte as for any text. Text without such lines is returned
/// as it is.
///
/// ```
/// use socgraf::text::{break_long_lines, sentences};
/// let line = "Anna Berg är chef i Mora kommun. ".repeat(1000);
/// let broken = break_long_lines(&line);
/// assert_eq!(broken.len(), line.len());
/// assert!(broken.lines().all(|l| l.len() < 5000));
/// assert_eq!(sentences(&broken), sentences(&line));
/// assert_eq!(break_long_lines("Kort rad. Nästa."), "Kort rad. Nästa.");
/// ```
pub fn break_long_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.split('\n').any(|l| l.len() > LONG_LINE) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line.len() > LONG_LINE {
            let mut para_start = 0;
            for s in sentences(line) {
                // the space right after a sentence end becomes the break
                if s.end - para_start >= PARAGRAPH && line.as_bytes().get(s.end) == Some(&b' ') {
                    bytes[line_start + s.end] = b'\n';
                    para_start = s.end + 1;
                }
            }
        }
        line_start += line.len();
    }
    // only an ASCII space was replaced by an ASCII line break
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

pub use crate::facts::Decoding;

/// The invalid sequences of bytes that are mostly UTF-8: their count and the
/// first one's offset, when the valid multi-byte characters are at least as
/// many as the invalid sequences (Swedish in UTF-8 has many: å, ä, ö); None
/// when the bytes look like a single-byte encoding instead.
fn utf8_like(bytes: &[u8]) -> Option<(usize, usize)> {
    let scan = scan_utf8(bytes);
    (scan.multi > 0 && scan.multi >= scan.bad).then(|| (scan.bad, scan.first.unwrap_or(0)))
}

/// What a scan of bytes as UTF-8 found.
struct Utf8Scan {
    /// invalid sequences (an incomplete character at the very end is not one)
    bad: usize,
    /// the first one's offset
    first: Option<usize>,
    /// valid multi-byte characters
    multi: usize,
}

fn scan_utf8(bytes: &[u8]) -> Utf8Scan {
    let mut scan = Utf8Scan {
        bad: 0,
        first: None,
        multi: 0,
    };
    let mut at = 0;
    while at < bytes.len() {
        let (good, err) = match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => (bytes.len() - at, None),
            Err(e) => (e.valid_up_to(), e.error_len()),
        };
        scan.multi += bytes[at..at + good].iter().filter(|b| **b >= 0xC0).count();
        at += good;
        match err {
            Some(n) => {
                scan.first.get_or_insert(at);
                scan.bad += 1;
                at += n;
            }
            None => break,
        }
    }
    scan
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
    decode_as(bytes, path).map(|(text, _)| text)
}

/// As [`decode`], with how the bytes were read: a file of UTF-8 with a few
/// invalid bytes is UTF-8 with those replaced (and says where the first
/// was); Windows-1252 only when the bytes do not look like UTF-8 at all.
///
/// ```
/// let p = std::path::Path::new("a.txt");
/// let (text, how) = socgraf::text::decode_as(b"S\xc3\xa4ger \xff att \xc3\xa5r", p).unwrap();
/// assert_eq!(text, "Säger \u{fffd} att år");
/// assert_eq!((how.encoding, how.replaced, how.first_bad), ("UTF-8", 1, Some(7)));
/// ```
pub fn decode_as(bytes: &[u8], path: &Path) -> Result<(String, Decoding), InputError> {
    let binary = || InputError::Binary {
        path: path.to_path_buf(),
    };
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            // a stray bad byte after a UTF-8 BOM is replaced, as browsers do
            let body = &bytes[bom..];
            let how = match std::str::from_utf8(body) {
                Ok(_) => Decoding::clean("UTF-8"),
                Err(_) => {
                    let (bad, first) = utf8_like(body).unwrap_or((1, 0));
                    Decoding {
                        encoding: "UTF-8",
                        replaced: bad,
                        first_bad: Some(bom + first),
                    }
                }
            };
            let (text, _) = enc.decode_without_bom_handling(body);
            return Ok((text.replace("\r\n", "\n"), how));
        }
        let text = decode_strict(enc, &bytes[bom..], bom, path)?;
        return Ok((text, Decoding::clean(enc.name())));
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
        Ok(s) => Ok((s.replace("\r\n", "\n"), Decoding::clean("UTF-8"))),
        Err(_) if utf8_like(bytes).is_some() => {
            let (bad, first) = utf8_like(bytes).unwrap_or_default();
            let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
            Ok((
                text,
                Decoding {
                    encoding: "UTF-8",
                    replaced: bad,
                    first_bad: Some(first),
                },
            ))
        }
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
            Ok((text.replace("\r\n", "\n"), Decoding::clean("windows-1252")))
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
/// are the text the whole-file path would give, but for one thing: a line
/// longer than [`LONG_LINE`] is broken ([`break_long_lines`]) in each
/// section on its own, so the spaces that become line breaks may differ
/// (the bytes are otherwise the same).
pub struct Sections<R: std::io::Read> {
    reader: R,
    path: PathBuf,
    decoder: Option<(encoding_rs::Decoder, bool)>,
    /// bytes handed to the decoder so far (for error offsets)
    consumed: usize,
    pending: String,
    eof: bool,
    failed: bool,
    decoding: Decoding,
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
            decoding: Decoding::default(),
        }
    }

    /// How the bytes read so far were decoded.
    pub fn decoding(&self) -> Decoding {
        let mut d = self.decoding.clone();
        if let Some((dec, _)) = &self.decoder {
            d.encoding = dec.encoding().name();
        }
        d
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
            Err(e) if e.error_len().is_none() && !self.eof => true,
            // a few bad bytes in UTF-8 are replaced, as in `decode`
            Err(_) => utf8_like(first).is_some(),
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
                let (_, _, replaced) = decoder.decode_to_string(body, &mut self.pending, last);
                if replaced && decoder.encoding() == encoding_rs::UTF_8 {
                    // where, and how many: a character cut by the block's
                    // start is the decoder's to join, not a bad byte
                    let lead = body
                        .iter()
                        .take(3)
                        .take_while(|b| (**b & 0xC0) == 0x80)
                        .count();
                    let scan = scan_utf8(&body[lead..]);
                    self.decoding.replaced += scan.bad.max(1);
                    self.decoding
                        .first_bad
                        .get_or_insert(self.consumed + lead + scan.first.unwrap_or(0));
                }
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
        let section = section.replace("\r\n", "\n");
        Some(Ok(match break_long_lines(&section) {
            std::borrow::Cow::Borrowed(_) => section,
            std::borrow::Cow::Owned(broken) => broken,
        }))
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
    page_text(&scraper::Html::parse_document(&tame(html)), &|_| false)
}

/// The text of a parsed page as [`html_to_text`] gives it, without the
/// elements `skip` names either (with their content).
pub fn page_text(doc: &scraper::Html, skip: &dyn Fn(&scraper::node::Element) -> bool) -> String {
    use scraper::Node;
    let mut out = String::new();
    // a walk without recursion, so no depth of nesting overflows the stack;
    // an element skipped whole is skipped by its subtree's edges
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in doc.tree.root().traverse() {
        use ego_tree::iter::Edge;
        let (node, open) = match edge {
            Edge::Open(n) => (n, true),
            Edge::Close(n) => (n, false),
        };
        if let Some(id) = skipping {
            if !open && node.id() == id {
                skipping = None;
            }
            continue;
        }
        match node.value() {
            Node::Text(t) if open => push_words(t, &mut out),
            Node::Element(e) => {
                let name = e.name();
                if open && (SKIPPED.contains(&name) || skip(e)) {
                    skipping = Some(node.id());
                    continue;
                }
                if open && name == "br" {
                    out.push('\n');
                }
                if BLOCKS.contains(&name) && !out.is_empty() && !out.ends_with("\n\n") {
                    out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Tags keep at most this many attributes: the HTML parser checks each new
/// attribute against the tag's others (time grows with the square).
pub const MAX_ATTRIBUTES: usize = 1024;
/// Elements nest at most this deep: the parser's scope checks walk the
/// open elements (time grows with the square of the depth). Deeper start
/// tags (and their end tags) are dropped; their text is kept.
pub const MAX_DEPTH: usize = 2048;

/// Elements without content, or whose end tag may be left out: they do
/// not deepen the nesting [`tame`] counts.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp",
    "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body",
];

/// A page made safe for the parser in one linear pass: tags with more than
/// [`MAX_ATTRIBUTES`] attributes keep the first ones, tags nested deeper
/// than [`MAX_DEPTH`] are dropped (their text stays). A page within both
/// limits is returned as it is.
///
/// ```
/// use socgraf::text::{tame, MAX_DEPTH};
/// let deep = format!("{}<p>Hej.</p>{}", "<div>".repeat(MAX_DEPTH + 10), "</div>".repeat(MAX_DEPTH + 10));
/// let tamed = tame(&deep);
/// assert_eq!(tamed.matches("<div>").count(), MAX_DEPTH);
/// assert_eq!(tamed.matches("</div>").count(), MAX_DEPTH);
/// assert!(tamed.contains("<p>Hej.</p>"));
/// assert_eq!(tame("<p class=\"a\">Hej</p>"), "<p class=\"a\">Hej</p>");
/// ```
pub fn tame(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0C);
    let mut out: Option<String> = None;
    // html[copied..] is not in `out` yet
    let mut copied = 0;
    let (mut depth, mut dropped) = (0usize, 0usize);
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + k;
        i = start + 1;
        // a comment holds no tags
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |k| k + 3);
            continue;
        }
        let end_tag = b.get(i) == Some(&b'/');
        if end_tag {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_start = i;
        while i < b.len() && !space(b[i]) && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut count = 0usize;
        let mut cut = None;
        let mut self_closing = false;
        loop {
            while i < b.len() && (space(b[i]) || b[i] == b'/') {
                self_closing = b[i] == b'/';
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            self_closing = false;
            let attr_start = i;
            i += 1;
            while i < b.len() && !space(b[i]) && !matches!(b[i], b'>' | b'/' | b'=') {
                i += 1;
            }
            while i < b.len() && space(b[i]) {
                i += 1;
            }
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && space(b[i]) {
                    i += 1;
                }
                if let Some(&q) = b.get(i).filter(|&&c| c == b'"' || c == b'\'') {
                    i += 1;
                    i = b[i..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |k| i + k + 1);
                } else {
                    while i < b.len() && !space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
            count += 1;
            if count == MAX_ATTRIBUTES + 1 {
                cut = Some(attr_start);
            }
        }
        let tag_end = (i + 1).min(b.len());
        // the nesting: what is dropped here, and what is kept but shortened
        let flat = self_closing || FLAT.contains(&name.as_str());
        let drop_tag = if flat {
            false
        } else if end_tag {
            if dropped > 0 {
                dropped -= 1;
                true
            } else {
                depth = depth.saturating_sub(1);
                false
            }
        } else if depth >= MAX_DEPTH {
            dropped += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop_tag || cut.is_some() {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            if drop_tag {
                o.push_str(&html[copied..start]);
                copied = tag_end;
            } else if let Some(c) = cut {
                o.push_str(&html[copied..c]);
                copied = i;
            }
        }
        i = tag_end;
        // the text of a script or style holds no tags: on to its end tag
        if !end_tag && !drop_tag && RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_ignore_case(b, i, close.as_bytes()).unwrap_or(b.len());
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Where `pat` first occurs in `b` at or after `from`.
fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|k| from + k)
}

/// As [`find`], ASCII case ignored.
fn find_ignore_case(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|k| from + k)
}

/// Elements whose content is no text of the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "nav", "iframe",
];

/// Elements that end a paragraph where they open and where they close.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "figcaption",
    "address",
    "ul",
    "ol",
    "table",
    "main",
    "aside",
];

/// Appends a text node's words, a space before them unless punctuation.
fn push_words(t: &str, out: &mut String) {
    let mut words = t.split_whitespace();
    let Some(first) = words.next() else { return };
    if !out.is_empty() && !out.ends_with([' ', '\n']) && !first.starts_with([',', '.', ':', ';']) {
        out.push(' ');
    }
    out.push_str(first);
    for w in words {
        out.push(' ');
        out.push_str(w);
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
    // one buffer for every line's characters
    let mut chars: Vec<(usize, char)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        let mut start = 0;
        chars.clear();
        chars.extend(line.char_indices());
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
