//! A flat CSV: one row per event, lists joined with "; ", for spreadsheets and pandas; text
//! that a spreadsheet would run as a formula is made inert.

use super::io_error;
use crate::model::{Event, Role};
use std::io::Write;

const COLUMNS: [&str; 28] = [
    "id",
    "title",
    "date",
    "date_from",
    "date_to",
    "date_precision",
    "type",
    "sub_type",
    "actors",
    "targets",
    "associated",
    "reporters",
    "place",
    "admin1",
    "admin2",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "killed_low",
    "killed_high",
    "injured_low",
    "injured_high",
    "disputed",
    "figures",
    "sources",
    "notes",
    "tags",
];

fn names(e: &Event, role: Role) -> String {
    text(e.actors.iter().filter(|a| a.role == role).map(|a| a.name.as_str()).collect::<Vec<_>>().join("; "))
}

/// Text from the data, made inert for a spreadsheet: a cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be read as a formula (a note reading
/// `=HYPERLINK(...)` becomes a link that leaks whoever opens the file), so it gets a leading
/// `'`, which spreadsheets show as text. Numbers, dates and flags are written as they are.
fn text(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s }
}

/// Every figure a source gives: "deaths, best estimate: 11 (UCDP GED); civilian deaths: 5 (UCDP GED)".
fn figures(e: &Event) -> String {
    let each = e.figures.iter().map(|f| format!("{}: {} ({})", f.label, f.count, f.source));
    each.collect::<Vec<_>>().join("; ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Writes the flat CSV: `date` as a reader writes it, `date_from` and `date_to` as the first and
/// last day (or minute), the casualty range over all sources' claims.
pub fn write_csv<W: Write>(events: &[&Event], w: W) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(COLUMNS).map_err(io_error)?;
    for e in events {
        let p = e.place.as_ref();
        let (killed, injured) = (e.killed(), e.injured());
        let row: [String; 28] = [
            text(e.id.clone()),
            text(e.title.clone()),
            e.date.to_string(),
            e.date.from_text(),
            e.date.to_text(),
            e.date.precision.as_str().to_string(),
            text(e.event_type.clone()),
            text(opt(e.sub_type.as_ref())),
            names(e, Role::Actor),
            names(e, Role::Target),
            names(e, Role::Associated),
            names(e, Role::Reporter),
            text(opt(p.map(|p| &p.name))),
            text(opt(p.and_then(|p| p.admin1.as_ref()))),
            text(opt(p.and_then(|p| p.admin2.as_ref()))),
            text(opt(p.and_then(|p| p.country.as_ref()))),
            opt(p.and_then(|p| p.lat)),
            opt(p.and_then(|p| p.lon)),
            opt(p.map(|p| p.precision.as_str())),
            opt(killed.map(|r| r.low)),
            opt(killed.map(|r| r.high)),
            opt(injured.map(|r| r.low)),
            opt(injured.map(|r| r.high)),
            e.disputed().to_string(),
            text(figures(e)),
            text(e.sources.iter().map(|s| s.outlet.as_str()).collect::<Vec<_>>().join("; ")),
            text(opt(e.notes.as_ref())),
            text(e.tags.join("; ")),
        ];
        out.write_record(&row).map_err(io_error)?;
    }
    out.flush()
}
