//! The map pane. [`render_map`] is the one place the map widget is called from: until the
//! region's map is drawn from its own geometry, this draws a placeholder of reference towns,
//! the filtered events as markers and the selected one highlighted.

use super::Theme;
use super::glyph;
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
    // Events per cell: one pass over the filtered events, whatever their number.
    let (w, h) = (area.width as usize, area.height as usize);
    let mut counts = vec![0u32; w * h];
    let b = m.view.bounds(area);
    let (sx, sy) = (w as f32 / (b.east - b.west) as f32, h as f32 / (b.north - b.south) as f32);
    let (west, north) = (b.west as f32, b.north as f32);
    for &i in m.shown {
        let (la, lo) = (m.ix.lat[i as usize], m.ix.lon[i as usize]);
        let (x, y) = ((lo - west) * sx, (north - la) * sy);
        // NaN coordinates fail both comparisons and are skipped.
        if x >= 0.0 && y >= 0.0 && (x as usize) < w && (y as usize) < h {
            counts[y as usize * w + x as usize] += 1;
        }
    }
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
