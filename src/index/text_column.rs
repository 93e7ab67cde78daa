//! The folded text of every event (title, notes, quotes) in one column, and the scan of it.

use super::store::Store;
use crate::container::Col;
use crate::text::fold_into;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Whether a search is still wanted. The browser numbers its filter runs; a run started on
/// another thread stops at its next check once a newer one is asked for, so that typing fast
/// never queues searches behind each other. The checks come every few thousand events.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    latest: Option<&'a AtomicU64>,
    generation: u64,
}

impl<'a> Wanted<'a> {
    /// Wanted to the end: the command line, the tests, a search run where it is asked.
    pub const ALWAYS: Wanted<'static> = Wanted { latest: None, generation: 0 };

    /// Wanted while `latest` still holds `generation`.
    pub fn while_latest(latest: &'a AtomicU64, generation: u64) -> Wanted<'a> {
        Wanted { latest: Some(latest), generation }
    }

    /// Whether a newer run has taken this one's place.
    pub fn gone(&self) -> bool {
        self.latest.is_some_and(|l| l.load(Ordering::Relaxed) != self.generation)
    }

    /// `Err(Gone)` once a newer run has taken this one's place.
    pub fn check(&self) -> Result<(), Gone> {
        if self.gone() { Err(Gone) } else { Ok(()) }
    }
}

/// A search given up because a newer one took its place: it has no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gone;

/// What a text search looks in, from the parts of an event: one function for the index and
/// for the streaming query, so that both search the very same text. Each part ends in a
/// newline, which no folded search holds, so that a phrase never runs from one part into the
/// next.
pub fn fold_searchable_parts<'a>(
    title: &str,
    notes: Option<&str>,
    quotes: impl IntoIterator<Item = &'a str>,
    out: &mut String,
) {
    fold_into(title, out);
    out.push('\n');
    if let Some(n) = notes {
        fold_into(n, out);
        out.push('\n');
    }
    for q in quotes {
        fold_into(q, out);
        out.push('\n');
    }
}

/// Events folded by one job: a few megabytes of text.
pub(super) const FOLD_CHUNK: u32 = 4096;

/// The folded text of the events of `run`, one after another, and where each ends in it.
pub(super) fn fold_run(store: &Store, run: std::ops::Range<u32>) -> (String, Vec<usize>) {
    let mut s = String::with_capacity(run.len() * 256);
    let mut ends = Vec::with_capacity(run.len());
    store.fold_run(run, &mut s, &mut ends);
    (s, ends)
}

/// The folded text of every event as the word index reads it: from the column when it is at
/// hand, else folded from the records a run at a time, so that the index is built without
/// ever holding the whole column (as large as the notes themselves).
#[derive(Clone, Copy)]
pub(super) enum Folded<'a> {
    Column(&'a TextColumn),
    Records(&'a Store),
}

/// What folding a byte of text on the spot costs, in bytes of a scan of the built column.
pub(super) const FOLD_COST: usize = 8;

impl<'a> Folded<'a> {
    /// The events of `events` whose folded text holds `needle`: read from the column, or
    /// folded now, their notes read at once where they are left in a file.
    pub(super) fn holding(&self, events: &[u32], needle: &memchr::memmem::Finder) -> Vec<u32> {
        match self {
            Folded::Column(c) => events.iter().copied().filter(|&i| needle.find(c.of(i)).is_some()).collect(),
            Folded::Records(s) => s.holding(events, needle),
        }
    }

    /// The bytes of text of the events in `range`: counted in the column, or estimated from the
    /// titles and notes of all events.
    pub(super) fn bytes_in(&self, range: &std::ops::Range<u32>) -> usize {
        match self {
            Folded::Column(c) => c.bytes_in(range),
            Folded::Records(s) => s.text_bytes() / s.len().max(1) * range.len(),
        }
    }

    /// What reading a byte of an event's text costs, in bytes of a scan of the column.
    pub(super) fn read_cost(&self) -> usize {
        match self {
            Folded::Column(_) => 1,
            Folded::Records(_) => FOLD_COST,
        }
    }

    /// The number of events.
    pub(super) fn event_count(&self) -> usize {
        match self {
            Folded::Column(c) => c.event_count(),
            Folded::Records(s) => s.len(),
        }
    }

    /// The folded text of the events of `run`, one after another, and where each ends in it.
    pub(super) fn run(&self, run: std::ops::Range<usize>) -> (std::borrow::Cow<'a, [u8]>, Vec<usize>) {
        match self {
            Folded::Column(c) => {
                let base = c.at[run.start] as usize;
                let text = &c.text[base..c.at[run.end] as usize];
                (text.into(), c.at[run.start + 1..=run.end].iter().map(|&e| e as usize - base).collect())
            }
            Folded::Records(s) => {
                let (text, ends) = fold_run(s, run.start as u32..run.end as u32);
                (text.into_bytes().into(), ends)
            }
        }
    }
}

/// The searchable text of all events in one string.
#[derive(Debug, Default)]
pub struct TextColumn {
    pub(super) text: Col<u8>,
    /// Where each event's part starts, with a final entry for the end.
    pub(super) at: Col<u64>,
}

impl TextColumn {
    /// The memory the column holds.
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes() + self.at.heap_bytes()
    }

    /// The number of events.
    pub(super) fn event_count(&self) -> usize {
        self.at.len() - 1
    }

    /// The folded text of event `i`.
    pub(super) fn of(&self, i: u32) -> &[u8] {
        &self.text[self.at[i as usize] as usize..self.at[i as usize + 1] as usize]
    }

    /// The bytes of text of the events in `range`.
    pub(super) fn bytes_in(&self, range: &std::ops::Range<u32>) -> usize {
        (self.at[range.end as usize] - self.at[range.start as usize]) as usize
    }
    /// A column of these texts, one per event (for tests).
    #[cfg(test)]
    pub(super) fn of_texts(texts: &[&str]) -> TextColumn {
        let mut text = Vec::new();
        let mut at = vec![0];
        for t in texts {
            text.extend_from_slice(t.as_bytes());
            at.push(text.len() as u64);
        }
        TextColumn { text: text.into(), at: at.into() }
    }

    /// The searchable text of all events, built in chunks on every core.
    pub(super) fn build(store: &Store) -> TextColumn {
        let n = store.len() as u32;
        let parts: Vec<(String, Vec<usize>)> = (0..n.div_ceil(FOLD_CHUNK))
            .into_par_iter()
            .map(|c| fold_run(store, c * FOLD_CHUNK..(c * FOLD_CHUNK + FOLD_CHUNK).min(n)))
            .collect();
        let mut text = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
        let mut text_at: Vec<u64> = Vec::with_capacity(store.len() + 1);
        text_at.push(0);
        for (s, ends) in parts {
            let base = text.len();
            text_at.extend(ends.into_iter().map(|e| (e + base) as u64));
            text.extend_from_slice(s.as_bytes());
        }
        TextColumn { text: text.into(), at: text_at.into() }
    }

    /// The events in `range` whose folded text contains `needle`, found by running memmem over
    /// the text column itself, on every core, rather than once per event: a free-text term over
    /// a million events is then bound by memory bandwidth, not by a million small searches.
    pub fn scan(&self, range: std::ops::Range<u32>, needle: &memchr::memmem::Finder) -> Vec<u32> {
        self.scan_while(range, needle, Wanted::ALWAYS).unwrap_or_default()
    }

    /// [`TextColumn::scan`], given up as soon as it is no longer wanted: it looks
    /// before each job of a few thousand events.
    pub fn scan_while(
        &self,
        range: std::ops::Range<u32>,
        needle: &memchr::memmem::Finder,
        wanted: Wanted,
    ) -> Result<Vec<u32>, Gone> {
        // about 2 MB of text a job: a superseded scan stops within a fraction of a millisecond
        const EVENTS_PER_JOB: u32 = 1 << 12;
        let col = self;
        let n = needle.needle().len();
        let jobs: Vec<std::ops::Range<u32>> = (range.start..range.end)
            .step_by(EVENTS_PER_JOB as usize)
            .map(|a| a..(a.saturating_add(EVENTS_PER_JOB)).min(range.end))
            .collect();
        let found: Result<Vec<Vec<u32>>, Gone> = jobs
            .into_par_iter()
            .map(|job| {
                wanted.check()?;
                let (first, last) = (job.start as usize, job.end as usize);
                let base = col.at[first] as usize;
                let hay = &col.text[base..col.at[last] as usize];
                let starts = &col.at[first..=last];
                let mut out = Vec::new();
                let (mut pos, mut k) = (0, 0);
                while let Some(m) = needle.find(&hay[pos..]) {
                    let p = base + pos + m;
                    // the event whose text holds the match's first byte: matches come in order,
                    // so walk forward from the last one
                    while starts[k + 1] as usize <= p {
                        k += 1;
                    }
                    let end = starts[k + 1] as usize;
                    if p + n <= end {
                        out.push((first + k) as u32);
                        pos = end - base;
                    } else {
                        // the match runs into the next event's text: not a match of either
                        pos += m + 1;
                    }
                    if pos >= hay.len() {
                        break;
                    }
                }
                Ok(out)
            })
            .collect();
        found.map(|f| f.concat())
    }
}
