//! Stamps the binary with a hash of the extractor's sources and data, so a
//! store re-extracts documents read by an older extractor.
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
    files.push("src/resolve.rs".into());
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
}
