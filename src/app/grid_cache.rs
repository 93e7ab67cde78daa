//! The shown events counted per cell of the map pane, kept between frames: moving the selection,
//! opening a picker or typing in it draws the map again over the same events, and counting a
//! million of them is most of a frame.

use super::App;
use crate::index::Index;
use crate::map::Camera;
use crate::map::events::EventGrid;
use std::cell::RefCell;
use std::sync::{Arc, Weak};

#[derive(Debug, Default)]
pub(super) struct GridCache(RefCell<Option<Counted>>);

/// A grid and what it was counted for.
#[derive(Debug)]
struct Counted {
    view: Camera,
    size: (u16, u16),
    /// The index: a reload brings another (held weakly, so that its address is not reused).
    index: Weak<Index>,
    /// The events counted, compared whole: cheaper than counting them again by far.
    shown: Vec<u32>,
    grid: EventGrid,
}

impl App {
    /// The shown events counted per cell of a map of `width` x `height` cells at the current
    /// view: counted again only when the view, the size, the index or the events changed.
    pub fn event_grid(&self, width: u16, height: u16) -> EventGrid {
        let mut cache = self.grid.0.borrow_mut();
        if let Some(c) = cache.as_ref()
            && c.view == self.map
            && c.size == (width, height)
            && std::ptr::eq(c.index.as_ptr(), Arc::as_ptr(&self.ix))
            && c.shown == self.shown
        {
            return c.grid.clone();
        }
        let proj = self.map.projection(width, height);
        let grid = EventGrid::build(&proj, self.ix.cols().lat, self.ix.cols().lon, &self.shown);
        *cache = Some(Counted {
            view: self.map,
            size: (width, height),
            index: Arc::downgrade(&self.ix),
            shown: self.shown.clone(),
            grid: grid.clone(),
        });
        grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Options};

    /// The grid kept must be the one counting would give, whatever changed since: the
    /// selection (kept), the filter, the view, the size.
    #[test]
    fn the_kept_grid_is_the_counted_one() {
        let mut app = App::new(Index::new(crate::synth::events(3000, 5)), Options::default());
        app.update(Action::Resize { width: 160, height: 50 });
        let counted = |app: &App, w, h| {
            EventGrid::build(&app.map.projection(w, h), app.ix.cols().lat, app.ix.cols().lon, &app.shown)
        };
        let steps =
            [Action::Down, Action::NextDay, Action::Down, Action::ZoomIn, Action::PrevDay, Action::ClearFilters];
        for a in steps {
            app.update(a.clone());
            for (w, h) in [(60, 20), (60, 20), (61, 20)] {
                assert_eq!(app.event_grid(w, h), counted(&app, w, h), "after {a:?}, {w}x{h}");
            }
        }
    }
}
