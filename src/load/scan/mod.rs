//! One pass over native files and ACLED exports for a one-off question: every event is read
//! into a borrowed [`EventView`] and checked (so that a file is accepted or refused exactly as
//! a full load would), and only the events a [`Sieve`] keeps are parsed into owned
//! [`Event`]s. A native event the view refuses (an unknown field, or a problem) is parsed by
//! the full load's parser; ACLED exports are read by `scan_acled.rs`.
//!
//! Files are read a block at a time, so that a gigabyte file never sits in memory whole. Only
//! the layouts sitrep writes (an array with one event per line, JSON Lines) and regular ACLED
//! CSV are scanned; at anything else, and at the first problem of any kind, the scan gives up
//! and the caller loads the files in full: that load decides what is wrong and says so in its
//! own words, so messages never depend on which path ran.

mod acled;
mod blocks;

use super::event_view::{EventView, parse_view};
use super::native::{parse_record, record_of_line, unknown_warning};
use super::{Format, detect};
use super::{Problem, unique_ids};
use crate::model::Event;
use acled::scan_acled;
use blocks::{Block, Reader};
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes read at a time: enough lines to keep every core busy, small next to the file.
const BLOCK: usize = 16 << 20;

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
pub(super) struct GiveUp;

/// Ids of some events, one after another in one string, for the check that ids are unique.
#[derive(Default)]
pub(super) struct Ids {
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
fn sniff(path: &Path) -> Option<Format> {
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
    keep: Keep,
) -> Result<Option<Scan<S::State>>, Vec<Problem>> {
    scan_in_blocks(paths, sieve, keep, BLOCK)
}

/// [`scan_files`], reading `block` bytes at a time.
fn scan_in_blocks<S: Sieve>(
    paths: &[impl AsRef<Path>],
    sieve: &S,
    keep: Keep,
    block: usize,
) -> Result<Option<Scan<S::State>>, Vec<Problem>> {
    // standard input, a pipe or a FIFO can be read only once: by the full load
    if !paths.iter().all(|p| super::is_regular(p.as_ref())) {
        return Ok(None);
    }
    // A few parts per core, so that a core slowed by other work does not hold the rest up.
    let mut states: Vec<S::State> = (0..rayon::current_num_threads() * 4).map(|_| sieve.state()).collect();
    // the ids of each part of each block, in order: never copied into one
    let (mut ids, mut events, mut warnings): (Vec<Ids>, _, _) = (Vec::new(), Vec::new(), Vec::new());
    let mut kept = 0;
    // each file's name and the number of ids before it
    let mut files: Vec<(String, usize)> = Vec::new();
    for p in paths {
        let name = p.as_ref().display().to_string();
        files.push((name.clone(), ids.iter().map(|part| part.ends.len()).sum()));
        let mut file = FileScan {
            name,
            sieve,
            keep,
            block,
            ids: &mut ids,
            events: &mut events,
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
    Ok(Some(Scan { events, kept, warnings, states }))
}

/// One file being scanned.
struct FileScan<'s, S> {
    name: String,
    sieve: &'s S,
    block: usize,
    ids: &'s mut Vec<Ids>,
    keep: Keep,
    events: &'s mut Vec<Event>,
    kept: &'s mut usize,
    /// Unknown fields: record index, field path, line.
    unknown: Vec<(usize, String, usize)>,
}

/// What one worker found in its part of a block.
#[derive(Default)]
pub(super) struct Part {
    pub ids: Ids,
    pub unknown: Vec<(usize, String, usize)>,
    pub kept: Vec<Event>,
    pub count: usize,
}

impl<S: Sieve> FileScan<'_, S> {
    /// The file's warnings, as the full load words them.
    fn run(&mut self, path: &Path, states: &mut [S::State]) -> Result<Vec<Problem>, GiveUp> {
        let file = std::fs::File::open(path).map_err(|_| GiveUp)?;
        let mut reader = Reader::new(file, self.block);
        let mut block = reader.next(Block::with_capacity(self.block), &[]).ok_or(GiveUp)?;
        let mut spare = Block::with_capacity(self.block);
        let mut records = 0;
        loop {
            // The next block is read while this one is parsed: reading is a copy by the
            // kernel on one core, which would leave the others idle.
            let (next, parsed) = if block.eof {
                (None, self.block(&block, records, states))
            } else {
                let (carry, memory) = (&block.buf[block.end..], std::mem::take(&mut spare));
                let (next, parsed) = rayon::join(|| reader.next(memory, carry), || self.block(&block, records, states));
                (Some(next), parsed)
            };
            parsed?;
            records += block.lines.len();
            match next {
                Some(next) => spare = std::mem::replace(&mut block, next.ok_or(GiveUp)?),
                None => break,
            }
        }
        if !reader.whole() {
            return Err(GiveUp);
        }
        let mut warnings = Vec::new();
        if reader.bom() {
            warnings.push(super::bom_warning(&self.name));
        }
        self.unknown.sort();
        let unknown = std::mem::take(&mut self.unknown);
        warnings
            .extend(unknown.into_iter().map(|(i, f, line)| unknown_warning(&self.name, Some(i + 1), f, Some(line))));
        Ok(warnings)
    }

    /// The file's warnings, as the full load words them, for an ACLED export.
    fn run_acled(&mut self, path: &Path, states: &mut [S::State]) -> Result<Vec<Problem>, GiveUp> {
        let scanned = scan_acled(&self.name, path, self.sieve, self.keep, states, self.block)?;
        self.add(scanned.parts);
        Ok(scanned.warnings)
    }

    fn add(&mut self, parts: Vec<Part>) {
        for part in parts {
            self.ids.push(part.ids);
            self.unknown.extend(part.unknown);
            self.events.extend(part.kept);
            *self.kept += part.count;
        }
    }

    /// The events of one block, `base` events into the file, on every core.
    fn block(&mut self, block: &Block, base: usize, states: &mut [S::State]) -> Result<(), GiveUp> {
        let stop = AtomicBool::new(false);
        let per = block.lines.len().div_ceil(states.len()).max(1);
        let sieve = self.sieve;
        let parts: Vec<Option<Part>> = states
            .par_iter_mut()
            .zip(block.lines.par_chunks(per))
            .enumerate()
            .map(|(k, (state, lines))| scan_part(sieve, self.keep, state, &block.buf, lines, base + k * per, &stop))
            .collect();
        let parts: Option<Vec<Part>> = parts.into_iter().collect();
        self.add(parts.ok_or(GiveUp)?);
        Ok(())
    }
}

/// Parses and sieves consecutive events; None at the first one that does not parse, or as soon
/// as another worker has met one.
fn scan_part<S: Sieve>(
    sieve: &S,
    keep: Keep,
    state: &mut S::State,
    buf: &[u8],
    lines: &[(usize, std::ops::Range<usize>)],
    base: usize,
    stop: &AtomicBool,
) -> Option<Part> {
    let mut out = Part::default();
    out.ids.ends.reserve(lines.len());
    let give_up = || {
        stop.store(true, Ordering::Relaxed);
        None
    };
    for (j, (line_no, range)) in lines.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        // The whole file is UTF-8 when every event line is: the other lines are `[`, `]` and
        // blanks, which are ASCII.
        let Some(Ok(json)) = buf.get(range.clone()).map(|raw| std::str::from_utf8(record_of_line(raw))) else {
            return give_up();
        };
        if let Some(view) = parse_view(json) {
            out.ids.push(&view.id);
            if sieve.keep(&view, state) {
                out.count += 1;
                if keep == Keep::Events {
                    match serde_json::from_str::<Event>(json) {
                        Ok(e) => out.kept.push(e),
                        Err(_) => return give_up(),
                    }
                }
            }
            continue;
        }
        // an unknown field, or a problem: the full parser says which
        let Some((event, fields)) = parse_record(json.as_bytes()) else {
            return give_up();
        };
        out.ids.push(&event.id);
        out.unknown.extend(fields.into_iter().map(|f| (base + j, f, *line_no)));
        if sieve.keep(&EventView::from(&event), state) {
            out.count += 1;
            if keep == Keep::Events {
                out.kept.push(event);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_files, write_native};

    /// Keeps the events whose id ends in 7, and counts what it saw.
    struct Sevens;

    impl Sieve for Sevens {
        type State = usize;
        fn state(&self) -> usize {
            0
        }
        fn keep(&self, ev: &EventView<'_>, seen: &mut usize) -> bool {
            *seen += 1;
            ev.id.ends_with('7')
        }
    }

    /// An ACLED export with what real ones hold: a byte order mark, CRLF line ends, notes
    /// quoted with commas, doubled quotes and newlines, blank lines, empty fatalities.
    fn messy_acled(n: usize) -> Vec<u8> {
        let mut evs = crate::synth::events(n, 9);
        for (i, e) in evs.iter_mut().enumerate() {
            match i % 5 {
                1 => e.notes = Some(format!("Shelling, \"heavy\"\nat dawn; {}", e.notes.clone().unwrap_or_default())),
                2 => e.casualties.clear(),
                _ => {}
            }
        }
        let mut csv = Vec::new();
        crate::export::write_acled(&evs.iter().collect::<Vec<_>>(), &mut csv).unwrap();
        let text = String::from_utf8(csv).unwrap().replace('\n', "\r\n");
        let mut out = String::from("\u{feff}");
        for (i, record) in text.split("\r\nsyn-").enumerate() {
            if i > 0 {
                out.push_str(if i % 7 == 3 { "\r\n\r\nsyn-" } else { "\r\nsyn-" });
            }
            out.push_str(record);
        }
        out.into_bytes()
    }

    #[test]
    fn acled_records_cut_by_blocks_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.csv");
        std::fs::write(&path, messy_acled(300)).unwrap();
        let full = load_files(&[&path], &LoadOptions::default()).unwrap();
        assert_eq!(full.events.len(), 300);
        let quoted =
            full.events.iter().filter(|e| e.notes.as_deref().is_some_and(|n| n.contains("\"heavy\"\r\nat"))).count();
        assert!(quoted > 50, "the notes hold quotes and newlines: {quoted}");
        let mut want: Vec<&Event> = full.events.iter().filter(|e| e.id.ends_with('7')).collect();
        want.sort_by(|a, b| a.id.cmp(&b.id));
        for block in [7, 1000, 4096, 1 << 20] {
            let scan = scan_in_blocks(&[&path], &Sevens, Keep::Events, block).unwrap().unwrap();
            let mut got: Vec<&Event> = scan.events.iter().collect();
            got.sort_by(|a, b| a.id.cmp(&b.id));
            assert_eq!(got, want, "block {block}: the kept events are the full load's");
            assert_eq!(scan.states.iter().sum::<usize>(), 300);
            assert_eq!(scan.warnings, full.warnings, "block {block}");
        }
    }

    #[test]
    fn lines_cut_by_blocks_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let evs = crate::synth::events(300, 4);
        let path = dir.path().join("e.json");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        write_native(&evs.iter().collect::<Vec<_>>(), &mut bytes).unwrap();
        // an unknown field, and no newline at the end
        let text = String::from_utf8(bytes).unwrap().replacen("\"title\"", "\"colour\":1,\"title\"", 3);
        std::fs::write(&path, text.trim_end()).unwrap();
        let full = load_files(&[&path], &LoadOptions::default()).unwrap();
        let mut want: Vec<String> = full.events.iter().map(|e| e.id.clone()).filter(|id| id.ends_with('7')).collect();
        want.sort();
        for block in [7, 1000, 4096, 1 << 20] {
            let scan = scan_in_blocks(&[&path], &Sevens, Keep::Events, block).unwrap().unwrap();
            let mut got: Vec<String> = scan.events.iter().map(|e| e.id.clone()).collect();
            got.sort();
            assert_eq!(got, want, "block {block}");
            assert_eq!(scan.kept, want.len());
            let counted = scan_in_blocks(&[&path], &Sevens, Keep::Count, block).unwrap().unwrap();
            assert_eq!((counted.kept, counted.events.len()), (want.len(), 0));
            assert_eq!(scan.states.iter().sum::<usize>(), 300);
            assert_eq!(scan.warnings, full.warnings, "block {block}");
        }
    }
}
