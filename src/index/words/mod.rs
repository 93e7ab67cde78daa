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
//!
//! Two neighbouring pieces of a needle fit two words that are neighbours in the text, so the
//! pairs of neighbouring words (`pairs`) give candidates too, far fewer than the words alone
//! when both words are common ("barrel bombs"). The cost rule picks the most selective keys and
//! narrows by the others while that is cheaper than checking the candidates.

mod build;
mod event_bits;
mod pairs;
mod postings;

use super::{Folded, Gone, TextColumn, Wanted};
use event_bits::EventBits;
use memchr::memmem::Finder;
use pairs::{Pairs, pairable};
use postings::Postings;
use rayon::prelude::*;
use std::ops::Range;

/// What merging one posting costs, in bytes of text that a scan reads in the same time: a
/// posting is a scattered write into a bitset, a scanned byte a sequential read that memmem
/// takes many at a time.
const POSTING_COST: usize = 16;

/// What checking one candidate against its own text costs beyond the bytes read, in bytes of
/// a scan: a search set up for each short text.
const CHECK_COST: usize = 64;

/// At most this many pairs of words are looked up for two neighbouring pieces of a needle;
/// beyond, the pieces' words are too many ("e a") for their pairs to narrow much.
const PAIR_LOOKUPS: usize = 1 << 12;

/// The events the word index found holding every needle it answers more cheaply than a scan,
/// and the positions of those needles among the needles asked; `None` when it answers none.
pub type Indexed = Option<(Vec<u32>, Vec<usize>)>;

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

/// A word or a pair of neighbouring words, whose events the index holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Word(u32),
    Pair(u32),
}

/// What narrows the candidates of a needle: the words one of its pieces fits, or the pairs of
/// words two neighbouring pieces fit; and how many events they have in the range.
struct Piece {
    keys: Vec<Key>,
    /// Postings in the range of the keys with a posting list.
    listed: usize,
    /// How many of the keys have a bitset.
    dense: usize,
    /// Events in the range of all the keys (counted for lists, estimated for bitsets).
    event_count: usize,
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
    /// The events of each word, numbered as in `starts`.
    postings: Postings,
    /// The events of each pair of neighbouring common words.
    pairs: Pairs,
    /// Events indexed.
    event_count: usize,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("words", &self.len())
            .field("postings", &self.postings_len())
            .field("heap_bytes", &self.heap_bytes())
            .field("pairs", &self.pairs_len())
            .field("pair_heap_bytes", &self.pairs_heap_bytes())
            .finish()
    }
}

impl Words {
    /// The number of distinct words.
    pub fn len(&self) -> usize {
        self.postings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of (word, event) pairs, in lists or bitsets.
    pub fn postings_len(&self) -> usize {
        self.postings.total()
    }

    /// The number of words kept as bitsets.
    pub fn bitsets(&self) -> usize {
        self.postings.bitsets()
    }

    /// The memory the words hold: dictionary, posting lists, bitsets and their offsets (the
    /// pair index apart).
    pub fn heap_bytes(&self) -> usize {
        self.dict.capacity() + self.starts.capacity() * std::mem::size_of::<usize>() + self.postings.heap_bytes()
    }

    /// The number of distinct pairs of neighbouring common words.
    pub fn pairs_len(&self) -> usize {
        self.pairs.len()
    }

    /// The number of (pair, event) postings of the pair index.
    pub fn pair_postings_len(&self) -> usize {
        self.pairs.postings.total()
    }

    /// The memory the pair index holds.
    pub fn pairs_heap_bytes(&self) -> usize {
        self.pairs.heap_bytes()
    }

    /// The postings of `key`, and its number among them.
    fn store(&self, key: Key) -> (&Postings, u32) {
        match key {
            Key::Word(w) => (&self.postings, w),
            Key::Pair(p) => (&self.pairs.postings, p),
        }
    }

    /// The events of word `w`, from its list or its bitset.
    #[cfg(test)]
    fn events_of(&self, w: u32) -> Vec<u32> {
        self.bits(&[Key::Word(w)], &(0..self.event_count as u32), Wanted::ALWAYS)
            .map(|b| b.events())
            .unwrap_or_default()
    }

    /// Word `w` itself.
    #[cfg(test)]
    fn word(&self, w: u32) -> &[u8] {
        &self.dict[self.starts[w as usize]..self.starts[w as usize + 1] - 1]
    }

    /// The events of `key` in `range`, when it has a posting list (none otherwise).
    fn postings_in(&self, key: Key, range: &Range<u32>) -> &[u32] {
        let (store, k) = self.store(key);
        store.list_in(k, range)
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
        let fits: Vec<Vec<u32>> = pieces
            .iter()
            .enumerate()
            .map(|(k, p)| self.matching(p, Fit::new(k > 0 || lead, k < last || trail)))
            .collect();
        let mut planned: Vec<Piece> =
            fits.iter().map(|words| self.piece(words.iter().map(|&w| Key::Word(w)).collect(), range)).collect();
        // in any occurrence, the words of two neighbouring pieces are neighbours in the text
        for two in fits.windows(2) {
            if let Some(keys) = self.pair_keys(&two[0], &two[1]) {
                planned.push(self.piece(keys, range));
            }
        }
        Plan { pieces: planned, verify: needle.iter().any(|&b| !is_word_byte(b)) }
    }

    /// What the events of `keys` in `range` cost to gather and how many they are.
    fn piece(&self, keys: Vec<Key>, range: &Range<u32>) -> Piece {
        let listed: usize = keys.iter().map(|&k| self.postings_in(k, range).len()).sum();
        let in_bitsets: Vec<usize> = keys
            .iter()
            .filter_map(|&k| {
                let (store, k) = self.store(k);
                store.is_dense(k).then(|| store.count(k) * range.len() / self.event_count.max(1))
            })
            .collect();
        let event_count = (listed + in_bitsets.iter().sum::<usize>()).min(range.len());
        Piece { keys, listed, dense: in_bitsets.len(), event_count }
    }

    /// The keys whose events hold every event where a word of `first` is followed by a word of
    /// `second`: the indexed pairs of the two, and the words of either whose pairs are not
    /// indexed. `None` when there are too many pairs to look up.
    fn pair_keys(&self, first: &[u32], second: &[u32]) -> Option<Vec<Key>> {
        let (a_paired, a_alone): (Vec<u32>, Vec<u32>) = first.iter().partition(|&&w| pairable(&self.postings, w));
        let (b_paired, b_alone): (Vec<u32>, Vec<u32>) = second.iter().partition(|&&w| pairable(&self.postings, w));
        if a_paired.len() * b_paired.len() > PAIR_LOOKUPS {
            return None;
        }
        let mut keys: Vec<Key> = a_alone.into_iter().chain(b_alone).map(Key::Word).collect();
        for &a in &a_paired {
            keys.extend(b_paired.iter().filter_map(|&b| self.pairs.get(a, b)).map(Key::Pair));
        }
        Some(keys)
    }

    /// Whether the most selective keys of the plan of `needle` in `range` are pairs.
    #[cfg(test)]
    fn narrows_by_pairs(&self, needle: &[u8], range: &Range<u32>) -> bool {
        let plan = self.plan(needle, range);
        let first = plan.pieces.iter().min_by_key(|p| p.event_count);
        first.is_some_and(|p| p.keys.iter().any(|k| matches!(k, Key::Pair(_))))
    }

    /// The events in `range` whose text in `col` contains the needle, from the word index:
    /// exactly those a scan of the text finds. `col` must be the column the index was built on.
    pub fn find(&self, col: &TextColumn, range: Range<u32>, needle: &Finder) -> Vec<u32> {
        let plan = self.plan(needle.needle(), &range);
        self.run(Folded::Column(col), range, needle, plan, Wanted::ALWAYS).map(Found::events).unwrap_or_default()
    }

    /// [`Words::find`] when the index is likely cheaper than a scan of the text in `range`,
    /// else `None`: a phrase of common words ("g in") leaves most events to check against their
    /// text, and a scan reads each text once anyway.
    pub fn find_if_cheaper(&self, col: &TextColumn, range: Range<u32>, needle: &Finder) -> Option<Vec<u32>> {
        self.found_if_cheaper(Folded::Column(col), range, needle, Wanted::ALWAYS).ok().flatten().map(Found::events)
    }

    /// The events in `range` whose text holds every one of `needles` that the index answers more
    /// cheaply than a scan, and the positions of those needles (none: `None`). The sets of the
    /// needles are intersected as bitsets where they are large, and listed once at the end.
    pub fn find_all_if_cheaper(
        &self,
        col: &TextColumn,
        range: Range<u32>,
        needles: &[&Finder],
    ) -> Option<(Vec<u32>, Vec<usize>)> {
        self.find_all_while(col, range, needles, Wanted::ALWAYS).ok().flatten()
    }

    /// [`Words::find_all_if_cheaper`], given up as soon as it is no longer wanted.
    pub fn find_all_while(
        &self,
        col: &TextColumn,
        range: Range<u32>,
        needles: &[&Finder],
        wanted: Wanted,
    ) -> Result<Indexed, Gone> {
        self.find_all_in(Folded::Column(col), range, needles, wanted)
    }

    /// [`Words::find_all_while`] over the folded text however it is at hand: without the
    /// column, each candidate left to check is folded on the spot, and the index answers only
    /// where that is cheaper than a scan of the column would be.
    pub(in crate::index) fn find_all_in(
        &self,
        col: Folded,
        range: Range<u32>,
        needles: &[&Finder],
        wanted: Wanted,
    ) -> Result<Indexed, Gone> {
        let mut all: Option<Found> = None;
        let mut used = Vec::new();
        for (k, needle) in needles.iter().enumerate() {
            let Some(found) = self.found_if_cheaper(col, range.clone(), needle, wanted)? else {
                continue;
            };
            used.push(k);
            all = Some(match (all, found) {
                (None, f) => f,
                (Some(Found::Bits(mut a)), Found::Bits(b)) => {
                    a.and(&b);
                    Found::Bits(a)
                }
                (Some(Found::List(mut l)), Found::Bits(b)) | (Some(Found::Bits(b)), Found::List(mut l)) => {
                    l.retain(|&e| b.contains(e));
                    Found::List(l)
                }
                (Some(Found::List(a)), Found::List(b)) => {
                    let b: std::collections::HashSet<u32, rustc_hash::FxBuildHasher> = b.into_iter().collect();
                    Found::List(a.into_iter().filter(|e| b.contains(e)).collect())
                }
            });
        }
        Ok(all.map(|all| (all.events(), used)))
    }

    /// [`Words::find_if_cheaper`], the events left as a bitset when they are many.
    fn found_if_cheaper(
        &self,
        col: Folded,
        range: Range<u32>,
        needle: &Finder,
        wanted: Wanted,
    ) -> Result<Option<Found>, Gone> {
        let plan = self.plan(needle.needle(), &range);
        // without the column, a scan must fold the text first
        let scan = col.bytes_in(&range).saturating_mul(col.read_cost());
        let per_event = scan / range.len().max(1);
        let Some(first) = plan.pieces.iter().min_by_key(|p| p.event_count) else { return Ok(None) };
        let checks = if plan.verify { first.event_count * (per_event * col.read_cost() + CHECK_COST) } else { 0 };
        let cost = self.cost(first, &range).saturating_add(checks);
        if cost < scan { self.run(col, range, needle, plan, wanted).map(Some) } else { Ok(None) }
    }

    /// What gathering the events of a piece costs, in bytes of text a scan reads in that time.
    fn cost(&self, piece: &Piece, range: &Range<u32>) -> usize {
        piece.listed.saturating_mul(POSTING_COST) + piece.dense * (range.len() / 8)
    }

    fn run(
        &self,
        col: Folded,
        range: Range<u32>,
        needle: &Finder,
        mut plan: Plan,
        wanted: Wanted,
    ) -> Result<Found, Gone> {
        plan.pieces.sort_by_key(|p| p.event_count);
        let per_event = col.bytes_in(&range) / range.len().max(1) * col.read_cost();
        let Some((first, rest)) = plan.pieces.split_first() else {
            // separators only: any event may hold them
            return Ok(Found::List(self.check(col, range.clone().collect(), needle, wanted)?));
        };
        // a few postings are listed directly; many go through a bitset of the range
        let few = first.dense == 0 && first.listed < range.len() / 64;
        let mut found = if few {
            Found::List(self.list(&first.keys, &range))
        } else {
            Found::Bits(self.bits(&first.keys, &range, wanted)?)
        };
        let mut left = match &found {
            Found::List(l) => l.len(),
            Found::Bits(_) => first.event_count,
        };
        for p in rest {
            // narrowing by another piece costs its postings, checking a candidate its text
            if left == 0 || self.cost(p, &range) > left * per_event {
                break;
            }
            let other = self.bits(&p.keys, &range, wanted)?;
            match &mut found {
                Found::List(l) => {
                    l.retain(|&e| other.contains(e));
                    left = l.len();
                }
                Found::Bits(b) => {
                    b.and(&other);
                    left = left.min(p.event_count);
                }
            }
        }
        if plan.verify { Ok(Found::List(self.check(col, found.events(), needle, wanted)?)) } else { Ok(found) }
    }

    /// The candidates whose own text holds the needle.
    fn check(&self, col: Folded, candidates: Vec<u32>, needle: &Finder, wanted: Wanted) -> Result<Vec<u32>, Gone> {
        let parts: Vec<Vec<u32>> = candidates
            .par_chunks(1 << 10)
            .map(|part| {
                wanted.check()?;
                Ok(col.holding(part, needle))
            })
            .collect::<Result<_, Gone>>()?;
        Ok(parts.concat())
    }

    /// The events in `range` of any of `keys` (which all have posting lists), in order.
    fn list(&self, keys: &[Key], range: &Range<u32>) -> Vec<u32> {
        let lists: Vec<&[u32]> = keys.iter().map(|&k| self.postings_in(k, range)).collect();
        super::union(&lists)
    }

    /// The events in `range` of any of `keys`: each core or-es some of the keys' bitsets or
    /// sets the bits of their postings, then the sets are or-ed together.
    fn bits(&self, keys: &[Key], range: &Range<u32>, wanted: Wanted) -> Result<EventBits, Gone> {
        keys.par_iter()
            .try_fold(
                || EventBits::new(range),
                |mut set, &key| {
                    wanted.check()?;
                    let (store, k) = self.store(key);
                    match store.bitset(k) {
                        Some(all) => set.or_all(all),
                        None => set.insert_all(store.list_in(k, range)),
                    }
                    Ok(set)
                },
            )
            .try_reduce_with(|mut a, b| {
                a.or(&b);
                Ok(a)
            })
            .unwrap_or_else(|| Ok(EventBits::new(range)))
    }
}

/// Candidates while a needle's pieces narrow them: a short list, or a bitset of the range.
enum Found {
    List(Vec<u32>),
    Bits(EventBits),
}

impl Found {
    /// The events, in order.
    fn events(self) -> Vec<u32> {
        match self {
            Found::List(l) => l,
            Found::Bits(b) => b.events(),
        }
    }
}

#[cfg(test)]
mod tests;
