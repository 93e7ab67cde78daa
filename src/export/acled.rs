//! ACLED CSV: an event read from an ACLED export is written back as the row it came from, every
//! column and every value as the export wrote them (extra columns too, in their order); other
//! events get the columns of a current ACLED export, so that ACLED tooling and sitrep itself
//! read the file.
//!
//! A cell that a spreadsheet would run as a formula is written with a leading `'`, which sitrep
//! takes off again when it reads the file (see [`crate::formats::acled::defuse`]), so the values
//! load back as they were.

use super::io_error;
use crate::formats::acled::{COLUMNS, defuse, week_around};
use crate::model::{DatePrecision, Event, GeoPrecision, Role, SourceRow};
use chrono::{Datelike, NaiveDate};
use std::io::Write;
use std::sync::Arc;

/// The stated date and ACLED's time_precision: the day (1), the middle of a week (2) or the
/// middle of a month (3). Longer intervals are written as the month of their middle.
fn date(e: &Event) -> (NaiveDate, u8) {
    let w = &e.date;
    let first = w.first_day();
    match w.precision {
        DatePrecision::Minute | DatePrecision::Hour | DatePrecision::Day | DatePrecision::Night => (first, 1),
        DatePrecision::Week if week_around(first + chrono::Duration::days(3)) == *w => {
            (first + chrono::Duration::days(3), 2)
        }
        _ => {
            let middle = (w.start + (w.end - w.start) / 2).date();
            let mid_month = NaiveDate::from_ymd_opt(middle.year(), middle.month(), 15).unwrap_or(middle);
            (mid_month, 3)
        }
    }
}

fn names(e: &Event, role: Role) -> impl Iterator<Item = &str> {
    e.actors.iter().filter(move |a| a.role == role).map(|a| a.name.as_str())
}

fn join<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join("; ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// How a column is named, for matching the columns of different exports.
fn key(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// The columns written: those of the first export an event came from, as it wrote them, then
/// the columns of other exports it lacks, then those of a current export that events of other
/// sources need.
fn columns(events: &[&Event]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<&Arc<[String]>> = Vec::new();
    for row in events.iter().filter_map(|e| e.row.as_deref()) {
        let cols = row.columns();
        if seen.iter().any(|s| Arc::ptr_eq(s, cols)) {
            continue;
        }
        seen.push(cols);
        if out.is_empty() {
            out.extend(cols.iter().cloned());
        } else {
            for c in cols.iter() {
                if !out.iter().any(|o| key(o) == key(c)) {
                    out.push(c.clone());
                }
            }
        }
    }
    if out.is_empty() || events.iter().any(|e| e.row.is_none()) {
        for c in COLUMNS {
            if !out.iter().any(|o| key(o) == c) {
                out.push(c.to_string());
            }
        }
    }
    out
}

/// The cells of an event read from an export, in the columns written.
fn original(e: &Event, row: &SourceRow, columns: &[String], same: bool) -> Vec<String> {
    let cell = |i: usize| {
        if row.notes_column() == Some(i) { e.notes.as_deref().unwrap_or_default() } else { row.cell(i) }
    };
    if same {
        return (0..columns.len()).map(|i| cell(i).to_string()).collect();
    }
    columns.iter().map(|c| row.position(&key(c)).map(cell).unwrap_or_default().to_string()).collect()
}

/// The cells of an event of another source. actor1 is the first actor and assoc_actor_1 the
/// associated ones (and further actors); actor2 is the first target and assoc_actor_2 the
/// other targets. fatalities is the lowest figure any source gives (ACLED's own rule), empty
/// when none does.
fn made(e: &Event, columns: &[String]) -> Vec<String> {
    let (day, time_precision) = date(e);
    let actors: Vec<&str> = names(e, Role::Actor).collect();
    let targets: Vec<&str> = names(e, Role::Target).collect();
    let p = e.place.as_ref();
    let geo = p.map(|p| match p.precision {
        GeoPrecision::Exact | GeoPrecision::Town => 1,
        GeoPrecision::District => 2,
        GeoPrecision::Region => 3,
    });
    columns
        .iter()
        .map(|col| match key(col).as_str() {
            "event_id_cnty" => e.id.clone(),
            "event_date" => day.format("%Y-%m-%d").to_string(),
            "year" => day.year().to_string(),
            "time_precision" => time_precision.to_string(),
            "event_type" => e.event_type.clone(),
            "sub_event_type" => opt(e.sub_type.as_ref()),
            "actor1" => opt(actors.first()),
            "assoc_actor_1" => join(names(e, Role::Associated).chain(actors.iter().skip(1).copied())),
            "actor2" => opt(targets.first()),
            "assoc_actor_2" => join(targets.iter().skip(1).copied()),
            "admin1" => opt(p.and_then(|p| p.admin1.as_ref())),
            "admin2" => opt(p.and_then(|p| p.admin2.as_ref())),
            "country" => opt(p.and_then(|p| p.country.as_ref())),
            "location" => opt(p.map(|p| &p.name)),
            "latitude" => opt(p.and_then(|p| p.lat)),
            "longitude" => opt(p.and_then(|p| p.lon)),
            "geo_precision" => opt(geo),
            "source" => join(e.sources.iter().map(|s| s.outlet.as_str())),
            "notes" => opt(e.notes.as_ref()),
            "fatalities" => opt(e.killed().map(|r| r.low)),
            "tags" => e.tags.join("; "),
            _ => String::new(),
        })
        .collect()
}

/// Writes events as an ACLED export: each event read from ACLED as its original row, the
/// others in ACLED's columns (see the module's doc).
pub fn write_acled<W: Write>(events: &[&Event], w: W) -> std::io::Result<()> {
    let columns = columns(events);
    let first = events.iter().find_map(|e| e.row.as_deref()).map(|r| r.columns().clone());
    let mut out = csv::Writer::from_writer(w);
    out.write_record(columns.iter().map(|c| defuse(c).into_owned())).map_err(io_error)?;
    for e in events {
        let cells = match e.row.as_deref() {
            Some(row) => {
                let same = first.as_ref().is_some_and(|f| Arc::ptr_eq(f, row.columns()));
                original(e, row, &columns, same)
            }
            None => made(e, &columns),
        };
        out.write_record(cells.iter().map(|c| defuse(c).into_owned())).map_err(io_error)?;
    }
    out.flush()
}
