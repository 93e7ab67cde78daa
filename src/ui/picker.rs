//! The actor and type pickers: a popup with the narrowing text, the picks, and the names with
//! their counts within the filter and over all, picked ones ticked; actors with their roles.

use super::{Theme, fit};
use crate::app::{Action, Picker};
use crate::keymap::{Context, Keymap};
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

pub fn render(p: &Picker, keymap: &Keymap, screen: Rect, buf: &mut Buffer, theme: Theme, ascii: bool) {
    let area = centred(screen, 80, 70, (40, 10));
    Clear.render(area, buf);
    let actors = p.kind != NameKey::Type;
    let key = |a: Action| keymap.key_for(Context::Picker, &a).unwrap_or_else(|| "(unbound)".into());
    let title = format!(
        " {} · {} picked · {} picks · {} keeps · {} restores ",
        if actors { "Actors" } else { "Types" },
        p.picked.len(),
        key(Action::Toggle),
        key(Action::Accept),
        key(Action::Cancel)
    );
    let room = area.width.saturating_sub(2) as usize;
    let title = if unicode_width::UnicodeWidthStr::width(title.as_str()) > room { fit(&title, room) } else { title };
    let block = Block::bordered().title(title);
    let block = block.border_style(theme.border(true));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 3 {
        return;
    }
    let w = inner.width as usize;
    let prompt = Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(inert(&p.field.text).into_owned()),
        Span::styled(" ", theme.selected()),
        Span::styled(format!("   {} of {} names", p.visible.len(), p.items.len()), theme.dim()),
    ]);
    buf.set_line(inner.x, inner.y, &prompt, inner.width);
    // The picks stay in view whatever the list is narrowed to.
    let mut y = inner.y + 1;
    if !p.picked.is_empty() {
        let names: Vec<String> = p.picked.iter().map(|n| inert(n).into_owned()).collect();
        buf.set_stringn(inner.x, y, fit(&format!("picked: {}", names.join(" · ")), w), w, theme.key());
        y += 1;
    }
    let counts_w = 17;
    let roles_w = if actors { 16 } else { 0 };
    let name_w = w.saturating_sub(4 + roles_w + counts_w);
    let head = format!(
        "    {}{}{:>counts_w$}",
        fit("", name_w),
        if actors { format!("{:>roles_w$}", "by · on") } else { String::new() },
        if p.counting { "counting… / all" } else { "in filter / all" }
    );
    buf.set_stringn(inner.x, y, head, w, theme.dim());
    y += 1;
    let rows = inner.bottom().saturating_sub(y) as usize;
    let first = p.cursor.saturating_sub(rows.saturating_sub(1));
    for (r, &i) in p.visible.iter().skip(first).take(rows).enumerate() {
        let it = &p.items[i];
        let row_y = y + r as u16;
        let tick = match (p.is_picked(&it.name), ascii) {
            (true, false) => "[✓]",
            (true, true) => "[x]",
            (false, _) => "[ ]",
        };
        let mut label = inert(&it.name).into_owned();
        if it.members > 0 {
            label = format!("coalition of {}: {label}", it.members);
        }
        if !it.aliases.is_empty() {
            label.push_str(&format!("  ({})", inert(&it.aliases)));
        }
        // until the counts within the filter come, those over all would mislead
        let (by_on, count) = match p.counting {
            false => (format!("{} · {}", it.by, it.on), it.count.to_string()),
            true => ("…".to_string(), "…".to_string()),
        };
        let roles = if actors { format!("{by_on:>roles_w$}") } else { String::new() };
        let counts = format!("{:>counts_w$}", format!("{count} / {}", it.total));
        let style = if it.count == 0 && !p.counting { theme.dim() } else { ratatui::style::Style::default() };
        let line = Line::from(vec![
            Span::raw(format!("{tick} ")),
            Span::styled(fit(&label, name_w), style),
            Span::styled(roles, theme.dim()),
            Span::styled(counts, theme.dim()),
        ]);
        if first + r == p.cursor {
            buf.set_style(Rect::new(inner.x, row_y, inner.width, 1), theme.selected());
            buf.set_line(inner.x, row_y, &super::restyle(line, theme.selected()), inner.width);
        } else {
            buf.set_line(inner.x, row_y, &line, inner.width);
        }
    }
}
