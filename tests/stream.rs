//! `sitrep query` answers from native files and ACLED exports without loading them whole
//! (`query::stream_files`). These tests hold that path to the full load and index: the same
//! events in the same order, the same notes and warnings, the same problems for bad files, and
//! the full path wherever one event alone cannot give the index's answer.
//!
//! The scan reads files 16 MiB at a time; here it reads files of a few hundred kilobytes in
//! blocks of a few kilobytes ([`SMALL_BLOCK`]), so that every file crosses dozens of block
//! boundaries, and small files with every byte once the first of a block.

use serde_json::{Value, json};
use sitrep::export::write_native;
use sitrep::index::Index;
use sitrep::load::event_view::EventView;
use sitrep::load::event_view::parse_view;
use sitrep::load::{Keep, LoadOptions, Problem, ScanOptions, Sieve, load_bytes, load_files, scan_files};
use sitrep::model::{Count, Event, Figure, GeoPrecision, Qualifier, Source, When};
use sitrep::query::{Compiled, More, Query, Widen, stream_files, stream_files_with};
use std::path::{Path, PathBuf};

/// What `sitrep query` prints, whichever path computed it.
#[derive(Debug, PartialEq)]
struct Answer {
    ids: Vec<String>,
    warnings: Vec<Problem>,
    notes: Vec<String>,
    more: More,
}

/// The full load and index of some files.
struct Full {
    ix: Index,
    warnings: Vec<Problem>,
}

impl Full {
    fn load(paths: &[PathBuf]) -> Result<Full, Vec<Problem>> {
        let loaded = load_files(paths, &LoadOptions::default())?;
        Ok(Full { ix: Index::new(loaded.events), warnings: loaded.warnings })
    }

    fn answer(&self, q: &Query) -> Answer {
        let ix = &self.ix;
        let c = Compiled::new(q, ix).expect("the query resolves");
        let hits = c.run(ix);
        let more_by = |how| c.widened(how).map_or(0, |w| w.run(ix).len() - hits.len());
        let more = More { dates: more_by(Widen::Dates), places: more_by(Widen::Places) };
        let ids = hits.iter().map(|&i| ix.get(i).id().to_string()).collect();
        Answer { ids, warnings: self.warnings.clone(), notes: c.notes, more }
    }
}

fn full(paths: &[PathBuf], q: &Query) -> Result<Answer, Vec<Problem>> {
    Full::load(paths).map(|f| f.answer(q))
}

/// Bytes a test's scan reads at a time: an odd number, so that block boundaries fall at every
/// place in a line, and a few lines to a block.
const SMALL_BLOCK: usize = 8191;

/// None: the streaming path hands over to the full one. The events are read in small blocks,
/// the count in the blocks of `sitrep query` (a test's file is one such block).
fn streamed(paths: &[PathBuf], q: &Query) -> Option<Result<Answer, Vec<Problem>>> {
    let small = ScanOptions { keep: Keep::Events, block: SMALL_BLOCK };
    let answer = match stream_files_with(paths, q, small) {
        Ok(None) => return None,
        Ok(Some(s)) => {
            assert_eq!(s.count, s.index.len());
            let ids = s.index.iter().map(|e| e.id().to_string()).collect();
            Ok(Answer { ids, warnings: s.warnings, notes: s.notes, more: s.more })
        }
        Err(problems) => Err(problems),
    };
    // counting alone gives the same number, notes and warnings
    let counted = stream_files(paths, q, Keep::Count).map(|s| s.map(|s| (s.count, s.warnings, s.notes, s.more)));
    let expected = answer.as_ref().map(|a| Some((a.ids.len(), a.warnings.clone(), a.notes.clone(), a.more)));
    assert_eq!(counted, expected.map_err(Clone::clone));
    Some(answer)
}

fn write(dir: &Path, name: &str, events: &[Event]) -> PathBuf {
    let path = dir.join(name);
    let mut bytes = Vec::new();
    write_native(&events.iter().collect::<Vec<_>>(), &mut bytes).expect("write to memory");
    std::fs::write(&path, bytes).expect("write the file");
    path
}

/// Synthetic events with what the generator leaves out: governorate-only and unplaced events,
/// figures that disagree, authors, spans of a month, events without actors or notes.
fn varied(n: usize, seed: u64) -> Vec<Event> {
    let mut evs = sitrep::synth::events(n, seed);
    for (i, e) in evs.iter_mut().enumerate() {
        match i % 11 {
            0 => e.place.iter_mut().for_each(|p| p.precision = GeoPrecision::Region),
            1 => e.place.iter_mut().for_each(|p| (p.lat, p.lon) = (None, None)),
            2 => e.place = None,
            3 => {
                let fig = |source: &str, n| Figure {
                    label: "air strikes".into(),
                    source: source.into(),
                    count: Count::exact(n),
                };
                e.figures = vec![fig("Synthetic Wire", 12), fig("Synthetic Daily", 14)];
            }
            4 => e.sources.push(Source {
                outlet: "Field Notes".into(),
                author: Some("Jane Roe".into()),
                published: None,
                headline: Some("Shelling near the road".into()),
                url: None,
                quotes: vec!["Shelling hit the bakery at dawn.".into()],
            }),
            5 => {
                e.date =
                    When::span("2019-01-15", "2019-03-20", sitrep::model::DatePrecision::Span, None).expect("a span")
            }
            6 => e.actors.clear(),
            7 => e.notes = None,
            8 => e.tags.push("night raid".into()),
            9 => e
                .casualties
                .iter_mut()
                .for_each(|c| c.injured = Some(Count { n: 3, qualifier: Qualifier::About, high: Some(5) })),
            _ => {}
        }
    }
    evs
}

const QUERIES: &[&str] = &[
    "date:2019-03",
    "date:2019-03-01..2019-03-31 actor:HTS shelling",
    "date:2019-03-13",
    "overlaps:2019-03-10..2019-03-20",
    "date:..2017-06-30",
    "date:2022-06-01..",
    "-date:2017..2022",
    "actor:HTS",
    "actor:Russia,Turkey date:2020",
    "-actor:\"Military Forces of Syria\" date:2019-05",
    "actor:!!! date:2018-02",
    "by:HTS",
    "on:Civilians date:2019",
    "-by:Russia date:2020",
    "by:Russia on:HTS",
    "place:Idlib",
    "place:Sarqeb,\"Khan Shaykhun\"",
    "-place:Hama date:2021",
    "type:air",
    "type:Battles -type:clash",
    "source:\"Synthetic Observer\" date:2018",
    "source:roe",
    "tag:night",
    "near:35.93,36.63,10km",
    "near:35.93,36.63,25km date:2019",
    "-near:35.93,36.63,50km date:2020-02",
    "killed:>=10",
    "killed:<3 date:2019",
    "killed:2..5",
    "-killed:>0 date:2022",
    "id:syn-5-0000042",
    "-id:syn-5-0000042 date:2017-01",
    "is:disputed",
    "-is:disputed date:2018-07",
    "is:located -is:disputed killed:>=1",
    "-is:located",
    "shelling",
    "\"shelling village\"",
    "-shelling bakery",
    "dawn",
    "\"reported in\" date:2019-04",
    "actor:HTS place:Idlib killed:>=1 date:2019 -drone",
];

/// Every query of [`QUERIES`] is answered by the streaming path, with the full path's answer;
/// the full load, for more questions.
fn every_query_streams_as_loaded(paths: &[PathBuf]) -> Full {
    let whole = Full::load(paths).expect("the files load");
    for text in QUERIES {
        let q = Query::parse(text).expect("a query");
        let expected = whole.answer(&q);
        match streamed(paths, &q) {
            Some(got) => assert_eq!(got.expect("no problem"), expected, "{text}"),
            // a name that matches nothing as written is read by the index, which notes how
            None => assert!(!expected.notes.is_empty(), "{text}: the streaming path should answer"),
        }
    }
    whole
}

#[test]
fn streamed_answers_equal_the_full_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut evs = varied(600, 5);
    let second = evs.split_off(380);
    let paths = vec![write(dir.path(), "a.json", &evs), write(dir.path(), "b.json", &second)];
    let whole = every_query_streams_as_loaded(&paths);
    // the list tries every kind of answer
    let q = |t: &str| whole.answer(&Query::parse(t).unwrap());
    let dates = ["date:2019-03", "date:2019-03..2019-06", "date:2019"].map(|t| q(t).more.dates);
    assert!(dates.iter().any(|&n| n > 0), "{dates:?}");
    let places = ["near:35.93,36.63,25km date:2019", "near:35.93,36.63,25km date:2018", "near:35.93,36.63,40km"]
        .map(|t| q(t).more.places);
    assert!(places.iter().any(|&n| n > 0), "{places:?}");
    assert!(q("near:35.93,36.63,25km").more.places > 0);
    assert!(q("by:HTS").ids.len() < q("actor:HTS").ids.len() && !q("on:HTS").ids.is_empty());
    // a name that matches nothing as written: the index reads it otherwise, or says so
    let unmatched = Query::parse("actor:Nonexistent,HTS tag:nothing-of-the-kind").unwrap();
    assert!(streamed(&paths, &unmatched).is_none());
    assert!(!q("actor:Nonexistent,HTS tag:nothing-of-the-kind").notes.is_empty());
    assert!(q("source:roe").ids.len() > 40 && q("is:disputed").ids.len() > 40);
}

#[test]
fn near_a_named_place_takes_the_full_path() {
    let dir = tempfile::tempdir().unwrap();
    let paths = vec![write(dir.path(), "a.json", &varied(200, 1))];
    assert!(streamed(&paths, &Query::parse("near:Idlib,10km").unwrap()).is_none());
}

/// Regression: the index gathers a name's aliases over all events, so `actor:FB` finds the
/// events that spell the brigade without its alias too; one event alone cannot know that.
#[test]
fn a_name_with_differing_aliases_takes_the_full_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut evs = varied(300, 2);
    let brigade = |aliases: &[&str]| sitrep::model::Actor {
        name: "Foo Brigade".into(),
        role: sitrep::model::Role::Actor,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    };
    evs[10].actors = vec![brigade(&["FB"])];
    evs[20].actors = vec![brigade(&[])];
    let paths = vec![write(dir.path(), "a.json", &evs)];
    let q = Query::parse("actor:FB").unwrap();
    assert_eq!(full(&paths, &q).unwrap().ids.len(), 2, "the index unites the aliases");
    assert!(streamed(&paths, &q).is_none());
    // the CLI takes the full path and finds both
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["query", "--count", "--data", paths[0].to_str().unwrap(), "actor:FB"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
    // words that read both spellings alike, and other kinds of names, keep the fast path
    for text in ["actor:Foo", "place:Idlib", "actor:HTS"] {
        let q = Query::parse(text).unwrap();
        assert_eq!(streamed(&paths, &q).expect(text).unwrap(), full(&paths, &q).unwrap(), "{text}");
    }
}

/// Whatever the input, `sitrep query` reports what the full load reports.
fn same_outcome(paths: &[PathBuf]) {
    let q = Query::parse("shelling").expect("a query");
    let expected = full(paths, &q);
    let got = streamed(paths, &q).unwrap_or_else(|| full(paths, &q));
    assert_eq!(got, expected, "{paths:?}");
}

#[test]
fn bad_inputs_give_the_same_problems() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x != "expected") {
            same_outcome(&[path]);
            n += 1;
        }
    }
    assert!(n >= 14);
}

#[test]
fn broken_lines_deep_in_a_file_give_the_same_problems() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.json", &varied(500, 3));
    let text = std::fs::read_to_string(&good).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let variant = |name: &str, f: &dyn Fn(&mut Vec<String>)| {
        let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        f(&mut ls);
        let path = dir.path().join(name);
        std::fs::write(&path, ls.join("\n") + "\n").unwrap();
        path
    };
    let cases = [
        variant("wrong-type.json", &|ls| ls[450] = ls[450].replacen("\"title\":", "\"title\":5,\"x\":", 1)),
        variant("bad-day.json", &|ls| ls[400] = ls[400].replacen("\"date\":\"", "\"date\":\"2019-02-30\",\"d\":\"", 1)),
        variant("unclosed.json", &|ls| {
            ls.pop();
        }),
        variant("after-close.json", &|ls| {
            let late = ls[1].trim_end_matches(',').replacen("\"id\":\"", "\"id\":\"late-", 1);
            ls.push(late);
        }),
        variant("spread.json", &|ls| ls[10] = ls[10].replacen(',', ",\n", 1)),
        variant("unknown.json", &|ls| {
            for i in [490, 5, 250] {
                ls[i] = ls[i].replacen('{', "{\"colour\":\"red\",\"zz\":1,", 1);
            }
            ls[40] = ls[40].replacen("\"role\":", "\"rank\":3,\"role\":", 1);
        }),
        variant("bom.json", &|ls| ls[0] = format!("\u{feff}{}", ls[0])),
        variant("lines.json", &|ls| {
            ls.remove(0);
            ls.pop();
            ls.iter_mut().for_each(|l| *l = l.trim_end_matches(',').to_string());
        }),
        variant("blank-lines.json", &|ls| ls.insert(30, "   ".into())),
    ];
    for path in &cases {
        same_outcome(std::slice::from_ref(path));
    }
    let mut bytes = std::fs::read(&good).unwrap();
    let at = bytes.len() - 200;
    bytes[at] = 0xFF;
    let not_utf8 = dir.path().join("not-utf8.json");
    std::fs::write(&not_utf8, bytes).unwrap();
    same_outcome(&[not_utf8]);
    // duplicate ids across files name both places
    let again = write(dir.path(), "again.json", &varied(50, 3)[40..]);
    let q = Query::parse("shelling").unwrap();
    let paths = [good.clone(), again];
    let dups = streamed(&paths, &q).expect("reported while streaming").unwrap_err();
    assert_eq!(Err(dups), full(&paths, &q));
    // and the files the scan reads give warnings where the full load does
    let q = Query::parse("date:2019").unwrap();
    for path in [&cases[5], &cases[6], &cases[7], &cases[8]] {
        let got = streamed(std::slice::from_ref(path), &q).expect("line layouts are streamed");
        assert_eq!(got, full(std::slice::from_ref(path), &q), "{path:?}");
    }
}

/// The JSON of an event with every field the model has.
fn full_event() -> Value {
    let mut e = serde_json::to_value(&varied(12, 7)[4]).expect("an event as JSON");
    e["figures"] = json!([{"label": "air strikes", "source": "a", "count": {"n": 3, "qualifier": "about", "high": 5}}]);
    e["casualties"] = json!([{"source": "a", "killed": 3, "injured": {"n": 2, "qualifier": "at_least"}}]);
    e["date"] =
        json!({"from": "2019-03-12T18:00", "to": "2019-03-13T06:00", "precision": "night", "text": "overnight"});
    e["place"]["country"] = json!("Syria");
    e
}

/// Every value below `v`, by its place.
fn places(v: &Value, at: Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    let child = |k: Value| at.iter().cloned().chain([k]).collect::<Vec<_>>();
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| places(x, child(json!(k)), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| places(x, child(json!(i)), out)),
        _ => {}
    }
}

fn at_mut<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match k {
        Value::String(s) => &mut v[s.as_str()],
        k => &mut v[k.as_u64().expect("an index") as usize],
    })
}

/// Regression guard for the view: it accepts exactly the events that the model accepts without
/// an unknown field, on thousands of broken events (the others take the model's parser).
#[test]
fn the_view_accepts_exactly_what_the_model_accepts() {
    let base = full_event();
    let mut paths = Vec::new();
    places(&base, vec![], &mut paths);
    let values = [
        json!(null),
        json!(true),
        json!(5),
        json!(-200.5),
        json!(135.9),
        json!(1.5),
        json!("x"),
        json!(""),
        json!("2019-02-30"),
        json!("2019-03"),
        json!("exact"),
        json!([]),
        json!(["x"]),
        json!({}),
        json!({"n": 3}),
        json!({"from": "2019-03-01", "to": "2019-03-02", "zz": 1}),
    ];
    let mut cases: Vec<String> = Vec::new();
    for path in &paths {
        // (the event itself replaced would be another kind of file, not another event)
        for v in values.iter().filter(|_| !path.is_empty()) {
            let mut e = base.clone();
            *at_mut(&mut e, path) = v.clone();
            cases.push(e.to_string());
        }
        if let Some((Value::String(last), parent)) = path.split_last() {
            let mut e = base.clone();
            at_mut(&mut e, parent).as_object_mut().unwrap().remove(last);
            cases.push(e.to_string());
        }
        if at_mut(&mut base.clone(), path).is_object() {
            let mut e = base.clone();
            at_mut(&mut e, path)["zz"] = json!({"deep": [1]});
            cases.push(e.to_string());
        }
    }
    let s = base.to_string();
    cases.push(s.replacen('{', "{\"id\":\"twice\",", 1));
    cases.push(s.replacen('{', "{\"title\":\"Caf\\u00e9 \\\"x\\\"\",", 1).replacen("\"title\":\"", "\"zz\":\"", 1));
    cases.push(format!("{s} {{}}"));
    let mut accepted = 0;
    for json in &cases {
        let owned = load_bytes("m", json.as_bytes(), &LoadOptions::default());
        let clean = owned.is_ok_and(|l| l.warnings.is_empty());
        let view = parse_view(json).is_some();
        assert_eq!(clean, view, "{json}");
        accepted += usize::from(view);
    }
    assert!(accepted > 50 && accepted < cases.len() - 200, "{accepted} of {}", cases.len());
}

/// `events` as an ACLED export, with notes that need quoting (commas, doubled quotes,
/// newlines) and CRLF line ends, as real exports have.
fn write_acled(dir: &Path, name: &str, events: &[Event]) -> PathBuf {
    let mut evs = events.to_vec();
    for e in evs.iter_mut().step_by(3) {
        e.notes = Some(format!("Shelling, \"heavy\"\nreported; {}", e.notes.clone().unwrap_or_default()));
    }
    let mut bytes = Vec::new();
    sitrep::export::write_acled(&evs.iter().collect::<Vec<_>>(), &mut bytes).expect("write to memory");
    let text = String::from_utf8(bytes).expect("UTF-8").replace('\n', "\r\n");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the file");
    path
}

#[test]
fn acled_exports_are_streamed_with_the_full_paths_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut evs = varied(600, 6);
    let second = evs.split_off(380);
    let paths = vec![write_acled(dir.path(), "a.csv", &evs), write_acled(dir.path(), "b.csv", &second)];
    let whole = every_query_streams_as_loaded(&paths);
    let q = |t: &str| whole.answer(&Query::parse(t).unwrap());
    let (a, b, c) = (
        q("actor:Hayat").ids.len(),
        q("\"shelling village\"").ids.len(),
        q("date:2019-03-13").more.dates + q("date:2019-02-10").more.dates,
    );
    assert!(a > 30 && b > 3 && c > 0, "{a} {b} {c}");
    // an export beside a native file, in one question
    let native = write(dir.path(), "c.json", &varied(300, 8));
    let mixed = vec![paths[0].clone(), native];
    let q = Query::parse("date:2019 shelling").unwrap();
    assert_eq!(streamed(&mixed, &q).expect("both are streamed").unwrap(), full(&mixed, &q).unwrap());
}

#[test]
fn acled_fixtures_and_broken_exports_give_the_same_outcome() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/acled");
    let mut n = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        same_outcome(&[entry.unwrap().path()]);
        n += 1;
    }
    assert!(n >= 6);
    // the regular ones are streamed, with the full load's warnings (missing columns)
    let q = Query::parse("date:2019").unwrap();
    for name in ["current.csv", "old_layout.csv", "semicolon.csv", "shuffled.csv"] {
        let path = [fixtures.join(name)];
        assert_eq!(streamed(&path, &q).expect(name).unwrap(), full(&path, &q).unwrap(), "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    let good = write_acled(dir.path(), "good.csv", &varied(500, 4));
    let text = std::fs::read_to_string(&good).unwrap();
    let variant = |name: &str, f: &dyn Fn(&str) -> String| {
        let path = dir.path().join(name);
        std::fs::write(&path, f(&text)).unwrap();
        path
    };
    let cases = [
        variant("bad-date.csv", &|t| t.replacen(",2019-0", ",2019-13", 1)),
        variant("bad-latitude.csv", &|t| t.replacen(",35.", ",95.", 1)),
        variant("stray-quote.csv", &|t| t.replacen("Synthetic Daily", "Synthetic \"Daily", 1)),
        variant("open-quote.csv", &|t| format!("{}\"unclosed,\r\n", t)),
        variant("ragged.csv", &|t| t.replacen("Synthetic Wire,", "Synthetic Wire,,", 1)),
        variant("lone-cr.csv", &|t| t.replacen("Synthetic Wire", "Synthetic\rWire", 1)),
        variant("header-again.csv", &|t| {
            let header = t.lines().next().unwrap().to_string();
            t.replacen("\r\nsyn-", &format!("\r\n{header}\r\nsyn-"), 2)
        }),
        variant("duplicate.csv", &|t| {
            let first = t.lines().nth(1).unwrap().to_string();
            format!("{t}{first}\r\n")
        }),
        variant("blank-lines.csv", &|t| t.replacen("\r\nsyn-", "\r\n\r\n   \r\nsyn-", 3)),
        variant("bom.csv", &|t| format!("\u{feff}{t}")),
        variant("no-final-newline.csv", &|t| t.trim_end().to_string()),
    ];
    for path in &cases {
        same_outcome(std::slice::from_ref(path));
    }
    for path in &cases[8..] {
        assert!(streamed(std::slice::from_ref(path), &q).is_some(), "{path:?} is streamed");
    }
    let mut bytes = std::fs::read(&good).unwrap();
    let at = bytes.len() - 200;
    bytes[at] = 0xFF;
    let not_utf8 = dir.path().join("not-utf8.csv");
    std::fs::write(&not_utf8, bytes).unwrap();
    same_outcome(&[not_utf8]);
}

/// The files of real-world quirks (spreadsheet dates, cut-off rows, pandas layouts, UCDP
/// GED): `sitrep query` reports what the full load reports, and streams the regular ones.
#[test]
fn real_world_fixtures_give_the_same_outcome() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "csv") {
            same_outcome(&[path]);
            n += 1;
        }
    }
    assert!(n >= 7);
    let q = Query::parse("date:2018..2020").unwrap();
    for name in ["acled-pandas.csv", "acled-empty-index.csv"] {
        let path = [dir.join(name)];
        assert_eq!(streamed(&path, &q).expect(name).unwrap(), full(&path, &q).unwrap(), "{name}");
    }
}

/// Keeps the events whose id ends in 7, and counts what it saw.
struct Sevens;

impl Sieve for Sevens {
    type State = usize;
    fn state(&self) -> usize {
        0
    }
    fn keep(&self, ev: &EventView<'_>, seen: &mut usize) -> bool {
        *seen += 1;
        ev.id.ends_with('7')
    }
}

/// Scans `path` in blocks of each size of `blocks`, keeping events and counting them: the same
/// events as the full load keeps, each seen once, with its warnings.
fn scans_as_loaded(path: &Path, blocks: impl IntoIterator<Item = usize>) {
    let full = load_files(&[path], &LoadOptions::default()).expect("the file loads");
    let mut want: Vec<&Event> = full.events.iter().filter(|e| e.id.ends_with('7')).collect();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(!want.is_empty());
    for block in blocks {
        let scan = scan_files(&[path], &Sevens, ScanOptions { keep: Keep::Events, block });
        let scan = scan.expect("no problem").unwrap_or_else(|| panic!("block {block}: the file is scanned"));
        let mut got: Vec<&Event> = scan.events.iter().collect();
        got.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(got, want, "block {block}: the kept events are the full load's");
        assert_eq!(scan.kept, want.len(), "block {block}");
        assert_eq!(scan.states.iter().sum::<usize>(), full.events.len(), "block {block}: each event seen once");
        assert_eq!(scan.warnings, full.warnings, "block {block}");
        let counted = scan_files(&[path], &Sevens, ScanOptions { keep: Keep::Count, block });
        let counted = counted.expect("no problem").expect("the file is scanned");
        assert_eq!((counted.kept, counted.events.len()), (want.len(), 0), "block {block}");
    }
}

/// An ACLED export with what real ones hold: a byte order mark, CRLF line ends, notes
/// quoted with commas, doubled quotes and newlines, blank lines, empty fatalities.
fn messy_acled(n: usize) -> Vec<u8> {
    let mut evs = sitrep::synth::events(n, 9);
    for (i, e) in evs.iter_mut().enumerate() {
        match i % 5 {
            1 => e.notes = Some(format!("Shelling, \"heavy\"\nat dawn; {}", e.notes.clone().unwrap_or_default())),
            2 => e.casualties.clear(),
            _ => {}
        }
    }
    let mut csv = Vec::new();
    sitrep::export::write_acled(&evs.iter().collect::<Vec<_>>(), &mut csv).expect("write to memory");
    let text = String::from_utf8(csv).expect("UTF-8").replace('\n', "\r\n");
    let mut out = String::from("\u{feff}");
    for (i, record) in text.split("\r\nsyn-").enumerate() {
        if i > 0 {
            out.push_str(if i % 7 == 3 { "\r\n\r\nsyn-" } else { "\r\nsyn-" });
        }
        out.push_str(record);
    }
    out.into_bytes()
}

/// A native file as sitrep writes it, with a byte order mark, unknown fields in its first
/// events, and no newline at the end.
fn messy_native(n: usize) -> Vec<u8> {
    let evs = sitrep::synth::events(n, 4);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    write_native(&evs.iter().collect::<Vec<_>>(), &mut bytes).expect("write to memory");
    let text = String::from_utf8(bytes).expect("UTF-8").replacen("\"title\"", "\"colour\":1,\"title\"", 3);
    text.trim_end().as_bytes().to_vec()
}

#[test]
fn acled_records_cut_by_blocks_are_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.csv");
    std::fs::write(&path, messy_acled(120)).unwrap();
    let full = load_files(&[&path], &LoadOptions::default()).unwrap();
    assert_eq!(full.events.len(), 120);
    let quoted =
        full.events.iter().filter(|e| e.notes.as_deref().is_some_and(|n| n.contains("\"heavy\"\r\nat"))).count();
    assert!(quoted > 20, "the notes hold quotes and newlines: {quoted}");
    scans_as_loaded(&path, [7, 1000, 4096, 1 << 20]);
}

#[test]
fn lines_cut_by_blocks_are_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.json");
    std::fs::write(&path, messy_native(300)).unwrap();
    let full = load_files(&[&path], &LoadOptions::default()).unwrap();
    assert_eq!((full.events.len(), full.warnings.len()), (300, 4), "a warning for the BOM, one per unknown field");
    scans_as_loaded(&path, [7, 1000, 4096, 1 << 20]);
}

/// Where a block may start that matters (a block of `b` bytes starts at every multiple of
/// `b`): in the byte order mark, before and after every byte of `special`, and every 97th byte
/// (a line cut somewhere).
fn boundaries(bytes: &[u8], special: &[u8]) -> Vec<usize> {
    let special = |b: Option<&u8>| b.is_some_and(|b| special.contains(b));
    (1..bytes.len()).filter(|&p| p <= 3 || p % 97 == 0 || special(bytes.get(p - 1)) || special(bytes.get(p))).collect()
}

/// A small export with a block starting at every place that matters: the byte order mark
/// cut, a CRLF cut between its two bytes, a quoted newline and a doubled quote cut, blank
/// lines cut, every record cut somewhere.
#[test]
fn blocks_may_start_anywhere_in_an_export() {
    let bytes = messy_acled(8);
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains("\"\"heavy\"\"\r\nat") && text.contains("\r\n\r\nsyn-"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.csv");
    std::fs::write(&path, &bytes).unwrap();
    let at = boundaries(&bytes, b"\"\r\n");
    assert!(at.len() > 100, "{}", at.len());
    scans_as_loaded(&path, at);
}

/// A small native file with a block starting at every place that matters: the byte order
/// mark cut, every line end cut on either side, the last line (without a newline) cut.
#[test]
fn blocks_may_start_anywhere_in_a_native_file() {
    let bytes = messy_native(10);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.json");
    std::fs::write(&path, &bytes).unwrap();
    let at = boundaries(&bytes, b"\n");
    assert!(at.len() > 100 && at.contains(&(bytes.len() - 1)), "{}", at.len());
    scans_as_loaded(&path, at);
}
