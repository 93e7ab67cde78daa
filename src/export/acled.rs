//! ACLED CSV: the columns of a current ACLED export, so that ACLED tooling and sitrep itself read
//! the file. Events that came from ACLED load back equal; what the ACLED columns cannot hold of
//! other events (a second casualty claim, quotes, reporters) is left out.

use super::io_error;
use crate::load::acled::{COLUMNS, week_around};
use crate::model::{DatePrecision, Event, GeoPrecision, Role};
use chrono::{Datelike, NaiveDate};
use std::io::Write;

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

/// Writes events as an ACLED export. actor1 is the first actor and assoc_actor_1 the associated
/// ones (and further actors); actor2 is the first target and assoc_actor_2 the other targets.
/// fatalities is the lowest figure any source gives (ACLED's own rule), empty when none does.
pub fn write_acled<W: Write>(events: &[&Event], w: W) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(COLUMNS).map_err(io_error)?;
    for e in events {
        let (day, time_precision) = date(e);
        let actors: Vec<&str> = names(e, Role::Actor).collect();
        let targets: Vec<&str> = names(e, Role::Target).collect();
        let p = e.place.as_ref();
        let geo = p.map(|p| match p.precision {
            GeoPrecision::Exact | GeoPrecision::Town => 1,
            GeoPrecision::District => 2,
            GeoPrecision::Region => 3,
        });
        let mut row: Vec<String> = Vec::with_capacity(COLUMNS.len());
        for col in COLUMNS {
            row.push(match col {
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
            });
        }
        out.write_record(&row).map_err(io_error)?;
    }
    out.flush()
}
