//! Name terms (`actor:`, `place:`, `type:`, `source:`, `tag:`) checked against one event at a
//! time, as the index would check them.
//!
//! The index interns names and gathers every alias any event gives a name: `actor:HTS` finds
//! an event whose actor has no alias "HTS" when another event gives that actor the alias. One
//! event alone cannot know that; so the spellings each name comes with are recorded during the
//! scan, and if one name comes with spellings that the query's words would read differently
//! from the union of all of its spellings, the answer cannot be trusted and the caller runs
//! the query on the full index instead ([`NameTerms::consistent`]).

use super::NameKey;
use crate::index::{Needle, spelling_keys};
use crate::load::event_view::{EventView, Str};
use crate::model::Role;
use rustc_hash::FxHashMap;

/// Different spellings recorded per name before the scan gives up on it: a name given with
/// ever new aliases would otherwise cost a comparison with each.
const MAX_VARIANTS: usize = 16;

/// The values of all name terms, in the order written.
pub(super) struct NameTerms {
    values: Vec<Value>,
    /// Which kinds of names the query asks about, by [`NameKey::slot`].
    asked: [bool; KINDS],
}

struct Value {
    key: NameKey,
    word: String,
    /// None when the word folds to nothing: it matches no name.
    needle: Option<Needle>,
}

const KINDS: usize = NameKey::ALL.len();

fn slot(key: NameKey) -> usize {
    key.slot()
}

/// One name with the aliases one occurrence gives it, and the values these spellings match.
struct Variant {
    aliases: Vec<String>,
    hits: Vec<bool>,
}

/// Spellings seen per name, by kind: the cache of what each matches, and the record of how
/// consistently each name is spelt. One per worker.
#[derive(Default)]
pub(super) struct NameCache {
    by_kind: [FxHashMap<String, Vec<Variant>>; KINDS],
    /// Some name of this kind came with more than [`MAX_VARIANTS`] sets of aliases.
    overflow: [bool; KINDS],
}

fn same(known: &[String], given: &[Str<'_>]) -> bool {
    known.len() == given.len() && known.iter().zip(given).all(|(a, b)| a.as_str() == &**b)
}

impl NameTerms {
    pub(super) fn new() -> NameTerms {
        NameTerms { values: Vec::new(), asked: [false; KINDS] }
    }

    /// Adds a term's values: their positions, for [`NameTerms::event_hits`].
    pub(super) fn add(&mut self, key: NameKey, words: &[String]) -> std::ops::Range<usize> {
        let at = self.values.len();
        self.values.extend(words.iter().map(|w| Value { key, word: w.clone(), needle: Needle::new(w) }));
        self.asked[slot(key)] = true;
        at..self.values.len()
    }

    pub(super) fn len(&self) -> usize {
        self.values.len()
    }

    /// Which values the spellings of one name match.
    fn hits<'a>(&self, key: NameKey, spellings: impl IntoIterator<Item = &'a str>) -> Vec<bool> {
        let (keys, skeletons) = spelling_keys(spellings);
        self.values
            .iter()
            .map(|v| v.key == key && v.needle.as_ref().is_some_and(|n| n.matches(&keys, &skeletons)))
            .collect()
    }

    /// Marks in `hits` the values that some name of `ev` matches in the role the key asks
    /// for, and in `named` those that some name matches in any role.
    pub(super) fn event_hits(&self, ev: &EventView<'_>, cache: &mut NameCache, hits: &mut [bool], named: &mut [bool]) {
        let none: &[Str<'_>] = &[];
        let mut name = |key: NameKey, name: &str, aliases: &[Str<'_>], in_role: bool| {
            if self.asked[slot(key)] {
                self.occurrence(key, name, aliases, cache, in_role.then_some(&mut *hits), named);
            }
        };
        for a in &ev.actors {
            name(NameKey::Actor, &a.name, &a.aliases, true);
            name(NameKey::By, &a.name, &a.aliases, matches!(a.role, Role::Actor | Role::Associated));
            name(NameKey::On, &a.name, &a.aliases, a.role == Role::Target);
        }
        if let Some(p) = &ev.place {
            name(NameKey::Place, &p.name, &p.aliases, true);
            for admin in [&p.admin1, &p.admin2, &p.country].into_iter().flatten() {
                name(NameKey::Place, admin, none, true);
            }
        }
        name(NameKey::Type, &ev.event_type, none, true);
        if let Some(st) = &ev.sub_type {
            name(NameKey::Type, st, none, true);
        }
        for s in &ev.sources {
            name(NameKey::Source, &s.outlet, none, true);
            if let Some(author) = &s.author {
                name(NameKey::Source, author, none, true);
            }
        }
        for c in &ev.casualties {
            name(NameKey::Source, &c.source, none, true);
        }
        for t in &ev.tags {
            name(NameKey::Tag, t, none, true);
        }
    }

    /// One name as one event gives it: its hits from the cache, or computed and recorded; into
    /// `named` always, into `hits` when given (the name stands in the role asked for).
    fn occurrence(
        &self,
        key: NameKey,
        name: &str,
        aliases: &[Str<'_>],
        cache: &mut NameCache,
        mut hits: Option<&mut [bool]>,
        named: &mut [bool],
    ) {
        let mut or_into = |v: &Variant| {
            named.iter_mut().zip(&v.hits).for_each(|(h, &x)| *h |= x);
            if let Some(hits) = hits.as_deref_mut() {
                hits.iter_mut().zip(&v.hits).for_each(|(h, &x)| *h |= x);
            }
        };
        let spellings = || std::iter::once(name).chain(aliases.iter().map(|a| &**a));
        let k = slot(key);
        let map = &mut cache.by_kind[k];
        let variant =
            || Variant { aliases: aliases.iter().map(|a| a.to_string()).collect(), hits: self.hits(key, spellings()) };
        match map.get_mut(name) {
            Some(variants) => match variants.iter().find(|v| same(&v.aliases, aliases)) {
                Some(v) => or_into(v),
                None => {
                    let v = variant();
                    or_into(&v);
                    if variants.len() < MAX_VARIANTS {
                        variants.push(v);
                    } else {
                        cache.overflow[k] = true;
                    }
                }
            },
            None => {
                let v = variant();
                or_into(&v);
                map.insert(name.to_string(), vec![v]);
            }
        }
    }

    /// Whether every name of an asked kind was given spellings that the query reads as it
    /// reads the union of all of that name's spellings: then each event's own spellings gave
    /// the index's answer.
    pub(super) fn consistent(&self, cache: &NameCache) -> bool {
        NameKey::ALL.into_iter().all(|key| {
            let k = slot(key);
            !self.asked[k]
                || (!cache.overflow[k]
                    && cache.by_kind[k].iter().all(|(name, variants)| {
                        variants.len() < 2 || {
                            let aliases = variants.iter().flat_map(|v| v.aliases.iter().map(String::as_str));
                            let union = self.hits(key, std::iter::once(name.as_str()).chain(aliases));
                            variants.iter().all(|v| v.hits == union)
                        }
                    }))
        })
    }

    /// Whether some value matches no name as written: the index then reads it otherwise (as
    /// the start of a word, or a place without "province"), or says where its words stand in
    /// the text, which one event at a time cannot tell.
    pub(super) fn some_unmatched(&self, named: &[bool]) -> bool {
        self.values.iter().zip(named).any(|(v, n)| v.needle.is_some() && !n)
    }

    /// The notes the index gives for values that fold to nothing (and so match no name).
    pub(super) fn notes(&self) -> Vec<String> {
        let empty = self.values.iter().filter(|v| v.needle.is_none());
        empty.map(|v| super::compile::no_match_note(v.key, &v.word)).collect()
    }
}

impl NameCache {
    /// Takes in another worker's record.
    pub(super) fn merge(&mut self, other: NameCache) {
        for (k, map) in other.by_kind.into_iter().enumerate() {
            self.overflow[k] |= other.overflow[k];
            for (name, variants) in map {
                let mine = self.by_kind[k].entry(name).or_default();
                for v in variants {
                    if !mine.iter().any(|m| m.aliases == v.aliases) {
                        if mine.len() < MAX_VARIANTS {
                            mine.push(v);
                        } else {
                            self.overflow[k] = true;
                        }
                    }
                }
            }
        }
    }
}
