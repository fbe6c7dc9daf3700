//! The domain facts every layer shares: entity types, the table of relation
//! predicates, entities, relations, survey figures, contacts and keys.
//!
//! Architecture invariant: this module imports nothing else of the crate;
//! output formats (JSON Lines, RDF) live with the outputs, not here.
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

/// The nine relation predicates of the annotation guideline. What each one
/// means for the code (its name, domain, range, whether it ties a person)
/// is in one table, [`PREDICATES`]; a test holds the table equal to
/// `ontology/socgraf.ttl` and `ontology/shapes.ttl`.
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

/// A class of the ontology that a relation's subject or object must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Person,
    /// `sg:Organisation`: every type that may employ people.
    Organisation,
    University,
    Municipality,
    Event,
    Initiative,
    Place,
}

impl Class {
    /// The class's local name in the ontology ("Organisation").
    pub fn name(self) -> &'static str {
        match self {
            Class::Person => "Person",
            Class::Organisation => "Organisation",
            Class::University => "University",
            Class::Municipality => "Municipality",
            Class::Event => "Event",
            Class::Initiative => "Initiative",
            Class::Place => "Place",
        }
    }

    /// Whether an entity of this type belongs to the class.
    pub fn admits(self, t: EntityType) -> bool {
        match self {
            Class::Person => t == EntityType::Person,
            Class::Organisation => t.is_org(),
            Class::University => t == EntityType::University,
            Class::Municipality => t == EntityType::Municipality,
            Class::Event => t == EntityType::Event,
            Class::Initiative => t == EntityType::Initiative,
            Class::Place => t == EntityType::Place,
        }
    }
}

/// One row of the predicate table.
#[derive(Debug)]
pub struct PredicateSpec {
    pub predicate: Predicate,
    /// The name in the guideline, JSON Lines and the ontology ("worksAt").
    pub name: &'static str,
    /// `rdfs:domain` in the ontology.
    pub domain: Class,
    /// The classes an object may have (`rdfs:range` when one,
    /// `sh:or` in the shapes when more); empty: any entity.
    pub range: &'static [Class],
    /// Ties a person to an organisation (work, study): cross-document
    /// linking of people reads these.
    pub ties_person: bool,
}

impl PredicateSpec {
    /// Whether a relation between entities of these types is well typed.
    pub fn admits(&self, subject: EntityType, object: EntityType) -> bool {
        self.domain.admits(subject)
            && (self.range.is_empty() || self.range.iter().any(|c| c.admits(object)))
    }
}

/// The predicate table: the one place a relation type is declared.
pub const PREDICATES: [PredicateSpec; 9] = {
    use Class::*;
    const fn row(
        predicate: Predicate,
        name: &'static str,
        domain: Class,
        range: &'static [Class],
        ties_person: bool,
    ) -> PredicateSpec {
        PredicateSpec {
            predicate,
            name,
            domain,
            range,
            ties_person,
        }
    }
    [
        row(Predicate::WorksAt, "worksAt", Person, &[Organisation], true),
        row(
            Predicate::FormerlyWorkedAt,
            "formerlyWorkedAt",
            Person,
            &[Organisation],
            true,
        ),
        row(
            Predicate::StudiesAt,
            "studiesAt",
            Person,
            &[University],
            true,
        ),
        row(
            Predicate::PartOf,
            "partOf",
            Organisation,
            &[Organisation],
            false,
        ),
        row(Predicate::LocatedIn, "locatedIn", Organisation, &[], false),
        row(Predicate::Runs, "runs", Organisation, &[Initiative], false),
        row(Predicate::Hosts, "hosts", Organisation, &[Event], false),
        row(
            Predicate::ParticipatesIn,
            "participatesIn",
            Person,
            &[Event],
            false,
        ),
        row(
            Predicate::HeldIn,
            "heldIn",
            Event,
            &[Place, Municipality],
            false,
        ),
    ]
};

impl Predicate {
    /// Every predicate, in the table's order.
    pub const ALL: [Predicate; 9] = {
        let mut all = [Predicate::WorksAt; 9];
        let mut i = 0;
        while i < 9 {
            all[i] = PREDICATES[i].predicate;
            i += 1;
        }
        all
    };

    /// The predicate's row of [`PREDICATES`].
    pub fn spec(self) -> &'static PredicateSpec {
        // the table lists the predicates in the enum's order (a test)
        &PREDICATES[self as usize]
    }

    /// Whether the predicate ties a person to an organisation (work, study).
    pub fn ties_person(self) -> bool {
        self.spec().ties_person
    }

    /// The predicate's name as in the guideline and the ontology ("worksAt").
    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// Parses a predicate name as written in the guideline ("worksAt").
    pub fn parse(s: &str) -> Option<Predicate> {
        PREDICATES
            .iter()
            .find(|r| r.name == s.trim())
            .map(|r| r.predicate)
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
    /// The id of the rule whose mention named it ("person.title-before").
    pub rule: &'static str,
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

/// A document's date and where it came from (`sg:dateSource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocDate {
    /// `YYYY-MM-DD`
    pub date: String,
    /// "html:meta", "html:json-ld", "html:time", "docx:core", "odt:meta",
    /// "text:dateline" …
    pub source: &'static str,
}

/// How a document's bytes were read: the encoding, and the bytes that were
/// not valid in it and were replaced by U+FFFD (with the first one's offset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoding {
    /// The encoding's name ("UTF-8", "windows-1252", "UTF-16LE" ...).
    pub encoding: &'static str,
    /// Invalid sequences replaced.
    pub replaced: usize,
    /// Byte offset of the first one.
    pub first_bad: Option<usize>,
}

impl Decoding {
    /// Read in `encoding` with nothing replaced.
    pub fn clean(encoding: &'static str) -> Self {
        Decoding {
            encoding,
            replaced: 0,
            first_bad: None,
        }
    }

    /// How it is recorded on the document node (`sg:encoding`).
    ///
    /// ```
    /// let p = std::path::Path::new("a.txt");
    /// let (_, d) = socgraf::text::decode_as("Växjö bra".as_bytes(), p).unwrap();
    /// assert_eq!(d.label(), "UTF-8");
    /// ```
    pub fn label(&self) -> String {
        match self.first_bad {
            Some(at) => format!(
                "{} ({} invalid byte sequence(s) replaced, the first at byte {at})",
                self.encoding, self.replaced
            ),
            None => self.encoding.to_string(),
        }
    }

    /// The warning a reader gets about replaced bytes, if any.
    pub fn warning(&self, path: &std::path::Path) -> Option<String> {
        let at = self.first_bad?;
        Some(format!(
            "{}: not valid {} at byte {at}: {} invalid byte sequence(s) read as U+FFFD, the rest as {}",
            path.display(),
            self.encoding,
            self.replaced,
            self.encoding
        ))
    }
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Default)]
pub struct DocFacts {
    pub doc: String,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    /// Survey figures (in RDF output and the store; not in the JSON Lines contract).
    pub observations: Vec<Observation>,
    /// Contact blocks: address, phone, e-mail, web of organisations.
    pub contacts: Vec<Contact>,
    /// How the document's bytes were read (set by the ingest pipeline).
    pub decoding: Decoding,
    /// Which reader turned the file into text ("text", "html", "docx" …;
    /// empty: not recorded), set by the ingest pipeline.
    pub reader: &'static str,
    /// The document's date and where it was found, when one was.
    pub date: Option<DocDate>,
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
}

/// One survey figure.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Observation {
    pub value: f64,
    /// "procent".
    pub unit: String,
    /// Who answered ("socionomerna"), when the sentence or an earlier one says.
    pub population: Option<String>,
    /// The whole statement.
    pub statement: String,
    /// Canonical key of the organisation behind the survey.
    pub source_key: Option<String>,
    pub source: Option<String>,
    /// The survey's date or year as written ("12–17 december 2018").
    pub date: Option<String>,
    pub evidence: Evidence,
}

/// The contact data of one organisation, from one block.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Contact {
    /// Canonical key and name of the organisation the block belongs to.
    pub org_key: String,
    pub org: String,
    pub street: Option<String>,
    /// Five digits, no space ("72187").
    pub postal_code: Option<String>,
    pub locality: Option<String>,
    /// The municipality of the postal code (gazetteer short name).
    pub municipality: Option<String>,
    pub telephone: Vec<String>,
    pub email: Vec<String>,
    pub url: Vec<String>,
    pub evidence: Evidence,
}

// ---------------------------------------------------------------- keys

/// A URL- and IRI-safe slug: lower case, å→aa, ä→ae, ö→oe, other letters
/// folded to ASCII where simple, anything else a hyphen.
///
/// ```
/// assert_eq!(socgraf::facts::slug("Västerås stad"), "vaesteraas-stad");
/// assert_eq!(socgraf::facts::slug("Håbo"), "haabo");
/// ```
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.lower().chars() {
        match c {
            'å' => out.push_str("aa"),
            'ä' | 'æ' => out.push_str("ae"),
            'ö' | 'ø' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'á' | 'à' | 'â' => out.push('a'),
            'í' | 'ì' | 'ï' => out.push('i'),
            'ó' | 'ò' | 'ô' => out.push('o'),
            'ú' | 'ù' => out.push('u'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            '+' => out.push_str("plus"),
            '&' => out.push_str("och"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
        }
    }
    out.trim_matches('-').to_string()
}

/// The canonical key of an entity: type and slug of its normalised name.
///
/// ```
/// use socgraf::facts::EntityType;
/// assert_eq!(socgraf::facts::entity_key(EntityType::Person, "Ann- Sofia  Eriksson"), "person/ann-sofia-eriksson");
/// ```
pub fn entity_key(etype: EntityType, name: &str) -> String {
    format!("{}/{}", type_slug(etype), slug(&normalise_name(name)))
}

/// The path segment of a type in keys and IRIs ("governmentagency").
pub fn type_slug(etype: EntityType) -> String {
    etype.as_str().to_lowercase()
}

/// Lower case, the same as [`str::to_lowercase`] but fast on the Latin-1
/// text the extractor reads (lower-casing was a tenth of its time): the
/// Latin-1 capitals are mapped directly, anything else goes to the standard
/// library.
pub trait Lower {
    fn lower(&self) -> String;
}

impl Lower for str {
    fn lower(&self) -> String {
        // one look at the bytes: a lead byte from C4 up is a character past
        // Latin-1 (the standard library decides), C3 80..9E but not C3 97
        // (the multiplication sign) a Latin-1 capital
        let bytes = self.as_bytes();
        let mut latin1_capital = false;
        for (i, &b) in bytes.iter().enumerate() {
            if b >= 0xC4 {
                return self.to_lowercase();
            }
            if b == 0xC3 {
                let next = bytes.get(i + 1).copied().unwrap_or(0);
                latin1_capital |= (0x80..=0x9E).contains(&next) && next != 0x97;
            }
        }
        if !latin1_capital {
            return self.to_ascii_lowercase();
        }
        // the Latin-1 capitals are 0x20 below their small letters
        self.chars()
            .map(|c| match c {
                'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => {
                    char::from_u32(c as u32 + 0x20).unwrap_or(c)
                }
                c => c,
            })
            .collect()
    }
}

/// Folds white space and dashes: "Ann- Sofia" → "ann-sofia".
pub fn normalise_name(name: &str) -> String {
    // one pass: dashes unified, whitespace runs made one space, spaces next
    // to a dash dropped ("Vård - och" = "Vård-och"), ends trimmed
    let mut s = String::with_capacity(name.len());
    let mut space = false;
    let mut wide = false;
    for c in name.chars() {
        let c = if matches!(
            c,
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
        ) {
            '-'
        } else {
            c
        };
        if c.is_whitespace() {
            space = !s.is_empty();
            continue;
        }
        if space && c != '-' && !s.ends_with('-') {
            s.push(' ');
        }
        space = false;
        // lower case in the same pass ([`Lower`]); a character past
        // Latin-1 leaves the whole name to the standard library
        wide |= c as u32 >= 0x100;
        s.push(match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            c => c,
        });
    }
    if wide {
        s.to_lowercase()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::Lower;

    #[test]
    fn names_are_normalised_in_lower_case() {
        assert_eq!(
            super::normalise_name("  ÅSA-BRITT  Ödman "),
            "åsa-britt ödman"
        );
        assert_eq!(
            super::normalise_name("Vård - och Omsorg"),
            "vård-och omsorg"
        );
        assert_eq!(
            super::normalise_name("Socialtjänsten\u{2013}IFO"),
            "socialtjänsten-ifo"
        );
        // past Latin-1 the standard library's lower case, final sigma too
        assert_eq!(
            super::normalise_name("ΟΔΟΣ Łódź"),
            "ΟΔΟΣ Łódź".to_lowercase()
        );
    }

    #[test]
    fn lower_is_the_standard_lower_case() {
        // every character up to the end of Latin Extended Additional, a few
        // of other scripts (Greek's final sigma depends on its neighbours)
        let mut all: String = (0u32..0x1F00).filter_map(char::from_u32).collect();
        all.push_str("ΟΔΟΣ İstanbul ǅ");
        for w in all
            .split_whitespace()
            .chain(["ÅSA-BRITT ÖDMAN", "Ärende × 3", "ÞÐ", "", "Umeå"])
        {
            assert_eq!(w.lower(), w.to_lowercase(), "{w:?}");
        }
        for c in (0u32..0x2000).filter_map(char::from_u32) {
            let s = format!("A{c}b");
            assert_eq!(s.lower(), s.to_lowercase(), "U+{:04X}", c as u32);
        }
    }
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_the_enum() {
        for (i, row) in PREDICATES.iter().enumerate() {
            assert_eq!(row.predicate as usize, i, "{}", row.name);
            assert_eq!(Predicate::ALL[i], row.predicate);
            assert_eq!(Predicate::parse(row.name), Some(row.predicate));
        }
    }

    #[test]
    fn well_typed_relations_follow_the_table() {
        use EntityType::*;
        assert!(Predicate::WorksAt.spec().admits(Person, Municipality));
        assert!(!Predicate::WorksAt.spec().admits(Person, Place));
        assert!(!Predicate::WorksAt.spec().admits(Event, Union));
        assert!(Predicate::HeldIn.spec().admits(Event, Municipality));
        assert!(!Predicate::HeldIn.spec().admits(Event, Person));
        assert!(Predicate::LocatedIn.spec().admits(Union, Place));
        assert!(Predicate::StudiesAt.spec().admits(Person, University));
        assert!(!Predicate::StudiesAt.spec().admits(Person, Company));
    }
}
