//! Interned names (actors, places, types, sources) with their folded spellings and the events
//! that mention each.

use crate::text::{contains_at_word, contains_words, fold, skeleton};
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

    /// Entries a user's word means, by [`Needle::how`]: as whole words of any spelling
    /// ("russia" finds "Military Forces of Russia"), or with the same consonants as a whole
    /// spelling ("Sarqeb" finds "Saraqib"); a word ending in `*` at the start of a word.
    pub fn matching(&self, word: &str) -> Vec<u32> {
        Needle::new(word).map_or_else(Vec::new, |n| self.matching_needle(&n))
    }

    /// [`Dict::matching`] for a word folded already.
    pub fn matching_needle(&self, needle: &Needle) -> Vec<u32> {
        (0..self.entries.len() as u32)
            .filter(|&id| {
                let e = &self.entries[id as usize];
                needle.matches(&e.keys, &e.skeletons)
            })
            .collect()
    }

    /// How `needle` meets entry `id`, and the spelling it meets (folded).
    pub fn how(&self, needle: &Needle, id: u32) -> Option<(Met, &str)> {
        let e = &self.entries[id as usize];
        needle.how(&e.keys, &e.skeletons).map(|(m, k)| (m, e.keys[k].as_str()))
    }

    /// All spellings of an entry, folded.
    pub fn keys(&self, id: u32) -> &[String] {
        &self.entries[id as usize].keys
    }
}

/// How a user's word met a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Met {
    /// The word stands in a spelling as whole words.
    Words,
    /// The word has the consonants of a whole spelling ("Idleb", "Idlib"): another
    /// transliteration of the same name.
    Consonants,
    /// The word starts a word of a spelling (asked for with `*`).
    Prefix,
}

impl Met {
    pub fn as_str(self) -> &'static str {
        match self {
            Met::Words => "as words",
            Met::Consonants => "same consonants",
            Met::Prefix => "start of a word",
        }
    }
}

/// A user's word folded once, to be matched against many names: the rule of [`Dict::matching`],
/// which the streaming query applies to the names of one event at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    folded: String,
    skeleton: String,
    /// Skeletons of one or two consonants would meet far too many names.
    long_enough: bool,
    /// The word ended in `*`: it matches the start of a word.
    prefix: bool,
}

impl Needle {
    /// None when nothing of the word is left after folding: it matches no name.
    pub fn new(word: &str) -> Option<Needle> {
        let w = word.trim();
        let (w, prefix) = match w.strip_suffix('*') {
            Some(rest) => (rest, true),
            None => (w, false),
        };
        Needle::folded(fold(w), prefix)
    }

    fn folded(folded: String, prefix: bool) -> Option<Needle> {
        if folded.is_empty() {
            return None;
        }
        let skeleton = skeleton(&folded);
        let long_enough = skeleton.replace(' ', "").len() >= 3;
        Some(Needle { folded, skeleton, long_enough, prefix })
    }

    /// The word as folded.
    pub fn folded_text(&self) -> &str {
        &self.folded
    }

    /// Whether the word means a name with these folded spellings and their skeletons.
    pub fn matches(&self, keys: &[String], skeletons: &[String]) -> bool {
        self.how(keys, skeletons).is_some()
    }

    /// How the word meets a name with these spellings, and which spelling (its position):
    /// as whole words, or with the consonants of a whole spelling; with `*`, at the start of a word.
    pub fn how(&self, keys: &[String], skeletons: &[String]) -> Option<(Met, usize)> {
        if self.prefix {
            return keys.iter().position(|k| contains_at_word(k, &self.folded)).map(|k| (Met::Prefix, k));
        }
        if let Some(k) = keys.iter().position(|k| contains_words(k, &self.folded)) {
            return Some((Met::Words, k));
        }
        let k = skeletons.iter().position(|s| self.long_enough && *s == self.skeleton)?;
        Some((Met::Consonants, k))
    }

    /// The same word read as the start of a word; None if it is read so already.
    pub fn as_prefix(&self) -> Option<Needle> {
        (!self.prefix).then(|| Needle { prefix: true, ..self.clone() })
    }

    /// The word without the words that say where in a place or what kind of place it is
    /// ("northern", "countryside", "province"): "Hama province" as "Hama". None when no such
    /// word is in it, or nothing else is.
    pub fn without_place_words(&self) -> Option<Needle> {
        const PLACE_WORDS: &[&str] = &[
            "province",
            "governorate",
            "countryside",
            "city",
            "town",
            "village",
            "district",
            "area",
            "region",
            "rural",
            "outskirts",
            "north",
            "south",
            "east",
            "west",
            "northern",
            "southern",
            "eastern",
            "western",
            "central",
            "northwestern",
            "northeastern",
            "southwestern",
            "southeastern",
            "northwest",
            "northeast",
            "southwest",
            "southeast",
            "of",
            "the",
            "in",
        ];
        let kept: Vec<&str> = self.folded.split(' ').filter(|w| !PLACE_WORDS.contains(w)).collect();
        let joined = kept.join(" ");
        if joined == self.folded {
            return None;
        }
        Needle::folded(joined, self.prefix)
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
        assert_eq!(d.matching("RUSSIAN"), Vec::<u32>::new(), "whole words, not a longer word");
        assert_eq!(d.matching("Hayat Tah"), Vec::<u32>::new(), "whole words, not the start of one");
        assert_eq!(d.matching("Hayat Tah*"), vec![hts], "a prefix when asked with *");
        assert!(d.matching("").is_empty());
    }

    /// `place:Hama` also found "Abu Hamam town": a name matches as whole words unless `*`
    /// asks for the start of a word.
    #[test]
    fn whole_words_before_prefixes() {
        let mut d = Dict::default();
        let hama = d.intern("Hama", &[]);
        let hamam = d.intern("Abu Hamam town", &[]);
        let idleb = d.intern("Idleb", &[]);
        assert_eq!(d.matching("Hama"), vec![hama]);
        assert_eq!(d.matching("Ham*"), vec![hama, hamam]);
        let idlib = Needle::new("Idlib").unwrap();
        assert_eq!(d.matching_needle(&idlib), vec![idleb]);
        assert_eq!(d.how(&idlib, idleb), Some((Met::Consonants, "idleb")));
        let n = Needle::new("northern Hama countryside").unwrap().without_place_words().unwrap();
        assert_eq!(n.folded_text(), "hama");
        assert!(Needle::new("Hama").unwrap().without_place_words().is_none());
    }

    #[test]
    fn union_merges_sorted_lists() {
        assert_eq!(union(&[&[1, 3, 5], &[2, 3, 6]]), vec![1, 2, 3, 5, 6]);
    }
}
