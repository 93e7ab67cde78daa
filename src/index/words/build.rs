//! Building the word index: every core cuts a run of events into words, then the runs are
//! merged in event order; then the pairs of neighbouring words are indexed the same way.
//!
//! The text is read a run of events at a time (see [`Folded`]): from the text column when it
//! is built, else folded from the records for the run and dropped after it.

use super::pairs::Pairs;
use super::postings::{Postings, Run};
use super::{Words, words_of};
use crate::index::{Folded, TextColumn};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Events read by one job of the build: enough to keep every core busy with few jobs to merge.
pub(super) const EVENTS_PER_JOB: usize = 1 << 14;

/// The runs of events of the jobs of a build over `n` events.
pub(super) fn jobs(n: usize) -> Vec<Range<usize>> {
    (0..n).step_by(EVENTS_PER_JOB).map(|a| a..(a + EVENTS_PER_JOB).min(n)).collect()
}

/// Calls `each` with the folded text of every event of `events`, in order.
pub(super) fn each_text(src: &Folded, events: Range<usize>, mut each: impl FnMut(&[u8])) {
    let (text, ends) = src.run(events);
    let mut from = 0;
    for end in ends {
        each(&text[from..end]);
        from = end;
    }
}

/// The words met by one job of the build, numbered in order of appearance (spelled one after
/// another in `bytes`, each ending at its entry of `ends`), and their postings.
struct Part {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    run: Run,
}

impl Part {
    fn words(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.bytes[a..b])
    }
}

fn index_part(src: &Folded, events: Range<usize>) -> Part {
    let mut part = Part { bytes: Vec::new(), ends: Vec::new(), run: Run::new(events.start as u32) };
    let (text, ends) = src.run(events);
    let mut ids: FxHashMap<&[u8], u32> = FxHashMap::default();
    let mut from = 0;
    for end in ends {
        for w in words_of(&text[from..end]) {
            let id = *ids.entry(w).or_insert_with(|| {
                part.bytes.extend_from_slice(w);
                part.ends.push(part.bytes.len());
                part.run.add_key()
            });
            part.run.post(id);
        }
        part.run.end_event();
        from = end;
    }
    part
}

impl Words {
    /// Indexes the words of every event of `col` and the pairs of neighbouring words that
    /// are both common, on every core.
    pub fn build(col: &TextColumn) -> Words {
        Words::build_from(Folded::Column(col))
    }

    /// [`Words::build`] over the folded text however it is at hand.
    pub(in crate::index) fn build_from(src: Folded) -> Words {
        let mut words = Words::build_words(src);
        let ids = words.ids();
        let pairs = Pairs::build(src, &ids, &words.postings);
        drop(ids);
        words.pairs = pairs;
        words
    }

    /// The word index without its pair index: every search is answered as exactly, from the
    /// words alone. What the pairs add to the build is the difference with [`Words::build`].
    pub fn build_without_pairs(col: &TextColumn) -> Words {
        Words::build_words(Folded::Column(col))
    }

    /// The number of each word, by its spelling.
    fn ids(&self) -> FxHashMap<&[u8], u32> {
        let mut ids = FxHashMap::default();
        ids.reserve(self.len());
        for (k, w) in self.starts.windows(2).enumerate() {
            ids.insert(&self.dict[w[0]..w[1] - 1], k as u32);
        }
        ids
    }

    /// The words of every event: each job indexes a run of events, then the runs are merged in
    /// order, so that every posting list comes out sorted.
    fn build_words(src: Folded) -> Words {
        let n = src.event_count();
        let parts: Vec<Part> = jobs(n).into_par_iter().map(|r| index_part(&src, r)).collect();

        let mut ids: FxHashMap<&[u8], u32> = FxHashMap::default();
        let mut dict = vec![b' '];
        let mut starts = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let mut runs = Vec::with_capacity(parts.len());
        let mut spelled = Vec::with_capacity(parts.len());
        for part in &parts {
            let mut ours = Vec::with_capacity(part.ends.len());
            for (w, count) in part.words().zip(part.run.counts()) {
                let g = *ids.entry(w).or_insert_with(|| {
                    starts.push(dict.len());
                    dict.extend_from_slice(w);
                    dict.push(b' ');
                    counts.push(0);
                    (counts.len() - 1) as u32
                });
                counts[g as usize] += count as usize;
                ours.push(g);
            }
            spelled.push(ours);
        }
        drop(ids);
        for (part, ours) in parts.into_iter().zip(spelled) {
            runs.push((part.run, ours));
        }
        starts.push(dict.len());
        let postings = Postings::from_runs(n, counts, runs);
        Words { dict, starts, postings, pairs: Pairs::default(), event_count: n }
    }
}
