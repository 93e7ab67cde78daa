//! One ACLED row read into an event: the checks every row passes, shared by the full load and
//! the streaming scan.

use super::date::when;
use super::{CLAIM_SOURCE, Columns, Record, get};
use crate::formats::acled::undefuse;
use crate::load::cells::{list, outlet, split_list, title_in, whole};
use crate::load::csv::BadField;
use crate::load::event_view::{ActorView, ClaimView, DateView, EventView, PlaceView, SourceView, Str};
use crate::model::{
    Actor, Claim, Count, Event, Few, FlatEvent, FlatPlace, FlatRow, GeoPrecision, Place, Role, RowCells, SourceRow,
    Title, When,
};
use std::borrow::Cow;
use std::sync::Arc;

/// The columns whose emptiness, with every column after them empty, says a row was cut off:
/// ACLED fills all three in every row it publishes.
pub(super) const ALWAYS_FILLED: [&str; 3] = ["latitude", "longitude", "fatalities"];

/// The problem of a row cut off partway: every column from some point on empty, the
/// coordinates and fatalities among them, after a country (so that a row written by sitrep
/// for an event without a place, which has no country either, is not taken for one).
pub(super) fn cut_off<R: Record + ?Sized>(rec: &R, c: &Columns) -> Option<BadField> {
    let (Some(country), Some(last)) = (c.country, c.always_filled) else {
        return None;
    };
    let filled = (0..c.width).rev().find(|&i| !rec.field(i).trim().is_empty())?;
    if filled >= last || rec.field(country).trim().is_empty() {
        return None;
    }
    let from = c.names.get(filled + 1).map_or("", String::as_str);
    Some(BadField::new(
        "",
        format!(
            "the row is cut off: every column from {from:?} on is empty, latitude, longitude and fatalities among them"
        ),
        "the row was cut off (a copy or a download that stopped partway?): take it again from the original export, \
         or leave it out with --skip-bad",
    ))
}

/// The row as the file wrote it, every cell (undefused, see [`undefuse`]); the notes
/// cell is not kept twice when it is the event's notes exactly.
pub(super) fn source_row<R: Record + ?Sized>(rec: &R, c: &Columns, notes: Option<&str>) -> Arc<SourceRow> {
    let cell = |i: usize| undefuse(rec.field(i));
    let shared = c.notes.filter(|&i| notes.is_some_and(|n| n == cell(i)));
    let size = (0..c.width).filter(|&i| Some(i) != shared).map(|i| cell(i).len()).sum();
    Arc::new(SourceRow::with_notes(c.columns.clone(), (0..c.width).map(cell), shared, size))
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
    pub(super) fn read<R: Record + ?Sized>(rec: &'r R, c: &Columns) -> Result<Option<Row<'r>>, BadField> {
        let id = get(rec, Some(c.id));
        if id.eq_ignore_ascii_case("event_id_cnty") {
            return Ok(None);
        }
        if id.is_empty() {
            return Err(BadField::new("event_id_cnty", "is empty", "every event needs its ACLED id"));
        }
        if let Some(bad) = cut_off(rec, c) {
            return Err(bad);
        }
        let (precision, year) = (whole(get(rec, c.time_precision)), whole(get(rec, c.year)));
        let date = when(get(rec, Some(c.date)), precision, year, c.dates)?;
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
        let fatalities = whole(get(rec, c.fatalities));
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

    /// The event's id.
    pub fn id(&self) -> &'r str {
        self.id
    }

    /// The actors, each with its role, in the columns' order, each made a `T`.
    fn actors<T>(&self, f: impl FnMut(&'r str, Role) -> T) -> Vec<T> {
        let count = |&(v, _, is_list): &(&str, Role, bool)| {
            if is_list { split_list(v).count() } else { usize::from(!v.is_empty()) }
        };
        let mut out = Vec::with_capacity(self.actors.iter().map(count).sum());
        self.actors_into(&mut out, f);
        out
    }

    /// [`Row::actors`], added to `out`.
    fn actors_into<T>(&self, out: &mut impl Extend<T>, mut f: impl FnMut(&'r str, Role) -> T) {
        for &(v, role, is_list) in &self.actors {
            if is_list {
                out.extend(split_list(v).map(|name| f(name, role)));
            } else if !v.is_empty() {
                out.extend([f(v, role)]);
            }
        }
    }

    /// "Air/drone strike in Saraqib": the sub-event type (or type) and the place.
    fn title(&self) -> String {
        let what = self.sub_type.unwrap_or(self.event_type);
        match self.place.as_ref().map(|p| p.name).filter(|n| !n.is_empty()) {
            Some(at) => title_in(what, at),
            None => what.to_string(),
        }
    }

    /// The event, owning its text, with the record it was read from.
    pub(super) fn event_from<R: Record + ?Sized>(&self, rec: &R, c: &Columns) -> Event {
        Event { row: Some(source_row(rec, c, self.notes)), ..self.event() }
    }

    /// The event as [`Row::event_from`] gives it, its text borrowed from `text`, the part of
    /// the file the record was read from (see [`FlatEvent`]).
    pub(super) fn flat<'b, R: Record + ?Sized>(&self, rec: &R, c: &'b Columns, text: &'b str) -> FlatEvent<'b> {
        let t = |s: &str| rebase(text, s);
        let cell = |i: usize| undefuse(rec.field(i));
        // the notes are that very cell, as a rule: no need to compare their bytes
        let same = |a: &str, b: &str| (a.as_ptr(), a.len()) == (b.as_ptr(), b.len()) || a == b;
        let shared = c.notes.filter(|&i| self.notes.is_some_and(|n| same(n, cell(i))));
        let mut cells = RowCells::new(text, c.width);
        for i in 0..c.width {
            cells.push(if Some(i) == shared { "" } else { cell(i) });
        }
        let what = t(self.sub_type.unwrap_or(self.event_type));
        let title = match self.place.as_ref().map(|p| p.name).filter(|n| !n.is_empty()) {
            Some(at) => Title::In(what, t(at)),
            None => Title::Text(what),
        };
        let mut actors = Few::new();
        self.actors_into(&mut actors, |name, role| (t(name), role));
        FlatEvent {
            id: t(self.id),
            title,
            date: self.date.clone(),
            event_type: t(self.event_type),
            sub_type: self.sub_type.map(t),
            actors,
            place: self.place.as_ref().map(|p| FlatPlace {
                name: t(p.name),
                admin1: p.admin1.map(t),
                admin2: p.admin2.map(t),
                country: p.country.map(t),
                lat: p.lat,
                lon: p.lon,
                precision: p.precision,
            }),
            killed: self.fatalities.map(|n| (Cow::Borrowed(CLAIM_SOURCE), n)),
            sources: split_list(self.sources).map(t).collect(),
            notes: self.notes.map(t),
            tags: split_list(self.tags).map(t).collect(),
            row: Some(FlatRow { columns: &c.columns, cells, notes: shared }),
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
            row: None,
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

/// `s` as a slice of `text` when it lies in it (most cells), else owned (a cell the file
/// escapes, read into a string of its own).
fn rebase<'b>(text: &'b str, s: &str) -> Cow<'b, str> {
    let at = (s.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match at.checked_add(s.len()).and_then(|end| text.get(at..end)) {
        Some(t) if t.as_ptr() == s.as_ptr() => Cow::Borrowed(t),
        _ => Cow::Owned(s.to_string()),
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
    let precision = match whole(get(rec, c.geo_precision)) {
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
