//! ACLED CSV exports: columns found by name in any order, the older layouts (without
//! disorder_type, civilian_targeting and tags, dates written "13 March 2019") included.
//!
//! The mapping, column by column, is in README.md, "Bring your own data".

use super::csv_table::{BadField, Header, RowResult, collect, read_rows, text};
use super::{Loaded, Problem};
use crate::model::{Actor, Claim, Count, DatePrecision, Event, GeoPrecision, Place, Role, Source, When};
use chrono::{Datelike, Duration, NaiveDate};
use csv::StringRecord;

/// The columns of a current ACLED export, in ACLED's order.
pub const COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// Without these a row is not an event.
const REQUIRED: [&str; 3] = ["event_id_cnty", "event_date", "event_type"];

/// Read when present; older exports lack `tags`.
const OPTIONAL: [&str; 15] = [
    "time_precision",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

/// The source named in the casualty claim of every ACLED event.
pub const CLAIM_SOURCE: &str = "ACLED";

/// Whether a header is an ACLED export's.
pub fn is_acled(h: &Header) -> bool {
    h.has_all(&["event_id_cnty", "event_date"])
}

/// Positions of the columns we read.
struct Columns {
    id: usize,
    date: usize,
    event_type: usize,
    time_precision: Option<usize>,
    sub_type: Option<usize>,
    actor1: Option<usize>,
    assoc1: Option<usize>,
    actor2: Option<usize>,
    assoc2: Option<usize>,
    admin1: Option<usize>,
    admin2: Option<usize>,
    location: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    geo_precision: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
    fatalities: Option<usize>,
    tags: Option<usize>,
}

impl Columns {
    fn find(h: &Header) -> Option<Columns> {
        let f = |n| h.find(n);
        Some(Columns {
            id: f("event_id_cnty")?,
            date: f("event_date")?,
            event_type: f("event_type")?,
            time_precision: f("time_precision"),
            sub_type: f("sub_event_type"),
            actor1: f("actor1"),
            assoc1: f("assoc_actor_1"),
            actor2: f("actor2"),
            assoc2: f("assoc_actor_2"),
            admin1: f("admin1"),
            admin2: f("admin2"),
            location: f("location"),
            lat: f("latitude"),
            lon: f("longitude"),
            geo_precision: f("geo_precision"),
            source: f("source"),
            notes: f("notes"),
            fatalities: f("fatalities"),
            tags: f("tags"),
        })
    }
}

/// Parses an ACLED export (without its byte order mark).
pub fn parse_acled(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    let header = Header::read(bytes).ok_or_else(|| vec![Problem::error(name, "has no header row")])?;
    let Some(cols) = Columns::find(&header) else {
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| header.find(c).is_none()).collect();
        return Err(vec![
            Problem::error(name, format!("is not an ACLED export: the column {} is missing", missing.join(", ")))
                .at(1, 1)
                .hint("an ACLED export's first line names its columns: event_id_cnty, event_date, event_type, ..."),
        ]);
    };
    let slots = read_rows(bytes, &header, |rec| row(rec, &cols));
    let mut loaded = collect(name, bytes, &header, slots, skip_bad)?;
    let missing: Vec<&str> = OPTIONAL.iter().copied().filter(|c| header.find(c).is_none()).collect();
    if !missing.is_empty() {
        loaded.warnings.push(
            Problem::warning(name, format!("has no column {}; the events have no such values", missing.join(", ")))
                .at(1, 1)
                .hint("nothing to do if the export left them out on purpose"),
        );
    }
    Ok(loaded)
}

/// A field's text, trimmed; empty when the column is absent.
fn get(rec: &StringRecord, col: Option<usize>) -> &str {
    col.map_or("", |i| text(rec, i))
}

fn some(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// `a; b;c` as `["a", "b", "c"]`.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> + Clone {
    s.split(';').map(str::trim).filter(|x| !x.is_empty())
}

/// The items of a `;`-separated list, each made a `T`, in a vector of the exact size: a
/// collected iterator without a size starts at four places, and a million events each with
/// one source would carry three empty ones.
pub fn list<T>(s: &str, f: impl FnMut(&str) -> T) -> Vec<T> {
    let items = split_list(s);
    let mut v = Vec::with_capacity(items.clone().count());
    v.extend(items.map(f));
    v
}

/// "{what} in {place}", built without the formatting machinery, which costs a tenth of the
/// load of a million rows.
pub fn title_in(what: &str, place: &str) -> String {
    let mut t = String::with_capacity(what.len() + 4 + place.len());
    t.push_str(what);
    t.push_str(" in ");
    t.push_str(place);
    t
}

/// An outlet named in a list of sources.
pub fn outlet(name: &str) -> Source {
    Source { outlet: name.to_string(), author: None, published: None, headline: None, url: None, quotes: vec![] }
}

fn row(rec: &StringRecord, c: &Columns) -> RowResult {
    let id = get(rec, Some(c.id));
    if id == "event_id_cnty" {
        return Ok(None);
    }
    if id.is_empty() {
        return Err(BadField::new("event_id_cnty", "is empty", "every event needs its ACLED id"));
    }
    let date = when(get(rec, Some(c.date)), get(rec, c.time_precision))?;
    let event_type = get(rec, Some(c.event_type));
    if event_type.is_empty() {
        return Err(BadField::new("event_type", "is empty", "every ACLED event has a type, e.g. \"Battles\""));
    }
    let sub_type = some(get(rec, c.sub_type));
    let names = [
        (get(rec, c.actor1), Role::Actor, false),
        (get(rec, c.assoc1), Role::Associated, true),
        (get(rec, c.actor2), Role::Target, false),
        (get(rec, c.assoc2), Role::Target, true),
    ];
    let count = |&(v, _, is_list): &(&str, Role, bool)| {
        if is_list { split_list(v).count() } else { usize::from(!v.is_empty()) }
    };
    let mut actors = Vec::with_capacity(names.iter().map(count).sum());
    for (v, role, is_list) in names {
        let actor = |name: &str| Actor { name: name.to_string(), role, aliases: vec![] };
        if is_list {
            actors.extend(split_list(v).map(actor));
        } else if !v.is_empty() {
            actors.push(actor(v));
        }
    }
    let place = place(rec, c)?;
    let fatalities = get(rec, c.fatalities);
    let casualties = if fatalities.is_empty() {
        vec![]
    } else {
        let n = fatalities.parse::<u32>().map_err(|_| {
            BadField::new(
                "fatalities",
                format!("{fatalities:?} is not a whole number"),
                "write the number of fatalities, or leave the field empty when it is unknown",
            )
        })?;
        vec![Claim { source: CLAIM_SOURCE.to_string(), killed: Some(Count::exact(n)), injured: None }]
    };
    let sources = list(get(rec, c.source), outlet);
    let what = sub_type.as_deref().unwrap_or(event_type);
    let title = match place.as_ref().map(|p| p.name.as_str()).filter(|n| !n.is_empty()) {
        Some(at) => title_in(what, at),
        None => what.to_string(),
    };
    Ok(Some(Event {
        id: id.to_string(),
        title,
        date,
        event_type: event_type.to_string(),
        sub_type,
        actors,
        place,
        casualties,
        figures: vec![],
        sources,
        notes: some(get(rec, c.notes)),
        tags: list(get(rec, c.tags), str::to_string),
    }))
}

fn place(rec: &StringRecord, c: &Columns) -> Result<Option<Place>, BadField> {
    let location = get(rec, c.location);
    let admin1 = get(rec, c.admin1);
    let admin2 = get(rec, c.admin2);
    let lat = degrees(get(rec, c.lat), "latitude", 90.0)?;
    let lon = degrees(get(rec, c.lon), "longitude", 180.0)?;
    if lat.is_some() != lon.is_some() {
        let (field, other) = if lat.is_none() { ("latitude", "longitude") } else { ("longitude", "latitude") };
        return Err(BadField::new(field, format!("is empty but {other} is given"), "give both coordinates or neither"));
    }
    let precision = match get(rec, c.geo_precision) {
        "" | "1" => GeoPrecision::Town,
        "2" => GeoPrecision::District,
        "3" => GeoPrecision::Region,
        other => {
            return Err(BadField::new(
                "geo_precision",
                format!("{other:?} is not 1, 2 or 3"),
                "ACLED's geo_precision is 1 (the town), 2 (near it or the district) or 3 (the region)",
            ));
        }
    };
    let name = [location, admin2, admin1].into_iter().find(|s| !s.is_empty());
    if name.is_none() && lat.is_none() {
        return Ok(None);
    }
    Ok(Some(Place {
        name: name.unwrap_or_default().to_string(),
        aliases: vec![],
        admin1: some(admin1),
        admin2: some(admin2),
        lat,
        lon,
        precision,
        geo_source: None,
    }))
}

/// A coordinate in degrees; a decimal comma (a spreadsheet in a European locale) is read too.
fn degrees(s: &str, field: &'static str, max: f64) -> Result<Option<f64>, BadField> {
    if s.is_empty() {
        return Ok(None);
    }
    let v = s
        .parse::<f64>()
        .or_else(|_| s.replace(',', ".").parse::<f64>())
        .map_err(|_| BadField::new(field, format!("{s:?} is not a number"), "write decimal degrees, e.g. 35.9306"))?;
    if !v.is_finite() || v.abs() > max {
        return Err(BadField::new(
            field,
            format!("{v} is out of range: it must lie between -{max} and {max}"),
            "check that the latitude and longitude columns are not swapped or shifted",
        ));
    }
    Ok(Some(v))
}

/// The event's date from event_date and time_precision: 1 the day, 2 the week around it, 3
/// its month.
fn when(date: &str, precision: &str) -> Result<When, BadField> {
    let d = parse_date(date).ok_or_else(|| {
        BadField::new(
            "event_date",
            format!("{date:?} is not a date"),
            "ACLED dates read 2019-03-13 or 13 March 2019; a spreadsheet may have rewritten them: \
             format the column as yyyy-mm-dd",
        )
    })?;
    match precision {
        "" | "1" => Ok(When::day(d)),
        "2" => Ok(week_around(d)),
        "3" => month_of(d).ok_or_else(|| BadField::new("event_date", "has no month", "check the date")),
        other => Err(BadField::new(
            "time_precision",
            format!("{other:?} is not 1, 2 or 3"),
            "ACLED's time_precision is 1 (the day), 2 (the week) or 3 (the month)",
        )),
    }
}

/// Seven days with `d` in the middle.
pub fn week_around(d: NaiveDate) -> When {
    let start = (d - Duration::days(3)).and_time(chrono::NaiveTime::MIN);
    When { start, end: start + Duration::days(7), precision: DatePrecision::Week, text: None }
}

/// The calendar month of `d`.
pub fn month_of(d: NaiveDate) -> Option<When> {
    When::parse(&format!("{:04}-{:02}", d.year(), d.month())).ok()
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `2019-03-13`, or the older `13 March 2019` (also `13-March-2019`, `13 Mar 2019`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        return NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?);
    }
    let mut parts = s.split([' ', '-']).filter(|p| !p.is_empty());
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_lowercase();
    let year: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    let m = MONTHS.iter().position(|full| month == *full || (month.len() == 3 && full.starts_with(&month)))?;
    NaiveDate::from_ymd_opt(year, m as u32 + 1, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_date_forms_read() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 13);
        assert_eq!(parse_date("2019-03-13"), d);
        assert_eq!(parse_date("13 March 2019"), d);
        assert_eq!(parse_date("13-March-2019"), d);
        assert_eq!(parse_date("13 mar 2019"), d);
        assert_eq!(parse_date("1 December 2019"), NaiveDate::from_ymd_opt(2019, 12, 1));
        assert_eq!(parse_date("31 February 2019"), None);
        assert_eq!(parse_date("13 Marchh 2019"), None);
        assert_eq!(parse_date("03/13/2019"), None);
    }

    #[test]
    fn precisions_widen_the_date() {
        let w = when("2019-03-13", "2").unwrap();
        assert_eq!(
            (w.from_text(), w.to_text(), w.precision),
            ("2019-03-10".into(), "2019-03-16".into(), DatePrecision::Week)
        );
        let m = when("2019-03-13", "3").unwrap();
        assert_eq!(m, When::parse("2019-03").unwrap());
        assert_eq!(when("2019-03-13", "").unwrap(), When::parse("2019-03-13").unwrap());
        assert_eq!(when("2019-03-13", "4").unwrap_err().field, "time_precision");
    }
}
