//! Files as users have them: a real sample of UCDP GED 23.1 loaded whole, and small fixtures
//! that reproduce each quirk seen in real ACLED and UCDP exports (tests/fixtures/real/).

use sitrep::load::{LoadOptions, Loaded, Problem, load_file};
use sitrep::model::{Count, DatePrecision, Event, GeoPrecision, Role, When};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn load(name: &str) -> Loaded {
    load_file(&fixture(name), &LoadOptions::default()).unwrap_or_else(|p| panic!("{name}: {p:#?}"))
}

fn problems(name: &str) -> Vec<Problem> {
    load_file(&fixture(name), &LoadOptions::default()).expect_err(name)
}

fn by_id<'a>(events: &'a [Event], id: &str) -> &'a Event {
    events.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no event {id}"))
}

fn figures(e: &Event) -> Vec<(&str, u32)> {
    e.figures.iter().map(|f| (f.label.as_str(), f.count.n)).collect()
}

fn sources(e: &Event) -> Vec<(&str, Option<&str>, Option<&str>)> {
    e.sources.iter().map(|s| (s.outlet.as_str(), s.published.as_deref(), s.headline.as_deref())).collect()
}

const GED: &str = "real/ucdp-ged231-sample-1000.csv";

/// Regression: one row with low, best and high out of order refused a whole GED release.
#[test]
fn the_real_ged_sample_loads_whole_with_one_warning() {
    let l = load(GED);
    assert_eq!(l.events.len(), 1000);
    assert!(l.skipped.is_empty());
    let messages: Vec<&str> = l.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["13 rows give low, best and high deaths out of order; each figure is kept as given"]);
    let tagged = l.events.iter().filter(|e| e.tags.iter().any(|t| t == "figures-unordered")).count();
    assert_eq!(tagged, 13);
}

#[test]
fn a_real_ged_row_reads_field_by_field() {
    let l = load(GED);
    let e = by_id(&l.events, "300380");
    // the first headline is only a date: the dyad and the place title the event
    assert_eq!(e.title, "Government of Syria - Syrian insurgents in Rami village");
    assert_eq!(e.date, When::parse("2013-01-03").unwrap());
    assert_eq!((e.event_type.as_str(), e.sub_type.as_deref()), ("Battles", Some("State-based conflict")));
    let actors: Vec<(&str, Role)> = e.actors.iter().map(|a| (a.name.as_str(), a.role)).collect();
    assert_eq!(actors, [("Government of Syria", Role::Actor), ("Syrian insurgents", Role::Target)]);
    let p = e.place.as_ref().unwrap();
    assert_eq!(
        (p.name.as_str(), p.admin1.as_deref(), p.admin2.as_deref(), p.country.as_deref()),
        ("Rami village", Some("Idlib governorate"), Some("Ariha district"), Some("Syria"))
    );
    assert_eq!((p.lat, p.lon, p.precision), (Some(35.763369), Some(36.558974), GeoPrecision::Town));
    assert_eq!(p.geo_source.as_deref(), Some("in the al-Rami village"));
    assert_eq!(e.casualties[0].killed, Some(Count::exact(2)));
    assert_eq!(figures(e), [("deaths, best estimate", 2), ("deaths of Syrian insurgents", 2)]);
    assert_eq!(
        sources(e),
        [
            ("Support Kurds in Syria", Some("2013-01-03"), Some("Thursday 3 January 2013")),
            ("VDC", Some("2013-01-03"), Some("Abdul Satar Mustafa Hankosh")),
        ]
    );
    assert_eq!(e.notes.as_deref(), Some("Thursday 3 January 2013; Abdul Satar Mustafa Hankosh"));
    assert_eq!(e.tags, ["Syria: Government"]);
}

/// Regression: UCDP's quoted entries kept their quotes in the outlet's name.
#[test]
fn real_ged_sources_and_titles() {
    let l = load(GED);
    let e = by_id(&l.events, "448810");
    assert_eq!(e.title, "By Turkish shooters | Civilian killed in northern Al-Raqqa countryside");
    assert_eq!(sources(e)[0].0, "SOHR");
    assert_eq!(figures(e), [("deaths, best estimate", 1), ("civilian deaths", 1)]);
    // an entry of 1989: spaces, and an unbalanced quote
    let old = by_id(&l.events, "21300");
    assert_eq!(
        sources(old),
        [("Reuters", Some("1989-05-17"), Some("ANGOLAN UNITA REBELS BLOW UP POWER LINES DURING PEACE SUMMIT"))]
    );
    assert_eq!(old.title, "ANGOLAN UNITA REBELS BLOW UP POWER LINES DURING PEACE SUMMIT");
    assert_eq!(old.tags, ["Angola: Government", "low clarity"]);
    // entries "Outlet,yyyy-mm-dd,Headline" leave no quote in the outlet; older rows hold free
    // text citations (`AFP 13/1 2012 "Clash kills six...`), kept whole where they have no such parts
    let all: Vec<&str> = l.events.iter().flat_map(|e| &e.sources).map(|s| s.outlet.as_str()).collect();
    let quoted = all.iter().filter(|o| o.contains('"')).count();
    assert!(quoted * 100 < all.len() * 3, "{quoted} of {}", all.len());
    let dated = l.events.iter().flat_map(|e| &e.sources).filter(|s| s.published.is_some()).count();
    assert!(dated > 1000, "{dated}");
}

/// Regression: a 34-day span was called a "year", a two-day one a "week".
#[test]
fn real_ged_date_labels_come_from_the_days() {
    let l = load(GED);
    let old = by_id(&l.events, "21300");
    assert_eq!(
        (old.date.from_text(), old.date.to_text(), old.date.precision),
        ("1989-05-10".into(), "1989-05-16".into(), DatePrecision::Week)
    );
    for e in &l.events {
        let days = (e.date.end - e.date.start).num_days();
        let fits = match e.date.precision {
            DatePrecision::Day => days == 1,
            DatePrecision::Week => days == 7,
            DatePrecision::Month => (28..=31).contains(&days),
            DatePrecision::Year => (365..=366).contains(&days),
            DatePrecision::Span => days > 1,
            other => panic!("{}: {other:?}", e.id),
        };
        assert!(fits, "{}: {days} days labelled {:?}", e.id, e.date.precision);
    }
}

/// Regression: low above high refused the file; now each figure is kept and the claim spans them.
#[test]
fn real_ged_rows_out_of_order_keep_every_figure() {
    let l = load(GED);
    // low 3, best 2, high 3; deaths_b 2
    let e = by_id(&l.events, "236880");
    assert_eq!(e.casualties[0].killed, Some(Count { n: 2, qualifier: Default::default(), high: Some(3) }));
    assert_eq!(
        figures(e),
        [
            ("deaths, best estimate", 2),
            ("deaths of Taleban", 2),
            ("deaths, low estimate", 3),
            ("deaths, high estimate", 3)
        ]
    );
    assert!(e.tags.iter().any(|t| t == "figures-unordered"));
}

/// The fixture that shows the same in a few rows: low above high, best outside them.
#[test]
fn ged_figures_out_of_order_are_tagged_and_counted_once() {
    let l = load("real/ged-unordered.csv");
    assert_eq!(l.events.len(), 3);
    assert_eq!(l.warnings.len(), 1);
    assert!(l.warnings[0].message.starts_with("2 rows give low, best and high"), "{:?}", l.warnings);
    let ranges: Vec<(u32, u32)> = l.events.iter().map(|e| e.killed().map(|r| (r.low, r.high)).unwrap()).collect();
    assert_eq!(ranges, [(4, 9), (5, 12), (3, 3)]);
    assert!(problems("ucdp/bad_rows.csv").len() == 3, "bad rows are still refused");
}

fn dates(l: &Loaded) -> Vec<(&str, String, DatePrecision)> {
    l.events.iter().map(|e| (e.id.as_str(), e.date.from_text(), e.date.precision)).collect()
}

/// Regression: an ACLED file saved by a spreadsheet was refused at its first rewritten date.
#[test]
fn acled_dates_a_spreadsheet_rewrote_read_with_the_year_column() {
    let l = load("real/acled-spreadsheet.csv");
    let d = |id, from: &str, p| (id, from.to_string(), p);
    assert_eq!(
        dates(&l),
        [
            d("SYR1", "2020-05-09", DatePrecision::Day),
            d("SYR2", "2019-12-31", DatePrecision::Day),
            d("SYR3", "2020-05-13", DatePrecision::Day),
            // 13/5/2020 in the same file says the day comes first
            d("SYR4", "2020-09-05", DatePrecision::Day),
            d("SYR5", "2015-01-01", DatePrecision::Day),
            d("SYR6", "2022-03-01", DatePrecision::Month),
            d("SYR7", "2020-06-01", DatePrecision::Day),
        ]
    );
    assert_eq!(l.warnings.len(), 1, "one warning for the file: {:?}", l.warnings);
    assert!(l.warnings[0].message.starts_with("5 dates in event_date are in a spreadsheet's form"));
    assert!(l.warnings[0].message.ends_with("day before month as the file's other dates show"));
}

#[test]
fn acled_dates_that_stay_ambiguous_are_refused_at_their_line() {
    let ps = problems("real/acled-ambiguous-dates.csv");
    let at: Vec<(Option<usize>, &str)> = ps.iter().map(|p| (p.line, p.message.as_str())).collect();
    assert_eq!(at, [(Some(2), "\"5/9/2020\" reads as two dates"), (Some(3), "\"6/7/2020\" reads as two dates")]);
    assert!(ps[0].hint.as_deref().unwrap_or_default().contains("yyyy-mm-dd"));
}

/// Regression: a row empty from its location on loaded as if whole.
#[test]
fn acled_rows_cut_off_and_empty_ids_are_named_at_their_line() {
    let ps = problems("real/acled-cut-off.csv");
    let at: Vec<(Option<usize>, Option<usize>, Option<&str>)> =
        ps.iter().map(|p| (p.line, p.record, p.field.as_deref())).collect();
    assert_eq!(at, [(Some(3), Some(2), None), (Some(4), Some(3), Some("event_id_cnty"))]);
    assert!(ps[0].message.contains("cut off"), "{}", ps[0].message);
    let opts = LoadOptions { skip_bad: true, ..LoadOptions::default() };
    let l = load_file(&fixture("real/acled-cut-off.csv"), &opts).unwrap();
    let ids: Vec<&str> = l.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["SYR8", "SYR10"]);
    assert_eq!(l.skipped, ps, "every skipped row is listed");
}

/// A file through pandas: an index column, capitals, the pre-2019 ally_actor columns, a
/// column twice, an extra column, whole numbers written as floats.
#[test]
fn acled_layouts_from_pandas_and_older_exports_load() {
    let l = load("real/acled-pandas.csv");
    let messages: Vec<&str> = l.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["the column \"NOTES\" (column 33) repeats \"NOTES\" (column 29); the first is read"]);
    let e = by_id(&l.events, "SYR11");
    let actors: Vec<(&str, Role)> = e.actors.iter().map(|a| (a.name.as_str(), a.role)).collect();
    assert_eq!(
        actors,
        [
            ("Military Forces of Syria (2000-)", Role::Actor),
            ("NDF: National Defence Forces", Role::Associated),
            ("Hayat Tahrir al Sham", Role::Target),
            ("Jaish al Izza", Role::Target),
        ]
    );
    assert_eq!(e.notes.as_deref(), Some("=HYPERLINK(\"http://x.example/?leak\",\"click\")"), "the first NOTES");
    assert_eq!(e.date, When::parse("2018-04-01").unwrap());
    // pandas writes a column of whole numbers with a gap in it as floats
    let floats = by_id(&l.events, "SYR13");
    assert_eq!(floats.casualties[0].killed, Some(Count::exact(3)), "fatalities 3.0");
    assert_eq!(floats.place.as_ref().unwrap().precision, GeoPrecision::Town, "geo_precision 1.0");
    let l = load("real/acled-empty-index.csv");
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(l.events[0].id, "SYR20");
}

/// Regression: the command the browser cites dropped --skip-bad, so it failed when pasted.
#[test]
fn the_cited_command_keeps_the_load_options_and_reopens_the_view() {
    let path = fixture("real/acled-cut-off.csv");
    let opts = LoadOptions { skip_bad: true, ..LoadOptions::default() };
    let loaded = load_file(&path, &opts).unwrap();
    let app_opts = sitrep::app::Options {
        inputs: vec![path.clone()],
        load_args: vec!["--format".into(), "acled".into(), "--skip-bad".into()],
        select: Some("SYR10".into()),
        ..Default::default()
    };
    let app = sitrep::app::App::new(sitrep::index::Index::new(loaded.events), app_opts);
    let cited = app.citation();
    assert!(cited.ends_with(" --format acled --skip-bad --select SYR10"), "{cited}");
    // pasted (without a terminal, the browser prints its table): it loads
    let words: Vec<&str> = cited.split(' ').skip(1).collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep")).args(&words).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("SYR10"));
}

fn sitrep(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        // a FIFO nobody writes is given up after 1 s here, not 10
        .env("SITREP_FIFO_WAIT_MS", "1000")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sitrep");
    if let (Some(bytes), Some(mut w)) = (stdin, child.stdin.take()) {
        w.write_all(bytes).expect("write stdin");
    }
    let out = child.wait_with_output().expect("sitrep ends");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// `--data -` reads standard input; `query` reads a pipe once (it once opened inputs twice and
/// saw the second time empty).
#[test]
fn standard_input_and_pipes_are_read_once() {
    let csv = std::fs::read(fixture("acled/current.csv")).unwrap();
    let (code, out, err) = sitrep(&["query", "--count", "--data", "-", "date:2019"], Some(&csv));
    assert_eq!((code, out.as_str()), (0, "6\n"), "{err}");
    let (code, out, _) = sitrep(&["query", "--format", "acled", "--data", "-"], Some(&csv));
    assert_eq!(code, 0);
    assert!(out.contains("1553015246"), "the rows as written");
    let (code, _, err) = sitrep(&["validate", "-"], Some(b"[\n{\"id\":\"\"}\n]"));
    assert_eq!(code, 2);
    assert!(err.starts_with("(standard input):2:"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_once_and_one_without_writer_is_given_up() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("events.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, std::fs::read(fixture("acled/current.csv")).unwrap()))
    };
    let (code, out, err) = sitrep(&["query", "--count", "--data", fifo.to_str().unwrap()], None);
    assert_eq!((code, out.as_str()), (0, "6\n"), "{err}");
    writer.join().unwrap().unwrap();
    // nobody writes: given up after a while, not blocked for good
    let start = std::time::Instant::now();
    let (code, _, err) = sitrep(&["validate", fifo.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(err.contains("is a FIFO that no program opened for writing"), "{err}");
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
}

/// Regression: `validate /dev/zero` read without end.
#[cfg(target_os = "linux")]
#[test]
fn an_endless_device_is_read_to_a_limit() {
    let (code, _, err) = sitrep(&["validate", "/dev/zero"], None);
    assert_eq!(code, 2);
    assert!(err.contains("/dev/zero: error: goes on past 2 GiB without ending"), "{err}");
}

/// An API answer whose `data` is empty, or comes after the other keys.
#[test]
fn acled_api_answers_in_any_key_order_load() {
    let (code, out, err) =
        sitrep(&["query", "--count", "--data", "-"], Some(br#"{"status":200,"success":true,"count":0,"data":[]}"#));
    assert_eq!((code, out.as_str()), (0, "0\n"), "{err}");
    assert!(err.contains("\"data\" is empty"), "{err}");
    let api = std::fs::read_to_string(fixture("acled/api.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&api).unwrap();
    let last = format!(
        "{{\"status\":200,\"success\":true,\"filename\":\"{}\",\"count\":{},\"data\":{}}}",
        "x".repeat(5000),
        v["count"],
        v["data"]
    );
    let (code, out, err) = sitrep(&["query", "--count", "--data", "-"], Some(last.as_bytes()));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), v["data"].as_array().unwrap().len().to_string());
}

/// `source:` finds UCDP's outlets once parsed, and `killed:` matches a row out of order
/// anywhere between its smallest and largest figure.
#[test]
fn real_ged_events_are_found_by_source_and_by_any_of_their_figures() {
    let data = fixture(GED);
    let data = data.to_str().unwrap();
    let count = |q: &[&str]| {
        let mut args = vec!["query", "--count", "--data", data];
        args.extend(q);
        let (code, out, err) = sitrep(&args, None);
        assert_eq!(code, 0, "{err}");
        out.trim().parse::<usize>().unwrap()
    };
    assert_eq!(count(&["source:Airwars"]), 8);
    assert!(count(&["source:SOHR"]) > 100);
    // 236880: low 3, best 2, high 3
    for k in ["killed:2", "killed:3", "killed:>=3"] {
        assert!(count(&[k, "tag:figures-unordered", "date:2016-12-29..2016-12-30"]) == 1, "{k}");
    }
    assert_eq!(count(&["killed:4", "tag:figures-unordered", "date:2016-12-29..2016-12-30"]), 0);
}

/// The streamed query (a regular ACLED file, a filter) writes the original rows too.
#[test]
fn a_streamed_acled_query_writes_the_original_rows() {
    let path = fixture("acled/current.csv");
    let (code, out, err) =
        sitrep(&["query", "--format", "acled", "--data", path.to_str().unwrap(), "date:2019-03"], None);
    assert_eq!(code, 0, "{err}");
    let original = std::fs::read_to_string(&path).unwrap();
    let original = original.trim_start_matches('\u{feff}');
    let rows = |t: &str| -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(t.as_bytes());
        r.records().map(|r| r.expect("a record").iter().map(str::to_string).collect()).collect()
    };
    // in date order (the month of SYR51301 starts first), every row as written
    let (mut got, mut want) = (rows(&out), rows(original));
    got[1..].sort();
    want[1..].sort();
    assert_eq!(got, want);
}

/// Regression: with 101 rows left out, 20 were listed.
#[test]
fn skip_bad_lists_every_row_it_leaves_out() {
    let mut csv = String::from("event_id_cnty,event_date,event_type\n");
    for i in 0..101 {
        csv.push_str(&format!("X{i},2019-13-01,Battles\n"));
    }
    csv.push_str("OK1,2019-03-13,Battles\n");
    let (code, out, err) = sitrep(&["query", "--count", "--skip-bad", "--data", "-"], Some(csv.as_bytes()));
    assert_eq!((code, out.as_str()), (0, "1\n"), "{err}");
    assert_eq!(err.matches("error: record").count(), 101, "{err}");
    assert!(err.ends_with("sitrep: skipped 101 bad records\n"), "{err}");
}
