//! The selected event in full: title, date, place, actors, each source's casualty figures side
//! by side, notes, and the sources with their quotes. Used by the details pane and, larger, by
//! the full-screen reader.

use super::{Theme, fit};
use crate::model::Event;
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

fn field<'a>(label: &'a str, value: String, theme: Theme) -> Line<'a> {
    Line::from(vec![Span::styled(format!("{label:<9}"), theme.label()), Span::raw(value)])
}

fn count(c: Option<crate::model::Count>) -> String {
    c.map_or_else(|| "—".to_string(), |c| c.to_string())
}

/// The lines of an event's details; `width` sets the columns of the casualty table.
pub fn lines(e: &Event, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    out.push(Line::styled(inert(&e.title).into_owned(), theme.title()));
    let mut date = e.date.to_string();
    if e.date.precision.as_str() != "span" && !date.contains('(') {
        date.push_str(&format!(" ({})", e.date.precision.as_str()));
    }
    if let Some(t) = &e.date.text {
        date.push_str(&format!(" — “{}”", inert(t)));
    }
    out.push(field("Date", date, theme));
    let kind = match &e.sub_type {
        Some(s) => format!("{} · {}", inert(&e.event_type), inert(s)),
        None => inert(&e.event_type).into_owned(),
    };
    out.push(field("Type", kind, theme));
    if let Some(p) = &e.place {
        let admin: Vec<String> =
            [&p.admin2, &p.admin1, &p.country].into_iter().flatten().map(|a| inert(a).into_owned()).collect();
        let mut s = inert(&p.name).into_owned();
        if !admin.is_empty() {
            s.push_str(&format!(", {}", admin.join(", ")));
        }
        out.push(field("Place", s, theme));
        let at = match p.lat_lon() {
            Some((la, lo)) => format!("{la:.4}, {lo:.4} ({} precision)", p.precision.as_str()),
            None => format!("no coordinates ({} precision)", p.precision.as_str()),
        };
        out.push(field("", at, theme));
        if let Some(g) = &p.geo_source {
            out.push(Line::styled(format!("{:<9}{}", "", inert(g)), theme.dim()));
        }
    }
    if !e.actors.is_empty() {
        out.push(Line::styled("Actors", theme.label()));
        for a in &e.actors {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<11}", a.role.as_str()), theme.dim()),
                Span::raw(inert(&a.name).into_owned()),
            ]));
        }
    }
    if !e.casualties.is_empty() || !e.figures.is_empty() {
        let mut head = vec![Span::styled("Casualties", theme.label())];
        if e.disputed() {
            head.push(Span::styled("  ≠ sources disagree", theme.warn()));
        }
        out.push(Line::from(head));
        let sw = (usize::from(width) / 2).clamp(10, 32);
        if !e.casualties.is_empty() {
            out.push(Line::styled(format!("  {} {:<14} {}", fit("source", sw), "killed", "injured"), theme.dim()));
        }
        for c in &e.casualties {
            out.push(Line::raw(format!(
                "  {} {:<14} {}",
                fit(&inert(&c.source), sw),
                count(c.killed),
                count(c.injured)
            )));
        }
        for f in &e.figures {
            out.push(Line::raw(format!("  {} {} {}", fit(&inert(&f.source), sw), f.count, inert(&f.label))));
        }
    }
    if let Some(n) = &e.notes {
        out.push(Line::styled("Notes", theme.label()));
        out.push(Line::raw(format!("  {}", inert(n))));
    }
    if !e.sources.is_empty() {
        out.push(Line::styled("Sources", theme.label()));
        for s in &e.sources {
            let mut head = format!("  {}", inert(&s.outlet));
            if let Some(a) = &s.author {
                head.push_str(&format!(", {}", inert(a)));
            }
            if let Some(p) = &s.published {
                head.push_str(&format!(", {}", inert(p)));
            }
            if let Some(h) = &s.headline {
                head.push_str(&format!(": {}", inert(h)));
            }
            out.push(Line::raw(head));
            for q in &s.quotes {
                out.push(Line::styled(format!("    “{}”", inert(q)), theme.dim()));
            }
            if let Some(u) = &s.url {
                out.push(Line::styled(format!("    {}", inert(u)), theme.dim()));
            }
        }
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| inert(t).into_owned()).collect();
        out.push(field("Tags", tags.join(", "), theme));
    }
    out.push(Line::styled(format!("{:<9}{}", "Id", inert(&e.id)), theme.dim()));
    out
}

/// The details in a bordered block, scrolled; `why` (how the filter's names met this event)
/// under the title.
#[allow(clippy::too_many_arguments)] // one more than the lint allows: the "why it matched" lines
pub fn render(
    e: Option<&Event>,
    why: &[String],
    title: &str,
    scroll: u16,
    focused: bool,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let block = Block::bordered().title(title.to_string()).border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(e) = e else {
        buf.set_stringn(
            inner.x + 1,
            inner.y,
            "No event selected.",
            inner.width.saturating_sub(1) as usize,
            theme.dim(),
        );
        return;
    };
    let mut lines = lines(e, theme, inner.width);
    for (k, w) in why.iter().enumerate() {
        lines.insert(1 + k, field(if k == 0 { "Matched" } else { "" }, inert(w).into_owned(), theme));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)).render(inner, buf);
}
