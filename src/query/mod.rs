//! The filter language, shared by the command line and the TUI.
//!
//! Terms separated by spaces are ANDed; `-` before a term negates it; a value with commas is an
//! OR inside its key. See docs/query.md for the full reference.
//!
//! ```
//! use sitrep::query::Query;
//! let q = Query::parse("actor:HTS date:2019-03-13 -place:Idlib").unwrap();
//! assert_eq!(q.terms.len(), 3);
//! assert!(Query::parse("colour:red").is_err());
//! ```

mod check;
mod compile;
mod error;
mod explain;
mod filtered;
mod names;
mod narrow;
mod parse;
mod stream;
#[cfg(test)]
mod tests;

pub use check::Widen;
pub use compile::Compiled;
pub use error::QueryError;
pub use explain::explain;
pub use filtered::{Filtered, Outcome};
pub use parse::{FLAGS, KEYS};
pub use stream::{EventFilter, More, Streamed, stream_files, stream_files_with};

use chrono::NaiveDateTime;
use std::ops::Range;

/// A parsed query: its terms, in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// One term and where it stands in the query text (byte range), for carets under errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub negated: bool,
    pub kind: TermKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKey {
    /// An actor in any role.
    Actor,
    /// An actor that acted, or acted beside the actor (`by:`).
    By,
    /// An actor that was the target (`on:`).
    On,
    Place,
    Type,
    Source,
    Tag,
}

impl NameKey {
    /// The key as written in a query.
    pub fn as_str(self) -> &'static str {
        match self {
            NameKey::Actor => "actor",
            NameKey::By => "by",
            NameKey::On => "on",
            NameKey::Place => "place",
            NameKey::Type => "type",
            NameKey::Source => "source",
            NameKey::Tag => "tag",
        }
    }

    /// What kind of name the key asks for: "actor" for `by:` and `on:` too.
    pub fn what(self) -> &'static str {
        match self {
            NameKey::By | NameKey::On => "actor",
            k => k.as_str(),
        }
    }

    /// Every key, in the order of [`NameKey::slot`].
    pub const ALL: [NameKey; 7] =
        [NameKey::Actor, NameKey::By, NameKey::On, NameKey::Place, NameKey::Type, NameKey::Source, NameKey::Tag];

    /// A small number per key, for tables indexed by key.
    pub fn slot(self) -> usize {
        match self {
            NameKey::Actor => 0,
            NameKey::By => 1,
            NameKey::On => 2,
            NameKey::Place => 3,
            NameKey::Type => 4,
            NameKey::Source => 5,
            NameKey::Tag => 6,
        }
    }
}

/// Where `near:` measures from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    Place(String),
    Point { lat: f64, lon: f64 },
}

/// A comparison on the reported casualty range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// Some source reports at least this many (the range's high end reaches it).
    AtLeast(u32),
    /// Some source reports more than this many.
    MoreThan(u32),
    /// Some source reports at most this many (the range's low end is at or below it).
    AtMost(u32),
    LessThan(u32),
    /// The range includes the number, or overlaps the range `a..b`.
    Between(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// The sources give different figures.
    Disputed,
    /// The event has coordinates.
    Located,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TermKind {
    /// `date:` (the event lies in the range and is stated no less precisely than it) or
    /// `overlaps:` (any overlap). Open ends are `None`.
    Date {
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
        overlap: bool,
    },
    /// `actor:`, `by:`, `on:`, `place:`, `type:`, `source:`, `tag:` with one or more names (OR).
    Name {
        key: NameKey,
        values: Vec<String>,
    },
    /// `near:PLACE,10km`; with `,any` also events placed only by their governorate.
    Near {
        origin: Origin,
        km: f64,
        any_precision: bool,
    },
    Killed(Cmp),
    Id(String),
    Is(Flag),
    /// A bare word or a quoted phrase, folded.
    Text(String),
}

impl Query {
    /// Parses a query; the error points at the offending term.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        parse::parse(text)
    }

    /// `text` (the text this query was parsed from) read more widely, as
    /// [`Compiled::widened`] reads it: every positive `date:` as `overlaps:`, or `,any` added to
    /// every positive `near:`. The query a note on what the strict reading left out suggests.
    pub fn widened_text(&self, text: &str, how: Widen) -> String {
        let mut out = text.to_string();
        for t in self.terms.iter().rev().filter(|t| !t.negated) {
            match (&t.kind, how) {
                (TermKind::Date { overlap: false, .. }, Widen::Dates) => {
                    out.replace_range(t.span.start..t.span.start + "date".len(), "overlaps");
                }
                (TermKind::Near { any_precision: false, .. }, Widen::Places) => out.insert_str(t.span.end, ",any"),
                _ => {}
            }
        }
        out
    }

    /// Parses the words of a command line as one query.
    pub fn parse_args(words: &[String]) -> Result<(Query, String), QueryError> {
        let text = words
            .iter()
            .map(|w| if is_one_value(w) { quote_value(w) } else { w.clone() })
            .collect::<Vec<_>>()
            .join(" ");
        Query::parse(&text).map(|q| (q, text))
    }
}

/// Whether a shell word with spaces is one value (`actor:Military Forces of Syria`) rather than
/// a whole query in one word (`actor:HTS date:2019-03-13`).
fn is_one_value(w: &str) -> bool {
    w.contains(char::is_whitespace)
        && !w.contains('"')
        && !w.split_whitespace().skip(1).any(|part| {
            part.starts_with('-')
                || part.split_once(':').is_some_and(|(k, _)| parse::KEYS.contains(&k.to_ascii_lowercase().as_str()))
        })
}

/// `actor:Military Forces` -> `actor:"Military Forces"`; `white phosphorous` -> `"white phosphorous"`;
/// `actor:Jaish al Izza,Hezbollah` -> `actor:"Jaish al Izza","Hezbollah"`: each comma-separated
/// part of a key's value is its own value.
fn quote_value(w: &str) -> String {
    match w.split_once(':') {
        Some((k, v)) if !k.contains(char::is_whitespace) => {
            let parts: Vec<String> = v.split(',').map(|p| format!("\"{}\"", p.trim())).collect();
            format!("{k}:{}", parts.join(","))
        }
        _ => format!("\"{w}\""),
    }
}
