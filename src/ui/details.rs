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
#[cfg(test)]
fn wrap(line: Line<'static>, indent: usize, width: usize, out: &mut Vec<Line<'static>>) {
    if let Some(mut cut) = Cutter::new(line, indent, width, out) {
        cut.cut(out, usize::MAX);
    }
}

/// Appends `c` in `style`, to the last piece when it has that style.
fn push_char(pieces: &mut Vec<(Style, String)>, c: char, style: Style) {
    match pieces.last_mut() {
        Some((s, text)) if *s == style => text.push(c),
        _ => pieces.push((style, c.to_string())),
    }
}

/// A line being cut into rows, which can stop when enough rows are made and go on later: a
/// note of ten megabytes is cut as far as the screen shows, not to its end at once.
struct Cutter {
    line: Line<'static>,
    /// The line's own style, which every row keeps.
    style: Style,
    width: usize,
    indent: usize,
    /// Where the cut goes on: a span and a byte in it.
    span: usize,
    byte: usize,
    row: Vec<(Style, String)>,
    row_w: usize,
    /// Where the text of the current row starts (its indent).
    start: usize,
    word: Vec<(Style, String)>,
    word_w: usize,
}

impl Cutter {
    /// A cutter for `line`, or None when it fits and is put in `out` as it is.
    fn new(line: Line<'static>, indent: usize, width: usize, out: &mut Vec<Line<'static>>) -> Option<Cutter> {
        let width = width.max(1);
        // measured only as far as the row: a note of megabytes is not measured whole
        let mut used = 0;
        let fits = line.spans.iter().flat_map(|s| s.content.chars()).all(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        });
        if fits {
            out.push(line);
            return None;
        }
        // an indent is kept only where the value still has room for whole words beside it
        let indent = if indent * 2 > width || (indent > 4 && width - indent < 16) { 0 } else { indent };
        let (row, word) = (Vec::new(), Vec::new());
        let style = line.style;
        Some(Cutter { line, style, width, indent, span: 0, byte: 0, row, row_w: 0, start: 0, word, word_w: 0 })
    }

    /// Cuts rows into `out` until it holds `until` rows; false when the line is done.
    fn cut(&mut self, out: &mut Vec<Line<'static>>, until: usize) -> bool {
        let line = std::mem::take(&mut self.line);
        while self.span < line.spans.len() {
            let span = &line.spans[self.span];
            let from = self.byte;
            for (i, c) in span.content[from..].char_indices() {
                self.push(c, span.style, out);
                if out.len() >= until {
                    self.byte = from + i + c.len_utf8();
                    self.line = line;
                    return true;
                }
            }
            self.span += 1;
            self.byte = 0;
        }
        self.place_word(out);
        if self.row_w > self.start {
            self.end_row(out);
        }
        false
    }

    fn push(&mut self, c: char, style: Style, out: &mut Vec<Line<'static>>) {
        if c == ' ' {
            self.place_word(out);
            // a space at the end of a row, or at the start of a continuation row, is dropped
            if self.row_w >= self.width {
                self.end_row(out);
            } else if self.row_w > self.start || self.start == 0 {
                push_char(&mut self.row, ' ', style);
                self.row_w += 1;
            }
            return;
        }
        let cw = c.width().unwrap_or(0);
        if self.word_w + cw > self.width - self.indent {
            // longer than any row: it is cut
            self.place_word(out);
        }
        push_char(&mut self.word, c, style);
        self.word_w += cw;
    }

    fn end_row(&mut self, out: &mut Vec<Line<'static>>) {
        let spans = std::mem::take(&mut self.row).into_iter().map(|(st, text)| Span::styled(text, st));
        out.push(Line::from(spans.collect::<Vec<_>>()).style(self.style));
        self.row.push((Style::default(), " ".repeat(self.indent)));
        self.row_w = self.indent;
        self.start = self.indent;
    }

    /// Puts the pending word on the row, on the next row when it does not fit, cut when it
    /// fits on no row.
    fn place_word(&mut self, out: &mut Vec<Line<'static>>) {
        if self.word_w == 0 {
            return;
        }
        if self.row_w + self.word_w > self.width && self.row_w > self.start {
            self.end_row(out);
        }
        for (style, text) in std::mem::take(&mut self.word) {
            for c in text.chars() {
                let cw = c.width().unwrap_or(0);
                if self.row_w + cw > self.width && self.row_w > self.start {
                    self.end_row(out);
                }
                push_char(&mut self.row, c, style);
                self.row_w += cw;
            }
        }
        self.word_w = 0;
    }
}

/// The details of one event at one width, cut into rows as far as they have been shown, and
/// kept between frames.
struct Wrapped {
    /// The index the event lives in: held weakly, which keeps its address from being reused,
    /// so that an index loaded again is never taken for this one.
    ix: Weak<Index>,
    event: u32,
    width: u16,
    theme: Theme,
    /// The lines not yet begun, and the one being cut.
    lines: std::vec::IntoIter<(Line<'static>, usize)>,
    cutting: Option<Cutter>,
    rows: Vec<Line<'static>>,
}

impl Wrapped {
    /// Cuts until there are `n` rows, or all of them.
    fn fill(&mut self, n: usize) {
        while self.rows.len() < n {
            if let Some(c) = &mut self.cutting {
                if c.cut(&mut self.rows, n) {
                    continue;
                }
                self.cutting = None;
            }
            let Some((line, indent)) = self.lines.next() else { return };
            self.cutting = Cutter::new(line, indent, usize::from(self.width), &mut self.rows);
        }
    }
}

thread_local! {
    /// The last two wrappings: the details pane and the full-screen reader can share a frame.
    static WRAPPED: RefCell<Vec<Wrapped>> = const { RefCell::new(Vec::new()) };
}

/// Rows `from..to` of the details of event `event` of `ix` at `width` (fewer at the end),
/// cut once per change of event, width or theme, and only as far as asked.
pub fn rows(ix: &Arc<Index>, event: u32, width: u16, theme: Theme, from: usize, to: usize) -> Vec<Line<'static>> {
    WRAPPED.with_borrow_mut(|cache| {
        let same = |w: &Wrapped| {
            Weak::ptr_eq(&w.ix, &Arc::downgrade(ix)) && w.event == event && w.width == width && w.theme == theme
        };
        let mut w = match cache.iter().position(same) {
            Some(at) => cache.remove(at),
            None => Wrapped {
                ix: Arc::downgrade(ix),
                event,
                width,
                theme,
                lines: lines_indented(&ix.get(event).to_event(), theme, width).into_iter(),
                cutting: None,
                rows: Vec::new(),
            },
        };
        w.fill(to);
        let shown = w.rows.get(from.min(w.rows.len())..to.min(w.rows.len())).unwrap_or_default().to_vec();
        cache.insert(0, w);
        cache.truncate(2);
        shown
    })
}

/// The details of event `shown` of its index in a bordered block, scrolled; `why` (how the
/// filter's names met this event) above them.
#[allow(clippy::too_many_arguments)] // one more than the lint allows: the "why it matched" lines
pub fn render(
    shown: Option<(&Arc<Index>, u32)>,
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
    // The "why it matched" rows are few and change with the filter: cut each time, not cached.
    let mut matched = Vec::new();
    for (k, w) in why.iter().enumerate() {
        let label = if k == 0 { "Matched  " } else { "         " };
        let line = Line::from(vec![Span::styled(label, theme.label()), Span::raw(inert(w).into_owned())]);
        if let Some(mut cut) = Cutter::new(line, LABEL, usize::from(inner.width), &mut matched) {
            cut.cut(&mut matched, usize::MAX);
        }
    }
    let (from, height) = (usize::from(scroll), usize::from(inner.height));
    let first = matched.len();
    let mut shown: Vec<Line<'static>> = matched.into_iter().skip(from).take(height).collect();
    let rest = from.saturating_sub(first);
    shown.extend(rows(ix, event, inner.width, theme, rest, rest + height - shown.len()));
    Paragraph::new(shown).render(inner, buf);
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

    #[test]
    fn a_cut_that_stops_and_goes_on_gives_the_same_rows() {
        let line = Line::styled(
            format!("  {}", "a word or two, and averyveryverylongword ".repeat(50)),
            Style::new().italic(),
        );
        let mut whole = Vec::new();
        wrap(line.clone(), 2, 23, &mut whole);
        let mut parts = Vec::new();
        let mut cut = Cutter::new(line, 2, 23, &mut parts).expect("too wide for one row");
        let mut n = 0;
        while cut.cut(&mut parts, n + 1) {
            n += 1;
        }
        assert_eq!(parts, whole);
        assert!(whole.len() > 50 && whole.iter().all(|l| l.style == Style::new().italic()));
    }

    #[test]
    fn only_the_rows_shown_are_cut() {
        let e = serde_json::from_value::<Event>(serde_json::json!({
            "id": "big", "title": "t", "date": "2019-03-13", "type": "Battles", "notes": "word ".repeat(200_000)
        }))
        .expect("an event");
        let ix = Arc::new(Index::new(vec![e]));
        let shown = rows(&ix, 0, 60, Theme { color: true }, 100, 120);
        assert_eq!(shown.len(), 20);
        let made = WRAPPED.with_borrow(|c| c[0].rows.len());
        assert!(made < 200, "{made} rows cut for 120 shown");
        // to the end, and past it
        let last = rows(&ix, 0, 60, Theme { color: true }, 16_000, 20_000);
        assert!(!last.is_empty() && last.len() < 4000, "{}", last.len());
    }
}
