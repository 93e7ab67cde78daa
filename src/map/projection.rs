//! Longitude/latitude to terminal cells.
//!
//! An equirectangular projection whose standard parallel is the view's centre: a degree of
//! longitude is cos(latitude) times as long on the ground as a degree of latitude, and a terminal
//! cell is about [`CELL_ASPECT`] times as tall as it is wide. Both are corrected, so a square
//! kilometre is a square on screen at any pane size.

/// Height of a terminal cell over its width. Most monospace fonts are close to 2.
pub const CELL_ASPECT: f64 = 2.0;

/// A view fixed to a pane of `width` x `height` cells. Cell coordinates are fractional: cell
/// (c, r) covers [c, c+1) x [r, r+1), column 0 at the west edge, row 0 at the north edge. The
/// view's centre is the middle of cell (width / 2, height / 2), not a cell corner, so that a
/// point fitted into the centre lies in one cell however it is rounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub width: u16,
    pub height: u16,
    /// Where the centre lands.
    cx: f64,
    cy: f64,
    lon0: f64,
    lat0: f64,
    /// Columns per degree of longitude.
    kx: f64,
    /// Rows per degree of latitude.
    ky: f64,
}

impl Projection {
    /// `cols_per_deg`: columns per degree of latitude's length on the ground (about 111 km).
    pub fn new(lat0: f64, lon0: f64, cols_per_deg: f64, width: u16, height: u16) -> Projection {
        let kx = cols_per_deg * lat0.to_radians().cos().max(0.01);
        let ky = cols_per_deg / CELL_ASPECT;
        let mid = |n: u16| f64::from(n / 2) + 0.5;
        Projection { width, height, cx: mid(width), cy: mid(height), lon0, lat0, kx, ky }
    }

    /// The fractional cell of a point.
    pub fn to_cell(&self, lat: f64, lon: f64) -> (f64, f64) {
        let col = self.cx + (lon - self.lon0) * self.kx;
        let row = self.cy + (self.lat0 - lat) * self.ky;
        (col, row)
    }

    /// The cell a point falls in, if it is inside the pane.
    pub fn cell_of(&self, lat: f64, lon: f64) -> Option<(u16, u16)> {
        let (c, r) = self.to_cell(lat, lon);
        let inside = c >= 0.0 && r >= 0.0 && c < f64::from(self.width) && r < f64::from(self.height);
        // Truncation is flooring here: both are non-negative and below u16::MAX.
        inside.then_some((c as u16, r as u16))
    }

    /// The point at a fractional cell position.
    pub fn to_geo(&self, col: f64, row: f64) -> (f64, f64) {
        let lon = self.lon0 + (col - self.cx) / self.kx;
        let lat = self.lat0 - (row - self.cy) / self.ky;
        (lat, lon)
    }

    /// Columns per degree of latitude's length: the scale of the view.
    pub fn cols_per_deg(&self) -> f64 {
        self.ky * CELL_ASPECT
    }

    /// Columns per degree of longitude and rows per degree of latitude.
    pub fn scales(&self) -> (f64, f64) {
        (self.kx, self.ky)
    }

    /// The affine map in single precision, `col = a + lon * kx`, `row = b - lat * ky`, for loops
    /// over a million points.
    pub(crate) fn affine_f32(&self) -> [f32; 4] {
        let a = self.cx - self.lon0 * self.kx;
        let b = self.cy + self.lat0 * self.ky;
        [a as f32, self.kx as f32, b as f32, self.ky as f32]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_degree_square_at_35_5_has_the_paper_aspect() {
        let p = Projection::new(35.5, 36.5, 40.0, 200, 100);
        let (c0, r0) = p.to_cell(35.0, 36.0);
        let (c1, r1) = p.to_cell(36.0, 37.0);
        let (cols, rows) = (c1 - c0, r0 - r1);
        let want = 35.5_f64.to_radians().cos() * CELL_ASPECT;
        assert!((cols / rows - want).abs() < 1e-9, "{cols} / {rows} vs {want}");
        assert!((want - 1.628).abs() < 0.001);
    }

    #[test]
    fn projection_is_monotonic() {
        let p = Projection::new(35.5, 36.5, 40.0, 100, 40);
        let mut last = p.to_cell(34.0, 35.0);
        for i in 1..100 {
            let d = f64::from(i) * 0.03;
            let now = p.to_cell(34.0 + d, 35.0 + d);
            assert!(now.0 > last.0, "east is right");
            assert!(now.1 < last.1, "north is up");
            last = now;
        }
    }

    #[test]
    fn round_trip_and_centre() {
        let p = Projection::new(35.9, 36.6, 55.0, 80, 30);
        assert_eq!(p.to_cell(35.9, 36.6), (40.5, 15.5));
        let (lat, lon) = p.to_geo(12.5, 7.25);
        let (c, r) = p.to_cell(lat, lon);
        assert!((c - 12.5).abs() < 1e-9 && (r - 7.25).abs() < 1e-9);
        assert_eq!(p.cell_of(35.9, 36.6), Some((40, 15)));
        assert_eq!(p.cell_of(10.0, 36.6), None);
        assert_eq!(p.cell_of(f64::NAN, 36.6), None);
    }

    #[test]
    fn single_precision_agrees() {
        let p = Projection::new(35.5, 36.5, 300.0, 200, 60);
        let [a, kx, b, ky] = p.affine_f32();
        let (lat, lon) = (35.9306_f32, 36.6339_f32);
        let (c, r) = p.to_cell(f64::from(lat), f64::from(lon));
        assert!((f64::from(a + lon * kx) - c).abs() < 0.05);
        assert!((f64::from(b - lat * ky) - r).abs() < 0.05);
    }
}
