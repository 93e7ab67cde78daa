//! Loading ACLED, UCDP GED and GeoJSON files: the mappings, the layouts and quirks of real
//! exports, and the problems of bad rows with their line and column.

use sitrep::load::{Format, LoadOptions, Loaded, Problem, detect, load_bytes, load_file, load_files};
use sitrep::model::{Claim, Count, DatePrecision, Event, GeoPrecision, Qualifier, Role, When};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn load(name: &str) -> Loaded {
    load_file(&fixture(name), &LoadOptions::default()).unwrap_or_else(|p| panic!("{name}: {p:?}"))
}

fn problems(name: &str) -> Vec<Problem> {
    load_file(&fixture(name), &LoadOptions::default()).expect_err(name)
}

/// Line, record, field and message of a problem.
type Position<'a> = (Option<usize>, Option<usize>, Option<&'a str>, &'a str);

fn positions(ps: &[Problem]) -> Vec<Position<'_>> {
    ps.iter().map(|p| (p.line, p.record, p.field.as_deref(), p.message.as_str())).collect()
}

/// The events without the rows they were read from: what they say, whatever the layout.
fn said(events: Vec<Event>) -> Vec<Event> {
    events.into_iter().map(|e| Event { row: None, ..e }).collect()
}

fn by_id<'a>(events: &'a [Event], id: &str) -> &'a Event {
    events.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no event {id}"))
}

#[test]
fn acled_current_layout_maps_every_column() {
    let l = load("acled/current.csv");
    assert!(l.warnings.is_empty(), "a BOM before CSV is normal: {:?}", l.warnings);
    assert_eq!(l.events.len(), 6);
    let strike = by_id(&l.events, "SYR51234");
    assert_eq!(strike.title, "Air/drone strike in Idlib");
    assert_eq!(strike.date, When::parse("2019-03-13").unwrap());
    assert_eq!(strike.event_type, "Explosions/Remote violence");
    assert_eq!(strike.sub_type.as_deref(), Some("Air/drone strike"));
    let place = strike.place.as_ref().unwrap();
    assert_eq!((place.lat, place.lon, place.precision), (Some(35.9306), Some(36.6339), GeoPrecision::Town));
    assert_eq!(
        strike.casualties,
        vec![Claim { source: "ACLED".into(), killed: Some(Count::exact(15)), injured: None }]
    );
    let outlets: Vec<&str> = strike.sources.iter().map(|s| s.outlet.as_str()).collect();
    assert_eq!(outlets, ["Syrian Observatory for Human Rights", "SMART News Agency"]);
    // notes with commas, doubled quotes and a line break inside the quoted field
    assert_eq!(
        strike.notes.as_deref(),
        Some(
            "On 13 March 2019, Russian warplanes struck the \"industrial zone\" and a prison in Idlib city, \
             killing 15 civilians, including 4 children.\nSOHR reported 15 fatalities; local media reported 12."
        )
    );
}

#[test]
fn acled_precisions_actors_and_empty_fatalities() {
    let l = load("acled/current.csv");
    let clash = by_id(&l.events, "SYR51240");
    // time_precision 2: the week around the date
    assert_eq!((clash.date.from_text(), clash.date.to_text()), ("2019-03-11".into(), "2019-03-17".into()));
    assert_eq!(clash.date.precision, DatePrecision::Week);
    // geo_precision 2: the district
    assert_eq!(clash.place.as_ref().unwrap().precision, GeoPrecision::District);
    // empty fatalities: no figure at all, not zero
    assert!(clash.casualties.is_empty() && clash.killed().is_none());
    let roles: Vec<(&str, Role)> = clash.actors.iter().map(|a| (a.name.as_str(), a.role)).collect();
    assert_eq!(
        roles,
        [
            ("Military Forces of Syria (2000-)", Role::Actor),
            ("NDF: National Defence Forces", Role::Associated),
            ("Liwa al Quds", Role::Associated),
            ("Hayat Tahrir al Sham", Role::Target),
            ("Jaish al Izza", Role::Target),
        ]
    );
    let agreement = by_id(&l.events, "SYR51301");
    assert_eq!(agreement.date, When::parse("2019-03").unwrap());
    assert_eq!(agreement.place.as_ref().unwrap().precision, GeoPrecision::Region);
    assert_eq!(agreement.killed().map(|r| r.high), Some(0));
    assert_eq!(by_id(&l.events, "SYR51322").tags, ["women targeted: girls"]);
}

#[test]
fn column_order_layout_and_delimiter_do_not_change_the_events() {
    let current = said(load("acled/current.csv").events);
    assert_eq!(said(load("acled/shuffled.csv").events), current);
    let old = load("acled/old_layout.csv");
    let without_tags: Vec<Event> = current.iter().cloned().map(|e| Event { tags: vec![], ..e }).collect();
    assert_eq!(said(old.events), without_tags);
    assert_eq!(said(load("acled/semicolon.csv").events), current[..2]);
}

#[test]
fn the_old_layout_lacks_only_what_it_never_had() {
    // disorder_type, civilian_targeting and tags are not in exports before 2023; only tags is
    // read, and its absence is not worth a warning
    let old = load("acled/old_layout.csv");
    assert!(old.warnings.is_empty(), "{:?}", old.warnings);
}

#[test]
fn the_country_is_kept_and_found_by_place() {
    for name in ["acled/current.csv", "ucdp/ged.csv"] {
        let l = load(name);
        let with: Vec<&str> = l.events.iter().filter_map(|e| e.place.as_ref()?.country.as_deref()).collect();
        assert!(!with.is_empty() && with.iter().all(|c| *c == "Syria"), "{name}: {with:?}");
        let ix = sitrep::index::Index::new(l.events.clone());
        assert_eq!(ix.query("place:Syria").unwrap().len(), with.len(), "{name}");
    }
}

#[test]
fn the_acled_api_json_reads_as_the_csv_export_does() {
    let api = load("acled/api.json");
    assert_eq!(said(api.events.clone()), said(load("acled/current.csv").events));
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    // content decides: the same response under another name
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("response.txt");
    std::fs::copy(fixture("acled/api.json"), &renamed).unwrap();
    let l = load_file(&renamed, &LoadOptions::default()).unwrap();
    assert_eq!(l.events.len(), 6);
}

#[test]
fn api_events_may_differ_in_their_keys_and_value_types() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path
    };
    let ev = |id: &str, extra: &str| {
        format!(r#"{{"event_id_cnty": "{id}", "event_date": "2019-03-13", "event_type": "Battles"{extra}}}"#)
    };
    // the columns are the keys of every event, not the first one's alone
    let mixed = write(
        "mixed.json",
        &format!(
            r#"{{"success": true, "data": [{}, {}, null]}}"#,
            ev("A1", ""),
            ev("A2", r#", "notes": "hello", "fatalities": 2.0"#)
        ),
    );
    let ps = load_file(&mixed, &LoadOptions::default()).unwrap_err();
    assert_eq!((ps.len(), ps[0].record), (1, Some(3)), "{ps:?}");
    let l = load_file(&mixed, &LoadOptions { skip_bad: true, ..LoadOptions::default() }).unwrap();
    assert_eq!((l.events.len(), l.skipped.len()), (2, 1));
    assert_eq!(l.events[1].notes.as_deref(), Some("hello"));
    assert_eq!(l.events[1].killed().map(|k| k.low), Some(2));
    assert_eq!(l.events[0].notes, None);
    // an answer with no events is empty, not an error
    let empty = write("empty.json", r#"{"status": 200, "success": true, "count": 0, "data": [], "event_id_cnty": 1}"#);
    let l = load_file(&empty, &LoadOptions { format: Some(Format::Acled), ..LoadOptions::default() }).unwrap();
    assert!(l.events.is_empty() && l.warnings[0].message.contains("no events"), "{:?}", l.warnings);
}

#[test]
fn a_bad_api_event_or_an_api_error_is_reported_where_it_is() {
    let text = std::fs::read_to_string(fixture("acled/api.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path
    };
    let bad = write("bad.json", &text.replacen("\"2019-03-14\"", "\"2019-02-30\"", 1));
    let ps = load_file(&bad, &LoadOptions::default()).unwrap_err();
    assert_eq!(ps.len(), 1, "{ps:?}");
    let line = text.lines().position(|l| l.contains("SYR51240")).unwrap();
    assert_eq!((ps[0].record, ps[0].field.as_deref(), ps[0].line), (Some(2), Some("event_date"), Some(line)));
    assert!(ps[0].message.contains("\"2019-02-30\" is not a date"), "{}", ps[0].message);
    // --skip-bad keeps the rest
    let opts = LoadOptions { skip_bad: true, ..LoadOptions::default() };
    let l = load_file(&bad, &opts).unwrap();
    assert_eq!((l.events.len(), l.skipped.len()), (5, 1));
    // the API's own refusal is passed on, its text made inert
    let refused = write(
        "refused.json",
        r#"{"status": 403, "success": false, "error": {"status": 403, "message": "Access denied\u001b[2J"}, "data": [{"event_id_cnty": "x"}]}"#,
    );
    let ps = load_file(&refused, &LoadOptions::default()).unwrap_err();
    assert!(ps[0].message.starts_with("is an ACLED API response without events: "), "{}", ps[0].message);
    assert!(ps[0].message.contains("Access denied") && !ps[0].message.contains('\u{1b}'), "{}", ps[0].message);
    let cut = write("cut.json", &text[..text.len() / 2]);
    let ps = load_file(&cut, &LoadOptions::default()).unwrap_err();
    assert!(ps[0].message.starts_with("is not a whole ACLED API response"), "{}", ps[0].message);
    assert!(ps[0].line.is_some_and(|l| l > 20));
}

#[test]
fn a_repeated_header_from_joined_exports_is_skipped_with_a_warning() {
    let l = load("acled/joined.csv");
    assert_eq!(l.events, load("acled/current.csv").events);
    assert_eq!(positions(&l.warnings), [(Some(6), None, None, "the header row comes again on line 6; skipped")]);
}

#[test]
fn bad_acled_rows_are_listed_with_line_and_column() {
    let ps = problems("acled/bad_rows.csv");
    assert_eq!(
        positions(&ps),
        [
            (Some(4), Some(2), Some("event_date"), "\"2019-02-30\" is not a date"),
            (Some(5), Some(3), Some("fatalities"), "\"12a\" is not a whole number"),
            (Some(6), Some(4), Some("latitude"), "135.2 is out of range: it must lie between -90 and 90"),
            (Some(10), Some(6), None, "this row has 6 fields, the header 31"),
            (Some(11), Some(7), Some("geo_precision"), "\"4\" is not 1, 2 or 3"),
        ]
    );
    assert!(ps.iter().all(|p| p.is_error() && p.hint.is_some()));
    let shown = ps[0].to_string();
    assert!(
        shown
            .starts_with(&format!("{}:4: error: record 2, field event_date:", fixture("acled/bad_rows.csv").display()))
    );
}

#[test]
fn skip_bad_loads_the_rest_and_counts_what_it_left_out() {
    let opts = LoadOptions { skip_bad: true, ..LoadOptions::default() };
    let l = load_file(&fixture("acled/bad_rows.csv"), &opts).unwrap();
    let ids: Vec<&str> = l.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["SYR51234", "SYR90005", "SYR90008"]);
    assert_eq!(l.skipped.len(), 5);
    assert_eq!(l.skipped, problems("acled/bad_rows.csv"));
}

#[test]
fn every_bad_row_is_reported_and_skip_bad_keeps_the_good_ones() {
    let mut csv = String::from("event_id_cnty,event_date,event_type\n");
    for i in 0..25 {
        csv.push_str(&format!("X{i},2019-13-01,Battles\n"));
    }
    csv.push_str("OK,2019-03-13,Battles\n");
    let ps = load_bytes("many.csv", csv.as_bytes(), &LoadOptions::default()).unwrap_err();
    assert_eq!(ps.len(), 25);
    assert_eq!((ps[24].line, ps[24].record), (Some(26), Some(25)));
    let opts = LoadOptions { skip_bad: true, ..LoadOptions::default() };
    let l = load_bytes("many.csv", csv.as_bytes(), &opts).unwrap();
    assert_eq!((l.events.len(), l.skipped.len()), (1, 25));
}

#[test]
fn ucdp_ged_rows_become_events_with_a_death_range() {
    let l = load("ucdp/ged.csv");
    assert!(l.warnings.is_empty());
    let clash = by_id(&l.events, "244657");
    assert_eq!(clash.event_type, "Battles");
    assert_eq!(clash.sub_type.as_deref(), Some("State-based conflict"));
    assert_eq!(clash.date, When::parse("2019-03-14").unwrap(), "a time after the day is ignored");
    assert_eq!(
        clash.casualties,
        vec![Claim {
            source: "UCDP GED".into(),
            killed: Some(Count { n: 9, qualifier: Qualifier::Exact, high: Some(14) }),
            injured: None
        }]
    );
    let r = clash.killed().unwrap();
    assert_eq!((r.low, r.high), (9, 14));
    let figures: Vec<(&str, u32)> = clash.figures.iter().map(|f| (f.label.as_str(), f.count.n)).collect();
    assert_eq!(figures, [("deaths, best estimate", 11), ("deaths of Government of Syria", 4), ("deaths of HTS", 7)]);
    let roles: Vec<(&str, Role)> = clash.actors.iter().map(|a| (a.name.as_str(), a.role)).collect();
    assert_eq!(roles, [("Government of Syria", Role::Actor), ("HTS", Role::Target)]);
    let p = clash.place.as_ref().unwrap();
    assert_eq!(p.name, "Kafr Nabudah village");
    assert_eq!(
        (p.admin1.as_deref(), p.geo_source.as_deref()),
        (Some("Hama governorate"), Some("Kafr Nabudeh, northern Hama countryside"))
    );
    assert_eq!(clash.sources.len(), 2);

    let strikes = by_id(&l.events, "244702");
    assert_eq!(strikes.event_type, "Violence against civilians");
    assert_eq!(
        (strikes.date.from_text(), strikes.date.to_text(), strikes.date.precision),
        ("2019-03-11".into(), "2019-03-13".into(), DatePrecision::Span)
    );
    assert_eq!(strikes.place.as_ref().unwrap().precision, GeoPrecision::District);

    let unclear = by_id(&l.events, "244750");
    assert_eq!(unclear.date, When::parse("2019-03").unwrap());
    assert_eq!(unclear.place.as_ref().unwrap().precision, GeoPrecision::Region);
    assert_eq!(unclear.casualties[0].killed, Some(Count::exact(2)));
    assert_eq!(unclear.tags, ["HTS - Syrian insurgents", "low clarity"]);
}

#[test]
fn bad_ucdp_rows_name_their_column() {
    assert_eq!(
        positions(&problems("ucdp/bad_rows.csv")),
        [
            (Some(3), Some(2), Some("low"), "\"9.5\" is not a whole number"),
            (Some(4), Some(3), Some("date_end"), "2019-02-28 is before date_start 2019-03-01"),
            (Some(5), Some(4), Some("type_of_violence"), "\"4\" is not 1, 2 or 3"),
        ]
    );
}

#[test]
fn geojson_points_with_common_property_names() {
    let l = load("geojson/points.geojson");
    assert_eq!(positions(&l.warnings), [(None, None, Some("properties.fid"), "is not read (in 3 features)")]);
    let ids: Vec<&str> = l.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["points-1", "7", "points-3"]);
    let strike = &l.events[0];
    assert_eq!(strike.title, "Air strike on the industrial zone");
    assert_eq!(strike.lat_lon(), Some((35.9306, 36.6339)), "GeoJSON is [lon, lat]");
    assert_eq!(strike.casualties[0].killed, Some(Count::exact(15)));
    assert_eq!(strike.actors.len(), 2);
    let clash = &l.events[1];
    assert_eq!(clash.date, When::parse("2019-03-14").unwrap(), "ACLED's long date form is read too");
    assert_eq!(clash.title, "Battles in Kafr Nabudeh");
    assert_eq!(clash.tags, ["frontline", "night"]);
    assert_eq!(clash.lat_lon(), Some((35.4286, 36.4508)), "an altitude is ignored");
    assert_eq!(l.events[2].place, None, "a null geometry is an event without a place");
}

#[test]
fn bad_geojson_features_are_positioned() {
    assert_eq!(
        positions(&problems("geojson/bad_features.geojson")),
        [
            (Some(9), Some(2), Some("geometry.type"), "\"Polygon\" is not a Point"),
            (Some(14), Some(3), Some("properties.date"), "is missing"),
            (Some(19), Some(4), Some("geometry.coordinates"), "[35.9306, 136.6339] is out of range"),
            (
                Some(24),
                Some(5),
                Some("properties.date"),
                "\"13/03/2019\" is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"
            ),
        ]
    );
}

#[test]
fn the_content_decides_the_format_not_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let misnamed = dir.path().join("export.json");
    std::fs::copy(fixture("acled/current.csv"), &misnamed).unwrap();
    assert_eq!(load_file(&misnamed, &LoadOptions::default()).unwrap().events, load("acled/current.csv").events);
    assert_eq!(detect(&std::fs::read(fixture("ucdp/ged.csv")).unwrap()), Some(Format::Ucdp));
    assert_eq!(detect(&std::fs::read(fixture("geojson/points.geojson")).unwrap()), Some(Format::GeoJson));

    let forced = LoadOptions { format: Some(Format::Acled), ..LoadOptions::default() };
    let ps = load_file(&fixture("ucdp/ged.csv"), &forced).unwrap_err();
    assert_eq!(ps[0].message, "is not an ACLED export: the column event_id_cnty, event_date, event_type is missing");

    let ps = load_bytes("places.csv", b"name,lat,lon\nIdlib,35.9,36.6\n", &LoadOptions::default()).unwrap_err();
    assert_eq!(ps[0].message, "is in no format sitrep reads; its first line is \"name,lat,lon\"");
}

#[test]
fn formats_load_together_and_duplicate_ids_across_files_are_reported() {
    let all = load_files(
        &[fixture("acled/current.csv"), fixture("ucdp/ged.csv"), fixture("geojson/points.geojson")],
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(all.events.len(), 12);

    let ps = load_files(&[fixture("acled/current.csv"), fixture("acled/shuffled.csv")], &LoadOptions::default())
        .unwrap_err();
    assert_eq!(ps.len(), 6);
    assert_eq!(ps[0].field.as_deref(), Some("id"));
    assert!(ps[0].file.ends_with("shuffled.csv"));
    assert!(ps[0].message.starts_with("duplicate id \"SYR51234\": record 1 of "), "{}", ps[0].message);
}

#[test]
fn a_field_that_is_not_utf8_is_named() {
    // a Latin-1 "é", as a spreadsheet may save it
    let csv = b"event_id_cnty,event_date,event_type,notes\nA,2019-03-13,Battles,ok\nB,2019-03-13,Battles,caf\xe9\n";
    let ps = load_bytes("latin1.csv", csv, &LoadOptions::default()).unwrap_err();
    assert_eq!(positions(&ps), [(Some(3), Some(2), Some("notes"), "is not UTF-8 text")]);
    let l = load_bytes("latin1.csv", csv, &LoadOptions { skip_bad: true, ..LoadOptions::default() }).unwrap();
    assert_eq!((l.events.len(), l.skipped.len()), (1, 1));
}

#[test]
fn skip_bad_leaves_out_bad_native_events_too() {
    let json = "[\n{\"id\":\"a\",\"title\":\"t\",\"date\":\"2019-03-13\",\"type\":\"Battles\"},\n{\"id\":\"b\",\"title\":\"t\",\"date\":\"2019-02-30\",\"type\":\"Battles\"}\n]\n";
    assert!(load_bytes("e.json", json.as_bytes(), &LoadOptions::default()).is_err());
    let l = load_bytes("e.json", json.as_bytes(), &LoadOptions { skip_bad: true, ..LoadOptions::default() }).unwrap();
    assert_eq!(l.events.len(), 1);
    assert_eq!((l.skipped.len(), l.skipped[0].line, l.skipped[0].field.as_deref()), (1, Some(3), Some("date")));
}
