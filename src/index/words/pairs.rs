//! The pair index: for each two common words that follow one another in an event's text
//! (with any separators between them), the events where they do.
//!
//! A phrase of common words ("barrel bombs") has candidates in most events when its words are
//! looked up one by one, and checking each against its text costs as much as a scan; the
//! events where the two words are neighbours are far fewer. Pairs are indexed only when both
//! words have bitsets in the word index: a rare word narrows a phrase well enough by itself,
//! and its pairs would cost memory for nothing.

use super::build::{each_text, jobs};
use super::postings::{Postings, Run};
use super::words_of;
use crate::index::Folded;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// The events of each pair of neighbouring common words.
#[derive(Default)]
pub(super) struct Pairs {
    /// The number of each pair indexed, by key [`key`].
    pub(super) ids: FxHashMap<u64, u32>,
    pub(super) postings: Postings,
}

/// Whether the pairs of word `w` are indexed: only those of words with a bitset.
pub(super) fn pairable(words: &Postings, w: u32) -> bool {
    words.is_dense(w)
}

/// The key of the pair of word `a` followed by word `b`.
fn key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// The pairs met by one job of the build, numbered in order of appearance, and their postings.
struct Part {
    keys: Vec<u64>,
    run: Run,
}

fn pairs_part(src: &Folded, events: Range<usize>, ids: &FxHashMap<&[u8], u32>, words: &Postings) -> Part {
    let mut local: FxHashMap<u64, u32> = FxHashMap::default();
    let mut part = Part { keys: Vec::new(), run: Run::new(events.start as u32) };
    each_text(src, events, |text| {
        // the previous word of this event's text, when its pairs are indexed: a pair never
        // runs from one event's text into the next
        let mut prev = None;
        for w in words_of(text) {
            let next = ids.get(w).copied().filter(|&id| pairable(words, id));
            if let (Some(a), Some(b)) = (prev, next) {
                let id = *local.entry(key(a, b)).or_insert_with(|| {
                    part.keys.push(key(a, b));
                    part.run.add_key()
                });
                part.run.post(id);
            }
            prev = next;
        }
        part.run.end_event();
    });
    part
}

impl Pairs {
    /// Indexes the pairs of neighbouring pairable words of every event of `col`, on every
    /// core, given the number of each word (`ids`) and the words' postings.
    pub(super) fn build(src: Folded, ids: &FxHashMap<&[u8], u32>, words: &Postings) -> Pairs {
        let n = src.event_count();
        let parts: Vec<Part> = jobs(n).into_par_iter().map(|r| pairs_part(&src, r, ids, words)).collect();
        let mut pair_ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut counts: Vec<usize> = Vec::new();
        let mut renumbered = Vec::with_capacity(parts.len());
        for part in parts {
            let mut ours = Vec::with_capacity(part.keys.len());
            for (k, count) in part.keys.iter().zip(part.run.counts()) {
                let g = *pair_ids.entry(*k).or_insert_with(|| {
                    counts.push(0);
                    (counts.len() - 1) as u32
                });
                counts[g as usize] += count as usize;
                ours.push(g);
            }
            renumbered.push((part.run, ours));
        }
        Pairs { ids: pair_ids, postings: Postings::from_runs(n, counts, renumbered) }
    }

    /// The number of the pair of word `a` followed by word `b`, if some event has it.
    pub(super) fn get(&self, a: u32, b: u32) -> Option<u32> {
        self.ids.get(&key(a, b)).copied()
    }

    /// The number of pairs indexed.
    pub(super) fn len(&self) -> usize {
        self.postings.len()
    }

    /// The memory held: the postings and the map of pairs.
    pub(super) fn heap_bytes(&self) -> usize {
        self.postings.heap_bytes() + self.ids.capacity() * (std::mem::size_of::<(u64, u32)>() + 1)
    }
}
