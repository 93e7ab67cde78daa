//! ACLED CSV exports: columns found by name in any order, the older layouts (without
//! disorder_type, civilian_targeting and tags, dates written "13 March 2019") included.
//!
//! The mapping, column by column, is in docs/formats.md.

use super::csv_table::{BadField, Header, RowResult, collect, read_rows};
use super::view::{ActorView, ClaimView, DateView, EventView, PlaceView, SourceView, Str};
use super::{Loaded, Problem};
use crate::model::{Actor, Claim, Count, DatePrecision, Event, GeoPrecision, Place, Role, Source, When};
use chrono::{Datelike, Duration, NaiveDate};
use csv::StringRecord;
use std::borrow::Cow;

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
    country: Option<usize>,
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
            country: f("country"),
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

/// Parses an ACLED export (without its byte order mark): CSV, or the API's JSON.
pub fn parse_acled(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    if bytes.trim_ascii_start().starts_with(b"{") {
        return super::acled_json::parse_acled_json(name, bytes, skip_bad);
    }
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
    loaded.warnings.extend(missing_columns(name, &header));
    Ok(loaded)
}

/// The warning that the export lacks some columns sitrep reads.
fn missing_columns(name: &str, header: &Header) -> Option<Problem> {
    let missing: Vec<&str> = OPTIONAL.iter().copied().filter(|c| header.find(c).is_none()).collect();
    (!missing.is_empty()).then(|| {
        Problem::warning(name, format!("has no column {}; the events have no such values", missing.join(", ")))
            .at(1, 1)
            .hint("nothing to do if the export left them out on purpose")
    })
}

/// An ACLED export about to be read row by row (see `scan_acled.rs`): its header, the columns
/// read, and the warnings the full load gives about them.
pub struct Export {
    pub header: Header,
    cols: Columns,
    pub warnings: Vec<Problem>,
}

impl Export {
    /// None when `bytes` (without a byte order mark) is not an ACLED export with the columns
    /// an event needs.
    pub fn open(name: &str, bytes: &[u8]) -> Option<Export> {
        Export::of_header(name, Header::read(bytes)?)
    }

    /// None when the columns lack those an event needs.
    pub fn of_header(name: &str, header: Header) -> Option<Export> {
        let cols = Columns::find(&header)?;
        let warnings = missing_columns(name, &header).into_iter().collect();
        Some(Export { header, cols, warnings })
    }

    /// One record's row, checked as the full load checks it (`Ok(None)`: the header again).
    pub fn row<'r, R: Record + ?Sized>(&self, rec: &'r R) -> Result<Option<Row<'r>>, BadField> {
        Row::read(rec, &self.cols)
    }
}

/// A record's fields, by position: as the `csv` crate reads them (the full load), or as the
/// streaming scan's reader does (see `csv_split.rs`).
pub trait Record {
    /// The field at `i`, empty when there is none.
    fn field(&self, i: usize) -> &str;
}

impl Record for StringRecord {
    fn field(&self, i: usize) -> &str {
        self.get(i).unwrap_or_default()
    }
}

impl Record for [Cow<'_, str>] {
    fn field(&self, i: usize) -> &str {
        self.get(i).map_or("", |f| f)
    }
}

/// A field's text, trimmed; empty when the column is absent.
fn get<R: Record + ?Sized>(rec: &R, col: Option<usize>) -> &str {
    col.map_or("", |i| trim(rec.field(i)))
}

/// `a; b;c` as `["a", "b", "c"]`.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> + Clone {
    s.split(';').map(trim).filter(|x| !x.is_empty())
}

/// `s.trim()`, at once when `s` starts and ends with a visible ASCII character (a letter,
/// digit or sign: the common case), which no kind of space is.
fn trim(s: &str) -> &str {
    let solid = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if solid(s.as_bytes().first()) && solid(s.as_bytes().last()) { s } else { s.trim() }
}

/// The items of a `;`-separated list, each made a `T`, in a vector of the exact size: a
/// collected iterator without a size starts at four places, and a million events each with
/// one source would carry three empty ones.
pub fn list<'s, T>(s: &'s str, f: impl FnMut(&'s str) -> T) -> Vec<T> {
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
    Ok(Row::read(rec, c)?.map(|r| r.event()))
}

/// One ACLED row, checked, with its text borrowed from the record: what both the full load
/// (through [`Row::event`]) and a streaming query (through [`Row::view`]) read of it, so that
/// the two see the very same event.
pub struct Row<'r> {
    id: &'r str,
    date: When,
    event_type: &'r str,
    sub_type: Option<&'r str>,
    /// actor1, assoc_actor_1, actor2, assoc_actor_2: raw text, the role, and whether a list.
    actors: [(&'r str, Role, bool); 4],
    place: Option<RowPlace<'r>>,
    fatalities: Option<u32>,
    sources: &'r str,
    notes: Option<&'r str>,
    tags: &'r str,
}

struct RowPlace<'r> {
    name: &'r str,
    admin1: Option<&'r str>,
    admin2: Option<&'r str>,
    country: Option<&'r str>,
    lat: Option<f64>,
    lon: Option<f64>,
    precision: GeoPrecision,
}

fn nonempty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

impl<'r> Row<'r> {
    /// The row's fields, checked; None for the header repeated (exports joined into one file).
    fn read<R: Record + ?Sized>(rec: &'r R, c: &Columns) -> Result<Option<Row<'r>>, BadField> {
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
        let actors = [
            (get(rec, c.actor1), Role::Actor, false),
            (get(rec, c.assoc1), Role::Associated, true),
            (get(rec, c.actor2), Role::Target, false),
            (get(rec, c.assoc2), Role::Target, true),
        ];
        let place = place(rec, c)?;
        let fatalities = get(rec, c.fatalities);
        let fatalities = if fatalities.is_empty() {
            None
        } else {
            Some(fatalities.parse::<u32>().map_err(|_| {
                BadField::new(
                    "fatalities",
                    format!("{fatalities:?} is not a whole number"),
                    "write the number of fatalities, or leave the field empty when it is unknown",
                )
            })?)
        };
        Ok(Some(Row {
            id,
            date,
            event_type,
            sub_type: nonempty(get(rec, c.sub_type)),
            actors,
            place,
            fatalities,
            sources: get(rec, c.source),
            notes: nonempty(get(rec, c.notes)),
            tags: get(rec, c.tags),
        }))
    }

    /// The actors, each with its role, in the columns' order, each made a `T`.
    fn actors<T>(&self, mut f: impl FnMut(&'r str, Role) -> T) -> Vec<T> {
        let count = |&(v, _, is_list): &(&str, Role, bool)| {
            if is_list { split_list(v).count() } else { usize::from(!v.is_empty()) }
        };
        let mut out = Vec::with_capacity(self.actors.iter().map(count).sum());
        for &(v, role, is_list) in &self.actors {
            if is_list {
                out.extend(split_list(v).map(|name| f(name, role)));
            } else if !v.is_empty() {
                out.push(f(v, role));
            }
        }
        out
    }

    /// "Air/drone strike in Saraqib": the sub-event type (or type) and the place.
    fn title(&self) -> String {
        let what = self.sub_type.unwrap_or(self.event_type);
        match self.place.as_ref().map(|p| p.name).filter(|n| !n.is_empty()) {
            Some(at) => title_in(what, at),
            None => what.to_string(),
        }
    }

    /// The event, owning its text.
    pub fn event(&self) -> Event {
        let actors = self.actors(|name, role| Actor { name: name.to_string(), role, aliases: vec![] });
        let own = |s: Option<&str>| s.map(str::to_string);
        Event {
            id: self.id.to_string(),
            title: self.title(),
            date: self.date.clone(),
            event_type: self.event_type.to_string(),
            sub_type: own(self.sub_type),
            actors,
            place: self.place.as_ref().map(|p| Place {
                name: p.name.to_string(),
                aliases: vec![],
                admin1: own(p.admin1),
                admin2: own(p.admin2),
                country: own(p.country),
                lat: p.lat,
                lon: p.lon,
                precision: p.precision,
                geo_source: None,
            }),
            casualties: self.claim().into_iter().collect(),
            figures: vec![],
            sources: list(self.sources, outlet),
            notes: own(self.notes),
            tags: list(self.tags, str::to_string),
        }
    }

    fn claim(&self) -> Option<Claim> {
        let n = self.fatalities?;
        Some(Claim { source: CLAIM_SOURCE.to_string(), killed: Some(Count::exact(n)), injured: None })
    }

    /// The event as a filter reads it, borrowing the row's text (the title alone is built).
    pub fn view(&self) -> EventView<'r> {
        let b = |s: &'r str| Str(Cow::Borrowed(s));
        let title = match self.place.as_ref().map(|p| p.name).filter(|n| !n.is_empty()) {
            Some(_) => Str(Cow::Owned(self.title())),
            None => b(self.sub_type.unwrap_or(self.event_type)),
        };
        EventView {
            id: b(self.id),
            title,
            date: DateView::from(self.date.clone()),
            event_type: b(self.event_type),
            sub_type: self.sub_type.map(b),
            actors: self.actors(|name, role| ActorView { name: b(name), role, aliases: vec![] }),
            place: self.place.as_ref().map(|p| PlaceView {
                name: b(p.name),
                aliases: vec![],
                admin1: p.admin1.map(b),
                admin2: p.admin2.map(b),
                country: p.country.map(b),
                lat: p.lat,
                lon: p.lon,
                precision: p.precision,
                geo_source: None,
            }),
            casualties: self
                .fatalities
                .map(|n| ClaimView { source: b(CLAIM_SOURCE), killed: Some(Count::exact(n)), injured: None })
                .into_iter()
                .collect(),
            figures: vec![],
            sources: list(self.sources, |o| SourceView {
                outlet: b(o),
                author: None,
                published: None,
                headline: None,
                url: None,
                quotes: vec![],
            }),
            notes: self.notes.map(b),
            tags: list(self.tags, b),
        }
    }
}

fn place<'r, R: Record + ?Sized>(rec: &'r R, c: &Columns) -> Result<Option<RowPlace<'r>>, BadField> {
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
    Ok(Some(RowPlace {
        name: name.unwrap_or_default(),
        admin1: nonempty(admin1),
        admin2: nonempty(admin2),
        country: nonempty(get(rec, c.country)),
        lat,
        lon,
        precision,
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
    fn trimming_at_once_trims_as_str_trim_does() {
        for s in ["", " ", "a", " a ", "a\u{b}", "\u{a0}x", "x\u{3000}", "ab c", "\tq;", "é ", "Ḩalfāyā"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

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
