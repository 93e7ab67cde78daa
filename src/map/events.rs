//! Events counted per cell: a frame draws one glyph per cell, never one per event, so a million
//! events cost one pass over two float columns.

use super::projection::Projection;

/// How many of the shown events fall in each cell of the pane, and how many could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventGrid {
    pub width: u16,
    pub height: u16,
    counts: Vec<u32>,
    /// The first event counted in each cell (u32::MAX for none): where the cell's events are,
    /// to name the right town beside them.
    first: Vec<u32>,
    /// Events in the filter.
    pub shown: usize,
    /// Events without coordinates (NaN), or whose number is beyond the columns.
    pub unlocated: usize,
    /// Located events outside the pane.
    pub outside: usize,
}

impl EventGrid {
    /// Counts `shown` (event numbers) into the cells of `proj`; `lat[i]`, `lon[i]` locate event i.
    pub fn build(proj: &Projection, lat: &[f32], lon: &[f32], shown: &[u32]) -> EventGrid {
        let (w, h) = (proj.width, proj.height);
        let mut counts = vec![0u32; usize::from(w) * usize::from(h)];
        let mut first = vec![u32::MAX; counts.len()];
        let [a, kx, b, ky] = proj.affine_f32();
        let (wf, hf) = (f32::from(w), f32::from(h));
        let (mut unlocated, mut outside) = (0usize, 0usize);
        for &id in shown {
            let i = id as usize;
            let (Some(&la), Some(&lo)) = (lat.get(i), lon.get(i)) else {
                unlocated += 1;
                continue;
            };
            if la.is_nan() || lo.is_nan() {
                unlocated += 1;
                continue;
            }
            let c = a + lo * kx;
            let r = b - la * ky;
            if c >= 0.0 && r >= 0.0 && c < wf && r < hf {
                // In range and non-negative, so truncation floors and the index is in bounds.
                let idx = r as usize * usize::from(w) + c as usize;
                if let (Some(n), Some(f)) = (counts.get_mut(idx), first.get_mut(idx)) {
                    if *n == 0 {
                        *f = id;
                    }
                    *n += 1;
                }
            } else {
                outside += 1;
            }
        }
        EventGrid { width: w, height: h, counts, first, shown: shown.len(), unlocated, outside }
    }

    fn index(&self, col: u16, row: u16) -> Option<usize> {
        (col < self.width && row < self.height).then(|| usize::from(row) * usize::from(self.width) + usize::from(col))
    }

    /// Events in cell (col, row); 0 outside the pane.
    pub fn count(&self, col: u16, row: u16) -> u32 {
        self.index(col, row).and_then(|i| self.counts.get(i)).copied().unwrap_or(0)
    }

    /// The number of the first event counted in cell (col, row).
    pub fn first_event(&self, col: u16, row: u16) -> Option<u32> {
        self.index(col, row).and_then(|i| self.first.get(i)).copied().filter(|&e| e != u32::MAX)
    }

    /// Cells with at least one event, as (col, row, count).
    pub fn occupied(&self) -> impl Iterator<Item = (u16, u16, u32)> + '_ {
        let w = usize::from(self.width.max(1));
        self.counts.iter().enumerate().filter(|(_, n)| **n > 0).map(move |(i, &n)| {
            // i < width * height, both u16, so the quotient and remainder fit.
            ((i % w) as u16, (i / w) as u16, n)
        })
    }

    /// Located events in the pane.
    pub fn in_view(&self) -> usize {
        self.shown - self.unlocated - self.outside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cells_and_the_unplaceable() {
        let p = Projection::new(35.5, 36.5, 10.0, 20, 10);
        let lat = [35.5, 35.5, 35.5, f32::NAN, 10.0, 35.5];
        let lon = [36.5, 36.5, 36.52, 36.5, 36.5, f32::NAN];
        let g = EventGrid::build(&p, &lat, &lon, &[0, 1, 2, 3, 4, 5, 77]);
        assert_eq!(g.count(10, 5), 3);
        assert_eq!((g.shown, g.unlocated, g.outside, g.in_view()), (7, 3, 1, 3));
        assert_eq!(g.occupied().collect::<Vec<_>>(), vec![(10, 5, 3)]);
        assert_eq!(g.count(100, 100), 0);
        assert_eq!((g.first_event(10, 5), g.first_event(0, 0)), (Some(0), None));
    }

    #[test]
    fn empty_panes_do_not_panic() {
        for (w, h) in [(0, 0), (0, 5), (5, 0), (1, 1)] {
            let p = Projection::new(35.5, 36.5, 10.0, w, h);
            let g = EventGrid::build(&p, &[35.5], &[36.5], &[0]);
            assert_eq!(g.shown, 1);
            let _ = g.occupied().count();
        }
    }
}
