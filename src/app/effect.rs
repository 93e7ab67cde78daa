//! What `App::update` asks of the world outside it, so that `update` itself does no I/O.

/// What `App::update` asks of the world outside it, carried out by the terminal loop
/// (`tui::carry_out`), which answers with an [`Action`](super::Action).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the events `shown` (numbers in the index) to `path`, whole or not at all, never
    /// over a file being browsed.
    Export { path: std::path::PathBuf, format: crate::export::ExportFormat, shown: Vec<u32> },
    /// Run the filter's query away from the keys (a [`Searcher`](super::Searcher) does), and
    /// answer with [`Action::Filtered`](super::Action::Filtered).
    Filter(super::FilterRun),
}
