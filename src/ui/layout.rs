//! Where each pane goes at a given terminal size, and what is dropped when it is small: the
//! map first, then the details, then the histogram; below 40x12 only a note.

use ratatui::buffer::Buffer;
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

/// Mends the title of the bordered block at `r` when it did not fit: a title that ran into the
/// corner ("Tab: stee┐") is cut at the last word that leaves room for "…" (or "..." under
/// `ascii`), a dangling separator ("·", ":") dropped, and the border drawn on to the corner.
pub fn mend_title(buf: &mut Buffer, r: Rect, ascii: bool) {
    if r.width < 4 || r.height == 0 {
        return;
    }
    let (first, last) = (r.x + 1, r.x + r.width - 2);
    let y = r.y;
    let is_border = |s: &str| matches!(s, "─" | "-" | "━" | "═");
    if is_border(buf[(last, y)].symbol()) || buf[(last, y)].symbol() == " " {
        return;
    }
    let text: Vec<String> = (first..=last).map(|x| buf[(x, y)].symbol().to_string()).collect();
    let ell: &[&str] = if ascii { &[".", ".", "."] } else { &["…"] };
    // the last space at which " " + ellipsis + " " still fits
    let room = text.len().saturating_sub(ell.len() + 1);
    let mut cut = (1..room.min(text.len())).rev().find(|&i| text[i] == " " && text[i - 1] != " ");
    // a separator left at the end says nothing: cut before it
    while let Some(i) = cut {
        let before = text[..i].iter().rposition(|s| s == " ").unwrap_or(0);
        let word: String = text[before + 1..i].concat();
        if matches!(word.as_str(), "·" | ":" | "-" | "|" | "–" | "—") && before > 0 {
            cut = Some(before);
        } else {
            break;
        }
    }
    let border = if ascii { "-" } else { "─" };
    let style = buf[(first, y)].style();
    let Some(i) = cut else {
        // not one word fits: no title, only the border
        for x in first..=last {
            buf[(x, y)].set_symbol(border);
        }
        return;
    };
    let mut x = first + i as u16;
    for sym in std::iter::once(" ").chain(ell.iter().copied()).chain(std::iter::once(" ")) {
        if x > last {
            break;
        }
        buf[(x, y)].set_symbol(sym).set_style(style);
        x += 1;
    }
    while x <= last {
        buf[(x, y)].set_symbol(border);
        x += 1;
    }
}

/// `s` cut to `width` columns at a word boundary with "…" (or "..." under `ascii`), never
/// mid-word; unchanged when it fits.
pub fn cut_words(s: &str, width: usize, ascii: bool) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= width {
        return s.to_string();
    }
    let ell = if ascii { "..." } else { "…" };
    let mut out = String::new();
    for w in s.split(' ') {
        let next = if out.is_empty() { w.to_string() } else { format!("{out} {w}") };
        if next.width() + 1 + ell.width() > width {
            break;
        }
        out = next;
    }
    if out.trim().is_empty() { String::new() } else { format!("{} {ell}", out.trim_end()) }
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

    fn titled(title: &str, width: u16, ascii: bool) -> String {
        use ratatui::widgets::{Block, Widget};
        let r = Rect::new(0, 0, width, 3);
        let mut buf = Buffer::empty(r);
        Block::bordered().title(title.to_string()).render(r, &mut buf);
        mend_title(&mut buf, r, ascii);
        (0..width).map(|x| buf[(x, 0)].symbol().to_string()).collect()
    }

    /// At 80x24 the map's title read "Tab: stee┐": a title is cut at a word, with an ellipsis.
    #[test]
    fn titles_are_cut_at_a_word_never_inside_one() {
        let t = " Map · 5.2 km a column · Tab: steer ";
        assert_eq!(titled(t, 40, false), "┌ Map · 5.2 km a column · Tab: steer ──┐");
        assert_eq!(titled(t, 36, false), "┌ Map · 5.2 km a column · Tab: … ──┐");
        assert_eq!(titled(t, 30, false), "┌ Map · 5.2 km a column … ───┐");
        assert_eq!(titled(t, 26, false), "┌ Map · 5.2 km a … ──────┐");
        assert_eq!(titled(t, 34, true), "┌ Map · 5.2 km a column ... -----┐");
        assert_eq!(titled(t, 6, false), "┌────┐");
        assert_eq!(cut_words("actor:HTS date:2019-03-13 place:Idlib", 30, false), "actor:HTS date:2019-03-13 …");
        assert_eq!(cut_words("short", 30, false), "short");
    }
}
