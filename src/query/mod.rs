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
mod names;
mod parse;
mod stream;

pub use compile::Compiled;
pub use error::QueryError;
pub use stream::{EventFilter, Streamed, stream_files};

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
    Actor,
    Place,
    Type,
    Source,
    Tag,
}

impl NameKey {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKey::Actor => "actor",
            NameKey::Place => "place",
            NameKey::Type => "type",
            NameKey::Source => "source",
            NameKey::Tag => "tag",
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
    /// `actor:`, `place:`, `type:`, `source:`, `tag:` with one or more names (OR).
    Name {
        key: NameKey,
        values: Vec<String>,
    },
    Near {
        origin: Origin,
        km: f64,
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

/// `actor:Military Forces` -> `actor:"Military Forces"`; `white phosphorous` -> `"white phosphorous"`.
fn quote_value(w: &str) -> String {
    match w.split_once(':') {
        Some((k, v)) if !k.contains(char::is_whitespace) => format!("{k}:\"{v}\""),
        _ => format!("\"{w}\""),
    }
}
