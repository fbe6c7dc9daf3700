//! Contact blocks: an organisation's name line followed by address lines
//! (street, "721 87 Västerås"), phone, e-mail and web address.
use super::resolve::Resolved;
use crate::facts::{Contact, Evidence};
use crate::text::CharIndex;
use regex::Regex;
use std::sync::OnceLock;

struct Rx {
    postal: Regex,
    phone: Regex,
    email: Regex,
    url: Regex,
    /// what every web address holds: a dot and a known domain
    domain: Regex,
    street: Regex,
    /// what every address line without a number holds
    building: Regex,
}

/// The top-level domains a web address may end in.
const DOMAINS: &str = "se|nu|com|org|net|eu";
/// The buildings an address line may name instead of a street number.
const BUILDINGS: &str = "Box|Stadshuset|Kommunhuset|Rådhuset";

fn rx() -> &'static Rx {
    static R: OnceLock<Rx> = OnceLock::new();
    R.get_or_init(|| {
        let r = super::pattern::compile;
        Rx {
            postal: r(r"^\s*(\d{3})\s?(\d{2})\s+(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)\s*$"),
            phone: r(r"(?i)\b(?:tel|tfn|telefon|växel)\.?:?\s*(\+?[\d][\d\s-]{5,16}\d)"),
            email: r(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
            url: r(&format!(r"(?i)\b(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:{DOMAINS})(?:/[\w./%-]*)?")),
            domain: r(&format!(r"(?i)\.(?:{DOMAINS})")),
            street: r(&format!(r"^\s*\p{{Lu}}[\p{{L}}.-]*(?:\s\p{{L}}[\p{{L}}.-]*)*,?\s(?:\d+\s?[A-Za-z]?|Hus\s\d+)(?:,.*)?\s*$|^\s*(?:{BUILDINGS})\b.*$")),
            building: r(&format!("(?:{BUILDINGS})")),
        }
    })
}

/// Finds the contact blocks of a document.
pub fn find(text: &str, r: &Resolved, idx: &CharIndex) -> Vec<Contact> {
    let x = rx();
    let mut out = Vec::new();
    let mut start = 0;
    for block in text.split("\n\n") {
        let bstart = start;
        start += block.len() + 2;
        let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines.len() < 2 || lines.len() > 9 {
            continue;
        }
        let mut c = Contact::default();
        for l in &lines[1..] {
            // what each pattern needs before it is searched for (their
            // Unicode \b is slow): postal codes, telephone numbers and street
            // numbers a digit, e-mail addresses an @, web addresses a known
            // domain, other address lines a building
            let digits = l.bytes().any(|b| b.is_ascii_digit());
            if let Some(p) = digits.then(|| x.postal.captures(l)).flatten() {
                c.postal_code = Some(format!("{}{}", &p[1], &p[2]));
                c.locality = Some(p[3].to_string());
                c.municipality = crate::gazetteer::Gazetteer::get()
                    .municipality_of_postal_code(&format!("{}{}", &p[1], &p[2]))
                    .map(|m| m.short.clone());
            } else if let Some(p) = digits.then(|| x.phone.captures(l)).flatten() {
                c.telephone.push(p[1].trim().to_string());
            } else if let Some(e) = l.contains('@').then(|| x.email.find(l)).flatten() {
                c.email.push(e.as_str().to_string());
            } else if let Some(u) = x
                .domain
                .is_match(l)
                .then(|| x.url.find(l))
                .flatten()
                .filter(|u| !u.as_str().contains('@'))
            {
                c.url.push(u.as_str().trim_end_matches('.').to_string());
            } else if c.street.is_none()
                && c.postal_code.is_none()
                && (digits || x.building.is_match(l))
                && x.street.is_match(l)
            {
                c.street = Some(l.trim().to_string());
            }
        }
        if c.postal_code.is_none() && c.telephone.is_empty() && c.email.is_empty() {
            continue;
        }
        // the organisation named at the start of the block
        let first_line_end = bstart + block.find('\n').unwrap_or(block.len());
        let org = (0..r.mentions.len()).find(|&m| {
            let mm = &r.mentions[m];
            mm.start >= bstart
                && mm.end <= first_line_end
                && !mm.nested
                && r.entities
                    .get(r.entity_of[m])
                    .is_some_and(|e| e.keep && e.etype.is_org())
        });
        let Some(m) = org else { continue };
        let e = &r.entities[r.entity_of[m]];
        c.org_key = e.key.clone();
        c.org = e.name.clone();
        let bend = (bstart + block.len()).min(text.len());
        c.evidence = Evidence {
            start: idx.char_at(text, bstart),
            end: idx.char_at(text, bend),
            text: text[bstart..bend].to_string(),
        };
        out.push(c);
    }
    out
}
