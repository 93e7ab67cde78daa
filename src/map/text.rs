//! The map as text, for `sitrep map` and for tests: the widget rendered into a buffer, the buffer
//! turned into lines, and a legend below. ANSI escapes only when asked for.

use super::density::Marks;
use super::labels::text_width;
use super::style::MarkerKind;
use super::widget::MapScene;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

/// The on-screen credit the data's licences ask for.
pub const CREDIT: &str = "Coasts and borders: Natural Earth. Places: GeoNames (geonames.org), CC BY 4.0.";

/// How [`render_text`] writes the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOptions {
    /// Write the cells' styles as ANSI escape sequences (SGR); plain text otherwise.
    pub ansi: bool,
    /// Add the legend below the map.
    pub legend: bool,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions { ansi: false, legend: true }
    }
}

/// The map in `width` x `height` cells, one line per row, then the legend (a few more lines,
/// wrapped to `width`). Plain text lines have no trailing blanks.
pub fn render_text(scene: &MapScene<'_>, width: u16, height: u16, opts: &TextOptions) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    let frame = scene.layout(width, height);
    frame.draw(area, &mut buf);
    let mut out = String::new();
    for line in buffer_lines(&buf, opts.ansi) {
        out.push_str(&line);
        out.push('\n');
    }
    if opts.legend {
        let g = &frame.grid;
        let mut counts = format!("{} events shown, {} without location", thousands(g.shown), thousands(g.unlocated));
        if g.outside > 0 {
            counts.push_str(&format!(", {} outside the view", thousands(g.outside)));
        }
        for line in wrap(&legend_items(scene.marker, &frame.marks), usize::from(width)) {
            out.push_str(&line);
            out.push('\n');
        }
        let about = if scene.marker == MarkerKind::Ascii { "about" } else { "≈" };
        let scale = format!("1 column {about} {}", distance(scene.camera.km_per_col()));
        for line in wrap(&[counts, scale], usize::from(width)) {
            out.push_str(&line);
            out.push('\n');
        }
        if scene.selected.is_some() {
            let label = crate::text::inert(&scene.selected_label).into_owned();
            let glyph = scene.marker.glyphs().selected;
            out.push_str(&format!("{glyph} selected: {label}\n"));
        }
        out.push_str(CREDIT);
        out.push('\n');
    }
    out
}

/// Each row of `buf` as a string: plain with trailing blanks cut, or with SGR escapes.
pub fn buffer_lines(buf: &Buffer, ansi: bool) -> Vec<String> {
    let area = buf.area;
    let mut lines = Vec::with_capacity(usize::from(area.height));
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut sgr_now = String::new();
        let mut skip = 0usize;
        for x in area.left()..area.right() {
            let Some(cell) = buf.cell((x, y)) else { continue };
            // The cells after a wide character are covered by it.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            skip = text_width(sym).saturating_sub(1).into();
            if ansi {
                let sgr = sgr(cell.fg, cell.bg, cell.modifier);
                if sgr != sgr_now {
                    line.push_str(&sgr);
                    sgr_now = sgr;
                }
            }
            line.push_str(if sym.is_empty() { " " } else { sym });
        }
        if ansi {
            line.push_str("\x1b[0m");
        } else {
            line.truncate(line.trim_end().len());
        }
        lines.push(line);
    }
    lines
}

/// The legend: the symbols, then the density scale of this frame when it drew any.
pub fn legend_items(marker: MarkerKind, marks: &Marks) -> Vec<String> {
    let g = marker.glyphs();
    let (coast, border) = match marker {
        MarkerKind::Braille => ("⠒⠒".to_string(), "⠒ ⠒".to_string()),
        MarkerKind::Ascii => ("-|/\\".to_string(), g.border.to_string().repeat(3)),
    };
    let mut items = vec![
        format!("{} selected", g.selected),
        format!("{} one event", g.event),
        "12 events in a cell".to_string(),
        format!("{} town", g.town),
        format!("{coast} coast"),
        format!("{border} border"),
    ];
    if marks.dense {
        items.push("events per cell:".to_string());
        items.extend(marks.ramp.legend());
    }
    items
}

/// Items joined by two blanks, on as many lines of `width` cells as they need.
fn wrap(items: &[String], width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for item in items {
        let Some(last) = lines.last_mut() else { break };
        let need = usize::from(text_width(item)) + if last.is_empty() { 0 } else { 2 };
        if !last.is_empty() && usize::from(text_width(last)) + need > width {
            lines.push(item.clone());
        } else {
            if !last.is_empty() {
                last.push_str("  ");
            }
            last.push_str(item);
        }
    }
    lines
}

/// 1234567 -> "1,234,567".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn distance(km: f64) -> String {
    if km >= 10.0 {
        format!("{km:.0} km")
    } else if km >= 1.0 {
        format!("{km:.1} km")
    } else {
        format!("{:.0} m", km * 1000.0)
    }
}

/// The SGR sequence that sets exactly these colours and modifiers.
fn sgr(fg: Color, bg: Color, m: Modifier) -> String {
    let mut s = String::from("\x1b[0");
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if m.contains(flag) {
            s.push(';');
            s.push_str(code);
        }
    }
    for (c, base) in [(fg, 30u8), (bg, 40u8)] {
        if let Some(code) = color_code(c, base) {
            s.push(';');
            s.push_str(&code);
        }
    }
    s.push('m');
    s
}

fn color_code(c: Color, base: u8) -> Option<String> {
    let named = |n: u8| Some((base + n).to_string());
    let bright = |n: u8| Some((base + 60 + n).to_string());
    match c {
        Color::Reset => None,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_distances_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(distance(2.64), "2.6 km");
        assert_eq!(distance(0.03), "30 m");
        assert_eq!(distance(27.8), "28 km");
    }

    #[test]
    fn wrap_keeps_items_whole() {
        let items: Vec<String> = ["aaa", "bb", "cccc"].iter().map(|s| s.to_string()).collect();
        assert_eq!(wrap(&items, 9), vec!["aaa  bb", "cccc"]);
        assert_eq!(wrap(&items, 1), vec!["aaa", "bb", "cccc"]);
    }

    #[test]
    fn sgr_codes() {
        assert_eq!(sgr(Color::Reset, Color::Reset, Modifier::empty()), "\x1b[0m");
        assert_eq!(sgr(Color::LightMagenta, Color::Reset, Modifier::BOLD | Modifier::REVERSED), "\x1b[0;1;7;95m");
        assert_eq!(sgr(Color::Indexed(200), Color::Blue, Modifier::empty()), "\x1b[0;38;5;200;44m");
    }
}
