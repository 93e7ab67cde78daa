//! The map pane. [`render_map`] is the one place the map widget is called from: until the
//! region's map is drawn from its own geometry, this draws a placeholder of reference towns,
//! the filtered events as markers and the selected one highlighted.

use super::Theme;
use super::glyph;
use crate::app::map::Bins;
use crate::app::{App, MapView, Pane};
use crate::geo::Gazetteer;
use crate::index::Index;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};

/// What the map is asked to draw.
pub struct MapModel<'a> {
    pub view: &'a MapView,
    pub ix: &'a Index,
    /// The filtered events, as event numbers.
    pub shown: &'a [u32],
    pub selected: Option<u32>,
    /// Whether to draw the cross at the centre (the map has the keys).
    pub cross: bool,
    pub ascii: bool,
    pub theme: Theme,
    /// The events counted per cell, when counted for this view and pane already.
    pub bins: Option<&'a Bins>,
}

/// Towns named on the placeholder, to orient by.
const TOWNS: &[&str] = &[
    "Idlib",
    "Hama",
    "Aleppo",
    "Latakia",
    "Saraqib",
    "Khan Shaykhun",
    "Jisr ash Shughur",
    "Maarrat an Numan",
    "Ariha",
];

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let focused = app.focus == Pane::Map;
    let title = format!(" Map · {:.2}°N {:.2}°E · {:.2}° wide ", app.map.lat, app.map.lon, app.map.span);
    let block = Block::bordered().title(title).border_style(theme.border(focused));
    let inner = block.inner(area);
    block.render(area, buf);
    let model = MapModel {
        view: &app.map,
        ix: &app.ix,
        shown: &app.shown,
        selected: app.selected(),
        cross: focused,
        ascii: app.ascii,
        theme,
        bins: Some(&app.bins).filter(|b| b.generation == app.generation),
    };
    render_map(&model, inner, buf);
}

/// Draws the map into `area`.
pub fn render_map(m: &MapModel, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    for name in TOWNS {
        if let Some(p) = Gazetteer::embedded().find(name)
            && let Some((x, y)) = m.view.cell(area, p.lat, p.lon)
        {
            let dot = if m.ascii { "+" } else { "·" };
            let label = format!("{dot}{}", crate::text::inert(&p.ascii));
            let room = area.right().saturating_sub(x) as usize;
            // A label never covers another: the one drawn first keeps its place.
            let free = (x..x + label.chars().count().min(room) as u16)
                .all(|cx| buf.cell((cx, y)).is_none_or(|c| c.symbol() == " "));
            if free {
                buf.set_stringn(x, y, label, room, m.theme.town());
            }
        }
    }
    let fresh;
    let counts = match m.bins {
        Some(b) if b.is_for(*m.view, area, b.generation) => &b.counts,
        _ => {
            fresh = Bins::count(m.ix, m.shown, *m.view, area, 0);
            &fresh.counts
        }
    };
    let w = area.width as usize;
    for (k, &c) in counts.iter().enumerate() {
        if c > 0 {
            let (x, y) = (area.x + (k % w) as u16, area.y + (k / w) as u16);
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_char(glyph::map_marker(c, m.ascii)).set_style(m.theme.marker());
            }
        }
    }
    if m.cross {
        let (x, y) = (area.x + area.width / 2, area.y + area.height / 2);
        if let Some(cell) = buf.cell_mut((x, y))
            && cell.symbol() == " "
        {
            cell.set_char('+').set_style(m.theme.key());
        }
    }
    if let Some(sel) = m.selected
        && let Some((la, lo)) = m.ix.lat_lon(sel)
        && let Some((x, y)) = m.view.cell(area, la, lo)
        && let Some(cell) = buf.cell_mut((x, y))
    {
        cell.set_char(glyph::map_selected(m.ascii)).set_style(m.theme.marker_selected());
    }
}
