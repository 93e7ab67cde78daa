//! The timeline's scroll position and the rows it shows: events under day or month headings.
//!
//! Scrolling is anchored on events, not rows: `top` is the first event drawn, and the rows
//! from it are computed on demand, so that moving costs the height of the pane, never the
//! number of events.

use super::filter::minute_day;
use crate::index::Index;
use chrono::Datelike;

/// How events are grouped under headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Day,
    Month,
}

impl Grouping {
    /// Day headings for a set within about two months, month headings beyond.
    pub fn for_span(ix: &Index, shown: &[u32]) -> Grouping {
        match (shown.first(), shown.last()) {
            (Some(&a), Some(&b)) if ix.start[b as usize] - ix.start[a as usize] > 62 * 1440 => Grouping::Month,
            _ => Grouping::Day,
        }
    }

    /// A number that changes exactly when the group changes.
    pub fn key(self, ix: &Index, ev: u32) -> i64 {
        let m = ix.start[ev as usize];
        match self {
            Grouping::Day => m.div_euclid(1440),
            Grouping::Month => {
                let d = minute_day(m);
                d.year() as i64 * 12 + d.month0() as i64
            }
        }
    }
}

/// One row of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The heading of the group of this event (by position in the shown list).
    Heading(usize),
    Event(usize),
}

/// Where the timeline is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Position (in the shown list) of the first event drawn.
    pub top: usize,
    /// Position of the selected event.
    pub sel: usize,
    pub grouping: Grouping,
}

impl Timeline {
    /// The rows that fill `height` lines from `top`: the first is always the heading of the
    /// top event's group, so that the date is never off screen.
    pub fn rows(&self, ix: &Index, shown: &[u32], height: usize) -> Vec<Row> {
        let mut rows = Vec::with_capacity(height);
        let mut last = None;
        let mut pos = self.top;
        while rows.len() < height && pos < shown.len() {
            let g = self.grouping.key(ix, shown[pos]);
            if last != Some(g) && height > 1 {
                rows.push(Row::Heading(pos));
                last = Some(g);
                continue;
            }
            last = Some(g);
            rows.push(Row::Event(pos));
            pos += 1;
        }
        rows
    }

    /// Rows needed to draw events `top..=sel`, counting no further than `limit + 1`.
    fn rows_needed(&self, ix: &Index, shown: &[u32], top: usize, last: usize, limit: usize) -> usize {
        let mut n = 0;
        let mut prev = None;
        for &ev in &shown[top..=last.min(shown.len().saturating_sub(1))] {
            let g = self.grouping.key(ix, ev);
            n += if prev != Some(g) { 2 } else { 1 };
            prev = Some(g);
            if n > limit {
                break;
            }
        }
        n
    }

    /// Moves the selection to `sel` (clamped) and scrolls the least that shows it.
    pub fn select(&mut self, ix: &Index, shown: &[u32], sel: usize, height: usize) {
        if shown.is_empty() {
            *self = Timeline { grouping: self.grouping, ..Timeline::default() };
            return;
        }
        let h = height.max(2);
        self.sel = sel.min(shown.len() - 1);
        if self.sel < self.top {
            self.top = self.sel;
        } else if self.rows_needed(ix, shown, self.top, self.sel, h) > h {
            // Moving down past the bottom: the selection becomes the last row.
            self.top = self.sel;
            while self.top > 0 && self.rows_needed(ix, shown, self.top - 1, self.sel, h) <= h {
                self.top -= 1;
            }
        }
        // Fill the pane when the end of the list would leave it half empty.
        while self.top > 0 && self.rows_needed(ix, shown, self.top - 1, shown.len() - 1, h) <= h {
            self.top -= 1;
        }
    }

    /// Scrolls by whole events, the selection staying where it is unless it leaves the pane.
    pub fn move_by(&mut self, ix: &Index, shown: &[u32], delta: isize, height: usize) {
        let sel = self.sel.saturating_add_signed(delta);
        self.select(ix, shown, sel, height);
    }
}
