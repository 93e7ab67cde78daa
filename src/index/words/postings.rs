//! The events of each key of an index (a word, a pair of words): a sorted posting list for a
//! key in few events, a bitset over all events for a key in many.

use std::ops::Range;

/// A key in more than one event in this many keeps a bitset over all events instead of a
/// posting list: the bitset is then the smaller (one bit per event against 32 per posting),
/// and or-ing bitsets is far quicker than merging long lists.
const DENSE: usize = 32;

/// No bitset: the key has a posting list.
const SPARSE: u32 = u32::MAX;

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
    /// Lays out the postings of `counts.len()` keys over `event_count` events, from parts that each
    /// hold the sorted lists of some keys (by key number), parts coming in event order.
    pub(super) fn from_parts(
        event_count: usize,
        counts: Vec<usize>,
        parts: Vec<(Vec<Vec<u32>>, Vec<u32>)>,
    ) -> Postings {
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
        // where the next posting of each key goes: parts come in event order, so appending
        // each part's list keeps every key's list sorted
        let mut cursor = at[..at.len() - 1].to_vec();
        for (part_lists, keys) in parts {
            for (list, k) in part_lists.into_iter().zip(keys) {
                let k = k as usize;
                if dense[k] == SPARSE {
                    lists[cursor[k]..cursor[k] + list.len()].copy_from_slice(&list);
                    cursor[k] += list.len();
                } else {
                    let own = &mut bits[dense[k] as usize * blocks..];
                    for e in list {
                        own[e as usize / 64] |= 1 << (e % 64);
                    }
                }
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
