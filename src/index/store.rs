//! Where the events of an index are kept, in date order: one compact record per event in one
//! byte arena (see [`super::record`]), the strings events share kept once, and the columns
//! the timeline reads on every frame beside them. A million ACLED events take about a third of
//! the memory they took as `Event` values.

use super::notes::{Notes, RunNotes, Sources};
use super::record::{self, Cells, Reader, Writer};
use super::strings::{Interner, Strings};
use crate::container::Col;
use crate::model::{DatePrecision, Event, FileText, FlatEvent, When};
use rayon::prelude::*;
use std::sync::Arc;

/// Events whose notes are read from their files at once.
const RUN: usize = 4096;

/// Below this many rows a column's cells are all shared; past it, a column whose cells are
/// mostly new (ids, timestamps, free text) is kept inline instead of filling the arena.
const SAMPLE: u32 = 512;

#[derive(Debug, Default)]
pub(super) struct Store {
    /// Record `i` is `records[at[i]..at[i + 1]]`.
    pub(super) records: Col<u8>,
    pub(super) at: Col<u64>,
    pub(super) strings: Strings,
    pub(super) date_precision: Col<u8>,
    /// The string number of each event's place name, `u32::MAX` for none.
    pub(super) place: Col<u32>,
    /// The column names of the exports that rows came from.
    pub(super) row_columns: Vec<Arc<[String]>>,
    /// The record of each event, by event number, when records were written in another order
    /// than the events' (a file read block by block keeps its records in file order and sorts
    /// only this); empty when record `i` is event `i`'s.
    pub(super) order: Col<u32>,
    /// The files whose notes records leave there.
    pub(super) sources: Sources,
    /// The bytes of all titles and notes, counted on first need.
    pub(super) text_bytes: std::sync::OnceLock<usize>,
}

/// A [`Store`] as it is built.
#[derive(Default)]
struct Growing {
    records: Vec<u8>,
    at: Vec<u64>,
    date_precision: Vec<u8>,
    place: Vec<u32>,
    row_columns: Vec<Arc<[String]>>,
}

/// The columns of one export's rows: which keep their cells in the shared arena, decided
/// from the first [`SAMPLE`] rows (until then all do).
#[derive(Default)]
struct RowSet {
    /// The address of the column names, shared by the rows of one file.
    key: usize,
    seen: u32,
    /// Per column, cells new to the arena among the rows seen.
    new: Vec<u32>,
    shared: Vec<bool>,
    /// Per column, the number of the last shared cell: rows in date order repeat many cells
    /// (the date, the country), which are then found without hashing.
    last: Vec<u32>,
}

impl RowSet {
    /// What [`Writer::event`] takes of set `k`.
    fn row(&mut self, k: u32) -> (u32, &[bool], &mut [u32]) {
        (k, self.shared.as_slice(), self.last.as_mut_slice())
    }
}

/// Builds a [`Store`] from events in date order.
#[derive(Default)]
pub(super) struct Builder {
    store: Growing,
    strings: Interner,
    /// The row column sets, by number.
    sets: Vec<RowSet>,
    /// Where a row's title is put together.
    title: String,
}

impl Builder {
    pub(super) fn with_capacity(n: usize) -> Builder {
        let mut b = Builder::default();
        b.store.at.reserve(n + 1);
        b.store.at.push(0);
        b.store.date_precision.reserve(n);
        b.store.place.reserve(n);
        b
    }

    pub(super) fn push(&mut self, e: &Event) {
        let row = self.sampled(e.row.as_deref());
        let Builder { store, strings, sets, .. } = self;
        let mut w = Writer::new(&mut store.records, strings);
        w.event(e, row.map(|k| sets[k as usize].row(k)));
        let place = e.place.as_ref().map(|p| p.name.as_str());
        self.end(e.date.precision as u8, place);
    }

    /// [`Builder::push`] for the event of an export's row, read from `text` (its notes then
    /// left in the file).
    pub(super) fn push_flat(&mut self, e: &FlatEvent<'_>, text: Option<&FileText<'_>>) {
        let row = self.sampled(e.row.as_ref());
        let Builder { store, strings, sets, title } = self;
        let title = e.title.as_str(title);
        let mut w = Writer::new(&mut store.records, strings);
        w.flat(e, title, row.map(|k| sets[k as usize].row(k)), text);
        let place = e.place.as_ref().map(|p| &*p.name);
        self.end(e.date.precision as u8, place);
    }

    /// The number of the column set of a row about to be written, its cells counted while
    /// the set is sampled.
    fn sampled(&mut self, row: Option<&impl Cells>) -> Option<u32> {
        let r = row?;
        let k = self.row_set(r.columns())?;
        let s = &mut self.sets[k as usize];
        if s.seen < SAMPLE {
            s.seen += 1;
            for (c, new) in s.new.iter_mut().enumerate() {
                *new += u32::from(!self.strings.has(r.cell(c)));
            }
            if s.seen == SAMPLE {
                s.shared = s.new.iter().map(|&n| n * 2 < SAMPLE).collect();
            }
        }
        Some(k)
    }

    /// Ends the record just written.
    fn end(&mut self, precision: u8, place: Option<&str>) {
        self.store.at.push(self.store.records.len() as u64);
        self.store.date_precision.push(precision);
        let place = place.and_then(|p| self.strings.intern(p));
        self.store.place.push(place.unwrap_or(u32::MAX));
    }

    /// The number of a row's column set, added when new.
    fn row_set(&mut self, columns: &Arc<[String]>) -> Option<u32> {
        let key = Arc::as_ptr(columns) as *const String as usize;
        if let Some(k) = self.sets.iter().position(|s| s.key == key) {
            return u32::try_from(k).ok();
        }
        // a set with the same names but another allocation (another file) is another set
        let n = columns.len();
        self.sets.push(RowSet { key, seen: 0, new: vec![0; n], shared: vec![true; n], last: vec![u32::MAX; n] });
        self.store.row_columns.push(columns.clone());
        u32::try_from(self.sets.len() - 1).ok()
    }

    /// The id of record `j` as written so far.
    pub(super) fn id(&self, j: u32) -> &str {
        let j = j as usize;
        let (a, b) = (self.store.at[j] as usize, self.store.at[j + 1] as usize);
        record::id(&self.store.records[a..b])
    }

    /// The store, its events numbered by `from` (event `k` is record `from[k]`; None: in the
    /// order written), the notes left in files read from `sources`.
    pub(super) fn finish(self, from: Option<&[u32]>, sources: Sources) -> Store {
        let mut s = self.store;
        s.records.shrink_to_fit();
        let (date_precision, place, order) = match from {
            None => (s.date_precision, s.place, Vec::new()),
            Some(from) => (
                from.par_iter().map(|&j| s.date_precision[j as usize]).collect(),
                from.par_iter().map(|&j| s.place[j as usize]).collect(),
                from.to_vec(),
            ),
        };
        Store {
            records: s.records.into(),
            at: s.at.into(),
            strings: self.strings.finish(),
            date_precision: date_precision.into(),
            place: place.into(),
            row_columns: s.row_columns,
            order: order.into(),
            sources,
            text_bytes: Default::default(),
        }
    }
}

impl Store {
    #[cfg(test)]
    pub(super) fn new(events: &[Event]) -> Store {
        let mut b = Builder::with_capacity(events.len());
        for e in events {
            b.push(e);
        }
        b.finish(None, Sources::default())
    }

    pub(super) fn len(&self) -> usize {
        self.date_precision.len()
    }

    /// The memory the store holds.
    pub(super) fn heap_bytes(&self) -> usize {
        self.records.heap_bytes()
            + self.at.heap_bytes()
            + self.strings.heap_bytes()
            + self.date_precision.heap_bytes()
            + self.place.heap_bytes()
            + self.order.heap_bytes()
    }

    /// The number of event `i`'s record.
    pub(super) fn record_of(&self, i: u32) -> usize {
        self.order.get(i as usize).map_or(i, |&j| j) as usize
    }

    fn reader(&self, i: u32) -> Reader<'_> {
        let i = self.record_of(i);
        let (a, b) = (self.at[i] as usize, self.at[i + 1] as usize);
        // A record of a cache file is read once the blocks under it pass their checksum; one
        // in a damaged block reads as blank, never as its bytes (see `persist.rs`).
        Reader::new(self.records.checked(a..b).unwrap_or(record::BLANK), &self.strings)
    }

    pub(super) fn id(&self, i: u32) -> &str {
        self.reader(i).head().1
    }

    pub(super) fn title(&self, i: u32) -> &str {
        self.reader(i).head().2
    }

    pub(super) fn place_name(&self, i: u32) -> Option<&str> {
        let k = self.place[i as usize];
        (k != u32::MAX).then(|| self.strings.get(k))
    }

    pub(super) fn date_precision(&self, i: u32) -> DatePrecision {
        record::precision(self.date_precision[i as usize])
    }

    /// The date of event `i`, whose interval the index's columns give.
    pub(super) fn date(&self, i: u32, start: super::Minute, end: super::Minute) -> When {
        let mut r = self.reader(i);
        let flags = r.head().0;
        let text = r.date_text(flags).map(str::to_string);
        When { start: from_minute(start), end: from_minute(end), precision: self.date_precision(i), text }
    }

    /// Event `i`, whose date interval the index's columns give; its notes read from their
    /// file when left there, unless `notes` is false (they are then None).
    pub(super) fn event(&self, i: u32, start: super::Minute, end: super::Minute, notes: bool) -> Event {
        let mut e = self.event_with(i, (start, end), |a| notes.then(|| self.sources.text(a)));
        if !notes {
            e.notes = None;
        }
        e
    }

    /// Events `numbers`, whose date intervals `span` gives; notes left in files read for many
    /// events at once, in file order.
    pub(super) fn events(&self, numbers: &[u32], span: impl Fn(u32) -> (super::Minute, super::Minute)) -> Vec<Event> {
        let mut out = Vec::with_capacity(numbers.len());
        for run in numbers.chunks(RUN) {
            let notes = self.notes_of(run.iter().copied());
            for &i in run {
                let read = notes.as_ref().and_then(|n| n.of(i));
                out.push(
                    self.event_with(i, span(i), |a| Some(read.map_or_else(|| self.sources.text(a), str::to_string))),
                );
            }
        }
        out
    }

    /// Event `i` over `span`, its notes left in a file given by `notes_at`.
    fn event_with(
        &self,
        i: u32,
        (start, end): (super::Minute, super::Minute),
        notes_at: impl FnOnce(&super::notes::NotesAt) -> Option<String>,
    ) -> Event {
        let date = |precision, text| When { start: from_minute(start), end: from_minute(end), precision, text };
        self.reader(i).event(date, |k| self.row_columns.get(k as usize).cloned(), notes_at)
    }

    /// The notes left in files of `events`, read at once; None when none is.
    fn notes_of(&self, events: impl Iterator<Item = u32>) -> Option<RunNotes> {
        let wanted: Vec<_> = events
            .filter_map(|i| match self.reader(i).head().3 {
                Some(Notes::At(at)) => Some((i, at)),
                _ => None,
            })
            .collect();
        (!wanted.is_empty()).then(|| self.sources.texts(wanted))
    }

    /// Appends the folded title, notes and quotes of event `i`, each ending in a newline.
    pub(super) fn fold_searchable(&self, i: u32, out: &mut String) {
        self.fold_searchable_with(i, None, out);
    }

    /// [`Store::fold_searchable`], the notes left in files taken from `run` when read there.
    fn fold_searchable_with(&self, i: u32, run: Option<&RunNotes>, out: &mut String) {
        let mut r = self.reader(i);
        let (flags, _, title, notes) = r.head();
        let read;
        let notes = match notes {
            None => None,
            Some(Notes::Here(s)) => Some(s),
            Some(Notes::At(at)) => match run.and_then(|r| r.of(i)) {
                Some(s) => Some(s),
                None => {
                    read = self.sources.text(&at);
                    Some(read.as_str())
                }
            },
        };
        if !record::has_quotes(flags) {
            return super::fold_searchable_parts(title, notes, [], out);
        }
        let mut quotes = Vec::new();
        self.reader(i).quotes(&mut |q| quotes.push(q.to_string()));
        super::fold_searchable_parts(title, notes, quotes.iter().map(String::as_str), out);
    }

    /// Appends the folded text of each event of `run` to `out`, each event's end to `ends`;
    /// notes left in files are read for the whole run at once, in file order.
    pub(super) fn fold_run(&self, run: std::ops::Range<u32>, out: &mut String, ends: &mut Vec<usize>) {
        let notes = self.notes_of(run.clone());
        for i in run {
            self.fold_searchable_with(i, notes.as_ref(), out);
            ends.push(out.len());
        }
    }

    /// The events of `events` whose folded text holds `needle`, their notes left in files
    /// read at once.
    pub(super) fn holding(&self, events: &[u32], needle: &memchr::memmem::Finder) -> Vec<u32> {
        self.holding_each(events.iter().copied(), &[needle]).pop().unwrap_or_default()
    }

    /// For each of `needles`, the events of `events` whose folded text holds it, in the order
    /// given; each event folded once, the notes left in files read at once.
    pub(super) fn holding_each(
        &self,
        events: impl Iterator<Item = u32> + Clone,
        needles: &[&memchr::memmem::Finder],
    ) -> Vec<Vec<u32>> {
        let notes = self.notes_of(events.clone());
        let mut found = vec![Vec::new(); needles.len()];
        let mut buf = String::new();
        for i in events {
            buf.clear();
            self.fold_searchable_with(i, notes.as_ref(), &mut buf);
            for (f, n) in found.iter_mut().zip(needles) {
                if n.find(buf.as_bytes()).is_some() {
                    f.push(i);
                }
            }
        }
        found
    }

    /// The bytes of all titles and notes (what the searchable text is mostly made of), counted
    /// on first need.
    pub(super) fn text_bytes(&self) -> usize {
        use rayon::prelude::*;
        *self.text_bytes.get_or_init(|| {
            (0..self.len() as u32)
                .into_par_iter()
                .map(|i| {
                    let (_, _, title, notes) = self.reader(i).head();
                    title.len()
                        + match notes {
                            Some(Notes::Here(s)) => s.len(),
                            Some(Notes::At(at)) => at.len as usize,
                            None => 0,
                        }
                })
                .sum()
        })
    }

    /// How many notes could not be read from their file as they were at the open.
    pub(super) fn notes_gone(&self) -> usize {
        self.sources.gone_count()
    }
}

fn from_minute(m: super::Minute) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp(m.saturating_mul(60), 0).unwrap_or_default().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_file};

    /// Every event reads back from its record exactly as it was loaded: each field, the
    /// report's words for a date, figures with their qualifiers, quotes, and the export's row
    /// cell by cell.
    fn round_trips(mut events: Vec<Event>, what: &str) {
        assert!(!events.is_empty(), "{what}: no events");
        let ix = super::super::Index::new(events.clone());
        events.sort_by(|a, b| (a.date.start, a.date.end, &a.id).cmp(&(b.date.start, b.date.end, &b.id)));
        for (i, e) in events.iter().enumerate() {
            let r = ix.get(i as u32);
            assert_eq!(&r.to_event(), e, "{what}: event {i}");
            assert_eq!(
                (r.id(), r.title(), r.place_name()),
                (e.id.as_str(), e.title.as_str(), e.place.as_ref().map(|p| p.name.as_str()))
            );
            assert_eq!(r.date(), e.date, "{what}: date of {}", e.id);
        }
    }

    #[test]
    fn records_give_back_the_events_of_every_format() {
        round_trips(crate::dataset::builtin().expect("built-in").events, "built-in");
        round_trips(crate::synth::events(3000, 11), "generated");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for f in [
            "real/ucdp-ged231-sample-1000.csv",
            "acled/current.csv",
            "acled/old_layout.csv",
            "real/acled-pandas.csv",
            "geojson/points.geojson",
            "acled/api.json",
        ] {
            let loaded = load_file(&dir.join(f), &LoadOptions::default()).expect(f);
            round_trips(loaded.events, f);
        }
    }

    /// A column whose cells are mostly new (an id, a timestamp) stops filling the shared
    /// arena once sampled; one whose cells repeat (a country) stays shared.
    #[test]
    fn unique_cells_stay_inline_and_repeated_ones_shared() {
        let columns: Arc<[String]> = ["id", "country"].map(String::from).into();
        let events: Vec<Event> = crate::synth::events(5000, 3)
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                let id = format!("row-{i}");
                e.row = Some(Arc::new(SourceRowFor::new(columns.clone(), [id.as_str(), "Syria"].into_iter())));
                e
            })
            .collect();
        let store = Store::new(&events);
        let all = || (0..store.strings.at.len() as u32 - 1).map(|k| store.strings.get(k));
        let ids = all().filter(|s| s.starts_with("row-")).count();
        assert!(ids <= SAMPLE as usize, "ids went inline after the sample: {ids} shared");
        assert!(all().any(|s| s == "Syria"));
        round_trips(events, "rows");
    }

    /// The title of an export's row is kept once for all its events; another event's (a
    /// report's own headline) stays inline.
    #[test]
    fn titles_of_export_rows_are_shared_and_others_inline() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let rows = load_file(&dir.join("acled/current.csv"), &LoadOptions::default()).expect("loads").events;
        let native = crate::dataset::builtin().expect("built-in").events;
        for (events, shared) in [(rows, true), (native, false)] {
            assert!(events.iter().all(|e| e.row.is_some() == shared));
            let store = Store::new(&events);
            let arena: std::collections::HashSet<&str> =
                (0..store.strings.at.len() as u32 - 1).map(|k| store.strings.get(k)).collect();
            for (i, e) in events.iter().enumerate() {
                assert_eq!(arena.contains(e.title.as_str()), shared, "{}", e.title);
                assert_eq!(store.title(i as u32), e.title);
            }
        }
    }

    use crate::model::SourceRow as SourceRowFor;
}
