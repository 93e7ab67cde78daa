//! The checksums of a container's body, one per block, and what is known of each block: not
//! checked yet, whole, or damaged.
//!
//! An open checks at once the blocks of the sections every use reads, and leaves those of the
//! large sections that a use reads only in part (the events' records, the folded text) to be
//! checked when first read: the reader of a record asks for the blocks under it
//! ([`Blocks::check_span`]), which are hashed then (once, by whichever thread comes first) and
//! from then on cost one atomic load. A count of a million events never reads a record, and a
//! first frame reads those of fifty rows, so neither hashes the half gigabyte of records.

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use twox_hash::XxHash3_64 as Xxh3;

/// The bytes each checksum of the file's body covers. A record read from a block not checked
/// yet costs the hash of its block, 64 KiB in about 10 µs: a first frame whose fifty rows lie
/// in fifty blocks pays half a millisecond. The table of a 1.2 GB file then holds 18,000 sums
/// (145 KB), and the unit tests' small files already span many blocks.
pub(super) const BLOCK: usize = 64 << 10;

const UNCHECKED: u8 = 0;
const GOOD: u8 = 1;
const BAD: u8 = 2;

/// The block checksums of a mapped file and the state of each block.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    sums: Vec<u64>,
    state: Vec<AtomicU8>,
    /// Set when some block failed its checksum.
    damaged: AtomicBool,
}

impl Blocks {
    pub(super) fn new(sums: Vec<u64>) -> Blocks {
        let state = sums.iter().map(|_| AtomicU8::new(UNCHECKED)).collect();
        Blocks { sums, state, damaged: AtomicBool::new(false) }
    }

    pub(super) fn len(&self) -> usize {
        self.sums.len()
    }

    /// Whether block `k` of `body` is whole, hashing it if no one has yet.
    fn check(&self, body: &[u8], k: usize) -> bool {
        let Some(state) = self.state.get(k) else { return false };
        match state.load(Ordering::Acquire) {
            GOOD => return true,
            BAD => return false,
            _ => {}
        }
        let bytes = body.get(k * BLOCK..((k + 1) * BLOCK).min(body.len())).unwrap_or_default();
        let good = !bytes.is_empty() && Xxh3::oneshot(bytes) == self.sums[k];
        state.store(if good { GOOD } else { BAD }, Ordering::Release);
        if !good {
            self.damaged.store(true, Ordering::Release);
        }
        good
    }

    /// Whether the blocks under the bytes `span` of `body` are whole (an empty span lies in
    /// no block); those not checked yet are checked now, on this thread.
    pub(super) fn check_span(&self, body: &[u8], span: std::ops::Range<usize>) -> bool {
        if span.start >= span.end {
            return span.start <= body.len();
        }
        (span.start / BLOCK..span.end.div_ceil(BLOCK)).all(|k| self.check(body, k))
    }

    /// Whether the blocks `which` picks are all whole, checked on every core.
    pub(super) fn check_par(&self, body: &[u8], which: impl Fn(usize) -> bool + Sync) -> bool {
        // every block is checked, none skipped at the first bad one: the states are then all known
        let bad = (0..self.len()).into_par_iter().filter(|&k| which(k)).filter(|&k| !self.check(body, k)).count();
        bad == 0
    }

    /// Whether every block is whole, those not checked yet checked now on this thread alone
    /// (the browser's other core stays free for keystrokes).
    pub(super) fn check_rest(&self, body: &[u8]) -> bool {
        // every block, none skipped at the first bad one: the states are then all known
        (0..self.len()).filter(|&k| !self.check(body, k)).count() == 0
    }

    /// The blocks that lie wholly inside `span`.
    pub(super) fn inside(span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        span.start.div_ceil(BLOCK)..span.end / BLOCK
    }

    /// The blocks that `span` touches.
    pub(super) fn under(span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        span.start / BLOCK..span.end.div_ceil(BLOCK)
    }

    /// Whether some block failed its checksum.
    pub(super) fn damaged(&self) -> bool {
        self.damaged.load(Ordering::Acquire)
    }
}
