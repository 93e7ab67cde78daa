//! Interned names (actors, places, types, sources) with their folded spellings and the events
//! that mention each.

use crate::model::Role;
use crate::text::{contains_at_word, contains_words, fold, skeleton};
use rustc_hash::FxHashMap;

/// One interned name.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The canonical name, as first seen.
    pub name: String,
    /// Folded name and aliases, each once.
    pub(super) keys: Vec<String>,
    /// Consonant skeletons of the keys.
    pub(super) skeletons: Vec<String>,
    /// Event numbers that mention this name, ascending.
    pub postings: Vec<u32>,
    /// Every spelling seen, as written: most events repeat the same aliases, and comparing
    /// them is much cheaper than folding them again.
    pub(super) seen: Vec<String>,
    /// For actors, the role each event of `postings` gives the name (its first, when it gives
    /// several): a byte per posting, so that the picker counts roles without reading events.
    pub roles: Vec<Role>,
    /// For a coalition ("Islamic Front, Jabhat Fateh al-Sham"), the ids of its members, each
    /// an entry of its own.
    pub members: Vec<u32>,
    /// Spellings the user's alias file gives this name ("HTS" for "Syrian insurgents"), as
    /// written there: matched like the data's own, and shown as the reason of a match.
    pub linked: Vec<String>,
}

/// Names of one kind, each with its posting list.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    pub(super) entries: Vec<Entry>,
    pub(super) by_name: FxHashMap<String, u32>,
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

    /// [`Dict::post`] for an actor, with the role the event gives it.
    pub fn post_role(&mut self, id: u32, ev: u32, role: Role) {
        let e = &mut self.entries[id as usize];
        if e.postings.last() != Some(&ev) {
            e.postings.push(ev);
            e.roles.push(role);
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

    /// The entries a user's word means, best first: the same rank tiers as
    /// [`Needle::rank`], then the order of ids. The picker and the query bar's completion list
    /// names in this order.
    pub fn ranked(&self, word: &str) -> Vec<(u32, Rank)> {
        let Some(needle) = Needle::new(word) else {
            return Vec::new();
        };
        let mut out: Vec<(u32, Rank)> = (0..self.entries.len() as u32)
            .filter_map(|id| {
                let e = &self.entries[id as usize];
                needle.rank(&e.keys, &e.skeletons).map(|r| (id, r))
            })
            .collect();
        out.sort_by_key(|&(id, r)| (r, id));
        out
    }

    /// Adds spellings from the user's alias file to an entry.
    pub fn link(&mut self, id: u32, spellings: &[String]) {
        for s in spellings {
            let e = &self.entries[id as usize];
            if crate::text::fold(s) != crate::text::fold(&e.name) && !e.linked.contains(s) {
                self.entries[id as usize].linked.push(s.clone());
            }
            self.add_key(id, s);
        }
    }

    /// Records the members of a coalition entry.
    pub fn set_members(&mut self, id: u32, members: Vec<u32>) {
        self.entries[id as usize].members = members;
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
    /// The word is the initials of every word of a spelling ("hts" for "Hayat Tahrir al-Sham").
    Initials,
}

impl Met {
    pub fn as_str(self) -> &'static str {
        match self {
            Met::Words => "as words",
            Met::Consonants => "same consonants",
            Met::Prefix => "start of a word",
            Met::Initials => "initials",
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
        if let Some(k) = keys.iter().position(|k| self.initials_of(k) == Some(true)) {
            return Some((Met::Initials, k));
        }
        let k = skeletons.iter().position(|s| self.long_enough && *s == self.skeleton)?;
        Some((Met::Consonants, k))
    }

    /// How well the word means a name, or None when it does not (the rule of
    /// [`Needle::matches`]).
    pub fn rank(&self, keys: &[String], skeletons: &[String]) -> Option<Rank> {
        let f = self.folded.as_str();
        let best = keys
            .iter()
            .filter_map(|k| {
                if k == f {
                    Some(Rank::Whole)
                } else if self.initials_of(k) == Some(true) {
                    Some(Rank::Initials)
                } else if k.starts_with(f) && k[f.len()..].starts_with(' ') {
                    Some(Rank::FirstWords)
                } else if k.starts_with(f) {
                    Some(Rank::Start)
                } else if contains_at_word(k, f) {
                    Some(Rank::WordStart)
                } else if self.initials_of(k) == Some(false) {
                    Some(Rank::InnerInitials)
                } else {
                    None
                }
            })
            .min();
        best.or_else(|| (self.long_enough && skeletons.contains(&self.skeleton)).then_some(Rank::Sounds))
    }

    /// Whether the word is the initials of all the words of `key` (`Some(true)`), of some
    /// consecutive words of it (`Some(false)`), or neither. Words of three letters or more
    /// only: two letters are the initials of too many names.
    fn initials_of(&self, key: &str) -> Option<bool> {
        let f = self.folded.as_bytes();
        if f.len() < 3 || !f.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let initials: Vec<u8> = key.split(' ').filter_map(|w| w.bytes().next()).collect();
        if initials.len() < f.len() {
            return None;
        }
        if initials == f {
            return Some(true);
        }
        initials.windows(f.len()).any(|w| w == f).then_some(false)
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

/// How well a word means a name, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The whole of a spelling: "hts" for "HTS".
    Whole,
    /// The initials of a spelling: "hts" for "Hayat Tahrir al-Sham".
    Initials,
    /// The first words of a spelling: "hayat tahrir" for "Hayat Tahrir al-Sham".
    FirstWords,
    /// The start of a spelling: "hay" for "Hayat Tahrir al-Sham".
    Start,
    /// The start of a later word: "tahrir" for "Hayat Tahrir al-Sham".
    WordStart,
    /// The initials of some consecutive words: "jfs" for a coalition naming Jabhat Fateh
    /// al-Sham.
    InnerInitials,
    /// The same consonants: "Sarqeb" for "Saraqib".
    Sounds,
}

/// The members of a coalition as UCDP writes it, one name after another with commas between
/// ("Islamic Front, Jabhat Fateh al-Sham"); None for a name that is not a list. Commas inside
/// parentheses do not split.
pub fn coalition_members(name: &str) -> Option<Vec<&str>> {
    if !name.contains(',') {
        return None;
    }
    let (mut parts, mut depth, mut at) = (Vec::new(), 0i32, 0);
    for (i, c) in name.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(name[at..i].trim());
                at = i + 1;
            }
            _ => {}
        }
    }
    parts.push(name[at..].trim());
    let names = parts.iter().all(|p| p.chars().next().is_some_and(char::is_alphanumeric));
    (parts.len() > 1 && names).then_some(parts)
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
    fn initials_and_word_starts_rank_above_the_rest() {
        let mut d = Dict::default();
        let is = d.intern("Islamic State", []);
        let scd = d.intern("Syrian Civil Defence", []);
        let hts = d.intern("Hayat Tahrir al-Sham", []);
        let short = d.intern("HTS", []);
        let coalition = d.intern("Ahrar al-Sham, Hayat Tahrir al-Sham, Jaysh al-Izza", []);
        let ranked = d.ranked("hts");
        assert_eq!(ranked.iter().map(|r| r.0).collect::<Vec<_>>(), vec![short, hts, coalition]);
        assert_eq!(ranked[1].1, Rank::Initials);
        assert!(!ranked.iter().any(|r| r.0 == is || r.0 == scd), "no loose fuzzy matches");
        assert_eq!(d.ranked("hay").iter().map(|r| r.0).collect::<Vec<_>>(), vec![hts, coalition]);
        assert_eq!(d.ranked("hayat tahrir")[0], (hts, Rank::FirstWords));
        assert_eq!(d.ranked("ht"), vec![(short, Rank::Start)], "two letters are not initials");
    }

    #[test]
    fn coalitions_split_on_commas_outside_parentheses() {
        assert_eq!(
            coalition_members("Islamic Front, Jabhat Fateh al-Sham"),
            Some(vec!["Islamic Front", "Jabhat Fateh al-Sham"])
        );
        assert_eq!(
            coalition_members("Army of Ahl al-Sunni wal Jamaa , Liwa"),
            Some(vec!["Army of Ahl al-Sunni wal Jamaa", "Liwa"])
        );
        assert_eq!(coalition_members("Military Forces of Syria (2000-)"), None);
        assert_eq!(coalition_members("Rebels (Idlib, Hama)"), None);
        assert_eq!(coalition_members("Civilians,"), None);
    }

    #[test]
    fn union_merges_sorted_lists() {
        assert_eq!(union(&[&[1, 3, 5], &[2, 3, 6]]), vec![1, 2, 3, 5, 6]);
    }
}
