//! The fuzz targets: each takes any bytes and must return, without a panic, in bounded time and
//! memory. Shared by the fuzzer (`fuzz/`) and by the corpus replay of `cargo test` (tests/fuzz.rs).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use sitrep::app::{Action, App, Options};
use sitrep::export::ExportFormat;
use sitrep::index::Index;
use sitrep::load::{Format, LoadOptions, load_bytes};
use sitrep::model::Event;
use std::sync::OnceLock;

/// A fuzz target: its name (also its corpus directory's), the function, and the words its
/// inputs are made of, which the mutations insert.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
    pub tokens: &'static [&'static str],
}

const JSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "-0",
    "1e999",
    "-1",
    "4294967296",
    "\"id\"",
    "\"title\"",
    "\"date\"",
    "\"type\"",
    "\"place\"",
    "\"lat\"",
    "\"lon\"",
    "\"actors\"",
    "\"casualties\"",
    "\"killed\"",
    "\"sources\"",
    "\"notes\"",
    "\"2019-03-13\"",
    "\"2019-02-29\"",
    "\"2019-03-13T25:00\"",
    "\u{1b}[31m",
    "\u{9b}",
    "\u{202e}",
    "\n",
];

const CSV: &[&str] = &[
    ",",
    ";",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\u{feff}",
    "event_date",
    "event_type",
    "actor1",
    "latitude",
    "longitude",
    "fatalities",
    "geo_precision",
    "time_precision",
    "2019-03-13",
    "13 March 2019",
    "-",
    "=1+1",
    "999999999999",
    "NaN",
    "-91",
    "181",
    "\u{1b}]0;x\u{7}",
];

const GEOJSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"type\"",
    "\"FeatureCollection\"",
    "\"Feature\"",
    "\"features\"",
    "\"geometry\"",
    "\"Point\"",
    "\"coordinates\"",
    "\"properties\"",
    "null",
    "1e999",
    "-180",
    "90.0000001",
    "\"MultiPoint\"",
];

const QUERY: &[&str] = &[
    "actor:",
    "by:",
    "on:",
    "source:",
    "tag:",
    "is:located",
    "place:",
    "type:",
    "date:",
    "overlaps:",
    "near:",
    "killed:",
    "is:disputed",
    "has:",
    "id:",
    "-",
    "\"",
    "..",
    ">=",
    "<",
    ",",
    "km",
    "2019-03-13",
    "2019-03",
    "0,179.99,50km",
    "90,0,1km",
    "OR",
    "(",
    ")",
    "*",
];

const KEYMAP: &[&str] = &[
    "[[key]]",
    "keys = [",
    "]",
    "\"",
    "action = ",
    "context = ",
    "footer = ",
    "\"down\"",
    "\"quit\"",
    "\"timeline\"",
    "\"global\"",
    "\"Ctrl-c\"",
    "\"Alt-\"",
    "\"F12\"",
    "\"Shift-Tab\"",
    "\n",
    "#",
    "=",
];

pub const TARGETS: &[Target] = &[
    Target { name: "native", run: native, tokens: JSON },
    Target { name: "jsonl", run: native, tokens: JSON },
    Target { name: "acled_csv", run: acled_csv, tokens: CSV },
    Target { name: "acled_api", run: native, tokens: JSON },
    Target { name: "ucdp", run: ucdp, tokens: CSV },
    Target { name: "geojson", run: geojson, tokens: GEOJSON },
    Target { name: "detect", run: detect, tokens: JSON },
    Target { name: "query", run: query, tokens: QUERY },
    Target { name: "keymap", run: keymap, tokens: KEYMAP },
];

fn native(data: &[u8]) {
    load("events.json", Some(Format::Native), data);
}

fn acled_csv(data: &[u8]) {
    load("events.csv", Some(Format::Acled), data);
}

fn ucdp(data: &[u8]) {
    load("ged.csv", Some(Format::Ucdp), data);
}

fn geojson(data: &[u8]) {
    load("events.geojson", Some(Format::GeoJson), data);
}

fn detect(data: &[u8]) {
    load("events", None, data);
}

/// Loads strictly and with bad records skipped; what loads is exported in every format and
/// shown in the browser.
fn load(name: &str, format: Option<Format>, data: &[u8]) {
    for skip_bad in [false, true] {
        if let Ok(loaded) = load_bytes(name, data, &LoadOptions { format, skip_bad }) {
            use_events(loaded.events);
        }
    }
}

fn use_events(events: Vec<Event>) {
    let refs: Vec<&Event> = events.iter().collect();
    for f in ExportFormat::ALL {
        let _ = sitrep::export::write(&refs, f, std::io::sink());
    }
    // the browser's first screen and the full-screen reader of the first event, at two sizes
    let mut app = App::new(Index::new(events), Options::default());
    for (w, h) in [(100, 30), (41, 13)] {
        app.update(Action::Resize { width: w, height: h });
        app.update(Action::Details);
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        (&app).render(area, &mut buf);
        app.update(Action::Close);
    }
}

/// The built-in dataset, indexed once.
fn builtin() -> Option<&'static Index> {
    static IX: OnceLock<Option<Index>> = OnceLock::new();
    IX.get_or_init(|| sitrep::dataset::builtin().ok().map(|l| Index::new(l.events))).as_ref()
}

fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(ix) = builtin() {
        let _ = ix.query(&text);
    }
}

fn keymap(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (map, problems) = sitrep::keymap::Keymap::with_user(Some(("keys.toml", &text)));
    let _ = map.markdown();
    for p in problems {
        let _ = p.to_string();
    }
}
