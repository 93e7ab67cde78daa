//! The strip above the timeline: events per day, week, month or year of the filtered set over
//! the full width, the scale (the tallest bin's count) in the title, dates along the axis, and
//! the selected event's bin marked. Events known only to a longer interval than a bin are
//! drawn as a dim band over the bins they may fall in.

use super::Theme;
use crate::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_LEVELS: [char; 8] = ['.', '.', ':', ':', '|', '|', '#', '#'];

/// The columns `[from, to)` of each bin when there are no more bins than columns, else the
/// bins of each column.
fn layout(bins: usize, width: usize) -> Vec<(usize, usize)> {
    if bins <= width {
        (0..bins).map(|b| (b * width / bins, (b + 1) * width / bins)).collect()
    } else {
        let per = bins.div_ceil(width);
        (0..bins).map(|b| (b / per, b / per + 1)).collect()
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let h = &app.histogram;
    let inner = Block::bordered().inner(area);
    let width = inner.width as usize;
    let cols = layout(h.counts.len(), width.max(1));
    // Per column: events within their bin, and shares of longer ones.
    let ncols = cols.last().map_or(0, |c| c.1);
    let (mut exact, mut spread) = (vec![0f32; ncols], vec![0f32; ncols]);
    for (b, &(a, _)) in cols.iter().enumerate() {
        exact[a] += h.counts[b] as f32;
        spread[a] += h.spread[b];
    }
    let max = exact.iter().zip(&spread).map(|(e, s)| e + s).fold(0f32, f32::max);
    let marked_bin = app.selected().and_then(|ev| h.bin_of(app.ix.cols().start[ev as usize]));
    let arrow = if app.ascii { "^" } else { "▲" };
    let title = if h.counts.is_empty() {
        " Events ".to_string()
    } else {
        // Shares of events spread over several bins make a bin's count fractional.
        let tallest = if max.fract() == 0.0 { format!("{max}") } else { format!("≈{}", max.round()) };
        let sel = app
            .selected()
            .map(|ev| {
                // An event known only to a week, month or span is named by its interval, not by
                // the first day of it.
                let when = &app.ix.get(ev).date();
                if when.length() <= chrono::Duration::days(1) {
                    format!(" · {arrow} {}", when.first_day().format("%-d %b %Y"))
                } else {
                    format!(" · {arrow} {}", when.compact())
                }
            })
            .unwrap_or_default();
        format!(" Events per {} · tallest {tallest}{sel} ", h.unit.as_str())
    };
    let title = super::fit(&title, area.width.saturating_sub(2) as usize);
    Block::bordered().title(title.trim_end().to_string() + " ").border_style(theme.border(false)).render(area, buf);
    if h.counts.is_empty() || inner.width == 0 || inner.height == 0 {
        return;
    }
    let levels = if app.ascii { ASCII_LEVELS } else { LEVELS };
    let marked = marked_bin.map(|b| cols[b]);
    for (b, &(a, z)) in cols.iter().enumerate() {
        let (e, s) = (exact[a], spread[a]);
        if cols.get(b + 1).is_some_and(|c| c.0 == a) {
            continue; // the column's last bin draws it
        }
        let total = e + s;
        let level = (total / max.max(f32::MIN_POSITIVE) * 8.0).ceil() as usize;
        let ch = if total <= 0.0 { ' ' } else { levels[level.clamp(1, 8) - 1] };
        let style = if marked.is_some_and(|m| m.0 <= a && a < m.1) {
            theme.selected()
        } else if e == 0.0 && s > 0.0 {
            theme.dim()
        } else {
            theme.bar()
        };
        for x in a..z {
            if let Some(cell) = buf.cell_mut((inner.x + x as u16, inner.y)) {
                cell.set_char(ch).set_style(style);
            }
        }
    }
    if inner.height < 2 {
        return;
    }
    // The axis: a bin's date where it fits, left to right, and the selected bin's arrow.
    let y = inner.y + 1;
    // The arrow's column: a label that would run under it is left out, never overwritten.
    let arrow_x = marked.map(|(a, z)| z.saturating_sub(1).max(a));
    let mut free = 0;
    for (b, &(a, _)) in cols.iter().enumerate() {
        if a < free || (b > 0 && cols[b - 1].0 == a) {
            continue;
        }
        let label = format!("╵{}", h.unit.axis_label(h.day(b)));
        let label = if app.ascii { label.replace('╵', "'") } else { label };
        let len = label.chars().count();
        if a + len > width {
            break;
        }
        if arrow_x.is_some_and(|x| a <= x + 1 && x <= a + len) {
            continue;
        }
        buf.set_stringn(inner.x + a as u16, y, &label, len, theme.dim());
        free = a + len + 1;
    }
    if let Some(x) = arrow_x {
        buf.set_stringn(inner.x + x as u16, y, arrow, 1, theme.key());
    }
}
