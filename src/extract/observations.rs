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
    conducts: Regex,
    made_by: Regex,
}

fn rx() -> &'static Rx {
    static R: OnceLock<Rx> = OnceLock::new();
    R.get_or_init(|| {
        let r = super::pattern::compile;
        Rx {
            figure: r(r"(?P<value>\d{1,3}(?:[,.]\d+)?)\s*(?:procent|%)\s+(?:av\s+(?:de\s+|alla\s+)?(?P<pop>\p{Ll}[\p{Ll}-]*(?:\s+\p{Ll}[\p{Ll}-]*){0,2}?)\s+)?(?:anser|tycker|uppger|menar|svarar|säger|vill|har|är|upplever|känner|överväger|saknar|arbetar|ser)\b"),
            survey: r(r"(?i)\b(?:undersökning\w*|enkät\w*|rapport\w*|kartläggning\w*|mätning\w*|studie\w*)\b"),
            // right after the organisation: it ran the survey
            conducts: r(r"^\s*(?:,[^,]{0,40},\s*)?(?:har\s+|hade\s+)?(?:genomförde|genomfört|genomför|gjorde|gjort|gör|står\s+bakom|stod\s+bakom|låtit\s+göra|lät\s+göra|presenterade|presenterar|publicerade|publicerar)\b"),
            // "(undersökningen) gjord av X", "genomförd av X", "enligt X:s"
            made_by: r(r"(?i)(?:\b(?:gjord|genomförd|utförd|beställd)\s+av|\bav|\benligt)\s+$"),
            date: r(r"\b(?:(?:\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s+)?(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)\s+\d{4}|(?:19|20)\d\d)\b"),
        }
    })
}

/// Finds the survey figures of a document.
pub fn find(text: &str, sents: &[Sentence], r: &Resolved, idx: &CharIndex) -> Vec<Observation> {
    let x = rx();
    // the survey: the organisation the text names as running it, in the
    // sentences with a survey word. Ranked: the subject of "genomförde",
    // "gjorde", "står bakom" …; an owner's genitive before the survey word
    // ("Visions enkät"); "av X" before it; then any other organisation. A
    // unit of a municipality without such a cue is where the survey was
    // answered: no source rather than a wrong one
    let mut best: Option<(i32, usize, String, String, Option<String>)> = None;
    for (si, s) in sents.iter().enumerate() {
        let sent = &text[s.start..s.end];
        let Some(word) = x.survey.find(sent) else {
            continue;
        };
        let date = x.date.find(sent).map(|d| d.as_str().to_string());
        for &m in &r.by_sentence[si] {
            let mm = &r.mentions[m];
            let Some(e) = r.entities.get(r.entity_of[m]) else {
                continue;
            };
            if mm.nested || !e.keep || !e.etype.is_org() || e.etype == EntityType::Municipality {
                continue;
            }
            let after = &text[mm.end..s.end];
            let before = &text[s.start..mm.start];
            let mut score = 0;
            if x.conducts.is_match(after) {
                score += 4;
            }
            if mm.genitive && mm.end + 1 == s.start + word.start() {
                score += 3;
            }
            if x.made_by.is_match(before) {
                score += 3;
            }
            if super::lexicon::Lexicon::get().unit_level(&e.name).is_some() {
                score -= 2;
            }
            // (a unit without a cue is where the survey was answered, no source)
            let better = score >= 0 && best.as_ref().is_none_or(|b| score > b.0);
            if better {
                best = Some((score, si, e.key.clone(), e.name.clone(), date.clone()));
            }
        }
    }
    let survey = best.map(|(_, _, key, name, date)| (key, name, date));
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
