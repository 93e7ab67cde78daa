//! The in-memory index: events sorted by date, names interned with posting lists, and the
//! columns a filter reads, all computed once at load.
//!
//! Event numbers (`u32`) are positions in date order, so a date range is a contiguous range of
//! numbers and every posting list is sorted by date as well.

mod aliases;
mod build;
mod dict;
mod event_ref;
mod notes;
pub mod persist;
mod record;
mod store;
mod strings;
mod text_column;
mod words;

pub use aliases::Aliases;
pub use build::Builder;
pub use dict::{Dict, Entry, Met, Needle, Rank, coalition_members, spelling_keys, union};
pub use event_ref::{Columns, EventRef};
use store::Store;
use text_column::{FOLD_CHUNK, Folded};
pub use text_column::{Gone, TextColumn, Wanted, fold_searchable_parts};
pub use words::{Indexed, Words};

use crate::container::Col;
use crate::model::{Count, Event, GeoPrecision, Qualifier};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::hash::BuildHasher;

pub use crate::model::{Minute, minute};

/// Notes left in a file could not be read as they were when the file was read: it has been
/// changed in place since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an input file has changed since it was opened, and the notes of its events with it; open it again")]
pub struct NotesChanged;

impl From<NotesChanged> for std::io::Error {
    fn from(e: NotesChanged) -> std::io::Error {
        std::io::Error::other(e)
    }
}

/// Loaded events and everything derived from them for filtering.
#[derive(Debug, Default)]
pub struct Index {
    store: Store,
    /// Start and (exclusive) end of each event's date interval.
    start: Col<Minute>,
    end: Col<Minute>,
    /// The longest interval of any event, to bound date lookups.
    max_len: Minute,
    /// Coordinates as f32 (NaN when unknown): a map needs no more, and a million fit in 8 MB.
    lat: Col<f32>,
    lon: Col<f32>,
    /// How precisely each event is placed (Region when it has no place).
    geo_precision: Vec<GeoPrecision>,
    /// Killed over all claims, as [`killed_bounds`] reads them.
    killed_low: Col<u32>,
    killed_high: Col<u32>,
    /// Whether sources disagree on any figure.
    disputed: Vec<bool>,
    pub actors: Dict,
    /// Per actor (by id in `actors`), the events where it acted or acted beside the actor
    /// (`by:`), and those where it was the target (`on:`).
    pub actor_by: Vec<Vec<u32>>,
    pub actor_on: Vec<Vec<u32>>,
    pub places: Dict,
    /// Event types and sub-types in one dictionary: "type:air" finds "Air/drone strike".
    pub types: Dict,
    pub sources: Dict,
    pub tags: Dict,
    /// Folded title, notes and quotes of all events, one after another: built on first need,
    /// since a one-off query whose other terms narrow it to a few events need not fold a
    /// million notes.
    text: std::sync::OnceLock<TextColumn>,
    /// A cache file whose folded text the text column is read from when first needed.
    text_later: Option<std::sync::Arc<crate::container::Mapped>>,
    /// The words of the text column and their posting lists: built on first need too, and by
    /// the browser in the background as soon as it opens.
    words: std::sync::OnceLock<Words>,
    /// Whether a scan before the word index is built keeps the folded text for the searches
    /// after it (see [`Index::keep_scanned_text`]).
    keep_text: std::sync::atomic::AtomicBool,
    /// Event numbers by the hash of their id (the first event of each hash), for [`Index::position`]:
    /// built on first need, so that a one-off query does not hash a million ids.
    by_id: std::sync::OnceLock<FxHashMap<u64, u32>>,
}

/// The key of an id in [`Index::position`]'s table.
fn id_hash(id: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(id)
}

/// Killed over some claims as a `killed:` term reads them: the lowest and the highest number
/// some source reports, "more than 80" reporting 81; low `u32::MAX` when none gives a figure.
pub fn killed_bounds<'a>(counts: impl Iterator<Item = &'a Count>) -> (u32, u32) {
    counts.fold((u32::MAX, 0), |(low, high), c| {
        let n = c.n.saturating_add(u32::from(c.qualifier == Qualifier::MoreThan));
        (low.min(n), high.max(c.upper().max(n)))
    })
}

/// Events in date order (start, end, id). Sorts a small key per event, then moves each event
/// once into place by following the permutation's cycles: no second copy of the events, and
/// none of the many moves of whole events that sorting them directly would make.
fn sort_by_date(mut events: Vec<Event>) -> Vec<Event> {
    let mut keys: Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime, u32)> =
        events.iter().enumerate().map(|(i, e)| (e.date.start, e.date.end, i as u32)).collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| events[a.2 as usize].id.cmp(&events[b.2 as usize].id))
    });
    // position k must receive the event now at `from[k]`
    let mut from: Vec<u32> = keys.into_iter().map(|k| k.2).collect();
    for start in 0..from.len() {
        let mut k = start;
        while from[k] as usize != start {
            let src = from[k] as usize;
            events.swap(k, src);
            from[k] = k as u32;
            k = src;
        }
        from[k] = k as u32;
    }
    events
}

impl Index {
    /// Builds the index, sorting events by date (start, then end, then id).
    pub fn new(events: Vec<Event>) -> Index {
        let events = sort_by_date(events);
        let mut b = Builder::new();
        b.add(&events);
        // A million events are millions of small strings: freeing them is work the first
        // frame need not wait for.
        if events.len() > 10_000 {
            std::thread::spawn(move || drop(events));
        }
        b.finish()
    }

    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// Reads the notes its records leave in files from `paths` (as the index was built from
    /// them, in that order): an index read from a cache file is given its files so.
    pub fn notes_from(&mut self, paths: &[impl AsRef<std::path::Path>]) {
        self.store.sources = notes::Sources::open(paths);
    }

    /// Events `numbers` whole ([`EventRef::to_event`] of each), their notes read from their
    /// files many at once; Err when notes of some changed in place since their file was read.
    pub fn events(&self, numbers: &[u32]) -> Result<Vec<Event>, NotesChanged> {
        let before = self.notes_gone();
        let events = self.store.events(numbers, |i| (self.start[i as usize], self.end[i as usize]));
        if self.notes_gone() > before {
            return Err(NotesChanged);
        }
        Ok(events)
    }

    /// How many notes could not be read from their file as they were when it was read (the
    /// file changed in place since): each read so is shown as words that say so.
    pub fn notes_gone(&self) -> usize {
        self.store.notes_gone()
    }

    /// The memory the events' records and shared strings hold.
    pub fn store_bytes(&self) -> usize {
        self.store.heap_bytes()
    }

    /// The events where actor `id` acted or acted beside the actor (`by`), or was the target.
    pub fn actor_in_role(&self, id: u32, by: bool) -> &[u32] {
        let lists = if by { &self.actor_by } else { &self.actor_on };
        lists.get(id as usize).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Event number `i` (numbers run in date order from 0 to `len() - 1`).
    pub fn get(&self, i: u32) -> EventRef<'_> {
        EventRef { ix: self, i }
    }

    /// Every event, in date order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = EventRef<'_>> + DoubleEndedIterator {
        (0..self.len() as u32).map(|i| self.get(i))
    }

    /// The columns that filters, the map and the histogram read.
    pub fn cols(&self) -> Columns<'_> {
        Columns {
            start: &self.start,
            end: &self.end,
            lat: &self.lat,
            lon: &self.lon,
            geo_precision: &self.geo_precision,
            killed_low: &self.killed_low,
            killed_high: &self.killed_high,
            disputed: &self.disputed,
            max_len: self.max_len,
        }
    }

    /// The number of the first event with this id.
    pub fn position(&self, id: &str) -> Option<u32> {
        let by_id = self.by_id.get_or_init(|| {
            let mut m = FxHashMap::with_capacity_and_hasher(self.len(), Default::default());
            for i in 0..self.len() as u32 {
                m.entry(id_hash(self.store.id(i))).or_insert(i);
            }
            m
        });
        match by_id.get(&id_hash(id)) {
            None => None,
            Some(&i) if self.store.id(i) == id => Some(i),
            // another id has the same hash and came first: this one, if it is there, is later
            Some(_) => (0..self.len() as u32).find(|&i| self.store.id(i) == id),
        }
    }

    /// Folds the text of every event now (on every core), so that later text searches scan
    /// one column (or maps it from a cache file that holds it). Searches do not build it: they
    /// scan the text folded a run at a time when it is not built (see
    /// [`Index::text_scan_while`]).
    pub fn text_column(&self) -> &TextColumn {
        self.text.get_or_init(|| {
            let mapped = self.text_later.as_ref().and_then(|m| persist::mapped_text(m, self.len()));
            mapped.unwrap_or_else(|| TextColumn::build(&self.store))
        })
    }

    /// The events in `range` whose folded text contains `needle`, by a scan on every core (see
    /// [`Index::text_scan_while`]).
    pub fn text_scan(&self, range: std::ops::Range<u32>, needle: &memchr::memmem::Finder) -> Vec<u32> {
        self.text_scan_while(range, &[needle], Wanted::ALWAYS).ok().and_then(|mut f| f.pop()).unwrap_or_default()
    }

    /// For each of `needles`, the events in `range` whose folded text holds it, by a scan on
    /// every core: of the text column when it is built or in a cache file (see
    /// [`TextColumn::scan`]), else of the text folded a few thousand events at a time and
    /// dropped after, so that a search never builds the column (as large as the notes). Given
    /// up as soon as it is no longer wanted.
    pub fn text_scan_while(
        &self,
        range: std::ops::Range<u32>,
        needles: &[&memchr::memmem::Finder],
        wanted: Wanted,
    ) -> Result<Vec<Vec<u32>>, Gone> {
        let keep = self.keep_text.load(std::sync::atomic::Ordering::Relaxed) && !self.has_words();
        if keep || self.text.get().is_some() || self.text_later.is_some() {
            let col = self.text_column();
            return needles.iter().map(|n| col.scan_while(range.clone(), n, wanted)).collect();
        }
        let jobs: Vec<std::ops::Range<u32>> =
            (range.start..range.end).step_by(FOLD_CHUNK as usize).map(|a| a..(a + FOLD_CHUNK).min(range.end)).collect();
        let parts: Vec<Vec<Vec<u32>>> = jobs
            .into_par_iter()
            .map(|job| {
                wanted.check()?;
                Ok(self.store.holding_each(job, needles))
            })
            .collect::<Result<_, Gone>>()?;
        Ok((0..needles.len()).map(|k| parts.iter().flat_map(|p| p[k].iter().copied()).collect()).collect())
    }

    /// For each of `needles`, the events of `events` whose folded text holds it, checked a
    /// few thousand at a time on every core: from the text column when it is built, else
    /// folded on the spot. Given up as soon as it is no longer wanted.
    pub fn text_holding_while(
        &self,
        events: &[u32],
        needles: &[&memchr::memmem::Finder],
        wanted: Wanted,
    ) -> Result<Vec<Vec<u32>>, Gone> {
        let parts: Vec<Vec<Vec<u32>>> = events
            .par_chunks(FOLD_CHUNK as usize)
            .map(|part| {
                wanted.check()?;
                Ok(match self.text.get() {
                    Some(col) => needles
                        .iter()
                        .map(|n| part.iter().copied().filter(|&i| n.find(col.of(i)).is_some()).collect())
                        .collect(),
                    None => self.store.holding_each(part.iter().copied(), needles),
                })
            })
            .collect::<Result<_, Gone>>()?;
        Ok((0..needles.len()).map(|k| parts.iter().flat_map(|p| p[k].iter().copied()).collect()).collect())
    }

    /// The word index of the text column, built now (on every core) if it is not yet: from
    /// the column when it is built or in a cache file, else from the records, folded a run of
    /// events at a time, so that the column (as large as the notes) is not made for it.
    pub fn words(&self) -> &Words {
        self.words.get_or_init(|| {
            if self.text.get().is_some() || self.text_later.is_some() {
                Words::build(self.text_column())
            } else {
                Words::build_from(Folded::Records(&self.store))
            }
        })
    }

    /// Has a scan made before the word index is built keep the folded text it folds, so that
    /// the searches after it scan the column in milliseconds rather than fold every event
    /// again: the browser, which searches again and again while its word index is being built,
    /// asks for it; a one-off query does not. Once the word index is built, no search needs
    /// the column.
    pub fn keep_scanned_text(&self) {
        self.keep_text.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether [`Index::words`] has been built.
    pub fn has_words(&self) -> bool {
        self.words.get().is_some()
    }

    /// The folded text as the word index reads it: the column when it is built or in a cache
    /// file, else the records, folded on the spot.
    fn folded(&self) -> Folded<'_> {
        match (self.text.get(), &self.text_later) {
            (Some(col), _) => Folded::Column(col),
            (None, Some(_)) => Folded::Column(self.text_column()),
            (None, None) => Folded::Records(&self.store),
        }
    }

    /// The events in `range` whose folded text contains `needle`: from the word index when it
    /// is built and likely cheaper, else by [`Index::text_scan`]. Both give the same events.
    pub fn text_find(&self, range: std::ops::Range<u32>, needle: &memchr::memmem::Finder) -> Vec<u32> {
        if let Ok(Some((found, _))) = self.text_indexed_while(range.clone(), &[needle], Wanted::ALWAYS) {
            return found;
        }
        self.text_scan(range, needle)
    }

    /// The events in `range` whose text holds each of `needles` that the word index answers
    /// more cheaply than a scan, and the positions of those needles; None when it answers none
    /// (or is not built yet); given up as soon as it is no longer wanted. Without the
    /// text column, the index checks what it must against the records, folded on the spot,
    /// and answers only where that is cheaper than a scan of the column would be.
    pub fn text_indexed_while(
        &self,
        range: std::ops::Range<u32>,
        needles: &[&memchr::memmem::Finder],
        wanted: Wanted,
    ) -> Result<Indexed, Gone> {
        let Some(words) = self.words.get() else { return Ok(None) };
        words.find_all_in(self.folded(), range, needles, wanted)
    }

    /// Whether [`Index::text_column`] has been built.
    pub fn has_text_column(&self) -> bool {
        self.text.get().is_some()
    }

    /// Whether the folded text (title, notes, quotes) of event `i` contains `needle`: from the
    /// text column when built, else folded on the spot.
    pub fn text_contains(&self, i: u32, needle: &memchr::memmem::Finder) -> bool {
        if let Some(col) = self.text.get() {
            return needle.find(col.of(i)).is_some();
        }
        thread_local! {
            static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        BUF.with_borrow_mut(|buf| {
            buf.clear();
            self.store.fold_searchable(i, buf);
            needle.find(buf.as_bytes()).is_some()
        })
    }

    /// Event numbers whose date interval may overlap `[from, to)`: every event starting before
    /// `to` and not earlier than the longest interval before `from`.
    pub fn date_candidates(&self, from: Minute, to: Minute) -> std::ops::Range<u32> {
        let lo = self.start.partition_point(|&s| s < from.saturating_sub(self.max_len));
        let hi = self.start.partition_point(|&s| s < to);
        lo as u32..hi.max(lo) as u32
    }

    /// Coordinates of event `i`, when it has them.
    pub fn lat_lon(&self, i: u32) -> Option<(f64, f64)> {
        let (a, b) = (self.lat[i as usize], self.lon[i as usize]);
        (!a.is_nan() && !b.is_nan()).then_some((a as f64, b as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: `position` looks the id up in a table built once, not by a scan of every
    /// event; it gives the first of two events with one id, and is right when two ids share a hash.
    #[test]
    fn position_finds_an_id_by_its_hash() {
        let mut evs = crate::synth::events(2000, 3);
        evs[7].id = "twice".into();
        evs[1500].id = "twice".into();
        let ix = Index::new(evs);
        assert!(ix.by_id.get().is_none(), "built on first need");
        for e in ix.iter().filter(|e| e.id() != "twice") {
            assert_eq!(ix.position(e.id()), Some(e.number()), "{}", e.id());
        }
        let first = ix.iter().find(|e| e.id() == "twice").map(|e| e.number());
        assert_eq!(ix.position("twice"), first);
        assert_eq!(ix.position("no-such-id"), None);
        assert_eq!(ix.by_id.get().map(FxHashMap::len), Some(1999));
        // a table where an id's hash names another event: the id is still found
        let ix = Index::new(crate::synth::events(50, 4));
        let (a, b) = (ix.get(10).id().to_string(), ix.get(20).id().to_string());
        let table: FxHashMap<u64, u32> = [(id_hash(&a), 20), (id_hash(&b), 20)].into_iter().collect();
        ix.by_id.set(table).expect("not built yet");
        assert_eq!((ix.position(&a), ix.position(&b)), (Some(10), Some(20)));
    }

    #[test]
    fn events_come_out_in_date_order_with_ids_breaking_ties() {
        let mut evs = crate::synth::events(3000, 9);
        // some ties on the same day
        for (i, e) in evs.iter_mut().enumerate().take(40) {
            e.date = crate::model::When::parse("2019-03-13").unwrap();
            e.id = format!("tie-{:03}", 40 - i);
        }
        let ids: std::collections::BTreeSet<String> = evs.iter().map(|e| e.id.clone()).collect();
        let ix = Index::new(evs);
        let out: Vec<Event> = ix.iter().map(|e| e.to_event()).collect();
        assert_eq!(out.len(), 3000);
        assert!(
            out.windows(2)
                .all(|w| (w[0].date.start, w[0].date.end, &w[0].id) <= (w[1].date.start, w[1].date.end, &w[1].id))
        );
        assert_eq!(out.iter().map(|e| e.id.clone()).collect::<std::collections::BTreeSet<_>>(), ids);
        assert!(ix.start.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_scan_of_the_text_column_finds_what_a_search_per_event_finds() {
        let mut evs = crate::synth::events(5000, 4);
        // a phrase split across two neighbours in date order must match neither
        evs[0].title = "ends with white".into();
        evs[0].notes = None;
        evs[0].sources.clear();
        evs[0].date = crate::model::When::parse("2016-01-01").unwrap();
        evs[1].title = "phosphorus begins this one".into();
        evs[1].date = crate::model::When::parse("2016-01-02").unwrap();
        let ix = Index::new(evs);
        for needle in ["shelling", "in", "x", "bakery market", "white phosphorus", "no such words", "e"] {
            let f = memchr::memmem::Finder::new(needle.as_bytes());
            for range in [0..ix.len() as u32, 17..4000] {
                let per_event: Vec<u32> = range.clone().filter(|&i| ix.text_contains(i, &f)).collect();
                assert_eq!(ix.text_scan(range.clone(), &f), per_event, "{needle} in {range:?}");
            }
        }
        let f = memchr::memmem::Finder::new(b"white phosphorus");
        assert!(ix.text_scan(0..ix.len() as u32, &f).is_empty());
    }
}
