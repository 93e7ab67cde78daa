//! One event as a compact record of bytes: numbers as varints, shared strings (names, places,
//! types, sources, repeated cells) as their number in [`Strings`], the rest inline. Dates and
//! coordinates the index keeps in columns are written here too only where a column would lose
//! them (the report's own words for a date).
//!
//! A record starts with its flags, id, title and notes, so that what the timeline and the
//! text search read most is read without decoding the rest.

mod flat;

pub(super) use flat::Cells;

use super::notes::{Notes, NotesAt};
use super::strings::{Interner, Strings};
use crate::model::SourceRow;
use crate::model::{Actor, Claim, Count, Event, Figure, GeoPrecision, Place, Qualifier, Role, Source};
use std::sync::Arc;

const NOTES: u8 = 1;
const QUOTES: u8 = 2;
const WHEN_TEXT: u8 = 4;
const SUB_TYPE: u8 = 8;
const PLACE: u8 = 16;
const ROW: u8 = 32;
/// The notes are in the file the row was read from (see [`super::notes`]).
const NOTES_AT: u8 = 64;

/// Writes records, interning shared strings.
pub(super) struct Writer<'a> {
    pub(super) out: &'a mut Vec<u8>,
    pub(super) strings: &'a mut Interner,
    /// The strings of this record already numbered, by where they lie: a row's cell that is
    /// the very text of its actor, type or place (borrowed from the same place in the file)
    /// takes that number without being looked up again: up to a dozen of an ACLED row's 31
    /// cells (its types, actors, places, outlet and tag).
    recent: Recent,
}

/// [`Writer::recent`]: up to [`RECENT`] strings, each by its address and length.
#[derive(Default)]
struct Recent {
    seen: [(usize, usize, u32); RECENT],
    len: usize,
}

const RECENT: usize = 16;

impl Recent {
    fn add(&mut self, s: &str, k: u32) {
        if let Some(slot) = self.seen.get_mut(self.len) {
            *slot = (s.as_ptr() as usize, s.len(), k);
            self.len += 1;
        }
    }

    /// The number of the very string `s` (the same bytes at the same address), when added.
    fn of(&self, s: &str) -> Option<u32> {
        let key = (s.as_ptr() as usize, s.len());
        self.seen[..self.len].iter().find(|r| (r.0, r.1) == key).map(|r| r.2)
    }
}

impl<'a> Writer<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>, strings: &'a mut Interner) -> Writer<'a> {
        Writer { out, strings, recent: Recent::default() }
    }
}

/// What a record starts with, whether written from an [`Event`] or from an export's row.
pub(super) struct Head<'e> {
    pub(super) quotes: bool,
    pub(super) id: &'e str,
    pub(super) title: &'e str,
    /// Whether the title is kept once for all events that have it, as an export's title is,
    /// made of the event's type and place ("Air/drone strike in Saraqib"): 1,230 distinct
    /// titles among 100,000 generated ACLED rows, 33 bytes each inline.
    pub(super) shared_title: bool,
    pub(super) notes: Option<&'e str>,
    /// Where the notes lie in the file they were read from, when they are left there.
    pub(super) notes_at: Option<NotesAt>,
    pub(super) date_text: Option<&'e str>,
    pub(super) precision: u8,
    pub(super) event_type: &'e str,
    pub(super) sub_type: Option<&'e str>,
}

impl Writer<'_> {
    /// The flags, id, title, notes, date words and types that every record starts with.
    pub(super) fn head(&mut self, h: &Head<'_>, place: bool, row: bool) {
        let flags = [
            (h.notes.is_some(), NOTES),
            (h.quotes, QUOTES),
            (h.date_text.is_some(), WHEN_TEXT),
            (h.sub_type.is_some(), SUB_TYPE),
            (place, PLACE),
            (row, ROW),
            (h.notes_at.is_some(), NOTES_AT),
        ]
        .iter()
        .fold(0, |f, &(on, bit)| if on { f | bit } else { f });
        self.out.push(flags);
        self.inline(h.id);
        if h.shared_title {
            self.shared(h.title);
        } else {
            self.inline(h.title);
        }
        match (h.notes_at, h.notes) {
            (Some(at), _) => {
                self.varint(u64::from(at.file));
                self.varint(at.offset);
                self.varint(u64::from(at.len));
                self.out.extend_from_slice(&at.hash.to_le_bytes());
            }
            (None, Some(n)) => self.inline(n),
            (None, None) => {}
        }
        if let Some(t) = h.date_text {
            self.inline(t);
        }
        self.out.push(h.precision);
        self.shared(h.event_type);
        if let Some(s) = h.sub_type {
            self.shared(s);
        }
    }

    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }

    fn inline(&mut self, s: &str) {
        self.varint(((s.len() as u64) << 1) | 1);
        self.out.extend_from_slice(s.as_bytes());
    }

    /// A string kept once for all events, or inline when the arena is full.
    fn shared(&mut self, s: &str) {
        match self.strings.intern(s) {
            Some(k) => {
                if !s.is_empty() {
                    self.recent.add(s, k);
                }
                self.varint(u64::from(k) << 1);
            }
            None => self.inline(s),
        }
    }

    fn opt_shared(&mut self, s: Option<&str>) {
        self.out.push(u8::from(s.is_some()));
        if let Some(s) = s {
            self.shared(s);
        }
    }

    fn opt_inline(&mut self, s: Option<&str>) {
        self.out.push(u8::from(s.is_some()));
        if let Some(s) = s {
            self.inline(s);
        }
    }

    fn opt_f64(&mut self, v: Option<f64>) {
        self.out.push(u8::from(v.is_some()));
        if let Some(v) = v {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
    }

    fn count(&mut self, c: &Count) {
        self.varint(u64::from(c.n));
        self.out.push(c.qualifier as u8);
        self.out.push(u8::from(c.high.is_some()));
        if let Some(h) = c.high {
            self.varint(u64::from(h));
        }
    }

    fn opt_count(&mut self, c: Option<&Count>) {
        self.out.push(u8::from(c.is_some()));
        if let Some(c) = c {
            self.count(c);
        }
    }

    fn shared_list(&mut self, items: &[String]) {
        self.varint(items.len() as u64);
        for s in items {
            self.shared(s);
        }
    }

    /// Appends event `e`; `row` is the number of its row's column set and, per column, whether
    /// its cells are shared (see [`super::store`]).
    pub(super) fn event(&mut self, e: &Event, row: Option<(u32, &[bool], &mut [u32])>) {
        let quotes = e.sources.iter().any(|s| !s.quotes.is_empty());
        let head = Head {
            quotes,
            id: &e.id,
            title: &e.title,
            shared_title: e.row.is_some(),
            notes: e.notes.as_deref(),
            notes_at: None,
            date_text: e.date.text.as_deref(),
            precision: e.date.precision as u8,
            event_type: &e.event_type,
            sub_type: e.sub_type.as_deref(),
        };
        self.head(&head, e.place.is_some(), e.row.is_some() && row.is_some());
        self.varint(e.actors.len() as u64);
        for a in &e.actors {
            self.shared(&a.name);
            self.out.push(a.role as u8);
            self.shared_list(&a.aliases);
        }
        if let Some(p) = &e.place {
            self.shared(&p.name);
            self.shared_list(&p.aliases);
            for s in [&p.admin1, &p.admin2, &p.country] {
                self.opt_shared(s.as_deref());
            }
            self.opt_f64(p.lat);
            self.opt_f64(p.lon);
            self.out.push(p.precision as u8);
            self.opt_shared(p.geo_source.as_deref());
        }
        self.varint(e.casualties.len() as u64);
        for c in &e.casualties {
            self.shared(&c.source);
            self.opt_count(c.killed.as_ref());
            self.opt_count(c.injured.as_ref());
        }
        self.varint(e.figures.len() as u64);
        for f in &e.figures {
            self.shared(&f.label);
            self.shared(&f.source);
            self.count(&f.count);
        }
        self.varint(e.sources.len() as u64);
        for s in &e.sources {
            self.shared(&s.outlet);
            self.opt_shared(s.author.as_deref());
            self.opt_shared(s.published.as_deref());
            self.opt_inline(s.headline.as_deref());
            self.opt_inline(s.url.as_deref());
            self.varint(s.quotes.len() as u64);
            for q in &s.quotes {
                self.inline(q);
            }
        }
        self.shared_list(&e.tags);
        if let (Some(r), Some(row)) = (&e.row.as_deref(), row) {
            self.row(*r, row);
        }
    }

    /// Appends an export's row `r`; `set`, `shared` and `last` as [`Writer::event`] takes them.
    fn row(&mut self, r: &impl Cells, (set, shared, last): (u32, &[bool], &mut [u32])) {
        {
            self.varint(u64::from(set));
            self.varint(r.notes_column().map_or(0, |c| c as u64 + 1));
            for (c, last) in last.iter_mut().enumerate().take(r.columns().len()) {
                let cell = r.cell(c);
                if !shared.get(c).copied().unwrap_or(true) {
                    self.inline(cell);
                } else if *last != u32::MAX && self.strings.is(*last, cell) {
                    self.varint(u64::from(*last) << 1);
                } else if let Some(k) = self.recent.of(cell).filter(|_| !cell.is_empty()) {
                    *last = k;
                    self.varint(u64::from(k) << 1);
                } else {
                    match self.strings.intern(cell) {
                        Some(k) => {
                            *last = k;
                            self.varint(u64::from(k) << 1);
                        }
                        None => self.inline(cell),
                    }
                }
            }
        }
    }
}

/// A record with every text empty and no names, figures or sources: what a record that
/// cannot be trusted reads as.
pub(super) const BLANK: &[u8] = &[0, 1, 1, 2, 1, 0, 0, 0, 0, 0];

/// Reads a record.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    strings: &'a Strings,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], strings: &'a Strings) -> Reader<'a> {
        Reader { bytes, pos: 0, strings }
    }

    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn varint(&mut self) -> u64 {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte();
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                break;
            }
        }
        v
    }

    fn str(&mut self) -> &'a str {
        let v = self.varint();
        if v & 1 == 0 {
            return self.strings.get((v >> 1) as u32);
        }
        let len = (v >> 1) as usize;
        let s = self.bytes.get(self.pos..self.pos + len).and_then(|b| std::str::from_utf8(b).ok());
        self.pos += len;
        s.unwrap_or_default()
    }

    fn string(&mut self) -> String {
        self.str().to_string()
    }

    fn opt(&mut self) -> Option<String> {
        (self.byte() != 0).then(|| self.string())
    }

    fn opt_f64(&mut self) -> Option<f64> {
        if self.byte() == 0 {
            return None;
        }
        let b = self.bytes.get(self.pos..self.pos + 8).and_then(|b| <[u8; 8]>::try_from(b).ok());
        self.pos += 8;
        b.map(f64::from_le_bytes)
    }

    fn count(&mut self) -> Count {
        let n = self.varint() as u32;
        let qualifier = match self.byte() {
            1 => Qualifier::AtLeast,
            2 => Qualifier::MoreThan,
            3 => Qualifier::AtMost,
            4 => Qualifier::About,
            _ => Qualifier::Exact,
        };
        let high = (self.byte() != 0).then(|| self.varint() as u32);
        Count { n, qualifier, high }
    }

    fn opt_count(&mut self) -> Option<Count> {
        (self.byte() != 0).then(|| self.count())
    }

    fn list(&mut self) -> Vec<String> {
        let n = self.varint();
        (0..n).map(|_| self.string()).collect()
    }

    /// The flags, id, title and notes: what is read without decoding the rest.
    pub(super) fn head(&mut self) -> (u8, &'a str, &'a str, Option<Notes<'a>>) {
        let flags = self.byte();
        let (id, title) = (self.str(), self.str());
        let notes = match (flags & NOTES != 0, flags & NOTES_AT != 0) {
            (_, true) => Some(Notes::At(self.notes_at())),
            (true, false) => Some(Notes::Here(self.str())),
            (false, false) => None,
        };
        (flags, id, title, notes)
    }

    fn notes_at(&mut self) -> NotesAt {
        let file = self.varint() as u32;
        let offset = self.varint();
        let len = self.varint() as u32;
        let hash = [self.byte(), self.byte(), self.byte(), self.byte()];
        NotesAt { file, offset, len, hash: u32::from_le_bytes(hash) }
    }

    /// The report's own words for the date, read after [`Reader::head`].
    pub(super) fn date_text(&mut self, flags: u8) -> Option<&'a str> {
        (flags & WHEN_TEXT != 0).then(|| self.str())
    }

    /// The whole event; `date` gives its interval from the index's columns, `row_columns`
    /// the column names of a row set, `notes_at` the notes left in their file (None: read
    /// as none).
    pub(super) fn event(
        mut self,
        date: impl FnOnce(crate::model::DatePrecision, Option<String>) -> crate::model::When,
        row_columns: impl Fn(u64) -> Option<Arc<[String]>>,
        notes_at: impl FnOnce(&NotesAt) -> Option<String>,
    ) -> Event {
        let (flags, id, title, notes) = self.head();
        let notes = notes.and_then(|n| match n {
            Notes::Here(s) => Some(s.to_string()),
            Notes::At(at) => notes_at(&at),
        });
        let (id, title) = (id.to_string(), title.to_string());
        let text = (flags & WHEN_TEXT != 0).then(|| self.string());
        let date = date(precision(self.byte()), text);
        let event_type = self.string();
        let sub_type = (flags & SUB_TYPE != 0).then(|| self.string());
        let actors = (0..self.varint())
            .map(|_| Actor { name: self.string(), role: role(self.byte()), aliases: self.list() })
            .collect();
        let place = (flags & PLACE != 0).then(|| Place {
            name: self.string(),
            aliases: self.list(),
            admin1: self.opt(),
            admin2: self.opt(),
            country: self.opt(),
            lat: self.opt_f64(),
            lon: self.opt_f64(),
            precision: geo_precision(self.byte()),
            geo_source: self.opt(),
        });
        let casualties = (0..self.varint())
            .map(|_| Claim { source: self.string(), killed: self.opt_count(), injured: self.opt_count() })
            .collect();
        let figures = (0..self.varint())
            .map(|_| Figure { label: self.string(), source: self.string(), count: self.count() })
            .collect();
        let sources = (0..self.varint())
            .map(|_| Source {
                outlet: self.string(),
                author: self.opt(),
                published: self.opt(),
                headline: self.opt(),
                url: self.opt(),
                quotes: self.list(),
            })
            .collect();
        let tags = self.list();
        let row = if flags & ROW != 0 {
            let set = self.varint();
            let notes_col = self.varint().checked_sub(1).map(|c| c as usize);
            row_columns(set).map(|columns| {
                let cells: Vec<&str> = (0..columns.len()).map(|_| self.str()).collect();
                let size = cells.iter().map(|c| c.len()).sum();
                Arc::new(SourceRow::with_notes(columns, cells.into_iter(), notes_col, size))
            })
        } else {
            None
        };
        Event { id, title, date, event_type, sub_type, actors, place, casualties, figures, sources, notes, tags, row }
    }

    /// The quotes of the sources, read past everything before them.
    pub(super) fn quotes(self, out: &mut dyn FnMut(&str)) {
        let at = chrono::NaiveDateTime::default();
        let date = |precision, text| crate::model::When { start: at, end: at, precision, text };
        let e = self.event(date, |_| None, |_| None);
        for q in e.sources.iter().flat_map(|s| &s.quotes) {
            out(q);
        }
    }
}

/// The id of a record whose shared strings are not at hand: an id is always inline.
pub(super) fn id(bytes: &[u8]) -> &str {
    let mut at = 1;
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = bytes.get(at).copied().unwrap_or(0);
        at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
    }
    let len = (v >> 1) as usize;
    bytes.get(at..at + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default()
}

/// Whether a record's flags say its sources hold quotes.
pub(super) fn has_quotes(flags: u8) -> bool {
    flags & QUOTES != 0
}

/// A role as written by `Role as u8`.
pub(super) fn role(b: u8) -> Role {
    match b {
        1 => Role::Target,
        2 => Role::Reporter,
        3 => Role::Associated,
        _ => Role::Actor,
    }
}

/// A location precision as written by `GeoPrecision as u8`.
pub(super) fn geo_precision(b: u8) -> GeoPrecision {
    match b {
        0 => GeoPrecision::Exact,
        2 => GeoPrecision::District,
        3 => GeoPrecision::Region,
        _ => GeoPrecision::Town,
    }
}

pub(super) fn precision(b: u8) -> crate::model::DatePrecision {
    use crate::model::DatePrecision::*;
    match b {
        0 => Minute,
        1 => Hour,
        2 => Day,
        3 => Night,
        4 => Week,
        5 => Month,
        6 => Year,
        _ => Span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A string is known again only as the very same text: the same bytes elsewhere, or a
    /// part of it at the same address, are looked up as any other.
    #[test]
    fn recent_strings_are_known_by_address_and_length() {
        let text = String::from("Hama,Hama");
        let (first, second, part) = (&text[0..4], &text[5..9], &text[0..3]);
        let mut recent = Recent::default();
        recent.add(first, 7);
        assert_eq!(recent.of(first), Some(7));
        assert_eq!(recent.of(second), None, "the same bytes elsewhere");
        assert_eq!(recent.of(part), None, "a part at the same address");
        for k in 0..RECENT as u32 + 4 {
            recent.add(&text[5..6], 100 + k);
        }
        assert_eq!(recent.of(&text[5..6]), Some(100), "the first number kept; the rest not added");
        assert_eq!(recent.of(first), Some(7));
    }
}
