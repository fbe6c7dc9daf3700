//! The output of `socgraf extract`: each document's facts as JSON Lines,
//! N-Quads or Turtle, written in input order as the ingest pipeline delivers them.
use crate::error::InputError;
use crate::facts::DocFacts;
use crate::{ingest, jsonl, model, query};
use oxigraph::io::{RdfFormat, RdfSerializer};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

/// The formats of the extract command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The guideline's JSON Lines contract, with confidence, evidence, key and rule.
    Jsonl,
    Nquads,
    Turtle,
}

/// Extracts every input and writes its facts to `out`; returns the inputs
/// that could not be read or extracted (the rest was written).
pub fn extract_to(
    paths: &[PathBuf],
    format: Format,
    min_confidence: f32,
    out: impl Write + Send,
) -> std::io::Result<Vec<InputError>> {
    extract_named(paths, None, format, min_confidence, out)
}

/// As [`extract_to`], with standard input's document id (`--id`).
pub fn extract_named(
    paths: &[PathBuf],
    stdin_id: Option<&str>,
    format: Format,
    min_confidence: f32,
    out: impl Write + Send,
) -> std::io::Result<Vec<InputError>> {
    let inputs = ingest::collect_with(paths, stdin_id);
    let mut errors = inputs.failed;
    let opts = ingest::Options {
        min_confidence,
        ..Default::default()
    };
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let render = |source: &ingest::Source, facts: &DocFacts, title: &str, sink: &mut dyn Write| {
        write_facts(
            format,
            facts,
            &model::DocMeta {
                encoding: facts.decoding.label(),
                ..model::DocMeta::of(source, title, &now)
            },
            sink,
        )
    };
    ingest::run(
        inputs.docs,
        &opts,
        Default::default(),
        |_| Some(()),
        |outcomes| -> std::io::Result<()> {
            // rendered in parallel into buffers (writing to a Vec cannot
            // fail), written in input order; a document with very many
            // facts (a large file) is written straight to the output
            let large = |facts: &DocFacts| {
                facts.entities.len() + facts.relations.len() > ingest::STREAM_FACTS
            };
            let rendered: Vec<Option<Vec<u8>>> = outcomes
                .par_iter()
                .map(|o| match o {
                    ingest::Outcome::Extracted {
                        source,
                        facts,
                        title,
                        ..
                    } if !large(facts) => {
                        let mut buf = Vec::new();
                        render(source, facts, title, &mut buf).ok()?;
                        Some(buf)
                    }
                    _ => None,
                })
                .collect();
            for (o, r) in outcomes.into_iter().zip(rendered) {
                match (o, r) {
                    (_, Some(buf)) => out.write_all(&buf)?,
                    (
                        ingest::Outcome::Extracted {
                            source,
                            facts,
                            title,
                            ..
                        },
                        None,
                    ) => render(&source, &facts, &title, &mut out)?,
                    (ingest::Outcome::Failed(e), None) => errors.push(e),
                    (ingest::Outcome::Skipped(_), None) => {}
                }
            }
            Ok(())
        },
    )?;
    out.flush()?;
    Ok(errors)
}

/// One document's facts in the output format; the quads stream to the
/// writer, never all held (a large file has millions), and after a failed
/// write the rest is dropped.
pub fn write_facts(
    format: Format,
    facts: &DocFacts,
    meta: &model::DocMeta,
    sink: &mut dyn Write,
) -> std::io::Result<()> {
    if matches!(format, Format::Jsonl) {
        return sink.write_all(jsonl::render(facts).as_bytes());
    }
    let mut failed: Option<std::io::Error> = None;
    if matches!(format, Format::Nquads) {
        let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(sink);
        model::for_each_document_quad(facts, meta, |q| {
            if failed.is_none() {
                failed = w.serialize_quad(&q).err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        w.finish()?;
    } else {
        let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
        for (p, iri) in query::PREFIXES {
            ser = ser.with_prefix(*p, *iri).map_err(std::io::Error::other)?;
        }
        let mut w = ser.for_writer(sink);
        model::for_each_document_quad(facts, meta, |q| {
            if failed.is_none() {
                failed = w
                    .serialize_triple(oxigraph::model::TripleRef::new(
                        q.subject.as_ref(),
                        q.predicate.as_ref(),
                        q.object.as_ref(),
                    ))
                    .err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        w.finish()?;
    }
    Ok(())
}
