//! The registry of extraction rules: every rule that makes a mention or a
//! relation, with its id, family, product, confidence, function and example.
//!
//! A rule's code passes its id to `Mention::new` or `Ctx::add`; every fact
//! carries the id (`rule` in JSON Lines, `sg:rule` in RDF). The tests below
//! hold the registry and the code equal in both directions and run each
//! rule on its example, a sentence the project wrote.
use crate::facts::{EntityType, Predicate};

/// What a rule makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Produces {
    /// A mention of an entity of this type (`None`: the type comes from a
    /// gazetteer or from the part it is built of).
    Entity(Option<EntityType>),
    /// A relation with this predicate.
    Relation(Predicate),
}

/// One extraction rule.
#[derive(Debug)]
pub struct Rule {
    /// `family.name`: "worksat.apposition-prep".
    pub id: &'static str,
    pub produces: Produces,
    /// The confidence it gives its example (some rules lower it for a
    /// weaker cue; the function says when).
    pub confidence: f32,
    /// Where it lives: `module::function` under `src/extract/`.
    pub function: &'static str,
    /// A sentence the project wrote on which the rule fires.
    pub example: &'static str,
}

impl Rule {
    /// The family: the id before its dot ("worksat", "event", "unit").
    pub fn family(&self) -> &'static str {
        self.id.split('.').next().unwrap_or(self.id)
    }
}

/// The rule with this id.
pub fn get(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Every extraction rule, mentions first (by family), then relations.
pub static RULES: &[Rule] = &[
    Rule {
        id: "gazetteer.name",
        produces: Produces::Entity(None),
        confidence: 0.90,
        function: "mentions::gazetteer_candidates",
        example: "Akademikerförbundet SSR kräver fler tjänster.",
    },
    Rule {
        id: "person.context",
        produces: Produces::Entity(Some(EntityType::Person)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "– Det är viktigt, säger Orvid Strand.",
    },
    Rule {
        id: "person.given-name",
        produces: Produces::Entity(Some(EntityType::Person)),
        confidence: 0.90,
        function: "mentions::person_candidates",
        example: "Karin Holmgren ser fram emot hösten.",
    },
    Rule {
        id: "person.title-after",
        produces: Produces::Entity(Some(EntityType::Person)),
        confidence: 0.75,
        function: "mentions::pattern_candidates",
        example: "Tjelvar Lindgren, kurator, har skrivit boken.",
    },
    Rule {
        id: "person.title-before",
        produces: Produces::Entity(Some(EntityType::Person)),
        confidence: 0.75,
        function: "mentions::pattern_candidates",
        example: "Det berättar socialsekreteraren Orvid Falk.",
    },
    Rule {
        id: "municipality.ambiguous-after-preposition",
        produces: Produces::Entity(Some(EntityType::Municipality)),
        confidence: 0.6,
        function: "mentions::ambiguous_places_after_prepositions",
        example: "Hon arbetar på socialförvaltningen i Mora sedan i fjol.",
    },
    Rule {
        id: "municipality.any-kommun",
        produces: Produces::Entity(Some(EntityType::Municipality)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "Tidigare låg ansvaret på Torshälla kommun.",
    },
    Rule {
        id: "municipality.misspelled",
        produces: Produces::Entity(Some(EntityType::Municipality)),
        confidence: 0.60,
        function: "mentions::misspelled_places",
        example: "Sundsvalls kommun satsar. Hon bor i Sundsval sedan länge.",
    },
    Rule {
        id: "region.name-pattern",
        produces: Produces::Entity(Some(EntityType::Region)),
        confidence: 0.90,
        function: "mentions::pattern_candidates",
        example: "Region Kronoberg inför ett nytt journalsystem.",
    },
    Rule {
        id: "union.name-suffix",
        produces: Produces::Entity(Some(EntityType::Union)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "Det meddelar Fritidsledarförbundet i ett pressmeddelande.",
    },
    Rule {
        id: "agency.name-suffix",
        produces: Produces::Entity(Some(EntityType::GovernmentAgency)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "Beslutet granskas nu av Fiskeriverket.",
    },
    Rule {
        id: "university.name-pattern",
        produces: Produces::Entity(Some(EntityType::University)),
        confidence: 0.85,
        function: "mentions::pattern_candidates",
        example: "Forskare vid Nordanå högskola har studerat frågan.",
    },
    Rule {
        id: "company.name-suffix",
        produces: Produces::Entity(Some(EntityType::Company)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "Tjänsten köps av Norrbygdens Omsorg AB sedan i våras.",
    },
    Rule {
        id: "company.photo-credit",
        produces: Produces::Entity(Some(EntityType::Company)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "Foto: Mostphotos",
    },
    Rule {
        id: "organisation.broadcaster",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "Det rapporterade Radio Sörmland i går.",
    },
    Rule {
        id: "organisation.fou",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.8,
        function: "mentions::pattern_candidates",
        example: "Studien gjordes av FoU Norrbotten i samarbete med kommunerna.",
    },
    Rule {
        id: "organisation.forening",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.70,
        function: "mentions::pattern_candidates",
        example: "Pengarna går till Föreningen Gemenskap i år.",
    },
    Rule {
        id: "organisation.kind-noun-name",
        produces: Produces::Entity(None),
        confidence: 0.65,
        function: "mentions::kind_noun_names",
        example: "Enkäten gjordes av undersökningsföretaget Nordlund Analys i våras.",
    },
    Rule {
        id: "organisation.survey-subject",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.65,
        function: "mentions::pattern_candidates",
        example: "Om undersökningen\nYrkesbarometern – Socionom genomförde i maj 2025 en enkät bland 900 socionomer.",
    },
    Rule {
        id: "organisation.genitive-association",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.65,
        function: "mentions::organisation_word_candidates",
        example: "Det säger Anhörigas riksförbund i ett uttalande.",
    },
    Rule {
        id: "organisation.genitive-name",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.60,
        function: "mentions::organisation_word_candidates",
        example: "Det säger Ängajourens ordförande.",
    },
    Rule {
        id: "organisation.head-for",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.60,
        function: "mentions::organisation_word_candidates",
        example: "Ärendet gick till enheten för Barn och Familj.",
    },
    Rule {
        id: "organisation.kommunalforbund",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.85,
        function: "mentions::pattern_candidates",
        example: "Frågan utreds av Sydnärkes kommunalförbund i vår.",
    },
    Rule {
        id: "organisation.newspaper",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.75,
        function: "mentions::pattern_candidates",
        example: "Det skriver Norrbygdens Tidning i dag.",
    },
    Rule {
        id: "organisation.name-suffix",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.60,
        function: "mentions::organisation_word_candidates",
        example: "Pengarna kommer från Kronfonden i år.",
    },
    Rule {
        id: "organisation.title-object",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.50,
        function: "mentions::pattern_candidates",
        example: "Han är kurator på Ekbackens gård sedan länge.",
    },
    Rule {
        id: "unit.article-administration",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.50,
        function: "relations::unit_parents",
        example: "Socialförvaltningen i Sala kommun växer.\n\nEnheten för ekonomiskt bistånd får fler handläggare.",
    },
    Rule {
        id: "unit.article-municipality",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.50,
        function: "relations::unit_parents",
        example: "Sala kommun satsar.\n\nSocialnämnden har beslutat om en ny plan.",
    },
    Rule {
        id: "unit.administrative-district",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.9,
        function: "mentions::administrative_districts",
        example: "Hon är fältassistent på Södermalm sedan i våras.",
    },
    Rule {
        id: "unit.bare-head",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.50,
        function: "mentions::unit_candidates",
        example: "Petra Ek är sektionschef vid förvaltningen.",
    },
    Rule {
        id: "unit.city-district",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.70,
        function: "mentions::compose",
        example: "Hon arbetar i Malmö norr sedan i våras.",
    },
    Rule {
        id: "unit.compass-district",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.65,
        function: "mentions::pattern_candidates",
        example: "Hon är chef i Västra Göteborg sedan i fjol.",
    },
    Rule {
        id: "unit.district-parent",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.60,
        function: "relations::district_parents",
        example: "Hon arbetar i Malmö norr sedan i våras.",
    },
    Rule {
        id: "unit.head-word",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.80,
        function: "mentions::unit_candidates",
        example: "Beslutet togs av Socialförvaltningen Norr i Ludvika kommun.",
    },
    Rule {
        id: "unit.labelled-name",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.6,
        function: "mentions::labelled_unit_candidates",
        example: "Förvaltningen har tre verksamhetsområden: Myndighet, Stöd och omsorg, Individ och familj.",
    },
    Rule {
        id: "unit.led",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.55,
        function: "mentions::led_unit_candidates",
        example: "Hon är chef för Stöd och Omsorg sedan 2021.",
    },
    Rule {
        id: "unit.paragraph-municipality",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.55,
        function: "relations::unit_parents",
        example: "Beslutet gäller Sala kommun. Socialnämnden tar upp frågan i maj.",
    },
    Rule {
        id: "unit.sentence-larger-unit",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.50,
        function: "relations::unit_parents",
        example: "Inom socialförvaltningen i Sala kommun har försörjningsstödsenheten fått ny chef.",
    },
    Rule {
        id: "composite.genitive-unit",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.80,
        function: "mentions::compose",
        example: "Det säger Hallstahammars kommuns socialförvaltning.",
    },
    Rule {
        id: "composite.located",
        produces: Produces::Relation(Predicate::LocatedIn),
        confidence: 0.75,
        function: "relations::composite_links",
        example: "Hon är ombud för Vision i Sala kommun.",
    },
    Rule {
        id: "composite.org-genitive-unit",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.75,
        function: "mentions::compose",
        example: "Hon leder Stadsmissionens sociala center.",
    },
    Rule {
        id: "composite.owned-initiative",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.75,
        function: "mentions::compose",
        example: "Sala kommuns handlingsplan för ökad trygghet antogs.",
    },
    Rule {
        id: "composite.owned-initiative-head",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.75,
        function: "mentions::compose",
        example: "Sala kommuns handlingsplan antogs i går.",
    },
    Rule {
        id: "composite.owner",
        produces: Produces::Relation(Predicate::Runs),
        confidence: 0.70,
        function: "relations::composite_links",
        example: "Sala kommuns handlingsplan antogs i går.",
    },
    Rule {
        id: "composite.part-of",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.80,
        function: "relations::composite_links",
        example: "Hon arbetar på socialtjänsten i Tierps kommun.",
    },
    Rule {
        id: "composite.union-branch",
        produces: Produces::Entity(Some(EntityType::Union)),
        confidence: 0.75,
        function: "mentions::compose",
        example: "Det säger Visions Umeåavdelning.",
    },
    Rule {
        id: "composite.unit-in-body",
        produces: Produces::Entity(None),
        confidence: 0.70,
        function: "mentions::compose",
        example: "Hon arbetar på socialtjänsten i Tierps kommun.",
    },
    Rule {
        id: "event.context-talk",
        produces: Produces::Relation(Predicate::ParticipatesIn),
        confidence: 0.50,
        function: "relations::event_context_participants",
        example: "Socionomdagarna hölls i Malmö. Petra Ek talade om hemlöshet.",
    },
    Rule {
        id: "event.date-line-place",
        produces: Produces::Relation(Predicate::HeldIn),
        confidence: 0.60,
        function: "relations::event_dates",
        example: "Välfärdsdagen 2025\n\nMalmö den 4 november",
    },
    Rule {
        id: "event.english-name",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "Hon talade på Nordic Welfare Summit i fjol.",
    },
    Rule {
        id: "event.head-word",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.85,
        function: "mentions::event_candidates",
        example: "Välkommen till Socialchefsdagarna i Borås.",
    },
    Rule {
        id: "event.held-prep",
        produces: Produces::Relation(Predicate::HeldIn),
        confidence: 0.75,
        function: "relations::events",
        example: "Socionomdagarna hålls i Malmö i år.",
    },
    Rule {
        id: "event.host-arrange-verb",
        produces: Produces::Relation(Predicate::Hosts),
        confidence: 0.60,
        function: "relations::events",
        example: "Socionomdagarna arrangeras av Akademikerförbundet SSR.",
    },
    Rule {
        id: "event.host-before",
        produces: Produces::Relation(Predicate::Hosts),
        confidence: 0.75,
        function: "relations::events",
        example: "Akademikerförbundet SSR:s konferens Socionomdagarna hålls i maj.",
    },
    Rule {
        id: "event.host-head-reference",
        produces: Produces::Relation(Predicate::Hosts),
        confidence: 0.55,
        function: "relations::events",
        example: "Välfärdsdagen 2025 hålls i maj. Vision står bakom välfärdsdagen.",
    },
    Rule {
        id: "event.host-in-title",
        produces: Produces::Relation(Predicate::Hosts),
        confidence: 0.70,
        function: "relations::titles",
        example: "Petra Ek, projektledare för Socionomdagarna på Vision, är nöjd.",
    },
    Rule {
        id: "event.main-event-talk",
        produces: Produces::Relation(Predicate::ParticipatesIn),
        confidence: 0.50,
        function: "relations::main_event",
        example: "Socionomdagarna samlade många. Socionomdagarna blev lyckade.\n\nPetra Ek talade om hemlöshet.",
    },
    Rule {
        id: "event.participant-cue",
        produces: Produces::Relation(Predicate::ParticipatesIn),
        confidence: 0.60,
        function: "relations::events",
        example: "Petra Ek föreläser på Socionomdagarna i Malmö.",
    },
    Rule {
        id: "event.participant-in-title",
        produces: Produces::Relation(Predicate::ParticipatesIn),
        confidence: 0.70,
        function: "relations::titles",
        example: "Petra Ek, projektledare för Socionomdagarna på Vision, är nöjd.",
    },
    Rule {
        id: "event.lowercase-compound",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.6,
        function: "mentions::lowercase_named_compounds",
        example: "Många socionomer reste till familjerättsdagarna i Örebro.",
    },
    Rule {
        id: "event.place-date",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.70,
        function: "mentions::compose",
        example: "Umeå 12/3\nVälkommen!",
    },
    Rule {
        id: "event.programme-line",
        produces: Produces::Relation(Predicate::ParticipatesIn),
        confidence: 0.70,
        function: "relations::events",
        example: "Socionomdagarna 2025\nMedverkande: Petra Ek, Olle Berg",
    },
    Rule {
        id: "event.rubric",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "Dagen hålls under rubriken Tillsammans för barnen.",
    },
    Rule {
        id: "event.talk-about",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.55,
        function: "mentions::pattern_candidates",
        example: "Förbundet ordnar ett gemensamt seminarium om ensamhet bland äldre.",
    },
    Rule {
        id: "event.title",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "Välfärdsdagen – Nya vägar i socialtjänsten\n\nVälkommen till en dag om framtiden.",
    },
    Rule {
        id: "event.announced-session",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.6,
        function: "mentions::announced_sessions",
        example: "Vision håller två seminarier i Järvaveckan:\n\nVem bär välfärden?\n\nEtt samtal om bemanningen i äldreomsorgen, med fackliga företrädare och forskare från hela landet.\n\nPlats: Spånga",
    },
    Rule {
        id: "event.session-host",
        produces: Produces::Relation(Predicate::Hosts),
        confidence: 0.6,
        function: "relations::session_hosts",
        example: "Vision håller två seminarier i Järvaveckan:\n\nVem bär välfärden?\n\nEtt samtal om bemanningen i äldreomsorgen, med fackliga företrädare och forskare från hela landet.\n\nPlats: Spånga",
    },
    Rule {
        id: "event.speaker-list",
        produces: Produces::Relation(Predicate::ParticipatesIn),
        confidence: 0.6,
        function: "relations::speaker_lists",
        example: "Vision bjuder in till Välfärdsdagen i Umeå.\n\nBland talarna:\n\nPetra Ek, socialchef i Gävle kommun. Olle Berg, Vision.\n\nPlats: Folkets hus",
    },
    Rule {
        id: "event.venue-line",
        produces: Produces::Relation(Predicate::HeldIn),
        confidence: 0.60,
        function: "relations::venue_lines",
        example: "Välfärdsdagen 2025\nPlats: Folkets hus, Sala",
    },
    Rule {
        id: "initiative.about",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.6,
        function: "mentions::pattern_candidates",
        example: "Regeringen tillsatte Utredningen om stöd till unga vuxna i fjol.",
    },
    Rule {
        id: "initiative.compound",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "Nämnden antog i går en handlingsplan för ökad trygghet.",
    },
    Rule {
        id: "initiative.dash",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "De arbetar med Steg Framåt – ett projekt för unga vuxna.",
    },
    Rule {
        id: "initiative.defined",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "Trygg Start är ett projekt för nyanlända familjer.",
    },
    Rule {
        id: "initiative.definite-reference",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.50,
        function: "mentions::definite_references",
        example: "Sala kommuns handlingsplan antogs i går. Handlingsplanen gäller i tre år.",
    },
    Rule {
        id: "initiative.study-programme",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.7,
        function: "mentions::study_programmes",
        example: "Hon läser sjuksköterskeprogrammet vid Karlstads universitet.",
    },
    Rule {
        id: "initiative.at-university",
        produces: Produces::Relation(Predicate::Runs),
        confidence: 0.7,
        function: "relations::initiatives_and_seats",
        example: "Hon läser sjuksköterskeprogrammet vid Karlstads universitet.",
    },
    Rule {
        id: "event.introduced",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.75,
        function: "mentions::pattern_candidates",
        example: "I maj hölls konferensen Framtidsdagen i Gävle.",
    },
    Rule {
        id: "place.in-event-name",
        produces: Produces::Entity(Some(EntityType::Place)),
        confidence: 0.7,
        function: "mentions::compose",
        example: "Förra året hölls studiedagarna i Nyköping.",
    },
    Rule {
        id: "event.year-genitive",
        produces: Produces::Entity(Some(EntityType::Event)),
        confidence: 0.7,
        function: "mentions::pattern_candidates",
        example: "Frågan togs upp vid 2019 års studiedagar i Borås.",
    },
    Rule {
        id: "organisation.university-school",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.7,
        function: "mentions::university_schools",
        example: "Hon är lektor vid vårdhögskolan, Umeå universitet.",
    },
    Rule {
        id: "unit.genitive-owner",
        produces: Produces::Entity(Some(EntityType::Organization)),
        confidence: 0.7,
        function: "mentions::compose",
        example: "Frågan ska beredas av socialnämndens arbetsutskott i Bjuvs kommun.",
    },
    Rule {
        id: "unit.at-university",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.6,
        function: "relations::initiatives_and_seats",
        example: "I höst öppnar Centrum för välfärdsforskning på Mälardalens universitet.",
    },
    Rule {
        id: "initiative.head-word",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.60,
        function: "mentions::initiative_word_candidates",
        example: "Gävlemodellen har spridits i landet.",
    },
    Rule {
        id: "initiative.introduced",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.75,
        function: "mentions::pattern_candidates",
        example: "Kommunen har startat projektet Trygga Hem i år.",
    },
    Rule {
        id: "initiative.joint-work",
        produces: Produces::Relation(Predicate::Runs),
        confidence: 0.60,
        function: "relations::joint_work",
        example: "Gävlemodellen drivs gemensamt av Gävle kommun och Vision.",
    },
    Rule {
        id: "initiative.launched",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "Kommunen lanserade Stegvis i våras.",
    },
    Rule {
        id: "initiative.named-after-municipality",
        produces: Produces::Relation(Predicate::Runs),
        confidence: 0.60,
        function: "relations::initiative_owners",
        example: "Gävlemodellen har spridits. Gävle kommun är nöjd.",
    },
    Rule {
        id: "initiative.lowercase-compound",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.6,
        function: "mentions::lowercase_named_compounds",
        example: "Nämnden följer upp barnrättsplanen varje år.",
    },
    Rule {
        id: "initiative.numbered",
        produces: Produces::Entity(Some(EntityType::Initiative)),
        confidence: 0.60,
        function: "mentions::pattern_candidates",
        example: "Modellen 6+2 prövas nu av handläggarna.",
    },
    Rule {
        id: "initiative.of-org",
        produces: Produces::Relation(Predicate::Runs),
        confidence: 0.50,
        function: "relations::initiative_owners",
        example: "Trygga Hem är en satsning i Gävle kommun.",
    },
    Rule {
        id: "initiative.runs-in-title",
        produces: Produces::Relation(Predicate::Runs),
        confidence: 0.70,
        function: "relations::titles",
        example: "Petra Ek, projektledare för Gävlemodellen på Vision, är nöjd.",
    },
    Rule {
        id: "initiative.runs-verb",
        produces: Produces::Relation(Predicate::Runs),
        confidence: 0.60,
        function: "relations::initiatives_and_seats",
        example: "Gävle kommun driver projektet Trygga Hem.",
    },
    Rule {
        id: "place.postal-town",
        produces: Produces::Entity(Some(EntityType::Place)),
        confidence: 0.85,
        function: "mentions::pattern_candidates",
        example: "Socialförvaltningen\nBox 120\n731 23 Köping",
    },
    Rule {
        id: "place.venue",
        produces: Produces::Entity(Some(EntityType::Place)),
        confidence: 0.80,
        function: "mentions::pattern_candidates",
        example: "Mötet hölls på Folkets hus i Sala.",
    },
    Rule {
        id: "place.venue-label",
        produces: Produces::Entity(Some(EntityType::Place)),
        confidence: 0.70,
        function: "mentions::pattern_candidates",
        example: "Plats: Kulturhuset Spira, lokal Salongen",
    },
    Rule {
        id: "worksat.apposition-genitive",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.80,
        function: "relations::titles",
        example: "Petra Ek, Visions ordförande, är nöjd.",
    },
    Rule {
        id: "worksat.apposition-org-title",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.75,
        function: "relations::titles",
        example: "Petra Ek, Vision, ordförande, är nöjd.",
    },
    Rule {
        id: "worksat.apposition-prep",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.85,
        function: "relations::titles",
        example: "Petra Ek, enhetschef på Vision, är nöjd.",
    },
    Rule {
        id: "worksat.bare-at",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.50,
        function: "relations::titles",
        example: "Petra Ek på Socialstyrelsen är nöjd.",
    },
    Rule {
        id: "worksat.caption-names-org",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.60,
        function: "relations::coordination",
        example: "Petra Ek, Olle Berg och Ida Lund, Vision.",
    },
    Rule {
        id: "worksat.coordination-all",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.70,
        function: "relations::coordination",
        example: "Petra Ek, Olle Berg och Ida Lund, alla kuratorer i Gävle kommun, är nöjda.",
    },
    Rule {
        id: "worksat.coordination-list",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.70,
        function: "relations::coordination",
        example: "Petra Ek, socialchef, och Olle Berg, enhetschef, i Gävle kommun är nöjda.",
    },
    Rule {
        id: "worksat.follow-on-genitive",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.75,
        function: "relations::follow_on",
        example: "Petra Ek, enhetschef i Gävle kommun, är Visions ombud.",
    },
    Rule {
        id: "worksat.genitive-title-name",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.85,
        function: "relations::titles",
        example: "Visions ordförande Petra Ek är nöjd.",
    },
    Rule {
        id: "worksat.genitive-title-apposition",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.8,
        function: "relations::titles",
        example: "I mars kom regeringens nationella samordnare för äldreomsorgen, Berit Holm, till Gävle.",
    },
    Rule {
        id: "worksat.directory-row",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.7,
        function: "relations::directory_rows",
        example: "Medlemmar 2025\nYstad (sydöstra) Karin Ekdahl Socialchef\nVision Olle Berg Ombudsman",
    },
    Rule {
        id: "worksat.directory-row-unit",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.7,
        function: "relations::directory_rows",
        example: "Medlemmar 2025\nYstad Karin Ekdahl Direktör omsorgsförvaltningen\nVision Olle Berg Ombudsman",
    },
    Rule {
        id: "unit.directory-row",
        produces: Produces::Relation(Predicate::PartOf),
        confidence: 0.7,
        function: "relations::directory_rows",
        example: "Medlemmar 2025\nYstad Karin Ekdahl Direktör omsorgsförvaltningen\nVision Olle Berg Ombudsman",
    },
    Rule {
        id: "worksat.apposition-title-org",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.7,
        function: "relations::titles",
        example: "– Vi måste agera nu, säger Bo Ekman (M), vice ordförande, socialnämnden.",
    },
    Rule {
        id: "worksat.title-name-org",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.65,
        function: "relations::titles",
        example: "Kontakt: Enhetschef, Sara Lind, Vellinge kommun, tfn 040-42 50 00",
    },
    Rule {
        id: "worksat.name-bracket-org",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.70,
        function: "employer::bracketed_employers",
        example: "Det säger utredaren Petra Ek (Socialstyrelsen).",
    },
    Rule {
        id: "worksat.person-from-org",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.55,
        function: "employer::titles_around_organisations",
        example: "Petra Ek och Olle Berg från Vision var på plats.",
    },
    Rule {
        id: "worksat.signature",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.6,
        function: "relations::signatures",
        example: "Vi måste göra mer.\n\nKarin Lundqvist\n\nSocialchef, Gävle kommun",
    },
    Rule {
        id: "worksat.title-before-prep-org",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.75,
        function: "relations::titles",
        example: "Kommunalrådet Petra Ek i Gävle kommun är nöjd.",
    },
    Rule {
        id: "worksat.title-document-focus",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.50,
        function: "employer::titled_people",
        example: "Gävle kommun satsar på hemtjänsten.\n\nEnhetschefen Petra Ek är nöjd med beslutet.",
    },
    Rule {
        id: "worksat.title-prep-org-name",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.75,
        function: "employer::titles_around_organisations",
        example: "Ordförande för Vision Petra Ek är nöjd.",
    },
    Rule {
        id: "worksat.title-prep-org-verb-name",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.75,
        function: "employer::titles_around_organisations",
        example: "Ny ordförande i Vision blir Petra Ek.",
    },
    Rule {
        id: "worksat.title-same-sentence",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.60,
        function: "employer::titled_people",
        example: "Gävle kommun har anställt socialchefen Petra Ek.",
    },
    Rule {
        id: "worksat.verb",
        produces: Produces::Relation(Predicate::WorksAt),
        confidence: 0.65,
        function: "relations::works_verb",
        example: "Petra Ek arbetar på Socialstyrelsen sedan i fjol.",
    },
    Rule {
        id: "former.cue",
        produces: Produces::Relation(Predicate::FormerlyWorkedAt),
        confidence: 0.70,
        function: "relations::former_and_study",
        example: "Petra Ek har tidigare arbetat på Försäkringskassan.",
    },
    Rule {
        id: "former.cue-apart",
        produces: Produces::Relation(Predicate::FormerlyWorkedAt),
        confidence: 0.60,
        function: "relations::former_spread",
        example: "Petra Ek är socialchef i Gävle kommun. Tidigare har hon arbetat på Försäkringskassan.",
    },
    Rule {
        id: "former.past-title",
        produces: Produces::Relation(Predicate::FormerlyWorkedAt),
        confidence: 0.55,
        function: "relations::former_spread",
        example: "Petra Ek var socialchef i Gävle kommun.",
    },
    Rule {
        id: "former.title-before",
        produces: Produces::Relation(Predicate::FormerlyWorkedAt),
        confidence: 0.60,
        function: "employer::titled_people",
        example: "Gävle kommun saknar förre socialchefen Petra Ek.",
    },
    Rule {
        id: "studies.cue",
        produces: Produces::Relation(Predicate::StudiesAt),
        confidence: 0.75,
        function: "relations::former_and_study",
        example: "Petra Ek studerar till socionom vid Umeå universitet.",
    },
    Rule {
        id: "locatedin.contact-block",
        produces: Produces::Relation(Predicate::LocatedIn),
        confidence: 0.70,
        function: "relations::contact_blocks",
        example: "Stiftelsen Ljusglimten\nStorgatan 4\n733 30 Sala",
    },
    Rule {
        id: "locatedin.org-i-place",
        produces: Produces::Relation(Predicate::LocatedIn),
        confidence: 0.60,
        function: "relations::org_in_place",
        example: "Det säger Norrlands Bemanning AB i Umeå.",
    },
    Rule {
        id: "locatedin.seat-verb",
        produces: Produces::Relation(Predicate::LocatedIn),
        confidence: 0.65,
        function: "relations::initiatives_and_seats",
        example: "Vision har kontor i Umeå.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "{} twice", r.id);
            let (family, name) = r.id.split_once('.').expect("family.name");
            assert!(!family.is_empty() && !name.is_empty(), "{}", r.id);
            assert!(r
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-'));
            assert!((0.0..=1.0).contains(&r.confidence));
        }
    }

    #[test]
    fn every_rule_fires_on_its_example_with_its_confidence() {
        for r in RULES {
            let fired = crate::extract::fired_rules(r.example);
            let Some(conf) = fired.get(r.id) else {
                panic!(
                    "{} does not fire on its example {:?}: {fired:?}",
                    r.id, r.example
                );
            };
            assert!(
                (conf - r.confidence).abs() < 0.005,
                "{}: confidence {conf}, registry {}",
                r.id,
                r.confidence
            );
        }
    }

    #[test]
    fn relation_rules_make_their_predicate_on_their_example() {
        use crate::text::Document;
        for r in RULES {
            let Produces::Relation(p) = r.produces else {
                continue;
            };
            // the rule's own relation, or the same fact made more
            // confidently by another rule
            let facts = crate::extract::extract(&Document::from_text("example", r.example));
            assert!(
                facts.relations.iter().any(|x| x.predicate == p),
                "{}: no {} relation on {:?}",
                r.id,
                p.as_str(),
                r.example
            );
        }
    }

    /// The ids the extractor's code passes as string literals.
    fn ids_in_code() -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/extract");
        let families: BTreeSet<&str> = RULES.iter().map(|r| r.family()).collect();
        let lit = regex::Regex::new(r#""([a-z]+)\.([a-z0-9-]+)""#).expect("pattern");
        let mut out = BTreeSet::new();
        for e in std::fs::read_dir(dir).expect("src/extract").flatten() {
            let path = e.path();
            if path.file_name().is_some_and(|n| n == "rules.rs")
                || path.extension().is_none_or(|x| x != "rs")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            // the code, not its tests
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for c in lit.captures_iter(code) {
                if families.contains(&c[1]) {
                    out.insert(format!("{}.{}", &c[1], &c[2]));
                }
            }
        }
        out
    }

    #[test]
    fn the_registry_and_the_code_name_the_same_rules() {
        let code = ids_in_code();
        let registry: BTreeSet<String> = RULES.iter().map(|r| r.id.to_string()).collect();
        let unregistered: Vec<_> = code.difference(&registry).collect();
        let unused: Vec<_> = registry.difference(&code).collect();
        assert!(
            unregistered.is_empty(),
            "rules in the code, not in RULES: {unregistered:?}"
        );
        assert!(
            unused.is_empty(),
            "rules in RULES the code never names: {unused:?}"
        );
        assert!(code.len() > 90, "the scan finds the rules: {}", code.len());
    }
}
