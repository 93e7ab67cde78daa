//! Drawing helpers of the panes' frames: titles that did not fit, text cut at a word. Where
//! each pane goes is the app's [`Areas`](crate::app::Areas), since the app scrolls and fits
//! the map by the same rectangles.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

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
