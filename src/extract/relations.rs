//! Relation rules: appositions ("Namn, titel på Org"), reversed titles
//! ("Org:s titel Namn"), former posts, studies, events (place, host,
//! participants), initiatives (who runs them), units (partOf) and contact
//! blocks (locatedIn). Each rule states its confidence.
use super::context::{best_role_prefix, normalise_role, Ctx, RawRelation};
use super::lexicon::{Lexicon, UnitLevel};
use super::resolve::Resolved;
use crate::facts::Lower;
use crate::facts::{EntityType, Predicate};
use crate::text::Sentence;
use regex::Regex;
use std::sync::OnceLock;

struct Rx {
    appos: Regex,
    appos_gen: Regex,
    title_comma_org: Regex,
    title_comma_before: Regex,
    bare_at: Regex,
    former: Regex,
    study: Regex,
    held: Regex,
    host_between: Regex,
    arrange: Regex,
    invite_split: Regex,
    runs_verb: Regex,
    seat: Regex,
    participants: Regex,
    is_gen_role: Regex,
    prep_only: Regex,
    works_verb: Regex,
    pronoun_start: Regex,
    we: Regex,
    date_line: Regex,
    joint: Regex,
    som_role: Regex,
    coordinated: Regex,
    all_title: Regex,
    follow_on: Regex,
    pronoun: Regex,
}

fn rx() -> &'static Rx {
    static R: OnceLock<Rx> = OnceLock::new();
    R.get_or_init(|| {
        let r = super::pattern::compile;
        Rx {
            appos: r(&format!(r"^\s*(?:\(\p{{Lu}}{{1,2}}\))?(?:,\s*(?:som\s+(?:är|var|blir|blev)\s+|som\s+)?|\s+(?:som\s+)?(?:är|blir|blev|arbetar\s+som|jobbar\s+som)\s+)(?P<role>[^,;:.!?()\n]{{2,90}}?)\s*,?\s+(?:{})\s+$", APPOS_PREPOSITIONS.join("|"))),
            title_comma_org: r(r"^\s*(?:\(\p{Lu}{1,2}\))?,\s*(?P<role>[^,;:.!?()\n]{2,60}?),\s*$"),
            title_comma_before: r(r"(?:^|[:\n])\s*(?P<role>\p{L}[\p{Ll}-]+(?:\s[\p{Ll}-]+)?),\s$"),
            appos_gen: r(r"^\s*(?:,\s*|\s+(?:är|blir|blev)\s+)$"),
            bare_at: r(r"^\s+(?:på|vid)\s+$"),
            former: r(r"\b(?:tidigare\s+(?:har\s+)?(?:arbetat|jobbat|varit|arbetade|jobbade|var)|(?:som|har|hade)\s+(?:tidigare\s+)?(?:arbetat|jobbat|varit)|före\s+detta|f\.\s?d\.)\b"),
            study: r(r"\b(?:plugga(?:r|de|t)|kom\s+in\s+på|antogs\s+till|utbild(?:ar|ade|at)\s+(?:\p{L}+\s+){0,2}sig|studer(?:ar|ade|at)|läser\s+till|läste\s+till|disputerade|doktorerade|studerande|student\s+(?:på|vid)|tog\s+examen)\b"),
            held: r(r"^\s*(?:\d{4}\s*)?(?:,\s*)?(?:(?:hålls|hölls|äger\s+rum|ägde\s+rum|arrangeras|arrangerades|genomförs|genomfördes|går\s+av\s+stapeln|anordnas)\s+)?(?:(?:den\s+)?\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s+\p{Ll}+(?:\s+\d{4})?\s*)?(?:på|i)\s+$"),
            host_between: r(r"^\s+(?:\p{Ll}+\s+){0,2}(?:årliga\s+|stora\s+|egna\s+)?(?:event|evenemang|konferens|konferensen|mässa|seminarium|kongress|arrangemang)\s+$"),
            // "bjuder A och B in till": the particle after the hosts
            invite_split: r(r"\b(?:bjuder|bjöd)\s.{1,120}?\sin\s+till\b"),
            arrange: r(r"\b(?:(?:står|stod)\s+som\s+värd(?:ar)?\s+för|är\s+värd(?:ar)?\s+för|var\s+värd(?:ar)?\s+för|arrangera[rs]?|arrangerade|anordna[rs]?|anordnade|bjuder\s+in|bjöd\s+in|står\s+bakom|håller\s+i)\b"),
            runs_verb: r(r"\b(?:beslutat\s+om|beslutade\s+om|beslutar\s+om|antagit|antog|fastställt|fastställde|lanserade|lanserar|lanserat|startade|startar|startat|sjösätter|erbjuder|driver|drev|införde|inför|infört|initierade|initierat|genomför|genomförde|sjösatte|leder|ledde|ansvarar\s+för|tar\s+fram|tog\s+fram|tagit\s+fram|tog\s+initiativ\s+till|tagit\s+initiativ\s+till|står\s+bakom)\b"),
            seat: r(r"\b(?:har\s+sitt\s+säte|har\s+sitt\s+huvudkontor|har\s+(?:sitt\s+)?kontor|har\s+verksamhet|ligger|finns|etablera[rt]?\s+sig|etablerade\s+sig|öppna[rt]?\s+(?:kontor|verksamhet)|öppnade\s+(?:kontor|verksamhet))\s+i\s+$|\bexpandera[rt]?\s+till\s+$|\bexpanderade\s+till\s+$"),
            participants: r(r"^(?:Deltar\s+gör|Medverkar\s+gör|Medverkande|Talare|Föreläsare|Deltagare|Paneldeltagare)\b"),
            is_gen_role: r(r"^\s+(?P<role>(?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]+)"),
            prep_only: r(r"^\s+(?:i|på|vid)\s+$"),
            works_verb: r(r"(?:\b(?P<pron>[Hh]on|[Hh]an)\s+)?\b(?P<verb>arbetar|jobbar|är)\b(?P<mid>(?:\s+[\p{L}\d-]+){0,8}?)\s+(?:på|vid|inom|hos)\s+(?:verksamhetsområdet\s+|sektor\s+|avdelningen\s+|enheten\s+)?$"),
            pronoun_start: r(r"^(?:Hon|Han)\b"),
            we: r(r"(?:^|[\s–-])(?:vi|Vi)\s*$|^\s+vi\b"),
            date_line: r(r"^\p{Lu}[\p{L}-]+\s+den\s+\d{1,2}(?:\s*[–-]\s*\d{1,2})?\s+\p{Ll}+"),
            joint: r(r"\b(?:i\s+samverkan\s+mellan|i\s+samarbete\s+mellan|ett\s+samarbete\s+mellan|drivs\s+av|drivs\s+gemensamt\s+av)\b"),
            som_role: r(r"^\s*(?:.*\s)?som\s+(?P<role>(?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]+)"),
            all_title: r(r"^\s*,\s*(?:alla|båda|samtliga|bägge)\s+(?P<role>[^,;:.!?()\n]{2,60}?)\s+(?:på|i|vid|inom|hos)\s+$"),
            coordinated: r(r"^\s*,\s*(?P<role>[^,;:.!?()\n]{2,60}?)\s*(?:,\s*(?:och\s+)?|\s+och\s+)$"),
            follow_on: r(r"^\s*,?\s*(?:är|blir|blev|och)\s+$"),
            pronoun: r(r"\b(?:[Hh]on|[Hh]an)\b"),
        }
    })
}

/// The prepositions that end an apposition before its organisation ("…,
/// titel på "); `all_title` takes some of them.
const APPOS_PREPOSITIONS: [&str; 7] = ["på", "i", "vid", "för", "hos", "inom", "av"];

/// Whether a gap ends the way `appos` and `all_title` need: a preposition
/// of theirs after white space, then white space ("…, titel på "). A cheap
/// test before their searches with groups, which most gaps fail.
fn ends_at_preposition(gap: &str) -> bool {
    let t = gap.trim_end();
    t.len() < gap.len()
        && APPOS_PREPOSITIONS.iter().any(|p| {
            t.strip_suffix(p)
                .is_some_and(|b| b.ends_with(char::is_whitespace))
        })
}

/// Finds the relations of one document.
pub fn find(text: &str, sents: &[Sentence], r: &Resolved) -> Vec<RawRelation> {
    let mut cx = Ctx {
        text,
        sents,
        r,
        out: Vec::new(),
    };
    composite_links(&mut cx);
    let mut last_person: Option<usize> = None;
    let mut heading_event: Option<usize> = None;
    for (si, &s) in sents.iter().enumerate() {
        let ms: Vec<usize> = r.by_sentence[si]
            .iter()
            .copied()
            .filter(|&i| !r.mentions[i].nested && r.entity_of[i] != usize::MAX)
            .collect();
        let sent = &text[s.start..s.end];
        // a line that is only an event names the section below it
        if ms.len() == 1
            && cx.etype(ms[0]) == EntityType::Event
            && sent.len() < r.mentions[ms[0]].surface.len() + 25
        {
            heading_event = Some(ms[0]);
        }
        titles(&mut cx, si, &ms);
        former_and_study(&mut cx, si, &ms, sent, s.start, last_person);
        works_verb(&mut cx, si, &ms, s.start, last_person);
        joint_work(&mut cx, si, &ms, sent, s.start);
        events(&mut cx, si, &ms, sent, heading_event);
        initiatives_and_seats(&mut cx, si, &ms, sent, s.start);
        if let Some(&p) = ms
            .iter()
            .rev()
            .find(|&&m| cx.etype(m) == EntityType::Person && !r.mentions[m].first_name_only)
        {
            last_person = Some(p);
        }
    }
    contact_blocks(&mut cx);
    directory_rows(&mut cx);
    signatures(&mut cx);
    super::employer::bracketed_employers(&mut cx);
    super::employer::titles_around_organisations(&mut cx);
    super::employer::titled_people(&mut cx);
    initiative_owners(&mut cx);
    org_in_place(&mut cx);
    venue_lines(&mut cx);
    session_hosts(&mut cx);
    event_context_participants(&mut cx);
    speaker_lists(&mut cx);
    district_parents(&mut cx);
    unit_parents(&mut cx);
    main_event(&mut cx);
    event_dates(&mut cx);
    cx.out
}

/// Districts and units named after a district or municipality belong to
/// that municipality when the article names it: "Farsta
/// stadsdelsförvaltning", "Hässelby-Vällingby", "Västerås Stads socialtjänst".
fn district_parents(cx: &mut Ctx) {
    let lex = Lexicon::get();
    let r = cx.r;
    let muni_of_word = |w: &str| -> Option<String> {
        let lw = w.lower();
        if let Some(m) = lex.districts.get(&lw) {
            return Some(m.clone());
        }
        let stem = lw.strip_suffix('s').unwrap_or(&lw);
        lex.districts
            .get(stem)
            .cloned()
            .or_else(|| {
                lex.municipality_names
                    .contains(stem)
                    .then(|| stem.to_string())
            })
            .or_else(|| lex.municipality_names.contains(&lw).then(|| lw.clone()))
    };
    for (i, m) in r.mentions.iter().enumerate() {
        if m.nested || cx.ent(i).is_none() || cx.etype(i) != EntityType::Organization {
            continue;
        }
        let first = m.base.split(' ').next().unwrap_or("");
        let muni = if lex.districts.contains_key(&m.base.lower()) {
            muni_of_word(&m.base)
        } else if m.unit && m.base.contains(' ') && !m.base.contains(" i ") {
            muni_of_word(first)
        } else {
            None
        };
        let Some(muni) = muni else { continue };
        let target = (0..r.mentions.len()).find(|&j| {
            cx.ent(j).is_some()
                && cx.etype(j) == EntityType::Municipality
                && r.mentions[j]
                    .canon
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&muni))
        });
        if let Some(j) = target {
            cx.add(
                "unit.district-parent",
                i,
                Predicate::PartOf,
                j,
                "",
                0.6,
                r.sentence_of[i],
            );
        }
    }
}

/// A unit with no named parent belongs to the municipality named nearest to
/// it in its paragraph (same sentence first).
fn unit_parents(cx: &mut Ctx) {
    let r = cx.r;
    let lex = Lexicon::get();
    let text = cx.text;
    let has_parent: std::collections::HashSet<usize> = cx
        .out
        .iter()
        .filter(|x| x.predicate == Predicate::PartOf)
        .map(|x| x.subject)
        .collect();
    let munis: Vec<usize> = (0..r.mentions.len())
        .filter(|&m| cx.ent(m).is_some() && cx.etype(m) == EntityType::Municipality)
        .collect();
    for (u, um) in r.mentions.iter().enumerate() {
        let Some(ue) = cx.ent(u) else { continue };
        if !um.unit || um.nested || um.parent.is_some() || has_parent.contains(&ue) {
            continue;
        }
        let lname = r.entities[ue].name.lower();
        // a union's body has its own parent; a district belongs to its own
        // municipality only (`district_parents`), not the one named near it
        if lname.contains("förbund") || lex.districts.contains_key(&um.base.lower()) {
            continue;
        }
        // a section, team or service belongs to the administration above
        // it: the larger unit named before it in its sentence ("på
        // socialtjänsten i Uppsala, på enheten för nyanlända"), else the
        // article's one administration
        let level = lex.unit_level(&lname);
        let sub = matches!(level, None | Some(UnitLevel::Section));
        if sub {
            let larger = r.by_sentence[r.sentence_of[u]]
                .iter()
                .copied()
                .filter(|&m| {
                    let mm = &r.mentions[m];
                    mm.unit
                        && !mm.nested
                        && mm.end <= um.start
                        && cx.ent(m).is_some_and(|e| e != ue)
                })
                .rfind(|&m| {
                    let name = &r.entities[cx.ent(m).unwrap_or(0)].name;
                    matches!(
                        lex.unit_level(name),
                        Some(UnitLevel::Administration | UnitLevel::District)
                    )
                })
                .map(|m| ("unit.sentence-larger-unit", m))
                .or_else(|| {
                    article_administration(cx, ue).map(|m| ("unit.article-administration", m))
                });
            if let Some((rule, m)) = larger {
                cx.add(rule, u, Predicate::PartOf, m, "", 0.5, r.sentence_of[u]);
                continue;
            }
        }
        let para_start = text[..um.start].rfind("\n\n").map_or(0, |i| i + 2);
        let para_end = text[um.end..]
            .find("\n\n")
            .map_or(text.len(), |i| um.end + i);
        let same_sentence = munis
            .iter()
            .copied()
            .filter(|&m| r.sentence_of[m] == r.sentence_of[u]);
        let before = munis
            .iter()
            .copied()
            .filter(|&m| r.mentions[m].start >= para_start && r.mentions[m].end <= um.start);
        let pick = same_sentence
            .min_by_key(|&m| r.mentions[m].start.abs_diff(um.start))
            .or_else(|| before.max_by_key(|&m| r.mentions[m].start))
            .filter(|&m| r.mentions[m].end <= para_end);
        if let Some(m) = pick {
            cx.add(
                "unit.paragraph-municipality",
                u,
                Predicate::PartOf,
                m,
                "",
                0.55,
                r.sentence_of[u],
            );
            continue;
        }
        // no municipality near: the article's municipality
        if let Some(m) = article_municipality(cx) {
            cx.add(
                "unit.article-municipality",
                u,
                Predicate::PartOf,
                m,
                "",
                0.5,
                r.sentence_of[u],
            );
        }
    }
}

/// An initiative no rule gave a runner: one named after a municipality the
/// article names is run by it ("Trelleborgsmodellen"); else the
/// organisation a preposition ties it to ("en satsning i Umeå kommun").
fn initiative_owners(cx: &mut Ctx) {
    let r = cx.r;
    let lex = Lexicon::get();
    let run: std::collections::HashSet<usize> = cx
        .out
        .iter()
        .filter(|x| x.predicate == Predicate::Runs)
        .map(|x| x.object)
        .collect();
    let mut seen = std::collections::HashSet::new();
    for i in 0..r.mentions.len() {
        let Some(ie) = cx.ent(i) else { continue };
        if r.mentions[i].nested
            || cx.etype(i) != EntityType::Initiative
            || run.contains(&ie)
            || !seen.insert(ie)
        {
            continue;
        }
        let si = r.sentence_of[i];
        let lname = r.entities[ie].name.lower();
        let named_after = (0..r.mentions.len()).find(|&m| {
            cx.etype(m) == EntityType::Municipality
                && cx.ent(m).is_some()
                && r.mentions[m].canon.as_deref().is_some_and(|c| {
                    let c = c.lower();
                    lex.municipality_names.contains(&c)
                        && lname.len() > c.len() + 4
                        && (lname.starts_with(&format!("{c}s")) || lname.starts_with(&c))
                })
        });
        if let Some(m) = named_after {
            cx.add(
                "initiative.named-after-municipality",
                m,
                Predicate::Runs,
                i,
                "",
                0.6,
                si,
            );
            continue;
        }
        // "NN är en satsning i Umeå kommun", "ett projekt av Vision": the
        // first organisation after it, behind a preposition, within a clause
        let im = &r.mentions[i];
        let owner = r.by_sentence[si].iter().copied().find(|&m| {
            let mm = &r.mentions[m];
            !mm.nested
                && cx.etype(m).is_org()
                && cx.ent(m).is_some()
                && mm.start > im.end
                && mm.start - im.end <= 80
                && !cx.text[im.end..mm.start].contains([',', ';', '.'])
                && [" i ", " av ", " inom ", " hos ", " från "]
                    .iter()
                    .any(|p| cx.text[..mm.start].ends_with(p))
        });
        if let Some(o) = owner {
            cx.add("initiative.of-org", o, Predicate::Runs, i, "", 0.5, si);
        }
    }
}

/// The municipality an article is about: its one municipality, or the one
/// named at least twice as often as any other.
fn article_municipality(cx: &Ctx) -> Option<usize> {
    let r = cx.r;
    let mut counts: std::collections::HashMap<usize, (usize, usize)> =
        std::collections::HashMap::new();
    // (a municipality named inside another name counts too: "Göteborgs
    // Stads program", "socialtjänsten i Malmö stad")
    for m in 0..r.mentions.len() {
        if cx.etype(m) != EntityType::Municipality {
            continue;
        }
        if let Some(e) = cx.ent(m) {
            let c = counts.entry(e).or_insert((0, m));
            c.0 += 1;
            if r.mentions[c.1].nested && !r.mentions[m].nested {
                c.1 = m;
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.values().copied().collect();
    ranked.sort_by_key(|&(n, m)| (std::cmp::Reverse(n), m));
    match ranked.as_slice() {
        [(_, m)] => Some(*m),
        [(n, m), (n2, _), ..] if *n >= 2 * n2 => Some(*m),
        _ => None,
    }
}

/// The one administration ("socialförvaltningen") an article names, for
/// its sections and units; none when it names several.
fn article_administration(cx: &Ctx, unit: usize) -> Option<usize> {
    let r = cx.r;
    let mut found: Option<(usize, usize)> = None;
    for m in 0..r.mentions.len() {
        let Some(e) = cx.ent(m) else { continue };
        if r.mentions[m].nested || e == unit || cx.etype(m) != EntityType::Organization {
            continue;
        }
        let name = &r.entities[e].name;
        if Lexicon::get().unit_level(name) != Some(UnitLevel::Administration)
            || !name.lower().contains("förvaltning")
        {
            continue;
        }
        match found {
            None => found = Some((e, m)),
            Some((fe, _)) if fe == e => {}
            Some(_) => return None,
        }
    }
    found.map(|(_, m)| m)
}

/// In an article about one event, a person who speaks or takes part in a
/// sentence that does not name the event takes part in that event.
fn main_event(cx: &mut Ctx) {
    let r = cx.r;
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for m in 0..r.mentions.len() {
        if let Some(e) = cx.ent(m).filter(|_| cx.etype(m) == EntityType::Event) {
            *counts.entry(e).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|&(e, n)| (std::cmp::Reverse(n), e));
    let main = match ranked.as_slice() {
        [(e, n)] if *n >= 2 => *e,
        [(e, n), (_, n2), ..] if *n >= 2 && n > n2 => *e,
        _ => return,
    };
    let Some(main_mention) = (0..r.mentions.len()).find(|&m| cx.ent(m) == Some(main)) else {
        return;
    };
    for (si, mut persons) in talk_sentences(cx) {
        let s = cx.sents[si];
        // "Hon föreläste om ...": the person last named
        if persons.is_empty() && rx().pronoun_start.is_match(&cx.text[s.start..s.end]) {
            persons.extend((0..r.mentions.len()).rev().find(|&m| {
                r.mentions[m].end <= s.start && is_person(cx, m) && !r.mentions[m].first_name_only
            }));
        }
        for p in persons {
            cx.add(
                "event.main-event-talk",
                p,
                Predicate::ParticipatesIn,
                main_mention,
                "",
                0.5,
                si,
            );
        }
    }
}

/// A signature or byline: a name alone on its line, and on the next line a
/// title and the body ("Annika Ek\n\nChefredaktör Akademikern", "Karin
/// Lund\nSocialchef, Gävle kommun"): the person works there with that title.
fn signatures(cx: &mut Ctx) {
    let r = cx.r;
    let text = cx.text;
    for (p, pm) in r.mentions.iter().enumerate() {
        if !is_person(cx, p) || pm.first_name_only || pm.nested {
            continue;
        }
        let line_start = text[..pm.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[pm.end..].find('\n').map_or(text.len(), |i| pm.end + i);
        if text[line_start..line_end].trim() != pm.surface {
            continue;
        }
        // the next line with text
        let after = &text[line_end..];
        let skip = after.len() - after.trim_start().len();
        let next_start = line_end + skip;
        let next_end = text[next_start..]
            .find('\n')
            .map_or(text.len(), |i| next_start + i);
        if next_start >= next_end || skip > 4 {
            continue;
        }
        let Some(o) = (0..r.mentions.len()).find(|&m| {
            let mm = &r.mentions[m];
            mm.start > next_start
                && mm.end <= next_end
                && !mm.nested
                && cx.ent(m).is_some()
                && cx.etype(m).is_org()
        }) else {
            continue;
        };
        let title = text[next_start..r.mentions[o].start]
            .trim_end_matches([' ', ','])
            .trim_end_matches(" på")
            .trim_end_matches(" i")
            .trim_end_matches(" vid")
            .trim_end_matches(" från")
            .trim_end_matches(" hos")
            .trim_end_matches(" inom")
            .lower();
        if title.is_empty() || title.split(' ').count() > 4 {
            continue;
        }
        let Some(role) = best_role_prefix(&title).filter(|r| r.len() == title.len()) else {
            continue;
        };
        let si = r.sentence_of[p];
        cx.add(
            "worksat.signature",
            p,
            Predicate::WorksAt,
            o,
            &role,
            0.6,
            si,
        );
    }
}

/// A directory row ("Ystad (sydöstra) Karin Ek Socialchef"): the person
/// works at the body the row opens with, with the title that follows the name.
fn directory_rows(cx: &mut Ctx) {
    let rows = cx.r.directory_rows.clone();
    for (o, p, title) in rows {
        let lower = title.lower();
        let cut = lower
            .find(['(', ','])
            .map_or(lower.as_str(), |i| &lower[..i]);
        let Some(role) = best_role_prefix(cut.trim()) else {
            continue;
        };
        let si = cx.r.sentence_of[p];
        // "Malmö Eva Ek Direktör funktionsstödsförvaltningen": a unit named
        // after the title is the post's body, a unit of the row's body
        let pm = &cx.r.mentions[p];
        let line_end = cx.text[pm.end..]
            .find('\n')
            .map_or(cx.text.len(), |e| pm.end + e);
        let unit = (p + 1..cx.r.mentions.len())
            .take_while(|&m| cx.r.mentions[m].start < line_end)
            .find(|&m| {
                !cx.r.mentions[m].nested
                    && cx.etype(m) == EntityType::Organization
                    && Lexicon::get()
                        .unit_level(&cx.r.mentions[m].surface)
                        .is_some()
            });
        if let Some(u) = unit {
            cx.add(
                "worksat.directory-row-unit",
                p,
                Predicate::WorksAt,
                u,
                &role,
                0.7,
                si,
            );
            cx.add("unit.directory-row", u, Predicate::PartOf, o, "", 0.7, si);
            continue;
        }
        cx.add(
            "worksat.directory-row",
            p,
            Predicate::WorksAt,
            o,
            &role,
            0.7,
            si,
        );
    }
}

/// A programme's list of speakers: "Bland debattörerna:", "Medverkande:",
/// "Talare:", "I panelen:" and the people named after it, up to the next
/// labelled line ("Plats:", "Tid:") or the end of the block, take part in
/// the event named last before the list (the programme's event).
fn speaker_lists(cx: &mut Ctx) {
    static RX: OnceLock<(Regex, Regex)> = OnceLock::new();
    let (cue, label) = RX.get_or_init(|| {
        (
            super::pattern::compile(
                r"(?m)(?:^|[.!?][ ]+)[ \t]*(?:Bland[ ]+(?:debattörerna|talarna|föreläsarna|deltagarna|paneldeltagarna|de[ ]+medverkande|gästerna)|Medverkande|Medverkar[ ]+gör|Talare|Föreläsare|Debattörer|Paneldeltagare|Panel|I[ ]+panelen|Panelen)[ \t]*:",
            ),
            super::pattern::compile(
                r"(?m)^[ \t]*(?:Plats|Tid|Datum|Lokal|Var|När|Anmälan|Pris|Kostnad|Arrangör|Arrangörer|Moderator)[ \t]*:",
            ),
        )
    });
    let r = cx.r;
    let text = cx.text;
    for c in cue.find_iter(text) {
        let from = c.end();
        // the block: up to a labelled line, a heading after a blank line
        // that is not part of the list, or 800 bytes
        let mut to = (from + 800).min(text.len());
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        if let Some(l) = label.find(&text[from..to]) {
            to = from + l.start();
        }
        let Some(event) = (0..r.mentions.len())
            .filter(|&m| {
                r.mentions[m].end <= c.start()
                    && c.start() - r.mentions[m].end < 3000
                    && !r.mentions[m].nested
                    && cx.ent(m).is_some()
                    && cx.etype(m) == EntityType::Event
                    // (after a list of sessions the speakers are the
                    // programme's: which session each is in is not said)
                    && r.mentions[m].rule != "event.announced-session"
            })
            .max_by_key(|&m| r.mentions[m].start)
        else {
            continue;
        };
        let speakers: Vec<usize> = (0..r.mentions.len())
            .filter(|&m| {
                let mm = &r.mentions[m];
                mm.start >= from && mm.end <= to && is_person(cx, m) && !mm.first_name_only
            })
            .collect();
        for p in speakers {
            let si = r.sentence_of[p];
            cx.add(
                "event.speaker-list",
                p,
                Predicate::ParticipatesIn,
                event,
                "",
                0.6,
                si,
            );
        }
    }
}

/// Dated lines under a titled event say where it is held:
/// "Stockholm den 19 mars, 09.00–16.00." (a cancelled date is skipped).
fn event_dates(cx: &mut Ctx) {
    let r = cx.r;
    let x = rx();
    let titled: Vec<usize> = (0..r.mentions.len())
        .filter(|&m| {
            cx.ent(m).is_some() && cx.etype(m) == EntityType::Event && !r.mentions[m].nested
        })
        .collect();
    for (si, s) in cx.sents.iter().enumerate() {
        let line = &cx.text[s.start..s.end];
        if !x.date_line.is_match(line) {
            continue;
        }
        let line_end = cx.text[s.start..]
            .find('\n')
            .map_or(cx.text.len(), |i| s.start + i);
        if cx.text[s.start..line_end].lower().contains("inställ") {
            continue;
        }
        let Some(&place) = (0..r.mentions.len())
            .filter(|&m| r.mentions[m].start == s.start && cx.ent(m).is_some())
            .filter(|&m| matches!(cx.etype(m), EntityType::Place | EntityType::Municipality))
            .collect::<Vec<_>>()
            .first()
        else {
            continue;
        };
        let event = titled
            .iter()
            .copied()
            .filter(|&e| r.mentions[e].end <= s.start && s.start - r.mentions[e].end < 2500)
            .max_by_key(|&e| r.mentions[e].start);
        if let Some(e) = event {
            cx.add(
                "event.date-line-place",
                e,
                Predicate::HeldIn,
                place,
                "",
                0.6,
                si,
            );
        }
    }
}

/// "Arbetet med I görs i samverkan mellan A, B och C": they run it.
fn joint_work(cx: &mut Ctx, si: usize, ms: &[usize], sent: &str, base: usize) {
    let x = rx();
    let Some(c) = x.joint.find(sent) else { return };
    let cue = base + c.end();
    let inits: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| cx.etype(m) == EntityType::Initiative)
        .collect();
    if inits.is_empty() {
        return;
    }
    let orgs: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| cx.r.mentions[m].start >= cue && cx.etype(m).is_org())
        .collect();
    for o in orgs {
        for &i in &inits {
            cx.add("initiative.joint-work", o, Predicate::Runs, i, "", 0.6, si);
        }
    }
}

/// partOf / locatedIn / heldIn / runs from composite mentions.
fn composite_links(cx: &mut Ctx) {
    let r = cx.r;
    for (i, m) in r.mentions.iter().enumerate() {
        let si = r.sentence_of[i];
        if let Some(p) = m.parent.and_then(|sp| r.mention_at(sp)) {
            cx.add("composite.part-of", i, Predicate::PartOf, p, "", 0.8, si);
        }
        if let Some(l) = m.located.and_then(|sp| r.mention_at(sp)) {
            let pred = if m.etype == EntityType::Event {
                Predicate::HeldIn
            } else {
                Predicate::LocatedIn
            };
            cx.add("composite.located", i, pred, l, "", 0.75, si);
        }
        if let Some(o) = m.runner.and_then(|sp| r.mention_at(sp)) {
            // the owner runs an initiative and hosts an event
            let pred = if m.etype == EntityType::Event {
                Predicate::Hosts
            } else {
                Predicate::Runs
            };
            cx.add("composite.owner", o, pred, i, "", 0.7, si);
        }
    }
}

fn is_person(cx: &Ctx, m: usize) -> bool {
    cx.etype(m) == EntityType::Person && !cx.r.mentions[m].first_name_only
        || cx.r.mentions[m].first_name_only && cx.ent(m).is_some()
}

/// worksAt from appositions and reversed titles; role phrases that name an
/// event or initiative also give hosts / runs / participatesIn.
fn titles(cx: &mut Ctx, si: usize, ms: &[usize]) {
    let lex = Lexicon::get();
    let x = rx();
    let text = cx.text;
    let mut org_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (k, &p) in ms.iter().enumerate() {
        if !is_person(cx, p) {
            continue;
        }
        let pm = &cx.r.mentions[p];
        let mut found = false;
        // forward: "P, titel på O" / "P som är titel i O" / "P, O:s titel"
        for (k2, &o) in ms.iter().enumerate().skip(k + 1) {
            let om = &cx.r.mentions[o];
            if is_person(cx, o) {
                break;
            }
            if !cx.etype(o).is_org() {
                continue;
            }
            let gap = &text[pm.end..om.start];
            if let Some(c) = ends_at_preposition(gap)
                .then(|| x.appos.captures(gap))
                .flatten()
            {
                if let Some(role) = c.name("role").and_then(|g| normalise_role(g.as_str())) {
                    cx.add(
                        "worksat.apposition-prep",
                        p,
                        Predicate::WorksAt,
                        o,
                        &role,
                        0.85,
                        si,
                    );
                    found = true;
                    org_of.insert(p, o);
                    // event / initiative named inside the title
                    for &mid in &ms[k + 1..k2] {
                        match cx.etype(mid) {
                            EntityType::Event => {
                                cx.add(
                                    "event.host-in-title",
                                    o,
                                    Predicate::Hosts,
                                    mid,
                                    "",
                                    0.7,
                                    si,
                                );
                                cx.add(
                                    "event.participant-in-title",
                                    p,
                                    Predicate::ParticipatesIn,
                                    mid,
                                    "",
                                    0.7,
                                    si,
                                );
                            }
                            EntityType::Initiative => cx.add(
                                "initiative.runs-in-title",
                                o,
                                Predicate::Runs,
                                mid,
                                "",
                                0.7,
                                si,
                            ),
                            _ => {}
                        }
                    }
                    follow_on(cx, si, p, o, ms, k2);
                    break;
                }
            }
            // the other forms of a post next to a name
            if let Some((rule, role, conf)) = apposition_form(cx, si, p, o, gap) {
                cx.add(rule, p, Predicate::WorksAt, o, &role, conf, si);
                found = true;
                org_of.insert(p, o);
            }
            break;
        }
        // "Kommunalrådet P i O", "familjehemssekreterarna P och Q i O"
        let before = text[..pm.start].trim_end();
        let word = before.rsplit([' ', '\n']).next().unwrap_or("");
        if let (false, Some(role)) = (found, lex.role_base(word)) {
            let mut prev_end = pm.end;
            for &o in &ms[k + 1..] {
                let om = &cx.r.mentions[o];
                let gap = &text[prev_end..om.start];
                if is_person(cx, o) && matches!(gap, " och " | ", " | ", och ") {
                    prev_end = om.end;
                    continue;
                }
                if cx.etype(o).is_org() && x.prep_only.is_match(gap) {
                    cx.add(
                        "worksat.title-before-prep-org",
                        p,
                        Predicate::WorksAt,
                        o,
                        &role,
                        0.75,
                        si,
                    );
                }
                break;
            }
        }
        // reversed: "O:s titel P"
        if k > 0 {
            let o = ms[k - 1];
            let om = &cx.r.mentions[o];
            if cx.etype(o).is_org() && om.genitive {
                let gap = &text[om.end..pm.start];
                let words: Vec<&str> = gap.split_whitespace().collect();
                let plain = |ws: &[&str]| {
                    !ws.is_empty()
                        && ws.len() <= 3
                        && ws
                            .iter()
                            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
                };
                if plain(&words) {
                    if let Some(role) = normalise_role(&words.join(" ")) {
                        cx.add(
                            "worksat.genitive-title-name",
                            p,
                            Predicate::WorksAt,
                            o,
                            &role,
                            0.85,
                            si,
                        );
                        org_of.insert(p, o);
                    }
                } else if let Some((role, _)) = genitive_title_apposition(gap) {
                    // "regeringens nationella samordnare för äldreomsorgen, P"
                    cx.add(
                        "worksat.genitive-title-apposition",
                        p,
                        Predicate::WorksAt,
                        o,
                        &role,
                        0.8,
                        si,
                    );
                    org_of.insert(p, o);
                }
            }
        }
    }
    coordination(cx, si, ms, &mut org_of);
}

/// The title between an organisation's genitive and a name set off by a
/// comma, with what the post is for: "[regeringens] nationella samordnare
/// för den sociala barnavården, [P]" → the title and the complement. The
/// complement ("för …", "inom …", "med ansvar för …") runs to the comma, at
/// most eight words without a sentence break.
fn genitive_title_apposition(gap: &str) -> Option<(String, &str)> {
    let g = gap.strip_suffix(", ")?.trim_start();
    let cut = [" för ", " inom ", " med ansvar för "]
        .iter()
        .filter_map(|k| g.find(k))
        .min()?;
    let (head, rest) = g.split_at(cut);
    let words: Vec<&str> = head.split_whitespace().collect();
    let complement_words = rest.split_whitespace().count();
    let clean = |s: &str| !s.contains(['.', ';', ':', '!', '?', '(', ')', '"', '”', '–']);
    if words.is_empty() || words.len() > 3 || complement_words > 9 || !clean(g) {
        return None;
    }
    if !words
        .iter()
        .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
    {
        return None;
    }
    // the title is the last word before the complement
    Lexicon::get().role_base(words[words.len() - 1])?;
    Some((normalise_role(&words.join(" "))?, rest.trim()))
}

/// A post said next to a name without "titel på": "P, O:s titel", "P (M),
/// titel, O.", "Sektionschef, P, O", "P, O, titel", "P på O". The rule, the
/// title and the confidence of the first form that fits.
fn apposition_form(
    cx: &Ctx,
    si: usize,
    p: usize,
    o: usize,
    gap: &str,
) -> Option<(&'static str, String, f32)> {
    let x = rx();
    let text = cx.text;
    let (pm, om) = (&cx.r.mentions[p], &cx.r.mentions[o]);
    if om.genitive && x.appos_gen.is_match(gap) {
        if let Some(role) = x
            .is_gen_role
            .captures(&text[om.end..])
            .and_then(|c| c.name("role"))
            .and_then(|g| best_role_prefix(g.as_str()))
        {
            return Some(("worksat.apposition-genitive", role, 0.8));
        }
    }
    // "P (M), titel, O." (a caption or a quote's attribution): the body
    // closes the phrase
    if let Some(c) = x.title_comma_org.captures(gap) {
        let closes = text[om.end..]
            .chars()
            .next()
            .is_none_or(|ch| matches!(ch, '.' | ',' | ';' | '\n'));
        if let Some(role) = c
            .name("role")
            .filter(|_| closes)
            .and_then(|g| normalise_role(g.as_str()))
        {
            return Some(("worksat.apposition-title-org", role, 0.7));
        }
    }
    // "För mer information: Sektionschef, P, O": a title, the name, the body
    if gap == ", " {
        let before = &text[cx.sents[si].start..pm.start];
        if let Some(role) = x
            .title_comma_before
            .captures(before)
            .and_then(|c| c.name("role"))
            .and_then(|g| normalise_role(g.as_str()))
        {
            return Some(("worksat.title-name-org", role, 0.65));
        }
    }
    // "P, O, titel"
    if gap.trim() == "," {
        if let Some(rest) = text[om.end..].strip_prefix(", ") {
            let phrase: String = rest
                .chars()
                .take_while(|c| !matches!(c, ',' | '.' | ';' | '\n'))
                .collect();
            if let Some(role) = normalise_role(&phrase) {
                return Some(("worksat.apposition-org-title", role, 0.75));
            }
        }
    }
    x.bare_at
        .is_match(gap)
        .then(|| ("worksat.bare-at", String::new(), 0.5))
}

/// Coordinated titles share the organisation named last ("A, enhetschef, B,
/// socialsekreterare, och C, samordnare, vid O"); a caption that lists only
/// names and ends with an organisation ("A, B och C, Skärholmens
/// socialtjänst") gives each a post there without a title.
fn coordination(
    cx: &mut Ctx,
    si: usize,
    ms: &[usize],
    org_of: &mut std::collections::HashMap<usize, usize>,
) {
    let x = rx();
    let text = cx.text;
    let persons: Vec<usize> = ms.iter().copied().filter(|&m| is_person(cx, m)).collect();
    let mut all_role: std::collections::HashMap<usize, String> = std::collections::HashMap::new();
    for &p in &persons {
        if let Some(&o) = org_of.get(&p) {
            let gap = text
                .get(cx.r.mentions[p].end..cx.r.mentions[o].start)
                .unwrap_or("");
            // "alla socialsekreterare i O", or a plural title: "A och B,
            // sektionschefer vid O"; "A och B som är forskare vid O": a
            // relative clause after coordinated names is said of both
            let at_prep = ends_at_preposition(gap);
            let shared = at_prep
                .then(|| x.all_title.captures(gap))
                .flatten()
                .or_else(|| {
                    at_prep
                        .then(|| x.appos.captures(gap))
                        .flatten()
                        .filter(|c| {
                            c.name("role").is_some_and(|g| plural_title(g.as_str()))
                                || gap.starts_with(" som ")
                        })
                });
            if let Some(c) = shared {
                if let Some(role) = c.name("role").and_then(|g| normalise_role(g.as_str())) {
                    all_role.insert(p, role);
                }
            }
        }
    }
    for w in (0..persons.len().saturating_sub(1)).rev() {
        let (p, q) = (persons[w], persons[w + 1]);
        if org_of.contains_key(&p) {
            continue;
        }
        let Some(&o) = org_of.get(&q) else { continue };
        let gap = &text[cx.r.mentions[p].end..cx.r.mentions[q].start];
        // "A, B och C, alla socialsekreterare i O": the last one's title is everyone's
        if let Some(role) = all_role.get(&q) {
            if matches!(gap, ", " | " och " | ", och ") {
                cx.add(
                    "worksat.coordination-all",
                    p,
                    Predicate::WorksAt,
                    o,
                    role,
                    0.7,
                    si,
                );
                org_of.insert(p, o);
                all_role.insert(p, role.clone());
                continue;
            }
        }
        // "A, socialchef, och B, chef för enheten X": what B heads is B's alone
        let heads_it = text
            .get(cx.r.mentions[q].end..cx.r.mentions[o].start)
            .is_some_and(|g| g.trim_end().ends_with(" för"));
        if let Some(c) = x.coordinated.captures(gap).filter(|_| !heads_it) {
            if let Some(role) = c.name("role").and_then(|g| normalise_role(g.as_str())) {
                cx.add(
                    "worksat.coordination-list",
                    p,
                    Predicate::WorksAt,
                    o,
                    &role,
                    0.7,
                    si,
                );
                org_of.insert(p, o);
            }
        }
    }
    // a caption of names ending with one organisation
    let Some((&last, names)) = ms.split_last() else {
        return;
    };
    if names.is_empty() || !cx.etype(last).is_org() || !names.iter().all(|&m| is_person(cx, m)) {
        return;
    }
    let s = cx.sents[si];
    let lead = &text[s.start..cx.r.mentions[names[0]].start];
    let tail = &text[cx.r.mentions[last].end..s.end];
    if !lead.chars().all(|c| c.is_whitespace() || c == '•')
        || !tail.chars().all(|c| c == '.' || c.is_whitespace())
    {
        return;
    }
    let seps_ok = ms.windows(2).all(|w| {
        let gap = &text[cx.r.mentions[w[0]].end..cx.r.mentions[w[1]].start];
        matches!(gap, ", " | " och " | ", och ")
    });
    if seps_ok
        && text[cx.r.mentions[names[names.len() - 1]].end..cx.r.mentions[last].start] == *", "
    {
        for &p in names {
            cx.add(
                "worksat.caption-names-org",
                p,
                Predicate::WorksAt,
                last,
                "",
                0.6,
                si,
            );
        }
    }
}

/// Whether a title phrase is in the plural ("sektionschefer",
/// "enhetscheferna"); forms the same in both numbers ("socialsekreterare",
/// "ordförande") are not.
fn plural_title(phrase: &str) -> bool {
    let lex = Lexicon::get();
    phrase.split_whitespace().any(|w| {
        let lw = w.lower();
        lex.role_base(&lw).is_some_and(|b| {
            b != lw
                && ["er", "erna", "arna"]
                    .iter()
                    .any(|e| lw.ends_with(e) && !b.ends_with(e))
        })
    })
}

/// After "P, titel i O1": ", är O2:s titel" gives a second post.
fn follow_on(cx: &mut Ctx, si: usize, p: usize, o1: usize, ms: &[usize], k2: usize) {
    let text = cx.text;
    let Some(&o2) = ms.get(k2 + 1) else { return };
    let acronym = cx.r.mentions[o2].surface.chars().all(|c| c.is_uppercase());
    if !cx.etype(o2).is_org() || !(cx.r.mentions[o2].genitive || acronym) {
        return;
    }
    let gap = &text[cx.r.mentions[o1].end..cx.r.mentions[o2].start];
    if rx().follow_on.is_match(gap) {
        let after = &text[cx.r.mentions[o2].end..];
        let phrase: String = after
            .chars()
            .take_while(|c| !matches!(c, ',' | '.' | ';' | '(' | '\n'))
            .collect();
        let words: Vec<&str> = phrase.split_whitespace().take(3).collect();
        if let Some(role) = best_role_prefix(&words.join(" ")) {
            cx.add(
                "worksat.follow-on-genitive",
                p,
                Predicate::WorksAt,
                o2,
                &role,
                0.75,
                si,
            );
        }
    }
}

fn subject_of(
    cx: &Ctx,
    ms: &[usize],
    before: usize,
    last_person: Option<usize>,
    sent: &str,
) -> Option<usize> {
    if let Some(&p) = ms
        .iter()
        .rev()
        .find(|&&m| cx.r.mentions[m].start < before && is_person(cx, m))
    {
        return Some(p);
    }
    if rx().pronoun.is_match(sent) {
        return last_person;
    }
    // "Jag har tidigare arbetat på X": in a quote, the speaker named with
    // "säger", "berättar" ... in the same paragraph
    if sent
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w == "jag" || w == "Jag")
    {
        return quote_speaker(cx, before);
    }
    None
}

/// The nearest character boundary at or before a byte position.
fn char_floor(text: &str, mut pos: usize) -> usize {
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// The person a quote at this position is attributed to: the first person
/// named right after a quote verb ("säger Eva Ek", "berättar Eva Ek") later
/// in the same paragraph, or just before it in the paragraph ("Eva Ek
/// berättar:").
fn quote_speaker(cx: &Ctx, pos: usize) -> Option<usize> {
    static VERB: OnceLock<Regex> = OnceLock::new();
    let verb = VERB.get_or_init(|| {
        super::pattern::compile(r"\b(?:säger|sa|sade|berättar|berättade|menar|menade|förklarar|förklarade|tycker|konstaterar|betonar)\s+$")
    });
    let text = cx.text;
    let para_start = text[..pos].rfind("\n\n").map_or(0, |i| i + 2);
    let para_end = text[pos..].find("\n\n").map_or(text.len(), |i| pos + i);
    let r = cx.r;
    (0..r.mentions.len())
        .filter(|&m| {
            let mm = &r.mentions[m];
            mm.start >= para_start
                && mm.end <= para_end
                && !mm.nested
                && is_person(cx, m)
                && verb.is_match(
                    &text[char_floor(text, para_start.max(mm.start.saturating_sub(40)))..mm.start],
                )
        })
        .min_by_key(|&m| r.mentions[m].start.abs_diff(pos))
}

/// "P arbetar (...) som titel på O", "Idag arbetar han vid O som titel",
/// "där hon är titel på O": the subject is the person before the verb or,
/// for a pronoun, the person last named.
fn works_verb(cx: &mut Ctx, si: usize, ms: &[usize], base: usize, last_person: Option<usize>) {
    let x = rx();
    let text = cx.text;
    let orgs: Vec<usize> = cx.orgs(ms);
    for o in orgs {
        let om = &cx.r.mentions[o];
        let before = &text[base..om.start];
        let Some(c) = x.works_verb.captures(before) else {
            continue;
        };
        let (Some(v), Some(mid)) = (c.name("verb"), c.name("mid")) else {
            continue;
        };
        let vpos = base + v.start();
        // no other organisation between the verb and this one
        if ms.iter().any(|&m| {
            let mm = &cx.r.mentions[m];
            mm.start > vpos && mm.start < om.start && cx.etype(m).is_org()
        }) {
            continue;
        }
        let mid = mid.as_str();
        let pronoun = c.name("pron").is_some() || x.pronoun.is_match(mid);
        let subject = ms
            .iter()
            .rev()
            .find(|&&m| cx.r.mentions[m].end <= vpos && is_person(cx, m))
            .copied()
            .or(if pronoun { last_person } else { None });
        let Some(p) = subject else { continue };
        let mut role = x
            .som_role
            .captures(mid)
            .and_then(|r| r.name("role").and_then(|g| normalise_role(g.as_str())));
        if role.is_none() {
            if let Some(r) = x.som_role.captures(&text[om.end..]) {
                role = r.name("role").and_then(|g| best_role_prefix(g.as_str()));
            }
        }
        if v.as_str() == "är" {
            // "hon är socialsekreterare på O": the words are the title
            let words = x.pronoun.replace_all(mid, "");
            role = normalise_role(words.trim());
            if role.is_none() {
                continue;
            }
        }
        cx.add(
            "worksat.verb",
            p,
            Predicate::WorksAt,
            o,
            role.as_deref().unwrap_or(""),
            0.65,
            si,
        );
    }
}

/// A former post said with the time word apart from the verb: "Tidigare har
/// Eva Ek arbetat på X", "Innan dess arbetade hon i X", "Hon kommer närmast
/// från en tjänst som ... i X"; or a past title: "Han var socialdirektör i X".
/// The organisations after the verb, up to the clause's end, are former
/// employers of the person named before the verb (or the pronoun's person).
fn former_spread(
    cx: &mut Ctx,
    si: usize,
    ms: &[usize],
    sent: &str,
    base: usize,
    last_person: Option<usize>,
) {
    static RX: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    let (cue, verb, past_title) = RX.get_or_init(|| {
        (
            super::pattern::compile(r"(?i)\b(?:tidigare|innan\s+dess|dessförinnan|förut|närmast)\b"),
            super::pattern::compile(r"\b(?:arbetat|jobbat|varit\s+anställd|arbetade|jobbade|var\s+anställd|kommer\s+(?:\p{Ll}+\s+)?från|kom\s+(?:\p{Ll}+\s+)?från)\b"),
            super::pattern::compile(r"(?:^|\s)(?:[Hh]an|[Hh]on|\p{Lu}\p{Ll}+)\s+var\s+(?P<role>(?:\p{Ll}+\s+){0,2}\p{Ll}+)\s+(?:i|på|vid|hos|inom)\s+$"),
        )
    });
    let verb_at = verb.find(sent).filter(|_| cue.is_match(sent));
    let (start, rule) = match verb_at {
        Some(v) => (v.end(), "former.cue-apart"),
        _ => {
            // "Han var socialdirektör i Malmö": only before an organisation
            if !sent.contains(" var ") {
                return;
            }
            let mut found = None;
            for &o in ms {
                let om = &cx.r.mentions[o];
                if !cx.etype(o).is_org() || om.start < base {
                    continue;
                }
                if let Some(c) = past_title.captures(&sent[..om.start - base]) {
                    if c.name("role")
                        .and_then(|r| normalise_role(r.as_str()))
                        .is_some()
                    {
                        found = Some((c.get(0).map_or(0, |m| m.start()), o));
                        break;
                    }
                }
            }
            let Some((at, o)) = found else { return };
            let subject = subject_of(cx, ms, base + at + 1, last_person, sent);
            if let Some(p) = subject {
                cx.add(
                    "former.past-title",
                    p,
                    Predicate::FormerlyWorkedAt,
                    o,
                    "",
                    0.55,
                    si,
                );
            }
            return;
        }
    };
    let clause_end = sent[start..]
        .find(['.', ';'])
        .map_or(sent.len(), |e| start + e);
    let clause = &sent[start..clause_end];
    if clause.contains(" sedan ") || clause.contains(" nu ") || clause.contains(" där ") {
        return;
    }
    let Some(p) = subject_of(cx, ms, base + start, last_person, sent) else {
        return;
    };
    for &o in ms {
        let om = &cx.r.mentions[o];
        if om.start >= base + start && om.end <= base + clause_end && cx.etype(o).is_org() {
            cx.add(rule, p, Predicate::FormerlyWorkedAt, o, "", 0.6, si);
        }
    }
}

fn former_and_study(
    cx: &mut Ctx,
    si: usize,
    ms: &[usize],
    sent: &str,
    base: usize,
    last_person: Option<usize>,
) {
    let x = rx();
    if let Some(c) = x.former.find(sent) {
        let cue = base + c.start();
        if let Some(p) = subject_of(cx, ms, cue, last_person, sent) {
            let clause_end = sent[c.end()..]
                .find(['.', ';'])
                .map_or(sent.len(), |e| c.end() + e);
            let current = sent[c.end()..clause_end].contains(" sedan ")
                || sent[c.end()..clause_end].contains(" där ");
            for &o in ms {
                let om = &cx.r.mentions[o];
                if om.start > cue
                    && om.start < base + clause_end
                    && cx.etype(o).is_org()
                    && !current
                {
                    cx.add("former.cue", p, Predicate::FormerlyWorkedAt, o, "", 0.7, si);
                }
            }
        }
    } else {
        former_spread(cx, si, ms, sent, base, last_person);
    }
    if let Some(c) = x.study.find(sent) {
        let cue = base + c.start();
        let p = subject_of(cx, ms, cue, last_person, sent)
            .or_else(|| ms.iter().copied().find(|&m| is_person(cx, m)));
        if let Some(p) = p {
            for &o in ms {
                if cx.etype(o) == EntityType::University && cx.r.mentions[o].start > cue {
                    cx.add("studies.cue", p, Predicate::StudiesAt, o, "", 0.75, si);
                }
            }
        }
    }
}

fn events(cx: &mut Ctx, si: usize, ms: &[usize], sent: &str, heading: Option<usize>) {
    let lex = Lexicon::get();
    let x = rx();
    let text = cx.text;
    let evs: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| cx.etype(m) == EntityType::Event)
        .collect();
    // heldIn: "E på Stockholmsmässan i Älvsjö", "Järvaveckan i Stockholm"
    for &e in &evs {
        let em = &cx.r.mentions[e];
        let mut prev_end = em.end;
        for &pl in ms.iter().filter(|&&m| cx.r.mentions[m].start >= em.end) {
            let t = cx.etype(pl);
            if !matches!(t, EntityType::Place | EntityType::Municipality) {
                break;
            }
            let gap = &text[prev_end..cx.r.mentions[pl].start];
            if x.held.is_match(gap) {
                cx.add("event.held-prep", e, Predicate::HeldIn, pl, "", 0.75, si);
                prev_end = cx.r.mentions[pl].end;
            } else {
                break;
            }
        }
        // hosts: "FSS årliga event Socialchefsdagarna"
        if let Some(&o) = ms
            .iter()
            .rev()
            .find(|&&m| cx.r.mentions[m].end <= em.start && cx.etype(m).is_org())
        {
            let gap = &text[cx.r.mentions[o].end..em.start];
            if x.host_between.is_match(gap) {
                cx.add("event.host-before", o, Predicate::Hosts, e, "", 0.75, si);
            }
        }
    }
    // "Fredag bjuder A och B in till forskningsfrukost med temat X": the
    // head word of an event named elsewhere in the text refers to it
    if evs.is_empty() && (x.arrange.is_match(sent) || x.invite_split.is_match(sent)) {
        let lower = sent.lower();
        let r = cx.r;
        let referred = (0..r.mentions.len()).find(|&m| {
            let mm = &r.mentions[m];
            cx.etype(m) == EntityType::Event
                && !mm.nested
                && cx.ent(m).is_some()
                && mm.surface.contains(' ')
                && mm
                    .surface
                    .split(' ')
                    .next()
                    .is_some_and(|h| h.chars().count() > 5 && lower.contains(&h.lower()))
        });
        if let Some(e) = referred {
            // (a bare city inside a name is no host: "FoU Helsingborg")
            for o in cx.orgs(ms).into_iter().filter(|&o| !r.mentions[o].city) {
                cx.add(
                    "event.host-head-reference",
                    o,
                    Predicate::Hosts,
                    e,
                    "",
                    0.55,
                    si,
                );
            }
        }
    }
    // hosts: "arrangeras av O", "O arrangerar E"
    if !evs.is_empty() && x.arrange.is_match(sent) {
        let orgs: Vec<usize> = cx.orgs(ms);
        for o in orgs {
            for &e in &evs {
                cx.add(
                    "event.host-arrange-verb",
                    o,
                    Predicate::Hosts,
                    e,
                    "",
                    0.6,
                    si,
                );
            }
        }
    }
    // participants: a programme line "Deltar gör A och B" under an event heading
    let persons: Vec<usize> = ms.iter().copied().filter(|&m| is_person(cx, m)).collect();
    if x.participants.is_match(sent) {
        if let Some(h) = evs.first().copied().or(heading) {
            for &p in &persons {
                cx.add(
                    "event.programme-line",
                    p,
                    Predicate::ParticipatesIn,
                    h,
                    "",
                    0.7,
                    si,
                );
            }
        }
        return;
    }
    if evs.is_empty() || persons.is_empty() {
        return;
    }
    let lower = sent.lower();
    let cue = lex
        .participation_cues
        .iter()
        .any(|c| lower.contains(c.as_str()));
    for &e in &evs {
        let em = &cx.r.mentions[e];
        // caption: "P, titel i O, på E"
        let before = &text[..em.start];
        let on_event = before.ends_with(", på ") || before.ends_with(" på ");
        for &p in &persons {
            let pm = &cx.r.mentions[p];
            if cue || (on_event && pm.start < em.start) {
                cx.add(
                    "event.participant-cue",
                    p,
                    Predicate::ParticipatesIn,
                    e,
                    "",
                    if cue { 0.6 } else { 0.65 },
                    si,
                );
            }
        }
    }
}

fn initiatives_and_seats(cx: &mut Ctx, si: usize, ms: &[usize], sent: &str, base: usize) {
    let x = rx();
    let text = cx.text;
    let inits: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| cx.etype(m) == EntityType::Initiative)
        .collect();
    // "socionomprogrammet på Umeå universitet": a programme at a university
    for w in ms.windows(2) {
        let (i, u) = (w[0], w[1]);
        if cx.etype(i) == EntityType::Initiative
            && cx.etype(u) == EntityType::University
            && matches!(
                &text[cx.r.mentions[i].end..cx.r.mentions[u].start],
                " på " | " vid "
            )
        {
            cx.add(
                "initiative.at-university",
                u,
                Predicate::Runs,
                i,
                "",
                0.7,
                si,
            );
        }
        // "Centrum för civilsamhällesforskning på Ersta Sköndal Bräcke
        // högskola": a body at a university is part of it
        if cx.etype(i) == EntityType::Organization
            && cx.etype(u) == EntityType::University
            && !cx.r.mentions[i].city
            && matches!(
                &text[cx.r.mentions[i].end..cx.r.mentions[u].start],
                " på " | " vid "
            )
        {
            cx.add("unit.at-university", i, Predicate::PartOf, u, "", 0.6, si);
        }
    }
    if !inits.is_empty() {
        if let Some(v) = x.runs_verb.find(sent) {
            let vpos = base + v.start();
            let vend = base + v.end();
            // "O införde I", or inverted "... införde O I"
            let before = ms
                .iter()
                .rev()
                .find(|&&m| cx.r.mentions[m].start < vpos && cx.etype(m).is_org());
            let after = ms
                .iter()
                .find(|&&m| cx.r.mentions[m].start == vend + 1 && cx.etype(m).is_org());
            // "vi införde 6+2 ..., berättar P, titel vid O": the speaker's organisation
            let speaker_org =
                if x.we.is_match(&sent[..v.start()]) || x.we.is_match(&sent[v.end()..]) {
                    ms.iter().copied().find(|&m| {
                        cx.etype(m).is_org()
                            && cx.out.iter().any(|rr| {
                                rr.predicate == Predicate::WorksAt
                                    && rr.sentence == si
                                    && Some(rr.object) == cx.ent(m)
                            })
                    })
                } else {
                    None
                };
            if let Some(o) = speaker_org.or(after.copied()).or(before.copied()) {
                for &i in inits.iter().filter(|&&i| cx.r.mentions[i].start > vpos) {
                    cx.add("initiative.runs-verb", o, Predicate::Runs, i, "", 0.6, si);
                }
            }
        }
    }
    // "O har sitt säte i X"
    let places: Vec<usize> = ms
        .iter()
        .copied()
        .filter(|&m| matches!(cx.etype(m), EntityType::Place | EntityType::Municipality))
        .collect();
    for pl in places {
        let before = &text[base..cx.r.mentions[pl].start];
        if x.seat.is_match(before) {
            let org = ms
                .iter()
                .rev()
                .find(|&&m| cx.r.mentions[m].end <= cx.r.mentions[pl].start && cx.etype(m).is_org())
                .copied()
                // "efter att de etablerat sig i X tar Maskrosbarn ...": the
                // organisation named later in the sentence
                .or_else(|| {
                    ms.iter()
                        .find(|&&m| {
                            cx.r.mentions[m].start > cx.r.mentions[pl].end
                                && cx.etype(m).is_org()
                                && cx.etype(m) != EntityType::Municipality
                        })
                        .copied()
                })
                .or_else(|| recent_org(cx, cx.r.mentions[pl].start));
            if let Some(o) = org {
                cx.add(
                    "locatedin.seat-verb",
                    o,
                    Predicate::LocatedIn,
                    pl,
                    "",
                    0.65,
                    si,
                );
            }
        }
    }
}

/// The sentences with a talk cue (data/talk_cues.txt) that name no event,
/// each with the people it names.
fn talk_sentences(cx: &Ctx) -> Vec<(usize, Vec<usize>)> {
    let lex = Lexicon::get();
    // all cues in one pass over a sentence
    static CUES: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    let cues = CUES
        .get_or_init(|| aho_corasick::AhoCorasick::new(&lex.talk_cues).ok())
        .as_ref();
    let mut out = Vec::new();
    for (si, s) in cx.sents.iter().enumerate() {
        let ms = cx.sentence_mentions(si);
        if ms.iter().any(|&m| cx.etype(m) == EntityType::Event) {
            continue;
        }
        let persons: Vec<usize> = ms.into_iter().filter(|&m| is_person(cx, m)).collect();
        // the cue is looked for only where someone can speak: a name or a
        // sentence that opens with "Hon"/"Han"
        if persons.is_empty() && !rx().pronoun_start.is_match(&cx.text[s.start..s.end]) {
            continue;
        }
        let sent = cx.text[s.start..s.end].lower();
        let found = match cues {
            Some(ac) => ac.is_match(&sent),
            None => lex.talk_cues.iter().any(|c| sent.contains(c.as_str())),
        };
        if found {
            out.push((si, persons));
        }
    }
    out
}

/// In a report from an event, the people who speak in the sentences after
/// it took part: a sentence with a talk cue (data/talk_cues.txt: "talade",
/// "föreläste", "lyfte fram" ...) that names people and no event ties them
/// to the event named last before it in its paragraph (within 600 bytes;
/// "Även Socionomens panelsamtal om X blev välbesökt.
/// Eva Ek, ordförande i Y, lyfte fram ...").
fn event_context_participants(cx: &mut Ctx) {
    let r = cx.r;
    for (si, persons) in talk_sentences(cx) {
        let s = cx.sents[si];
        // (a first name alone counts when it refers back to a full name)
        let persons: Vec<usize> = persons
            .into_iter()
            .filter(|&m| cx.etype(m) == EntityType::Person)
            .collect();
        if persons.is_empty() {
            continue;
        }
        // the event the sentence names by its head word ("Under
        // forskningsfrukosten kommer ... att presentera"), else the last
        // one named within the sentence's own paragraph
        let referred = || {
            let lower = cx.text[s.start..s.end].lower();
            (0..r.mentions.len()).find(|&m| {
                let mm = &r.mentions[m];
                cx.etype(m) == EntityType::Event
                    && !mm.nested
                    && cx.ent(m).is_some()
                    && mm
                        .surface
                        .split(' ')
                        .next()
                        .is_some_and(|h| h.chars().count() > 5 && lower.contains(&h.lower()))
            })
        };
        let para = cx.text[..s.start].rfind("\n\n").unwrap_or(0);
        let from = para.max(s.start.saturating_sub(600));
        let event = (0..r.mentions.len())
            .filter(|&m| {
                let mm = &r.mentions[m];
                mm.start >= from
                    && mm.end <= s.start
                    && !mm.nested
                    && cx.ent(m).is_some()
                    && cx.etype(m) == EntityType::Event
            })
            .max_by_key(|&m| r.mentions[m].start)
            .or_else(referred);
        if let Some(e) = event {
            for &p in &persons {
                cx.add(
                    "event.context-talk",
                    p,
                    Predicate::ParticipatesIn,
                    e,
                    "",
                    0.5,
                    si,
                );
            }
        }
    }
}

/// "Plats: Mindpark, lokal Auditoriet": a programme's venue line holds the
/// events named above it in the same block (since the previous venue line,
/// within 1 500 bytes).
/// The bodies named in the line that announces a list of sessions
/// ("Akademikern och Socionomen håller / två paneldebatter under
/// Almedalsveckan:") host each session of the list; a line that opens in
/// lower case goes on from the line above.
fn session_hosts(cx: &mut Ctx) {
    let r = cx.r;
    let text = cx.text;
    for e in 0..r.mentions.len() {
        if r.mentions[e].rule != "event.announced-session" || cx.ent(e).is_none() {
            continue;
        }
        let Some((mut from, to)) = super::mentions::session_intro_before(text, r.mentions[e].start)
        else {
            continue;
        };
        if text[from..to].trim_start().starts_with(char::is_lowercase) {
            let above = text[..from].trim_end();
            from = above.rfind('\n').map_or(0, |i| i + 1);
        }
        let hosts: Vec<usize> = (0..r.mentions.len())
            .filter(|&m| {
                let mm = &r.mentions[m];
                mm.start >= from
                    && mm.end <= to
                    && !mm.nested
                    && cx.ent(m).is_some()
                    && cx.etype(m).is_org()
                    && !mm.city
            })
            .collect();
        let si = r.sentence_of[e];
        for o in hosts {
            cx.add("event.session-host", o, Predicate::Hosts, e, "", 0.6, si);
        }
    }
}

fn venue_lines(cx: &mut Ctx) {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label =
        LABEL.get_or_init(|| super::pattern::compile(r"(?m)^[ \t]*(?:Plats|Lokal|Var)[ ]*:"));
    let r = cx.r;
    let mut block_start = 0;
    for l in label.find_iter(cx.text) {
        let line_end = cx.text[l.end()..]
            .find('\n')
            .map_or(cx.text.len(), |i| l.end() + i);
        let places: Vec<usize> = (0..r.mentions.len())
            .filter(|&m| {
                let mm = &r.mentions[m];
                mm.start >= l.end()
                    && mm.end <= line_end
                    && !mm.nested
                    && cx.ent(m).is_some()
                    && matches!(cx.etype(m), EntityType::Place | EntityType::Municipality)
            })
            .collect();
        let from = block_start.max(l.start().saturating_sub(1500));
        let events: Vec<usize> = (0..r.mentions.len())
            .filter(|&m| {
                let mm = &r.mentions[m];
                mm.start >= from
                    && mm.end <= l.start()
                    && !mm.nested
                    && cx.ent(m).is_some()
                    && cx.etype(m) == EntityType::Event
                    // "under Almedalsveckan": the event that holds the
                    // programme, not one held at the venue
                    && !cx.text[..mm.start].ends_with("under ")
            })
            .collect();
        for &e in &events {
            for &pl in &places {
                let si = r.sentence_of[pl];
                cx.add("event.venue-line", e, Predicate::HeldIn, pl, "", 0.6, si);
            }
        }
        block_start = line_end;
    }
}

/// "Mittuniversitetet i Östersund", "Norrlands Bemanning AB i Umeå": an
/// organisation that is not a unit, directly followed by "i" and a place, is
/// located there (units belong to the place's municipality instead, and a
/// union's "i X" names a branch).
fn org_in_place(cx: &mut Ctx) {
    let r = cx.r;
    for (o, om) in r.mentions.iter().enumerate() {
        if om.nested
            || om.unit
            || cx.ent(o).is_none()
            || !matches!(
                cx.etype(o),
                EntityType::University | EntityType::Company | EntityType::Organization
            )
        {
            continue;
        }
        if !cx.text[om.end..].starts_with(" i ") {
            continue;
        }
        let at = om.end + 3;
        let Some(pl) = (0..r.mentions.len()).find(|&m| {
            r.mentions[m].start == at
                && !r.mentions[m].nested
                && (cx.etype(m) == EntityType::Place || r.mentions[m].city)
        }) else {
            continue;
        };
        cx.add(
            "locatedin.org-i-place",
            o,
            Predicate::LocatedIn,
            pl,
            "",
            0.6,
            r.sentence_of[o],
        );
    }
}

/// The last organisation mentioned before a position, within 600 bytes.
fn recent_org(cx: &Ctx, pos: usize) -> Option<usize> {
    (0..cx.r.mentions.len()).rev().find(|&m| {
        let mm = &cx.r.mentions[m];
        mm.end <= pos
            && pos - mm.end < 600
            && !mm.nested
            && cx.etype(m).is_org()
            && cx.ent(m).is_some()
    })
}

/// A contact block: a name line, address lines with a postal code, phone,
/// e-mail, web. The body named on the first line is located in the postal
/// town and any venue line.
fn contact_blocks(cx: &mut Ctx) {
    static POSTAL: OnceLock<Regex> = OnceLock::new();
    let postal =
        POSTAL.get_or_init(|| super::pattern::compile(r"(?m)^[ \t]*\d{3}[ ]?\d{2}[ ]+\p{Lu}"));
    let text = cx.text;
    for pm in postal.find_iter(text) {
        // block = lines back to the previous blank line
        let block_start = text[..pm.start()].rfind("\n\n").map_or(0, |i| i + 2);
        let line_end = text[pm.start()..]
            .find('\n')
            .map_or(text.len(), |i| pm.start() + i);
        let in_block: Vec<usize> = (0..cx.r.mentions.len())
            .filter(|&m| {
                let mm = &cx.r.mentions[m];
                mm.start >= block_start && mm.end <= line_end && !mm.nested && cx.ent(m).is_some()
            })
            .collect();
        let Some(&org) = in_block.iter().find(|&&m| cx.etype(m).is_org()) else {
            continue;
        };
        let si = cx.r.sentence_of[org];
        for &pl in &in_block {
            if cx.etype(pl) == EntityType::Place && cx.r.entity_of[pl] != cx.r.entity_of[org] {
                // a postal town that is the body's own municipality is no fact
                let same_town = cx.r.mentions[org]
                    .canon
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(&cx.r.mentions[pl].surface));
                if !same_town {
                    cx.add(
                        "locatedin.contact-block",
                        org,
                        Predicate::LocatedIn,
                        pl,
                        "",
                        0.7,
                        si,
                    );
                }
            }
        }
    }
}
