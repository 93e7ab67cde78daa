//! The row of a CSV export that an event was read from, kept so that the event can be written
//! back as it came: every column of the export, every value as written.
//!
//! The longest cell, the notes, is most often the event's notes exactly: it is then not kept
//! twice, and [`SourceRow::notes_column`] says which column takes the event's notes.

use std::sync::Arc;

/// One row of a CSV export: its file's column names (as written, shared by the file's rows)
/// and its cells, in the file's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    columns: Arc<[String]>,
    /// The cells one after another; `ends[i]` is where cell `i` ends.
    text: Box<str>,
    ends: Box<[u32]>,
    /// The column whose cell is the event's notes, left out of `text`.
    notes: Option<u32>,
}

impl SourceRow {
    /// A row of `columns`; missing cells are empty, extra ones are dropped.
    pub fn new<'a>(columns: Arc<[String]>, cells: impl Iterator<Item = &'a str>) -> SourceRow {
        SourceRow::with_notes(columns, cells, None, 0)
    }

    /// A row whose cell at `notes` is the event's notes, not kept here; `size` is the length
    /// of the cells kept, when known (the text is then allocated once, at its size).
    pub fn with_notes<'a>(
        columns: Arc<[String]>,
        cells: impl Iterator<Item = &'a str>,
        notes: Option<usize>,
        size: usize,
    ) -> SourceRow {
        let mut text = String::with_capacity(size);
        let mut ends = Vec::with_capacity(columns.len());
        for (i, cell) in cells.take(columns.len()).enumerate() {
            if Some(i) != notes {
                text.push_str(cell);
            }
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        ends.resize(columns.len(), u32::try_from(text.len()).unwrap_or(u32::MAX));
        let notes = notes.and_then(|i| u32::try_from(i).ok());
        SourceRow { columns, text: text.into_boxed_str(), ends: ends.into_boxed_slice(), notes }
    }

    /// The column whose cell is the event's notes (see the module's doc).
    pub fn notes_column(&self) -> Option<usize> {
        self.notes.map(|i| i as usize)
    }

    /// The column names, as the file wrote them.
    pub fn columns(&self) -> &Arc<[String]> {
        &self.columns
    }

    /// The cell of column `i` as kept here, empty when there is none (and for the notes column).
    pub fn cell(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).map_or(usize::MAX, |&e| e as usize) };
        let end = self.ends.get(i).map_or(0, |&e| e as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The position of the column named `name` (any letter case), if the file has that column.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.trim().eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back_as_given() {
        let cols: Arc<[String]> = ["a", "B", "c"].map(String::from).into();
        let r = SourceRow::new(cols.clone(), ["1", "", "x, \"y\""].into_iter());
        assert_eq!((r.cell(0), r.cell(1), r.cell(2), r.cell(3)), ("1", "", "x, \"y\"", ""));
        assert_eq!((r.position("b"), r.position("d")), (Some(1), None));
        let shared = SourceRow::with_notes(cols.clone(), ["1", "long notes", "z"].into_iter(), Some(1), 2);
        assert_eq!((shared.cell(0), shared.cell(1), shared.cell(2), shared.notes_column()), ("1", "", "z", Some(1)));
        let short = SourceRow::new(cols, ["1"].into_iter());
        assert_eq!((short.cell(0), short.cell(2)), ("1", ""));
    }
}
