//! The RDF model: the ontology's terms, IRIs minted from canonical keys, and
//! the mapping of a document's facts to quads in the document's named graph.
//!
//! Architecture invariant: this is the only module that mints IRIs, and every
//! quad it makes for a document lies in that document's named graph.
use crate::facts::slug;
use crate::facts::{DocFacts, EntityType, Predicate};
use crate::hash::sha256_hex;
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

/// Namespace of the socgraf ontology.
pub const SG: &str = "https://w3id.org/socgraf/ontology#";
/// Namespace of entity IRIs.
pub const ID: &str = "https://w3id.org/socgraf/id/";
/// Namespace of document graphs.
pub const DOC: &str = "https://w3id.org/socgraf/doc/";
/// The named graph that holds the ontology and the gazetteer.
pub const REFERENCE_GRAPH: &str = "https://w3id.org/socgraf/graph/reference";
/// The named graph that lists document graphs whose removal is under way.
pub const PENDING_GRAPH: &str = "https://w3id.org/socgraf/graph/pending";

pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const SCHEMA: &str = "https://schema.org/";

/// The IRI of a municipality from its short name ("Västerås").
pub fn municipality_iri(short: &str) -> String {
    format!("{ID}municipality/{}", slug(short))
}

/// The IRI of a county from its SCB code ("19").
pub fn county_iri(code: &str) -> String {
    format!("{ID}county/{code}")
}

/// The IRI of an entity from its canonical key ("person/sara-roxell").
///
/// ```
/// assert_eq!(socgraf::model::entity_iri("person/sara-roxell"),
///            "https://w3id.org/socgraf/id/person/sara-roxell");
/// ```
pub fn entity_iri(key: &str) -> String {
    format!("{ID}{key}")
}

/// The named graph of the links to Wikidata (`socgraf link`).
pub const LINKS_GRAPH: &str = "https://w3id.org/socgraf/graph/links";

/// The IRI of a Wikidata item ("Q10565").
pub fn wikidata_iri(qid: &str) -> String {
    format!("http://www.wikidata.org/entity/{qid}")
}

/// The IRI of the statement that records one link, in [`LINKS_GRAPH`]: the
/// same entity and item give the same IRI.
pub fn link_iri(entity: &str, item: &str) -> String {
    let h = sha256_hex(format!("{entity}|{item}").as_bytes());
    format!("{LINKS_GRAPH}#link-{}", &h[..16])
}

/// A term of the PROV ontology by local name.
pub fn prov(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{PROV}{local}"))
}

/// The IRI of a document and of its named graph.
pub fn doc_iri(doc_id: &str) -> String {
    format!("{DOC}{}", iri_path(doc_id))
}

/// A document id as an IRI path, faithfully: letters and digits of any
/// script, "-", ".", "_", "~" and "/" as they are, everything else
/// percent-encoded ("a b" → "a%20b"; "Rapport" and "rapport" stay two).
pub fn iri_path(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// The IRI of a class of the ontology for an entity type.
pub fn class_iri(t: EntityType) -> String {
    format!("{SG}{}", t.as_str())
}

/// The IRI of a predicate of the ontology.
pub fn predicate_iri(p: Predicate) -> String {
    format!("{SG}{}", p.as_str())
}

/// A term of the socgraf ontology by local name.
pub fn sg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SG}{local}"))
}

fn nn(iri: impl Into<String>) -> NamedNode {
    NamedNode::new_unchecked(iri.into())
}

fn sv(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "sv")
}

/// Metadata of an ingested document.
#[derive(Debug, Clone)]
pub struct DocMeta {
    pub id: String,
    pub source: String,
    pub sha256: String,
    pub title: String,
    /// xsd:dateTime of ingest.
    pub ingested: String,
    /// How the bytes were read (`sg:encoding`; empty: not recorded).
    pub encoding: String,
}

impl DocMeta {
    /// The metadata of a document the ingest pipeline read.
    pub fn of(source: &crate::ingest::Source, title: &str, ingested: &str) -> DocMeta {
        DocMeta {
            id: source.id.clone(),
            source: source.path.to_string_lossy().into_owned(),
            sha256: source.sha256.clone(),
            title: title.to_string(),
            ingested: ingested.to_string(),
            encoding: String::new(),
        }
    }

    /// The version stamp a store compares to decide whether to re-extract.
    pub fn stamp(sha256: &str) -> String {
        format!("{sha256}|{}", crate::extract::lexicon::fingerprint())
    }
}

/// All quads of one document, in its named graph.
///
/// ```
/// use socgraf::{extract::extract, model, text::Document};
/// let d = Document::from_text("d1", "Nora Lindqvist, enhetschef på Vision, säger hej.");
/// let meta = model::DocMeta { id: "d1".into(), source: "d1.txt".into(), sha256: "0".into(),
///     title: "t".into(), ingested: "2026-01-01T00:00:00Z".into(), encoding: "UTF-8".into() };
/// let quads = model::document_quads(&extract(&d), &meta);
/// assert!(quads.iter().all(|q| q.graph_name.to_string().contains("/doc/d1")));
/// ```
pub fn document_quads(facts: &DocFacts, meta: &DocMeta) -> Vec<Quad> {
    let mut out = Vec::new();
    for_each_document_quad(facts, meta, |q| out.push(q));
    out
}

/// The quads of [`document_quads`] handed to `sink` one by one, so a
/// document with millions of facts need not hold them all as quads.
pub fn for_each_document_quad(facts: &DocFacts, meta: &DocMeta, mut sink: impl FnMut(Quad)) {
    let doc = nn(doc_iri(&meta.id));
    let g = GraphName::NamedNode(doc.clone());
    let mut q = |s: NamedOrBlankNode, p: NamedNode, o: Term| sink(Quad::new(s, p, o, g.clone()));
    let ds: NamedOrBlankNode = doc.clone().into();
    q(ds.clone(), rdf::TYPE.into_owned(), sg("Document").into());
    q(
        ds.clone(),
        rdf::TYPE.into_owned(),
        nn(format!("{PROV}Entity")).into(),
    );
    q(
        ds.clone(),
        nn(format!("{DCTERMS}identifier")),
        Literal::new_simple_literal(&meta.id).into(),
    );
    q(
        ds.clone(),
        nn(format!("{DCTERMS}source")),
        Literal::new_simple_literal(&meta.source).into(),
    );
    q(
        ds.clone(),
        nn(format!("{DCTERMS}title")),
        sv(&meta.title).into(),
    );
    q(
        ds.clone(),
        sg("sha256"),
        Literal::new_simple_literal(&meta.sha256).into(),
    );
    if !meta.encoding.is_empty() {
        q(
            ds.clone(),
            sg("encoding"),
            Literal::new_simple_literal(&meta.encoding).into(),
        );
    }
    if !facts.reader.is_empty() {
        q(
            ds.clone(),
            sg("reader"),
            Literal::new_simple_literal(facts.reader).into(),
        );
    }
    if let Some(d) = &facts.date {
        q(
            ds.clone(),
            nn(format!("{DCTERMS}date")),
            Literal::new_typed_literal(&d.date, xsd::DATE).into(),
        );
        q(
            ds.clone(),
            sg("dateSource"),
            Literal::new_simple_literal(d.source).into(),
        );
    }
    q(
        ds.clone(),
        sg("extractorVersion"),
        Literal::new_simple_literal(crate::extract::lexicon::fingerprint()).into(),
    );
    q(
        ds.clone(),
        nn(format!("{PROV}generatedAtTime")),
        Literal::new_typed_literal(&meta.ingested, xsd::DATE_TIME).into(),
    );
    for e in &facts.entities {
        let s: NamedOrBlankNode = nn(entity_iri(&e.key)).into();
        q(
            s.clone(),
            rdf::TYPE.into_owned(),
            nn(class_iri(e.etype)).into(),
        );
        q(s.clone(), rdfs::LABEL.into_owned(), sv(&e.name).into());
        for a in &e.aliases {
            q(s.clone(), nn(format!("{SKOS}altLabel")), sv(a).into());
        }
        q(s.clone(), sg("mentionedIn"), doc.clone().into());
        q(
            s.clone(),
            sg("confidence"),
            Literal::new_typed_literal(format!("{:.2}", e.confidence), xsd::DECIMAL).into(),
        );
    }
    for (i, o) in facts.observations.iter().enumerate() {
        let h = sha256_hex(format!("{i}|{}|{}", o.value, o.statement).as_bytes());
        let ob: NamedOrBlankNode = nn(format!("{}#obs-{}", doc.as_str(), &h[..16])).into();
        q(ob.clone(), rdf::TYPE.into_owned(), sg("Observation").into());
        q(
            ob.clone(),
            sg("value"),
            Literal::new_typed_literal(o.value.to_string(), xsd::DECIMAL).into(),
        );
        q(ob.clone(), sg("unit"), sv(&o.unit).into());
        if let Some(p) = &o.population {
            q(ob.clone(), sg("population"), sv(p).into());
        }
        q(ob.clone(), sg("statement"), sv(&o.statement).into());
        if let Some(k) = &o.source_key {
            q(
                ob.clone(),
                nn(format!("{PROV}wasAttributedTo")),
                nn(entity_iri(k)).into(),
            );
        }
        if let Some(d) = &o.date {
            q(
                ob.clone(),
                nn(format!("{DCTERMS}date")),
                Literal::new_simple_literal(d).into(),
            );
        }
        q(
            ob.clone(),
            sg("evidenceStart"),
            Literal::new_typed_literal(o.evidence.start.to_string(), xsd::INTEGER).into(),
        );
        q(
            ob.clone(),
            nn(format!("{PROV}wasDerivedFrom")),
            doc.clone().into(),
        );
    }
    for c in &facts.contacts {
        let org: NamedOrBlankNode = nn(entity_iri(&c.org_key)).into();
        for t in &c.telephone {
            q(
                org.clone(),
                nn(format!("{SCHEMA}telephone")),
                Literal::new_simple_literal(t).into(),
            );
        }
        for e in &c.email {
            q(
                org.clone(),
                nn(format!("{SCHEMA}email")),
                Literal::new_simple_literal(e).into(),
            );
        }
        for u in &c.url {
            let full = if u.starts_with("http") {
                u.clone()
            } else {
                format!("https://{u}")
            };
            q(
                org.clone(),
                nn(format!("{SCHEMA}url")),
                Literal::new_typed_literal(full, xsd::ANY_URI).into(),
            );
        }
        if c.postal_code.is_some() || c.street.is_some() {
            let h = sha256_hex(
                format!(
                    "{}|{:?}|{:?}|{:?}",
                    c.org_key, c.street, c.postal_code, c.locality
                )
                .as_bytes(),
            );
            let a: NamedOrBlankNode = nn(format!("{}#address-{}", doc.as_str(), &h[..16])).into();
            q(
                org.clone(),
                nn(format!("{SCHEMA}address")),
                a.clone().into(),
            );
            q(
                a.clone(),
                rdf::TYPE.into_owned(),
                nn(format!("{SCHEMA}PostalAddress")).into(),
            );
            if let Some(s) = &c.street {
                q(
                    a.clone(),
                    nn(format!("{SCHEMA}streetAddress")),
                    Literal::new_simple_literal(s).into(),
                );
            }
            if let Some(p) = &c.postal_code {
                q(
                    a.clone(),
                    nn(format!("{SCHEMA}postalCode")),
                    Literal::new_simple_literal(p).into(),
                );
            }
            if let Some(l) = &c.locality {
                q(
                    a.clone(),
                    nn(format!("{SCHEMA}addressLocality")),
                    Literal::new_simple_literal(l).into(),
                );
            }
            if let Some(m) = &c.municipality {
                // the postal code's municipality (gazetteer IRI with SCB code and county)
                let mi = nn(municipality_iri(m));
                q(
                    a.clone(),
                    nn(format!("{SCHEMA}containedInPlace")),
                    mi.clone().into(),
                );
                if entity_iri(&c.org_key) != mi.as_str() {
                    q(org.clone(), sg("locatedIn"), mi.clone().into());
                }
                q(
                    mi.clone().into(),
                    rdf::TYPE.into_owned(),
                    sg("Municipality").into(),
                );
                let official = crate::gazetteer::Gazetteer::get()
                    .municipality(m)
                    .map_or(m.clone(), |g| g.name.clone());
                q(
                    mi.clone().into(),
                    rdfs::LABEL.into_owned(),
                    sv(&official).into(),
                );
                q(mi.into(), sg("mentionedIn"), doc.clone().into());
            }
            q(a, nn(format!("{PROV}wasDerivedFrom")), doc.clone().into());
        }
    }
    for r in &facts.relations {
        let s = nn(entity_iri(&r.subject_key));
        let o = nn(entity_iri(&r.object_key));
        let p = nn(predicate_iri(r.predicate));
        q(s.clone().into(), p.clone(), o.clone().into());
        // the statement with its evidence and confidence
        let h = sha256_hex(
            format!(
                "{}|{}|{}|{}",
                r.subject_key,
                r.predicate.as_str(),
                r.object_key,
                r.role
            )
            .as_bytes(),
        );
        let st: NamedOrBlankNode = nn(format!("{}#fact-{}", doc.as_str(), &h[..16])).into();
        q(st.clone(), rdf::TYPE.into_owned(), sg("Statement").into());
        q(st.clone(), rdf::SUBJECT.into_owned(), s.clone().into());
        q(st.clone(), rdf::PREDICATE.into_owned(), p.into());
        q(st.clone(), rdf::OBJECT.into_owned(), o.clone().into());
        q(
            st.clone(),
            sg("confidence"),
            Literal::new_typed_literal(format!("{:.2}", r.confidence), xsd::DECIMAL).into(),
        );
        q(st.clone(), sg("evidenceText"), sv(&r.evidence.text).into());
        if !r.rule.is_empty() {
            q(
                st.clone(),
                sg("rule"),
                Literal::new_simple_literal(r.rule).into(),
            );
        }
        q(
            st.clone(),
            sg("evidenceStart"),
            Literal::new_typed_literal(r.evidence.start.to_string(), xsd::INTEGER).into(),
        );
        q(
            st.clone(),
            sg("evidenceEnd"),
            Literal::new_typed_literal(r.evidence.end.to_string(), xsd::INTEGER).into(),
        );
        q(
            st.clone(),
            nn(format!("{PROV}wasDerivedFrom")),
            doc.clone().into(),
        );
        if r.predicate == Predicate::WorksAt {
            // n-ary membership (W3C ORG) beside the direct worksAt triple
            let m: NamedOrBlankNode = nn(format!(
                "{ID}membership/{}",
                &sha256_hex(format!("{}|{}|{}", r.subject_key, r.object_key, r.role).as_bytes())
                    [..16]
            ))
            .into();
            q(
                m.clone(),
                rdf::TYPE.into_owned(),
                nn(format!("{ORG}Membership")).into(),
            );
            q(m.clone(), nn(format!("{ORG}member")), s.into());
            q(m.clone(), nn(format!("{ORG}organization")), o.into());
            if !r.role.is_empty() {
                let role = nn(format!("{ID}role/{}", slug(&r.role)));
                q(m.clone(), nn(format!("{ORG}role")), role.clone().into());
                q(
                    role.clone().into(),
                    rdf::TYPE.into_owned(),
                    nn(format!("{ORG}Role")).into(),
                );
                q(role.into(), rdfs::LABEL.into_owned(), sv(&r.role).into());
                q(m.clone(), sg("roleLabel"), sv(&r.role).into());
            }
            q(
                m.clone(),
                nn(format!("{PROV}wasDerivedFrom")),
                doc.clone().into(),
            );
            q(st, sg("membership"), m.into());
        }
    }
}

/// Every IRI of the socgraf namespace that `document_quads` can emit as a
/// class or property (checked against the ontology by a test).
pub fn emitted_terms() -> Vec<String> {
    let mut v: Vec<String> = EntityType::ALL.iter().map(|t| class_iri(*t)).collect();
    v.extend(Predicate::ALL.iter().map(|p| predicate_iri(*p)));
    for local in [
        "Document",
        "Statement",
        "sha256",
        "mentionedIn",
        "confidence",
        "rule",
        "evidenceText",
        "evidenceStart",
        "evidenceEnd",
        "membership",
        "roleLabel",
        "extractorVersion",
        "Observation",
        "value",
        "unit",
        "population",
        "statement",
    ] {
        v.push(format!("{SG}{local}"));
    }
    v
}
