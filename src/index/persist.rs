//! The index in a cache file (see `crate::cache`): its columns written as they are held, and
//! read back in place from the memory-mapped file. The events' records, the shared strings,
//! the dates, coordinates and figures, and the folded text are not copied on reading: a
//! later open of a million events touches only what it shows. The name dictionaries and the
//! actors' role lists are copied out of the file (they are small); the word index is built
//! again in the background, as on a first open.
//!
//! The records and the folded text are the two large sections (600 and 500 MB of a million
//! ACLED events), and the only ones not checked at the open ([`READ_LATER`]): a record is read
//! only once the blocks under it have passed their checksum, and a record in a damaged block
//! reads as a blank one, so that no byte of it is ever shown. Whoever shows records from a
//! cache file asks [`cache_file`] whether damage was found, and loads the files again when it
//! was.

use super::dict::{Dict, Entry};
use super::record;
use super::store::Store;
use super::strings::Strings;
use super::text_column::{FOLD_CHUNK, fold_run};
use super::{Index, TextColumn};
use crate::container::{CacheMiss, Col, Mapped, SectionWriter};
use crate::model::GeoPrecision;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What is not a column: the count, the longest interval, the rows' column names.
#[derive(Serialize, Deserialize)]
struct Meta {
    events: usize,
    max_len: i64,
    row_columns: Vec<Vec<String>>,
    dicts: Vec<Vec<Spelled>>,
}

/// A dictionary entry without its postings (kept in columns of their own).
#[derive(Serialize, Deserialize)]
struct Spelled {
    name: String,
    keys: Vec<String>,
    skeletons: Vec<String>,
    seen: Vec<String>,
    members: Vec<u32>,
}

const DICTS: [&str; 5] = ["actors", "places", "types", "sources", "tags"];

fn dicts(ix: &Index) -> [&Dict; 5] {
    [&ix.actors, &ix.places, &ix.types, &ix.sources, &ix.tags]
}

/// An entry as the data spells it: spellings from the user's alias file (linked in by the
/// browser before the write) belong to the alias file, not to the data, and are left out.
fn spelled(e: &Entry) -> Spelled {
    if e.linked.is_empty() {
        return Spelled {
            name: e.name.clone(),
            keys: e.keys.clone(),
            skeletons: e.skeletons.clone(),
            seen: e.seen.clone(),
            members: e.members.clone(),
        };
    }
    let mut d = Dict::default();
    let own: Vec<String> = e.seen.iter().filter(|s| !e.linked.contains(s)).cloned().collect();
    d.intern(&e.name, &own);
    let mut s = spelled(&d.entries[0]);
    s.members.clone_from(&e.members);
    s
}

/// Lists of numbers as one column of offsets and one of values.
fn flatten<'a>(lists: impl Iterator<Item = &'a [u32]>) -> (Vec<u64>, Vec<u32>) {
    let (mut at, mut all) = (vec![0u64], Vec::new());
    for l in lists {
        all.extend_from_slice(l);
        at.push(all.len() as u64);
    }
    (at, all)
}

/// The lists `name` of event numbers, each below `events`.
fn lists(m: &Mapped, name: &str, events: usize) -> Result<Vec<Vec<u32>>, CacheMiss> {
    let at = m.get::<u64>(&format!("{name}.at"))?;
    let all = m.get::<u32>(&format!("{name}.values"))?;
    // one pass over the flat values, which the compiler vectorizes
    if all.iter().fold(0, |max, &v| max.max(v)) as usize >= events && !all.is_empty() {
        return Err(CacheMiss::Damaged(format!("the lists {name}")));
    }
    at.windows(2)
        .map(|w| all.get(w[0] as usize..w[1] as usize).map(<[u32]>::to_vec))
        .collect::<Option<_>>()
        .ok_or_else(|| CacheMiss::Damaged(format!("the lists {name}")))
}

/// Writes the index, its text column folded on the way when it is not built.
pub fn write_index(ix: &Index, w: &mut SectionWriter) -> std::io::Result<()> {
    let meta = Meta {
        events: ix.len(),
        max_len: ix.max_len,
        row_columns: ix.store.row_columns.iter().map(|c| c.to_vec()).collect(),
        dicts: dicts(ix).iter().map(|d| d.entries.iter().map(spelled).collect()).collect(),
    };
    w.add_bytes("meta.json", &serde_json::to_vec(&meta)?)?;
    w.add("start", &ix.start)?;
    w.add("end", &ix.end)?;
    w.add("lat", &ix.lat)?;
    w.add("lon", &ix.lon)?;
    w.add("killed_low", &ix.killed_low)?;
    w.add("killed_high", &ix.killed_high)?;
    w.add("geo_precision", &ix.geo_precision.iter().map(|&p| p as u8).collect::<Vec<u8>>())?;
    w.add("disputed", &ix.disputed.iter().map(|&d| u8::from(d)).collect::<Vec<u8>>())?;
    let s = &ix.store;
    w.add("records", &s.records)?;
    w.add("records.at", &s.at)?;
    w.add("strings", &s.strings.bytes)?;
    w.add("strings.at", &s.strings.at)?;
    w.add("date_precision", &s.date_precision)?;
    w.add("place", &s.place)?;
    w.add("order", &s.order)?;
    for (name, d) in DICTS.iter().zip(dicts(ix)) {
        let (at, all) = flatten(d.entries.iter().map(|e| e.postings.as_slice()));
        w.add(&format!("{name}.at"), &at)?;
        w.add(&format!("{name}.values"), &all)?;
    }
    let roles: Vec<u8> = ix.actors.entries.iter().flat_map(|e| e.roles.iter().map(|&r| r as u8)).collect();
    w.add("actors.roles", &roles)?;
    for (name, l) in [("actor_by", &ix.actor_by), ("actor_on", &ix.actor_on)] {
        let (at, all) = flatten(l.iter().map(Vec::as_slice));
        w.add(&format!("{name}.at"), &at)?;
        w.add(&format!("{name}.values"), &all)?;
    }
    if ix.text.get().is_none() && ix.text_later.is_none() {
        return write_folded(&ix.store, w);
    }
    let text = ix.text_column();
    w.add("text", &text.text)?;
    w.add("text.at", &text.at)
}

/// The sections of the text column, folded from the records a run of events at a time and
/// written as they are folded: the column, as large as the notes, is never held whole (nor
/// built in memory, where the word index does without it). Folded on the writer's own thread:
/// in the browser the word index is built on every core meanwhile, and a write that waited for
/// the cores would end after it.
fn write_folded(store: &Store, w: &mut SectionWriter) -> std::io::Result<()> {
    let n = store.len() as u32;
    let mut at: Vec<u64> = Vec::with_capacity(n as usize + 1);
    at.push(0);
    w.add_with("text", |out| {
        let mut written = 0u64;
        for first in (0..n).step_by(FOLD_CHUNK as usize) {
            let (text, ends) = fold_run(store, first..(first + FOLD_CHUNK).min(n));
            out.write_all(text.as_bytes())?;
            at.extend(ends.into_iter().map(|e| written + e as u64));
            written += text.len() as u64;
        }
        Ok(())
    })?;
    w.add("text.at", &at)
}

/// The sections that [`read_index`] reads only when they are first needed, a checksum block at
/// a time: open the file with [`Mapped::open_except`] and these.
pub const READ_LATER: [&str; 2] = ["text", "records"];

/// The cache file an index was read from, when it was.
pub fn cache_file(ix: &Index) -> Option<&Arc<Mapped>> {
    ix.store.records.file()
}

/// Whether the records of `events` lie in blocks of the cache file that pass their checksum,
/// the blocks not checked yet checked now on every core: before those events are printed.
/// True for an index built in memory.
pub fn check_records(ix: &Index, events: &[u32]) -> bool {
    let (Some(file), Col::Mapped { offset, .. }) = (cache_file(ix), &ix.store.records) else { return true };
    let (at, store) = (&ix.store.at, &ix.store);
    // an event's record is found through the order column, as `Store::reader` finds it
    let span = |i: u32| {
        let r = store.record_of(i);
        Some(offset + *at.get(r)? as usize..offset + *at.get(r + 1)? as usize)
    };
    events.iter().all(|&i| span(i).is_some()) && file.check_spans(events.iter().filter_map(|&i| span(i)))
}

/// The folded text of a cache file, checked now; None when it fails its checksum or does not
/// fit the events (the index then folds the text again from the records).
pub(super) fn mapped_text(m: &Arc<Mapped>, events: usize) -> Option<TextColumn> {
    m.check_section("text").ok()?;
    let text = TextColumn { text: Col::mapped(m, "text").ok()?, at: Col::mapped(m, "text.at").ok()? };
    (text.at.len() == events + 1 && ascending_within(&text.at, text.text.len())).then_some(text)
}

/// The index of a cache file written by [`write_index`].
pub fn read_index(m: Arc<Mapped>) -> Result<Index, CacheMiss> {
    let damaged = |what: &str| CacheMiss::Damaged(what.to_string());
    let meta: Meta = serde_json::from_slice(m.bytes("meta.json")?).map_err(|e| damaged(&format!("meta.json: {e}")))?;
    let n = meta.events;
    let col_u8 = |name: &str| Col::<u8>::mapped(&m, name);
    let store = Store {
        records: col_u8("records")?,
        at: Col::mapped(&m, "records.at")?,
        strings: Strings { bytes: col_u8("strings")?, at: Col::mapped(&m, "strings.at")? },
        date_precision: col_u8("date_precision")?,
        place: Col::mapped(&m, "place")?,
        row_columns: meta.row_columns.into_iter().map(Arc::from).collect(),
        order: Col::mapped(&m, "order")?,
        sources: Default::default(),
        text_bytes: Default::default(),
    };
    let geo_precision: Vec<GeoPrecision> =
        m.get::<u8>("geo_precision")?.iter().map(|&b| record::geo_precision(b)).collect();
    let disputed: Vec<bool> = m.get::<u8>("disputed")?.iter().map(|&b| b != 0).collect();
    let mut ix = Index {
        store,
        start: Col::mapped(&m, "start")?,
        end: Col::mapped(&m, "end")?,
        max_len: meta.max_len,
        lat: Col::mapped(&m, "lat")?,
        lon: Col::mapped(&m, "lon")?,
        geo_precision,
        killed_low: Col::mapped(&m, "killed_low")?,
        killed_high: Col::mapped(&m, "killed_high")?,
        disputed,
        ..Index::default()
    };
    // Copied out of the file on every core: 40 MB of lists for a million events, the largest
    // cost of an open after the checksums.
    use rayon::prelude::*;
    let mut copied = ["actor_by", "actor_on"]
        .iter()
        .chain(&DICTS)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|name| lists(&m, name, n))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter();
    let mut next = || copied.next().ok_or_else(|| damaged("the lists"));
    (ix.actor_by, ix.actor_on) = (next()?, next()?);
    let mut roles = m.get::<u8>("actors.roles")?.iter().map(|&b| record::role(b));
    let mut built = Vec::new();
    for (name, spelled) in DICTS.iter().zip(meta.dicts) {
        let postings = next()?;
        if postings.len() != spelled.len() {
            return Err(damaged(name));
        }
        let entries: Vec<Entry> = spelled
            .into_iter()
            .zip(postings)
            .map(|(s, postings)| Entry {
                roles: if *name == "actors" { roles.by_ref().take(postings.len()).collect() } else { Vec::new() },
                name: s.name,
                keys: s.keys,
                skeletons: s.skeletons,
                seen: s.seen,
                postings,
                members: s.members,
                linked: Vec::new(),
            })
            .collect();
        let by_name = entries.iter().enumerate().map(|(i, e)| (e.name.clone(), i as u32)).collect();
        built.push(Dict { entries, by_name });
    }
    let [actors, places, types, sources, tags]: [Dict; 5] = built.try_into().map_err(|_| damaged("dictionaries"))?;
    (ix.actors, ix.places, ix.types, ix.sources, ix.tags) = (actors, places, types, sources, tags);
    let whole = [ix.start.len(), ix.end.len(), ix.lat.len(), ix.lon.len(), ix.killed_low.len(), ix.killed_high.len()]
        .into_iter()
        .chain([ix.geo_precision.len(), ix.disputed.len(), ix.store.date_precision.len(), ix.store.place.len()])
        .all(|len| len == n)
        && ix.store.at.len() == n + 1
        && ascending_within(&ix.store.at, ix.store.records.len())
        && ascending_within(&ix.store.strings.at, ix.store.strings.bytes.len());
    if !whole {
        return Err(damaged("a column of another length than the events"));
    }
    if !one_record_each(&ix.store.order, n) {
        return Err(damaged("the order column (not one record for each event)"));
    }
    ix.text_later = Some(m);
    Ok(ix)
}

/// Whether `order` gives each of `n` events a record of its own (each of 0..n once), or is
/// empty (the records are in date order). A foreign or damaged file could otherwise send an
/// event past the records, or two events to one record. One pass with a bit per event: 125 KB
/// and about a millisecond for a million.
fn one_record_each(order: &[u32], n: usize) -> bool {
    if order.is_empty() {
        return true;
    }
    let mut seen = vec![0u64; n.div_ceil(64)];
    order.len() == n
        && order.iter().all(|&j| {
            let (word, bit) = (j as usize / 64, 1u64 << (j % 64));
            let fresh = (j as usize) < n && seen[word] & bit == 0;
            if fresh {
                seen[word] |= bit;
            }
            fresh
        })
}

/// Whether offsets only grow and stay within `len`: a record or text is then always a slice
/// of its column.
fn ascending_within<T: Copy + Into<u64>>(at: &[T], len: usize) -> bool {
    at.windows(2).all(|w| w[0].into() <= w[1].into()) && at.last().is_none_or(|&l| l.into() <= len as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::SectionWriter;

    /// The text written folded on the way, when the index has no column, is the column: the
    /// same bytes and the same offsets, over several batches of runs.
    #[test]
    fn the_text_folded_on_the_way_is_the_column() {
        let ix = Index::new(crate::synth::events(FOLD_CHUNK as usize * 17 + 300, 4));
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("k.sitrep-index");
        let mut w = SectionWriter::create(dir.path(), b"id").expect("create");
        write_index(&ix, &mut w).expect("written");
        w.finish(&path).expect("finished");
        assert!(!ix.has_text_column(), "written without building the column");
        let m = Arc::new(Mapped::open(&path, b"id").expect("opens"));
        let back = mapped_text(&m, ix.len()).expect("the text section fits the events");
        let col = ix.text_column();
        assert_eq!(&*back.at, &*col.at);
        assert!(*back.text == *col.text, "the folded text differs");
        assert!(col.text.len() > 100_000);
    }

    #[test]
    fn an_order_column_is_one_record_for_each_event() {
        assert!(one_record_each(&[], 5), "none: the records are in date order");
        assert!(one_record_each(&[2, 0, 1], 3));
        assert!(!one_record_each(&[2, 0, 0], 3), "two events on one record");
        assert!(!one_record_each(&[2, 0, 3], 3), "past the records");
        assert!(!one_record_each(&[1, 0], 3), "too short");
        assert!(!one_record_each(&[0, 1, 2, 3], 3), "too long");
        assert!(!one_record_each(&[0, 64, 1], 3), "past the records, within the bits kept");
    }

    /// Writes `ix` as a cache file and reads it back.
    fn round_trip(ix: &Index) -> Result<Index, CacheMiss> {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("k.sitrep-index");
        let mut w = SectionWriter::create(dir.path(), b"id").expect("create");
        write_index(ix, &mut w).expect("index");
        w.finish(&path).expect("finish");
        read_index(Arc::new(Mapped::open_except(&path, b"id", &READ_LATER).expect("opens")))
    }

    /// Regression: the order column of a file was only checked to point within the records, so
    /// that a foreign file (its checksums good) could show one event's record for two events.
    #[test]
    fn a_file_whose_order_column_sends_two_events_to_one_record_is_damaged() {
        let mut events = crate::synth::events(500, 3);
        events.reverse();
        let mut b = crate::index::Builder::new();
        for batch in events.chunks(100) {
            b.add(batch);
        }
        let mut ix = b.finish();
        assert!(!ix.store.order.is_empty(), "records kept in file order");
        let back = round_trip(&ix).expect("a good file reads back");
        assert!(back.iter().zip(ix.iter()).all(|(a, b)| a.to_event() == b.to_event()));
        let mut order = ix.store.order.to_vec();
        order[1] = order[0];
        ix.store.order = order.into();
        match round_trip(&ix) {
            Err(CacheMiss::Damaged(what)) => assert!(what.contains("order column"), "{what}"),
            other => panic!("damaged, not {:?}", other.map(|ix| ix.len())),
        }
    }
}
