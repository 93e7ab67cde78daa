//! Styles, with and without colour. Without colour (NO_COLOR) every distinction that matters
//! is kept by reverse video, bold and a marker glyph.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    /// The selected row of the timeline and the pickers.
    pub fn selected(self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if self.color { s.fg(Color::Black).bg(Color::Yellow) } else { s.add_modifier(Modifier::REVERSED) }
    }

    /// The selected event's marker on the map.
    pub fn marker_selected(self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if self.color { s.fg(Color::Black).bg(Color::LightRed) } else { s.add_modifier(Modifier::REVERSED) }
    }

    pub fn marker(self) -> Style {
        self.fg(Color::LightRed)
    }

    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    pub fn label(self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn border(self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Yellow),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        }
    }

    pub fn place(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn town(self) -> Style {
        self.fg(Color::Gray)
    }

    pub fn bar(self) -> Style {
        self.fg(Color::Blue)
    }
}
