//! A word index over the folded text column: free-text search without reading the text.
//!
//! The folded text is cut into words, maximal runs of word bytes. A separator is an ASCII byte
//! that is not a letter or a digit; every byte of a non-ASCII character is a word byte, so a
//! character is never cut in two. Each distinct word has a posting list: the events whose text
//! holds it, in order.
//!
//! A needle without a separator lies inside one word wherever it occurs, so the events whose
//! text contains it are exactly those of the words that contain it, found by one search of the
//! dictionary. A needle with separators ("white phosphorus", "g in ") is cut the same way: in
//! any occurrence its first piece ends a word, its middle pieces are whole words and its last
//! piece begins a word. The events that have a word of each kind are the candidates, and each is
//! then checked against its own text. Both answers are exactly those of a scan of the text.

use super::TextColumn;
use memchr::memmem::Finder;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Events read by one job of the build: enough to keep every core busy with few jobs to merge.
const EVENTS_PER_JOB: usize = 1 << 14;

/// What merging one posting costs, in bytes of text that a scan reads in the same time: a
/// posting is a scattered write into a bitset, a scanned byte a sequential read that memmem
/// takes many at a time.
const POSTING_COST: usize = 16;

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

/// One piece of a needle: the words it fits and how many postings they have in the range.
struct Piece {
    words: Vec<u32>,
    postings: usize,
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
    /// The posting lists of all words, one after another.
    postings: Vec<u32>,
    /// Where each word's posting list starts in `postings`, and a final entry for the end.
    at: Vec<usize>,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("words", &self.len())
            .field("postings", &self.postings.len())
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}

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

        let mut at = Vec::with_capacity(counts.len() + 1);
        at.push(0);
        for c in &counts {
            at.push(at[at.len() - 1] + c);
        }
        let mut postings = vec![0u32; at[at.len() - 1]];
        // where the next posting of each word goes: parts come in event order, so appending
        // each part's list keeps every word's list sorted
        let mut cursor = counts;
        cursor.copy_from_slice(&at[..at.len() - 1]);
        for (part, ours) in parts.into_iter().zip(renumbered) {
            for (list, g) in part.lists.into_iter().zip(ours) {
                let c = &mut cursor[g as usize];
                postings[*c..*c + list.len()].copy_from_slice(&list);
                *c += list.len();
            }
        }
        Words { dict, starts, postings, at }
    }

    /// The number of distinct words.
    pub fn len(&self) -> usize {
        self.at.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of postings: (word, event) pairs.
    pub fn postings_len(&self) -> usize {
        self.postings.len()
    }

    /// The memory the index holds: dictionary and postings with their offsets.
    pub fn heap_bytes(&self) -> usize {
        self.dict.capacity()
            + (self.starts.capacity() + self.at.capacity()) * std::mem::size_of::<usize>()
            + self.postings.capacity() * std::mem::size_of::<u32>()
    }

    /// Word `w` itself.
    #[cfg(test)]
    fn word(&self, w: u32) -> &[u8] {
        &self.dict[self.starts[w as usize]..self.starts[w as usize + 1] - 1]
    }

    /// The events of word `w` in `range`.
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
                let postings = words.iter().map(|&w| self.postings_in(w, range).len()).sum();
                Piece { words, postings }
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
    /// else `None`: a needle such as "e" is in most words, and merging their postings would
    /// cost more than reading the text, where memmem finds it early in every event.
    pub fn find_if_cheaper(&self, col: &TextColumn, range: Range<u32>, needle: &Finder) -> Option<Vec<u32>> {
        let plan = self.plan(needle.needle(), &range);
        let scan = col.bytes_in(&range);
        let per_event = scan / range.len().max(1);
        let smallest = plan.pieces.iter().map(|p| p.postings).min()?;
        let checks = if plan.verify { smallest.min(range.len()) * per_event } else { 0 };
        let cost = smallest.saturating_mul(POSTING_COST).saturating_add(checks);
        (cost < scan).then(|| self.run(col, range, needle, plan))
    }

    fn run(&self, col: &TextColumn, range: Range<u32>, needle: &Finder, mut plan: Plan) -> Vec<u32> {
        plan.pieces.sort_by_key(|p| p.postings);
        let per_event = col.bytes_in(&range) / range.len().max(1);
        let mut found = match plan.pieces.first() {
            Some(p) => self.union(&p.words, &range),
            // separators only: every event may hold them
            None => range.clone().collect(),
        };
        for p in plan.pieces.iter().skip(1) {
            // narrowing by another piece costs its postings, checking a candidate its text
            if found.is_empty() || p.postings.saturating_mul(POSTING_COST) > found.len() * per_event {
                break;
            }
            found = intersect(&found, &self.union(&p.words, &range));
        }
        if !plan.verify {
            return found;
        }
        found.into_par_iter().with_min_len(1 << 10).filter(|&i| needle.find(col.of(i)).is_some()).collect()
    }

    /// The events in `range` of any of `words`, in order.
    fn union(&self, words: &[u32], range: &Range<u32>) -> Vec<u32> {
        let lists: Vec<&[u32]> = words.iter().map(|&w| self.postings_in(w, range)).filter(|l| !l.is_empty()).collect();
        let total: usize = lists.iter().map(|l| l.len()).sum();
        match lists.as_slice() {
            [] => Vec::new(),
            [one] => one.to_vec(),
            // few postings: sorting them beats going through a bitset of the whole range
            _ if total < range.len() / 64 => {
                let mut all = lists.concat();
                all.sort_unstable();
                all.dedup();
                all
            }
            _ => bitset_union(&lists, range, total),
        }
    }
}

/// The union of sorted `lists` of events in `range`, through a bitset over the range: each
/// core sets the bits of some lists, then the bitsets are or-ed.
fn bitset_union(lists: &[&[u32]], range: &Range<u32>, total: usize) -> Vec<u32> {
    let base = range.start;
    let blocks = range.len().div_ceil(64);
    let bits = lists
        .par_iter()
        .fold(
            || vec![0u64; blocks],
            |mut bits, list| {
                for &e in *list {
                    let k = (e - base) as usize;
                    bits[k / 64] |= 1 << (k % 64);
                }
                bits
            },
        )
        .reduce_with(|mut a, b| {
            a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
            a
        })
        .unwrap_or_default();
    let mut out = Vec::with_capacity(total.min(range.len()));
    for (k, &block) in bits.iter().enumerate() {
        let mut b = block;
        while b != 0 {
            out.push(base + (k * 64) as u32 + b.trailing_zeros());
            b &= b - 1;
        }
    }
    out
}

/// The events in both sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let mut j = 0;
    for &x in a {
        j += b[j..].partition_point(|&y| y < x);
        if b.get(j) == Some(&x) {
            out.push(x);
        }
    }
    out
}

#[cfg(test)]
mod tests;
