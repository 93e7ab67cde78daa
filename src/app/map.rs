//! The map's view: a centre and a zoom, the projection between the pane's cells and degrees,
//! and the event nearest a point.
//!
//! The projection is equirectangular about the centre's latitude, with a terminal cell taken
//! as twice as tall as it is wide, so that distances look right at the scale of a region.

use super::filter::GeoBox;
use crate::index::Index;
use crate::model::GeoPrecision;
use ratatui::layout::Rect;

/// Narrowest and widest views, in degrees of longitude across the pane.
const MIN_SPAN: f64 = 0.02;
const MAX_SPAN: f64 = 60.0;

/// Where the map looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub lat: f64,
    pub lon: f64,
    /// Degrees of longitude across the pane's width.
    pub span: f64,
}

impl Default for MapView {
    /// Idlib and northern Hama.
    fn default() -> MapView {
        MapView { lat: 35.6, lon: 36.6, span: 2.0 }
    }
}

impl MapView {
    /// Degrees of longitude per column and of latitude per row.
    fn scale(&self, area: Rect) -> (f64, f64) {
        let dx = self.span / f64::from(area.width.max(1));
        let dy = dx * 2.0 * self.lat.to_radians().cos().max(0.05);
        (dx, dy)
    }

    /// What the pane shows.
    pub fn bounds(&self, area: Rect) -> GeoBox {
        let (dx, dy) = self.scale(area);
        let (hw, hh) = (dx * f64::from(area.width) / 2.0, dy * f64::from(area.height) / 2.0);
        GeoBox { south: self.lat - hh, west: self.lon - hw, north: self.lat + hh, east: self.lon + hw }
    }

    /// The cell of a point, when it is in the pane.
    pub fn cell(&self, area: Rect, lat: f64, lon: f64) -> Option<(u16, u16)> {
        let (dx, dy) = self.scale(area);
        let x = (lon - self.lon) / dx + f64::from(area.width) / 2.0;
        let y = (self.lat - lat) / dy + f64::from(area.height) / 2.0;
        let inside = x >= 0.0 && y >= 0.0 && x < f64::from(area.width) && y < f64::from(area.height);
        inside.then(|| (area.x + x as u16, area.y + y as u16))
    }

    /// The point at the centre of a cell.
    pub fn point(&self, area: Rect, column: u16, row: u16) -> (f64, f64) {
        let (dx, dy) = self.scale(area);
        let x = f64::from(column.saturating_sub(area.x)) + 0.5 - f64::from(area.width) / 2.0;
        let y = f64::from(row.saturating_sub(area.y)) + 0.5 - f64::from(area.height) / 2.0;
        (self.lat - y * dy, self.lon + x * dx)
    }

    /// Moves the centre by a fraction of the view: `dx` east, `dy` north.
    pub fn pan(&mut self, area: Rect, dx: f64, dy: f64) {
        let b = self.bounds(area);
        self.lon = (self.lon + dx * (b.east - b.west)).clamp(-180.0, 180.0);
        self.lat = (self.lat + dy * (b.north - b.south)).clamp(-85.0, 85.0);
    }

    pub fn zoom(&mut self, factor: f64) {
        self.span = (self.span * factor).clamp(MIN_SPAN, MAX_SPAN);
    }

    /// Frames the events' coordinates with a margin; an empty set leaves the view as it is.
    /// Events placed only by their region are left out when others are placed better: a
    /// statement "in Syria" should not pull the view away from the towns.
    pub fn fit(&mut self, ix: &Index, events: &[u32], area: Rect) {
        let precise =
            events.iter().any(|&i| ix.geo_precision[i as usize] < GeoPrecision::Region && ix.lat_lon(i).is_some());
        let mut b: Option<GeoBox> = None;
        for &i in events {
            let (la, lo) = (f64::from(ix.lat[i as usize]), f64::from(ix.lon[i as usize]));
            if la.is_nan() || lo.is_nan() || (precise && ix.geo_precision[i as usize] == GeoPrecision::Region) {
                continue;
            }
            b = Some(match b {
                None => GeoBox { south: la, west: lo, north: la, east: lo },
                Some(g) => GeoBox {
                    south: g.south.min(la),
                    west: g.west.min(lo),
                    north: g.north.max(la),
                    east: g.east.max(lo),
                },
            });
        }
        let Some(b) = b else { return };
        self.lat = (b.south + b.north) / 2.0;
        self.lon = (b.west + b.east) / 2.0;
        // Wide enough for both extents with a fifth to spare, so that every event lies inside
        // the margin `shows` keeps, and not closer than a town.
        let cos = self.lat.to_radians().cos().max(0.05);
        let w = f64::from(area.width.max(1));
        let h = f64::from(area.height.max(1));
        let for_lat = (b.north - b.south) * w / (2.0 * cos * h);
        self.span = ((b.east - b.west).max(for_lat) * 1.4).clamp(0.2, MAX_SPAN);
    }

    /// Whether a point lies inside the inner part of the view (a margin of a twentieth).
    pub fn shows(&self, area: Rect, lat: f64, lon: f64) -> bool {
        let b = self.bounds(area);
        let (mx, my) = ((b.east - b.west) / 20.0, (b.north - b.south) / 20.0);
        GeoBox { south: b.south + my, west: b.west + mx, north: b.north - my, east: b.east - mx }.contains(lat, lon)
    }

    /// The event of `events` drawn nearest the point, within `cells` cells of it; the position
    /// in `events`.
    pub fn nearest(&self, ix: &Index, events: &[u32], area: Rect, lat: f64, lon: f64, cells: f64) -> Option<usize> {
        let (dx, dy) = self.scale(area);
        let (lat32, lon32) = (lat as f32, lon as f32);
        let (fx, fy) = ((1.0 / dx) as f32, (1.0 / dy) as f32);
        let mut best: Option<(f32, usize)> = None;
        for (p, &i) in events.iter().enumerate() {
            let (la, lo) = (ix.lat[i as usize], ix.lon[i as usize]);
            // NaN coordinates compare false and drop out here.
            let (cx, cy) = ((lo - lon32) * fx, (la - lat32) * fy);
            let d = cx * cx + cy * cy;
            if d <= (cells * cells) as f32 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, p));
            }
        }
        best.map(|b| b.1)
    }
}

/// How many filtered events fall in each cell of the map pane, for one view and one pane size:
/// counted when the filter, the view or the size changes, not at every frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bins {
    pub view: Option<MapView>,
    pub area: Rect,
    /// Which result of the filter was counted.
    pub generation: u64,
    /// Row by row, `area.width` cells each.
    pub counts: Vec<u32>,
}

impl Bins {
    /// Counts `shown` per cell. Events off the pane (or without coordinates: NaN fails every
    /// comparison) go to one extra slot, so that the loop has no branch: a million
    /// unpredictable branches cost more than the counting.
    pub fn count(ix: &Index, shown: &[u32], view: MapView, area: Rect, generation: u64) -> Bins {
        let (w, h) = (area.width as usize, area.height as usize);
        let mut counts = vec![0u32; w * h + 1];
        let b = view.bounds(area);
        let (sx, sy) = (w as f32 / (b.east - b.west) as f32, h as f32 / (b.north - b.south) as f32);
        let (west, north) = (b.west as f32, b.north as f32);
        let (wf, hf) = (w as f32, h as f32);
        let (lat, lon) = (&ix.lat[..], &ix.lon[..]);
        for &i in shown {
            let (x, y) = ((lon[i as usize] - west) * sx, (north - lat[i as usize]) * sy);
            let inside = (x >= 0.0) & (y >= 0.0) & (x < wf) & (y < hf);
            let k = if inside { y as usize * w + x as usize } else { w * h };
            counts[k.min(w * h)] += 1;
        }
        counts.pop();
        Bins { view: Some(view), area, generation, counts }
    }

    pub fn is_for(&self, view: MapView, area: Rect, generation: u64) -> bool {
        self.view == Some(view) && self.area == area && self.generation == generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_points_invert() {
        let v = MapView::default();
        let area = Rect::new(10, 5, 60, 20);
        let (la, lo) = v.point(area, 30, 12);
        assert_eq!(v.cell(area, la, lo), Some((30, 12)));
        assert_eq!(v.cell(area, v.lat, v.lon), Some((40, 15)));
        assert!(v.cell(area, v.lat + 50.0, v.lon).is_none());
    }
}
