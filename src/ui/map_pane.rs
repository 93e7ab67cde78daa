//! The map pane: the region's map (see [`crate::map`]) with the filtered events, the selected
//! one highlighted with its date and place beside it. [`render_map`] is the one place the map
//! widget is called from.

use super::Theme;
use crate::app::{App, Pane};
use crate::map::{MapScene, MarkerKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let focused = app.focus == Pane::Map;
    let hint = if focused { "Enter: near here · f: in view" } else { "Tab: steer" };
    let title = format!(" Map · {:.1} km a column · {hint} ", app.map.km_per_col());
    let block = Block::bordered().title(title).border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    render_map(app, inner, buf, theme);
}

/// Draws the map of the filtered events into `area`, and the cross at its centre when the map
/// has the keys.
pub fn render_map(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let label = app
        .selected_event()
        .map(|e| match &e.place {
            Some(p) => format!("{} {}", e.date.compact(), p.name),
            None => e.date.compact(),
        })
        .unwrap_or_default();
    let mut scene = MapScene::new(&app.ix.lat, &app.ix.lon, &app.shown, app.map);
    scene.selected = app.selected();
    scene.selected_label = label;
    scene.marker = if app.ascii { MarkerKind::Ascii } else { MarkerKind::Braille };
    scene.color = theme.color;
    scene.mentioned = &app.mentioned;
    scene.render(area, buf);
    if app.focus == Pane::Map {
        let (x, y) = (area.x + area.width / 2, area.y + area.height / 2);
        if let Some(cell) = buf.cell_mut((x, y))
            && cell.symbol() == " "
        {
            cell.set_char('+').set_style(theme.key());
        }
    }
}
