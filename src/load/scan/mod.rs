//! One pass over native files and ACLED exports for a one-off question: every event is read
//! into a borrowed [`EventView`] and checked (so that a file is accepted or refused exactly as
//! a full load would), and only the events a [`Sieve`] keeps are parsed into owned
//! [`Event`]s. Native files are scanned in `native.rs`, their lines cut by `blocks.rs`, and an
//! event the view refuses (an unknown field, or a problem) is parsed by the full load's parser;
//! ACLED exports are scanned in `acled.rs`.
//!
//! Files are read a block at a time, so that a gigabyte file never sits in memory whole. Only
//! the layouts sitrep writes (an array with one event per line, JSON Lines) and regular ACLED
//! CSV are scanned; at anything else, and at the first problem of any kind, the scan gives up
//! and the caller loads the files in full: that load decides what is wrong and says so in its
//! own words, so messages never depend on which path ran.

mod acled;
mod blocks;
mod native;

use super::event_view::EventView;
use super::{Format, detect};
use super::{Problem, unique_ids};
use crate::model::{Event, FileText, FlatEvent};
use acled::scan_acled;
use rayon::prelude::*;
use std::path::Path;

/// Bytes read at a time: enough lines to keep every core busy, small next to the file.
pub const BLOCK: usize = 16 << 20;

/// What a scan asks of each event.
pub trait Sieve: Sync {
    /// What one worker keeps from event to event (caches, counts); one per worker, reused
    /// over all blocks of all files, handed back at the end.
    type State: Send;
    fn state(&self) -> Self::State;
    /// Whether to keep the event.
    fn keep(&self, ev: &EventView<'_>, state: &mut Self::State) -> bool;
}

/// What a scan keeps of the events a sieve keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Each event, parsed in full.
    Events,
    /// Only their number.
    Count,
    /// Every event, the sieve not asked: an export's rows as [`FlatEvent`]s borrowed from the
    /// block read ([`Sink::rows`]), other events parsed in full ([`Sink::events`]).
    Rows,
}

/// Where a scan hands the events it keeps as it reads them, in file order, a batch at a time.
pub trait Sink: Send {
    fn events(&mut self, events: Vec<Event>);
    /// The events of an export's rows, with [`Keep::Rows`], borrowed from `text`.
    fn rows(&mut self, rows: &[FlatEvent<'_>], text: FileText<'_>);
}

/// Keeps the events handed to it.
struct Collect(Vec<Event>);

impl Sink for Collect {
    fn events(&mut self, mut events: Vec<Event>) {
        self.0.append(&mut events);
    }
    fn rows(&mut self, _: &[FlatEvent<'_>], _: FileText<'_>) {}
}

/// How a scan reads its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanOptions {
    /// What to keep of the events the sieve keeps.
    pub keep: Keep,
    /// Bytes read at a time ([`BLOCK`]); an ACLED block is cut into up to 16 chunks for the
    /// cores. A record may run from one block into the next: tests read small files in
    /// blocks of a few kilobytes, so that they cross many such boundaries.
    pub block: usize,
}

impl ScanOptions {
    /// Keeping `keep`, in blocks of [`BLOCK`] bytes.
    pub fn new(keep: Keep) -> ScanOptions {
        ScanOptions { keep, block: BLOCK }
    }
}

/// What a scan found.
pub struct Scan<T> {
    /// The events kept (with [`Keep::Events`]), in no particular order.
    pub events: Vec<Event>,
    /// How many events the sieve kept.
    pub kept: usize,
    /// The warnings a full load would give, in its order.
    pub warnings: Vec<Problem>,
    /// The workers' states.
    pub states: Vec<T>,
}

/// The scan stopped: the full load takes over.
struct GiveUp;

/// Ids of some events, one after another in one string, for the check that ids are unique.
#[derive(Default)]
struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| self.text.get(a..b).unwrap_or_default())
    }
}

/// Whether two ids may be the same: two equal hashes. Hashing and sorting run on every core,
/// where the exact check (a hash map, in order) would take one, with a page fault every few
/// entries; it runs only when this finds a pair.
fn may_repeat(ids: &[Ids]) -> bool {
    use std::hash::BuildHasher;
    let hasher = rustc_hash::FxBuildHasher;
    let mut hashes: Vec<u64> = ids.par_iter().flat_map_iter(|part| part.iter().map(|id| hasher.hash_one(id))).collect();
    hashes.par_sort_unstable();
    hashes.par_windows(2).any(|w| w[0] == w[1])
}

/// The format of a file from its first bytes; None when it cannot be read or is in none.
pub fn sniff(path: &Path) -> Option<Format> {
    use std::io::Read;
    let mut head = Vec::with_capacity(SNIFF);
    std::fs::File::open(path).ok()?.take(SNIFF as u64).read_to_end(&mut head).ok()?;
    detect(&head)
}

/// Enough of a file to hold an export's header line.
const SNIFF: usize = 64 << 10;

/// Scans `paths` in order. `Ok(None)`: the files need the full load (a layout other than
/// sitrep's, or a problem); `Err`: duplicate ids, reported exactly as the full load does.
pub fn scan_files<S: Sieve>(
    paths: &[impl AsRef<Path>],
    sieve: &S,
    opts: ScanOptions,
) -> Result<Option<Scan<S::State>>, Vec<Problem>> {
    let mut events = Collect(Vec::new());
    let scan = scan_files_into(paths, sieve, opts, &mut events)?;
    Ok(scan.map(|scan| Scan { events: events.0, ..scan }))
}

/// [`scan_files`], handing the events kept to `sink` as they are read instead of keeping them
/// ([`Scan::events`] stays empty). At `Ok(None)` the sink may have been given some of the
/// events already.
pub fn scan_files_into<S: Sieve>(
    paths: &[impl AsRef<Path>],
    sieve: &S,
    opts: ScanOptions,
    sink: &mut dyn Sink,
) -> Result<Option<Scan<S::State>>, Vec<Problem>> {
    let ScanOptions { keep, block } = opts;
    // a block of no bytes would read nothing, ever
    let block = block.max(1);
    // standard input, a pipe or a FIFO can be read only once: by the full load
    if !paths.iter().all(|p| super::is_regular(p.as_ref())) {
        return Ok(None);
    }
    // A few parts per core, so that a core slowed by other work does not hold the rest up.
    let mut states: Vec<S::State> = (0..rayon::current_num_threads() * 4).map(|_| sieve.state()).collect();
    // the ids of each part of each block, in order: never copied into one
    let (mut ids, mut warnings): (Vec<Ids>, _) = (Vec::new(), Vec::new());
    let mut kept = 0;
    // each file's name and the number of ids before it
    let mut files: Vec<(String, usize)> = Vec::new();
    for (k, p) in paths.iter().enumerate() {
        let name = p.as_ref().display().to_string();
        files.push((name.clone(), ids.iter().map(|part| part.ends.len()).sum()));
        let mut file = FileScan {
            name,
            file: k as u32,
            sieve,
            keep,
            block,
            ids: &mut ids,
            sink: &mut *sink,
            kept: &mut kept,
            unknown: Vec::new(),
        };
        let found = match sniff(p.as_ref()) {
            Some(Format::Native) => file.run(p.as_ref(), &mut states),
            Some(Format::Acled) => file.run_acled(p.as_ref(), &mut states),
            _ => Err(GiveUp),
        };
        match found {
            Ok(mut w) => warnings.append(&mut w),
            Err(GiveUp) => return Ok(None),
        }
    }
    let origin = |i: usize| {
        let k = files.partition_point(|f| f.1 <= i).saturating_sub(1);
        files.get(k).map(|(name, first)| (name.clone(), i - first + 1)).unwrap_or_default()
    };
    if may_repeat(&ids) {
        let count = ids.iter().map(|part| part.ends.len()).sum();
        unique_ids(ids.iter().flat_map(Ids::iter), count, origin)?;
    }
    Ok(Some(Scan { events: Vec::new(), kept, warnings, states }))
}

/// One file being scanned.
struct FileScan<'s, S> {
    name: String,
    /// Its number among the files scanned.
    file: u32,
    sieve: &'s S,
    block: usize,
    ids: &'s mut Vec<Ids>,
    keep: Keep,
    sink: &'s mut dyn Sink,
    kept: &'s mut usize,
    /// Unknown fields: record index, field path, line.
    unknown: Vec<(usize, String, usize)>,
}

/// What one worker found in its part of a block.
#[derive(Default)]
struct Part {
    pub ids: Ids,
    pub unknown: Vec<(usize, String, usize)>,
    pub kept: Vec<Event>,
    pub count: usize,
}

impl<S: Sieve> acled::Taker for FileScan<'_, S> {
    fn parts(&mut self, parts: Vec<Part>) {
        self.add(parts);
    }
    fn rows(&mut self, rows: &[FlatEvent<'_>], bytes: &[u8], offset: u64) {
        self.sink.rows(rows, FileText { file: self.file, bytes, offset });
    }
}

impl<S: Sieve> FileScan<'_, S> {
    /// The file's warnings, as the full load words them, for an ACLED export.
    fn run_acled(&mut self, path: &Path, states: &mut [S::State]) -> Result<Vec<Problem>, GiveUp> {
        let (name, sieve, keep, block) = (self.name.clone(), self.sieve, self.keep, self.block);
        scan_acled(&name, path, sieve, keep, states, block, self)
    }

    fn add(&mut self, parts: Vec<Part>) {
        for part in parts {
            self.ids.push(part.ids);
            self.unknown.extend(part.unknown);
            if !part.kept.is_empty() {
                self.sink.events(part.kept);
            }
            *self.kept += part.count;
        }
    }
}
