//! The help overlay: how to do the common things, then every binding of the key map by
//! context, the legend of symbols, and the problems found at start. All key names come from
//! the key map in force, so the help is right after a user rebinds keys.

use super::{Theme, glyph};
use crate::app::{Action, App};
use crate::keymap::Context;
use crate::map::MarkerKind;
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

pub fn lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let key = |c: Context, a: Action| app.keymap.key_for(c, &a).unwrap_or_else(|| "(unbound)".into());
    let g = |a: Action| key(Context::Global, a);
    let mut out = vec![
        Line::styled("Getting around", theme.heading()),
        Line::raw(format!(
            "  Move in the timeline with {} and {}; {} opens an event; {} moves the keys to the map, then the details.",
            key(Context::Timeline, Action::Down),
            key(Context::Timeline, Action::Up),
            key(Context::Timeline, Action::Details),
            g(Action::FocusNext)
        )),
        Line::raw(format!(
            "  Filter by actor: press {}, type a few letters (e.g. hts), {} to take the first; {} picks several.",
            g(Action::OpenActors),
            key(Context::Picker, Action::Accept),
            key(Context::Picker, Action::Toggle)
        )),
        Line::raw(format!(
            "  Filter by day: press {} for the selected event's day, again for the next day with events, {} back ({} {} by month).",
            g(Action::NextDay),
            g(Action::PrevDay),
            g(Action::NextMonth),
            g(Action::PrevMonth)
        )),
        Line::raw(format!(
            "  Or type a query: press {}, type actor:HTS date:2019-03-13, then {} (Tab completes names).",
            g(Action::OpenQuery),
            key(Context::Query, Action::Accept)
        )),
        Line::raw(format!(
            "  {} clears every filter; {} shows the command that reopens this view; {} quits.",
            g(Action::ClearFilters),
            g(Action::Cite),
            g(Action::Quit)
        )),
        Line::raw(""),
    ];
    for c in Context::ALL {
        let rows: Vec<_> = app.keymap.of(c).collect();
        if rows.is_empty() {
            continue;
        }
        out.push(Line::styled(c.title().to_string(), theme.heading()));
        for b in rows {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<18}", b.keys_text()), theme.key()),
                Span::raw(b.description.clone()),
            ]));
        }
        out.push(Line::raw(""));
    }
    out.push(Line::styled("Symbols", theme.heading()));
    for (u, a, what) in glyph::LEGEND {
        out.push(Line::raw(format!("  {}  {what}", if app.ascii { a } else { u })));
    }
    let g = if app.ascii { MarkerKind::Ascii } else { MarkerKind::Braille }.glyphs();
    out.push(Line::raw(format!(
        "  Map: {} an event, a count where it has room, density up to {} where cells crowd; {} the selected event; {} a town",
        g.event, g.many, g.selected, g.town
    )));
    out.push(Line::raw("  † killed, as a range (low–high) when the sources disagree".to_string()));
    if !app.warnings.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Problems found at start", theme.error()));
        for w in &app.warnings {
            out.push(Line::raw(format!("  {}", inert(w))));
        }
    }
    out
}

/// The furthest the help can scroll on a screen of `size`: its last row at the bottom. The
/// help is wrapped into a scratch buffer to count its rows exactly as they are drawn.
pub fn max_scroll(app: &App, size: (u16, u16)) -> u16 {
    const MOST: u16 = 2000;
    let inner_w = size.0.saturating_sub(2);
    let scratch = Rect::new(0, 0, inner_w, MOST);
    let mut buf = Buffer::empty(scratch);
    Paragraph::new(lines(app, Theme { color: false })).wrap(Wrap { trim: false }).render(scratch, &mut buf);
    let w = usize::from(inner_w.max(1));
    let rows = buf.content.chunks(w).rposition(|row| row.iter().any(|c| c.symbol() != " ")).map_or(0, |r| r + 1);
    (rows as u16).saturating_sub(size.1.saturating_sub(2))
}

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer, theme: Theme) {
    Clear.render(area, buf);
    let close = app.keymap.key_for(Context::Help, &Action::Close).unwrap_or_else(|| "Esc".into());
    let max = max_scroll(app, (area.width, area.height));
    let scroll = scroll.min(max);
    let at = if max == 0 { String::new() } else { format!(" · {}%", u32::from(scroll) * 100 / u32::from(max)) };
    let block = Block::bordered().title(format!(" Help · {close} closes{at} ")).border_style(theme.border(true));
    Paragraph::new(lines(app, theme)).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)).render(area, buf);
}
