//! The selected event in full: title, date, place, actors, each source's casualty figures side
//! by side, notes, and the sources with their quotes. Used by the details pane and, larger, by
//! the full-screen reader.
//!
//! The details are wrapped here, once per change of event, width or theme, not at every frame:
//! a note of ten megabytes takes a noticeable time to wrap, and a frame is drawn at every key
//! and every tick. A value that wraps continues under the value, not under its label.

use super::{Theme, fit};
use crate::index::Index;
use crate::model::Event;
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use std::cell::RefCell;
use std::sync::{Arc, Weak};
use unicode_width::UnicodeWidthChar;

/// The column where a field's value starts, under which its continuation rows go.
const LABEL: usize = 9;

fn field<'a>(label: &'a str, value: String, theme: Theme) -> Line<'a> {
    Line::from(vec![Span::styled(format!("{label:<9}"), theme.label()), Span::raw(value)])
}

fn count(c: Option<crate::model::Count>) -> String {
    c.map_or_else(|| "—".to_string(), |c| c.to_string())
}

/// The lines of an event's details, unwrapped, with the indent of their continuation rows;
/// `width` sets the columns of the casualty table.
fn lines_indented(e: &Event, theme: Theme, width: u16) -> Vec<(Line<'static>, usize)> {
    let mut out = Lines(Vec::new());
    out.push(Line::styled(inert(&e.title).into_owned(), theme.title()));
    let mut date = e.date.to_string();
    if e.date.precision.as_str() != "span" && !date.contains('(') {
        date.push_str(&format!(" ({})", e.date.precision.as_str()));
    }
    if let Some(t) = &e.date.text {
        date.push_str(&format!(" — “{}”", inert(t)));
    }
    out.push_at(field("Date", date, theme), LABEL);
    let kind = match &e.sub_type {
        Some(s) => format!("{} · {}", inert(&e.event_type), inert(s)),
        None => inert(&e.event_type).into_owned(),
    };
    out.push_at(field("Type", kind, theme), LABEL);
    if let Some(p) = &e.place {
        let admin: Vec<String> =
            [&p.admin2, &p.admin1, &p.country].into_iter().flatten().map(|a| inert(a).into_owned()).collect();
        let mut s = inert(&p.name).into_owned();
        if !admin.is_empty() {
            s.push_str(&format!(", {}", admin.join(", ")));
        }
        out.push_at(field("Place", s, theme), LABEL);
        let at = match p.lat_lon() {
            Some((la, lo)) => format!("{la:.4}, {lo:.4} ({} precision)", p.precision.as_str()),
            None => format!("no coordinates ({} precision)", p.precision.as_str()),
        };
        out.push_at(field("", at, theme), LABEL);
        if let Some(g) = &p.geo_source {
            out.push_at(Line::styled(format!("{:<9}{}", "", inert(g)), theme.dim()), LABEL);
        }
    }
    if !e.actors.is_empty() {
        out.push(Line::styled("Actors", theme.label()));
        for a in &e.actors {
            let role = format!("  {:<11}", a.role.as_str());
            let indent = role.chars().count();
            out.push_at(
                Line::from(vec![Span::styled(role, theme.dim()), Span::raw(inert(&a.name).into_owned())]),
                indent,
            );
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
        out.push_at(field("Tags", tags.join(", "), theme), LABEL);
    }
    out.push_at(Line::styled(format!("{:<9}{}", "Id", inert(&e.id)), theme.dim()), LABEL);
    out.0
}

/// Lines with the indent of their continuation rows.
struct Lines(Vec<(Line<'static>, usize)>);

impl Lines {
    fn push_at(&mut self, line: Line<'static>, indent: usize) {
        self.0.push((line, indent));
    }

    /// A line whose rows continue under its text: after its leading spaces and an opening quote.
    fn push(&mut self, line: Line<'static>) {
        let mut indent = 0;
        for c in line.spans.iter().flat_map(|s| s.content.chars()) {
            match c {
                ' ' => indent += 1,
                '“' => {
                    indent += 1;
                    break;
                }
                _ => break,
            }
        }
        self.0.push((line, indent));
    }
}

/// `line` cut into rows of at most `width` columns, at spaces where it can, each row after the
/// first indented by `indent` columns; a word longer than a row is cut where the row ends.
fn wrap(line: Line<'static>, indent: usize, width: usize, out: &mut Vec<Line<'static>>) {
    let width = width.max(1);
    if line.width() <= width {
        out.push(line);
        return;
    }
    // an indent that would leave less than half the row is not kept
    let indent = if indent * 2 > width { 0 } else { indent };
    let mut w = Wrapper {
        width,
        indent,
        style: line.style,
        rows: out,
        row: Vec::new(),
        row_w: 0,
        start: 0,
        word: Vec::new(),
        word_w: 0,
    };
    for span in &line.spans {
        for c in span.content.chars() {
            if c == ' ' {
                w.place_word();
                // a space at the end of a row, or at the start of a continuation row, is dropped
                if w.row_w >= w.width {
                    w.end_row();
                } else if w.row_w > w.start || w.start == 0 {
                    push_char(&mut w.row, ' ', span.style);
                    w.row_w += 1;
                }
                continue;
            }
            let cw = c.width().unwrap_or(0);
            if w.word_w + cw > width - indent {
                // longer than any row: it is cut
                w.place_word();
            }
            push_char(&mut w.word, c, span.style);
            w.word_w += cw;
        }
    }
    w.place_word();
    if w.row_w > w.start {
        w.end_row();
    }
}

/// Appends `c` in `style`, to the last piece when it has that style.
fn push_char(pieces: &mut Vec<(Style, String)>, c: char, style: Style) {
    match pieces.last_mut() {
        Some((s, text)) if *s == style => text.push(c),
        _ => pieces.push((style, c.to_string())),
    }
}

/// The state of [`wrap`]: the row being filled and the word not yet placed.
struct Wrapper<'o> {
    width: usize,
    indent: usize,
    style: Style,
    rows: &'o mut Vec<Line<'static>>,
    row: Vec<(Style, String)>,
    row_w: usize,
    /// Where the text of the current row starts (its indent).
    start: usize,
    word: Vec<(Style, String)>,
    word_w: usize,
}

impl Wrapper<'_> {
    fn end_row(&mut self) {
        let spans =
            std::mem::take(&mut self.row).into_iter().map(|(st, text)| Span::styled(text, st)).collect::<Vec<_>>();
        self.rows.push(Line::from(spans).style(self.style));
        self.row.push((Style::default(), " ".repeat(self.indent)));
        self.row_w = self.indent;
        self.start = self.indent;
    }

    /// Puts the pending word on the row, on the next row when it does not fit, cut when it
    /// fits on no row.
    fn place_word(&mut self) {
        if self.word_w == 0 {
            return;
        }
        if self.row_w + self.word_w > self.width && self.row_w > self.start {
            self.end_row();
        }
        for (style, text) in std::mem::take(&mut self.word) {
            for c in text.chars() {
                let cw = c.width().unwrap_or(0);
                if self.row_w + cw > self.width && self.row_w > self.start {
                    self.end_row();
                }
                push_char(&mut self.row, c, style);
                self.row_w += cw;
            }
        }
        self.word_w = 0;
    }
}

/// The rows of the details of one event at one width, kept between frames.
struct Wrapped {
    /// The index the event lives in: held weakly, which keeps its address from being reused,
    /// so that an index loaded again is never taken for this one.
    ix: Weak<Index>,
    event: u32,
    width: u16,
    theme: Theme,
    rows: Arc<Vec<Line<'static>>>,
}

thread_local! {
    /// The last two wrappings: the details pane and the full-screen reader can share a frame.
    static WRAPPED: RefCell<Vec<Wrapped>> = const { RefCell::new(Vec::new()) };
}

/// The rows of event `event` of `ix` at `width`, wrapped once per change.
pub fn rows(ix: &Arc<Index>, event: u32, width: u16, theme: Theme) -> Arc<Vec<Line<'static>>> {
    WRAPPED.with_borrow_mut(|cache| {
        let same = |w: &Wrapped| {
            Weak::ptr_eq(&w.ix, &Arc::downgrade(ix)) && w.event == event && w.width == width && w.theme == theme
        };
        if let Some(at) = cache.iter().position(same) {
            let hit = cache.remove(at);
            let rows = Arc::clone(&hit.rows);
            cache.insert(0, hit);
            return rows;
        }
        let mut out = Vec::new();
        for (line, indent) in lines_indented(ix.event(event), theme, width) {
            wrap(line, indent, usize::from(width), &mut out);
        }
        let rows = Arc::new(out);
        cache.insert(0, Wrapped { ix: Arc::downgrade(ix), event, width, theme, rows: Arc::clone(&rows) });
        cache.truncate(2);
        rows
    })
}

/// The details of event `shown` of its index in a bordered block, scrolled.
pub fn render(
    shown: Option<(&Arc<Index>, u32)>,
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
    let Some((ix, event)) = shown else {
        buf.set_stringn(
            inner.x + 1,
            inner.y,
            "No event selected.",
            inner.width.saturating_sub(1) as usize,
            theme.dim(),
        );
        return;
    };
    let rows = rows(ix, event, inner.width, theme);
    let from = usize::from(scroll).min(rows.len());
    let to = (from + usize::from(inner.height)).min(rows.len());
    Paragraph::new(rows[from..to].to_vec()).render(inner, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Line<'_>]) -> Vec<String> {
        rows.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn a_wrapped_value_continues_under_the_value() {
        let mut out = Vec::new();
        let line = Line::from(vec![Span::raw("Place    "), Span::raw("Kafr Nabl, Maarrat an Nu'man, Idlib, Syria")]);
        wrap(line, LABEL, 30, &mut out);
        assert_eq!(texts(&out), ["Place    Kafr Nabl, Maarrat an", "         Nu'man, Idlib, Syria"]);
    }

    #[test]
    fn a_word_longer_than_a_row_is_cut() {
        let mut out = Vec::new();
        wrap(Line::raw(format!("  {}", "x".repeat(25))), 2, 10, &mut out);
        assert_eq!(texts(&out), ["  xxxxxxxx", "  xxxxxxxx", "  xxxxxxxx", "  x"]);
        assert!(out.iter().all(|l| l.width() <= 10));
    }

    #[test]
    fn rows_never_pass_the_width_in_any_script() {
        let text = "  ضربات جوية على مدينة إدلب 空袭 伊德利卜 市 Khān Shaykhūn and a verylongwordwithoutspaces end";
        for width in [3, 7, 12, 20, 41] {
            let mut out = Vec::new();
            wrap(Line::raw(text), 2, width, &mut out);
            assert!(out.iter().all(|l| l.width() <= width), "{width}: {:?}", texts(&out));
            let joined: String = texts(&out).concat().split_whitespace().collect();
            assert_eq!(joined, text.split_whitespace().collect::<String>(), "{width}: nothing lost");
        }
    }
}
