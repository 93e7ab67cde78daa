//! The record of an export's row ([`FlatEvent`]): written byte for byte as the [`Event`] it
//! stands for would be (see [`Writer::event`]), without making that event.

use super::{Head, Writer};
use crate::index::notes::{self, NotesAt};
#[cfg(doc)]
use crate::model::Event;
use crate::model::FileText;
use crate::model::{Count, FlatEvent, FlatRow, SourceRow};
use std::borrow::Cow;
use std::sync::Arc;

impl Writer<'_> {
    /// Appends the event of an export's row, its title put together (see
    /// [`FlatEvent::title`]): the very bytes [`Writer::event`] writes for the [`Event`] it
    /// stands for.
    /// Notes borrowed from `text` are left in its file.
    pub(in crate::index) fn flat(
        &mut self,
        e: &FlatEvent<'_>,
        title: &str,
        row: Option<(u32, &[bool], &mut [u32])>,
        text: Option<&FileText<'_>>,
    ) {
        let notes_at = match (&e.notes, text) {
            (Some(Cow::Borrowed(s)), Some(t)) => {
                let len = u32::try_from(s.len()).ok();
                t.offset_of(s).zip(len).map(|(offset, len)| NotesAt {
                    file: t.file,
                    offset,
                    len,
                    hash: notes::hash(s.as_bytes()),
                })
            }
            _ => None,
        };
        let head = Head {
            quotes: false,
            id: &e.id,
            title,
            shared_title: e.row.is_some(),
            notes: e.notes.as_deref(),
            notes_at,
            date_text: e.date.text.as_deref(),
            precision: e.date.precision as u8,
            event_type: &e.event_type,
            sub_type: e.sub_type.as_deref(),
        };
        self.head(&head, e.place.is_some(), e.row.is_some() && row.is_some());
        self.varint(e.actors.len() as u64);
        for (name, role) in &e.actors {
            self.shared(name);
            self.out.push(*role as u8);
            self.shared_list(&[]);
        }
        if let Some(p) = &e.place {
            self.shared(&p.name);
            self.shared_list(&[]);
            for s in [&p.admin1, &p.admin2, &p.country] {
                self.opt_shared(s.as_deref());
            }
            self.opt_f64(p.lat);
            self.opt_f64(p.lon);
            self.out.push(p.precision as u8);
            self.opt_shared(None);
        }
        self.varint(u64::from(e.killed.is_some()));
        if let Some((source, n)) = &e.killed {
            self.shared(source);
            self.opt_count(Some(&Count::exact(*n)));
            self.opt_count(None);
        }
        // no figures
        self.varint(0);
        self.varint(e.sources.len() as u64);
        for outlet in &e.sources {
            self.shared(outlet);
            self.opt_shared(None);
            self.opt_shared(None);
            self.opt_inline(None);
            self.opt_inline(None);
            // no quotes
            self.varint(0);
        }
        self.varint(e.tags.len() as u64);
        for t in &e.tags {
            self.shared(t);
        }
        if let (Some(r), Some(row)) = (&e.row, row) {
            self.row(r, row);
        }
    }
}

/// The cells of an export's row, as a record keeps them.
pub(in crate::index) trait Cells {
    fn columns(&self) -> &Arc<[String]>;
    fn cell(&self, i: usize) -> &str;
    fn notes_column(&self) -> Option<usize>;
}

impl Cells for SourceRow {
    fn columns(&self) -> &Arc<[String]> {
        SourceRow::columns(self)
    }
    fn cell(&self, i: usize) -> &str {
        SourceRow::cell(self, i)
    }
    fn notes_column(&self) -> Option<usize> {
        SourceRow::notes_column(self)
    }
}

impl Cells for FlatRow<'_> {
    fn columns(&self) -> &Arc<[String]> {
        self.columns
    }
    fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c)
    }
    fn notes_column(&self) -> Option<usize> {
        self.notes
    }
}
