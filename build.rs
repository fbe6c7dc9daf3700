//! Stamps the binary with a hash of the extractor's sources and data, so a
//! store re-extracts documents read by an older extractor; turns the
//! gazetteer's Turtle into the table `src/gazetteer.rs` reads at start-up.
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                visit(&p, files);
            } else {
                files.push(p);
            }
        }
    }
}

fn main() {
    let mut files = Vec::new();
    visit(Path::new("src/extract"), &mut files);
    files.push("src/facts.rs".into());
    files.push("src/text.rs".into());
    files.push("src/model.rs".into());
    files.push("ontology/gazetteer.ttl".into());
    files.sort();
    let mut h = DefaultHasher::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        if let Ok(bytes) = std::fs::read(f) {
            bytes.hash(&mut h);
        }
    }
    println!("cargo:rustc-env=SOCGRAF_EXTRACTOR_HASH={:016x}", h.finish());
    gazetteer_table(Path::new("ontology/gazetteer.ttl"));
    saved_queries(Path::new("queries"));
}

/// Writes `$OUT_DIR/saved_queries.rs`: the saved queries of `queries/` as
/// (file stem, text) pairs, for the web page of `socgraf serve`.
fn saved_queries(dir: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "rq"));
    files.sort();
    let mut s = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let stem = f
            .file_stem()
            .map(|x| x.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = f.display().to_string();
        // relative to the package, not an absolute path: a checkout built
        // from another folder into the same target directory (a shared
        // cache) reads its own queries, not a stale folder's
        s.push_str(&format!(
            "    ({stem:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {rel:?}))),\n"
        ));
    }
    s.push_str("]\n");
    let out = std::path::PathBuf::from(
        std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}")),
    );
    std::fs::write(out.join("saved_queries.rs"), s)
        .unwrap_or_else(|e| panic!("saved_queries.rs: {e}"));
}

const SG: &str = "https://w3id.org/socgraf/ontology#";

/// Writes `$OUT_DIR/gazetteer.tsv`: one line per county (`c`, IRI, name,
/// short name, county code) and per municipality (`m`, IRI, name, short
/// name, SCB code, county IRI), from the facts of `ontology/gazetteer.ttl`.
/// Parsing the Turtle at every start took a command about 7 ms; the
/// Turtle stays the one source (it is also the store's reference graph).
fn gazetteer_table(ttl: &Path) {
    use std::collections::BTreeMap;
    let bytes = std::fs::read(ttl).unwrap_or_else(|e| panic!("{}: {e}", ttl.display()));
    // IRI -> field -> value; the last value of a field wins
    let mut nodes: BTreeMap<String, BTreeMap<&'static str, String>> = BTreeMap::new();
    for triple in oxttl::TurtleParser::new().for_slice(&bytes) {
        let t = triple.unwrap_or_else(|e| panic!("{}: {e}", ttl.display()));
        let oxrdf::NamedOrBlankNode::NamedNode(s) = t.subject else {
            continue;
        };
        let value = match t.object {
            oxrdf::Term::Literal(l) => l.value().to_string(),
            oxrdf::Term::NamedNode(n) => n.into_string(),
            _ => continue,
        };
        let field = match t.predicate.as_str() {
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" => match value.strip_prefix(SG) {
                Some("Municipality") => "kind:m",
                Some("County") => "kind:c",
                _ => continue,
            },
            "http://www.w3.org/2000/01/rdf-schema#label"
            | "http://www.w3.org/2004/02/skos/core#prefLabel" => "name",
            p => match p.strip_prefix(SG) {
                Some("shortName") => "short",
                Some("scbCode") => "code",
                Some("countyCode") => "code",
                Some("inCounty") => "county",
                _ => continue,
            },
        };
        nodes
            .entry(s.into_string())
            .or_default()
            .insert(field, value);
    }
    let mut out = String::new();
    for (iri, f) in &nodes {
        let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
        let row: Vec<&str> = if f.contains_key("kind:m") {
            vec![
                "m",
                iri,
                get("name"),
                get("short"),
                get("code"),
                get("county"),
            ]
        } else if f.contains_key("kind:c") {
            vec!["c", iri, get("name"), get("short"), get("code")]
        } else {
            continue;
        };
        assert!(
            row.iter().all(|v| !v.contains(['\t', '\n'])),
            "{}: a tab or line break in {row:?}",
            ttl.display()
        );
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("gazetteer.tsv");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
