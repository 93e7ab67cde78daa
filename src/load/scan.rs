//! One pass over native files for a one-off question: every event is parsed into a borrowed
//! [`EventView`] and checked (so that a file is accepted or refused exactly as a full load
//! would), and only the events a [`Sieve`] keeps are parsed into owned [`Event`]s.
//!
//! Files are read a block at a time, so that a gigabyte file never sits in memory whole. Only
//! the layouts sitrep writes (an array with one event per line, JSON Lines) are scanned; at
//! anything else, and at the first problem of any kind, the scan gives up and the caller loads
//! the files in full: that load decides what is wrong and says so in its own words, so
//! messages never depend on which path ran.

use super::native::{is_array_line, is_json_line, record_of_line, trim, unknown_warning};
use super::view::{EventView, parse_view};
use super::{Format, Problem, detect, unique_ids};
use crate::model::Event;
use rayon::prelude::*;
use std::io::Read;
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

/// What a scan found.
pub struct Scan<T> {
    /// The events kept, in no particular order.
    pub events: Vec<Event>,
    /// The warnings a full load would give, in its order.
    pub warnings: Vec<Problem>,
    /// The workers' states.
    pub states: Vec<T>,
}

/// The scan stopped: the full load takes over.
struct GiveUp;

/// Ids of all events, one after another in one string, for the check that they are unique.
#[derive(Default)]
struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| self.text.get(a..b).unwrap_or_default())
    }
}

/// Scans `paths` in order. `Ok(None)`: the files need the full load (a layout other than
/// sitrep's, or a problem); `Err`: duplicate ids, reported exactly as the full load does.
pub fn scan_files<S: Sieve>(paths: &[impl AsRef<Path>], sieve: &S) -> Result<Option<Scan<S::State>>, Vec<Problem>> {
    scan_in_blocks(paths, sieve, BLOCK)
}

/// [`scan_files`], reading `block` bytes at a time.
fn scan_in_blocks<S: Sieve>(
    paths: &[impl AsRef<Path>],
    sieve: &S,
    block: usize,
) -> Result<Option<Scan<S::State>>, Vec<Problem>> {
    // A few parts per core, so that a core slowed by other work does not hold the rest up.
    let mut states: Vec<S::State> = (0..rayon::current_num_threads() * 4).map(|_| sieve.state()).collect();
    let (mut ids, mut events, mut warnings) = (Ids::default(), Vec::new(), Vec::new());
    // each file's name and the number of ids before it
    let mut files: Vec<(String, usize)> = Vec::new();
    for p in paths {
        let name = p.as_ref().display().to_string();
        files.push((name.clone(), ids.ends.len()));
        let mut file = FileScan { name, sieve, block, ids: &mut ids, events: &mut events, unknown: Vec::new() };
        match file.run(p.as_ref(), &mut states) {
            Ok(mut w) => warnings.append(&mut w),
            Err(GiveUp) => return Ok(None),
        }
    }
    let origin = |i: usize| {
        let k = files.partition_point(|f| f.1 <= i).saturating_sub(1);
        files.get(k).map(|(name, first)| (name.clone(), i - first + 1)).unwrap_or_default()
    };
    unique_ids(ids.iter(), ids.ends.len(), origin)?;
    Ok(Some(Scan { events, warnings, states }))
}

/// Where a file's lines stand in the layouts sitrep reads line by line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// No line yet.
    Start,
    /// JSON Lines.
    Lines,
    /// After the `[` of an array.
    Array,
    /// After the `]` that closes it: nothing may follow.
    Closed,
}

impl Shape {
    /// Takes the next non-blank line (trimmed): whether it is an event.
    fn step(&mut self, t: &[u8]) -> Result<bool, GiveUp> {
        match *self {
            Shape::Start if t.starts_with(b"{") => {
                *self = Shape::Lines;
                if is_json_line(t) { Ok(true) } else { Err(GiveUp) }
            }
            Shape::Start if t == b"[" => {
                *self = Shape::Array;
                Ok(false)
            }
            Shape::Lines if is_json_line(t) => Ok(true),
            Shape::Array if t == b"]" => {
                *self = Shape::Closed;
                Ok(false)
            }
            Shape::Array if is_array_line(t) => Ok(true),
            _ => Err(GiveUp),
        }
    }
}

/// One file being scanned.
struct FileScan<'s, S> {
    name: String,
    sieve: &'s S,
    block: usize,
    ids: &'s mut Ids,
    events: &'s mut Vec<Event>,
    /// Unknown fields: record index, field path, line.
    unknown: Vec<(usize, String, usize)>,
}

/// What one worker found in its part of a block.
#[derive(Default)]
struct Part {
    ids: String,
    ends: Vec<usize>,
    unknown: Vec<(usize, String, usize)>,
    kept: Vec<Event>,
}

impl<S: Sieve> FileScan<'_, S> {
    /// The file's warnings, as the full load words them.
    fn run(&mut self, path: &Path, states: &mut [S::State]) -> Result<Vec<Problem>, GiveUp> {
        let mut file = std::fs::File::open(path).map_err(|_| GiveUp)?;
        let mut warnings = Vec::new();
        let mut buf: Vec<u8> = Vec::with_capacity(self.block + (1 << 16));
        let (mut shape, mut line_no, mut records, mut first) = (Shape::Start, 0, 0, true);
        loop {
            let n = (&mut file).take(self.block as u64).read_to_end(&mut buf).map_err(|_| GiveUp)?;
            let eof = n == 0;
            if first {
                first = false;
                if detect(&buf) != Format::Native {
                    return Err(GiveUp);
                }
                if buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                    warnings.push(super::bom_warning(&self.name));
                }
            }
            // whole lines only; the rest waits for the next block
            let end = match (eof, memchr::memrchr(b'\n', &buf)) {
                (true, _) => buf.len(),
                (false, Some(i)) => i + 1,
                (false, None) => continue,
            };
            let block = &buf[..end];
            let mut lines = Vec::with_capacity(block.len() / 512);
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', block).chain(eof.then_some(block.len())) {
                let line = &block[start..nl];
                start = nl + 1;
                line_no += 1;
                let t = trim(line);
                if !t.is_empty() && shape.step(t)? {
                    lines.push((line_no, line));
                }
            }
            self.block(&lines, records, states)?;
            records += lines.len();
            buf.drain(..end);
            if eof {
                break;
            }
        }
        if !matches!(shape, Shape::Lines | Shape::Closed) {
            return Err(GiveUp);
        }
        self.unknown.sort();
        let unknown = std::mem::take(&mut self.unknown);
        warnings
            .extend(unknown.into_iter().map(|(i, f, line)| unknown_warning(&self.name, Some(i + 1), f, Some(line))));
        Ok(warnings)
    }

    /// The events of one block, `base` events into the file, on every core.
    fn block(&mut self, lines: &[(usize, &[u8])], base: usize, states: &mut [S::State]) -> Result<(), GiveUp> {
        let stop = AtomicBool::new(false);
        let per = lines.len().div_ceil(states.len()).max(1);
        let sieve = self.sieve;
        let parts: Vec<Option<Part>> = states
            .par_iter_mut()
            .zip(lines.par_chunks(per))
            .enumerate()
            .map(|(k, (state, part))| scan_part(sieve, state, part, base + k * per, &stop))
            .collect();
        for part in parts {
            let part = part.ok_or(GiveUp)?;
            let at = self.ids.text.len();
            self.ids.text.push_str(&part.ids);
            self.ids.ends.extend(part.ends.into_iter().map(|e| e + at));
            self.unknown.extend(part.unknown);
            self.events.extend(part.kept);
        }
        Ok(())
    }
}

/// Parses and sieves consecutive events; None at the first one that does not parse, or as soon
/// as another worker has met one.
fn scan_part<S: Sieve>(
    sieve: &S,
    state: &mut S::State,
    lines: &[(usize, &[u8])],
    base: usize,
    stop: &AtomicBool,
) -> Option<Part> {
    let mut out = Part { ends: Vec::with_capacity(lines.len()), ..Part::default() };
    let give_up = || {
        stop.store(true, Ordering::Relaxed);
        None
    };
    for (j, &(line_no, raw)) in lines.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        // The whole file is UTF-8 when every event line is: the other lines are `[`, `]` and
        // blanks, which are ASCII.
        let Ok(json) = std::str::from_utf8(record_of_line(raw)) else {
            return give_up();
        };
        let Some((view, fields)) = parse_view(json) else {
            return give_up();
        };
        out.ids.push_str(&view.id);
        out.ends.push(out.ids.len());
        out.unknown.extend(fields.into_iter().map(|f| (base + j, f, line_no)));
        if sieve.keep(&view, state) {
            match serde_json::from_str::<Event>(json) {
                Ok(e) => out.kept.push(e),
                Err(_) => return give_up(),
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
            let scan = scan_in_blocks(&[&path], &Sevens, block).unwrap().unwrap();
            let mut got: Vec<String> = scan.events.iter().map(|e| e.id.clone()).collect();
            got.sort();
            assert_eq!(got, want, "block {block}");
            assert_eq!(scan.states.iter().sum::<usize>(), 300);
            assert_eq!(scan.warnings, full.warnings, "block {block}");
        }
    }
}
