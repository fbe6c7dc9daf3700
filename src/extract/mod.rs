//! Rule-based Swedish extraction: turns one document into typed entities and
//! typed relations, each with its evidence sentence and a confidence.
//!
//! Architecture invariant: extraction never touches the store and never mints
//! IRIs; it hands the model layer names, types and canonical keys.
pub mod contacts;
mod context;
mod employer;
pub mod lexicon;
mod mentions;
pub mod observations;
mod pattern;
mod relations;
pub mod resolve;
pub mod rules;
pub mod sections;

use crate::facts::Lower;
pub use crate::facts::{
    Class, Contact, DocFacts, Entity, EntityType, Evidence, Observation, Predicate, Relation,
    PREDICATES,
};
use crate::text::{sentences, CharIndex, Document, Sentence};
use resolve::resolve_document;

/// Compiles the extractor's patterns, lexicons and gazetteer automaton (done
/// once per process, on first use). A build calls it on a thread of its own
/// while the store opens, so a one-document re-ingest does not wait for both.
pub fn warm_up() {
    let _ = extract_guarded(&Document::from_text(
        "warm-up",
        "Eva Lind, enhetschef på socialtjänsten i Umeå kommun, talade på Vision-dagen.",
    ));
}

/// Extracts the facts of one document, turning a panic inside the
/// extractor into an error so that one odd document cannot stop a corpus.
pub fn extract_guarded(doc: &Document) -> Result<DocFacts, String> {
    std::panic::catch_unwind(|| extract(doc)).map_err(|e| {
        let what = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("internal extractor error ({what}); please report this document")
    })
}

/// Every rule that fired on a text, with the highest confidence it gave:
/// each mention's rule, and each relation's before the one-per-fact choice
/// (a rule whose finding another rule also made, more confidently, still
/// counts). The registry's tests ([`rules`]) read this.
pub fn fired_rules(text: &str) -> std::collections::BTreeMap<&'static str, f32> {
    let (_, resolved, raw) = analyse(text);
    let mut fired = std::collections::BTreeMap::new();
    let found = resolved.mentions.iter().map(|m| (m.rule, m.confidence));
    for (rule, conf) in found.chain(raw.iter().map(|r| (r.rule, r.confidence))) {
        let c = fired.entry(rule).or_insert(conf);
        *c = c.max(conf);
    }
    fired
}

/// The extractor's passes over one text: its sentences, the mentions
/// resolved into entities, and every relation a rule found.
fn analyse(text: &str) -> (Vec<Sentence>, resolve::Resolved, Vec<context::RawRelation>) {
    let sents = sentences(text);
    let resolved = resolve_document(text, &sents, mentions::find(text));
    let raw = relations::find(text, &sents, &resolved);
    (sents, resolved, raw)
}

/// Extracts the facts of one document.
///
/// ```
/// use socgraf::extract::{extract, Predicate};
/// use socgraf::text::Document;
/// let d = Document::from_text("t", "Nora Lindqvist, enhetschef på Vision, säger att det går bra.");
/// let f = extract(&d);
/// assert!(f.relations.iter().any(|r| r.predicate == Predicate::WorksAt
///     && r.subject == "Nora Lindqvist" && r.object == "Vision" && r.role == "enhetschef"));
/// ```
pub fn extract(doc: &Document) -> DocFacts {
    let text = doc.text.as_str();
    let (sents, mut resolved, raw) = analyse(text);
    let idx = CharIndex::new(text);
    let evidence = |s: &Sentence| Evidence {
        start: idx.char_at(text, s.start),
        end: idx.char_at(text, s.end),
        text: text[s.start..s.end].to_string(),
    };
    let mut facts = DocFacts {
        doc: doc.id.clone(),
        ..Default::default()
    };
    // generic bodies scoped by their parent, for every fact that names them
    let keys = scoped_keys(&resolved, &raw, &doc.id);
    for (e, k) in resolved.entities.iter_mut().zip(keys) {
        e.key = k;
    }
    for e in &resolved.entities {
        if !e.keep {
            continue;
        }
        facts.entities.push(Entity {
            name: e.name.clone(),
            etype: e.etype,
            aliases: e.aliases.iter().cloned().collect(),
            key: e.key.clone(),
            confidence: e.confidence,
            evidence: evidence(&sents[e.first_sentence]),
            rule: e.rule,
        });
    }
    // one relation per (subject, predicate, object): the most confident one,
    // and of equals the one with a title
    let mut best: std::collections::HashMap<(usize, Predicate, usize), context::RawRelation> =
        std::collections::HashMap::new();
    let mut order = Vec::new();
    for r in raw {
        let k = (r.subject, r.predicate, r.object);
        match best.get(&k) {
            None => {
                order.push(k);
                best.insert(k, r);
            }
            Some(b) if (r.confidence, !r.role.is_empty()) > (b.confidence, !b.role.is_empty()) => {
                best.insert(k, r);
            }
            Some(_) => {}
        }
    }
    for k in order {
        let Some(r) = best.remove(&k) else { continue };
        let (s, o) = (&resolved.entities[r.subject], &resolved.entities[r.object]);
        if !s.keep || !o.keep || r.subject == r.object {
            continue;
        }
        facts.relations.push(Relation {
            subject: s.name.clone(),
            predicate: r.predicate,
            object: o.name.clone(),
            role: r.role,
            subject_key: s.key.clone(),
            object_key: o.key.clone(),
            confidence: r.confidence,
            evidence: evidence(&sents[r.sentence]),
            rule: r.rule,
        });
    }
    facts.observations = observations::find(text, &sents, &resolved, &idx);
    facts.contacts = contacts::find(text, &resolved, &idx);
    facts
}

/// Whether an organisation's name is a generic word for a kind of body
/// ("socialnämnden", "Individ- och familjeomsorgen", "enheten för
/// nyanlända", "stadsdelsförvaltningen"), which many municipalities have: a
/// name listed as generic (`data/generic_units.txt`, in any case), or in
/// lower case one word (or two joined by "- och") ending in a unit head,
/// maybe with what it is "för". A capitalised name of its own
/// ("Ytterbyhemmet", "Spånga-Tensta stadsdelsförvaltning") is no such word.
fn generic_unit_name(name: &str) -> bool {
    let lex = lexicon::Lexicon::get();
    let lw = name.lower();
    // "utredningsenheten för barn och unga i Hässelby-Vällingby" names its body
    if [" i ", " vid ", " inom "].iter().any(|p| lw.contains(p)) {
        return false;
    }
    let core = match lw.split_once(" för ") {
        Some((head, _)) => head.to_string(),
        None => lw.clone(),
    };
    if lex.generic_units.contains(&lw) || lex.generic_units.contains(&core) {
        return true;
    }
    if name.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let last = core.rsplit(' ').next().unwrap_or("");
    mentions::one_word_unit(&core) && lex.units.iter().any(|(h, _)| last.ends_with(h.as_str()))
}

/// Canonical keys with generic bodies scoped (issue 21): a generic unit
/// name is one body per municipality, region or agency, so its key names
/// the body the document ties it to (partOf, up past other generic units),
/// or the document when it ties it to none. "socialnämnden" of Borlänge and
/// of Sundsvall are two nodes; a named unit keeps its own key.
fn scoped_keys(r: &resolve::Resolved, raw: &[context::RawRelation], doc: &str) -> Vec<String> {
    let generic: Vec<bool> = r
        .entities
        .iter()
        .map(|e| e.etype == EntityType::Organization && generic_unit_name(&e.name))
        .collect();
    // each entity's parent: its most confident partOf
    let mut parent: Vec<Option<(usize, f32)>> = vec![None; r.entities.len()];
    for x in raw.iter().filter(|x| x.predicate == Predicate::PartOf) {
        if x.subject != x.object && parent[x.subject].is_none_or(|(_, c)| x.confidence > c) {
            parent[x.subject] = Some((x.object, x.confidence));
        }
    }
    (0..r.entities.len())
        .map(|e| {
            if !generic[e] {
                return r.entities[e].key.clone();
            }
            let mut at = e;
            let mut scope = None;
            for _ in 0..4 {
                let Some((p, _)) = parent[at] else { break };
                if !generic[p] {
                    scope = Some(r.entities[p].key.clone());
                    break;
                }
                at = p;
            }
            let scope = scope.unwrap_or_else(|| format!("doc/{doc}"));
            format!("{}-i-{}", r.entities[e].key, crate::facts::slug(&scope))
        })
        .collect()
}
