//! The strip above the timeline: events per day, week or month of the filtered set, one
//! column per bin (or per few bins when they outnumber the columns), the selected event's bin
//! marked below.

use super::Theme;
use crate::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_LEVELS: [char; 8] = ['.', '.', ':', ':', '|', '|', '#', '#'];

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let h = &app.histogram;
    let title = match (h.first_day(), h.last_day()) {
        (Some(a), Some(b)) if !h.counts.is_empty() => {
            format!(" Events per {} · {} – {} ", h.unit.as_str(), a.format("%Y-%m-%d"), b.format("%Y-%m-%d"))
        }
        _ => " Events per day ".to_string(),
    };
    let block = Block::bordered().title(title).border_style(theme.border(false));
    let inner = block.inner(area);
    block.render(area, buf);
    if h.counts.is_empty() || inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    let per = h.counts.len().div_ceil(width);
    let cols: Vec<u32> = h.counts.chunks(per).map(|c| c.iter().sum()).collect();
    let max = cols.iter().copied().max().unwrap_or(0).max(1);
    let levels = if app.ascii { ASCII_LEVELS } else { LEVELS };
    let marked = app.selected().and_then(|ev| h.bin_of(app.ix.start[ev as usize])).map(|b| b / per);
    for (x, &c) in cols.iter().enumerate() {
        let ch = if c == 0 { ' ' } else { levels[((c as u64 * 7).div_ceil(max as u64)) as usize % 8] };
        let style = if Some(x) == marked { theme.selected() } else { theme.bar() };
        if let Some(cell) = buf.cell_mut((inner.x + x as u16, inner.y)) {
            cell.set_char(ch).set_style(style);
        }
    }
    if inner.height > 1
        && let Some(m) = marked
    {
        let y = inner.y + 1;
        let label = app
            .selected()
            .map(|ev| crate::app::filter::minute_day(app.ix.start[ev as usize]).format("%-d %b %Y").to_string())
            .unwrap_or_default();
        let arrow = if app.ascii { "^" } else { "▲" };
        // The label sits right of the arrow, or left of it near the right edge.
        let text = format!("{arrow} {label}");
        let len = text.chars().count();
        let x = if m + len <= width { m } else { m.saturating_sub(len - 1) };
        let text = if m + len <= width { text } else { format!("{label} {arrow}") };
        buf.set_stringn(inner.x + x as u16, y, text, width - x, theme.key());
    }
}
