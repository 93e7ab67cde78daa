//! Query errors that point at the offending term.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// Byte range of the offending term in the query text.
    pub span: Range<usize>,
    pub hint: Option<String>,
}

impl QueryError {
    pub fn new(message: impl Into<String>, span: Range<usize>) -> QueryError {
        QueryError { message: message.into(), span, hint: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> QueryError {
        self.hint = Some(hint.into());
        self
    }

    /// Column (in characters) and width of the caret under the offending term.
    pub fn caret(&self, query: &str) -> (usize, usize) {
        let start = self.span.start.min(query.len());
        let end = self.span.end.clamp(start, query.len());
        let col = query.get(..start).map_or(0, |s| s.chars().count());
        let width = query.get(start..end).map_or(1, |s| s.chars().count()).max(1);
        (col, width)
    }

    /// The query, a caret line under the term, the message and the hint.
    pub fn render(&self, query: &str) -> String {
        let (col, width) = self.caret(query);
        let mut s =
            format!("  {}\n  {}{}\n{}", crate::text::inert(query), " ".repeat(col), "^".repeat(width), self.message);
        if let Some(h) = &self.hint {
            s.push_str("\n  help: ");
            s.push_str(h);
        }
        s
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}
