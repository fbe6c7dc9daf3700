//! Rule-based Swedish extraction: turns one document into typed entities and
//! typed relations, each with its evidence sentence and a confidence.
//!
//! Architecture invariant: extraction never touches the store and never mints
//! IRIs; it hands the model layer names, types and canonical keys.
pub mod contacts;
mod employer;
pub mod lexicon;
mod mentions;
pub mod observations;
mod pattern;
mod relations;
pub mod sections;

use crate::resolve;
use crate::text::{sentences, CharIndex, Document, Sentence};
use serde::Serialize;

/// The eleven entity types of the annotation guideline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    Person,
    Municipality,
    Region,
    Union,
    GovernmentAgency,
    University,
    Company,
    Organization,
    Event,
    Initiative,
    Place,
}

impl EntityType {
    pub const ALL: [EntityType; 11] = [
        EntityType::Person,
        EntityType::Municipality,
        EntityType::Region,
        EntityType::Union,
        EntityType::GovernmentAgency,
        EntityType::University,
        EntityType::Company,
        EntityType::Organization,
        EntityType::Event,
        EntityType::Initiative,
        EntityType::Place,
    ];

    /// The type's name as in the guideline and the ontology ("GovernmentAgency").
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Municipality => "Municipality",
            EntityType::Region => "Region",
            EntityType::Union => "Union",
            EntityType::GovernmentAgency => "GovernmentAgency",
            EntityType::University => "University",
            EntityType::Company => "Company",
            EntityType::Organization => "Organization",
            EntityType::Event => "Event",
            EntityType::Initiative => "Initiative",
            EntityType::Place => "Place",
        }
    }

    /// Parses a type name, case-insensitively.
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether the type is an organisation of some kind (may employ people).
    pub fn is_org(self) -> bool {
        matches!(
            self,
            EntityType::Municipality
                | EntityType::Region
                | EntityType::Union
                | EntityType::GovernmentAgency
                | EntityType::University
                | EntityType::Company
                | EntityType::Organization
        )
    }
}

/// The nine relation predicates of the annotation guideline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Predicate {
    WorksAt,
    FormerlyWorkedAt,
    StudiesAt,
    PartOf,
    LocatedIn,
    Runs,
    Hosts,
    ParticipatesIn,
    HeldIn,
}

impl Predicate {
    pub const ALL: [Predicate; 9] = [
        Predicate::WorksAt,
        Predicate::FormerlyWorkedAt,
        Predicate::StudiesAt,
        Predicate::PartOf,
        Predicate::LocatedIn,
        Predicate::Runs,
        Predicate::Hosts,
        Predicate::ParticipatesIn,
        Predicate::HeldIn,
    ];

    /// Whether the predicate ties a person to an organisation (work, study).
    pub fn ties_person(self) -> bool {
        matches!(
            self,
            Predicate::WorksAt | Predicate::FormerlyWorkedAt | Predicate::StudiesAt
        )
    }

    /// The predicate's name as in the guideline and the ontology ("worksAt").
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::WorksAt => "worksAt",
            Predicate::FormerlyWorkedAt => "formerlyWorkedAt",
            Predicate::StudiesAt => "studiesAt",
            Predicate::PartOf => "partOf",
            Predicate::LocatedIn => "locatedIn",
            Predicate::Runs => "runs",
            Predicate::Hosts => "hosts",
            Predicate::ParticipatesIn => "participatesIn",
            Predicate::HeldIn => "heldIn",
        }
    }
}

/// Where a fact was read: the supporting sentence as character offsets into
/// the document, and its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An entity of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// The fullest form the text uses.
    pub name: String,
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Every other form the text uses.
    pub aliases: Vec<String>,
    /// Canonical key ("person/sara-roxell"): the same real thing has the same
    /// key in every document. The model layer turns it into an IRI.
    pub key: String,
    pub confidence: f32,
    pub evidence: Evidence,
}

/// A relation between two entities of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub subject: String,
    pub predicate: Predicate,
    pub object: String,
    /// The title for worksAt, lower case, indefinite form; "" otherwise.
    pub role: String,
    #[serde(skip)]
    pub subject_key: String,
    #[serde(skip)]
    pub object_key: String,
    pub confidence: f32,
    pub evidence: Evidence,
    /// The id of the extraction rule that found it.
    pub rule: &'static str,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct DocFacts {
    pub doc: String,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    /// Survey figures (in RDF output and the store; not in the JSON Lines contract).
    pub observations: Vec<observations::Observation>,
    /// Contact blocks: address, phone, e-mail, web of organisations.
    pub contacts: Vec<contacts::Contact>,
}

impl DocFacts {
    /// Keeps only facts with at least this confidence (relations whose
    /// subject or object is dropped go too).
    pub fn filter_confidence(&mut self, min: f32) {
        self.entities.retain(|e| e.confidence >= min);
        let keys: std::collections::HashSet<String> =
            self.entities.iter().map(|e| e.key.clone()).collect();
        self.relations.retain(|r| {
            r.confidence >= min && keys.contains(&r.subject_key) && keys.contains(&r.object_key)
        });
    }

    /// JSON Lines as in the guideline's output contract, with confidence,
    /// evidence and the canonical key added (keys in alphabetical order).
    pub fn to_jsonl(&self) -> String {
        let mut out = Vec::with_capacity(256 * (self.entities.len() + self.relations.len()));
        for e in &self.entities {
            push_line(
                &mut out,
                &EntityRow {
                    aliases: &e.aliases,
                    confidence: round2(e.confidence),
                    doc: &self.doc,
                    evidence: EvidenceRow::of(&e.evidence),
                    key: &e.key,
                    kind: "entity",
                    name: &e.name,
                    etype: e.etype.as_str(),
                },
            );
        }
        for r in &self.relations {
            push_line(
                &mut out,
                &RelationRow {
                    confidence: round2(r.confidence),
                    doc: &self.doc,
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

/// Extracts the facts of one document, turning a panic inside the
/// extractor into an error so that one odd document cannot stop a corpus.
/// Compiles the extractor's patterns, lexicons and gazetteer automaton (done
/// once per process, on first use). A build calls it on a thread of its own
/// while the store opens, so a one-document re-ingest does not wait for both.
pub fn warm_up() {
    let _ = extract_guarded(&Document::from_text(
        "warm-up",
        "Eva Lind, enhetschef på socialtjänsten i Umeå kommun, talade på Vision-dagen.",
    ));
}

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
    let sents = sentences(text);
    let mentions = mentions::find(text);
    let resolved = resolve::resolve_document(text, &sents, mentions);
    let raw = relations::find(text, &sents, &resolved);
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
        });
    }
    // one relation per (subject, predicate, object): the most confident one,
    // and of equals the one with a title
    let mut best: std::collections::HashMap<(usize, Predicate, usize), relations::RawRelation> =
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

pub(crate) use mentions::Mention;

/// Compiles one of the extractor's own patterns, its Unicode classes
/// narrowed to the Latin script ([`pattern::narrow`]). They are constants of
/// the program, so a bad one is a programming error, caught by every test run.
pub(crate) fn compile(pattern: &str) -> regex::Regex {
    regex::Regex::new(&pattern::narrow(pattern))
        .unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
}
