//! The help overlay: the words of [`help_lines`] in their styles, scrolled.

use super::Theme;
use crate::app::help::{HelpLine, help_lines, help_max_scroll};
use crate::app::{Action, App};
use crate::keymap::Context;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// The help's lines in their styles.
pub fn lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    help_lines(app)
        .into_iter()
        .map(|l| match l {
            HelpLine::Heading(t) => Line::styled(t, theme.heading()),
            HelpLine::ProblemsHeading(t) => Line::styled(t, theme.error()),
            HelpLine::Text(t) => Line::raw(t),
            HelpLine::Binding { keys, description } => {
                Line::from(vec![Span::styled(HelpLine::keys_column(&keys), theme.key()), Span::raw(description)])
            }
            HelpLine::Blank => Line::raw(""),
        })
        .collect()
}

pub fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer, theme: Theme) {
    Clear.render(area, buf);
    let close = app.keymap.key_for(Context::Help, &Action::Close).unwrap_or_else(|| "Esc".into());
    let max = help_max_scroll(app, (area.width, area.height));
    let scroll = scroll.min(max);
    let at = if max == 0 { String::new() } else { format!(" · {}%", u32::from(scroll) * 100 / u32::from(max)) };
    let block = Block::bordered().title(format!(" Help · {close} closes{at} ")).border_style(theme.border(true));
    Paragraph::new(lines(app, theme)).block(block).wrap(Wrap { trim: false }).scroll((scroll, 0)).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;

    /// The help stops scrolling where its text, counted in the app, ends: the styled lines
    /// drawn here must read exactly as the plain ones counted there.
    #[test]
    fn the_drawn_help_reads_as_the_counted_one() {
        let opts = crate::app::Options { warnings: vec!["a problem".into()], ..Default::default() };
        let app = App::new(Index::new(crate::synth::events(10, 1)), opts);
        let drawn: Vec<String> = lines(&app, Theme { color: true }).iter().map(|l| l.to_string()).collect();
        let counted: Vec<String> = help_lines(&app).iter().map(HelpLine::text).collect();
        assert_eq!(drawn, counted);
        assert!(counted.iter().any(|l| l.contains("Problems found at start")));
    }
}
