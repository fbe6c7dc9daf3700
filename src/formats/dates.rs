//! Dates of documents: a date string from metadata or a dateline in the
//! text, normalised to `YYYY-MM-DD` (xsd:date), with where it was found.
use regex::Regex;
use std::sync::LazyLock;

pub use crate::facts::DocDate;

/// Swedish (and English) month names and their abbreviations, by number.
const MONTHS: &[(&str, u32)] = &[
    ("januari", 1),
    ("jan", 1),
    ("january", 1),
    ("februari", 2),
    ("feb", 2),
    ("february", 2),
    ("mars", 3),
    ("mar", 3),
    ("march", 3),
    ("april", 4),
    ("apr", 4),
    ("maj", 5),
    ("may", 5),
    ("juni", 6),
    ("jun", 6),
    ("june", 6),
    ("juli", 7),
    ("jul", 7),
    ("july", 7),
    ("augusti", 8),
    ("aug", 8),
    ("august", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("okt", 10),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

fn month(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    // an article from before the web or from the future is a misreading
    (1990..=2100)
        .contains(&y)
        .then(|| date.format("%Y-%m-%d").to_string())
}

/// A constant pattern (the doctests of [`parse_date`] compile both).
fn pattern(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad date pattern {p}: {e}"))
}

static ISO: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?:^|[^0-9])((?:19|20)\d\d)-([01]?\d)-([0-3]?\d)(?:[^0-9]|$)"));
/// day, month name, year: "21 jun 2016", "27. juni 2019", "4 juli, 2018"
static DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\b([0-3]?\d)\.?\s+([a-zåäö]{3,9})\.?,?\s+((?:19|20)\d\d)\b"));
/// month name, day, year: "Sep 30, 2008"
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\b([a-z]{3,9})\.?\s+([0-3]?\d),?\s+((?:19|20)\d\d)\b"));

/// The first date a string states, as `YYYY-MM-DD`, with the byte span it
/// takes: ISO ("2023-04-20", "2023-04-20T08:00:00+02:00"), day, month name
/// and year ("21 jun 2016", "3 maj 2019", "27. juni 2019"), or month name,
/// day and year ("Sep 30, 2008").
fn find_date(s: &str) -> Option<(std::ops::Range<usize>, String)> {
    // every form has a year of 19xx or 20xx: most lines have none, and the
    // forms' Unicode word boundaries are slow to search for
    if !(s.contains("19") || s.contains("20")) {
        return None;
    }
    let iso = ISO.captures_iter(s).find_map(|c| {
        let span = c.get(1)?.start()..c.get(3)?.end();
        let d = ymd(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        Some((span, d))
    });
    let day_month = DAY_MONTH.captures_iter(s).find_map(|c| {
        let span = c.get(0)?.range();
        let d = ymd(c[3].parse().ok()?, month(&c[2])?, c[1].parse().ok()?)?;
        Some((span, d))
    });
    let month_day = MONTH_DAY.captures_iter(s).find_map(|c| {
        let span = c.get(0)?.range();
        let d = ymd(c[3].parse().ok()?, month(&c[1])?, c[2].parse().ok()?)?;
        Some((span, d))
    });
    [iso, day_month, month_day]
        .into_iter()
        .flatten()
        .min_by_key(|(span, _)| span.start)
}

/// The first date a string states, as `YYYY-MM-DD` (the forms of
/// `find_date`).
///
/// ```
/// use socgraf::formats::dates::parse_date;
/// assert_eq!(parse_date("2023-04-20T08:15:00+02:00").as_deref(), Some("2023-04-20"));
/// assert_eq!(parse_date("Publicerad 3 maj 2019 kl 10.12").as_deref(), Some("2019-05-03"));
/// assert_eq!(parse_date("21 jun 2016").as_deref(), Some("2016-06-21"));
/// assert_eq!(parse_date("27. juni 2019").as_deref(), Some("2019-06-27"));
/// assert_eq!(parse_date("2 mars, 2021 redaktionen").as_deref(), Some("2021-03-02"));
/// assert_eq!(parse_date("Nyhet   •   Oct 3, 2011 09:12 CEST").as_deref(), Some("2011-10-03"));
/// assert_eq!(parse_date("Krönika2022-05-17 07:00").as_deref(), Some("2022-05-17"));
/// assert_eq!(parse_date("31 februari 2020"), None);
/// assert_eq!(parse_date("3 mojt 2019"), None);
/// ```
pub fn parse_date(s: &str) -> Option<String> {
    find_date(s).map(|(_, d)| d)
}

/// Words among a line's first four that make it a dateline: the date on
/// it is the article's ("Publicerad", "Artikeln publicerades", "Datum",
/// "date" as saving tools write it).
fn opens_publication(word: &str) -> bool {
    word.starts_with("publicer")
        || matches!(
            word,
            "publ." | "datum" | "datum:" | "date" | "date:" | "postat" | "skriven" | "published"
        )
}

/// … or its last update: used when no publication date is found.
fn opens_update(word: &str) -> bool {
    word.starts_with("uppdater")
        || word.starts_with("ändrad")
        || matches!(word, "senast" | "updated")
}

/// How far into a text a dateline is looked for: the head of an article.
const HEAD: usize = 3000;

/// The date of an article's dateline: a line in its head whose first words
/// say it is one ("Publicerad", "Artikeln publicerades", "Datum",
/// "Uppdaterad"; publication before update) and that holds a date, or a
/// short line that is little else than a date ("2023-04-20", "21 jun 2016
/// kl 08.00", "Nyhet • Oct 3, 2011 09:12 CEST"). A date inside a sentence
/// ("konferensen den 21 juni 2016") is no dateline.
///
/// ```
/// use socgraf::formats::dates::dateline;
/// let t = "Ny chef för hemtjänsten\nUppdaterad 5 maj 2019\nPublicerad 3 maj 2019\nAnna Berg blir ny chef.";
/// assert_eq!(dateline(t).unwrap().date, "2019-05-03");
/// assert_eq!(dateline("Rubrik\n2023-04-20 08:15\nText.").unwrap().date, "2023-04-20");
/// assert_eq!(dateline("• Publicerad 07:30, 9 feb 2021\nText.").unwrap().date, "2021-02-09");
/// assert_eq!(dateline("Artikeln publicerades 12 januari 2020\nText.").unwrap().date, "2020-01-12");
/// assert_eq!(dateline("Senast ändrad 11:02, 3 Mar 2016\nText.").unwrap().date, "2016-03-03");
/// assert!(dateline("Konferensen hålls den 21 juni 2016 i Mora, och alla är välkomna dit.").is_none());
/// assert!(dateline("Hon är tillförordnad chef från 2019-09-16 till och med december.").is_none());
/// // the head ends inside a character: cut before it
/// assert!(dateline(&"ö".repeat(2000)).is_none());
/// ```
pub fn dateline(text: &str) -> Option<DocDate> {
    let mut end = text.len().min(HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let mut updated = None;
    let mut short = None;
    for line in head.lines() {
        let line = line
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_end();
        if line.is_empty() {
            continue;
        }
        let lower = line.to_lowercase();
        let first: Vec<&str> = lower.split_whitespace().take(4).collect();
        let publication = first.iter().any(|w| opens_publication(w));
        let update = first.iter().any(|w| opens_update(w));
        if publication || update {
            if let Some(d) = parse_date(line) {
                if publication {
                    return Some(DocDate {
                        date: d,
                        source: "text:dateline",
                    });
                }
                updated.get_or_insert(d);
            }
            continue;
        }
        if short.is_none() && line.chars().count() <= 60 {
            if let Some((span, d)) = find_date(line) {
                // little else on the line than the date (a time, a label)
                let rest = format!("{} {}", &line[..span.start], &line[span.end..]);
                let words = rest
                    .split_whitespace()
                    .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                    .count();
                if words <= 3 {
                    short = Some(d);
                }
            }
        }
    }
    short.or(updated).map(|date| DocDate {
        date,
        source: "text:dateline",
    })
}
