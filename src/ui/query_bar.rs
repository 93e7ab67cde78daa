//! The query bar and the export prompt at the bottom of the screen: the text with its cursor,
//! then an error with a caret under the bad term, the names that match nothing, or the
//! completions.

use super::Theme;
use crate::app::{QueryBar, TextField};
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

/// The field on one line after a prompt, with a reverse-video cursor; scrolled so that the
/// cursor stays on screen.
pub(super) fn field_line(prompt: &str, f: &TextField, area: Rect, y: u16, buf: &mut Buffer, theme: Theme) -> u16 {
    let text = inert(&f.text);
    let before: String = text.chars().take(f.cursor_chars()).collect();
    let room = (area.width as usize).saturating_sub(prompt.width() + 1);
    let skip = before.width().saturating_sub(room);
    let mut x = area.x;
    x = buf.set_stringn(x, y, prompt, area.width as usize, theme.key()).0;
    let shown: String = text.chars().skip(skip).collect();
    buf.set_stringn(x, y, &shown, room, ratatui::style::Style::new());
    let cursor_x = x + before.chars().skip(skip).collect::<String>().width() as u16;
    if let Some(cell) = buf.cell_mut((cursor_x.min(area.right().saturating_sub(1)), y)) {
        cell.set_style(theme.selected());
    }
    x
}

pub fn render(bar: &QueryBar, area: Rect, buf: &mut Buffer, theme: Theme) {
    Clear.render(area, buf);
    let x0 = field_line("/ ", &bar.field, area, area.y, buf, theme);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(e) = &bar.error {
        let text = &bar.field.text;
        let (col, width) = e.caret(text);
        let pad = " ".repeat(usize::from(x0 - area.x) + col);
        lines.push(Line::from(vec![
            Span::raw(pad),
            Span::styled("^".repeat(width), theme.error()),
            Span::styled(format!(" {}", inert(&e.message)), theme.error()),
        ]));
        if let Some(h) = &e.hint {
            lines.push(Line::styled(format!("  {}", inert(h)), theme.dim()));
        }
    } else if let Some(c) = bar.cycle.as_ref().filter(|c| c.candidates.len() > 1) {
        let mut spans = vec![Span::styled("  Tab: ", theme.dim())];
        for (i, cand) in c.candidates.iter().enumerate().take(12) {
            let style = if i == c.index { theme.key() } else { theme.dim() };
            spans.push(Span::styled(format!("{}  ", inert(cand)), style));
        }
        lines.push(Line::from(spans));
    } else if !bar.notes.is_empty() {
        lines.push(Line::styled(format!("  note: {}", inert(&bar.notes.join("; "))), theme.warn()));
    }
    if lines.len() < 2 {
        lines.push(Line::styled(
            "  Enter keeps · Esc restores · Tab completes  e.g. actor:HTS date:2019-03-13 place:Idlib killed:>=5",
            theme.dim(),
        ));
    }
    for (i, l) in lines.iter().take(area.height.saturating_sub(1) as usize).enumerate() {
        buf.set_line(area.x, area.y + 1 + i as u16, l, area.width);
    }
}

pub fn render_prompt(field: &TextField, count: usize, area: Rect, buf: &mut Buffer, theme: Theme) {
    Clear.render(area, buf);
    field_line(&format!("Export {count} events to: "), field, area, area.y, buf, theme);
    if area.height > 1 {
        let help =
            "  Enter writes .json (sitrep JSON), .csv (a flat table) or .geojson, whole or not at all · Esc cancels";
        buf.set_stringn(area.x, area.y + 1, help, area.width as usize, theme.dim());
    }
}
