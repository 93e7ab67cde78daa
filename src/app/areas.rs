//! Where each pane goes at a given terminal size, and what is dropped when it is small: the
//! map first, then the details, then the histogram; below 40x12 only a note.
//!
//! It lives in the app, not in the drawing, because the app needs the same rectangles: how
//! many rows the timeline pages by, which part of the world the map fits, where a click lands.

use ratatui::layout::Rect;

/// The smallest screen the browser draws.
pub const MIN: (u16, u16) = (40, 12);

/// The panes' outer rectangles (with their borders).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub histogram: Option<Rect>,
    pub timeline: Option<Rect>,
    pub map: Option<Rect>,
    pub details: Option<Rect>,
    /// The query bar or prompt, above the status line, when open.
    pub bar: Option<Rect>,
    pub status: Option<Rect>,
    /// The whole screen, for the note of a too small terminal and for overlays.
    pub screen: Rect,
}

/// Inside a one-cell border.
pub fn inner(r: Rect) -> Rect {
    Rect::new(r.x + 1, r.y + 1, r.width.saturating_sub(2), r.height.saturating_sub(2))
}

impl Areas {
    pub fn too_small(&self) -> bool {
        self.timeline.is_none()
    }

    pub fn timeline_inner(&self) -> Option<Rect> {
        self.timeline.map(inner)
    }

    pub fn timeline_rows(&self) -> u16 {
        self.timeline_inner().map_or(1, |r| r.height.max(1))
    }

    pub fn map_inner(&self) -> Option<Rect> {
        self.map.map(inner).filter(|r| r.width > 0 && r.height > 0)
    }
}

/// Splits the screen; `bar_rows` lines are kept above the status line for an open bar.
pub fn areas(screen: Rect, bar_rows: u16) -> Areas {
    let mut a = Areas { screen, ..Areas::default() };
    if screen.width < MIN.0 || screen.height < MIN.1 {
        return a;
    }
    let status = Rect::new(screen.x, screen.bottom() - 1, screen.width, 1);
    a.status = Some(status);
    let bar_rows = bar_rows.min(screen.height.saturating_sub(8));
    if bar_rows > 0 {
        a.bar = Some(Rect::new(screen.x, status.y - bar_rows, screen.width, bar_rows));
    }
    let body = Rect::new(screen.x, screen.y, screen.width, screen.height - 1 - bar_rows);
    let show_map = body.width >= 80 && body.height >= 16;
    let show_details = body.width >= 60 && body.height >= 10;
    let show_hist = body.height >= 16;
    let left_w = if show_map || show_details { (body.width * 11 / 20).max(MIN.0) } else { body.width };
    let left = Rect::new(body.x, body.y, left_w, body.height);
    let right = Rect::new(body.x + left_w, body.y, body.width - left_w, body.height);
    let hist_h = if show_hist { 4 } else { 0 };
    if show_hist {
        a.histogram = Some(Rect::new(left.x, left.y, left.width, hist_h));
    }
    a.timeline = Some(Rect::new(left.x, left.y + hist_h, left.width, left.height - hist_h));
    match (show_map, show_details) {
        (true, true) => {
            let map_h = right.height * 3 / 5;
            a.map = Some(Rect::new(right.x, right.y, right.width, map_h));
            a.details = Some(Rect::new(right.x, right.y + map_h, right.width, right.height - map_h));
        }
        (true, false) => a.map = Some(right),
        (false, true) => a.details = Some(right),
        (false, false) => {}
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_drop_out_as_the_screen_shrinks() {
        let a = areas(Rect::new(0, 0, 160, 50), 0);
        assert!(a.map.is_some() && a.details.is_some() && a.histogram.is_some());
        let a = areas(Rect::new(0, 0, 70, 20), 0);
        assert!(a.map.is_none() && a.details.is_some());
        let a = areas(Rect::new(0, 0, 40, 12), 0);
        assert!(a.map.is_none() && a.details.is_none() && a.timeline.is_some());
        assert!(areas(Rect::new(0, 0, 1, 1), 0).too_small());
        assert!(areas(Rect::new(0, 0, 39, 40), 3).too_small());
    }
}
