//! The offline gazetteer of Swedish municipalities and counties (SCB codes),
//! from `ontology/gazetteer.ttl`, compiled into the binary as a table.
use std::collections::HashMap;
use std::sync::OnceLock;

/// `ontology/gazetteer.ttl` as a table, made by `build.rs`.
const GAZETTEER_TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer.tsv"));
const POSTAL_RANGES: &str = include_str!("../ontology/postal-ranges.txt");

/// One municipality of the gazetteer.
#[derive(Debug, Clone, Default)]
pub struct Municipality {
    pub iri: String,
    pub name: String,
    pub short: String,
    pub scb_code: String,
    pub county_iri: String,
}

/// One county (län) of the gazetteer.
#[derive(Debug, Clone, Default)]
pub struct County {
    pub iri: String,
    pub name: String,
    pub short: String,
    pub code: String,
}

/// All municipalities and counties, indexed by short name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    pub municipalities: Vec<Municipality>,
    pub counties: Vec<County>,
    by_short: HashMap<String, usize>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    ///
    /// ```
    /// let g = socgraf::gazetteer::Gazetteer::get();
    /// assert_eq!(g.municipality("Västerås").unwrap().scb_code, "1980");
    /// ```
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse(GAZETTEER_TABLE))
    }

    /// Reads the table `build.rs` made of the gazetteer's Turtle.
    fn parse(table: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        for line in table.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let s = |i: usize| f.get(i).copied().unwrap_or_default().to_string();
            match f[0] {
                "m" => g.municipalities.push(Municipality {
                    iri: s(1),
                    name: s(2),
                    short: s(3),
                    scb_code: s(4),
                    county_iri: s(5),
                }),
                "c" => g.counties.push(County {
                    iri: s(1),
                    name: s(2),
                    short: s(3),
                    code: s(4),
                }),
                _ => {}
            }
        }
        g.municipalities.sort_by(|a, b| a.scb_code.cmp(&b.scb_code));
        g.counties.sort_by(|a, b| a.code.cmp(&b.code));
        for (i, m) in g.municipalities.iter().enumerate() {
            g.by_short.insert(m.short.to_lowercase(), i);
        }
        g
    }

    /// The municipality with this short name ("Västerås"), case-insensitive.
    pub fn municipality(&self, short: &str) -> Option<&Municipality> {
        self.by_short
            .get(&short.to_lowercase())
            .map(|&i| &self.municipalities[i])
    }

    /// The municipality of a postal code ("721 87" or "72187"), from the
    /// postal-code ranges.
    ///
    /// ```
    /// let g = socgraf::gazetteer::Gazetteer::get();
    /// assert_eq!(g.municipality_of_postal_code("721 87").unwrap().short, "Västerås");
    /// ```
    pub fn municipality_of_postal_code(&self, code: &str) -> Option<&Municipality> {
        let pc: u32 = code
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok()?;
        let ranges = postal_ranges();
        let i = ranges.partition_point(|r| r.0 <= pc).checked_sub(1)?;
        let (_, end, scb) = &ranges[i];
        if pc > *end {
            return None;
        }
        self.municipalities.iter().find(|m| &m.scb_code == scb)
    }

    /// The county of a municipality.
    pub fn county_of(&self, m: &Municipality) -> Option<&County> {
        self.counties.iter().find(|c| c.iri == m.county_iri)
    }
}

fn postal_ranges() -> &'static Vec<(u32, u32, String)> {
    static R: OnceLock<Vec<(u32, u32, String)>> = OnceLock::new();
    R.get_or_init(|| {
        POSTAL_RANGES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split_whitespace();
                Some((
                    it.next()?.parse().ok()?,
                    it.next()?.parse().ok()?,
                    it.next()?.to_string(),
                ))
            })
            .collect()
    })
}

/// The genitive of a Swedish proper name: "Västerås" stays, "Malmö" → "Malmös".
///
/// ```
/// assert_eq!(socgraf::gazetteer::genitive("Malmö"), "Malmös");
/// assert_eq!(socgraf::gazetteer::genitive("Västerås"), "Västerås");
/// ```
pub fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) {
        name.to_string()
    } else {
        format!("{name}s")
    }
}

/// Every usual way a municipality is written: "Västerås", "Västerås stad",
/// "Västerås kommun", "Västerås stads", "Västerås Stad" ... plus the official name.
pub fn surface_forms(short: &str, official: &str) -> Vec<String> {
    let g = genitive(short);
    let mut v = vec![official.to_string(), short.to_string()];
    for base in [short, g.as_str()] {
        for w in ["kommun", "stad", "Stad", "Kommun"] {
            v.push(format!("{base} {w}"));
        }
    }
    v.push(format!("{g} kommuns"));
    v.push(format!("{g} stads"));
    v.push(format!("{g} Stads"));
    if g != short {
        v.push(g);
    }
    let mut seen = std::collections::HashSet::new();
    v.retain(|f| seen.insert(f.clone()));
    v
}
