//! The archives people have (issue 23): web pages read for their article
//! only, Word and OpenDocument files, Markdown, dates, and a folder walk
//! that says what it did not read.
mod common;
use common::{p, run};
use std::io::Write;
use std::path::Path;

/// The facts of `extract --format jsonl` as (kind, name-or-subject, object).
fn lines(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn names(rows: &[serde_json::Value]) -> Vec<String> {
    rows.iter()
        .filter(|r| r["kind"] == "entity")
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

fn document(rows: &[serde_json::Value]) -> &serde_json::Value {
    rows.iter()
        .find(|r| r["kind"] == "document")
        .expect("a document line")
}

const PAGE: &str = r#"<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<title>Ny samordnare | Leksands kommun</title>
<meta property="og:title" content="Leksand anställer samordnare mot våld i nära relationer">
<meta name="description" content="Kort om nyheten.">
</head><body>
<div class="cookie-notice" role="dialog"><p>Vi använder kakor. Kontakta Nora Vik, dataskyddsombud i Leksands kommun.</p></div>
<header><nav><a href="/">Hem</a> <a href="/socialt">Socialt stöd</a> <a href="/jobb">Lediga jobb</a></nav></header>
<main><article>
<h1>Leksand anställer samordnare mot våld i nära relationer</h1>
<p><time datetime="2025-02-11T10:00">11 februari 2025</time></p>
<p>Elin Bergqvist blir ny samordnare mot våld i nära relationer i Leksands kommun. Hon har tidigare arbetat som kurator på Region Dalarna.</p>
<p>Samordnaren ska stödja socialsekreterarna i utredningar där barn har bevittnat våld, och hålla ihop arbetet med polisen och skolan.</p>
<p>– Vi behöver en person som ser helheten, säger socialchef Tomas Hed.</p>
</article>
<section class="most-read"><h2>Mest läst</h2><ol><li><a href="/n/9">Jonas Ahl, enhetschef i Mora kommun, går i pension</a></li></ol></section>
<div class="social-share">Dela: Facebook, LinkedIn, e-post</div>
</main>
<footer><p>Leksands kommun, 793 80 Leksand. Kommunikationschef Siv Lund.</p></footer>
</body></html>"#;

#[test]
fn a_web_page_gives_its_article_and_not_its_banners_menus_lists_or_footer() {
    let d = tempfile::tempdir().unwrap();
    let page = d.path().join("samordnare.html");
    std::fs::write(&page, PAGE).unwrap();
    let (code, out, err) = run(&["extract", p(&page)]);
    assert_eq!(code, 0, "{err}");
    let rows = lines(&out);
    let names = names(&rows);
    for kept in ["Elin Bergqvist", "Tomas Hed"] {
        assert!(names.iter().any(|n| n == kept), "{kept}: {names:?}");
    }
    // the cookie banner, the "mest läst" list and the footer are no facts
    for dropped in ["Nora Vik", "Jonas Ahl", "Siv Lund"] {
        assert!(!names.iter().any(|n| n == dropped), "{dropped}: {names:?}");
    }
    assert!(
        rows.iter().any(|r| r["kind"] == "relation"
            && r["subject"] == "Elin Bergqvist"
            && r["predicate"] == "worksAt"),
        "{out}"
    );
    let doc = document(&rows);
    assert_eq!(doc["reader"], "html");
    assert_eq!(doc["date"], "2025-02-11");
    assert_eq!(doc["date_source"], "html:time");
    // evidence offsets are of the text socgraf extracted: each slices to
    // its evidence text
    let (_, nq, _) = run(&["extract", p(&page), "--format", "nquads"]);
    assert!(
        nq.contains("Leksand anställer samordnare mot våld i nära relationer\"@sv"),
        "title from og:title"
    );
    assert!(
        nq.contains("<https://w3id.org/socgraf/ontology#reader> \"html\""),
        "{nq}"
    );
    assert!(
        nq.contains("\"2025-02-11\"^^<http://www.w3.org/2001/XMLSchema#date>"),
        "{nq}"
    );
}

/// A zip file of the given members (stored, not deflated).
fn zip_of(path: &Path, members: &[(&str, &str)]) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in members {
        z.start_file(*name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

const DOCX_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Protokoll från socialnämnden</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Ordförande Gunnel Åkesson </w:t></w:r><w:r><w:t>öppnade mötet.</w:t></w:r></w:p>
<w:p><w:r><w:t>Kerstin Falk, socialchef i Gagnefs kommun, redogjorde för budgeten &amp; prognosen.</w:t></w:r></w:p>
</w:body></w:document>"#;

const DOCX_CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Socialnämndens protokoll mars</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-21T13:00:00Z</dcterms:created></cp:coreProperties>"#;

const ODT_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>
<text:h text:outline-level="1">Nytt familjecentrum i Vansbro</text:h>
<text:p>Verksamhetschef <text:span>Ulla Rask</text:span> leder familjecentrumet<text:s/>i Vansbro kommun.</text:p>
</office:text></office:body></office:document-content>"#;

const ODT_META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>
<meta:creation-date>2023-09-04T08:00:00</meta:creation-date><dc:title>Familjecentrum</dc:title></office:meta></office:document-meta>"#;

#[test]
fn word_and_opendocument_files_are_read_as_their_text() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("arkiv");
    std::fs::create_dir_all(&a).unwrap();
    zip_of(
        &a.join("protokoll.docx"),
        &[
            ("word/document.xml", DOCX_BODY),
            ("docProps/core.xml", DOCX_CORE),
        ],
    );
    zip_of(
        &a.join("familjecentrum.odt"),
        &[("content.xml", ODT_CONTENT), ("meta.xml", ODT_META)],
    );
    let (code, out, err) = run(&["extract", p(&a)]);
    assert_eq!(code, 0, "{err}");
    let rows = lines(&out);
    let names = names(&rows);
    for n in ["Kerstin Falk", "Gunnel Åkesson", "Ulla Rask"] {
        assert!(names.iter().any(|x| x == n), "{n}: {names:?}");
    }
    let docs: Vec<&serde_json::Value> = rows.iter().filter(|r| r["kind"] == "document").collect();
    let by = |id: &str| docs.iter().find(|r| r["doc"] == id).unwrap();
    assert_eq!(by("protokoll")["reader"], "docx");
    assert_eq!(by("protokoll")["date"], "2024-03-21");
    assert_eq!(by("protokoll")["date_source"], "docx:core");
    assert_eq!(by("familjecentrum")["reader"], "odt");
    assert_eq!(by("familjecentrum")["date"], "2023-09-04");
    // an entity reference inside a run is its character
    assert!(out.contains("budgeten & prognosen"), "{out}");
    // spans of one paragraph join: the name is whole
    assert!(
        out.contains("Ulla Rask leder familjecentrumet i Vansbro kommun"),
        "{out}"
    );
    // a zip that is no Word document is reported by name, the rest is read
    std::fs::write(a.join("trasig.docx"), b"PK\x03\x04 inte en zip").unwrap();
    let (code, _, err) = run(&["extract", p(&a)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("trasig.docx"), "{err}");
}

#[test]
fn markdown_is_text_with_its_heading_as_title_and_a_dateline_dates_it() {
    let d = tempfile::tempdir().unwrap();
    let md = d.path().join("nyhet.md");
    std::fs::write(
        &md,
        "# Ny chef på barn och unga\n\nPublicerad 7 oktober 2024\n\nAmir Saleh blir ny enhetschef i Borlänge kommun.\n",
    )
    .unwrap();
    let (code, out, err) = run(&["extract", p(&md)]);
    assert_eq!(code, 0, "{err}");
    let rows = lines(&out);
    assert!(names(&rows).iter().any(|n| n == "Amir Saleh"), "{out}");
    let doc = document(&rows);
    assert_eq!(doc["reader"], "markdown");
    assert_eq!(doc["date"], "2024-10-07");
    assert_eq!(doc["date_source"], "text:dateline");
    let (_, nq, _) = run(&["extract", p(&md), "--format", "nquads"]);
    assert!(nq.contains("\"Ny chef på barn och unga\"@sv"), "{nq}");
}

#[test]
fn a_folder_walk_counts_what_it_did_not_read_and_names_it_when_asked() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("arkiv");
    std::fs::create_dir_all(a.join("bilder")).unwrap();
    std::fs::write(
        a.join("notis.txt"),
        "Lisa Holm är socialchef i Mora kommun.",
    )
    .unwrap();
    for f in [
        "bilder/a.jpg",
        "bilder/b.JPG",
        "bilder/c.jpg",
        "budget.xlsx",
    ] {
        std::fs::write(a.join(f), b"\x89data").unwrap();
    }
    let (code, _, err) = run(&["extract", p(&a)]);
    assert_eq!(code, 0, "skipped files are no failure: {err}");
    assert!(err.contains("skipped 3 .jpg, 1 .xlsx"), "{err}");
    assert!(!err.contains("budget.xlsx"), "{err}");
    let (code, _, err) = run(&["extract", "--verbose", p(&a)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("budget.xlsx: not read") && err.contains("a.jpg: not read"),
        "{err}"
    );
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&a), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 added") && err.contains("0 failed"), "{err}");
    assert!(err.contains("skipped 3 .jpg, 1 .xlsx"), "{err}");
}

/// A PDF of pages of (x, y, line) in Helvetica, WinAnsi-encoded, with a
/// title and a creation date in its information dictionary.
fn pdf_of(path: &Path, pages: &[Vec<(i64, i64, &str)>], title: &str, created: &str) {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream, StringFormat};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids: Vec<Object> = Vec::new();
    for page in pages {
        let mut ops = Vec::new();
        for (x, y, line) in page {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(line);
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), 11.into()]));
            ops.push(Operation::new("Td", vec![(*x).into(), (*y).into()]));
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(bytes.into_owned(), StringFormat::Literal)],
            ));
            ops.push(Operation::new("ET", vec![]));
        }
        let content = Content { operations: ops };
        let stream = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => stream,
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let info = doc.add_object(dictionary! {
        "Title" => lopdf::text_string(title),
        "CreationDate" => Object::string_literal(created),
    });
    doc.trailer.set("Info", info);
    doc.save(path).unwrap();
}

/// A running header and footer on every page.
fn framed<'a>(body: Vec<(i64, i64, &'a str)>, footer: &'a str) -> Vec<(i64, i64, &'a str)> {
    let mut page = vec![(
        50,
        800,
        "Socialnämnden i Gagnefs kommun – sammanträdesprotokoll",
    )];
    page.extend(body);
    page.push((270, 40, footer));
    page
}

#[test]
fn the_demo_corpus_pdf_is_read_with_its_facts_and_date() {
    let (_d, c) = common::corpus();
    let (code, out, err) = run(&["extract", p(&c.join("samverkan-barn-dalarna.pdf"))]);
    assert_eq!(code, 0, "{err}");
    let rows = lines(&out);
    let names = names(&rows);
    // on both pages; the second's broken "social-/förvaltningen" mended
    for n in ["Sara Lindgren", "Ingrid Back", "Johan Malm"] {
        assert!(names.iter().any(|x| x == n), "{n}: {names:?}");
    }
    assert!(
        out.contains("Johan Malm på socialförvaltningen i Borlänge kommun"),
        "{out}"
    );
    assert!(!out.contains("Sida 1 av 2"), "{out}");
    assert_eq!(document(&rows)["date"], "2025-10-20");
}

#[test]
fn a_pdf_with_columns_running_lines_and_broken_words_reads_as_its_paragraphs() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("arkiv");
    std::fs::create_dir_all(&a).unwrap();
    let pages = vec![
        framed(
            vec![
                (50, 740, "Närvarande"),
                (50, 720, "Kerstin Falk är social-"),
                (50, 706, "chef i Gagnefs kommun och föredrog"),
                (50, 692, "ärendet om placeringar av barn."),
            ],
            "Sida 1 av 3",
        ),
        // two columns: the left one is written (and read) first
        framed(
            vec![
                (50, 740, "Nämnden beslutade att ge"),
                (50, 726, "förvaltningen i uppdrag att se"),
                (50, 712, "över hemtjänsten."),
                (310, 740, "Ordförande Gunnel Åkesson, Vision,"),
                (310, 726, "tackade Ivar Nord, enhetschef på"),
                (310, 712, "Individ- och familjeomsorgen."),
            ],
            "Sida 2 av 3",
        ),
        framed(
            vec![(50, 740, "Protokollet justerades av Ivar Nord.")],
            "Sida 3 av 3",
        ),
    ];
    pdf_of(
        &a.join("protokoll.pdf"),
        &pages,
        "Protokoll socialnämnden mars",
        "D:20240312090000+01'00'",
    );
    // a scan: pages without a text layer
    pdf_of(
        &a.join("skannad.pdf"),
        &[vec![], vec![]],
        "Skannat brev",
        "D:20200101000000Z",
    );
    let (code, out, err) = run(&["extract", p(&a)]);
    assert_eq!(code, 1, "the scan is reported: {err}");
    assert!(
        err.contains("skannad.pdf: no text layer (a scanned PDF?)"),
        "{err}"
    );
    assert!(err.contains("1 PDF without text"), "{err}");
    assert!(!err.contains("binary"), "{err}");
    let rows = lines(&out);
    let names = names(&rows);
    for n in ["Kerstin Falk", "Gunnel Åkesson", "Ivar Nord"] {
        assert!(names.iter().any(|x| x == n), "{n}: {names:?}");
    }
    // the broken word is mended, the line joined: the role is whole
    assert!(
        rows.iter().any(|r| r["kind"] == "relation"
            && r["subject"] == "Kerstin Falk"
            && r["predicate"] == "worksAt"
            && r["role"] == "socialchef"),
        "{out}"
    );
    assert!(
        out.contains("Kerstin Falk är socialchef i Gagnefs kommun och föredrog ärendet"),
        "{out}"
    );
    // the running header and the page numbers are no text
    assert!(
        !out.contains("sammanträdesprotokoll") && !out.contains("Sida 2"),
        "{out}"
    );
    // "Individ- och" keeps its hyphen
    assert!(out.contains("Individ- och familjeomsorgen"), "{out}");
    let doc = document(&rows);
    assert_eq!(doc["reader"], "pdf");
    assert_eq!(doc["date"], "2024-03-12");
    assert_eq!(doc["date_source"], "pdf:info");
    let (_, nq, _) = run(&["extract", p(&a.join("protokoll.pdf")), "--format", "nquads"]);
    assert!(nq.contains("\"Protokoll socialnämnden mars\"@sv"), "{nq}");
    // a file that says PDF and is none: reported by name, not a crash
    std::fs::write(a.join("trasig.pdf"), b"%PDF-1.4\n1 0 obj << /Type /Catalog").unwrap();
    let (code, _, err) = run(&["extract", p(&a.join("trasig.pdf"))]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("trasig.pdf: not a readable PDF"), "{err}");
}

/// A WARC record: headers, then the block.
fn warc_record(kind: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         WARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        uri.len() * 7919 + block.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(status: &str, ctype: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut b = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}\r\n").into_bytes();
    b.extend_from_slice(body);
    b
}

#[test]
fn a_web_archive_gives_one_document_per_archived_page_and_builds_again_unchanged() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("arkiv");
    std::fs::create_dir_all(&a).unwrap();
    let page1 = "<html><head><title>Ny chef</title></head><body><nav>Meny</nav><article><h1>Ny chef i Malung</h1>\
        <p>Stina Kvarn blir ny enhetschef för äldreomsorgen i Malung-Sälens kommun. Hon börjar i mars.</p></article></body></html>";
    let page2 = "<html><body><article><p>Publicerad 4 februari 2025</p>\
        <p>Anders Myr, ordförande för Vision i Vansbro, välkomnar satsningen på socialtjänsten.</p></article></body></html>";
    // page2 sent in two chunks
    let half = page2.len() / 2;
    let chunked = format!(
        "{:x}\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        half,
        &page2[..half],
        page2.len() - half,
        &page2[half..]
    );
    let mut warc = Vec::new();
    warc.extend(warc_record(
        "warcinfo",
        "",
        "2025-02-05T08:00:00Z",
        b"software: wget",
    ));
    warc.extend(warc_record(
        "request",
        "https://www.malung-salen.se/nyheter/ny-chef",
        "2025-02-05T08:00:01Z",
        b"GET /nyheter/ny-chef HTTP/1.1\r\n\r\n",
    ));
    warc.extend(warc_record(
        "response",
        "https://www.malung-salen.se/nyheter/ny-chef",
        "2025-02-05T08:00:02Z",
        &http("200 OK", "text/html; charset=utf-8", "", page1.as_bytes()),
    ));
    warc.extend(warc_record(
        "response",
        "https://www.vansbro.se/aktuellt/vision/",
        "2025-02-05T08:00:03Z",
        &http(
            "200 OK",
            "text/html",
            "Transfer-Encoding: chunked\r\n",
            chunked.as_bytes(),
        ),
    ));
    warc.extend(warc_record(
        "response",
        "https://www.vansbro.se/logga.png",
        "2025-02-05T08:00:04Z",
        &http("200 OK", "image/png", "", b"\x89PNG...."),
    ));
    warc.extend(warc_record("response", "https://www.vansbro.se/borta", "2025-02-05T08:00:05Z",
        &http("404 Not Found", "text/html", "", b"<html><body>Sidan finns inte. Eva Ny, webbredakt\xc3\xb6r i Vansbro kommun.</body></html>")));
    std::fs::write(a.join("skord.warc"), &warc).unwrap();
    // the same archive compressed record by record, as crawlers write it
    // (`.warc.gz`): the same documents
    let gz_dir = d.path().join("gz");
    std::fs::create_dir_all(&gz_dir).unwrap();
    let mut gz = Vec::new();
    let mut rest = &warc[..];
    while !rest.is_empty() {
        // each record ends with its block and "\r\n\r\n"; split at "WARC/1.0"
        let next = rest[8..]
            .windows(8)
            .position(|w| w == b"WARC/1.0")
            .map_or(rest.len(), |i| i + 8);
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&rest[..next]).unwrap();
        gz.extend(e.finish().unwrap());
        rest = &rest[next..];
    }
    std::fs::write(gz_dir.join("skord.warc.gz"), &gz).unwrap();
    let (code, gz_out, err) = run(&["extract", p(&gz_dir)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        gz_out.matches("\"kind\":\"document\"").count(),
        2,
        "{gz_out}"
    );
    let (code, out, err) = run(&["extract", p(&a)]);
    assert_eq!(code, 0, "{err}");
    let rows = lines(&out);
    let docs: Vec<&serde_json::Value> = rows.iter().filter(|r| r["kind"] == "document").collect();
    assert_eq!(docs.len(), 2, "two HTML pages with status 200: {out}");
    let by = |id: &str| {
        docs.iter()
            .find(|r| r["doc"] == id)
            .unwrap_or_else(|| panic!("{id}: {out}"))
    };
    assert_eq!(by("www.malung-salen.se/nyheter/ny-chef")["reader"], "warc");
    // no date on the page: the day it was archived
    assert_eq!(
        by("www.malung-salen.se/nyheter/ny-chef")["date"],
        "2025-02-05"
    );
    assert_eq!(
        by("www.malung-salen.se/nyheter/ny-chef")["date_source"],
        "warc:date"
    );
    // the page's own dateline first
    assert_eq!(by("www.vansbro.se/aktuellt/vision")["date"], "2025-02-04");
    let names = names(&rows);
    assert!(
        names.iter().any(|n| n == "Stina Kvarn") && names.iter().any(|n| n == "Anders Myr"),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n == "Eva Ny"),
        "the 404 page is no document: {names:?}"
    );
    // built twice: the same documents, unchanged; the source is the URL
    let kg = d.path().join("kg");
    let (code, _, err) = run(&["build", p(&a), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 added"), "{err}");
    let (code, _, err) = run(&["build", p(&a), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 added, 0 updated, 2 unchanged"), "{err}");
    let dump = common::dump(&kg);
    assert!(dump.iter().any(|q| q.starts_with("<https://w3id.org/socgraf/doc/www.malung-salen.se/nyheter/ny-chef> <http://purl.org/dc/terms/source> \"https://www.malung-salen.se/nyheter/ny-chef\"")), "{dump:?}");
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Nyheter från socialtjänsten</title><link>https://www.example-kommun.se/</link>
<item><title>Ny samordnare för hemlösa</title><link>https://www.example-kommun.se/nyheter/samordnare</link>
<pubDate>Tue, 14 Jan 2025 09:00:00 +0100</pubDate>
<description>&lt;p&gt;Hanna Lid blir samordnare för hemlöshetsfrågor i Ludvika kommun.&lt;/p&gt;</description></item>
<item><title>Öppet hus på familjecentralen</title><link>https://www.example-kommun.se/nyheter/oppet-hus</link>
<pubDate>Mon, 02 Dec 2024 12:00:00 +0100</pubDate>
<description>Familjecentralen i Smedjebacken har öppet hus. Verksamhetschef Bo Ekman visar lokalerna.</description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Förbundsnytt</title><id>urn:uuid:1</id><updated>2025-03-01T10:00:00Z</updated>
<entry><title>Ny ordförande i avdelningen</title><link href="https://forbund.example.se/nytt/ordforande"/><id>urn:uuid:2</id>
<published>2025-03-01T10:00:00Z</published><updated>2025-03-02T10:00:00Z</updated>
<content type="html">&lt;p&gt;Maria Vall, socionom, är ny ordförande för Akademikerförbundet SSR i Dalarna.&lt;/p&gt;</content></entry>
</feed>"#;

#[test]
fn a_feed_gives_one_document_per_item_with_its_title_and_date() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("arkiv");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::write(a.join("nyheter.rss"), RSS).unwrap();
    std::fs::write(a.join("forbund.atom"), ATOM).unwrap();
    // a page beside the feed of the same name: the feed's name is no id
    std::fs::write(
        a.join("nyheter.html"),
        "<html><body><p>Leif Ström är socialchef i Gagnefs kommun.</p></body></html>",
    )
    .unwrap();
    let (code, out, err) = run(&["extract", p(&a)]);
    assert_eq!(code, 0, "{err}");
    let rows = lines(&out);
    let docs: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["kind"] == "document" && r["doc"] != "nyheter")
        .collect();
    assert_eq!(docs.len(), 3, "{out}");
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "document" && r["doc"] == "nyheter"),
        "{out}"
    );
    let by = |id: &str| {
        docs.iter()
            .find(|r| r["doc"] == id)
            .unwrap_or_else(|| panic!("{id}: {out}"))
    };
    assert_eq!(
        by("www.example-kommun.se/nyheter/samordnare")["date"],
        "2025-01-14"
    );
    assert_eq!(
        by("www.example-kommun.se/nyheter/samordnare")["date_source"],
        "feed:item"
    );
    assert_eq!(
        by("forbund.example.se/nytt/ordforande")["date"],
        "2025-03-01"
    );
    assert_eq!(by("forbund.example.se/nytt/ordforande")["reader"], "feed");
    let names = names(&rows);
    for n in ["Hanna Lid", "Bo Ekman", "Maria Vall"] {
        assert!(names.iter().any(|x| x == n), "{n}: {names:?}");
    }
    let (_, nq, _) = run(&["extract", p(&a.join("nyheter.rss")), "--format", "nquads"]);
    assert!(
        nq.contains("\"Ny samordnare för hemlösa\"@sv"),
        "the item's title: {nq}"
    );
    let kg = d.path().join("kg");
    assert_eq!(run(&["build", p(&a), "--store", p(&kg)]).0, 0);
    let (code, _, err) = run(&["build", p(&a), "--store", p(&kg)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 added, 0 updated, 4 unchanged"), "{err}");
    // a file that says feed and is none is reported by name
    std::fs::write(a.join("trasig.rss"), "<rss><channel><item>").unwrap();
    let (code, _, err) = run(&["extract", p(&a)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("trasig.rss: not a readable feed"), "{err}");
}
