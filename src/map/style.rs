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

/// The symbols of one marker kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// One event in a cell. 2 to 9 events show their count; more show `many`.
    pub event: char,
    pub many: char,
    pub selected: char,
    pub town: char,
    /// A border cell in ASCII (braille borders are dashed dots instead).
    pub border: char,
}

impl MarkerKind {
    pub fn glyphs(self) -> Glyphs {
        match self {
            MarkerKind::Braille => Glyphs { event: '●', many: '+', selected: '◉', town: '◦', border: '·' },
            MarkerKind::Ascii => Glyphs { event: '*', many: '+', selected: '@', town: 'o', border: '.' },
        }
    }

    /// The glyph of a cell holding `n` events (n >= 1).
    pub fn count_glyph(self, n: u32) -> char {
        match n {
            0 | 1 => self.glyphs().event,
            // 2..=9 is one decimal digit.
            2..=9 => char::from(b'0' + n as u8),
            _ => self.glyphs().many,
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
                selected: mark,
                selected_label: s.add_modifier(bold),
                note: s.add_modifier(Modifier::DIM),
            }
        }
    }

    /// The style of a cell holding `n` events.
    pub fn events(&self, n: u32) -> Style {
        match n {
            0 | 1 => self.event,
            2..=9 => self.events_few,
            _ => self.events_many,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_become_digits_then_many() {
        let k = MarkerKind::Ascii;
        let got: String = [1, 2, 9, 10, 1_000_000].iter().map(|&n| k.count_glyph(n)).collect();
        assert_eq!(got, "*29++");
        assert_eq!(MarkerKind::Braille.count_glyph(1), '●');
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
