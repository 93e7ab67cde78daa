//! The query bar: the query language typed with live results, an error under a bad term, and
//! Tab completion of keys and of actor, place and type names.

use super::text_field::TextField;
use crate::index::{Dict, Index};
use crate::query::QueryError;
use crate::text::fold;

/// Keys and flags offered when the word under the cursor has no `key:` yet: the query
/// language's own, so that a new key is offered as soon as it is read.
fn keys() -> impl Iterator<Item = String> {
    let keys = crate::query::KEYS.iter().filter(|&&k| k != "is").map(|k| format!("{k}:"));
    keys.chain(crate::query::FLAGS.iter().map(|f| format!("is:{f}")))
}

/// Completions being cycled by repeated Tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// Byte offset where the completed word starts.
    pub at: usize,
    pub candidates: Vec<String>,
    pub index: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryBar {
    pub field: TextField,
    /// The text when the bar was opened, restored by Esc.
    pub before: String,
    pub error: Option<QueryError>,
    /// What the user should know about a query that parses: names that match nothing.
    pub notes: Vec<String>,
    pub cycle: Option<Cycle>,
}

impl QueryBar {
    pub fn open(text: &str) -> QueryBar {
        QueryBar { field: TextField::new(text), before: text.to_string(), ..QueryBar::default() }
    }

    /// Completes the word before the cursor, or moves to the next completion.
    pub fn complete(&mut self, ix: &Index) {
        if let Some(c) = &mut self.cycle
            && c.candidates.len() > 1
        {
            c.index = (c.index + 1) % c.candidates.len();
            let (at, with) = (c.at, c.candidates[c.index].clone());
            self.field.splice(at..self.field.cursor, &with);
            return;
        }
        let before = &self.field.text[..self.field.cursor];
        let word_at = word_start(before);
        let word = &before[word_at..];
        let (at, candidates) = candidates(ix, word, word_at);
        if let Some(first) = candidates.first().cloned() {
            self.field.splice(at..self.field.cursor, &first);
            self.cycle = Some(Cycle { at, candidates, index: 0 });
        }
    }
}

/// Start of the word before the cursor: after the last space outside quotes.
fn word_start(before: &str) -> usize {
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in before.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => start = i + c.len_utf8(),
            _ => {}
        }
    }
    start
}

/// What can replace the text from the returned offset to the cursor.
fn candidates(ix: &Index, word: &str, word_at: usize) -> (usize, Vec<String>) {
    let neg = usize::from(word.starts_with('-'));
    let body = &word[neg..];
    let Some((key, value)) = body.split_once(':') else {
        let lower = body.to_ascii_lowercase();
        let keys = keys().filter(|k| k.starts_with(&lower)).collect();
        return (word_at + neg, keys);
    };
    let dict: &Dict = match key.to_ascii_lowercase().as_str() {
        "actor" => &ix.actors,
        "place" => &ix.places,
        "type" => &ix.types,
        _ => return (word_at, Vec::new()),
    };
    // Complete the last of a comma-separated list of values.
    let value_at = word_at + neg + key.len() + 1;
    let last_at = value.rfind(',').map_or(0, |i| i + 1);
    let prefix = fold(value[last_at..].trim_matches('"'));
    // The picker's matcher and order: best match first, then the most frequent.
    let mut found: Vec<(crate::index::Rank, usize, &str)> = if prefix.is_empty() {
        dict.entries().iter().map(|e| (crate::index::Rank::Whole, e.postings.len(), e.name.as_str())).collect()
    } else {
        dict.ranked(&prefix)
            .into_iter()
            .map(|(id, r)| (r, dict.get(id).postings.len(), dict.get(id).name.as_str()))
            .collect()
    };
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let names = found
        .into_iter()
        .take(50)
        .map(|(_, _, n)| {
            let clean: String = n.chars().filter(|&c| c != '"').collect();
            if clean.contains([' ', ',']) { format!("\"{clean}\"") } else { clean }
        })
        .collect();
    (value_at + last_at, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_before_the_cursor_ignores_spaces_in_quotes() {
        assert_eq!(word_start("actor:HTS place:\"Khan Sh"), 10);
        assert_eq!(word_start("actor"), 0);
        assert_eq!(word_start("actor:HTS "), 10);
    }
}
