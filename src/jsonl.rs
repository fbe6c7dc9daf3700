//! JSON Lines output of extracted facts, as in the guideline's output
//! contract: one line per entity and per relation, keys in alphabetical order.
use crate::facts::{DocFacts, Evidence};
use serde::Serialize;

/// JSON Lines as in the guideline's output contract, with confidence,
/// evidence and the canonical key added (keys in alphabetical order).
pub fn render(facts: &DocFacts) -> String {
    let mut out = Vec::with_capacity(256 * (facts.entities.len() + facts.relations.len() + 1));
    if !facts.reader.is_empty() || facts.date.is_some() {
        push_line(
            &mut out,
            &DocumentRow {
                date: facts.date.as_ref().map(|d| d.date.as_str()),
                date_source: facts.date.as_ref().map(|d| d.source),
                doc: &facts.doc,
                kind: "document",
                reader: facts.reader,
            },
        );
    }
    for e in &facts.entities {
        push_line(
            &mut out,
            &EntityRow {
                aliases: &e.aliases,
                confidence: round2(e.confidence),
                doc: &facts.doc,
                evidence: EvidenceRow::of(&e.evidence),
                key: &e.key,
                kind: "entity",
                name: &e.name,
                rule: e.rule,
                etype: e.etype.as_str(),
            },
        );
    }
    for r in &facts.relations {
        push_line(
            &mut out,
            &RelationRow {
                confidence: round2(r.confidence),
                doc: &facts.doc,
                evidence: EvidenceRow::of(&r.evidence),
                kind: "relation",
                object: &r.object,
                predicate: r.predicate.as_str(),
                role: &r.role,
                rule: r.rule,
                subject: &r.subject,
            },
        );
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The document line of the JSON Lines output (first of its document):
/// its date, where the date was found, and the reader that read it.
#[derive(Serialize)]
struct DocumentRow<'a> {
    date: Option<&'a str>,
    date_source: Option<&'static str>,
    doc: &'a str,
    kind: &'static str,
    reader: &'static str,
}

/// One entity line of the JSON Lines output.
#[derive(Serialize)]
struct EntityRow<'a> {
    aliases: &'a [String],
    confidence: f64,
    doc: &'a str,
    evidence: EvidenceRow<'a>,
    key: &'a str,
    kind: &'static str,
    name: &'a str,
    rule: &'static str,
    #[serde(rename = "type")]
    etype: &'static str,
}

/// One relation line of the JSON Lines output.
#[derive(Serialize)]
struct RelationRow<'a> {
    confidence: f64,
    doc: &'a str,
    evidence: EvidenceRow<'a>,
    kind: &'static str,
    object: &'a str,
    predicate: &'static str,
    role: &'a str,
    rule: &'static str,
    subject: &'a str,
}

/// The evidence of a line, its keys in alphabetical order.
#[derive(Serialize)]
struct EvidenceRow<'a> {
    end: usize,
    start: usize,
    text: &'a str,
}

impl<'a> EvidenceRow<'a> {
    fn of(e: &'a Evidence) -> Self {
        EvidenceRow {
            end: e.end,
            start: e.start,
            text: &e.text,
        }
    }
}

/// One JSON line to the output: the rows hold strings and numbers only and
/// go to a `Vec`, so writing them cannot fail.
fn push_line<T: Serialize>(out: &mut Vec<u8>, row: &T) {
    let _ = serde_json::to_writer(&mut *out, row);
    out.push(b'\n');
}

fn round2(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}
