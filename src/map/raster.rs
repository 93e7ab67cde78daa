//! Coasts and borders rasterised into cells: braille dots (2 columns x 4 rows of dots per cell)
//! or ASCII strokes chosen by the line's direction.

use super::geometry::{LineKind, Polyline};
use super::projection::{CELL_ASPECT, Projection};
use super::style::MarkerKind;
use geo::Intersects;

const COAST: u8 = 1;
const BORDER: u8 = 2;

/// Bit of a braille dot at (x, y) within its cell, after the Unicode braille layout.
const BRAILLE_BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];

/// Dots on, then dots off, along a border: a dashed line, as borders are on paper maps.
const DASH: (u32, u32) = (2, 2);

/// The lines of one frame, one entry per cell.
pub struct LineLayer {
    width: u16,
    height: u16,
    marker: MarkerKind,
    /// Braille dot bits, or an ASCII stroke.
    marks: Vec<u8>,
    /// COAST and/or BORDER.
    kinds: Vec<u8>,
    /// The ASCII border glyph.
    border: u8,
}

impl LineLayer {
    pub fn new(width: u16, height: u16, marker: MarkerKind) -> LineLayer {
        let n = usize::from(width) * usize::from(height);
        let border = u8::try_from(marker.glyphs().border).ok().filter(u8::is_ascii).unwrap_or(b'.');
        LineLayer { width, height, marker, marks: vec![0; n], kinds: vec![0; n], border }
    }

    /// Draws every line that reaches the pane.
    pub fn draw_all(&mut self, proj: &Projection, lines: &[Polyline]) {
        let (w, h) = (f64::from(proj.width), f64::from(proj.height));
        let (lat0, lon0) = proj.to_geo(0.0, h);
        let (lat1, lon1) = proj.to_geo(w, 0.0);
        let view = geo::Rect::new(geo::Coord { x: lon0, y: lat0 }, geo::Coord { x: lon1, y: lat1 });
        for line in lines.iter().filter(|l| l.bbox.intersects(&view)) {
            self.draw(proj, line);
        }
    }

    pub fn draw(&mut self, proj: &Projection, line: &Polyline) {
        let (sx, sy) = match self.marker {
            MarkerKind::Braille => (2.0, 4.0),
            // Half-cell steps so that a diagonal stroke touches every cell it crosses.
            MarkerKind::Ascii => (2.0, 2.0),
        };
        let (xmax, ymax) = (f64::from(self.width) * sx, f64::from(self.height) * sy);
        let mut phase = 0u32;
        let mut prev: Option<(f64, f64)> = None;
        for c in &line.points.0 {
            let (col, row) = proj.to_cell(c.y, c.x);
            let p = (col * sx, row * sy);
            if let Some(q) = prev
                && let Some((x0, y0, x1, y1)) = clip(q, p, xmax, ymax)
            {
                let stroke = ascii_stroke(x1 - x0, (y1 - y0) * CELL_ASPECT);
                let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0);
                // The segment is clipped to the pane, so `steps` is at most its diagonal in dots.
                for i in 0..=steps as u32 {
                    let t = f64::from(i) / steps;
                    phase = phase.wrapping_add(1);
                    let dashed_off = line.kind == LineKind::Border && phase % (DASH.0 + DASH.1) >= DASH.0;
                    if self.marker == MarkerKind::Braille && dashed_off {
                        continue;
                    }
                    self.plot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, sx, sy, line.kind, stroke);
                }
            }
            prev = Some(p);
        }
    }

    fn plot(&mut self, x: f64, y: f64, sx: f64, sy: f64, kind: LineKind, stroke: u8) {
        if !(x >= 0.0 && y >= 0.0) {
            return;
        }
        // Non-negative and clipped to the pane, so truncation floors.
        let (dx, dy) = (x as usize, y as usize);
        let (col, row) = (dx / sx as usize, dy / sy as usize);
        if col >= usize::from(self.width) || row >= usize::from(self.height) {
            return;
        }
        let i = row * usize::from(self.width) + col;
        let (Some(mark), Some(kinds)) = (self.marks.get_mut(i), self.kinds.get_mut(i)) else { return };
        let bit = if kind == LineKind::Coast { COAST } else { BORDER };
        match self.marker {
            MarkerKind::Braille => {
                *mark |= BRAILLE_BITS[dx % 2][dy % 4];
            }
            MarkerKind::Ascii => {
                // A coast stroke wins over a border's dots; the first stroke of a kind stays.
                let border_only = *kinds == BORDER;
                if *kinds == 0 || (border_only && kind == LineKind::Coast) {
                    *mark = if kind == LineKind::Coast { stroke } else { self.border };
                }
            }
        }
        *kinds |= bit;
    }

    /// The glyph of a cell and the kind that styles it (a coast wins over a border).
    pub fn glyph(&self, col: u16, row: u16) -> Option<(char, LineKind)> {
        if col >= self.width || row >= self.height {
            return None;
        }
        let i = usize::from(row) * usize::from(self.width) + usize::from(col);
        let (mark, kinds) = (*self.marks.get(i)?, *self.kinds.get(i)?);
        if kinds == 0 || mark == 0 {
            return None;
        }
        let kind = if kinds & COAST != 0 { LineKind::Coast } else { LineKind::Border };
        let ch = match self.marker {
            MarkerKind::Braille => char::from_u32(0x2800 + u32::from(mark))?,
            MarkerKind::Ascii => char::from(mark),
        };
        Some((ch, kind))
    }
}

/// The ASCII stroke for a direction on screen, in cell widths (`dy` grows downwards).
fn ascii_stroke(dx: f64, dy: f64) -> u8 {
    // tan(22.5°): beyond it a stroke is nearer the diagonal than the axis.
    const T: f64 = 0.414;
    if dy.abs() <= T * dx.abs() {
        b'-'
    } else if dx.abs() <= T * dy.abs() {
        b'|'
    } else if (dx > 0.0) == (dy > 0.0) {
        b'\\'
    } else {
        b'/'
    }
}

/// The part of segment p–q inside [0, xmax] x [0, ymax] (Liang–Barsky).
fn clip(p: (f64, f64), q: (f64, f64), xmax: f64, ymax: f64) -> Option<(f64, f64, f64, f64)> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (pp, qq) in [(-dx, p.0), (dx, xmax - p.0), (-dy, p.1), (dy, ymax - p.1)] {
        if pp == 0.0 {
            if qq < 0.0 {
                return None;
            }
        } else {
            let r = qq / pp;
            if pp < 0.0 {
                if r > t1 {
                    return None;
                }
                t0 = t0.max(r);
            } else {
                if r < t0 {
                    return None;
                }
                t1 = t1.min(r);
            }
        }
    }
    let all_finite = [p.0, p.1, q.0, q.1].iter().all(|v| v.is_finite());
    all_finite.then_some((p.0 + t0 * dx, p.1 + t0 * dy, p.0 + t1 * dx, p.1 + t1 * dy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Coord, LineString, Rect};

    fn line(kind: LineKind, pts: &[(f64, f64)]) -> Polyline {
        let points: LineString<f64> = pts.iter().map(|&(x, y)| Coord { x, y }).collect();
        let bbox = Rect::new(Coord { x: -180.0, y: -90.0 }, Coord { x: 180.0, y: 90.0 });
        Polyline { kind, points, bbox }
    }

    fn render(layer: &LineLayer) -> Vec<String> {
        (0..layer.height).map(|r| (0..layer.width).map(|c| layer.glyph(c, r).map_or(' ', |g| g.0)).collect()).collect()
    }

    #[test]
    fn ascii_strokes_follow_direction() {
        // 10 columns per degree of longitude at the equator, 5 rows per degree of latitude.
        let p = Projection::new(0.0, 0.0, 10.0, 12, 6);
        let mut l = LineLayer::new(12, 6, MarkerKind::Ascii);
        l.draw(&p, &line(LineKind::Coast, &[(-0.5, 0.2), (0.5, 0.2)]));
        l.draw(&p, &line(LineKind::Border, &[(-0.6, -0.3), (-0.6, 0.5)]));
        let out = render(&l);
        assert_eq!(out[2], "'-----------");
        assert!(out.iter().skip(1).take(4).all(|r| r.starts_with('\'')), "{out:?}");
    }

    #[test]
    fn braille_coast_is_solid_and_border_dashed() {
        let p = Projection::new(0.0, 0.0, 10.0, 10, 2);
        let mut l = LineLayer::new(10, 2, MarkerKind::Braille);
        l.draw(&p, &line(LineKind::Coast, &[(-0.55, 0.05), (0.55, 0.05)]));
        let solid: String = render(&l).concat();
        assert_eq!(solid.chars().filter(|&c| c == '⠒').count(), 10, "{solid}");
        let mut l = LineLayer::new(10, 2, MarkerKind::Braille);
        l.draw(&p, &line(LineKind::Border, &[(-0.55, 0.05), (0.55, 0.05)]));
        let dashed: String = render(&l).concat();
        assert!(dashed.contains('⠂') || dashed.contains('⠐'), "{dashed}");
        assert!(dashed.chars().filter(|&c| c == '⠒').count() < 10, "{dashed}");
    }

    #[test]
    fn far_and_degenerate_segments_are_safe() {
        let p = Projection::new(35.0, 36.0, 4000.0, 5, 0);
        let mut l = LineLayer::new(5, 0, MarkerKind::Braille);
        l.draw(&p, &line(LineKind::Coast, &[(-170.0, -80.0), (170.0, 80.0)]));
        let p = Projection::new(35.0, 36.0, 4000.0, 3, 3);
        let mut l = LineLayer::new(3, 3, MarkerKind::Ascii);
        l.draw(&p, &line(LineKind::Coast, &[(-170.0, -80.0), (170.0, 80.0), (170.0, 80.0)]));
        l.draw(&p, &line(LineKind::Coast, &[(36.0, 35.0), (36.0, 35.0)]));
        assert_eq!(l.glyph(9, 9), None);
    }

    #[test]
    fn clipping_keeps_the_inner_part() {
        assert_eq!(clip((-5.0, 5.0), (15.0, 5.0), 10.0, 10.0), Some((0.0, 5.0, 10.0, 5.0)));
        assert_eq!(clip((-5.0, -5.0), (-1.0, 20.0), 10.0, 10.0), None);
        assert_eq!(clip((f64::NAN, 0.0), (1.0, 1.0), 10.0, 10.0), None);
    }
}
