//! Drawing the browser: a pure function of [`App`] into a ratatui buffer.
//!
//! `impl Widget for &App` lays the screen out (see [`Areas`](crate::app::Areas)) and asks each pane to draw
//! itself. Every string that comes from a data file goes through [`crate::text::inert`] before
//! it reaches a cell, so that no control character or escape sequence reaches the terminal.

mod details;
mod help;
mod histogram;
pub mod layout;
pub mod map_pane;
mod picker;
mod query_bar;
mod status;
mod theme;
mod timeline;

pub use status::hints;
pub use theme::Theme;

use crate::app::areas::{self, Areas};
use crate::app::{App, Overlay, Pane};
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut (with an ellipsis) or padded to exactly `w` columns.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        let mut out = s.to_string();
        out.extend(std::iter::repeat_n(' ', w - s.width()));
        return out;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    if w > 0 {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// The line with every span in one style: a selected row reads as one bar, in colour or not.
pub fn restyle(line: Line<'_>, style: ratatui::style::Style) -> Line<'_> {
    Line::from(line.spans.into_iter().map(|s| s.style(style)).collect::<Vec<_>>())
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme { color: !self.no_color };
        let a = areas::areas(area, self.bar_rows());
        if a.too_small() {
            let note = format!(
                "sitrep needs a terminal of at least {}x{} (this one is {}x{}); q quits",
                areas::MIN.0,
                areas::MIN.1,
                area.width,
                area.height
            );
            Paragraph::new(note).wrap(Wrap { trim: true }).render(area, buf);
            return;
        }
        if let Some(r) = a.histogram {
            histogram::render(self, r, buf, theme);
        }
        if let Some(r) = a.timeline {
            timeline::render(self, r, buf, theme);
        }
        if let Some(r) = a.map {
            map_pane::render(self, r, buf, theme);
        }
        if let Some(r) = a.details {
            let title = " Details · Enter for full screen ";
            details::render(
                self.selected().map(|i| (&self.ix, i)),
                &self.why_matched(),
                title,
                self.details_scroll,
                self.focus == Pane::Details,
                r,
                buf,
                theme,
            );
            // Which alias of the user's alias file matched, on the pane's bottom border.
            if let Some(note) = self.alias_note()
                && r.height > 2
            {
                let w = r.width.saturating_sub(4) as usize;
                let text = format!(" {} ", inert(&note));
                let text = if text.width() > w { fit(&text, w) } else { text };
                buf.set_stringn(r.x + 2, r.bottom() - 1, text, w, theme.label());
            }
        }
        if let Some(r) = a.status {
            status::render(self, r, buf, theme);
        }
        for r in [a.histogram, a.timeline, a.map, a.details].into_iter().flatten() {
            layout::mend_title(buf, r, self.ascii);
        }
        self.render_overlay(area, &a, buf, theme);
        if self.ascii {
            crate::glyph::to_ascii(buf, area);
        }
    }
}

impl App {
    fn render_overlay(&self, area: Rect, a: &Areas, buf: &mut Buffer, theme: Theme) {
        match &self.overlay {
            Overlay::None => {}
            Overlay::Help { scroll } => help::render(self, *scroll, area, buf, theme),
            Overlay::Reader { scroll } => {
                Clear.render(area, buf);
                let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
                let why = self.why_matched();
                details::render(
                    self.selected().map(|i| (&self.ix, i)),
                    &why,
                    " Event · Esc back ",
                    *scroll,
                    true,
                    body,
                    buf,
                    theme,
                );
                if let Some(r) = a.status {
                    status::render(self, r, buf, theme);
                }
            }
            Overlay::Cite(cmd) => {
                let r = picker::centred(area, 80, 30, (40, 8));
                Clear.render(r, buf);
                let mut lines = vec![
                    Line::styled("This command reopens the view:", theme.label()),
                    Line::raw(""),
                    Line::raw(inert(cmd).into_owned()),
                    Line::raw(""),
                    Line::styled("Shift-drag selects it in most terminals; it is printed again on quit.", theme.dim()),
                ];
                if self.filter.within.is_some() {
                    lines.push(Line::styled(
                        "The map's view box is left out: the query language has no term for it.",
                        theme.warn(),
                    ));
                }
                let block = Block::bordered().title(" Cite this view · Esc closes ").border_style(theme.border(true));
                Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).render(r, buf);
                layout::mend_title(buf, r, self.ascii);
            }
            Overlay::Query(bar) => {
                if let Some(r) = a.bar {
                    query_bar::render(bar, r, buf, theme);
                }
            }
            Overlay::Prompt(what, field) => {
                if let Some(r) = a.bar {
                    match what {
                        crate::app::Ask::Export => query_bar::render_prompt(field, self.shown.len(), r, buf, theme),
                        _ => status::render_ask(*what, field, r, buf, theme),
                    }
                }
            }
            Overlay::Picker(p) => picker::render(p, &self.keymap, area, buf, theme, self.ascii),
        }
    }
}
