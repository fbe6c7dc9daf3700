//! Writes N Swedish articles for benchmarks by recombining the project's own
//! sample texts (examples/corpus) with varied invented names, municipalities
//! from the gazetteer and dates; deterministic by seed.
//!
//! `cargo run --release --example gen_corpus -- 10000 42 /tmp/bench-10k`
use socgraf::extract::{extract, EntityType};
use socgraf::gazetteer::{genitive, Gazetteer};
use socgraf::text::Document;

/// splitmix64: a small deterministic generator (no external state).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Alva", "Bo", "Cajsa", "Dan", "Elin", "Folke", "Greta", "Hugo", "Ingrid", "Jon", "Klara",
    "Linus", "Maja", "Nils", "Olga", "Pelle", "Rut", "Sven", "Tove", "Ulf", "Vera", "Wilma",
    "Axel", "Britt", "Carl", "Doris",
];
const LAST: &[&str] = &[
    "Almqvist",
    "Björkman",
    "Dahlgren",
    "Ekholm",
    "Fransson",
    "Grahn",
    "Hedlund",
    "Isaksson",
    "Jansson",
    "Kvist",
    "Lindahl",
    "Malmberg",
    "Nordin",
    "Olausson",
    "Palm",
    "Rask",
    "Sjödin",
    "Tell",
    "Ullberg",
    "Wik",
];
const MONTHS: &[&str] = &["januari", "mars", "maj", "september", "oktober", "november"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let out = std::path::PathBuf::from(
        args.get(3)
            .cloned()
            .unwrap_or_else(|| format!("bench-corpus-{n}")),
    );
    std::fs::create_dir_all(&out)?;
    let g = Gazetteer::get();
    // what to vary in each template: its people and municipalities, found by the extractor
    let templates: Vec<(String, Vec<String>, Vec<String>)> = socgraf::demo::CORPUS
        .iter()
        // plain-text articles only: the generated corpus is .txt
        .filter(|(name, _)| name.ends_with(".txt"))
        .map(|(name, text)| {
            let f = extract(&Document::from_text(name, text));
            let people = f
                .entities
                .iter()
                .filter(|e| e.etype == EntityType::Person)
                .map(|e| e.name.clone())
                .collect();
            let munis = f
                .entities
                .iter()
                .filter(|e| e.etype == EntityType::Municipality)
                .filter_map(|e| e.key.strip_prefix("municipality/").map(|_| e.name.clone()))
                .collect();
            (text.to_string(), people, munis)
        })
        .collect();
    let mut rng = Rng(seed);
    let mut bytes = 0usize;
    for i in 0..n {
        let (text, people, munis) = &templates[i % templates.len()];
        let mut t = text.clone();
        for p in people {
            let new = format!("{} {}", *rng.pick(FIRST), *rng.pick(LAST));
            t = t.replace(p.as_str(), &new);
        }
        for m in munis {
            let short = m.split(' ').next().unwrap_or(m).trim_end_matches('s');
            let Some(src) = g.municipality(short) else {
                continue;
            };
            let dst = rng.pick(&g.municipalities);
            t = t.replace(
                &format!("{} ", genitive(&src.short)),
                &format!("{} ", genitive(&dst.short)),
            );
            t = t.replace(&src.short, &dst.short);
        }
        let year = 2015 + rng.next() % 11;
        t = t.replace("2025", &year.to_string());
        let month: &&str = rng.pick(MONTHS);
        t = t.replace("november", month);
        let path = out.join(format!("art{i:06}.txt"));
        bytes += t.len();
        std::fs::write(path, t)?;
    }
    eprintln!(
        "wrote {n} articles ({:.1} MB) to {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
