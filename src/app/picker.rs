//! The actor and type pickers: every name with its count of events, narrowed by fuzzy
//! matching as the user types, several picked with Space.

use super::text_field::TextField;
use crate::index::{Dict, Entry, Index};
use crate::query::NameKey;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    /// Other spellings, shown after the name and matched too.
    pub aliases: String,
    pub count: usize,
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
}

/// An actor's other spellings as the data writes them, from its first event: the index keeps
/// only their folded forms.
fn aliases(ix: &Index, kind: NameKey, e: &Entry) -> String {
    if kind != NameKey::Actor {
        return String::new();
    }
    let first = e.postings.first().map(|&i| ix.event(i));
    let actor = first.and_then(|ev| ev.actors.iter().find(|a| a.name == e.name));
    actor.map(|a| a.aliases.join(", ")).unwrap_or_default()
}

impl Picker {
    /// A picker over the actors or the types of an index, most frequent names first.
    pub fn new(kind: NameKey, ix: &Index, picked: &[String]) -> Picker {
        let dict: &Dict = if kind == NameKey::Type { &ix.types } else { &ix.actors };
        let mut items: Vec<Item> = dict
            .entries()
            .iter()
            .map(|e| Item { name: e.name.clone(), aliases: aliases(ix, kind, e), count: e.postings.len() })
            .collect();
        items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        let visible = (0..items.len()).collect();
        Picker {
            kind,
            field: TextField::default(),
            items,
            visible,
            cursor: 0,
            picked: picked.to_vec(),
            before: picked.to_vec(),
        }
    }

    /// Narrows the list to the names that match the text.
    pub fn narrow(&mut self) {
        let text = self.field.text.trim();
        if text.is_empty() {
            self.visible = (0..self.items.len()).collect();
        } else {
            let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buf = Vec::new();
            let mut scored: Vec<(u32, usize)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| {
                    let hay = format!("{} {}", it.name, it.aliases);
                    pattern.score(Utf32Str::new(&hay, &mut buf), &mut matcher).map(|s| (s, i))
                })
                .collect();
            // Best score first; among equals, the more frequent (the order of `items`).
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.visible = scored.into_iter().map(|(_, i)| i).collect();
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
