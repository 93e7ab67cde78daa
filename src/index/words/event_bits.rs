//! A set of events of a range as a bitset, aligned on whole blocks of 64 event numbers, so that
//! a word's bitset over all events is or-ed into it block by block, without shifting.

use rayon::prelude::*;
use std::ops::Range;

/// Blocks per job when the events are listed.
const BLOCKS_PER_JOB: usize = 1 << 11;

/// Events of `range`: bit `e % 64` of block `e / 64 - first_block` for event `e`. The first and
/// last blocks may hold events outside the range; they are never listed.
pub(super) struct EventBits {
    range: Range<u32>,
    first_block: usize,
    blocks: Vec<u64>,
}

impl EventBits {
    /// No event of `range`.
    pub(super) fn new(range: &Range<u32>) -> EventBits {
        let first_block = range.start as usize / 64;
        let end_block = (range.end as usize).div_ceil(64).max(first_block);
        EventBits { range: range.clone(), first_block, blocks: vec![0; end_block - first_block] }
    }

    /// Adds events of the range.
    pub(super) fn insert_all(&mut self, events: &[u32]) {
        for &e in events {
            let k = e as usize - self.first_block * 64;
            self.blocks[k / 64] |= 1 << (k % 64);
        }
    }

    /// Adds the events of a bitset over all events (block `k` for event numbers `64k..64k+64`).
    pub(super) fn or_all(&mut self, all: &[u64]) {
        let ours = &all[self.first_block..self.first_block + self.blocks.len()];
        self.blocks.iter_mut().zip(ours).for_each(|(a, b)| *a |= b);
    }

    /// Adds the events of `other`, a set over the same range.
    pub(super) fn or(&mut self, other: &EventBits) {
        self.blocks.iter_mut().zip(&other.blocks).for_each(|(a, b)| *a |= b);
    }

    /// Keeps the events that are in `other` too, a set over the same range.
    pub(super) fn and(&mut self, other: &EventBits) {
        self.blocks.iter_mut().zip(&other.blocks).for_each(|(a, b)| *a &= b);
    }

    /// Whether event `e` of the range is in the set.
    pub(super) fn contains(&self, e: u32) -> bool {
        let k = e as usize - self.first_block * 64;
        self.blocks[k / 64] & (1 << (k % 64)) != 0
    }

    /// The events of the range in the set, in order, listed on every core.
    pub(super) fn events(&self) -> Vec<u32> {
        let range = &self.range;
        self.blocks
            .par_chunks(BLOCKS_PER_JOB)
            .enumerate()
            .flat_map_iter(|(job, blocks)| {
                let mut out = Vec::new();
                for (k, &block) in blocks.iter().enumerate() {
                    let base = ((self.first_block + job * BLOCKS_PER_JOB + k) * 64) as u32;
                    let mut b = block;
                    while b != 0 {
                        let e = base + b.trailing_zeros();
                        if range.contains(&e) {
                            out.push(e);
                        }
                        b &= b - 1;
                    }
                }
                out
            })
            .collect()
    }
}
