//! The answer of a numbered run of the browser's filter, made on another thread.

use super::QueryError;

/// The answer of a run of the filter's query: which run it answers (an older run's answer is
/// dropped), the query, and its events or what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Filtered {
    pub generation: u64,
    pub query: String,
    /// The events matched (numbers in date order) and the query's notes, or what is wrong
    /// with it (a place `near:` cannot locate).
    pub outcome: Outcome,
}

/// The events a query matched (numbers in date order) and its notes, or what is wrong with it.
pub type Outcome = Result<(Vec<u32>, Vec<String>), QueryError>;
