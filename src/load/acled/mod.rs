//! ACLED CSV exports: columns found by name in any order and letter case, the older layouts
//! (without disorder_type, civilian_targeting and tags, with ally_actor_1/2, dates written
//! "13 March 2019") included, and files a spreadsheet has saved (see `date.rs`).
//!
//! Every row keeps its cells as written, so that an export writes it back unchanged.
//! The mapping, column by column, is in docs/formats.md.

mod api;
mod date;
mod row;

pub use api::looks_like_api;
pub use row::Row;

use super::cells::trim;
use super::csv::{BadField, BadRow, Header, RowResult, Slot, collect, read_rows};
use super::{Loaded, Problem};
use crate::formats::acled::undefuse;
use csv::StringRecord;
use date::Style;
use std::borrow::Cow;
use std::sync::Arc;

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

/// Positions of the columns we read, and how the file's dates read.
struct Columns {
    /// The column names as the file writes them, and lowercased.
    columns: Arc<[String]>,
    names: Vec<String>,
    width: usize,
    /// The first of the columns ACLED always fills (see `row::cut_off`).
    always_filled: Option<usize>,
    dates: Style,
    year: Option<usize>,
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
        // the name of assoc_actor_1/2 before 2019
        let alias = |n, old| f(n).or_else(|| f(old));
        Some(Columns {
            columns: h.raw_names.clone().into(),
            names: h.names.clone(),
            width: h.names.len(),
            always_filled: first_of(h, &row::ALWAYS_FILLED),
            dates: Style::Strict,
            year: f("year"),
            id: f("event_id_cnty")?,
            date: f("event_date")?,
            event_type: f("event_type")?,
            time_precision: f("time_precision"),
            sub_type: f("sub_event_type"),
            actor1: f("actor1"),
            assoc1: alias("assoc_actor_1", "ally_actor_1"),
            actor2: f("actor2"),
            assoc2: alias("assoc_actor_2", "ally_actor_2"),
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

/// The first position of the columns named, when the header has all of them.
fn first_of(h: &Header, names: &[&str]) -> Option<usize> {
    names.iter().map(|n| h.find(n)).collect::<Option<Vec<_>>>()?.into_iter().min()
}

/// Parses an ACLED export (without its byte order mark): CSV, or the API's JSON.
pub fn parse_acled(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    if bytes.trim_ascii_start().starts_with(b"{") {
        return api::parse_acled_json(name, bytes, skip_bad);
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
    let mut slots = read_rows(bytes, &header, |rec| row(rec, &cols));
    let mut warnings = header.duplicates(name);
    // dates in a spreadsheet's form: all of them decide how they read, and the rows are read again
    if slots.iter().any(is_spreadsheet_date)
        && let Some((dates, found)) = dates_of(bytes, &header, &cols)
    {
        let cols = Columns { dates, ..cols };
        slots = read_rows(bytes, &header, |rec| row(rec, &cols));
        warnings.push(spreadsheet_warning(name, found, dates));
    }
    let mut loaded = collect(name, bytes, &header, slots, skip_bad)?;
    warnings.extend(missing_columns(name, &header));
    warnings.append(&mut loaded.warnings);
    loaded.warnings = warnings;
    Ok(loaded)
}

fn is_spreadsheet_date(slot: &Slot) -> bool {
    matches!(slot, Some(Err(b)) if matches!(&**b, BadRow::Field { bad, .. } if bad.hint == date::SPREADSHEET_HINT))
}

/// How the file's dates read, from the date and year of every row.
fn dates_of(bytes: &[u8], header: &Header, cols: &Columns) -> Option<(Style, usize)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(header.delimiter)
        .from_reader(header.body(bytes));
    let records: Vec<StringRecord> = rdr.records().filter_map(Result::ok).collect();
    let pairs = records.iter().map(|r| (get(r, Some(cols.date)), get(r, cols.year)));
    date::style_of(pairs)
}

fn spreadsheet_warning(name: &str, found: usize, dates: Style) -> Problem {
    let order = match dates {
        Style::Spreadsheet { day_first: Some(true) } => ", day before month as the file's other dates show",
        Style::Spreadsheet { day_first: Some(false) } => ", month before day as the file's other dates show",
        _ => "",
    };
    let rows = if found == 1 { "1 date".to_string() } else { format!("{found} dates") };
    Problem::warning(
        name,
        format!(
            "{rows} in event_date are in a spreadsheet's form (such as 9-May-20), read with the year column{order}"
        ),
    )
    .hint("check a few of them; to avoid this, format the column as yyyy-mm-dd before saving in the spreadsheet")
}

/// The warning that the export lacks some columns sitrep reads.
fn missing_columns(name: &str, header: &Header) -> Option<Problem> {
    let old = |c: &str| c.strip_prefix("assoc").map(|n| format!("ally{n}"));
    let absent = |c: &&str| header.find(c).is_none() && old(c).is_none_or(|o| header.find(&o).is_none());
    let missing: Vec<&str> = OPTIONAL.iter().copied().filter(absent).collect();
    (!missing.is_empty()).then(|| {
        Problem::warning(name, format!("has no column {}; the events have no such values", missing.join(", ")))
            .at(1, 1)
            .hint("nothing to do if the export left them out on purpose")
    })
}

/// An ACLED export about to be read row by row (see `scan/acled.rs`): its header, the columns
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
        let mut warnings = header.duplicates(name);
        warnings.extend(missing_columns(name, &header));
        Some(Export { header, cols, warnings })
    }

    /// One record's row, checked as the full load checks it (`Ok(None)`: the header again).
    pub fn row<'r, R: Record + ?Sized>(&self, rec: &'r R) -> Result<Option<Row<'r>>, BadField> {
        Row::read(rec, &self.cols)
    }

    /// The event of a record's row, with the record as the file wrote it.
    pub fn event<R: Record + ?Sized>(&self, row: &Row<'_>, rec: &R) -> crate::model::Event {
        row.event_from(rec, &self.cols)
    }

    /// [`Export::event`], its text borrowed from `text`, the part of the file the record was
    /// read from.
    pub fn flat<'b, R: Record + ?Sized>(
        &'b self,
        row: &Row<'_>,
        rec: &R,
        text: &'b str,
    ) -> crate::model::FlatEvent<'b> {
        row.flat(rec, &self.cols, text)
    }
}

/// A record's fields, by position: as the `csv` crate reads them (the full load), or as the
/// streaming scan's reader does (see `load/csv/strict.rs`).
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

/// A field's text, trimmed and undefused (see [`undefuse`]); empty when the column is absent.
fn get<R: Record + ?Sized>(rec: &R, col: Option<usize>) -> &str {
    col.map_or("", |i| undefuse(trim(rec.field(i))))
}

fn row(rec: &StringRecord, c: &Columns) -> RowResult {
    Ok(Row::read(rec, c)?.map(|r| r.event_from(rec, c)))
}
