//! Extraction of large files section by section: each section of
//! [`crate::text::Sections`] is extracted on its own and the facts merged.
//!
//! Memory then grows with the document's distinct facts (one entity per
//! key, one relation per subject–predicate–object), not with its text.
//! What a section cannot see is another section's context: a first name
//! that refers back to a full name one section earlier is not resolved.
use super::{extract_guarded, DocFacts, Entity, Predicate};
use crate::error::InputError;
use crate::text::{Document, Sections};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Sections extracted in parallel at a time.
const BATCH: usize = 8;

/// Facts of consecutive sections merged into the facts of one document.
pub struct Merger {
    facts: DocFacts,
    /// characters of the sections merged so far: the next one's offset
    chars: usize,
    entities: HashMap<String, usize>,
    relations: HashMap<(String, Predicate, String), usize>,
    title: Option<String>,
}

impl Merger {
    pub fn new(doc: &str) -> Self {
        Merger {
            facts: DocFacts {
                doc: doc.to_string(),
                ..Default::default()
            },
            chars: 0,
            entities: HashMap::new(),
            relations: HashMap::new(),
            title: None,
        }
    }

    /// Adds the facts of the next section, whose text is `text`.
    pub fn add(&mut self, text: &str, section: DocFacts) {
        let shift = self.chars;
        self.chars += text.chars().count();
        if self.title.is_none() {
            let t = crate::text::title_of(text);
            if !t.is_empty() {
                self.title = Some(t);
            }
        }
        for mut e in section.entities {
            e.evidence.start += shift;
            e.evidence.end += shift;
            match self.entities.get(&e.key) {
                None => {
                    self.entities
                        .insert(e.key.clone(), self.facts.entities.len());
                    self.facts.entities.push(e);
                }
                Some(&i) => merge_entity(&mut self.facts.entities[i], e),
            }
        }
        for mut r in section.relations {
            r.evidence.start += shift;
            r.evidence.end += shift;
            let k = (r.subject_key.clone(), r.predicate, r.object_key.clone());
            match self.relations.get(&k) {
                None => {
                    self.relations.insert(k, self.facts.relations.len());
                    self.facts.relations.push(r);
                }
                Some(&i) => {
                    let b = &mut self.facts.relations[i];
                    // the same rule as within one document: the most
                    // confident, and of equals the one with a title
                    if (r.confidence, !r.role.is_empty()) > (b.confidence, !b.role.is_empty()) {
                        *b = r;
                    }
                }
            }
        }
        for mut o in section.observations {
            o.evidence.start += shift;
            o.evidence.end += shift;
            self.facts.observations.push(o);
        }
        for mut c in section.contacts {
            c.evidence.start += shift;
            c.evidence.end += shift;
            self.facts.contacts.push(c);
        }
    }

    /// The merged facts (relations name their entities as the merged
    /// entities do) and the document's title (its first non-empty line).
    pub fn finish(mut self) -> (DocFacts, String) {
        let names: HashMap<&str, &str> = self
            .facts
            .entities
            .iter()
            .map(|e| (e.key.as_str(), e.name.as_str()))
            .collect();
        let rename = |key: &str, name: &mut String| {
            if let Some(n) = names.get(key) {
                if *n != name.as_str() {
                    *name = n.to_string();
                }
            }
        };
        let mut relations = std::mem::take(&mut self.facts.relations);
        for r in &mut relations {
            rename(&r.subject_key, &mut r.subject);
            rename(&r.object_key, &mut r.object);
        }
        drop(names);
        self.facts.relations = relations;
        (self.facts, self.title.unwrap_or_default())
    }
}

/// One entity seen again in a later section: the first name stays, every
/// other form becomes an alias, the higher confidence counts.
fn merge_entity(into: &mut Entity, e: Entity) {
    for form in std::iter::once(e.name).chain(e.aliases) {
        if form != into.name && !into.aliases.contains(&form) {
            into.aliases.push(form);
        }
    }
    if e.confidence > into.confidence {
        into.confidence = e.confidence;
    }
}

/// Reads a large plain-text file in sections and extracts it: sections are
/// extracted [`BATCH`] at a time in parallel and merged in order.
/// Returns the document's facts and title.
pub fn extract_file(path: &Path, id: &str) -> Result<(DocFacts, String), InputError> {
    let mut sections = Sections::open(path)?;
    let mut merger = Merger::new(id);
    loop {
        let batch: Vec<String> = sections
            .by_ref()
            .take(BATCH)
            .collect::<Result<_, InputError>>()?;
        if batch.is_empty() {
            break;
        }
        let facts: Vec<Result<DocFacts, String>> = batch
            .par_iter()
            .map(|text| {
                extract_guarded(&Document {
                    id: id.to_string(),
                    path: Some(path.to_path_buf()),
                    text: text.clone(),
                })
            })
            .collect();
        for (text, f) in batch.iter().zip(facts) {
            let f = f.map_err(|message| InputError::Extractor {
                path: path.to_path_buf(),
                message,
            })?;
            merger.add(text, f);
        }
    }
    let (mut facts, title) = merger.finish();
    facts.decoding = sections.decoding();
    facts.reader = "text";
    Ok((facts, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(i: usize) -> String {
        const FIRST: [&str; 7] = ["Ada", "Bo", "Cecilia", "Dan", "Elsa", "Filip", "Greta"];
        const LAST: [&str; 5] = ["Berg", "Lund", "Holm", "Sjöström", "Åkesson"];
        const TOWN: [&str; 3] = ["Sala", "Kalmar", "Luleå"];
        let name = format!("{} {}", FIRST[i % 7], LAST[(i / 7) % 5]);
        let town = TOWN[i % 3];
        format!(
            "Rubrik nummer {i}\n\n{name}, socialchef i {town} kommun, säger att arbetet går bra.\n\n\
             Vision arrangerar en konferens i Umeå. {name} talar där.\n\n"
        )
    }

    #[test]
    fn sections_extract_what_the_whole_text_gives_with_offsets_into_the_whole() {
        let text: String = (0..6000).map(article).collect();
        assert!(text.len() > 3 * crate::text::SECTION_BYTES);
        let whole = super::super::extract(&Document::from_text("d", &text));
        let mut merger = Merger::new("d");
        let mut joined = String::new();
        for s in Sections::new(text.as_bytes(), Path::new("t.txt")) {
            let s = s.unwrap();
            let f = super::super::extract(&Document::from_text("d", &s));
            merger.add(&s, f);
            joined.push_str(&s);
        }
        assert_eq!(joined, text, "sections are the text, cut where it breaks");
        let (facts, title) = merger.finish();
        assert_eq!(title, "Rubrik nummer 0");
        let chars: Vec<char> = text.chars().collect();
        for r in &facts.relations {
            let ev: String = chars[r.evidence.start..r.evidence.end].iter().collect();
            assert_eq!(ev, r.evidence.text);
        }
        let key = |f: &DocFacts| {
            let mut v: Vec<(String, Predicate, String)> = f
                .relations
                .iter()
                .map(|r| (r.subject_key.clone(), r.predicate, r.object_key.clone()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(key(&facts), key(&whole));
        let mut ents: Vec<&str> = facts.entities.iter().map(|e| e.key.as_str()).collect();
        let mut whole_ents: Vec<&str> = whole.entities.iter().map(|e| e.key.as_str()).collect();
        ents.sort();
        whole_ents.sort();
        assert_eq!(ents, whole_ents);
    }
}
