//! Extraction patterns, each on sentences the project writes: a sentence in,
//! the facts out.
use socgraf::extract::{extract, DocFacts, EntityType, Predicate};
use socgraf::text::Document;

fn facts(text: &str) -> DocFacts {
    extract(&Document::from_text("t", text))
}

fn rel(f: &DocFacts, s: &str, p: Predicate, o: &str) -> Option<String> {
    f.relations
        .iter()
        .find(|r| r.subject == s && r.predicate == p && r.object == o)
        .map(|r| r.role.clone())
}

fn ent(f: &DocFacts, name: &str) -> Option<EntityType> {
    f.entities.iter().find(|e| e.name == name).map(|e| e.etype)
}

#[test]
fn apposition_title_at_organisation() {
    let f = facts("Lovisa Hed, socialpolitisk utredare på Vision, säger att läget är allvarligt.");
    assert_eq!(
        rel(&f, "Lovisa Hed", Predicate::WorksAt, "Vision").as_deref(),
        Some("socialpolitisk utredare")
    );
    assert_eq!(ent(&f, "Vision"), Some(EntityType::Union));
}

#[test]
fn reversed_genitive_title() {
    let f = facts("Det menar Socialstyrelsens generaldirektör Pia Ekdahl.");
    assert_eq!(
        rel(&f, "Pia Ekdahl", Predicate::WorksAt, "Socialstyrelsen").as_deref(),
        Some("generaldirektör")
    );
    let f = facts("Det säger regeringens särskilda utredare Bo Lindfors.");
    assert_eq!(
        rel(&f, "Bo Lindfors", Predicate::WorksAt, "regeringen").as_deref(),
        Some("särskild utredare")
    );
}

#[test]
fn unit_in_municipality_is_part_of_it_and_the_city_is_a_municipality() {
    let f = facts("Rut Alm, enhetschef på socialförvaltningen i Eskilstuna kommun, berättar.");
    assert_eq!(
        rel(
            &f,
            "Rut Alm",
            Predicate::WorksAt,
            "socialförvaltningen i Eskilstuna kommun"
        )
        .as_deref(),
        Some("enhetschef")
    );
    assert!(rel(
        &f,
        "socialförvaltningen i Eskilstuna kommun",
        Predicate::PartOf,
        "Eskilstuna kommun"
    )
    .is_some());
    assert_eq!(ent(&f, "Eskilstuna kommun"), Some(EntityType::Municipality));
}

#[test]
fn bare_city_is_place_unless_treated_as_municipality() {
    let f = facts("Konferensen hölls i Visby. Kerstin Nord är socialchef i Borgholm.");
    assert_eq!(
        ent(&f, "Visby"),
        None,
        "Visby is no municipality name; Gotland is"
    );
    assert_eq!(ent(&f, "Borgholm"), Some(EntityType::Municipality));
    assert!(rel(&f, "Kerstin Nord", Predicate::WorksAt, "Borgholm").is_some());
    let f = facts("Konferensen hölls i Örebro i maj.");
    assert_eq!(ent(&f, "Örebro"), Some(EntityType::Place));
}

#[test]
fn photo_credit_and_byline_are_persons() {
    let f = facts("Text: Sigrid Malm\nFoto: Olof Brand\nNågot hände.");
    assert_eq!(ent(&f, "Sigrid Malm"), Some(EntityType::Person));
    assert_eq!(ent(&f, "Olof Brand"), Some(EntityType::Person));
}

#[test]
fn first_name_back_reference_is_an_alias() {
    let f = facts("Hedvig Strömberg är ny på enheten. Hedvig trivs bra, säger hon.");
    let e = f
        .entities
        .iter()
        .find(|e| e.name == "Hedvig Strömberg")
        .unwrap();
    assert!(e.aliases.contains(&"Hedvig".to_string()));
    assert!(!f.entities.iter().any(|e| e.name == "Hedvig"));
}

#[test]
fn event_place_and_host() {
    let f = facts("Socialchefsdagarna 2026 hålls den 4–6 oktober på Stockholmsmässan i Älvsjö. FSS årliga konferens Socialchefsdagarna samlar chefer.");
    assert_eq!(ent(&f, "Socialchefsdagarna 2026"), Some(EntityType::Event));
    assert!(rel(
        &f,
        "Socialchefsdagarna 2026",
        Predicate::HeldIn,
        "Stockholmsmässan"
    )
    .is_some());
    assert!(rel(&f, "Socialchefsdagarna 2026", Predicate::HeldIn, "Älvsjö").is_some());
    assert!(rel(&f, "FSS", Predicate::Hosts, "Socialchefsdagarna 2026").is_some());
}

#[test]
fn programme_heading_and_participants() {
    let f = facts("Program\n\nSundsvall 14/3\n\nDeltar gör Ebba Tell och Ivar Roos.\n");
    assert!(rel(&f, "Sundsvall 14/3", Predicate::HeldIn, "Sundsvall").is_some());
    assert!(rel(&f, "Ebba Tell", Predicate::ParticipatesIn, "Sundsvall 14/3").is_some());
    assert!(rel(&f, "Ivar Roos", Predicate::ParticipatesIn, "Sundsvall 14/3").is_some());
}

#[test]
fn former_employer_and_studies() {
    let f = facts("Alva Sten arbetar nu på Vision. Hon har tidigare arbetat på Försäkringskassan. Alva Sten studerade vid Lunds universitet.");
    assert!(rel(
        &f,
        "Alva Sten",
        Predicate::FormerlyWorkedAt,
        "Försäkringskassan"
    )
    .is_some());
    assert!(rel(&f, "Alva Sten", Predicate::StudiesAt, "Lunds universitet").is_some());
}

#[test]
fn contact_block_locates_the_organisation() {
    let f = facts("Nordhjälp Bemanning AB\nStorgatan 3\n831 30 Östersund\nTel: 063-12 34 56\n");
    assert_eq!(ent(&f, "Nordhjälp Bemanning AB"), Some(EntityType::Company));
    assert!(f
        .relations
        .iter()
        .any(|r| r.subject == "Nordhjälp Bemanning AB" && r.predicate == Predicate::LocatedIn));
}

#[test]
fn genitive_initiative_is_run_by_its_owner() {
    let f = facts("Nu börjar Umeå kommuns handlingsplan ge resultat.");
    assert!(rel(
        &f,
        "Umeå kommun",
        Predicate::Runs,
        "Umeå kommuns handlingsplan"
    )
    .is_some());
}

#[test]
fn union_branch_is_part_of_the_union_and_located_in_the_municipality() {
    let f = facts("Deltar gör Nils Berg, ordförande i Akademikerförbundet SSR i Kalmar kommun.");
    let branch = "Akademikerförbundet SSR i Kalmar kommun";
    assert_eq!(
        rel(&f, "Nils Berg", Predicate::WorksAt, branch).as_deref(),
        Some("ordförande")
    );
    assert!(rel(&f, branch, Predicate::PartOf, "Akademikerförbundet SSR").is_some());
    assert!(rel(&f, branch, Predicate::LocatedIn, "Kalmar kommun").is_some());
}

#[test]
fn confidence_filter_drops_weak_facts() {
    let mut f = facts("Tove Lund på Vision och Saga Ek, ombudsman på Kommunal, talade.");
    let weak = f.relations.iter().filter(|r| r.confidence < 0.6).count();
    assert!(weak > 0, "a bare 'på' is a weak pattern");
    f.filter_confidence(0.6);
    assert!(f.relations.iter().all(|r| r.confidence >= 0.6));
    assert!(rel(&f, "Saga Ek", Predicate::WorksAt, "Kommunal").is_some());
}

#[test]
fn coordinated_titles_share_the_last_organisation() {
    let f = facts("Elin Frost, enhetschef, Oskar Hall, socialsekreterare, och Vera Dal, samordnare, vid Socialtjänsten i Kiruna.");
    let org = "Socialtjänsten i Kiruna";
    assert_eq!(
        rel(&f, "Vera Dal", Predicate::WorksAt, org).as_deref(),
        Some("samordnare")
    );
    assert_eq!(
        rel(&f, "Oskar Hall", Predicate::WorksAt, org).as_deref(),
        Some("socialsekreterare")
    );
    assert_eq!(
        rel(&f, "Elin Frost", Predicate::WorksAt, org).as_deref(),
        Some("enhetschef")
    );
}

#[test]
fn caption_of_names_ending_with_an_organisation() {
    let f =
        facts("Ylva Berg, Leo Sand och Siri Holm, Rinkebys socialtjänst\nDe berättar om arbetet.");
    for p in ["Ylva Berg", "Leo Sand", "Siri Holm"] {
        assert_eq!(
            rel(&f, p, Predicate::WorksAt, "Rinkebys socialtjänst").as_deref(),
            Some(""),
            "{p}"
        );
    }
}

#[test]
fn a_named_unit_keeps_its_name_and_a_generic_one_takes_its_place() {
    let f = facts("Hon arbetar på Mottagningsgruppen Vuxenenheten i Boden kommun. Han är chef för socialtjänsten i Borås stad.");
    assert!(f
        .entities
        .iter()
        .any(|e| e.name == "socialtjänsten i Borås stad"));
    assert!(rel(
        &f,
        "socialtjänsten i Borås stad",
        Predicate::PartOf,
        "Borås stad"
    )
    .is_some());
}

#[test]
fn city_district_is_part_of_the_municipality() {
    let f = facts(
        "Sten Ask, avdelningschef för individ- och familjeomsorgen i Göteborg centrum, berättar.",
    );
    let unit = "individ- och familjeomsorgen i Göteborg centrum";
    assert_eq!(
        rel(&f, "Sten Ask", Predicate::WorksAt, unit).as_deref(),
        Some("avdelningschef")
    );
    assert!(rel(&f, unit, Predicate::PartOf, "Göteborg centrum").is_some());
    assert!(rel(&f, "Göteborg centrum", Predicate::PartOf, "Göteborg").is_some());
}

#[test]
fn title_phrase_may_start_with_a_profession() {
    let f =
        facts("Moa Lind, socionom och projektledare på Äldreförvaltningen, säger att det går bra.");
    assert_eq!(
        rel(&f, "Moa Lind", Predicate::WorksAt, "Äldreförvaltningen").as_deref(),
        Some("socionom och projektledare")
    );
}

#[test]
fn a_unit_without_a_named_parent_belongs_to_the_municipality_nearby() {
    let f = facts("I Hudiksvalls kommun har socialnämnden beslutat om nya riktlinjer.");
    assert!(rel(&f, "socialnämnden", Predicate::PartOf, "Hudiksvalls kommun").is_some());
}

#[test]
fn in_an_article_about_one_event_speakers_take_part_in_it() {
    let f = facts("Järvaveckan 2026 samlade många besökare.\n\nEn av dem som talade var Lisa Wern, forskare vid Stockholms universitet.\n\nJärvaveckan 2026 avslutades på söndagen.");
    assert!(rel(
        &f,
        "Lisa Wern",
        Predicate::ParticipatesIn,
        "Järvaveckan 2026"
    )
    .is_some());
}

#[test]
fn plural_title_before_several_names() {
    let f = facts("Hör socialsekreterarna Alma Falk och Edvin Roos i Timrå kommun berätta.");
    assert_eq!(
        rel(&f, "Alma Falk", Predicate::WorksAt, "Timrå kommun").as_deref(),
        Some("socialsekreterare")
    );
}

#[test]
fn works_as_title_at_organisation_with_pronoun_subject() {
    let f = facts("Lars Ek har bytt jobb. I dag arbetar han vid Mottagningsenheten Väst som socialsekreterare.");
    assert_eq!(
        rel(&f, "Lars Ek", Predicate::WorksAt, "Mottagningsenheten Väst").as_deref(),
        Some("socialsekreterare")
    );
    let f = facts("Maja Ros har arbetat länge, där hon är teamledare på familjehemsenheten.");
    assert_eq!(
        rel(&f, "Maja Ros", Predicate::WorksAt, "familjehemsenheten").as_deref(),
        Some("teamledare")
    );
}

#[test]
fn a_named_initiative_is_recognised_wherever_the_article_repeats_it() {
    let f = facts("I maj lanserades Familjeresan i länet.\n\nKim Lo, projektledare för Familjeresan på Vision, berättar.");
    assert!(rel(&f, "Vision", Predicate::Runs, "Familjeresan").is_some());
}

#[test]
fn an_owned_talk_is_hosted_by_its_owner() {
    let f = facts("Vårdförbundets panelsamtal om framtidens äldreomsorg lockade många.");
    assert!(f
        .relations
        .iter()
        .any(|r| r.subject == "Vårdförbundet" && r.predicate == Predicate::Hosts));
}

#[test]
fn dated_lines_under_a_titled_event_give_its_places() {
    let f = facts("Fortbildningsdag – Nya regler för LSS\n\nProgram för dagen.\n\nUmeå den 3 mars, 09.00-16.00.\nMalmö den 9 april, 09.00-16.00. Inställt!\n");
    let e = "Fortbildningsdag – Nya regler för LSS";
    assert!(f.relations.iter().any(|r| r.subject == e
        && r.predicate == Predicate::HeldIn
        && r.object.starts_with("Umeå")));
    assert!(!f.relations.iter().any(|r| r.subject == e
        && r.predicate == Predicate::HeldIn
        && r.object.starts_with("Malmö")));
}

#[test]
fn joint_work_on_an_initiative_is_run_by_every_party() {
    let f = facts("Arbetet med Lunds kommuns handlingsplan görs i samverkan mellan socialförvaltningen och Vision.");
    assert!(rel(&f, "Vision", Predicate::Runs, "Lunds kommuns handlingsplan").is_some());
}

#[test]
fn we_in_a_quote_is_the_speakers_organisation() {
    let f = facts("– I år införde vi 5+3 för alla handläggare, säger Siv Ahl, enhetschef vid Socialtjänsten i Piteå.");
    assert!(rel(&f, "Socialtjänsten i Piteå", Predicate::Runs, "5+3").is_some());
}

#[test]
fn a_shared_title_after_a_list_of_names() {
    let f =
        facts("Ann Bo, Eva Kvist och Leo Hed, alla socialsekreterare i Nacka kommun, berättar.");
    for p in ["Ann Bo", "Eva Kvist", "Leo Hed"] {
        assert_eq!(
            rel(&f, p, Predicate::WorksAt, "Nacka kommun").as_deref(),
            Some("socialsekreterare"),
            "{p}"
        );
    }
}

#[test]
fn a_misspelled_municipality_in_context_is_that_municipality() {
    let f = facts(
        "Sundsvalls kommun satsar. Ola Berg, enhetschef vid Socialtjänsten i Sundvall, berättar.",
    );
    let unit = f
        .entities
        .iter()
        .find(|e| e.name == "Socialtjänsten i Sundvall")
        .expect("unit");
    assert_eq!(unit.etype, EntityType::Organization);
    assert!(rel(
        &f,
        "Socialtjänsten i Sundvall",
        Predicate::PartOf,
        "Sundsvalls kommun"
    )
    .is_some());
}

#[test]
fn quote_attribution_and_pronoun_after_a_quote() {
    let f = facts(
        "– Det här är viktigt, säger Tuva Dahlin. Hon har tidigare arbetat på Arbetsförmedlingen.",
    );
    assert_eq!(ent(&f, "Tuva Dahlin"), Some(EntityType::Person));
    assert!(rel(
        &f,
        "Tuva Dahlin",
        Predicate::FormerlyWorkedAt,
        "Arbetsförmedlingen"
    )
    .is_some());
}

#[test]
fn since_a_year_is_a_present_post_not_a_former_one() {
    let f = facts("Ulla Wik, som arbetat på Försäkringskassan sedan 2009, trivs.");
    assert!(rel(
        &f,
        "Ulla Wik",
        Predicate::FormerlyWorkedAt,
        "Försäkringskassan"
    )
    .is_none());
}

#[test]
fn a_named_project_is_an_initiative() {
    let f = facts("Socialförvaltningen i Falun driver projektet Tryggare Hem sedan i våras.");
    assert_eq!(ent(&f, "Tryggare Hem"), Some(EntityType::Initiative));
    assert!(rel(
        &f,
        "Socialförvaltningen i Falun",
        Predicate::Runs,
        "Tryggare Hem"
    )
    .is_some());
}

#[test]
fn survey_figures_become_observations() {
    let f = facts("Enligt en undersökning från Vårdförbundet i maj 2024 har läget försämrats. 72 procent av sjuksköterskorna anser att bemanningen är för låg. 18 procent svarar att den är tillräcklig.");
    assert_eq!(f.observations.len(), 2);
    let o = &f.observations[0];
    assert_eq!(o.value, 72.0);
    assert_eq!(o.population.as_deref(), Some("sjuksköterskorna"));
    assert_eq!(o.source.as_deref(), Some("Vårdförbundet"));
    assert_eq!(o.date.as_deref(), Some("maj 2024"));
    assert_eq!(
        f.observations[1].population.as_deref(),
        Some("sjuksköterskorna"),
        "population carries over"
    );
}

#[test]
fn contact_block_gives_address_phone_email_and_web() {
    let f = facts("Om kommunen\n\nVärnamo kommun\nStadshuset\n331 83 Värnamo\nTel: 0370-37 70 00\nE-post: kommunen@varnamo.se\nwww.varnamo.se\n");
    let c = f.contacts.first().expect("a contact block");
    assert_eq!(c.org, "Värnamo kommun");
    assert_eq!(c.street.as_deref(), Some("Stadshuset"));
    assert_eq!(c.postal_code.as_deref(), Some("33183"));
    assert_eq!(c.locality.as_deref(), Some("Värnamo"));
    assert_eq!(c.telephone, vec!["0370-37 70 00"]);
    assert_eq!(c.email, vec!["kommunen@varnamo.se"]);
    assert_eq!(c.url, vec!["www.varnamo.se"]);
}

#[test]
fn the_plan_refers_to_the_documents_one_plan() {
    let f = facts("Umeå kommuns handlingsplan antogs i maj. Handlingsplanen har gett resultat, och alla känner till handlingsplanen.");
    let plan = f
        .entities
        .iter()
        .find(|e| e.etype == EntityType::Initiative)
        .expect("initiative");
    assert_eq!(plan.name, "Umeå kommuns handlingsplan");
    assert!(plan.aliases.iter().any(|a| a == "handlingsplanen"));
    assert_eq!(
        f.entities
            .iter()
            .filter(|e| e.etype == EntityType::Initiative)
            .count(),
        1
    );
}

#[test]
fn a_postal_code_gives_the_municipality() {
    let f = facts("Kontakt\n\nNordhjälp AB\nStorgatan 3\n831 30 Östersund\nTel: 063-12 34 56\n");
    assert_eq!(f.contacts[0].municipality.as_deref(), Some("Östersund"));
    let g = socgraf::gazetteer::Gazetteer::get();
    assert_eq!(
        g.municipality_of_postal_code("903 47")
            .map(|m| m.scb_code.as_str()),
        Some("2480")
    );
    assert!(g.municipality_of_postal_code("00000").is_none());
}

#[test]
fn one_of_the_founders_is_a_title_but_one_of_many_is_not() {
    let f = facts("Nils Holm är en av grundarna av Vision. Nora Wik, en av 148 socialchefer som svarat på Visions enkät, är nöjd.");
    assert_eq!(
        rel(&f, "Nils Holm", Predicate::WorksAt, "Vision").as_deref(),
        Some("grundare")
    );
    assert!(rel(&f, "Nora Wik", Predicate::WorksAt, "Vision").is_none());
}

#[test]
fn a_firm_with_and_without_its_business_words_is_one_firm() {
    let f = facts("Norrhjälp Bemanning AB hyr ut socionomer. Vi på Norrhjälp tror på trygghet, säger Ella Strand, vd på Norrhjälp Bemanning AB.");
    let firms: Vec<_> = f
        .entities
        .iter()
        .filter(|e| e.name.starts_with("Norrhjälp"))
        .collect();
    assert_eq!(firms.len(), 1, "{firms:?}");
    assert_eq!(firms[0].etype, EntityType::Company);
}
