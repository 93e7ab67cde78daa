//! A word index over the folded text column: free-text search without reading the text.
//!
//! The folded text is cut into words, maximal runs of word bytes. A separator is an ASCII byte
//! that is not a letter or a digit; every byte of a non-ASCII character is a word byte, so a
//! character is never cut in two. Each distinct word has a posting list: the events whose text
//! holds it, in order; a word in many events has a bitset over all events instead, smaller and
//! quicker to merge.
//!
//! A needle without a separator lies inside one word wherever it occurs, so the events whose
//! text contains it are exactly those of the words that contain it, found by one search of the
//! dictionary. A needle with separators ("white phosphorus", "g in ") is cut the same way: in
//! any occurrence its first piece ends a word, its middle pieces are whole words and its last
//! piece begins a word. The events that have a word of each kind are the candidates, and each is
//! then checked against its own text. Both answers are exactly those of a scan of the text.

mod build;
mod event_bits;

use super::TextColumn;
use event_bits::EventBits;
use memchr::memmem::Finder;
use rayon::prelude::*;
use std::ops::Range;

/// What merging one posting costs, in bytes of text that a scan reads in the same time: a
/// posting is a scattered write into a bitset, a scanned byte a sequential read that memmem
/// takes many at a time.
const POSTING_COST: usize = 16;

/// What checking one candidate against its own text costs beyond the bytes read, in bytes of
/// a scan: a search set up for each short text.
const CHECK_COST: usize = 64;

/// No bitset: the word has a posting list.
const SPARSE: u32 = u32::MAX;

/// Whether `b` belongs to a word: an ASCII letter or digit, or any byte of a non-ASCII character.
pub fn is_word_byte(b: u8) -> bool {
    b >= 0x80 || b.is_ascii_alphanumeric()
}

/// The words of `text`, in order.
pub fn words_of(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split(|&b| !is_word_byte(b)).filter(|w| !w.is_empty())
}

/// Where a piece of a needle must lie in a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// Anywhere: the needle has no separator.
    Inside,
    /// At the start: a separator comes before the piece in the needle.
    Prefix,
    /// At the end: a separator follows the piece in the needle.
    Suffix,
    /// The whole word: separators on both sides.
    Whole,
}

impl Fit {
    fn new(sep_before: bool, sep_after: bool) -> Fit {
        match (sep_before, sep_after) {
            (false, false) => Fit::Inside,
            (true, false) => Fit::Prefix,
            (false, true) => Fit::Suffix,
            (true, true) => Fit::Whole,
        }
    }
}

/// One piece of a needle: the words it fits, and how many events they have in the range.
struct Piece {
    words: Vec<u32>,
    /// Postings in the range of the words with a posting list.
    listed: usize,
    /// How many of the words have a bitset.
    dense: usize,
    /// Events in the range of all the words (counted for lists, estimated for bitsets).
    events: usize,
}

/// How a needle is looked up: the pieces whose words give candidates, and whether the
/// candidates must be checked against their text (when the needle has a separator).
struct Plan {
    pieces: Vec<Piece>,
    verify: bool,
}

/// The distinct words of a text column and their posting lists.
pub struct Words {
    /// Every distinct word once, each after a space, and a space at the end: " shelling in idlib ".
    /// A search for " fo" finds the words starting with "fo", for "fo " those ending with it.
    dict: Vec<u8>,
    /// Where each word starts in `dict`, and a final entry for the end of `dict`.
    starts: Vec<usize>,
    /// The posting lists of all words, one after another (empty for a word with a bitset).
    postings: Vec<u32>,
    /// Where each word's posting list starts in `postings`, and a final entry for the end.
    at: Vec<usize>,
    /// Events per word.
    counts: Vec<u32>,
    /// For each word, which bitset of `bits` is its own, or [`SPARSE`].
    dense: Vec<u32>,
    /// The bitsets of the words in many events, one after another, `blocks` long each: bit
    /// `e % 64` of block `e / 64` for event `e`.
    bits: Vec<u64>,
    blocks: usize,
    /// Events indexed.
    events: usize,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("words", &self.len())
            .field("postings", &self.postings_len())
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}

impl Words {
    /// The number of distinct words.
    pub fn len(&self) -> usize {
        self.at.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of (word, event) pairs, in lists or bitsets.
    pub fn postings_len(&self) -> usize {
        self.counts.iter().map(|&c| c as usize).sum()
    }

    /// The number of words kept as bitsets.
    pub fn bitsets(&self) -> usize {
        self.bits.len() / self.blocks.max(1)
    }

    /// The memory the index holds: dictionary, posting lists, bitsets and their offsets.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.dict.capacity()
            + (self.starts.capacity() + self.at.capacity()) * size_of::<usize>()
            + (self.postings.capacity() + self.counts.capacity() + self.dense.capacity()) * size_of::<u32>()
            + self.bits.capacity() * size_of::<u64>()
    }

    /// The bitset of word `w` over all events, if it has one rather than a posting list.
    fn bitset(&self, w: u32) -> Option<&[u64]> {
        let d = self.dense[w as usize];
        (d != SPARSE).then(|| &self.bits[d as usize * self.blocks..(d as usize + 1) * self.blocks])
    }

    /// The events of word `w`, from its list or its bitset.
    #[cfg(test)]
    fn events_of(&self, w: u32) -> Vec<u32> {
        self.bits(&[w], &(0..self.events as u32)).events()
    }

    /// Word `w` itself.
    #[cfg(test)]
    fn word(&self, w: u32) -> &[u8] {
        &self.dict[self.starts[w as usize]..self.starts[w as usize + 1] - 1]
    }

    /// The events of word `w` in `range`, when it has a posting list (none otherwise).
    fn postings_in(&self, w: u32, range: &Range<u32>) -> &[u32] {
        let all = &self.postings[self.at[w as usize]..self.at[w as usize + 1]];
        let lo = all.partition_point(|&e| e < range.start);
        let hi = all.partition_point(|&e| e < range.end).max(lo);
        &all[lo..hi]
    }

    /// The words in which `piece` (no separator in it) lies as `fit` says, by one search of
    /// the dictionary.
    fn matching(&self, piece: &[u8], fit: Fit) -> Vec<u32> {
        let lead = matches!(fit, Fit::Prefix | Fit::Whole);
        let mut pattern = Vec::with_capacity(piece.len() + 2);
        if lead {
            pattern.push(b' ');
        }
        pattern.extend_from_slice(piece);
        if matches!(fit, Fit::Suffix | Fit::Whole) {
            pattern.push(b' ');
        }
        let finder = Finder::new(&pattern);
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(m) = finder.find(&self.dict[pos..]) {
            // a byte of the word matched: the one after the space when the pattern starts with it
            let inside = pos + m + usize::from(lead);
            let w = self.starts.partition_point(|&s| s <= inside) - 1;
            found.push(w as u32);
            // on from the space before the next word, so that each word is counted once
            pos = self.starts[w + 1] - 1;
        }
        found
    }

    fn plan(&self, needle: &[u8], range: &Range<u32>) -> Plan {
        let pieces: Vec<&[u8]> = words_of(needle).collect();
        let lead = needle.first().is_some_and(|&b| !is_word_byte(b));
        let trail = needle.last().is_some_and(|&b| !is_word_byte(b));
        let last = pieces.len().saturating_sub(1);
        let pieces = pieces
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let words = self.matching(p, Fit::new(k > 0 || lead, k < last || trail));
                let listed: usize = words.iter().map(|&w| self.postings_in(w, range).len()).sum();
                let in_bitsets: Vec<usize> = words
                    .iter()
                    .filter(|&&w| self.dense[w as usize] != SPARSE)
                    .map(|&w| self.counts[w as usize] as usize * range.len() / self.events.max(1))
                    .collect();
                let events = (listed + in_bitsets.iter().sum::<usize>()).min(range.len());
                Piece { words, listed, dense: in_bitsets.len(), events }
            })
            .collect();
        Plan { pieces, verify: needle.iter().any(|&b| !is_word_byte(b)) }
    }

    /// The events in `range` whose text in `col` contains the needle, from the word index:
    /// exactly those a scan of the text finds. `col` must be the column the index was built on.
    pub fn find(&self, col: &TextColumn, range: Range<u32>, needle: &Finder) -> Vec<u32> {
        let plan = self.plan(needle.needle(), &range);
        self.run(col, range, needle, plan)
    }

    /// [`Words::find`] when the index is likely cheaper than a scan of the text in `range`,
    /// else `None`: a phrase of common words ("g in") leaves most events to check against their
    /// text, and a scan reads each text once anyway.
    pub fn find_if_cheaper(&self, col: &TextColumn, range: Range<u32>, needle: &Finder) -> Option<Vec<u32>> {
        let plan = self.plan(needle.needle(), &range);
        let scan = col.bytes_in(&range);
        let per_event = scan / range.len().max(1);
        let first = plan.pieces.iter().min_by_key(|p| p.events)?;
        let checks = if plan.verify { first.events * (per_event + CHECK_COST) } else { 0 };
        let cost = self.cost(first, &range).saturating_add(checks);
        (cost < scan).then(|| self.run(col, range, needle, plan))
    }

    /// What gathering the events of a piece costs, in bytes of text a scan reads in that time.
    fn cost(&self, piece: &Piece, range: &Range<u32>) -> usize {
        piece.listed.saturating_mul(POSTING_COST) + piece.dense * (range.len() / 8)
    }

    fn run(&self, col: &TextColumn, range: Range<u32>, needle: &Finder, mut plan: Plan) -> Vec<u32> {
        plan.pieces.sort_by_key(|p| p.events);
        let per_event = col.bytes_in(&range) / range.len().max(1);
        let Some((first, rest)) = plan.pieces.split_first() else {
            // separators only: any event may hold them
            return self.check(col, range.clone().collect(), needle);
        };
        // a few postings are listed directly; many go through a bitset of the range
        let few = first.dense == 0 && first.listed < range.len() / 64;
        let mut found = if few {
            Found::List(self.list(&first.words, &range))
        } else {
            Found::Bits(self.bits(&first.words, &range))
        };
        let mut left = match &found {
            Found::List(l) => l.len(),
            Found::Bits(_) => first.events,
        };
        for p in rest {
            // narrowing by another piece costs its postings, checking a candidate its text
            if left == 0 || self.cost(p, &range) > left * per_event {
                break;
            }
            let other = self.bits(&p.words, &range);
            match &mut found {
                Found::List(l) => {
                    l.retain(|&e| other.contains(e));
                    left = l.len();
                }
                Found::Bits(b) => {
                    b.and(&other);
                    left = left.min(p.events);
                }
            }
        }
        let found = match found {
            Found::List(l) => l,
            Found::Bits(b) => b.events(),
        };
        if plan.verify { self.check(col, found, needle) } else { found }
    }

    /// The candidates whose own text holds the needle.
    fn check(&self, col: &TextColumn, candidates: Vec<u32>, needle: &Finder) -> Vec<u32> {
        candidates.into_par_iter().with_min_len(1 << 10).filter(|&i| needle.find(col.of(i)).is_some()).collect()
    }

    /// The events in `range` of any of `words` (which all have posting lists), in order.
    fn list(&self, words: &[u32], range: &Range<u32>) -> Vec<u32> {
        let lists: Vec<&[u32]> = words.iter().map(|&w| self.postings_in(w, range)).collect();
        super::union(&lists)
    }

    /// The events in `range` of any of `words`: each core or-es some of the words' bitsets or
    /// sets the bits of their postings, then the sets are or-ed together.
    fn bits(&self, words: &[u32], range: &Range<u32>) -> EventBits {
        words
            .par_iter()
            .fold(
                || EventBits::new(range),
                |mut set, &w| {
                    match self.bitset(w) {
                        Some(all) => set.or_all(all),
                        None => set.insert_all(self.postings_in(w, range)),
                    }
                    set
                },
            )
            .reduce_with(|mut a, b| {
                a.or(&b);
                a
            })
            .unwrap_or_else(|| EventBits::new(range))
    }
}

/// Candidates while a needle's pieces narrow them: a short list, or a bitset of the range.
enum Found {
    List(Vec<u32>),
    Bits(EventBits),
}

#[cfg(test)]
mod tests;
