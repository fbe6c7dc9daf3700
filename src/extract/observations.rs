//! Survey figures: "93 procent av socionomerna anser att …" becomes an
//! observation with value, unit, population, statement, the organisation
//! behind the survey and its date where the article gives them.
use super::resolve::Resolved;
use crate::facts::{EntityType, Evidence, Observation};
use crate::text::{CharIndex, Sentence};
use regex::Regex;
use std::sync::OnceLock;

struct Rx {
    figure: Regex,
    survey: Regex,
    date: Regex,
}

fn rx() -> &'static Rx {
    static R: OnceLock<Rx> = OnceLock::new();
    R.get_or_init(|| {
        let r = super::pattern::compile;
        Rx {
            figure: r(r"(?P<value>\d{1,3}(?:[,.]\d+)?)\s*(?:procent|%)\s+(?:av\s+(?:de\s+|alla\s+)?(?P<pop>\p{Ll}[\p{Ll}-]*(?:\s+\p{Ll}[\p{Ll}-]*){0,2}?)\s+)?(?:anser|tycker|uppger|menar|svarar|säger|vill|har|är|upplever|känner|överväger|saknar|arbetar|ser)\b"),
            survey: r(r"(?i)\b(?:undersökning\w*|enkät\w*|rapport\w*|kartläggning\w*|mätning\w*|studie\w*)\b"),
            date: r(r"\b(?:(?:\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s+)?(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+\d{4}|(?:19|20)\d\d)\b"),
        }
    })
}

/// Finds the survey figures of a document.
pub fn find(text: &str, sents: &[Sentence], r: &Resolved, idx: &CharIndex) -> Vec<Observation> {
    let x = rx();
    // the survey: a sentence with a survey word and an organisation
    let mut survey: Option<(String, String, Option<String>)> = None;
    for (si, s) in sents.iter().enumerate() {
        let sent = &text[s.start..s.end];
        if !x.survey.is_match(sent) {
            continue;
        }
        let org = r.by_sentence[si].iter().copied().find(|&m| {
            !r.mentions[m].nested
                && r.entities.get(r.entity_of[m]).is_some_and(|e| {
                    e.keep && e.etype.is_org() && e.etype != EntityType::Municipality
                })
        });
        if let Some(m) = org {
            let e = &r.entities[r.entity_of[m]];
            let date = x.date.find(sent).map(|d| d.as_str().to_string());
            survey = Some((e.key.clone(), e.name.clone(), date));
            break;
        }
    }
    let mut out = Vec::new();
    let mut population: Option<String> = None;
    for s in sents {
        let sent = &text[s.start..s.end];
        for c in x.figure.captures_iter(sent) {
            let Some(v) = c.name("value") else { continue };
            let Ok(value) = v.as_str().replace(',', ".").parse::<f64>() else {
                continue;
            };
            if let Some(p) = c.name("pop") {
                population = Some(p.as_str().to_string());
            }
            out.push(Observation {
                value,
                unit: "procent".into(),
                population: population.clone(),
                statement: sent.to_string(),
                source_key: survey.as_ref().map(|s| s.0.clone()),
                source: survey.as_ref().map(|s| s.1.clone()),
                date: survey.as_ref().and_then(|s| s.2.clone()),
                evidence: Evidence {
                    start: idx.char_at(text, s.start),
                    end: idx.char_at(text, s.end),
                    text: sent.to_string(),
                },
            });
        }
    }
    out
}
