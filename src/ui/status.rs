//! The status line: how many events are shown, the active filter terms (or the last message),
//! and the keys of the focused pane from the key map.

use super::Theme;
use crate::app::{Action, App, Ask, TextField};
use crate::keymap::Context;
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Hints for the footer: `?` help first, then the rows marked for the footer, innermost
/// context first.
pub fn hints(app: &App) -> Vec<(String, String)> {
    let contexts = app.contexts();
    let mut out: Vec<(String, String)> = Vec::new();
    if contexts.contains(&Context::Global)
        && let Some(k) = app.keymap.key_for(Context::Global, &Action::Help)
    {
        out.push((k, "help".into()));
    }
    for c in contexts {
        for b in app.keymap.of(c) {
            if let Some(label) = &b.footer
                && b.action != Action::Help
            {
                out.push((b.keys_text(), label.clone()));
            }
        }
    }
    out
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    // While the filter runs, the events on screen are the last filter's: no count is claimed.
    let count = if app.searching() {
        Span::styled(" searching… ", theme.warn())
    } else {
        Span::styled(format!(" {} of {} events ", app.shown.len(), app.ix.len()), theme.title())
    };
    let mut left: Vec<Span> = vec![count];
    // The active filter is always shown; a message follows it until it fades.
    let terms = app.filter.terms();
    if terms.is_empty() {
        left.push(Span::styled("no filter", theme.dim()));
    } else {
        left.push(Span::styled(inert(&terms.join("  ")).into_owned(), theme.label()));
    }
    match (&app.reload_error, &app.message) {
        (Some(e), _) => left
            .push(Span::styled(format!(" · reload failed, showing the last good data: {}", inert(e)), theme.error())),
        (None, Some(m)) => {
            left.push(Span::styled(format!(" · {}", inert(&m.text)), if m.error { theme.error() } else { theme.key() }))
        }
        (None, None) => {}
    }
    // what does not fit is cut at a word, never inside one
    let first = left[0].content.width();
    if let Some(last) = left.get_mut(1) {
        let room = (area.width as usize).saturating_sub(first);
        last.content = super::layout::cut_words(&last.content, room, app.ascii).into();
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let mut right: Vec<Span> = Vec::new();
    let mut room = (area.width as usize).saturating_sub(used + 3);
    for (k, l) in hints(app) {
        let w = k.width() + l.width() + 3;
        if w > room {
            break;
        }
        room -= w;
        right.push(Span::styled(k, theme.key()));
        right.push(Span::styled(format!(" {l}  "), theme.dim()));
    }
    buf.set_line(area.x, area.y, &Line::from(left), area.width);
    let rw: usize = right.iter().map(|s| s.content.width()).sum();
    let x = area.x + area.width.saturating_sub(rw as u16);
    buf.set_line(x, area.y, &Line::from(right), rw as u16);
}

/// The one-line prompts above the status line: a date to go to, a search.
pub fn render_ask(what: Ask, field: &TextField, area: Rect, buf: &mut Buffer, theme: Theme) {
    ratatui::widgets::Widget::render(ratatui::widgets::Clear, area, buf);
    let (label, help) = match what {
        Ask::Date => (
            "Go to date: ",
            "  Enter selects the first event on or after it (2019-05-07, 2019-05, 2019); the filter stays · Esc cancels",
        ),
        _ => (
            "Find: ",
            "  a query (actor:HTS, camp, killed:>=10); Enter goes to the first match, n and N to the next and previous · Esc cancels",
        ),
    };
    super::query_bar::field_line(label, field, area, area.y, buf, theme);
    if area.height > 1 {
        buf.set_stringn(area.x, area.y + 1, help, area.width as usize, theme.dim());
    }
}
