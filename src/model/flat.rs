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
    pub title: Cow<'a, str>,
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
    pub cells: Vec<Txt<'a>>,
    /// The column whose cell is the event's notes, not kept twice.
    pub notes: Option<usize>,
}

impl FlatEvent<'_> {
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        let p = self.place.as_ref()?;
        Some((p.lat?, p.lon?))
    }
}
