//! Interned names (actors, places, types, sources) with their folded spellings and the events
//! that mention each.

use crate::text::{contains_at_word, fold, skeleton};
use rustc_hash::FxHashMap;

/// One interned name.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The canonical name, as first seen.
    pub name: String,
    /// Folded name and aliases, each once.
    keys: Vec<String>,
    /// Consonant skeletons of the keys.
    skeletons: Vec<String>,
    /// Event numbers that mention this name, ascending.
    pub postings: Vec<u32>,
    /// Every spelling seen, as written: most events repeat the same aliases, and comparing
    /// them is much cheaper than folding them again.
    seen: Vec<String>,
}

/// Names of one kind, each with its posting list.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    entries: Vec<Entry>,
    by_name: FxHashMap<String, u32>,
}

impl Dict {
    /// The id of `name`, interning it the first time; `aliases` are added to its spellings.
    pub fn intern<'a>(&mut self, name: &str, aliases: impl IntoIterator<Item = &'a String>) -> u32 {
        let id = match self.by_name.get(name) {
            Some(&id) => id,
            None => {
                let id = self.entries.len() as u32;
                self.entries.push(Entry { name: name.to_string(), ..Entry::default() });
                self.by_name.insert(name.to_string(), id);
                self.add_key(id, name);
                id
            }
        };
        for a in aliases {
            self.add_key(id, a);
        }
        id
    }

    fn add_key(&mut self, id: u32, spelling: &str) {
        let e = &mut self.entries[id as usize];
        if e.seen.iter().any(|s| s == spelling) {
            return;
        }
        e.seen.push(spelling.to_string());
        let f = fold(spelling);
        if !f.is_empty() && !e.keys.contains(&f) {
            e.skeletons.push(skeleton(&f));
            e.keys.push(f);
        }
    }

    /// Records that event `ev` mentions entry `id`. Events must be added in ascending order.
    pub fn post(&mut self, id: u32, ev: u32) {
        let p = &mut self.entries[id as usize].postings;
        if p.last() != Some(&ev) {
            p.push(ev);
        }
    }

    pub fn get(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn id_of(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    /// Entries a user's word means: the folded word at the start of a word of any spelling
    /// ("russia" finds "Military Forces of Russia"), or the same consonant skeleton as a whole
    /// spelling ("Sarqeb" finds "Saraqib").
    pub fn matching(&self, word: &str) -> Vec<u32> {
        let Some(needle) = Needle::new(word) else {
            return Vec::new();
        };
        (0..self.entries.len() as u32)
            .filter(|&id| {
                let e = &self.entries[id as usize];
                needle.matches(&e.keys, &e.skeletons)
            })
            .collect()
    }

    /// All spellings of an entry, folded.
    pub fn keys(&self, id: u32) -> &[String] {
        &self.entries[id as usize].keys
    }
}

/// A user's word folded once, to be matched against many names: the rule of [`Dict::matching`],
/// which the streaming query applies to the names of one event at a time.
#[derive(Debug, Clone)]
pub struct Needle {
    folded: String,
    skeleton: String,
    /// Skeletons of one or two consonants would meet far too many names.
    long_enough: bool,
}

impl Needle {
    /// None when nothing of the word is left after folding: it matches no name.
    pub fn new(word: &str) -> Option<Needle> {
        let folded = fold(word);
        if folded.is_empty() {
            return None;
        }
        let skeleton = skeleton(&folded);
        let long_enough = skeleton.replace(' ', "").len() >= 3;
        Some(Needle { folded, skeleton, long_enough })
    }

    /// Whether the word means a name with these folded spellings and their skeletons: the
    /// word at the start of a word of a spelling, or the same skeleton as a whole spelling.
    pub fn matches(&self, keys: &[String], skeletons: &[String]) -> bool {
        keys.iter().any(|k| contains_at_word(k, &self.folded))
            || (self.long_enough && skeletons.contains(&self.skeleton))
    }
}

/// Folded spellings and their skeletons, as [`Dict`] keeps them for one name.
pub fn spelling_keys<'a>(spellings: impl IntoIterator<Item = &'a str>) -> (Vec<String>, Vec<String>) {
    let (mut keys, mut skeletons) = (Vec::new(), Vec::new());
    for s in spellings {
        let f = fold(s);
        if !f.is_empty() && !keys.contains(&f) {
            skeletons.push(skeleton(&f));
            keys.push(f);
        }
    }
    (keys, skeletons)
}

/// The union of sorted posting lists, sorted and without repeats.
pub fn union(lists: &[&[u32]]) -> Vec<u32> {
    match lists {
        [] => Vec::new(),
        [one] => one.to_vec(),
        _ => {
            let mut all: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
            all.sort_unstable();
            all.dedup();
            all
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_transliterations_find_an_entry() {
        let mut d = Dict::default();
        let hts = d.intern("Hayat Tahrir al Sham", &["HTS".to_string(), "Hay’et Tahrir al-Sham".to_string()]);
        let ru = d.intern("Military Forces of Russia (2000-)", &["Russia".to_string()]);
        assert_eq!(d.matching("hts"), vec![hts]);
        assert_eq!(d.matching("Hayet Tahrir"), vec![hts]);
        assert_eq!(d.matching("russia"), vec![ru]);
        assert_eq!(d.matching("RUSSIAN"), Vec::<u32>::new(), "word-start prefix only, not a longer word");
        assert!(d.matching("").is_empty());
    }

    #[test]
    fn union_merges_sorted_lists() {
        assert_eq!(union(&[&[1, 3, 5], &[2, 3, 6]]), vec![1, 2, 3, 5, 6]);
    }
}
