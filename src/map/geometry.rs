//! Coasts and land borders of the whole world at 1:10m (Natural Earth), embedded, at a few levels
//! of detail simplified ahead of time.
//!
//! assets/build_assets.py simplifies every arc of the Natural Earth topology with
//! Ramer–Douglas–Peucker to each tolerance of the file and writes the levels in a compact binary
//! form (see [`decode`]); a frame draws the coarsest level whose tolerance is below one braille
//! dot, which keeps a world frame cheap (about 5,500 points) and a town frame as detailed as the
//! source (about 477,000 points for the world, cut to the view by bounding box).

use geo::{BoundingRect, Coord, LineString, Rect};
use std::sync::OnceLock;

/// The region the built-in data covers (Syria and its neighbours), framed when no event has a
/// location.
pub fn detail_box() -> Rect<f64> {
    Rect::new(Coord { x: 33.0, y: 31.5 }, Coord { x: 43.5, y: 38.5 })
}

const LINES: &[u8] = include_bytes!("../../assets/lines-10m.bin");

/// What a line is, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Coast,
    Border,
}

/// A coast or border line: lon/lat points and their bounding box, to skip it cheaply when it lies
/// outside the view.
#[derive(Debug, Clone)]
pub struct Polyline {
    pub kind: LineKind,
    pub points: LineString<f64>,
    pub bbox: Rect<f64>,
}

impl Polyline {
    pub fn new(kind: LineKind, points: LineString<f64>) -> Option<Polyline> {
        let bbox = points.bounding_rect()?;
        (points.0.len() >= 2).then_some(Polyline { kind, points, bbox })
    }
}

/// All the lines of the map, at each level of detail, finest first.
#[derive(Debug, Default)]
pub struct Geography {
    /// (tolerance in degrees, lines), tolerances ascending.
    levels: Vec<(f64, Vec<Polyline>)>,
}

/// Why the line file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("map line file: {what} at byte {at}")]
pub struct LinesError {
    pub what: &'static str,
    pub at: usize,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail(&self, what: &'static str) -> LinesError {
        LinesError { what, at: self.at }
    }

    fn byte(&mut self) -> Result<u8, LinesError> {
        let b = *self.bytes.get(self.at).ok_or_else(|| self.fail("unexpected end"))?;
        self.at += 1;
        Ok(b)
    }

    fn f64(&mut self) -> Result<f64, LinesError> {
        let end = self.at + 8;
        let b: [u8; 8] =
            self.bytes.get(self.at..end).and_then(|s| s.try_into().ok()).ok_or_else(|| self.fail("unexpected end"))?;
        self.at = end;
        Ok(f64::from_le_bytes(b))
    }

    fn varint(&mut self) -> Result<u64, LinesError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(self.fail("varint too long"))
    }

    fn zigzag(&mut self) -> Result<i64, LinesError> {
        let v = self.varint()?;
        // Zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ...
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn count(&mut self, most: usize) -> Result<usize, LinesError> {
        let n = usize::try_from(self.varint()?).map_err(|_| self.fail("count too large"))?;
        if n > most {
            return Err(self.fail("count larger than the file"));
        }
        Ok(n)
    }
}

/// Reads the line file written by build_assets.py:
///
/// ```text
/// b"SLN1", f64 scale_x, scale_y, translate_x, translate_y, varint levels,
/// per level: f64 tolerance, varint lines,
///   per line: u8 kind (0 coast, 1 border), varint points, zigzag-varint dx, dy per point
/// lon = x * scale_x + translate_x, lat = y * scale_y + translate_y
/// ```
pub fn decode(bytes: &[u8]) -> Result<Vec<(f64, Vec<Polyline>)>, LinesError> {
    let mut r = Reader { bytes, at: 0 };
    if bytes.get(..4) != Some(b"SLN1".as_slice()) {
        return Err(r.fail("not a line file (no SLN1 mark)"));
    }
    r.at = 4;
    let (sx, sy, tx, ty) = (r.f64()?, r.f64()?, r.f64()?, r.f64()?);
    let most = bytes.len();
    let n_levels = r.count(most)?;
    let mut levels = Vec::with_capacity(n_levels);
    for _ in 0..n_levels {
        let eps = r.f64()?;
        let n_lines = r.count(most)?;
        let mut lines = Vec::with_capacity(n_lines);
        for _ in 0..n_lines {
            let kind = match r.byte()? {
                0 => LineKind::Coast,
                1 => LineKind::Border,
                _ => return Err(r.fail("unknown line kind")),
            };
            let n = r.count(most)?;
            let (mut x, mut y) = (0i64, 0i64);
            let mut pts = Vec::with_capacity(n);
            for _ in 0..n {
                x += r.zigzag()?;
                y += r.zigzag()?;
                pts.push(Coord { x: x as f64 * sx + tx, y: y as f64 * sy + ty });
            }
            lines.extend(Polyline::new(kind, LineString(pts)));
        }
        levels.push((eps, lines));
    }
    if r.at != bytes.len() {
        return Err(r.fail("trailing bytes"));
    }
    levels.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(levels)
}

impl Geography {
    /// The embedded coasts and borders, decoded once (about 10 ms).
    pub fn embedded() -> &'static Geography {
        static G: OnceLock<Geography> = OnceLock::new();
        // The embedded file is checked by a test; a broken one would leave the map without
        // lines rather than stop the program.
        G.get_or_init(|| Geography { levels: decode(LINES).unwrap_or_default() })
    }

    /// The lines to draw at a scale of `cols_per_deg` columns per degree: the coarsest level
    /// whose tolerance stays under one braille dot (half a column).
    pub fn lines_at(&self, cols_per_deg: f64) -> &[Polyline] {
        let dot_deg = 0.5 / cols_per_deg.max(f64::MIN_POSITIVE);
        let level = self.levels.iter().rposition(|l| l.0 <= dot_deg).unwrap_or(0);
        self.levels.get(level).map_or(&[], |l| l.1.as_slice())
    }

    /// Every line at full detail.
    pub fn lines(&self) -> &[Polyline] {
        self.levels.first().map_or(&[], |l| l.1.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_file_decodes_whole() {
        let levels = decode(LINES).unwrap();
        assert!(levels.len() >= 4, "{}", levels.len());
        assert_eq!(levels[0].0, 0.0, "the finest level keeps every source point");
        let full = &levels[0].1;
        assert!(full.len() > 4000, "{}", full.len());
        assert!(full.iter().any(|l| l.kind == LineKind::Coast) && full.iter().any(|l| l.kind == LineKind::Border));
        let world = Rect::new(Coord { x: -180.0, y: -90.0 }, Coord { x: 180.0, y: 90.0 });
        use geo::Intersects;
        assert!(full.iter().all(|l| l.points.0.iter().all(|c| world.intersects(c))));
    }

    #[test]
    fn borders_reach_beyond_syria_at_full_detail() {
        // Afghanistan's border with Pakistan (the Khyber pass area) and Sudan's Red Sea coast.
        let g = Geography::embedded();
        let near = |lon: f64, lat: f64, kind: LineKind| {
            g.lines().iter().any(|l| {
                l.kind == kind && l.points.0.iter().any(|c| (c.x - lon).abs() < 0.1 && (c.y - lat).abs() < 0.1)
            })
        };
        assert!(near(71.1, 34.1, LineKind::Border), "Afghanistan-Pakistan border");
        assert!(near(37.2, 19.6, LineKind::Coast), "Sudan's coast at Port Sudan");
    }

    #[test]
    fn coarser_levels_have_fewer_points_and_zoom_picks_them() {
        let g = Geography::embedded();
        let count = |ls: &[Polyline]| ls.iter().map(|l| l.points.0.len()).sum::<usize>();
        let full = count(g.lines());
        let world = count(g.lines_at(0.5));
        assert!(world * 20 < full, "{world} vs {full}");
        assert_eq!(count(g.lines_at(1000.0)), full);
        assert!(count(g.lines_at(40.0)) < full);
        assert!(!g.lines_at(0.0).is_empty());
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert_eq!(decode(b"nope").unwrap_err().what, "not a line file (no SLN1 mark)");
        for cut in [4, 20, 40, 45, 60, 1000] {
            assert!(decode(&LINES[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad = LINES[..LINES.len()].to_vec();
        bad.push(0);
        assert_eq!(decode(&bad).unwrap_err().what, "trailing bytes");
    }
}
