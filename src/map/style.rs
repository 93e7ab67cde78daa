//! How the map looks: the glyphs of each marker kind and the styles, with and without colour.

use ratatui::style::{Color, Modifier, Style};

/// How lines and markers are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MarkerKind {
    /// Lines in braille dots, 2x4 per cell: the finest a terminal can show.
    #[default]
    Braille,
    /// Only ASCII characters, for fonts without braille or geometric symbols.
    Ascii,
}

/// The symbols of one marker kind. Crowded cells show a density ramp instead (see
/// [`super::density`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// One event alone in its part of the map. A few alone show their count.
    pub event: char,
    /// The densest glyph of the ramp.
    pub many: char,
    pub selected: char,
    pub town: char,
    /// A border cell in ASCII (braille borders are dashed dots instead).
    pub border: char,
}

impl MarkerKind {
    pub fn glyphs(self) -> Glyphs {
        match self {
            MarkerKind::Braille => Glyphs { event: '●', many: '█', selected: '◉', town: '◦', border: '·' },
            // '@' and '.' belong to the density ramp `.:+#@`, and '+' is the cursor: the selection
            // is an X and a border a row of raised dots.
            MarkerKind::Ascii => Glyphs { event: '*', many: '@', selected: 'X', town: 'o', border: '\'' },
        }
    }
}

/// The styles of the map's parts. Without colour every part stays told apart by glyph and
/// modifier: the selected event is reversed and bold either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub coast: Style,
    pub border: Style,
    pub town: Style,
    pub capital: Style,
    pub area: Style,
    pub event: Style,
    pub events_few: Style,
    pub events_many: Style,
    /// The density ramp's colours, least to most (one style without colour).
    pub heat: [Style; 4],
    pub selected: Style,
    pub selected_label: Style,
    pub note: Style,
}

impl Palette {
    pub fn new(color: bool) -> Palette {
        let s = Style::new();
        let bold = Modifier::BOLD;
        let mark = s.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        if color {
            Palette {
                coast: s.fg(Color::Cyan),
                border: s.fg(Color::DarkGray),
                town: s,
                capital: s.add_modifier(bold),
                area: s.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
                event: s.fg(Color::Yellow),
                events_few: s.fg(Color::LightRed),
                events_many: s.fg(Color::Red).add_modifier(bold),
                heat: [
                    s.fg(Color::Yellow),
                    s.fg(Color::LightRed),
                    s.fg(Color::Red),
                    s.fg(Color::Red).add_modifier(bold),
                ],
                selected: mark.fg(Color::LightMagenta),
                selected_label: s.fg(Color::LightMagenta).add_modifier(bold),
                note: s.fg(Color::DarkGray),
            }
        } else {
            Palette {
                coast: s,
                border: s,
                town: s,
                capital: s.add_modifier(bold),
                area: s.add_modifier(Modifier::DIM | Modifier::ITALIC),
                event: s,
                events_few: s,
                events_many: s.add_modifier(bold),
                heat: [s, s, s, s],
                selected: mark,
                selected_label: s.add_modifier(bold),
                note: s.add_modifier(Modifier::DIM),
            }
        }
    }

    /// The style of a density cell, `heat` from 0 (least) to 1 (most).
    pub fn density(&self, heat: f64) -> Style {
        let i = (heat.clamp(0.0, 1.0) * 3.0).round() as usize;
        self.heat.get(i).copied().unwrap_or(self.events_many)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_colours_rise_with_heat_and_vanish_without_colour() {
        let p = Palette::new(true);
        assert_eq!((p.density(0.0).fg, p.density(1.0).fg), (Some(Color::Yellow), Some(Color::Red)));
        assert!(p.density(1.0).add_modifier.contains(Modifier::BOLD));
        assert_eq!(Palette::new(false).density(0.5).fg, None);
    }

    #[test]
    fn ascii_glyphs_are_ascii() {
        let g = MarkerKind::Ascii.glyphs();
        assert!([g.event, g.many, g.selected, g.town, g.border].iter().all(char::is_ascii));
    }

    #[test]
    fn selected_is_reversed_with_and_without_colour() {
        for color in [true, false] {
            let p = Palette::new(color);
            assert!(p.selected.add_modifier.contains(Modifier::REVERSED | Modifier::BOLD));
            assert_eq!(p.selected.fg.is_some(), color);
        }
    }
}
