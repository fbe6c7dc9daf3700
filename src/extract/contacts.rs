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
    street: Regex,
}

fn rx() -> &'static Rx {
    static R: OnceLock<Rx> = OnceLock::new();
    R.get_or_init(|| {
        let r = super::pattern::compile;
        Rx {
            postal: r(r"^\s*(\d{3})\s?(\d{2})\s+(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)\s*$"),
            phone: r(r"(?i)\b(?:tel|tfn|telefon|växel)\.?:?\s*(\+?[\d][\d\s-]{5,16}\d)"),
            email: r(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
            url: r(r"(?i)\b(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu)(?:/[\w./%-]*)?"),
            street: r(r"^\s*\p{Lu}[\p{L}.-]*(?:\s\p{L}[\p{L}.-]*)*,?\s(?:\d+\s?[A-Za-z]?|Hus\s\d+)(?:,.*)?\s*$|^\s*(?:Box|Stadshuset|Kommunhuset|Rådhuset)\b.*$"),
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
            // postal codes, telephone numbers and street numbers have digits,
            // addresses an @, web addresses a dot before se, nu, com, org,
            // net or eu: a line without is not
            // searched for them (the patterns' Unicode \b is slow to search)
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
            } else if let Some(u) = l
                .split('.')
                .skip(1)
                // a dot before the first letter of a domain the pattern
                // knows, in either case (`ſ` folds to `s`)
                .any(|d| d.starts_with(['s', 'S', 'ſ', 'n', 'N', 'c', 'C', 'o', 'O', 'e', 'E']))
                .then(|| x.url.find(l))
                .flatten()
                .filter(|u| !u.as_str().contains('@'))
            {
                c.url.push(u.as_str().trim_end_matches('.').to_string());
            } else if c.street.is_none()
                && c.postal_code.is_none()
                && (digits
                    || ["Box", "Stadshuset", "Kommunhuset", "Rådhuset"]
                        .iter()
                        .any(|w| l.contains(w)))
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
