//! Strings that many events share (names, places, types, sources, the repeated cells of an
//! export's rows), kept once in one arena and named by a number.

use crate::container::Col;
use rustc_hash::FxHashMap;

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
pub(super) struct Interner {
    bytes: Vec<u8>,
    at: Vec<u32>,
    by_text: FxHashMap<Box<str>, u32>,
}

impl Default for Interner {
    fn default() -> Interner {
        Interner { bytes: Vec::new(), at: vec![0], by_text: FxHashMap::default() }
    }
}

impl Interner {
    /// The number of `s`, added when new; None when the arena would pass 4 GiB.
    pub(super) fn intern(&mut self, s: &str) -> Option<u32> {
        if let Some(&k) = self.by_text.get(s) {
            return Some(k);
        }
        let end = u32::try_from(self.bytes.len() + s.len()).ok()?;
        let k = u32::try_from(self.at.len() - 1).ok()?;
        self.bytes.extend_from_slice(s.as_bytes());
        self.at.push(end);
        self.by_text.insert(s.into(), k);
        Some(k)
    }

    /// Whether `s` already has a number.
    pub(super) fn has(&self, s: &str) -> bool {
        self.by_text.contains_key(s)
    }

    /// Whether string `k` as interned so far is `s`: compared as bytes, without checking
    /// again that they are UTF-8.
    pub(super) fn is(&self, k: u32, s: &str) -> bool {
        let k = k as usize;
        match (self.at.get(k), self.at.get(k + 1)) {
            (Some(&a), Some(&b)) => self.bytes.get(a as usize..b as usize) == Some(s.as_bytes()),
            _ => false,
        }
    }

    pub(super) fn finish(mut self) -> Strings {
        self.bytes.shrink_to_fit();
        Strings { bytes: self.bytes.into(), at: self.at.into() }
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
