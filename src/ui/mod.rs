//! Drawing the browser: a pure function of [`App`] into a ratatui buffer.
//!
//! `impl Widget for &App` lays the screen out (see [`layout`]) and asks each pane to draw
//! itself. Every string that comes from a data file goes through [`crate::text::inert`] before
//! it reaches a cell, so that no control character or escape sequence reaches the terminal.

mod details;
mod glyph;
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
        let a = layout::areas(area, self.bar_rows());
        if a.too_small() {
            let note = format!(
                "sitrep needs a terminal of at least {}x{} (this one is {}x{}); q quits",
                layout::MIN.0,
                layout::MIN.1,
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
                title,
                self.details_scroll,
                self.focus == Pane::Details,
                r,
                buf,
                theme,
            );
        }
        if let Some(r) = a.status {
            status::render(self, r, buf, theme);
        }
        match &self.overlay {
            Overlay::None => {}
            Overlay::Help { scroll } => help::render(self, *scroll, area, buf, theme),
            Overlay::Reader { scroll } => {
                Clear.render(area, buf);
                let body = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
                details::render(
                    self.selected().map(|i| (&self.ix, i)),
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
                if self.filter.view.is_some() {
                    lines.push(Line::styled(
                        "The map's view box is left out: the query language has no term for it.",
                        theme.warn(),
                    ));
                }
                let block = Block::bordered().title(" Cite this view · Esc closes ").border_style(theme.border(true));
                Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).render(r, buf);
            }
            Overlay::Query(bar) => {
                if let Some(r) = a.bar {
                    query_bar::render(bar, r, buf, theme);
                }
            }
            Overlay::Prompt(field) => {
                if let Some(r) = a.bar {
                    query_bar::render_prompt(field, self.shown.len(), r, buf, theme);
                }
            }
            Overlay::Picker(p) => picker::render(p, area, buf, theme, self.ascii),
        }
    }
}
