//! The first dataset, data/idlib-2019-03.json: it parses into the model, keeps both articles'
//! figures where they disagree, places events only at coordinates of the GeoNames gazetteer in
//! assets/places-sy.csv, and rests every event on sentences quoted verbatim from the two source
//! articles, whose texts are kept in tests/fixtures/seeds/.

use std::collections::HashSet;

use sitrep::model::{Count, DatePrecision, Event, GeoPrecision, Qualifier};
use sitrep::text::fold;

const DATA: &str = include_str!("../data/idlib-2019-03.json");
const GAZETTEER: &str = include_str!("../assets/places-sy.csv");
const INDEPENDENT: &str = include_str!("fixtures/seeds/independent-2019-03-14.txt");
const UNNAMED: &str = include_str!("fixtures/seeds/airstrikes-in-idlib-intensify.txt");

const OUTLET_INDEPENDENT: &str = "The Independent";
const OUTLET_UNNAMED: &str = "Unnamed news site";

fn events() -> Vec<Event> {
    serde_json::from_str::<Vec<Event>>(DATA).expect("data/idlib-2019-03.json parses as a list of events")
}

fn event<'a>(events: &'a [Event], id: &str) -> &'a Event {
    events.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no event {id}"))
}

fn at_least(n: u32) -> Count {
    Count { n, qualifier: Qualifier::AtLeast, high: None }
}

/// Straight quotes for curly ones and single spaces for any run of whitespace.
fn normalize(s: &str) -> String {
    let straight: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect();
    straight.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the folded `spelling` stands as a whole run of words inside the folded `alias`.
fn names(alias: &str, spelling: &str) -> bool {
    format!(" {} ", fold(alias)).contains(&format!(" {} ", fold(spelling)))
}

struct Row {
    name: String,
    ascii: String,
    lat: String,
    lon: String,
    admin1: String,
}

fn gazetteer() -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(GAZETTEER.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("a gazetteer row");
            let field = |i: usize| r.get(i).expect("six columns").to_string();
            Row { name: field(0), ascii: field(1), lat: field(2), lon: field(3), admin1: field(4) }
        })
        .collect()
}

#[test]
fn parses_with_enough_events_and_unique_ids() {
    let events = events();
    assert!(events.len() >= 20, "only {} events", events.len());
    let mut ids = HashSet::new();
    for e in &events {
        assert!(!e.id.is_empty() && !e.title.is_empty(), "{e:?}");
        assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
    }
}

#[test]
fn json_round_trips() {
    let events = events();
    let json = serde_json::to_string_pretty(&events).expect("serializes");
    let again: Vec<Event> = serde_json::from_str(&json).expect("parses again");
    assert_eq!(again, events);
}

#[test]
fn idlib_city_strike_keeps_both_tolls_and_both_strike_counts() {
    let events = events();
    let e = event(&events, "idlib-city-airstrikes-2019-03-13");
    let killed = e.killed().expect("a death toll");
    assert_eq!((killed.low, killed.high), (10, 15));
    // "at least 10" and "15" can both be true: the tolls do not conflict, the strike counts do
    assert!(!killed.disputed);
    assert!(e.disputed());

    let claim = |outlet: &str| {
        e.casualties.iter().find(|c| c.source.starts_with(outlet)).unwrap_or_else(|| panic!("no claim by {outlet}"))
    };
    assert_eq!(claim(OUTLET_UNNAMED).killed, Some(Count::exact(15)));
    assert_eq!(claim(OUTLET_INDEPENDENT).killed, Some(at_least(10)));
    assert_eq!(claim(OUTLET_INDEPENDENT).injured, Some(Count::exact(45)));

    let strikes: Vec<Count> = e.figures.iter().filter(|f| f.label == "air strikes").map(|f| f.count).collect();
    assert!(strikes.contains(&Count::exact(4)), "{strikes:?}");
    assert!(strikes.contains(&at_least(12)), "{strikes:?}");
    assert_eq!(e.date.first_day().to_string(), "2019-03-13");
    assert!(e.tags.iter().any(|t| t == "sources-disagree"));
}

#[test]
fn both_resident_figures_are_kept() {
    let events = events();
    let holder = events
        .iter()
        .find(|e| e.figures.iter().any(|f| f.label == "residents"))
        .expect("an event with resident figures");
    let residents: Vec<u32> = holder.figures.iter().filter(|f| f.label == "residents").map(|f| f.count.n).collect();
    assert!(residents.contains(&3_000_000), "{residents:?}");
    assert!(residents.contains(&4_000_000), "{residents:?}");
    assert!(holder.disputed());
}

#[test]
fn reported_dates_are_stored_as_intervals() {
    let events = events();
    let precision = |id: &str| event(&events, id).date.precision;
    let from_to = |id: &str| {
        let d = &event(&events, id).date;
        (d.from_text(), d.to_text())
    };
    // "overnight" and "after midnight" in an article of Thursday 14 March about Wednesday's
    // bombardment: the night of 12/13 or of 13/14, which the text does not settle
    for id in ["al-tamana-white-phosphorus-2019-03-13", "northwest-overnight-strikes-2019-03-13"] {
        assert_eq!(from_to(id), ("2019-03-12T18:00".into(), "2019-03-14T06:00".into()), "{id}");
        let e = event(&events, id);
        assert!(e.notes.as_deref().is_some_and(|n| n.contains("does not settle which night")), "{id}");
    }
    assert_eq!(
        from_to("kfr-amim-camp-strike-2019-03-13"),
        ("2019-03-13".into(), "2019-03-14T06:00".into()),
        "the Kfr Amim strike may have come after either midnight"
    );
    // "last month" in an article of 14 March 2019; "last September"
    assert_eq!(precision("idlib-city-bombings-2019-02"), DatePrecision::Month);
    assert_eq!(from_to("idlib-city-bombings-2019-02").0, "2019-02-01");
    assert_eq!(precision("demilitarised-zone-agreement-2018-09"), DatePrecision::Month);
    assert_eq!(from_to("demilitarised-zone-agreement-2018-09").0, "2018-09-01");
    // "since early February", to Wednesday 13 March inclusive
    let since = &event(&events, "northwest-escalation-since-2019-02").date;
    assert_eq!((since.from_text(), since.to_text()), ("2019-02-01".into(), "2019-03-13".into()));
    assert_eq!(since.text.as_deref(), Some("since early February"));
    // "a week-long bombardment" ending 13 March
    assert_eq!(precision("jisr-al-shughur-bombardment-2019-03"), DatePrecision::Week);
    assert_eq!(from_to("jisr-al-shughur-bombardment-2019-03"), ("2019-03-07".into(), "2019-03-13".into()));
    // "on Friday" in a Thursday 14 March article; "on Thursday" for the HTS vow
    assert_eq!(event(&events, "turkey-buffer-zone-patrols-2019-03-08").date.to_string(), "2019-03-08");
    assert_eq!(event(&events, "hts-vows-retaliation-2019-03-14").date.to_string(), "2019-03-14");
    // nothing after the later article could have been written
    for e in &events {
        assert!(e.date.end.date().to_string().as_str() <= "2019-03-17", "{} ends after the reports", e.id);
    }
}

#[test]
fn every_spelling_of_the_articles_is_an_alias() {
    let events = events();
    let mut place_names: Vec<&str> = Vec::new();
    let mut actor_names: Vec<&str> = Vec::new();
    for e in &events {
        if let Some(p) = &e.place {
            place_names.push(&p.name);
            place_names.extend(p.aliases.iter().map(String::as_str));
        }
        for a in &e.actors {
            actor_names.push(&a.name);
            actor_names.extend(a.aliases.iter().map(String::as_str));
        }
    }
    let is_place = |s: &str| place_names.iter().any(|n| fold(n) == fold(s));
    let is_actor = |s: &str| actor_names.iter().any(|n| fold(n) == fold(s));

    for s in [
        "Kfr Amim",
        "Kafr Amim",
        "Jisr al Shaqour",
        "Jisr al-Shughur",
        "Jisr ash Shughur",
        "Khan Sheikhon",
        "Khan Shaykhun",
        "Kafr Zeita",
        "Kafr Zita",
        "Kafr Zayta",
        "al Tamana",
        "al-Tamanah",
        "At Tamani'ah",
        "al-Kaseeh",
        "Idlib city",
    ] {
        assert!(is_place(s), "no place is called {s:?}");
    }
    for s in [
        "Hay’et Tahrir al-Sham",
        "Hayat Tahrir al-Sham",
        "Hayat Tahir al Sham",
        "HTS",
        "Russia",
        "Russian",
        "Syrian army",
        "Syrian government forces",
        "Assad's forces",
        "Assad’s forces",
        "White Helmets",
        "Syria Civil Defence",
        "National Liberation Front",
        "Islamic State",
    ] {
        assert!(is_actor(s), "no actor is called {s:?}");
    }
    // Towns that locate a unit rather than an event: a civil defence worker's town, the army base in
    // Joreen, the Russian base south of Halafaya. They stand inside the acting unit's aliases.
    for s in ["Sarqeb", "Saraqib", "Joreen", "Jurin", "Halafaya", "Halfaya"] {
        assert!(actor_names.iter().any(|n| names(n, s)), "no actor alias names {s:?}");
    }
}

#[test]
fn every_coordinate_is_a_gazetteer_row() {
    let rows = gazetteer();
    assert!(rows.len() > 300);
    let events = events();
    let mut located = 0;
    for e in &events {
        let Some(p) = &e.place else { continue };
        let geo = p.geo_source.as_deref().unwrap_or_else(|| panic!("{}: place without geo_source", e.id));
        let Some((lat, lon)) = p.lat_lon() else {
            assert!(p.lat.is_none() && p.lon.is_none(), "{}: half a coordinate", e.id);
            assert!(geo.contains("no coordinate"), "{}: {geo}", e.id);
            continue;
        };
        located += 1;
        let row = rows
            .iter()
            .find(|r| r.lat.parse::<f64>() == Ok(lat) && r.lon.parse::<f64>() == Ok(lon))
            .unwrap_or_else(|| panic!("{}: ({lat}, {lon}) is not a row of the gazetteer", e.id));
        assert!(geo.contains(&format!("GeoNames: {}", row.name)) || geo.contains(&format!("GeoNames {}", row.name)));
        assert!(geo.contains(&format!("({}, {})", row.lat, row.lon)), "{}: {geo}", e.id);
        assert_eq!(p.admin1.as_deref(), Some(row.admin1.as_str()), "{}", e.id);
        match p.precision {
            GeoPrecision::Town => {
                assert_eq!(fold(&p.name), fold(&row.ascii), "{}: town precision names the town", e.id)
            }
            GeoPrecision::District => assert!(geo.contains("ACLED geo-precision 2"), "{}: {geo}", e.id),
            GeoPrecision::Region => assert!(geo.contains("ACLED geo-precision 3"), "{}: {geo}", e.id),
            GeoPrecision::Exact => panic!("{}: the gazetteer holds no exact sites", e.id),
        }
    }
    assert!(located >= 12, "only {located} events located");
    // the assault in the east names no place
    assert!(event(&events, "islamic-state-eastern-assault-2019-03").lat_lon().is_none());
}

#[test]
fn every_event_rests_on_verbatim_quotes() {
    let independent = normalize(INDEPENDENT);
    let unnamed = normalize(UNNAMED);
    for e in events() {
        assert!(!e.sources.is_empty(), "{}: no source", e.id);
        let outlets: Vec<&str> = e.sources.iter().map(|s| s.outlet.as_str()).collect();
        for s in &e.sources {
            let text = match s.outlet.as_str() {
                OUTLET_INDEPENDENT => {
                    assert_eq!(s.author.as_deref(), Some("Suleiman Al-Khalidi"));
                    assert_eq!(s.published.as_deref().map(|p| &p[..10]), Some("2019-03-14"));
                    &independent
                }
                OUTLET_UNNAMED => {
                    assert!(s.author.is_none() && s.published.is_none(), "{}: the article names neither", e.id);
                    &unnamed
                }
                other => panic!("{}: unknown outlet {other:?}", e.id),
            };
            if let Some(h) = &s.headline {
                assert!(text.contains(&normalize(h)), "{}: headline {h:?}", e.id);
            }
            assert!(!s.quotes.is_empty(), "{}: a source without quotes", e.id);
            for q in &s.quotes {
                assert!(text.contains(&normalize(q)), "{}: not in {}: {q:?}", e.id, s.outlet);
            }
        }
        let cited = |who: &str| outlets.iter().any(|o| who.starts_with(o));
        for c in &e.casualties {
            assert!(cited(&c.source), "{}: casualty source {:?} is not among its sources", e.id, c.source);
        }
        for f in &e.figures {
            assert!(cited(&f.source), "{}: figure source {:?} is not among its sources", e.id, f.source);
        }
    }
}

/// Events whose date is read from the context rather than stated carry `date-inferred`.
#[test]
fn inferred_dates_are_tagged() {
    let events = events();
    for id in [
        "islamic-state-eastern-assault-2019-03",
        "idlib-population-2019-03",
        "idlib-enclave-control-2019-03",
        "kfr-amim-camp-strike-2019-03-13",
        "al-tamana-white-phosphorus-2019-03-13",
        "northwest-overnight-strikes-2019-03-13",
    ] {
        assert!(event(&events, id).tags.iter().any(|t| t == "date-inferred"), "{id} lacks date-inferred");
    }
}

/// `sources-disagree` marks exactly the events where the two articles give claims that cannot
/// both be true, and `is:disputed` agrees with it.
#[test]
fn sources_disagree_only_where_the_two_articles_disagree() {
    let events = events();
    let tagged: Vec<&str> =
        events.iter().filter(|e| e.tags.iter().any(|t| t == "sources-disagree")).map(|e| e.id.as_str()).collect();
    assert_eq!(tagged, ["idlib-city-airstrikes-2019-03-13", "idlib-population-2019-03"]);
    for e in &events {
        let tagged = tagged.contains(&e.id.as_str());
        assert_eq!(e.disputed(), tagged, "{}: disputed() and the tag disagree", e.id);
        if tagged {
            let outlets: HashSet<&str> = e.sources.iter().map(|s| s.outlet.as_str()).collect();
            assert_eq!(outlets.len(), 2, "{}: a disagreement needs both articles", e.id);
        }
    }
}

/// "More than 80" is 81 or more, not "at least 80"; Russia's claim that Turkey coordinated is
/// reported, not recorded as Turkey's part in the strikes.
#[test]
fn claims_stay_claims() {
    let events = events();
    let more_than = |id: &str, n: u32| {
        let f = event(&events, id).figures.iter().map(|f| f.count).find(|c| c.n == n);
        assert_eq!(f, Some(Count { n, qualifier: Qualifier::MoreThan, high: None }), "{id}");
    };
    more_than("al-tamana-white-phosphorus-2019-03-13", 80);
    more_than("khan-shaykhun-ghost-city-2019-03", 70_000);
    for e in &events {
        for f in &e.figures {
            if f.count.qualifier == Qualifier::AtLeast {
                let quoted = e.sources.iter().flat_map(|s| &s.quotes).any(|q| q.contains("at least"));
                assert!(quoted, "{}: 'at least' stored but not quoted", e.id);
            }
        }
    }
    let mod_statement = event(&events, "russia-mod-statement-2019-03-13");
    assert!(mod_statement.actors.iter().all(|a| !a.name.contains("Turkey")), "Turkey's part is Russia's claim");
    assert!(mod_statement.tags.iter().any(|t| t == "claim"));
}

/// One placement rule for events that name no town: a governorate named alone is placed at its
/// capital (region precision); an area wider than one governorate (the enclave, a zone, the
/// northwest) has a name and no coordinate; no place named, no place.
#[test]
fn one_placement_rule_for_events_without_a_town() {
    let events = events();
    let place = |id: &str| event(&events, id).place.as_ref();
    assert!(place("hts-recaptures-prisoners-2019-03").is_none(), "the recapture names no place");
    for id in ["southern-idlib-cluster-bombs-2019-03-13", "russia-mod-statement-2019-03-13", "idlib-population-2019-03"]
    {
        let p = place(id).unwrap_or_else(|| panic!("{id}: no place"));
        assert_eq!((p.name.as_str(), p.precision), ("Idlib province", GeoPrecision::Region), "{id}");
        assert!(p.lat_lon().is_some(), "{id}");
    }
    for id in [
        "northwest-escalation-since-2019-02",
        "northwest-bombardment-2019-03-13",
        "demilitarised-zone-agreement-2018-09",
        "de-escalation-zone-agreement-2018",
        "buffer-zone-depopulated-2019-03",
        "northwest-overnight-strikes-2019-03-13",
    ] {
        let p = place(id).unwrap_or_else(|| panic!("{id}: no place"));
        assert!(p.lat_lon().is_none(), "{id}: an area wider than a governorate has no coordinate");
    }
    // every event at region precision with coordinates is the governorate's
    for e in &events {
        if let Some(p) = &e.place
            && p.precision == GeoPrecision::Region
            && p.lat_lon().is_some()
        {
            assert_eq!(p.name, "Idlib province", "{}", e.id);
        }
    }
    let provenance = include_str!("../data/PROVENANCE.md");
    assert!(provenance.contains("## Events that name no town"), "the rule is stated in data/PROVENANCE.md");
}

/// Spellings the articles use found nothing: Atmeh, "Hama province", "northern Hama
/// countryside", "north western Idlib province", the two zones, and the articles' descriptions
/// of HTS. Each now finds the events it names.
#[test]
fn the_articles_own_words_find_their_events() {
    let ix = sitrep::index::Index::new(events());
    for (q, id) in [
        ("Atmeh", "northwest-overnight-strikes-2019-03-13"),
        ("place:\"Hama province\"", "kafr-zeita-attack-2019-03-13"),
        ("place:\"northern Hama countryside\"", "kafr-zeita-attack-2019-03-13"),
        ("place:\"north western Idlib province\"", "idlib-city-airstrikes-2019-03-13"),
        ("place:\"demilitarised zone\"", "demilitarised-zone-agreement-2018-09"),
        ("place:\"de-escalation zone\"", "de-escalation-zone-agreement-2018"),
        ("actor:\"the jihadist group\"", "hts-recaptures-prisoners-2019-03"),
        ("actor:\"a former al-Qaeda affiliate\"", "idlib-enclave-control-2019-03"),
        ("by:\"Hayat Tahrir al-Sham jihadists\"", "hts-vows-retaliation-2019-03-14"),
    ] {
        // the words are the articles' own
        let words = q.split_once(':').map_or(q, |(_, v)| v).trim_matches('"');
        let articles = format!("{} {}", fold(INDEPENDENT), fold(UNNAMED));
        assert!(articles.contains(&fold(words)), "{words:?} is not in the articles");
        let found: Vec<&str> = ix.query(q).expect(q).into_iter().map(|i| ix.get(i).id()).collect();
        assert!(found.contains(&id), "{q} finds {found:?}, not {id}");
    }
}
