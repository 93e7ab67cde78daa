//! Coasts and land borders from Natural Earth, embedded, at a few levels of detail.
//!
//! Two line files are compiled in (see assets/PROVENANCE.md): 1:10m lines for the box [`detail_box`]
//! around Syria, and 1:110m lines for the rest of the world, so that a view never comes up blank.
//! At load, each line is simplified with geo's Ramer–Douglas–Peucker [`Simplify`] to coarser
//! levels; a frame draws the coarsest level whose tolerance is below one braille dot, which keeps
//! a zoomed-out frame cheap and a zoomed-in one as detailed as the source.

use geo::{BoundingRect, Coord, LineString, Rect, Simplify};
use serde::Deserialize;
use std::sync::OnceLock;

/// Where the 1:10m source is complete: lon 33–43.5, lat 31.5–38.5 (Syria and its neighbours).
/// Must match `DETAIL` in assets/build_assets.py.
pub fn detail_box() -> Rect<f64> {
    Rect::new(Coord { x: 33.0, y: 31.5 }, Coord { x: 43.5, y: 38.5 })
}

/// Ramer–Douglas–Peucker tolerances in degrees, finest first. 0 keeps every source point.
const TOLERANCES: [f64; 4] = [0.0, 0.01, 0.05, 0.25];

const REGION_LINES: &str = include_str!("../../assets/region-lines.geojson");
const WORLD_LINES: &str = include_str!("../../assets/world-lines.geojson");

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
    fn new(kind: LineKind, points: LineString<f64>) -> Option<Polyline> {
        let bbox = points.bounding_rect()?;
        (points.0.len() >= 2).then_some(Polyline { kind, points, bbox })
    }
}

/// All the lines of the map, at each level of detail.
#[derive(Debug, Default)]
pub struct Geography {
    /// One entry per tolerance of [`TOLERANCES`], in that order.
    levels: Vec<Vec<Polyline>>,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: MultiLine,
}

#[derive(Deserialize)]
struct Properties {
    kind: String,
}

#[derive(Deserialize)]
struct MultiLine {
    coordinates: Vec<Vec<[f64; 2]>>,
}

/// The lines of one GeoJSON file written by build_assets.py: MultiLineString features whose
/// `kind` property is "coast" or "border".
pub fn parse_lines(geojson: &str) -> Result<Vec<Polyline>, serde_json::Error> {
    let collection: Collection = serde_json::from_str(geojson)?;
    let mut out = Vec::new();
    for f in collection.features {
        let kind = if f.properties.kind == "border" { LineKind::Border } else { LineKind::Coast };
        for line in f.geometry.coordinates {
            let points: LineString<f64> = line.into_iter().map(|[x, y]| Coord { x, y }).collect();
            out.extend(Polyline::new(kind, points));
        }
    }
    Ok(out)
}

impl Geography {
    /// The embedded coasts and borders, parsed and simplified once.
    pub fn embedded() -> &'static Geography {
        static G: OnceLock<Geography> = OnceLock::new();
        G.get_or_init(|| {
            // The embedded files are checked by a test; a broken one would leave the map without
            // lines rather than stop the program.
            let mut lines = parse_lines(REGION_LINES).unwrap_or_default();
            lines.extend(parse_lines(WORLD_LINES).unwrap_or_default());
            Geography::from_lines(lines)
        })
    }

    /// Levels of detail of `lines`, simplified with geo's `Simplify` (Ramer–Douglas–Peucker).
    pub fn from_lines(lines: Vec<Polyline>) -> Geography {
        let mut levels = Vec::with_capacity(TOLERANCES.len());
        for &eps in &TOLERANCES[1..] {
            let level = lines
                .iter()
                .filter_map(|l| {
                    // A line smaller than the tolerance would shrink to a stub; drop it instead.
                    let (w, h) = (l.bbox.width(), l.bbox.height());
                    if w < eps && h < eps {
                        return None;
                    }
                    Polyline::new(l.kind, l.points.simplify(eps))
                })
                .collect();
            levels.push(level);
        }
        levels.insert(0, lines);
        Geography { levels }
    }

    /// The lines to draw at a scale of `cols_per_deg` columns per degree: the coarsest level
    /// whose tolerance stays under one braille dot (half a column).
    pub fn lines_at(&self, cols_per_deg: f64) -> &[Polyline] {
        let dot_deg = 0.5 / cols_per_deg.max(f64::MIN_POSITIVE);
        let level = TOLERANCES.iter().rposition(|&eps| eps <= dot_deg).unwrap_or(0);
        self.levels.get(level).or_else(|| self.levels.first()).map_or(&[], Vec::as_slice)
    }

    /// Every line at full detail.
    pub fn lines(&self) -> &[Polyline] {
        self.levels.first().map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Intersects;

    fn inside(r: &Rect<f64>, c: &Coord<f64>) -> bool {
        r.intersects(c)
    }

    #[test]
    fn embedded_files_parse() {
        let region = parse_lines(REGION_LINES).unwrap();
        let world = parse_lines(WORLD_LINES).unwrap();
        assert!(region.len() > 20 && world.len() > 300, "{} {}", region.len(), world.len());
        assert!(region.iter().any(|l| l.kind == LineKind::Coast));
        assert!(region.iter().any(|l| l.kind == LineKind::Border));
    }

    #[test]
    fn region_lines_lie_in_the_detail_box() {
        // Every edge has an end inside the detail box; the other end of an edge crossing its side lies
        // just beyond it (a 1:10m edge is far shorter than a degree).
        let grown = Rect::new(Coord { x: 32.0, y: 30.5 }, Coord { x: 44.5, y: 39.5 });
        for line in parse_lines(REGION_LINES).unwrap() {
            assert!(line.points.0.iter().all(|c| inside(&grown, c)), "{:?}", line.bbox);
            assert!(line.points.0.iter().any(|c| inside(&detail_box(), c)));
        }
    }

    #[test]
    fn world_lines_are_lon_lat() {
        let world = Rect::new(Coord { x: -180.0, y: -90.0 }, Coord { x: 180.0, y: 90.0 });
        for line in parse_lines(WORLD_LINES).unwrap() {
            assert!(line.points.0.iter().all(|c| inside(&world, c)));
        }
    }

    #[test]
    fn coarser_levels_have_fewer_points_and_zoom_picks_them() {
        let g = Geography::embedded();
        let count = |ls: &[Polyline]| ls.iter().map(|l| l.points.0.len()).sum::<usize>();
        let full = count(g.lines());
        let coarse = count(g.lines_at(1.0));
        assert!(coarse * 2 < full, "{coarse} vs {full}");
        assert_eq!(count(g.lines_at(500.0)), full);
        assert!(count(g.lines_at(40.0)) <= full);
        assert!(!g.lines_at(0.0).is_empty());
    }
}
