//! The events of each key of an index (a word, a pair of words): a sorted posting list for a
//! key in few events, a bitset over all events for a key in many.

use std::ops::Range;

/// A key in more than one event in this many keeps a bitset over all events instead of a
/// posting list: the bitset is then the smaller (one bit per event against 32 per posting),
/// and or-ing bitsets is far quicker than merging long lists.
const DENSE: usize = 32;

/// No bitset: the key has a posting list.
const SPARSE: u32 = u32::MAX;

/// The postings one job of a build found in a run of events, in one flat list: for each event
/// in turn, the run's own numbers of its keys, each once, as varints (keys are numbered as
/// they first come, so that the common ones, which come early, take a byte or two), where a
/// list per key and job took four bytes a posting and its own allocation (at a million events
/// the build's peak fell by some 240 MB).
pub(super) struct Run {
    /// The first event of the run.
    first: u32,
    /// Where each event's keys end in `keys`.
    ends: Vec<u32>,
    keys: Vec<u8>,
    /// The last event each key was posted for.
    last: Vec<u32>,
}

impl Run {
    pub(super) fn new(first: u32) -> Run {
        Run { first, ends: Vec::new(), keys: Vec::new(), last: Vec::new() }
    }

    /// Numbers a key new to the run.
    pub(super) fn add_key(&mut self) -> u32 {
        self.last.push(u32::MAX);
        (self.last.len() - 1) as u32
    }

    /// Posts key `k` (a number [`Run::add_key`] gave) for the event being read, once however
    /// often it comes.
    pub(super) fn post(&mut self, k: u32) {
        let e = self.first + self.ends.len() as u32;
        if self.last[k as usize] != e {
            self.last[k as usize] = e;
            let mut v = k;
            while v >= 0x80 {
                self.keys.push((v as u8) | 0x80);
                v >>= 7;
            }
            self.keys.push(v as u8);
        }
    }

    /// Ends the event being read: the next posts are the next event's.
    pub(super) fn end_event(&mut self) {
        self.ends.push(self.keys.len() as u32);
    }

    /// The number of events of each key of the run.
    pub(super) fn counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.last.len()];
        for k in varints(&self.keys) {
            counts[k as usize] += 1;
        }
        counts
    }
}

/// The numbers of `bytes`, written as [`Run::post`] writes them.
fn varints(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = *bytes.get(at)?;
            at += 1;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
            shift += 7;
        }
    })
}

/// Posting lists and bitsets of keys numbered from 0.
#[derive(Default)]
pub(super) struct Postings {
    /// The posting lists of all keys, one after another (empty for a key with a bitset).
    lists: Vec<u32>,
    /// Where each key's posting list starts in `lists`, and a final entry for the end.
    at: Vec<usize>,
    /// Events per key.
    counts: Vec<u32>,
    /// For each key, which bitset of `bits` is its own, or [`SPARSE`].
    dense: Vec<u32>,
    /// The bitsets of the keys in many events, one after another, `blocks` long each: bit
    /// `e % 64` of block `e / 64` for event `e`.
    bits: Vec<u64>,
    blocks: usize,
}

impl Postings {
    /// Lays out the postings of `counts.len()` keys over `event_count` events, from the runs
    /// of events that each job read (in event order), each with the number of each of its
    /// keys among all (`ours`, by the run's own key numbers).
    pub(super) fn from_runs(event_count: usize, counts: Vec<usize>, runs: Vec<(Run, Vec<u32>)>) -> Postings {
        let blocks = event_count.div_ceil(64);
        let mut dense = vec![SPARSE; counts.len()];
        let mut bitsets = 0;
        let mut at = Vec::with_capacity(counts.len() + 1);
        at.push(0);
        for (k, &c) in counts.iter().enumerate() {
            let listed = if c * DENSE > event_count {
                dense[k] = bitsets;
                bitsets += 1;
                0
            } else {
                c
            };
            at.push(at[at.len() - 1] + listed);
        }
        let mut lists = vec![0u32; at[at.len() - 1]];
        let mut bits = vec![0u64; bitsets as usize * blocks];
        // where the next posting of each key goes: runs come in event order, and each run's
        // postings too, so that appending them keeps every key's list sorted
        let mut cursor = at[..at.len() - 1].to_vec();
        for (run, ours) in runs {
            let mut from = 0;
            for (e, &end) in (run.first..).zip(&run.ends) {
                for local in varints(&run.keys[from..end as usize]) {
                    let k = ours[local as usize] as usize;
                    if dense[k] == SPARSE {
                        lists[cursor[k]] = e;
                        cursor[k] += 1;
                    } else {
                        bits[dense[k] as usize * blocks + e as usize / 64] |= 1 << (e % 64);
                    }
                }
                from = end as usize;
            }
        }
        let counts = counts.into_iter().map(|c| c as u32).collect();
        Postings { lists, at, counts, dense, bits, blocks }
    }

    /// The number of keys.
    pub(super) fn len(&self) -> usize {
        self.counts.len()
    }

    /// Events of key `k`.
    pub(super) fn count(&self, k: u32) -> usize {
        self.counts[k as usize] as usize
    }

    /// The number of (key, event) pairs, in lists or bitsets.
    pub(super) fn total(&self) -> usize {
        self.counts.iter().map(|&c| c as usize).sum()
    }

    /// The number of keys kept as bitsets.
    pub(super) fn bitsets(&self) -> usize {
        self.bits.len() / self.blocks.max(1)
    }

    /// Whether key `k` has a bitset rather than a posting list.
    pub(super) fn is_dense(&self, k: u32) -> bool {
        self.dense[k as usize] != SPARSE
    }

    /// The memory held: posting lists, bitsets and their offsets.
    pub(super) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.at.capacity() * size_of::<usize>()
            + (self.lists.capacity() + self.counts.capacity() + self.dense.capacity()) * size_of::<u32>()
            + self.bits.capacity() * size_of::<u64>()
    }

    /// The bitset of key `k` over all events, if it has one rather than a posting list.
    pub(super) fn bitset(&self, k: u32) -> Option<&[u64]> {
        let d = self.dense[k as usize];
        (d != SPARSE).then(|| &self.bits[d as usize * self.blocks..(d as usize + 1) * self.blocks])
    }

    /// The events of key `k` in `range`, when it has a posting list (none otherwise).
    pub(super) fn list_in(&self, k: u32, range: &Range<u32>) -> &[u32] {
        let all = &self.lists[self.at[k as usize]..self.at[k as usize + 1]];
        let lo = all.partition_point(|&e| e < range.start);
        let hi = all.partition_point(|&e| e < range.end).max(lo);
        &all[lo..hi]
    }
}
