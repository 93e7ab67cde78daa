//! An event as one row of an export gives it, its text borrowed from the file: the shape of an
//! [`Event`](super::Event) without what such rows never fill (aliases, figures, authors,
//! quotes), so that a file of a million rows is indexed without a million events' worth of
//! small strings made and freed again.

use super::{GeoPrecision, Role, When};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::sync::Arc;

/// A text of a [`FlatEvent`].
pub type Txt<'a> = Cow<'a, str>;

/// A row's few texts of one kind, kept in the event itself up to `N` (an ACLED row names one
/// or two actors, an outlet or two, a tag or none); more take an allocation.
pub type Few<T, const N: usize> = SmallVec<[T; N]>;

/// The event of one row. The [`Event`](super::Event) it stands for has the same fields, those
/// not here empty. Text is borrowed from the file, or owned where the file escapes it.
#[derive(Debug)]
pub struct FlatEvent<'a> {
    pub id: Txt<'a>,
    pub title: Title<'a>,
    pub date: When,
    pub event_type: Txt<'a>,
    pub sub_type: Option<Txt<'a>>,
    /// Each actor's name and role, no aliases.
    pub actors: Few<(Txt<'a>, Role), 2>,
    pub place: Option<FlatPlace<'a>>,
    /// The one casualty claim: its source and the killed it gives exactly.
    pub killed: Option<(Txt<'a>, u32)>,
    /// The outlets, each a source with nothing but its name.
    pub sources: Few<Txt<'a>, 2>,
    pub notes: Option<Txt<'a>>,
    pub tags: Few<Txt<'a>, 1>,
    pub row: Option<FlatRow<'a>>,
}

/// A row's title: a text, or what happened and where ("Air/drone strike in Saraqib"), put
/// together only where it is written (a million rows, a million titles made and freed).
#[derive(Debug)]
pub enum Title<'a> {
    Text(Txt<'a>),
    /// `{0} in {1}`.
    In(Txt<'a>, Txt<'a>),
}

impl Title<'_> {
    /// The title, in `buf` when it has to be put together.
    pub fn as_str<'s>(&'s self, buf: &'s mut String) -> &'s str {
        match self {
            Title::Text(t) => t,
            Title::In(what, place) => {
                buf.clear();
                push_title(buf, what, place);
                buf
            }
        }
    }
}

/// Appends "{what} in {place}" to `out`, built without the formatting machinery, which costs a
/// tenth of the load of a million rows.
pub fn push_title(out: &mut String, what: &str, place: &str) {
    out.reserve(what.len() + 4 + place.len());
    out.push_str(what);
    out.push_str(" in ");
    out.push_str(place);
}

/// A [`Place`](super::Place) without aliases or a geocoding source.
#[derive(Debug)]
pub struct FlatPlace<'a> {
    pub name: Txt<'a>,
    pub admin1: Option<Txt<'a>>,
    pub admin2: Option<Txt<'a>>,
    pub country: Option<Txt<'a>>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: GeoPrecision,
}

/// The row as the file wrote it: the cells a [`SourceRow`](super::SourceRow) made of it
/// would give.
#[derive(Debug)]
pub struct FlatRow<'a> {
    pub columns: &'a Arc<[String]>,
    /// Every cell, the notes column's empty when it is `notes`.
    pub cells: RowCells<'a>,
    /// The column whose cell is the event's notes, not kept twice.
    pub notes: Option<usize>,
}

impl FlatEvent<'_> {
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        let p = self.place.as_ref()?;
        Some((p.lat?, p.lon?))
    }
}

/// The cells of a row, most of them slices of the file's text, kept as their place in it:
/// 8 bytes a cell, where a borrowed string takes 24 (a million rows of 31 cells are made and
/// freed as an export is indexed).
#[derive(Debug)]
pub struct RowCells<'a> {
    text: &'a str,
    /// Each cell's start and end in `text`, or, for a cell the file escapes (read into a
    /// string of its own), its place in `owned` and [`OWNED`]. An ACLED row's 31 cells are
    /// kept in the row itself: an allocation each, made on one core and freed on another,
    /// cost a twentieth of a million rows' open.
    at: SmallVec<[[u32; 2]; 32]>,
    owned: Vec<String>,
}

/// The end of a cell kept in [`RowCells::owned`].
const OWNED: u32 = u32::MAX;

impl<'a> RowCells<'a> {
    /// No cells yet, room for `width`, each to be found in `text` when it is a slice of it.
    pub fn new(text: &'a str, width: usize) -> RowCells<'a> {
        RowCells { text, at: SmallVec::with_capacity(width), owned: Vec::new() }
    }

    /// Adds the next cell: its place when it lies in the text, else a copy.
    #[inline]
    pub fn push(&mut self, cell: &str) {
        if cell.is_empty() {
            self.at.push([0, 0]);
            return;
        }
        // A string that starts and ends within the text is a slice of it: no other string
        // lies inside the text's memory. Its bytes need not be read.
        let from = (cell.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        let to = from.wrapping_add(cell.len());
        match (u32::try_from(from), u32::try_from(to)) {
            (Ok(a), Ok(b)) if from < to && to <= self.text.len() && b < OWNED => self.at.push([a, b]),
            _ => {
                self.at.push([self.owned.len() as u32, OWNED]);
                self.owned.push(cell.to_string());
            }
        }
    }

    /// Cell `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        match *self.at.get(i)? {
            [k, OWNED] => self.owned.get(k as usize).map(String::as_str),
            [from, to] => self.text.get(from as usize..to as usize),
        }
    }

    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_what_happened_in_the_place() {
        let mut buf = String::from("left over");
        assert_eq!(Title::In("Shelling".into(), "Saraqib".into()).as_str(&mut buf), "Shelling in Saraqib");
        assert_eq!(Title::Text("Shelling".into()).as_str(&mut buf), "Shelling");
    }

    /// Slices of the text, empty cells, and cells from elsewhere read back as they were
    /// given, in order.
    #[test]
    fn row_cells_read_back_as_given() {
        let text = "syn-1,2022-12-06,Hama,\"say \"\"hi\"\"\",é,";
        let quoted = String::from("say \"hi\"");
        let given =
            [&text[0..5], &text[6..16], "", &text[17..21], quoted.as_str(), &text[text.len() - 3..text.len() - 1], ""];
        let mut cells = RowCells::new(text, given.len());
        for c in given {
            cells.push(c);
        }
        assert_eq!(cells.len(), given.len());
        for (i, c) in given.iter().enumerate() {
            assert_eq!(cells.get(i), Some(*c), "cell {i}");
        }
        assert_eq!(cells.get(given.len()), None);
        assert_eq!(cells.owned, vec![quoted], "only the cell from elsewhere is copied");
    }
}
