//! The map pane: the map (see [`crate::map`]) with the filtered events, the selected one
//! highlighted with its date and place beside it, and the density scale in the bottom border.
//! [`render_map`] is the one place the map widget is called from. Under `--ascii` every cell of
//! the pane, its border included, is ASCII.

use super::Theme;
use crate::app::{App, Pane};
use crate::map::{MapFrame, MapScene, MarkerKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Widget};

/// A border of ASCII characters only.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let focused = app.focus == Pane::Map;
    let hint = if focused { "Enter: near here, f: in view" } else { "Tab: steer" };
    let dot = if app.ascii { "|" } else { "·" };
    let title = format!(" Map {dot} {:.1} km a column {dot} {hint} ", app.map.km_per_col());
    let mut block = Block::bordered().title(title).border_style(theme.border(focused));
    if app.ascii {
        block = block.border_set(ASCII_BORDER);
    }
    let inner = block.inner(area);
    let frame = render_map(app, inner, buf, theme);
    if let Some(f) = frame.as_ref().filter(|f| f.marks.dense) {
        block = block.title_bottom(format!(" events per cell: {} ", f.marks.ramp.legend().join("  ")));
    }
    block.render(area, buf);
}

/// Draws the map of the filtered events into `area`, and the cursor (a `+` at its centre) when
/// the map has the keys; returns the frame drawn.
pub fn render_map(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) -> Option<MapFrame> {
    if area.is_empty() {
        return None;
    }
    let label = app
        .selected_event()
        .map(|e| match e.place_name() {
            Some(p) => format!("{} {p}", e.date().compact()),
            None => e.date().compact(),
        })
        .unwrap_or_default();
    let mut scene = MapScene::new(app.ix.cols().lat, app.ix.cols().lon, &app.shown, app.map);
    scene.selected = app.selected();
    scene.selected_label = if app.ascii { deunicode::deunicode(&label) } else { label };
    scene.marker = if app.ascii { MarkerKind::Ascii } else { MarkerKind::Braille };
    scene.color = theme.color;
    scene.mentioned = &app.mentioned;
    let area = area.intersection(buf.area);
    let grid = app.event_grid(area.width, area.height);
    scene.counted = Some(&grid);
    let frame = scene.render_into(area, buf);
    if app.focus == Pane::Map {
        let (x, y) = (area.x + area.width / 2, area.y + area.height / 2);
        if let Some(cell) = buf.cell_mut((x, y))
            && cell.symbol() == " "
        {
            cell.set_char('+').set_style(theme.key());
        }
    }
    frame
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Options};
    use crate::index::Index;

    fn pane(ascii: bool) -> (Buffer, App) {
        let opts = Options { ascii, ..Options::default() };
        let mut app = App::new(Index::new(crate::synth::events(5000, 2)), opts);
        app.update(Action::Resize { width: 120, height: 40 });
        app.update(Action::FocusNext);
        let area = Rect::new(0, 0, 60, 20);
        let mut buf = Buffer::empty(area);
        render(&app, area, &mut buf, Theme { color: false });
        (buf, app)
    }

    fn row(buf: &Buffer, r: u16) -> String {
        (0..buf.area.width).map(|c| buf[(c, r)].symbol().to_string()).collect()
    }

    #[test]
    fn the_density_scale_is_in_the_bottom_border() {
        let (buf, _) = pane(false);
        let bottom = row(&buf, 19);
        assert!(bottom.contains("events per cell: ░ 1"), "{bottom}");
    }

    #[test]
    fn under_ascii_every_cell_of_the_pane_is_ascii() {
        let (buf, app) = pane(true);
        assert_eq!(app.focus, Pane::Map);
        for r in 0..20 {
            let line = row(&buf, r);
            assert!(line.is_ascii(), "row {r}: {line}");
        }
        assert!(row(&buf, 19).contains("events per cell: . 1"), "{}", row(&buf, 19));
    }
}
