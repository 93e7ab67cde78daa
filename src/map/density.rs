//! Events drawn per cell: one event alone is a marker, a few alone are their count, and where
//! cells crowd each cell shows its density on a ramp of glyphs (and colours), whose scale is fitted
//! to the frame and written in the legend. Counts are never written where they could touch another
//! marker, so that no two numbers run together into one.

use super::events::EventGrid;
use super::style::MarkerKind;

/// The density glyphs, least to most. Shades in braille mode (braille dots are the lines');
/// under ASCII the classic ramp.
const SHADES: [char; 4] = ['░', '▒', '▓', '█'];
const ASCII: [char; 5] = ['.', ':', '+', '#', '@'];

/// The levels of a density ramp: level i holds the cells with `bounds[i]` events or more, up to
/// the next bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ramp {
    /// Lower bounds, strictly ascending, the first 1.
    pub bounds: Vec<u32>,
    glyphs: &'static [char],
}

/// Round numbers a person reads at a glance.
fn nice_floor(x: f64) -> u32 {
    // NaN too.
    if x.is_nan() || x < 1.0 {
        return 1;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = [5.0, 3.0, 2.0, 1.0].into_iter().find(|&m| m * p <= x).unwrap_or(1.0);
    // At most x, which fits in u32 for any count.
    (m * p) as u32
}

impl Ramp {
    /// A ramp for cells whose counts reach `top` (a high percentile, so that one hot spot does not
    /// flatten the rest): log-spaced round bounds.
    pub fn fit(top: u32, marker: MarkerKind) -> Ramp {
        let glyphs: &'static [char] = match marker {
            MarkerKind::Braille => &SHADES,
            MarkerKind::Ascii => &ASCII,
        };
        let k = glyphs.len() as u32;
        let mut bounds: Vec<u32> = if top <= k {
            (1..=top.max(1)).collect()
        } else {
            (0..k).map(|i| nice_floor(f64::from(top).powf(f64::from(i) / f64::from(k)))).collect()
        };
        bounds.dedup();
        Ramp { bounds, glyphs }
    }

    /// The ramp for the crowded cells of `counts`: its top is their 98th percentile.
    pub fn for_counts(mut counts: Vec<u32>, marker: MarkerKind) -> Ramp {
        counts.sort_unstable();
        let i = (counts.len().saturating_sub(1) * 98).div_ceil(100);
        Ramp::fit(counts.get(i).copied().unwrap_or(1), marker)
    }

    /// The level of a cell with `n` events (0 for 0 or 1).
    pub fn level(&self, n: u32) -> usize {
        self.bounds.iter().rposition(|&b| b <= n).unwrap_or(0)
    }

    /// The number of levels.
    pub fn levels(&self) -> usize {
        self.bounds.len()
    }

    /// The glyph of a cell with `n` events; the glyphs spread over the whole ramp when it has
    /// fewer levels than glyphs.
    pub fn glyph(&self, n: u32) -> char {
        let (l, k, g) = (self.level(n), self.levels().max(1), self.glyphs.len());
        let i = if k >= g { l } else { (l * (g - 1)) / (k - 1).max(1) };
        self.glyphs.get(i).or(self.glyphs.last()).copied().unwrap_or('#')
    }

    /// How dense a level is, from 0 (least) to 1 (most), for colours.
    pub fn heat(&self, n: u32) -> f64 {
        let k = self.levels();
        if k <= 1 { 1.0 } else { self.level(n) as f64 / (k - 1) as f64 }
    }

    /// The scale, one item per level: "░ 1", "▒ 2-4", "█ 20 or more".
    pub fn legend(&self) -> Vec<String> {
        self.bounds
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                let g = self.glyph(b);
                match self.bounds.get(i + 1) {
                    None => format!("{g} {b} or more"),
                    Some(&next) if next == b + 1 => format!("{g} {b}"),
                    Some(&next) => format!("{g} {b}-{}", next - 1),
                }
            })
            .collect()
    }
}

/// What one occupied cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// One event, with no other near it.
    Single,
    /// A digit of a count written out, with no other marker near it.
    Digit(char),
    /// A density glyph.
    Density(char),
}

/// The event cells of a frame, decided: which show a marker, a count or a density glyph.
#[derive(Debug, Clone)]
pub struct Marks {
    /// (col, row, mark, events in the cell), in reading order.
    pub cells: Vec<(u16, u16, Mark, u32)>,
    pub ramp: Ramp,
    /// Whether any cell shows density (the legend gives the scale only then).
    pub dense: bool,
}

impl Marks {
    /// Decides every occupied cell of `grid`. The `selected` cell shows the selection's marker,
    /// so it never starts a count (a count with its first digit hidden would read as another).
    pub fn build(grid: &EventGrid, marker: MarkerKind, selected: Option<(u16, u16)>) -> Marks {
        let (w, h) = (usize::from(grid.width), usize::from(grid.height));
        let occupied: Vec<(u16, u16, u32)> = grid.occupied().collect();
        let mut has = vec![false; w * h];
        for &(c, r, _) in &occupied {
            has[usize::from(r) * w + usize::from(c)] = true;
        }
        let busy = |c: i32, r: i32| -> bool {
            c >= 0 && r >= 0 && (c as usize) < w && (r as usize) < h && has[r as usize * w + c as usize]
        };
        // Whether a cell's 3x3 neighbourhood, or the neighbourhood of the cells a count would take,
        // holds any marker other than its own.
        let alone = |c: u16, r: u16, width: i32| -> bool {
            let (c, r) = (i32::from(c), i32::from(r));
            (r - 1..=r + 1).all(|y| (c - 1..=c + width).all(|x| (x == c && y == r) || !busy(x, y)))
        };
        let crowded: Vec<u32> = occupied.iter().filter(|&&(c, r, _)| !alone(c, r, 1)).map(|&(_, _, n)| n).collect();
        // Single events side by side are still single events: a ramp is for piles.
        let dense = crowded.iter().any(|&n| n > 1);
        let ramp = Ramp::for_counts(crowded, marker);
        let mut cells = Vec::with_capacity(occupied.len());
        // Cells that a count took, so that the next count keeps a blank cell from it.
        let mut taken: Vec<(u16, u16)> = Vec::new();
        for &(c, r, n) in &occupied {
            let digits = n.to_string();
            let len = digits.len() as i32;
            let near_count = |x: u16, y: u16| {
                taken.iter().any(|&(tc, tr)| {
                    tr.abs_diff(y) <= 1 && i32::from(tc) >= i32::from(x) - 1 && i32::from(tc) <= i32::from(x) + len
                })
            };
            if n == 1 && ((alone(c, r, 1) && !near_count(c, r)) || !dense) {
                cells.push((c, r, Mark::Single, n));
            } else if n > 1
                && selected != Some((c, r))
                && alone(c, r, len)
                && i32::from(c) + len <= i32::from(grid.width)
                && !near_count(c, r)
            {
                for (i, d) in digits.chars().enumerate() {
                    let col = c + i as u16;
                    cells.push((col, r, Mark::Digit(d), n));
                    taken.push((col, r));
                }
            } else {
                cells.push((c, r, Mark::Density(ramp.glyph(n)), n));
            }
        }
        Marks { cells, ramp, dense }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::projection::Projection;

    #[test]
    fn ramp_bounds_are_round_and_rising() {
        assert_eq!(Ramp::fit(1000, MarkerKind::Braille).bounds, vec![1, 5, 30, 100]);
        assert_eq!(Ramp::fit(3, MarkerKind::Braille).bounds, vec![1, 2, 3]);
        assert_eq!(Ramp::fit(0, MarkerKind::Ascii).bounds, vec![1]);
        assert_eq!(Ramp::fit(u32::MAX, MarkerKind::Ascii).bounds.len(), 5);
        let r = Ramp::fit(1000, MarkerKind::Braille);
        assert_eq!(r.legend(), vec!["░ 1-4", "▒ 5-29", "▓ 30-99", "█ 100 or more"]);
        assert_eq!((r.glyph(1), r.glyph(4), r.glyph(5), r.glyph(99), r.glyph(5000)), ('░', '░', '▒', '▓', '█'));
    }

    #[test]
    fn a_short_ramp_still_spans_light_to_dark() {
        let r = Ramp::fit(2, MarkerKind::Ascii);
        assert_eq!((r.glyph(1), r.glyph(2)), ('.', '@'));
        assert_eq!(r.legend(), vec![". 1", "@ 2 or more"]);
    }

    #[test]
    fn the_ramp_top_ignores_one_hot_spot() {
        let mut counts = vec![3; 200];
        counts.push(1_000_000);
        assert_eq!(Ramp::for_counts(counts, MarkerKind::Braille).bounds, vec![1, 2, 3]);
    }

    fn marks(pts: &[(f32, f32)]) -> Vec<(u16, u16, Mark, u32)> {
        let p = Projection::new(0.0, 0.0, 1.0, 20, 10);
        let (lat, lon): (Vec<f32>, Vec<f32>) = pts.iter().copied().unzip();
        let ids: Vec<u32> = (0..pts.len() as u32).collect();
        Marks::build(&EventGrid::build(&p, &lat, &lon, &ids), MarkerKind::Ascii, None).cells
    }

    #[test]
    fn counts_only_where_they_touch_nothing() {
        // Cell (10, 5) holds 12 events alone: written "12" over two cells.
        let twelve = vec![(0.0, 0.0); 12];
        assert_eq!(marks(&twelve), vec![(10, 5, Mark::Digit('1'), 12), (11, 5, Mark::Digit('2'), 12)]);
        // One event alone is a marker.
        assert_eq!(marks(&[(0.0, 0.0)]), vec![(10, 5, Mark::Single, 1)]);
        // 3 events and their neighbour cell's 1: both density, never "31".
        let mut glued = vec![(0.0, 0.0); 3];
        glued.push((0.0, 1.0));
        let got = marks(&glued);
        assert!(got.iter().all(|m| matches!(m.2, Mark::Density(_))), "{got:?}");
        // 12 events with an event two cells to the right: "12" would touch it, so density.
        let mut near = vec![(0.0, 0.0); 12];
        near.push((0.0, 2.0));
        let got = marks(&near);
        assert!(matches!(got[0].2, Mark::Density(_)), "{got:?}");
    }

    #[test]
    fn the_selected_cell_never_starts_a_count() {
        // "◉2" for a cell of 12 would read as a count of 2 beside the selection.
        let p = Projection::new(0.0, 0.0, 1.0, 20, 10);
        let grid = EventGrid::build(&p, &[0.0; 12], &[0.0; 12], &(0..12).collect::<Vec<u32>>());
        let got = Marks::build(&grid, MarkerKind::Braille, Some((10, 5))).cells;
        assert_eq!(got.len(), 1);
        assert!(matches!(got[0].2, Mark::Density(_)), "{got:?}");
    }
}
