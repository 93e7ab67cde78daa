//! Building the word index: every core cuts a run of events into words, then the runs are
//! merged in event order.

use super::{SPARSE, Words, words_of};
use crate::index::TextColumn;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Events read by one job of the build: enough to keep every core busy with few jobs to merge.
const EVENTS_PER_JOB: usize = 1 << 14;

/// A word in more than one event in this many keeps a bitset over all events instead of a
/// posting list: the bitset is then the smaller (one bit per event against 32 per posting),
/// and or-ing bitsets is far quicker than merging long lists.
const DENSE: usize = 32;

/// The words met by one job of the build, numbered in order of appearance, and their postings.
struct Part<'a> {
    words: Vec<&'a [u8]>,
    lists: Vec<Vec<u32>>,
}

fn index_part(col: &TextColumn, events: Range<usize>) -> Part<'_> {
    let mut ids: FxHashMap<&[u8], u32> = FxHashMap::default();
    let mut part = Part { words: Vec::new(), lists: Vec::new() };
    for i in events {
        let i = i as u32;
        for w in words_of(col.of(i)) {
            let id = *ids.entry(w).or_insert_with(|| {
                part.words.push(w);
                part.lists.push(Vec::new());
                (part.words.len() - 1) as u32
            });
            let list = &mut part.lists[id as usize];
            // a word said twice in one event is posted once
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    part
}

impl Words {
    /// Indexes the words of every event of `col`, on every core: each job indexes a run of
    /// events, then the runs are merged in order, so that every posting list comes out sorted.
    pub fn build(col: &TextColumn) -> Words {
        let n = col.events();
        let jobs: Vec<Range<usize>> = (0..n).step_by(EVENTS_PER_JOB).map(|a| a..(a + EVENTS_PER_JOB).min(n)).collect();
        let parts: Vec<Part> = jobs.into_par_iter().map(|r| index_part(col, r)).collect();

        let mut ids: FxHashMap<&[u8], u32> = FxHashMap::default();
        let mut dict = vec![b' '];
        let mut starts = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        let mut renumbered: Vec<Vec<u32>> = Vec::with_capacity(parts.len());
        for part in &parts {
            let mut ours = Vec::with_capacity(part.words.len());
            for (w, list) in part.words.iter().zip(&part.lists) {
                let g = *ids.entry(w).or_insert_with(|| {
                    starts.push(dict.len());
                    dict.extend_from_slice(w);
                    dict.push(b' ');
                    counts.push(0);
                    (counts.len() - 1) as u32
                });
                counts[g as usize] += list.len();
                ours.push(g);
            }
            renumbered.push(ours);
        }
        drop(ids);
        starts.push(dict.len());

        let blocks = n.div_ceil(64);
        let mut dense = vec![SPARSE; counts.len()];
        let mut bitsets = 0;
        let mut at = Vec::with_capacity(counts.len() + 1);
        at.push(0);
        for (g, &c) in counts.iter().enumerate() {
            let listed = if c * DENSE > n {
                dense[g] = bitsets;
                bitsets += 1;
                0
            } else {
                c
            };
            at.push(at[at.len() - 1] + listed);
        }
        let mut postings = vec![0u32; at[at.len() - 1]];
        let mut bits = vec![0u64; bitsets as usize * blocks];
        // where the next posting of each word goes: parts come in event order, so appending
        // each part's list keeps every word's list sorted
        let mut cursor = at[..at.len() - 1].to_vec();
        for (part, ours) in parts.into_iter().zip(renumbered) {
            for (list, g) in part.lists.into_iter().zip(ours) {
                let g = g as usize;
                if dense[g] == SPARSE {
                    postings[cursor[g]..cursor[g] + list.len()].copy_from_slice(&list);
                    cursor[g] += list.len();
                } else {
                    let own = &mut bits[dense[g] as usize * blocks..];
                    for e in list {
                        own[e as usize / 64] |= 1 << (e % 64);
                    }
                }
            }
        }
        let counts = counts.into_iter().map(|c| c as u32).collect();
        Words { dict, starts, postings, at, counts, dense, bits, blocks, events: n }
    }
}
