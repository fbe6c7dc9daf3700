//! Every saved query in `queries/` runs on the sample corpus and returns
//! the rows its question expects.
mod common;
use oxigraph::store::Store;
use std::sync::OnceLock;

struct Kg {
    _dir: tempfile::TempDir,
    store: Store,
}

fn kg() -> &'static Kg {
    static KG: OnceLock<Kg> = OnceLock::new();
    KG.get_or_init(|| {
        let (dir, corpus) = common::corpus();
        let path = dir.path().join("kg");
        let report = socgraf::store::build(&[corpus], &path, &Default::default()).expect("build");
        assert_eq!(report.added, 9);
        let store = socgraf::store::open_existing(&path).expect("open");
        Kg { _dir: dir, store }
    })
}

fn rows(file: &str) -> Vec<Vec<String>> {
    let q = std::fs::read_to_string(format!("{}/queries/{file}", env!("CARGO_MANIFEST_DIR")))
        .expect("query file");
    assert!(
        q.starts_with("# "),
        "{file} must start with a comment saying what it answers"
    );
    socgraf::query::select(&kg().store, &q)
        .expect("query runs")
        .1
}

fn has(rows: &[Vec<String>], cells: &[&str]) -> bool {
    rows.iter()
        .any(|r| cells.iter().all(|c| r.iter().any(|x| x == c)))
}

#[test]
fn every_saved_query_parses_and_has_a_question() {
    let dir = format!("{}/queries", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let q = std::fs::read_to_string(&path).unwrap();
        assert!(
            q.lines().next().unwrap().starts_with("# "),
            "{}",
            path.display()
        );
        socgraf::query::check_syntax(&q).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        n += 1;
    }
    assert!(n >= 10, "at least ten saved queries, found {n}");
}

#[test]
fn who_works_where() {
    let r = rows("01-who-works-where.rq");
    assert!(has(
        &r,
        &[
            "Birgitta Holmqvist",
            "förbundsordförande",
            "Akademikerförbundet SSR",
            "Union"
        ]
    ));
    assert!(has(&r, &["Karl Edström", "utredare", "Vision"]));
    assert!(has(
        &r,
        &[
            "Annika Strand",
            "förvaltningschef",
            "socialförvaltningen i Örebro kommun"
        ]
    ));
    assert!(has(
        &r,
        &[
            "Henrik Sundqvist",
            "kommunalråd",
            "Luleå kommun",
            "Municipality"
        ]
    ));
    assert!(has(
        &r,
        &[
            "Amanda Lövgren",
            "konsultchef",
            "Östra Socionombemanning AB",
            "Company"
        ]
    ));
}

#[test]
fn people_with_several_organisations() {
    let r = rows("02-people-several-organisations.rq");
    let karl = r
        .iter()
        .find(|x| x[0] == "Karl Edström")
        .expect("Karl Edström");
    assert_eq!(karl[1], "3");
    assert!(
        karl[2].contains("Uppsala kommun") && karl[2].contains("Sveriges Kommuner och Regioner")
    );
    assert!(has(&r, &["Sofia Nyström"]));
}

#[test]
fn units_of_municipalities() {
    let r = rows("03-units-of-municipalities.rq");
    assert!(has(
        &r,
        &["Örebro kommun", "socialförvaltningen i Örebro kommun"]
    ));
    assert!(has(&r, &["Luleå kommun", "Socialtjänsten i Luleå"]));
    assert!(has(
        &r,
        &[
            "Gävle kommun",
            "Individ- och familjeomsorgen i Gävle kommun"
        ]
    ));
}

#[test]
fn initiatives_and_who_runs_them() {
    let r = rows("04-initiatives.rq");
    assert!(has(&r, &["7+1", "Socialtjänsten i Luleå"]));
    assert!(has(&r, &["Örebro kommuns handlingsplan", "Örebro kommun"]));
}

#[test]
fn events_with_host_place_participants() {
    let r = rows("05-events.rq");
    let sd = r
        .iter()
        .find(|x| x[0] == "Socionomdagarna 2025")
        .expect("Socionomdagarna 2025");
    assert_eq!(sd[1], "Insight Events");
    assert!(sd[2].contains("Stockholmsmässan") && sd[2].contains("Älvsjö"));
    assert!(sd[3].contains("Maja Lindgren"));
    let umea = r.iter().find(|x| x[0] == "Umeå 3/10").expect("Umeå 3/10");
    assert!(umea[3].contains("Ida Backman") && umea[3].contains("Viktor Nordin"));
}

#[test]
fn entities_in_several_documents() {
    let r = rows("06-entities-in-several-documents.rq");
    // two articles and the demo's PDF report
    assert!(has(&r, &["Akademikerförbundet SSR", "Union", "3"]), "{r:?}");
}

#[test]
fn organisations_by_people() {
    let r = rows("07-organisations-by-people.rq");
    assert!(has(&r, &["Vision", "2"]));
    assert!(has(&r, &["Akademikerförbundet SSR", "2"]));
    let counts: Vec<u32> = r.iter().map(|x| x[1].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "ranked by people");
}

#[test]
fn evidence_for_a_fact() {
    let r = rows("08-evidence-for-a-fact.rq");
    let row = r
        .iter()
        .find(|x| x[0] == "worksAt")
        .expect("worksAt evidence");
    assert_eq!(row[1], "Akademikerförbundet SSR");
    assert_eq!(row[3], "socionomdagar");
    assert!(row[6].starts_with("Birgitta Holmqvist, förbundsordförande i Akademikerförbundet SSR"));
    let text = socgraf::demo::CORPUS
        .iter()
        .find(|c| c.0 == "socionomdagar.txt")
        .unwrap()
        .1;
    let (s, e): (usize, usize) = (row[4].parse().unwrap(), row[5].parse().unwrap());
    assert_eq!(text.chars().skip(s).take(e - s).collect::<String>(), row[6]);
}

#[test]
fn documents() {
    let r = rows("09-documents.rq");
    assert_eq!(r.len(), 9);
    // the web page: title from og:title, date from its metadata, read by
    // the readability reader
    assert!(
        has(
            &r,
            &[
                "ny-enhetschef-orsa",
                "Orsa kommun får ny enhetschef för hemtjänsten",
                "2025-11-18",
                "html:meta",
                "html"
            ]
        ),
        "{r:?}"
    );
    assert!(
        has(
            &r,
            &[
                "handlingsplan-orebro",
                "2024-05-14",
                "text:dateline",
                "text"
            ]
        ),
        "{r:?}"
    );
    assert!(has(
        &r,
        &[
            "vision-enkat",
            "Fyra av tio socialsekreterare överväger att byta jobb"
        ]
    ));
}

#[test]
fn municipalities_with_scb_codes() {
    let r = rows("10-municipalities-scb.rq");
    for (name, code, county) in [
        ("Luleå kommun", "2580", "Norrbottens län"),
        ("Örebro kommun", "1880", "Örebro län"),
        ("Gävle kommun", "2180", "Gävleborgs län"),
        ("Uppsala kommun", "0380", "Uppsala län"),
        // the SCB name as corrected in the open data (was "Kalmars kommun")
        ("Kalmar kommun", "0880", "Kalmar län"),
    ] {
        assert!(has(&r, &[name, code, county]), "{name} {code}");
    }
    // every municipality in the store has its Wikidata item, offline
    assert!(r.len() >= 8, "{r:?}");
    assert!(
        r.iter()
            .all(|row| row[4].starts_with("<http://www.wikidata.org/entity/Q")),
        "{r:?}"
    );
    // Luleå's item, from the public extracts of Wikidata in ../shared/opendata
    assert!(has(
        &r,
        &["Luleå kommun", "<http://www.wikidata.org/entity/Q177019>"]
    ));
}

#[test]
fn people_join_the_scb_code_and_wikidata_item_of_their_municipality() {
    let r = rows("15-people-by-municipality-code.rq");
    assert!(
        r.iter().any(|row| row[2] == "Örebro kommun"
            && row[3] == "1880"
            && row[4].starts_with("<http://www.wikidata.org/entity/Q")),
        "{r:?}"
    );
}

#[test]
fn a_municipality_has_one_label_in_every_saved_query() {
    // however articles write it ("Malmö stad", "Stockholms stad"), the SCB name
    for file in [
        "01-who-works-where.rq",
        "03-units-of-municipalities.rq",
        "06-entities-in-several-documents.rq",
    ] {
        let r = rows(file);
        assert!(
            !r.iter()
                .flatten()
                .any(|c| c == "Malmö stad" || c == "Gävle kommuns"),
            "{file}: {r:?}"
        );
    }
}

#[test]
fn former_employers() {
    let r = rows("11-former-employers.rq");
    assert!(has(
        &r,
        &["Tomas Berggren", "Socialstyrelsen", "Umeå universitet"]
    ));
    assert!(has(&r, &["Amanda Lövgren", "Kalmar kommun"]));
}

#[test]
fn facts_to_review_are_below_threshold() {
    let r = rows("12-facts-to-review.rq");
    assert!(!r.is_empty());
    assert!(r.iter().all(|x| x[3].parse::<f64>().unwrap() < 0.7));
}

#[test]
fn places_and_studies() {
    let r = rows("13-places-and-studies.rq");
    assert!(has(
        &r,
        &["Sofia Nyström", "studiesAt", "Högskolan i Gävle"]
    ));
    assert!(has(
        &r,
        &["Östra Socionombemanning AB", "locatedIn", "Kalmar kommun"]
    ));
    assert!(has(
        &r,
        &[
            "Akademikerförbundet SSR i Malmö stad",
            "locatedIn",
            "Malmö stad"
        ]
    ));
}

#[test]
fn survey_figures() {
    let r = rows("14-survey-figures.rq");
    let top = &r[0];
    assert_eq!(top[0], "64");
    assert_eq!(top[1], "procent");
    assert_eq!(top[2], "socialsekreterarna");
    assert_eq!(top[3], "Vision");
    assert_eq!(top[4], "mars 2025");
    assert!(top[5].starts_with("64 procent av socialsekreterarna anser"));
    assert!(has(&r, &["41"]));
}

#[test]
fn people_by_municipality_code() {
    let r = rows("15-people-by-municipality-code.rq");
    assert!(has(
        &r,
        &[
            "Annika Strand",
            "socialförvaltningen i Örebro kommun",
            "Örebro kommun",
            "1880"
        ]
    ));
    assert!(has(&r, &["Henrik Sundqvist", "Luleå kommun", "2580"]));
    assert!(has(
        &r,
        &[
            "Karin Öberg",
            "Socialtjänsten i Luleå",
            "Luleå kommun",
            "2580"
        ]
    ));
}

#[test]
fn latest_employer_with_the_date_of_the_article() {
    let r = rows("16-latest-employer.rq");
    // the web page of the sample corpus: its date from article:published_time
    assert!(has(&r, &["Maja Ekström", "2025-11-18"]), "{r:?}");
    // a text with a dateline ("Publicerad 14 maj 2024")
    assert!(has(&r, &["Annika Strand", "2024-05-14"]), "{r:?}");
    // undated articles give no row
    assert!(
        !r.iter()
            .any(|row| row.iter().any(|c| c == "Birgitta Holmqvist")),
        "{r:?}"
    );
}
