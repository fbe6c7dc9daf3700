//! The shared ground of the relation rules (`relations.rs`, `employer.rs`):
//! the context they add relations to, and how a title phrase is normalised.
use super::lexicon::Lexicon;
use super::resolve::Resolved;
use crate::facts::Lower;
use crate::facts::{EntityType, Predicate};
use crate::text::Sentence;

/// A relation between two entities of the document (indices into
/// `Resolved::entities`), found in one sentence.
#[derive(Debug, Clone)]
pub struct RawRelation {
    pub subject: usize,
    pub predicate: Predicate,
    pub object: usize,
    pub role: String,
    pub confidence: f32,
    pub sentence: usize,
    /// The id of the rule that found it ("worksat.apposition-prep").
    pub rule: &'static str,
}

/// Normalises a title phrase: lower case, indefinite, weak adjectives to
/// their base ("regeringens särskilda utredare" → "särskild utredare").
/// None when the phrase holds no title.
pub fn normalise_role(phrase: &str) -> Option<String> {
    let lex = Lexicon::get();
    let words: Vec<&str> = phrase
        .split_whitespace()
        .skip_while(|w| matches!(*w, "alla" | "båda" | "samtliga" | "bägge"))
        .collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    // "en av grundarna" is a title ("grundare"); "en av 148 socialchefer i
    // landet" and "många socialsekreterare" describe groups
    let words: Vec<&str> = match words.as_slice() {
        ["en" | "ett", "av", rest @ ..] if !rest.is_empty() => rest.to_vec(),
        _ => words,
    };
    if matches!(
        words[0],
        "en" | "ett" | "några" | "många" | "flera" | "de" | "den" | "det"
    ) || words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    const BAD: &[&str] = &[
        "är", "var", "har", "hade", "tidigare", "arbetat", "jobbat", "varit", "också", "även",
        "nu", "sedan", "kommer", "ska", "blev", "blir", "att", "inte", "mest", "de", "det", "den",
        "sig",
    ];
    if words.iter().any(|w| BAD.contains(&w.lower().as_str())) {
        return None;
    }
    if !words.iter().any(|w| lex.role_base(w).is_some()) {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    // "ny chef", "nyvald ordförande": when, not what (data/role_drop_words.txt)
    let words: Vec<&str> = match words.split_first() {
        Some((first, rest)) if !rest.is_empty() && lex.role_drop_words.contains(&first.lower()) => {
            rest.to_vec()
        }
        _ => words,
    };
    for (i, w) in words.iter().enumerate() {
        let lw = w.lower();
        let next_is_role = words.get(i + 1).is_some_and(|n| lex.role_base(n).is_some());
        if let Some(b) = lex.role_base(w) {
            out.push(b);
        } else if next_is_role
            && i == 0
            && lw.len() > 4
            && !lw.ends_with("ande")
            && !lw.ends_with("ende")
        {
            // weak adjective to its base: "särskilda" → "särskild", "nyvalde" → "nyvald"
            let b = lw
                .strip_suffix('a')
                .map(str::to_string)
                .or_else(|| {
                    lw.strip_suffix('e')
                        .filter(|s| s.ends_with('d'))
                        .map(str::to_string)
                })
                .unwrap_or(lw.clone());
            out.push(b);
        } else {
            out.push(lw);
        }
    }
    Some(out.join(" "))
}

/// What the relation rules share: the text, its sentences, the resolved
/// mentions and the relations found so far.
pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) sents: &'a [Sentence],
    pub(super) r: &'a Resolved,
    pub(super) out: Vec<RawRelation>,
}

impl Ctx<'_> {
    /// The mentions among `ms` that name an organisation.
    pub(super) fn orgs(&self, ms: &[usize]) -> Vec<usize> {
        ms.iter()
            .copied()
            .filter(|&m| self.etype(m).is_org())
            .collect()
    }
    /// The mentions of a sentence that name a kept entity and lie inside
    /// no other mention, in text order.
    pub(super) fn sentence_mentions(&self, si: usize) -> Vec<usize> {
        self.r.by_sentence[si]
            .iter()
            .copied()
            .filter(|&m| !self.r.mentions[m].nested && self.ent(m).is_some())
            .collect()
    }
    pub(super) fn ent(&self, m: usize) -> Option<usize> {
        let e = self.r.entity_of[m];
        (e != usize::MAX && self.r.entities[e].keep).then_some(e)
    }
    pub(super) fn etype(&self, m: usize) -> EntityType {
        self.r
            .entities
            .get(self.r.entity_of[m])
            .map_or(self.r.mentions[m].etype, |e| e.etype)
    }
    #[allow(clippy::too_many_arguments)]
    pub(super) fn add(
        &mut self,
        rule: &'static str,
        s: usize,
        p: Predicate,
        o: usize,
        role: &str,
        conf: f32,
        sentence: usize,
    ) {
        let (Some(se), Some(oe)) = (self.ent(s), self.ent(o)) else {
            return;
        };
        // a relation the predicate table does not admit is no relation
        if se == oe
            || !p
                .spec()
                .admits(self.r.entities[se].etype, self.r.entities[oe].etype)
        {
            return;
        }
        self.out.push(RawRelation {
            subject: se,
            predicate: p,
            object: oe,
            role: role.to_string(),
            confidence: conf,
            sentence,
            rule,
        });
    }
}

/// The longest prefix of a phrase that is a title ("förbundsordförande anser").
pub(super) fn best_role_prefix(phrase: &str) -> Option<String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    (1..=words.len()).rev().find_map(|n| {
        let cand = words[..n].join(" ");
        let last_is_role = Lexicon::get().role_base(words[n - 1]).is_some();
        if last_is_role {
            normalise_role(&cand)
        } else {
            None
        }
    })
}
