//! What part of the world the map shows: a centre and a scale, independent of the pane's size.

use super::projection::{CELL_ASPECT, Projection};
use geo::{Coord, Rect};

/// Kilometres in one degree of latitude.
const KM_PER_DEG: f64 = 111.195;

/// Where the map looks: a centre and a scale. The scale is in columns per degree of latitude's length on the ground,
/// so it survives a resize of the pane; [`Camera::projection`] fixes it to a pane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    pub lat: f64,
    pub lon: f64,
    pub cols_per_deg: f64,
}

impl Camera {
    /// Whole world in about 40 columns.
    pub const MIN_SCALE: f64 = 0.1;
    /// About 30 m a column: finer than any event location in the data.
    pub const MAX_SCALE: f64 = 4000.0;
    /// One zoom step.
    pub const ZOOM_STEP: f64 = 1.5;
    /// The smallest extent a fit shows, in degrees (about 20 km): one event, or many on one
    /// spot, still come with the towns around them.
    pub const MIN_SPAN_DEG: f64 = 0.2;

    pub fn new(lat: f64, lon: f64, cols_per_deg: f64) -> Camera {
        let mut v = Camera { lat, lon, cols_per_deg };
        v.clamp();
        v
    }

    fn clamp(&mut self) {
        let finite = |x: f64, d: f64| if x.is_finite() { x } else { d };
        self.lat = finite(self.lat, 0.0).clamp(-85.0, 85.0);
        self.lon = finite(self.lon, 0.0).clamp(-180.0, 180.0);
        self.cols_per_deg = finite(self.cols_per_deg, 1.0).clamp(Self::MIN_SCALE, Self::MAX_SCALE);
    }

    /// The view that shows `bounds` (x = lon, y = lat) whole in a pane of `width` x `height`
    /// cells, with a cell of margin on each side.
    pub fn fit(bounds: Rect<f64>, width: u16, height: u16) -> Camera {
        let c = bounds.center();
        let dlon = bounds.width().max(Self::MIN_SPAN_DEG);
        let dlat = bounds.height().max(Self::MIN_SPAN_DEG);
        let cos = c.y.to_radians().cos().max(0.01);
        let usable = |n: u16| f64::from(n.saturating_sub(2).max(1));
        let by_width = usable(width) / (dlon * cos);
        let by_height = usable(height) * CELL_ASPECT / dlat;
        Camera::new(c.y, c.x, by_width.min(by_height))
    }

    /// The view that fits the located events among `ids` (NaN coordinates and numbers beyond the
    /// columns are skipped); `None` when none has a location.
    pub fn fit_events(lat: &[f32], lon: &[f32], ids: &[u32], width: u16, height: u16) -> Option<Camera> {
        robust_bounds(lat, lon, ids).map(|b| Camera::fit(b, width, height))
    }

    /// The first view of a set of events: their box (2nd to 98th percentile, see
    /// [`robust_bounds`]) with room around it (a third of its size on
    /// each side, and at least 1.6 degrees across, so that the towns and the coast around a
    /// cluster of events show), or the detailed region when none has a location.
    pub fn overview(lat: &[f32], lon: &[f32], ids: &[u32], width: u16, height: u16) -> Camera {
        const MIN_DEG: f64 = 1.6;
        let b = robust_bounds(lat, lon, ids).unwrap_or_else(super::geometry::detail_box);
        let (c, w, h) = (b.center(), b.width(), b.height());
        let half_w = (w * (1.0 + 2.0 / 3.0)).max(MIN_DEG) / 2.0;
        let half_h = (h * (1.0 + 2.0 / 3.0)).max(MIN_DEG) / 2.0;
        let padded = Rect::new(Coord { x: c.x - half_w, y: c.y - half_h }, Coord { x: c.x + half_w, y: c.y + half_h });
        Camera::fit(padded, width, height)
    }

    pub fn projection(&self, width: u16, height: u16) -> Projection {
        Projection::new(self.lat, self.lon, self.cols_per_deg, width, height)
    }

    /// The lon/lat box a pane of this size shows.
    pub fn visible_bounds(&self, width: u16, height: u16) -> Rect<f64> {
        let p = self.projection(width, height);
        let (lat0, lon0) = p.to_geo(0.0, f64::from(height));
        let (lat1, lon1) = p.to_geo(f64::from(width), 0.0);
        Rect::new(Coord { x: lon0, y: lat0 }, Coord { x: lon1, y: lat1 })
    }

    pub fn zoom_in(&mut self) {
        self.zoom_by(Self::ZOOM_STEP);
    }

    pub fn zoom_out(&mut self) {
        self.zoom_by(1.0 / Self::ZOOM_STEP);
    }

    /// Multiplies the scale by `factor` (above 1 zooms in), keeping the centre.
    pub fn zoom_by(&mut self, factor: f64) {
        if factor.is_finite() && factor > 0.0 {
            self.cols_per_deg *= factor;
            self.clamp();
        }
    }

    /// Moves the view by a number of cells: positive `cols` east, positive `rows` south.
    pub fn pan(&mut self, cols: f64, rows: f64) {
        let (kx, ky) = self.projection(0, 0).scales();
        self.lon += cols / kx;
        self.lat -= rows / ky;
        self.clamp();
    }

    pub fn center_on(&mut self, lat: f64, lon: f64) {
        if lat.is_finite() && lon.is_finite() {
            self.lat = lat;
            self.lon = lon;
            self.clamp();
        }
    }

    /// Pans as little as needed for the point to lie at least `margin` cells inside the pane; a
    /// pane too small for the margin gets the point in its middle. Returns whether the view
    /// moved.
    pub fn ensure_visible(&mut self, lat: f64, lon: f64, width: u16, height: u16, margin: u16) -> bool {
        if !(lat.is_finite() && lon.is_finite()) {
            return false;
        }
        let (c, r) = self.projection(width, height).to_cell(lat, lon);
        let shift = |pos: f64, cells: u16| -> f64 {
            let (size, m) = (f64::from(cells), f64::from(margin));
            if size <= 2.0 * m + 1.0 {
                pos - (f64::from(cells / 2) + 0.5)
            } else if pos < m {
                pos - m
            } else if pos >= size - m {
                pos - (size - m - 1.0)
            } else {
                0.0
            }
        };
        let (dc, dr) = (shift(c, width), shift(r, height));
        if dc == 0.0 && dr == 0.0 {
            return false;
        }
        let before = *self;
        self.pan(dc, dr);
        *self != before
    }

    /// Ground distance of one column, in kilometres (at the centre).
    pub fn km_per_col(&self) -> f64 {
        KM_PER_DEG / self.cols_per_deg
    }
}

/// The lon/lat box of most of the located events among `ids`: from the 2nd to the 98th percentile
/// of longitude and of latitude, so that a few events misplaced at (0, 0) or in another country do
/// not shrink the rest to a dot. Below 50 events this is the whole box (the percentiles round to
/// the extremes). Of more than 131,072 events, the percentiles of 65,536 taken evenly among them:
/// their error, a few hundredths of a percentile, moves no edge of the view by a cell, and a
/// million events are framed in a millisecond rather than in fifteen, twice on a first frame.
pub fn robust_bounds(lat: &[f32], lon: &[f32], ids: &[u32]) -> Option<Rect<f64>> {
    const SAMPLE: usize = 1 << 16;
    let step = if ids.len() > 2 * SAMPLE { ids.len() / SAMPLE } else { 1 };
    let (mut las, mut los): (Vec<f32>, Vec<f32>) = ids
        .iter()
        .step_by(step)
        .filter_map(|&i| Some((*lat.get(i as usize)?, *lon.get(i as usize)?)))
        .filter(|(la, lo)| la.is_finite() && lo.is_finite())
        .unzip();
    let n = las.len();
    if n == 0 {
        return None;
    }
    let (lo_i, hi_i) = ((n - 1) * 2 / 100, ((n - 1) * 98).div_ceil(100));
    let range = |v: &mut Vec<f32>| {
        let lo = *v.select_nth_unstable_by(lo_i, f32::total_cmp).1;
        let hi = *v.select_nth_unstable_by(hi_i, f32::total_cmp).1;
        (f64::from(lo), f64::from(hi))
    };
    let ((x0, x1), (y0, y1)) = (range(&mut los), range(&mut las));
    Some(Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }))
}

/// The lon/lat box of the located events among `ids`.
pub fn located_bounds(lat: &[f32], lon: &[f32], ids: &[u32]) -> Option<Rect<f64>> {
    let mut b: Option<(f32, f32, f32, f32)> = None;
    for &i in ids {
        let (Some(&la), Some(&lo)) = (lat.get(i as usize), lon.get(i as usize)) else { continue };
        if !(la.is_finite() && lo.is_finite()) {
            continue;
        }
        b = Some(match b {
            None => (lo, la, lo, la),
            Some((x0, y0, x1, y1)) => (x0.min(lo), y0.min(la), x1.max(lo), y1.max(la)),
        });
    }
    b.map(|(x0, y0, x1, y1)| {
        Rect::new(Coord { x: f64::from(x0), y: f64::from(y0) }, Coord { x: f64::from(x1), y: f64::from(y1) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect<f64> {
        Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 })
    }

    #[test]
    fn fit_shows_the_whole_box_at_any_pane_size() {
        let b = rect(35.7, 34.8, 37.5, 36.7);
        for (w, h) in [(100, 40), (200, 60), (40, 60), (20, 5), (3, 3)] {
            let v = Camera::fit(b, w, h);
            let p = v.projection(w, h);
            for (lat, lon) in [(34.8, 35.7), (36.7, 37.5), (34.8, 37.5), (36.7, 35.7)] {
                let (c, r) = p.to_cell(lat, lon);
                assert!(c >= 0.0 && c <= f64::from(w) && r >= 0.0 && r <= f64::from(h), "{w}x{h}: {c},{r}");
            }
        }
    }

    #[test]
    fn fit_works_anywhere_not_only_in_syria() {
        let v = Camera::fit(rect(-74.1, 40.6, -73.8, 40.9), 80, 24);
        assert!((v.lat - 40.75).abs() < 1e-9 && (v.lon + 73.95).abs() < 1e-9);
        let v = Camera::fit(rect(-180.0, -85.0, 180.0, 85.0), 80, 24);
        assert!(v.cols_per_deg >= Camera::MIN_SCALE);
    }

    #[test]
    fn degenerate_boxes_get_a_minimum_extent() {
        let one = Camera::fit(rect(36.63, 35.93, 36.63, 35.93), 100, 40);
        let span = one.visible_bounds(100, 40);
        assert!(span.width() >= Camera::MIN_SPAN_DEG && span.height() >= Camera::MIN_SPAN_DEG);
        assert!(one.cols_per_deg.is_finite());
        let tiny = Camera::fit(rect(36.63, 35.93, 36.63, 35.93), 0, 0);
        assert!(tiny.cols_per_deg.is_finite() && tiny.cols_per_deg > 0.0);
    }

    #[test]
    fn fit_events_skips_missing_locations_and_bad_ids() {
        let lat = [35.93, f32::NAN, 35.13];
        let lon = [36.63, 36.0, 36.76];
        let b = located_bounds(&lat, &lon, &[0, 1, 2, 99]).unwrap();
        assert!((b.min().y - 35.13).abs() < 1e-5 && (b.max().y - 35.93).abs() < 1e-5);
        assert!(located_bounds(&lat, &lon, &[1, 99]).is_none());
        assert!(Camera::fit_events(&lat, &lon, &[1], 80, 24).is_none());
    }

    #[test]
    fn a_few_far_outliers_do_not_frame_the_view() {
        // 1000 events around Kabul and 10 misplaced at (0, 0): the box stays on Kabul.
        let (mut lat, mut lon): (Vec<f32>, Vec<f32>) =
            (0..1000).map(|i| (34.3 + (i % 10) as f32 * 0.05, 68.9 + (i / 100) as f32 * 0.05)).unzip();
        lat.extend([0.0; 10]);
        lon.extend([0.0; 10]);
        let ids: Vec<u32> = (0..1010).collect();
        let b = robust_bounds(&lat, &lon, &ids).unwrap();
        assert!(b.min().y > 34.0 && b.min().x > 68.5 && b.max().y < 35.0 && b.max().x < 69.5, "{b:?}");
        assert_eq!(located_bounds(&lat, &lon, &ids).map(|b| b.min().x), Some(0.0));
        // Few events: every one counts.
        let b = robust_bounds(&[35.0, 0.0], &[36.0, 0.0], &[0, 1]).unwrap();
        assert_eq!((b.min().x, b.max().x), (0.0, 36.0));
    }

    /// Many events are framed from a sample: the box is the whole count's within a hair, and
    /// outliers still do not pull it.
    #[test]
    fn the_box_of_many_events_is_their_sample_box() {
        let n = 500_000u32;
        let (lat, lon): (Vec<f32>, Vec<f32>) = (0..n)
            .map(|i| {
                if i % 100 == 7 {
                    (0.0, 0.0)
                } else {
                    (34.0 + (i % 997) as f32 * 0.001, 68.0 + (i % 991) as f32 * 0.002)
                }
            })
            .unzip();
        let ids: Vec<u32> = (0..n).collect();
        let b = robust_bounds(&lat, &lon, &ids).unwrap();
        let (mut la, mut lo) = (lat.clone(), lon.clone());
        la.sort_by(f32::total_cmp);
        lo.sort_by(f32::total_cmp);
        let at = |v: &[f32], p: usize| f64::from(v[(v.len() - 1) * p / 100]);
        let near = |a: f64, b: f64, span: f64| (a - b).abs() < span * 0.01;
        assert!(near(b.min().y, at(&la, 2), 1.0) && near(b.max().y, at(&la, 98), 1.0), "{b:?}");
        assert!(near(b.min().x, at(&lo, 2), 2.0) && near(b.max().x, at(&lo, 98), 2.0), "{b:?}");
        assert!(b.min().y > 33.9, "the outliers at (0, 0) do not frame it: {b:?}");
    }

    #[test]
    fn the_first_view_spans_one_town_to_the_whole_world() {
        let one = Camera::overview(&[31.61], &[65.71], &[0], 100, 40);
        assert!(one.km_per_col() < 5.0, "a town: {} km a column", one.km_per_col());
        let (lat, lon): (Vec<f32>, Vec<f32>) =
            (0..2000).map(|i| (-50.0 + (i % 50) as f32 * 2.0, -170.0 + (i / 50) as f32 * 8.5)).unzip();
        let ids: Vec<u32> = (0..2000).collect();
        let world = Camera::overview(&lat, &lon, &ids, 100, 40);
        let b = world.visible_bounds(100, 40);
        assert!(b.width() > 300.0, "the world: {b:?}");
    }

    #[test]
    fn zoom_steps_and_clamps() {
        let mut v = Camera::new(35.5, 36.5, 40.0);
        v.zoom_in();
        assert!((v.cols_per_deg - 60.0).abs() < 1e-9);
        v.zoom_out();
        assert!((v.cols_per_deg - 40.0).abs() < 1e-9);
        for _ in 0..100 {
            v.zoom_in();
        }
        assert_eq!(v.cols_per_deg, Camera::MAX_SCALE);
        v.zoom_by(f64::NAN);
        assert_eq!(v.cols_per_deg, Camera::MAX_SCALE);
    }

    #[test]
    fn pan_moves_by_cells() {
        let mut v = Camera::new(35.5, 36.5, 40.0);
        let p = v.projection(100, 40);
        let target = p.to_geo(60.0, 10.0);
        v.pan(10.0, -10.0);
        let (c, r) = v.projection(100, 40).to_cell(target.0, target.1);
        assert!((c - 50.0).abs() < 0.2 && (r - 20.0).abs() < 0.2, "{c} {r}");
    }

    #[test]
    fn ensure_visible_pans_only_when_needed() {
        let mut v = Camera::new(35.5, 36.5, 40.0);
        assert!(!v.ensure_visible(35.5, 36.6, 100, 40, 2));
        assert!(v.ensure_visible(35.5, 38.5, 100, 40, 2));
        let (c, _) = v.projection(100, 40).to_cell(35.5, 38.5);
        assert!((c - 97.0).abs() < 0.1, "{c}");
        assert!(v.ensure_visible(37.0, 36.6, 100, 40, 2));
        let (_, r) = v.projection(100, 40).to_cell(37.0, 36.6);
        assert!((r - 2.0).abs() < 0.2, "{r}");
        assert!(!v.ensure_visible(f64::NAN, 36.6, 100, 40, 2));
        let mut v = Camera::new(35.5, 36.5, 40.0);
        v.ensure_visible(36.0, 37.0, 1, 1, 3);
        assert_eq!(v.projection(1, 1).cell_of(36.0, 37.0), Some((0, 0)));
    }
}
