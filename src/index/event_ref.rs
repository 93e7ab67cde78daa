//! The one way the rest of the program reads an event of an index: [`EventRef`], a copyable
//! handle with accessors for what the timeline, details, queries and exports read, and
//! [`EventRef::to_event`] where a whole event is needed. How events are stored stays inside
//! `index/`.

use super::{Index, Minute};
use crate::model::{DatePrecision, Event, GeoPrecision, When};

/// Event number `i` of an index.
#[derive(Clone, Copy)]
pub struct EventRef<'a> {
    pub(super) ix: &'a Index,
    pub(super) i: u32,
}

impl std::fmt::Debug for EventRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EventRef({} {:?})", self.i, self.id())
    }
}

/// The columns of an index that filters, the map and the histogram read, as slices indexed by
/// event number.
#[derive(Clone, Copy)]
pub struct Columns<'a> {
    /// Start and (exclusive) end of each event's date interval.
    pub start: &'a [Minute],
    pub end: &'a [Minute],
    /// Coordinates as f32, NaN when unknown.
    pub lat: &'a [f32],
    pub lon: &'a [f32],
    /// How precisely each event is placed (Region when it has no place).
    pub geo_precision: &'a [GeoPrecision],
    /// Killed over all claims, as [`super::killed_bounds`] reads them.
    pub killed_low: &'a [u32],
    pub killed_high: &'a [u32],
    /// Whether sources disagree on any figure.
    pub disputed: &'a [bool],
    /// The longest interval of any event, to bound date lookups.
    pub max_len: Minute,
}

impl<'a> EventRef<'a> {
    /// Its number: its position in date order.
    pub fn number(self) -> u32 {
        self.i
    }

    fn at(self) -> usize {
        self.i as usize
    }

    pub fn id(self) -> &'a str {
        self.ix.store.id(self.i)
    }

    pub fn title(self) -> &'a str {
        self.ix.store.title(self.i)
    }

    /// The start and (exclusive) end of its date interval, in minutes.
    pub fn span(self) -> (Minute, Minute) {
        (self.ix.start[self.at()], self.ix.end[self.at()])
    }

    pub fn start(self) -> Minute {
        self.ix.start[self.at()]
    }

    /// How precisely its date is known.
    pub fn date_precision(self) -> DatePrecision {
        self.ix.store.date_precision(self.i)
    }

    /// Its date, with the report's own words for it.
    pub fn date(self) -> When {
        let (start, end) = self.span();
        self.ix.store.date(self.i, start, end)
    }

    /// The name of its place, when it has one.
    pub fn place_name(self) -> Option<&'a str> {
        self.ix.store.place_name(self.i)
    }

    pub fn lat_lon(self) -> Option<(f64, f64)> {
        self.ix.lat_lon(self.i)
    }

    pub fn geo_precision(self) -> GeoPrecision {
        self.ix.geo_precision[self.at()]
    }

    /// The lowest and highest killed that some source reports (low `u32::MAX` when none does).
    pub fn killed_bounds(self) -> (u32, u32) {
        (self.ix.killed_low[self.at()], self.ix.killed_high[self.at()])
    }

    pub fn disputed(self) -> bool {
        self.ix.disputed[self.at()]
    }

    /// The whole event, as it was loaded (its notes read from the file they were read from,
    /// when they were left there).
    pub fn to_event(self) -> Event {
        let (start, end) = self.span();
        self.ix.store.event(self.i, start, end, true)
    }

    /// The whole event but its notes (None): for whoever reads every field but those, without
    /// reading notes left in a file.
    pub fn to_event_without_notes(self) -> Event {
        let (start, end) = self.span();
        self.ix.store.event(self.i, start, end, false)
    }
}
