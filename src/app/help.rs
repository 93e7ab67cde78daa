//! What the help overlay says: how to do the common things, then every binding of the key map
//! by context, the legend of symbols, and the problems found at start. All key names come from
//! the key map in force, so the help is right after a user rebinds keys.
//!
//! The words are here and their looks in `ui`, because `update` needs to know where the help
//! ends (its last row at the bottom) to stop scrolling there.

use super::{Action, App};
use crate::keymap::Context;
use crate::map::MarkerKind;
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// One line of the help, by what it is: the drawing gives each kind its style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(String),
    /// The heading of the problems found at start.
    ProblemsHeading(String),
    Text(String),
    /// A row of the key map: its keys and what they do.
    Binding {
        keys: String,
        description: String,
    },
    Blank,
}

impl HelpLine {
    /// The keys' column of a binding, padded so that the descriptions line up.
    pub fn keys_column(keys: &str) -> String {
        format!("  {keys:<18}")
    }

    /// The line as text, as it is drawn.
    pub fn text(&self) -> String {
        match self {
            HelpLine::Heading(t) | HelpLine::ProblemsHeading(t) | HelpLine::Text(t) => t.clone(),
            HelpLine::Binding { keys, description } => format!("{}{description}", HelpLine::keys_column(keys)),
            HelpLine::Blank => String::new(),
        }
    }
}

pub fn help_lines(app: &App) -> Vec<HelpLine> {
    let key = |c: Context, a: Action| app.keymap.key_for(c, &a).unwrap_or_else(|| "(unbound)".into());
    let g = |a: Action| key(Context::Global, a);
    let mut out = vec![
        HelpLine::Heading("Getting around".into()),
        HelpLine::Text(format!(
            "  Move in the timeline with {} and {}; {} opens an event; {} moves the keys to the map, then the details.",
            key(Context::Timeline, Action::Down),
            key(Context::Timeline, Action::Up),
            key(Context::Timeline, Action::Details),
            g(Action::FocusNext)
        )),
        HelpLine::Text(format!(
            "  Filter by actor: press {}, type a few letters (e.g. hts), {} to take the first; {} picks several.",
            g(Action::OpenActors),
            key(Context::Picker, Action::Accept),
            key(Context::Picker, Action::Toggle)
        )),
        HelpLine::Text(format!(
            "  Filter by day: press {} for the selected event's day, again for the next day with events, {} back ({} {} by month).",
            g(Action::NextDay),
            g(Action::PrevDay),
            g(Action::NextMonth),
            g(Action::PrevMonth)
        )),
        HelpLine::Text(format!(
            "  Or type a query: press {}, type actor:HTS date:2019-03-13, then {} (Tab completes names).",
            g(Action::OpenQuery),
            key(Context::Query, Action::Accept)
        )),
        HelpLine::Text(format!(
            "  {} clears every filter; {} shows the command that reopens this view; {} quits.",
            g(Action::ClearFilters),
            g(Action::Cite),
            g(Action::Quit)
        )),
        HelpLine::Blank,
    ];
    for c in Context::ALL {
        let rows: Vec<_> = app.keymap.of(c).collect();
        if rows.is_empty() {
            continue;
        }
        out.push(HelpLine::Heading(c.title().to_string()));
        for b in rows {
            out.push(HelpLine::Binding { keys: b.keys_text(), description: b.description.clone() });
        }
        out.push(HelpLine::Blank);
    }
    out.push(HelpLine::Heading("Symbols".into()));
    for (u, a, what) in crate::glyph::LEGEND {
        out.push(HelpLine::Text(format!("  {}  {what}", if app.ascii { a } else { u })));
    }
    let g = if app.ascii { MarkerKind::Ascii } else { MarkerKind::Braille }.glyphs();
    out.push(HelpLine::Text(format!(
        "  Map: {} an event, a count where it has room, density up to {} where cells crowd; {} the selected event; {} a town",
        g.event, g.many, g.selected, g.town
    )));
    out.push(HelpLine::Text("  † killed, as a range (low–high) when the sources disagree".to_string()));
    if !app.warnings.is_empty() {
        out.push(HelpLine::Blank);
        out.push(HelpLine::ProblemsHeading("Problems found at start".into()));
        for w in &app.warnings {
            out.push(HelpLine::Text(format!("  {}", inert(w))));
        }
    }
    out
}

/// The furthest the help can scroll on a screen of `size`: its last row at the bottom. The
/// help is wrapped into a scratch buffer to count its rows exactly as they are drawn.
pub fn help_max_scroll(app: &App, size: (u16, u16)) -> u16 {
    const MOST: u16 = 2000;
    let inner_w = size.0.saturating_sub(2);
    let scratch = Rect::new(0, 0, inner_w, MOST);
    let mut buf = Buffer::empty(scratch);
    let lines: Vec<Line> = help_lines(app).iter().map(|l| Line::raw(l.text())).collect();
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(scratch, &mut buf);
    let w = usize::from(inner_w.max(1));
    let rows = buf.content.chunks(w).rposition(|row| row.iter().any(|c| c.symbol() != " ")).map_or(0, |r| r + 1);
    (rows as u16).saturating_sub(size.1.saturating_sub(2))
}
