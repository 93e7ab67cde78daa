//! The actor and type pickers: a popup with the narrowing text, and the names with their
//! counts, picked ones ticked.

use super::{Theme, fit};
use crate::app::Picker;
use crate::query::NameKey;
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

/// A centred rectangle of a share of the screen, at least `min` cells.
pub fn centred(screen: Rect, pct_w: u16, pct_h: u16, min: (u16, u16)) -> Rect {
    let w = (screen.width * pct_w / 100).max(min.0).min(screen.width);
    let h = (screen.height * pct_h / 100).max(min.1).min(screen.height);
    Rect::new(screen.x + (screen.width - w) / 2, screen.y + (screen.height - h) / 2, w, h)
}

pub fn render(p: &Picker, screen: Rect, buf: &mut Buffer, theme: Theme, ascii: bool) {
    let area = centred(screen, 70, 70, (40, 10));
    Clear.render(area, buf);
    let what = if p.kind == NameKey::Type { "Types" } else { "Actors" };
    let title = format!(" {what} · {} picked · Space picks · Enter keeps · Esc restores ", p.picked.len());
    let block = Block::bordered().title(title).border_style(theme.border(true));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 2 {
        return;
    }
    let prompt = Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(inert(&p.field.text).into_owned()),
        Span::styled(" ", theme.selected()),
        Span::styled(format!("   {} of {}", p.visible.len(), p.items.len()), theme.dim()),
    ]);
    buf.set_line(inner.x, inner.y, &prompt, inner.width);
    let rows = (inner.height - 1) as usize;
    let first = p.cursor.saturating_sub(rows.saturating_sub(1));
    let w = inner.width as usize;
    for (r, &i) in p.visible.iter().skip(first).take(rows).enumerate() {
        let it = &p.items[i];
        let y = inner.y + 1 + r as u16;
        let tick = match (p.is_picked(&it.name), ascii) {
            (true, false) => "[✓]",
            (true, true) => "[x]",
            (false, _) => "[ ]",
        };
        let count = format!("{:>7}", it.count);
        let name_w = w.saturating_sub(4 + count.len() + 1);
        let mut label = inert(&it.name).into_owned();
        if !it.aliases.is_empty() {
            label.push_str(&format!("  ({})", inert(&it.aliases)));
        }
        let line = Line::from(vec![
            Span::raw(format!("{tick} ")),
            Span::raw(fit(&label, name_w)),
            Span::styled(count, theme.dim()),
        ]);
        if first + r == p.cursor {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected());
            buf.set_line(inner.x, y, &super::restyle(line, theme.selected()), inner.width);
        } else {
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}
