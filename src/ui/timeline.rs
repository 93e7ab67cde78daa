//! The timeline pane: events in date order under day or month headings, the selection marked
//! by a pointer and reverse video, a scrollbar on the right edge.

use super::{Theme, fit};
use crate::app::{App, Group, Grouping, Pane, Row};
use crate::glyph;
use crate::model::{DatePrecision, Event};
use crate::model::{day_minute, minute_day, next_month};
use crate::text::inert;
use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget};

/// The time column: the time when it is known, else how precise the date is; under a
/// heading of the event's own interval, the interval itself.
fn when(e: &Event, group: Group) -> String {
    let s = e.date.start;
    let t = match e.date.precision {
        DatePrecision::Minute => s.format("%H:%M").to_string(),
        DatePrecision::Hour => s.format("%Hh").to_string(),
        p => p.as_str().to_string(),
    };
    match group {
        // the heading gives the year; the row keeps the interval
        Group::Interval { .. } => {
            let c = e.date.compact();
            match c.get(..5) {
                Some(y) if c.len() > 7 && y.ends_with('-') => c[5..].to_string(),
                _ => c,
            }
        }
        Group::Month(_) if matches!(e.date.precision, DatePrecision::Month) => t,
        Group::Month(_) => {
            // the days an interval touches, not only the first ("12–14", not "12 span")
            let last = (e.date.end - chrono::Duration::minutes(1)).date();
            match (last > s.date(), e.date.precision) {
                (true, DatePrecision::Night) => format!("{}/{} night", s.day(), last.day()),
                (true, _) => format!("{:>2}–{}", s.day(), last.day()),
                (false, _) => format!("{:>2} {t}", s.day()),
            }
        }
        Group::Day(_) => t,
    }
}

/// "−12–15" style killed column: the range over all sources.
fn killed(e: &Event, ascii: bool) -> String {
    match e.killed() {
        Some(r) if ascii => format!("k{}", r.to_string().replace('–', "-").replace('≥', ">=")),
        Some(r) => format!("†{r}"),
        None => String::new(),
    }
}

/// The heading of the group of the event at `pos` (in the shown list), with its size.
fn heading(app: &App, pos: usize) -> String {
    let ix = &app.ix;
    let group = app.timeline.grouping.key(ix, app.shown[pos]);
    let (from, to) = match group {
        Group::Day(d) => (d * 1440, (d + 1) * 1440),
        Group::Month(_) => {
            let d = minute_day(ix.cols().start[app.shown[pos] as usize]);
            let first = d.with_day(1).unwrap_or(d);
            (day_minute(first), day_minute(next_month(first)))
        }
        Group::Interval { start, .. } => (start, start + 1),
    };
    // The shown list is in date order: the group's events start in [from, to), two binary
    // searches away; those of them in other groups (longer intervals) are not counted.
    let start = ix.cols().start;
    let a = app.shown.partition_point(|&i| start[i as usize] < from);
    let b = app.shown.partition_point(|&i| start[i as usize] < to);
    let n = app.shown[a..b].iter().filter(|&&i| app.timeline.grouping.key(ix, i) == group).count();
    format!("{} · {n} event{}", group.label(), if n == 1 { "" } else { "s" })
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let focused = app.focus == Pane::Timeline;
    let title = if app.searching() {
        " Timeline · searching… · the last filter's events ".to_string()
    } else {
        format!(" Timeline · {} of {} ", app.shown.len(), app.ix.len())
    };
    let block = Block::bordered().title(title).border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    if app.shown.is_empty() {
        let note = if app.ix.is_empty() { "No events loaded." } else { "No event matches the filter. c clears it." };
        buf.set_stringn(inner.x + 1, inner.y, note, inner.width.saturating_sub(1) as usize, theme.dim());
        return;
    }
    let rows = app.timeline.rows(&app.ix, &app.shown, inner.height as usize);
    let w = inner.width as usize;
    let tw = if app.timeline.grouping == Grouping::Month { 8 } else { 5 };
    let place_w = (w / 4).clamp(6, 20);
    for (y, row) in rows.iter().enumerate() {
        let y = inner.y + y as u16;
        match *row {
            Row::Heading(pos) => {
                // a heading too long for the pane is cut at a word, never inside one
                let room = (inner.width as usize).saturating_sub(3);
                let text = super::layout::cut_words(&heading(app, pos), room, app.ascii);
                let line = Line::from(vec![Span::styled(format!("── {text} "), theme.heading())]);
                buf.set_line(inner.x, y, &line, inner.width);
            }
            Row::Event(pos) => {
                let e = &app.ix.get(app.shown[pos]).to_event_without_notes();
                let group = app.timeline.grouping.key(&app.ix, app.shown[pos]);
                let when = if app.ascii { when(e, group).replace('…', "..") } else { when(e, group) };
                let tw = tw.max(when.chars().count());
                let selected = pos == app.timeline.sel;
                let k = killed(e, app.ascii);
                // under --ascii, names and titles transliterated whole ("Khān" as "Khan"), not
                // cell by cell
                let tx = |s: &str| if app.ascii { deunicode::deunicode(&inert(s)) } else { inert(s).into_owned() };
                let place = e.place.as_ref().map_or(String::new(), |p| tx(&p.name));
                let glyph = glyph::event_type(&e.event_type, e.sub_type.as_deref(), app.ascii);
                let fixed = 2 + tw + 3 + place_w + 1 + k.chars().count() + 1;
                let title_w = w.saturating_sub(fixed);
                let pointer = if selected { glyph::pointer(app.ascii) } else { " " };
                let spans = vec![
                    Span::raw(format!("{pointer} ")),
                    Span::styled(fit(&when, tw), theme.dim()),
                    Span::raw(format!(" {glyph} ")),
                    Span::styled(fit(&place, place_w), theme.place()),
                    Span::raw(" "),
                    Span::raw(fit(&tx(&e.title), title_w)),
                    Span::raw(" "),
                    // the warning colour for killed figures that cannot all be true
                    Span::styled(k, if e.killed().is_some_and(|r| r.disputed) { theme.warn() } else { theme.dim() }),
                ];
                let line = Line::from(spans);
                let row_area = Rect::new(inner.x, y, inner.width, 1);
                if selected {
                    buf.set_style(row_area, theme.selected());
                    buf.set_line(inner.x, y, &super::restyle(line, theme.selected()), inner.width);
                } else {
                    buf.set_line(inner.x, y, &line, inner.width);
                }
            }
        }
    }
    if app.shown.len() > inner.height as usize {
        let mut state = ScrollbarState::new(app.shown.len()).position(app.timeline.sel);
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some(if app.ascii { "|" } else { "│" }))
            .thumb_symbol(if app.ascii { "#" } else { "█" });
        let bar_area = Rect::new(area.x, inner.y, area.width, inner.height);
        bar.style(Style::new()).render(bar_area, buf, &mut state);
    }
}
