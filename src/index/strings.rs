//! Strings that many events share (names, places, types, sources, the repeated cells of an
//! export's rows), kept once in one arena and named by a number.

use crate::container::Col;
use std::hash::Hasher;

/// The arena: string `k` is `bytes[at[k]..at[k + 1]]`.
#[derive(Debug)]
pub(super) struct Strings {
    pub(super) bytes: Col<u8>,
    pub(super) at: Col<u32>,
}

impl Default for Strings {
    fn default() -> Strings {
        Strings { bytes: Col::default(), at: vec![0].into() }
    }
}

impl Strings {
    /// String `k`; empty for a number out of range.
    pub(super) fn get(&self, k: u32) -> &str {
        nth(&self.bytes, &self.at, k)
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.bytes.heap_bytes() + self.at.heap_bytes()
    }
}

/// Builds [`Strings`], giving each distinct string one number.
///
/// A million rows of an export ask for some twenty million strings, of a few thousand
/// distinct ones: the numbers are found in a table of their own, each slot holding a
/// string's hash beside its number, and compared with the arena's bytes; a key is never
/// copied out of the arena.
pub(super) struct Interner {
    bytes: Vec<u8>,
    at: Vec<u32>,
    /// Open addressing: a slot holds a string's hash in its high half and its number plus one
    /// in its low half (0: empty). At most half the slots are taken, so that a probe ends soon.
    slots: Vec<u64>,
}

/// Slots of a new table (a power of two).
const FIRST_SLOTS: usize = 1 << 10;

impl Default for Interner {
    fn default() -> Interner {
        Interner { bytes: Vec::new(), at: vec![0], slots: vec![0; FIRST_SLOTS] }
    }
}

impl Interner {
    /// The number of `s`, added when new; None when the arena would pass 4 GiB.
    pub(super) fn intern(&mut self, s: &str) -> Option<u32> {
        let h = hash(s.as_bytes());
        let free = match self.find(s.as_bytes(), h) {
            Ok(k) => return Some(k),
            Err(free) => free,
        };
        let end = u32::try_from(self.bytes.len() + s.len()).ok()?;
        let k = u32::try_from(self.at.len() - 1).ok().filter(|&k| k < u32::MAX)?;
        self.bytes.extend_from_slice(s.as_bytes());
        self.at.push(end);
        self.slots[free] = slot(h, k);
        if (self.at.len() - 1) * 2 > self.slots.len() {
            self.grow();
        }
        Some(k)
    }

    /// Whether `s` already has a number.
    pub(super) fn has(&self, s: &str) -> bool {
        self.find(s.as_bytes(), hash(s.as_bytes())).is_ok()
    }

    /// Whether string `k` as interned so far is `s`: compared as bytes, without checking
    /// again that they are UTF-8.
    #[inline]
    pub(super) fn is(&self, k: u32, s: &str) -> bool {
        self.bytes_of(k).is_some_and(|b| same(b, s.as_bytes()))
    }

    /// The number of the string `s`, of hash `h`; else the free slot where it goes.
    #[inline]
    fn find(&self, s: &[u8], h: u32) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return Err(i);
            }
            if (slot >> 32) as u32 == h {
                let k = slot as u32 - 1;
                if self.bytes_of(k).is_some_and(|b| same(b, s)) {
                    return Ok(k);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The bytes of string `k`.
    fn bytes_of(&self, k: u32) -> Option<&[u8]> {
        let k = k as usize;
        match (self.at.get(k), self.at.get(k + 1)) {
            (Some(&a), Some(&b)) => self.bytes.get(a as usize..b as usize),
            _ => None,
        }
    }

    /// Twice the slots, each number put back where its hash now leads.
    fn grow(&mut self) {
        let twice = vec![0; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, twice);
        let mask = self.slots.len() - 1;
        for taken in old.into_iter().filter(|&s| s != 0) {
            let mut i = (taken >> 32) as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = taken;
        }
    }

    pub(super) fn finish(mut self) -> Strings {
        self.bytes.shrink_to_fit();
        Strings { bytes: self.bytes.into(), at: self.at.into() }
    }
}

fn hash(s: &[u8]) -> u32 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(s);
    let h = h.finish();
    (h ^ (h >> 32)) as u32
}

fn slot(h: u32, k: u32) -> u64 {
    (u64::from(h) << 32) | u64::from(k + 1)
}

/// `a == b`, names and cells of up to 64 bytes (nearly all, empty ones the most) compared a word at a time rather
/// than by a call to `memcmp`.
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| s.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok());
    let half = |s: &[u8], at: usize| s.get(at..at + 4).and_then(|w| <[u8; 4]>::try_from(w).ok());
    match n {
        8..=64 => {
            // whole words from the start, then the last word, which may overlap them
            let mut at = 0;
            while at + 8 < n {
                if word(a, at) != word(b, at) {
                    return false;
                }
                at += 8;
            }
            word(a, n - 8) == word(b, n - 8)
        }
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        // the first, middle and last bytes are every byte (an export's many empty cells too)
        0..=3 => n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]),
        _ => a == b,
    }
}

/// String `k` of an arena whose string `k` is `bytes[at[k]..at[k + 1]]`; empty for a number out
/// of range.
fn nth<'a>(bytes: &'a [u8], at: &[u32], k: u32) -> &'a str {
    let k = k as usize;
    match (at.get(k), at.get(k + 1)) {
        (Some(&a), Some(&b)) => bytes.get(a as usize..b as usize).and_then(|s| std::str::from_utf8(s).ok()),
        _ => None,
    }
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Strings of every length up to 70 that differ in one byte only, at each place: the
    /// word-at-a-time comparison must see every byte.
    fn near_misses() -> Vec<String> {
        let mut out = Vec::new();
        for len in 0..=70 {
            let base: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            out.push(base.clone());
            for at in 0..len {
                let mut b = base.clone().into_bytes();
                b[at] = b'Z';
                out.push(String::from_utf8(b).expect("ASCII"));
            }
        }
        out
    }

    #[test]
    fn same_is_byte_equality_at_every_length() {
        let all = near_misses();
        for a in &all {
            for b in &all {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
    }

    /// Numbers given in the order strings are first met, one per distinct string, the same
    /// again for a string met again, across the table's growth; the arena holds each once.
    #[test]
    fn each_distinct_string_gets_the_next_number_once() {
        let mut strings = near_misses();
        strings.extend((0..5000).map(|i| format!("Local armed group {i}")));
        strings.push(String::new());
        let (mut ix, mut expect) = (Interner::default(), HashMap::new());
        for round in 0..2 {
            for s in &strings {
                let next = expect.len() as u32;
                let want = *expect.entry(s.clone()).or_insert(next);
                assert_eq!(ix.has(s), round > 0 || want < next, "{s:?}");
                assert_eq!(ix.intern(s), Some(want), "{s:?}");
                assert!(ix.is(want, s) && ix.has(s), "{s:?}");
            }
        }
        assert!(!ix.has("not there") && !ix.is(0, "not there") && !ix.is(u32::MAX, ""));
        let arena = ix.finish();
        for (s, &k) in &expect {
            assert_eq!(arena.get(k), s);
        }
        assert_eq!(arena.at.len() - 1, expect.len());
    }
}
