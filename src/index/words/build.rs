//! Building the word index: every core cuts a run of events into words, then the runs are
//! merged in event order; then the pairs of neighbouring words are indexed the same way.

use super::pairs::Pairs;
use super::postings::{Postings, Run};
use super::{Words, words_of};
use crate::index::TextColumn;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Events read by one job of the build: enough to keep every core busy with few jobs to merge.
pub(super) const EVENTS_PER_JOB: usize = 1 << 14;

/// The runs of events of the jobs of a build over `n` events.
pub(super) fn jobs(n: usize) -> Vec<Range<usize>> {
    (0..n).step_by(EVENTS_PER_JOB).map(|a| a..(a + EVENTS_PER_JOB).min(n)).collect()
}

/// The words met by one job of the build, numbered in order of appearance, and their postings.
struct Part<'a> {
    words: Vec<&'a [u8]>,
    run: Run,
}

fn index_part(col: &TextColumn, events: Range<usize>) -> Part<'_> {
    let mut ids: FxHashMap<&[u8], u32> = FxHashMap::default();
    let mut part = Part { words: Vec::new(), run: Run::new(events.start as u32) };
    for i in events {
        for w in words_of(col.of(i as u32)) {
            let id = *ids.entry(w).or_insert_with(|| {
                part.words.push(w);
                part.run.add_key()
            });
            part.run.post(id);
        }
        part.run.end_event();
    }
    part
}

impl Words {
    /// Indexes the words of every event of `col` and the pairs of neighbouring words that
    /// are both common, on every core.
    pub fn build(col: &TextColumn) -> Words {
        let (mut words, ids) = Words::build_words(col);
        words.pairs = Pairs::build(col, &ids, &words.postings);
        words
    }

    /// The word index without its pair index: every search is answered as exactly, from the
    /// words alone. What the pairs add to the build is the difference with [`Words::build`].
    pub fn build_without_pairs(col: &TextColumn) -> Words {
        Words::build_words(col).0
    }

    /// The words of every event: each job indexes a run of events, then the runs are merged in
    /// order, so that every posting list comes out sorted. Returns the number of each word too.
    fn build_words(col: &TextColumn) -> (Words, FxHashMap<&[u8], u32>) {
        let n = col.event_count();
        let parts: Vec<Part> = jobs(n).into_par_iter().map(|r| index_part(col, r)).collect();

        let mut ids: FxHashMap<&[u8], u32> = FxHashMap::default();
        let mut dict = vec![b' '];
        let mut starts = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let mut renumbered = Vec::with_capacity(parts.len());
        for part in parts {
            let mut ours = Vec::with_capacity(part.words.len());
            for (w, count) in part.words.iter().zip(part.run.counts()) {
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
            renumbered.push((part.run, ours));
        }
        starts.push(dict.len());
        let postings = Postings::from_runs(n, counts, renumbered);
        (Words { dict, starts, postings, pairs: Pairs::default(), event_count: n }, ids)
    }
}
