//! Where the events of an index are kept, in date order.

use crate::model::{DatePrecision, Event, When};

#[derive(Debug, Default)]
pub(super) struct Store {
    events: Vec<Event>,
}

impl Store {
    pub(super) fn new(events: Vec<Event>) -> Store {
        Store { events }
    }

    pub(super) fn len(&self) -> usize {
        self.events.len()
    }

    pub(super) fn id(&self, i: u32) -> &str {
        &self.events[i as usize].id
    }

    pub(super) fn title(&self, i: u32) -> &str {
        &self.events[i as usize].title
    }

    pub(super) fn place_name(&self, i: u32) -> Option<&str> {
        self.events[i as usize].place.as_ref().map(|p| p.name.as_str())
    }

    pub(super) fn date_precision(&self, i: u32) -> DatePrecision {
        self.events[i as usize].date.precision
    }

    pub(super) fn date(&self, i: u32) -> When {
        self.events[i as usize].date.clone()
    }

    /// Appends the folded title, notes and quotes of event `i`, each ending in a newline.
    pub(super) fn fold_searchable(&self, i: u32, out: &mut String) {
        let e = &self.events[i as usize];
        let quotes = e.sources.iter().flat_map(|s| s.quotes.iter().map(String::as_str));
        super::fold_searchable_parts(&e.title, e.notes.as_deref(), quotes, out);
    }

    pub(super) fn event(&self, i: u32) -> Event {
        self.events[i as usize].clone()
    }
}
