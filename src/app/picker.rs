//! The actor and type pickers: every name with its count of events within the current filter
//! and its total, narrowed by the query language's own name matcher as the user types,
//! several picked.

use super::text_field::TextField;
use crate::index::{Dict, Entry, Index};
use crate::model::Role;
use crate::query::NameKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The name's id in its dictionary.
    pub id: u32,
    pub name: String,
    /// Other spellings, shown after the name and matched too.
    pub aliases: String,
    /// Events within the filter (the picker's own picks aside) that name it.
    pub count: usize,
    /// Events that name it, over all.
    pub total: usize,
    /// Of `count`: the events where it acted (actor or associated) and where it was the target.
    pub by: usize,
    pub on: usize,
    /// For a coalition, how many members it lists (each is an item of its own).
    pub members: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: NameKey,
    pub field: TextField,
    pub items: Vec<Item>,
    /// Indices into `items` that match the text, best first.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub cursor: usize,
    pub picked: Vec<String>,
    /// The picks when the picker was opened, restored by Esc.
    pub before: Vec<String>,
    /// Whether the counts within the filter are still coming from the searcher: meanwhile the
    /// names are in order of their events over all.
    pub counting: bool,
}

fn dict(ix: &Index, kind: NameKey) -> &Dict {
    if kind == NameKey::Type { &ix.types } else { &ix.actors }
}

/// An actor's other spellings as the data and the alias file write them, from its first
/// event: the index keeps only their folded forms.
fn aliases(ix: &Index, kind: NameKey, e: &Entry) -> String {
    if kind != NameKey::Actor {
        return String::new();
    }
    let first = e.postings.first().map(|&i| ix.get(i).to_event_without_notes());
    let actor = first.as_ref().and_then(|ev| ev.actors.iter().find(|a| a.name == e.name));
    let mut all: Vec<&str> = actor.map(|a| a.aliases.iter().map(String::as_str).collect()).unwrap_or_default();
    for l in &e.linked {
        if !all.contains(&l.as_str()) {
            all.push(l);
        }
    }
    all.join(", ")
}

/// The names of a picker, counted within `within` (event numbers, ascending) when given, the
/// most frequent there first, then the most frequent over all.
fn items(kind: NameKey, ix: &Index, within: Option<&[u32]>) -> Vec<Item> {
    let all = within.is_some_and(|w| w.len() == ix.len());
    let mut inside = vec![all; if all || within.is_none() { 0 } else { ix.len() }];
    for &i in within.unwrap_or_default().iter().filter(|_| !all) {
        inside[i as usize] = true;
    }
    let is_in = within.is_some().then_some(|i: u32| all || inside[i as usize]);
    let d = dict(ix, kind);
    let mut items: Vec<Item> = d
        .entries()
        .iter()
        .enumerate()
        .map(|(id, e)| {
            let mut it = Item {
                id: id as u32,
                name: e.name.clone(),
                aliases: aliases(ix, kind, e),
                count: 0,
                total: e.postings.len(),
                by: 0,
                on: 0,
                members: e.members.len(),
            };
            let Some(is_in) = &is_in else { return it };
            if kind != NameKey::Actor {
                it.count = e.postings.iter().filter(|&&ev| is_in(ev)).count();
            }
            for (_, role) in e.postings.iter().zip(&e.roles).filter(|(ev, _)| is_in(**ev)) {
                it.count += 1;
                match role {
                    Role::Actor | Role::Associated => it.by += 1,
                    Role::Target => it.on += 1,
                    Role::Reporter => {}
                }
            }
            it
        })
        .collect();
    items.sort_by(|a, b| b.count.cmp(&a.count).then(b.total.cmp(&a.total)).then_with(|| a.name.cmp(&b.name)));
    items
}

impl Picker {
    /// A picker over the actors or the types of an index, counted within `within` (event
    /// numbers, ascending), the names most frequent there first.
    pub fn new(kind: NameKey, ix: &Index, picked: &[String], within: &[u32]) -> Picker {
        Picker::with_items(kind, picked, items(kind, ix, Some(within)))
    }

    /// A picker whose counts within the filter are still coming ([`Picker::recount`] brings
    /// them): its names in order of their events over all, each counted later. Cheap: nothing
    /// is counted.
    pub fn counting(kind: NameKey, ix: &Index, picked: &[String]) -> Picker {
        Picker { counting: true, ..Picker::with_items(kind, picked, items(kind, ix, None)) }
    }

    fn with_items(kind: NameKey, picked: &[String], items: Vec<Item>) -> Picker {
        let visible = (0..items.len()).collect();
        Picker {
            kind,
            field: TextField::default(),
            items,
            visible,
            cursor: 0,
            picked: picked.to_vec(),
            before: picked.to_vec(),
            counting: false,
        }
    }

    /// Counts the names again within `within` (the answer of the searcher), the text, the picks
    /// and the name under the cursor kept.
    pub fn recount(&mut self, ix: &Index, within: &[u32]) {
        let at = self.current().map(|it| it.name.clone());
        self.items = Picker::new(self.kind, ix, &[], within).items;
        self.counting = false;
        self.narrow(ix);
        if let Some(c) = at.and_then(|name| self.visible.iter().position(|&i| self.items[i].name == name)) {
            self.cursor = c;
        }
    }

    /// Narrows the list to the names the text means, by the rule `actor:` and `type:` follow:
    /// best match first, then the most frequent within the filter.
    pub fn narrow(&mut self, ix: &Index) {
        let text = self.field.text.trim();
        if text.is_empty() {
            self.visible = (0..self.items.len()).collect();
        } else {
            let ranks: rustc_hash::FxHashMap<u32, crate::index::Rank> =
                dict(ix, self.kind).ranked(text).into_iter().collect();
            let mut found: Vec<(crate::index::Rank, usize)> =
                self.items.iter().enumerate().filter_map(|(i, it)| ranks.get(&it.id).map(|&r| (r, i))).collect();
            found.sort();
            self.visible = found.into_iter().map(|(_, i)| i).collect();
        }
        self.cursor = 0;
    }

    pub fn current(&self) -> Option<&Item> {
        self.visible.get(self.cursor).map(|&i| &self.items[i])
    }

    pub fn is_picked(&self, name: &str) -> bool {
        self.picked.iter().any(|p| p == name)
    }

    /// Picks or unpicks the name under the cursor.
    pub fn toggle(&mut self) {
        let Some(name) = self.current().map(|it| it.name.clone()) else { return };
        match self.picked.iter().position(|p| *p == name) {
            Some(i) => {
                self.picked.remove(i);
            }
            None => self.picked.push(name),
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.visible.len();
        if n > 0 {
            self.cursor = self.cursor.saturating_add_signed(delta).min(n - 1);
        }
    }
}
