//! The real binary from the command line, as a user runs it, on the built-in data.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn sitrep(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ids(args: &[&str]) -> Vec<String> {
    let mut a = vec!["query", "--format", "json"];
    a.extend_from_slice(args);
    let (code, out, err) = sitrep(&a);
    assert_eq!(code, 0, "{err}");
    let events: Vec<sitrep::model::Event> = serde_json::from_str(&out).expect("json output parses");
    events.into_iter().map(|e| e.id).collect()
}

#[test]
fn what_did_hts_do_on_13_march() {
    let found = ids(&["actor:HTS", "date:2019-03-13"]);
    assert!(found.contains(&"hts-recaptures-prisoners-2019-03".to_string()), "{found:?}");
    // every spelling of the group finds the same events
    for spelling in ["actor:Hay’et Tahrir al-Sham", "actor:hayat tahrir al-sham", "actor:\"Hayat Tahir al Sham\""] {
        assert_eq!(ids(&[spelling, "date:2019-03-13"]), found, "{spelling}");
    }
}

#[test]
fn what_happened_within_10_km_of_idlib() {
    let found = ids(&["near:Idlib,10km"]);
    for id in ["idlib-city-airstrikes-2019-03-13", "kfr-amim-camp-strike-2019-03-13", "idlib-prison-strike-2019-03-13"]
    {
        assert!(found.contains(&id.to_string()), "{id} in {found:?}");
    }
    // Khan Shaykhun lies about 55 km south of Idlib
    assert!(!found.iter().any(|id| id.starts_with("khan-shaykhun")));
    assert!(ids(&["near:Idlib,60km"]).iter().any(|id| id.starts_with("khan-shaykhun")));
    // a point works as well as a name
    assert_eq!(ids(&["near:35.93062,36.63393,10km"]), found);
}

#[test]
fn where_do_the_sources_disagree() {
    let (code, out, _) = sitrep(&["query", "is:disputed"]);
    assert_eq!(code, 0);
    assert!(out.contains("idlib-city-airstrikes-2019-03-13"), "{out}");
    // "15" and "at least 10" killed can both be true: the range, without the mark of a conflict
    assert!(out.contains("10–15 ") && !out.contains("10–15*"), "{out}");
    assert!(out.contains("idlib-population-2019-03"), "{out}");
}

#[test]
fn place_spellings_of_the_articles_find_their_events() {
    for (q, id) in [
        ("place:\"Khan Sheikhon\"", "khan-shaykhun-ghost-city-2019-03"),
        ("place:\"Kafr Zeita\"", "kafr-zeita-attack-2019-03-13"),
        ("place:\"Kfr Amim\"", "kfr-amim-camp-strike-2019-03-13"),
        ("place:\"Jisr al Shaqour\"", "jisr-al-shughur-bombardment-2019-03"),
        ("place:\"al Tamana\"", "al-tamana-white-phosphorus-2019-03-13"),
    ] {
        assert!(ids(&[q]).contains(&id.to_string()), "{q} finds {id}");
    }
}

#[test]
fn killed_text_negation_and_or() {
    let ten = ids(&["killed:>=10"]);
    assert!(ten.contains(&"idlib-city-airstrikes-2019-03-13".to_string()));
    assert!(!ten.contains(&"kfr-amim-camp-strike-2019-03-13".to_string()));
    let prison = ids(&["prison"]);
    assert!(prison.contains(&"idlib-prison-strike-2019-03-13".to_string()));
    let not_idlib = ids(&["-place:Idlib"]);
    assert!(!not_idlib.iter().any(|id| prison.contains(id) && id.contains("idlib-city")));
    let either = ids(&["actor:Russia,Turkey"]);
    assert!(either.len() > ids(&["actor:Turkey"]).len());
}

#[test]
fn json_output_loads_back_to_the_same_events() {
    let (code, out, _) = sitrep(&["query", "--format", "json"]);
    assert_eq!(code, 0);
    let back = sitrep::load::load_bytes("out", out.as_bytes(), &Default::default()).expect("loads");
    let builtin = sitrep::dataset::builtin().expect("built-in data loads");
    let mut a = back.events;
    let mut b = builtin.events;
    a.sort_by(|x, y| x.id.cmp(&y.id));
    b.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(a, b);
}

#[test]
fn count_prints_the_number_alone() {
    let (code, out, _) = sitrep(&["query", "--count", "actor:HTS"]);
    assert_eq!(code, 0);
    let n: usize = out.trim().parse().expect("a number");
    assert_eq!(n, ids(&["actor:HTS"]).len());
    let (code, out, _) = sitrep(&["query", "--count", "nothing-matches-this"]);
    assert_eq!((code, out.as_str()), (0, "0\n"));
}

#[test]
fn a_bad_query_points_at_the_term() {
    let (code, out, err) = sitrep(&["query", "actor:HTS", "date:2019-02-30"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("  actor:HTS date:2019-02-30\n                 ^^^^^^^^^^\n"), "{err}");
    assert!(err.contains("not a day of the calendar"), "{err}");
    let (code, _, err) = sitrep(&["query", "actor:HTS", "--count"]);
    assert_eq!(code, 2);
    assert!(err.contains("put options before the query"), "{err}");
    let (code, _, err) = sitrep(&["query", "--format", "yaml"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn stats_show_ranges_and_counts() {
    let (code, out, _) = sitrep(&["stats"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("27 events"), "{out}");
    assert!(out.contains("sources disagree"), "{out}");
    assert!(out.contains("by actor"), "{out}");
    assert!(out.contains("Hayat Tahrir al Sham"), "{out}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["generate", "--events", "20000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first, "[\n");
    // the reader is gone now, as with `| head -1`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn generated_events_load_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    let out =
        Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["generate", "-n", "500", "--seed", "3"]).output().unwrap();
    std::fs::write(&path, &out.stdout).unwrap();
    let (code, out, err) = sitrep(&["query", "--count", "--data", path.to_str().unwrap()]);
    assert_eq!((code, out.trim()), (0, "500"), "{err}");
}

#[test]
fn the_map_shows_north_west_syria_and_the_selection() {
    let (code, out, err) =
        sitrep(&["map", "--width", "100", "--height", "36", "--select", "kafr-zeita-attack-2019-03-13"]);
    assert_eq!(code, 0, "{err}");
    for town in ["Idlib", "Hamah", "Saraqib", "Khan Shaykhun", "Jisr ash Shughur", "Latakia"] {
        assert!(out.contains(town), "{town} on the map:\n{out}");
    }
    let map: Vec<&str> = out.lines().take(36).collect();
    let row_of = |name: &str| map.iter().position(|l| l.contains(name)).unwrap();
    let col_of = |name: &str| {
        let l = map[row_of(name)];
        l[..l.find(name).unwrap()].chars().count()
    };
    // as on a paper map: Hama south of Idlib, Jisr al-Shughur west of Idlib, Saraqib east
    assert!(row_of("Hamah") > row_of("Idlib"));
    assert!(col_of("Jisr ash Shughur") < col_of("Idlib"));
    assert!(col_of("Saraqib") > col_of("Idlib"));
    assert_eq!(out.matches('◉').count(), 3, "the marker, its legend entry and the selected line:\n{out}");
    assert!(out.contains("selected: Kafr Zaytā, 2019-03-13…03-14"), "{out}");
    assert!(out.contains("kafr-zeita-attack-2019-03-13: Russian army base south of Halafaya"), "{out}");
    assert!(out.contains("without location"), "{out}");
    assert!(!out.contains('\x1b'), "no escape codes unless asked");

    let (code, out, _) = sitrep(&["map", "--ascii", "--width", "60", "--height", "20", "actor:HTS"]);
    assert_eq!(code, 0);
    let braille = |c: char| ('\u{2800}'..='\u{28FF}').contains(&c);
    assert!(!out.lines().take(20).any(|l| l.chars().any(braille)), "no braille with --ascii:\n{out}");
    assert!(out.contains('@') || out.contains('*'), "ASCII markers:\n{out}");
    let (code, out, _) = sitrep(&["map", "--color", "--select", "idlib-city-airstrikes-2019-03-13"]);
    assert_eq!(code, 0);
    assert!(out.contains("\x1b["), "--color writes ANSI colours");

    let (code, _, err) = sitrep(&["map", "--select", "no-such-event"]);
    assert_eq!(code, 2);
    assert!(err.contains("no event has this id"), "{err}");
}

// Bring your own data: ACLED, UCDP GED and GeoJSON in, JSON, CSV, ACLED and GeoJSON out.

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bad_rows_fail_the_load_unless_skipped() {
    let bad = fixture("acled/bad_rows.csv");
    let (code, out, err) = sitrep(&["query", "--count", "--data", &bad]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("bad_rows.csv:4: error: record 2, field event_date: \"2019-02-30\" is not a date"), "{err}");
    assert!(err.contains("--skip-bad loads the other records"), "{err}");

    let (code, out, err) = sitrep(&["query", "--count", "--skip-bad", "--data", &bad]);
    assert_eq!((code, out.as_str()), (0, "3\n"), "{err}");
    assert!(err.contains("field fatalities: \"12a\" is not a whole number"), "{err}");
    assert!(err.ends_with("sitrep: skipped 5 bad records\n"), "{err}");
}

#[test]
fn many_bad_rows_list_the_first_twenty_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut csv = String::from("event_id_cnty,event_date,event_type\n");
    for i in 0..25 {
        csv.push_str(&format!("X{i},2019-13-01,Battles\n"));
    }
    std::fs::write(&path, csv).unwrap();
    let (code, _, err) = sitrep(&["query", "--data", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.matches("error: record").count(), 20, "{err}");
    assert!(err.contains("... and 5 more problems (25 in all)"), "{err}");
}

#[test]
fn query_exports_to_a_file_whole_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("acled.csv");
    std::fs::copy(fixture("acled/current.csv"), &input).unwrap();
    let input = input.to_str().unwrap();
    let before = std::fs::read(input).unwrap();
    let (code, _, err) = sitrep(&["query", "--format", "acled", "-o", input, "--data", input]);
    assert_eq!(code, 2);
    assert!(err.contains("is an input file; sitrep does not write over its input"), "{err}");
    assert_eq!(std::fs::read(input).unwrap(), before);

    for format in ["json", "csv", "acled", "geojson"] {
        let out = dir.path().join(format!("out.{format}"));
        let (code, stdout, err) =
            sitrep(&["query", "--format", format, "-o", out.to_str().unwrap(), "--data", input, "type:Battles"]);
        assert_eq!((code, stdout.as_str()), (0, ""), "{err}");
        assert!(out.exists(), "{format}");
    }
    // ACLED and GeoJSON output load back as the same event
    for format in ["acled", "geojson", "json"] {
        let out = dir.path().join(format!("out.{format}"));
        let (code, stdout, err) = sitrep(&["query", "--format", "json", "--data", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let events: Vec<sitrep::model::Event> = serde_json::from_str(&stdout).unwrap();
        assert_eq!(events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["SYR51240"], "{format}");
    }
}

#[test]
fn generate_writes_acled_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.csv");
    let (code, _, err) = sitrep(&["generate", "-n", "300", "--format", "acled", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("event_id_cnty,event_date,year,"));
    let (code, out, err) = sitrep(&["query", "--count", "--data", path.to_str().unwrap()]);
    assert_eq!((code, out.trim()), (0, "300"), "{err}");
}

#[test]
fn the_input_format_can_be_forced() {
    let ged = fixture("ucdp/ged.csv");
    let (code, out, _) = sitrep(&["query", "--count", "--data", &ged]);
    assert_eq!((code, out.trim()), (0, "3"));
    let (code, _, err) = sitrep(&["query", "--count", "--input-format", "acled", "--data", &ged]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is not an ACLED export: the column event_id_cnty, event_date, event_type is missing"),
        "{err}"
    );
    let (code, _, err) = sitrep(&["validate", "--format", "xls", &ged]);
    assert_eq!(code, 2);
    assert!(err.contains("\"xls\" is not an input format"), "{err}");
}

#[test]
fn watch_needs_files() {
    let (code, _, err) = sitrep(&["--watch"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = sitrep(&["--watch", &fixture("acled/current.csv")]);
    assert_eq!(code, 0, "{err}");
}

/// The rows of a section of `sitrep stats`: label and numbers, up to the blank line.
fn stats_rows<'a>(out: &'a str, section: &str) -> Vec<(String, Vec<&'a str>)> {
    let body = out.split(&format!("\n{section}\n")).nth(1).expect("the section").split("\n\n").next().unwrap_or("");
    body.lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
            (cols[0].to_string(), cols[1..].to_vec())
        })
        .collect()
}

#[test]
fn stats_answer_the_monthly_question_for_a_query() {
    let ged = "tests/fixtures/workflow/ged-syria.csv";
    let (code, out, err) = sitrep(&["stats", "-d", ged, "place:Idlib,Hama", "date:2017"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "6 events matching place:Idlib,Hama date:2017, from 10 March 2017 to 21 December 2017 (9 months)"
        ),
        "{out}"
    );
    let months = stats_rows(&out, "per month");
    assert_eq!(months[0], ("2017-03 March".to_string(), vec!["2", "5", "2"]));
    assert_eq!(months.len(), 11, "March to December with the quiet months, and the total: {months:?}");
    assert_eq!(months[3], ("2017-06 June".to_string(), vec!["0", "0", "0"]));
    // Totals add up: the months' events, killed and civilian deaths sum to the total row.
    let (rows, total) = months.split_at(months.len() - 1);
    assert_eq!(total[0], ("total".to_string(), vec!["6", "21", "4"]));
    for col in 0..3 {
        let sum: u32 = rows.iter().map(|r| r.1[col].parse::<u32>().expect("a number")).sum();
        assert_eq!(sum.to_string(), total[0].1[col], "column {col}");
    }
    let govs = stats_rows(&out, "per governorate");
    assert_eq!(govs[0], ("Idlib governorate".to_string(), vec!["4", "7", "4"]));
    assert_eq!(govs[1], ("Hamah governorate".to_string(), vec!["2", "14", "0"]));
    assert!(out.contains("  UCDP GED             civilian deaths                           4 in 3 events"), "{out}");
    assert!(
        out.contains("        6  Battles\n        4    State-based conflict\n        2    Non-state conflict\n"),
        "{out}"
    );
    // Places are listed apart from the governorates they lie in.
    let places = out.split("\nby place").nth(1).expect("the places");
    assert!(places.lines().skip(1).all(|l| !l.ends_with(" governorate")), "{places}");
    assert!(places.contains("Khan Shaykhun town"), "{places}");
}

#[test]
fn stats_per_week_or_day_for_short_spans() {
    let ged = "tests/fixtures/workflow/ged-syria.csv";
    let (code, out, _) = sitrep(&["stats", "-d", ged, "date:2017-04"]);
    assert_eq!(code, 0);
    assert!(out.contains("\nper day\n"), "{out}");
    assert!(out.contains("  2017-04-07 Fri"), "{out}");
    let (_, out, _) = sitrep(&["stats", "-d", ged, "--per", "week", "date:2017-04"]);
    assert!(out.contains("  week of 2017-04-03"), "{out}");
    let (code, _, err) = sitrep(&["stats", "-d", ged, "colour:red"]);
    assert_eq!(code, 2, "a bad query is refused: {err}");
}

/// Regression: `sitrep query` applies the user's alias file (beside keys.toml) as the browser
/// and `sitrep stats` do, on the built-in data (indexed) and on a named file (otherwise streamed).
#[test]
fn query_applies_the_alias_file_on_both_paths() {
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(config.path().join("sitrep")).expect("config dir");
    std::fs::write(config.path().join("sitrep/aliases.toml"), "[[actor]]\nnames = [\"HTS\", \"Zorbo Front\"]\n")
        .expect("alias file");
    let count = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .env("XDG_CONFIG_HOME", config.path())
            .args(["query", "--count"])
            .args(args)
            .output()
            .expect("run sitrep");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().parse::<usize>().expect("a count")
    };
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/data/idlib-2019-03.json");
    for data in [&[][..], &["--data", file][..]] {
        let hts = count(&[data, &["actor:HTS"]].concat());
        assert!(hts > 0, "{data:?}");
        assert_eq!(count(&[data, &["actor:Zorbo Front"]].concat()), hts, "{data:?}");
        assert_eq!(count(&[data, &["by:Zorbo Front"]].concat()), count(&[data, &["by:HTS"]].concat()), "{data:?}");
        assert_eq!(
            count(&[data, &["actor:Zorbo Front", "date:2019-03-13"]].concat()),
            count(&[data, &["actor:HTS", "date:2019-03-13"]].concat()),
            "{data:?}"
        );
    }
}
