//! Events counted per cell: a frame draws one glyph per cell, never one per event, so a million
//! events cost one pass over two float columns.

use super::projection::Projection;

/// How many of the shown events fall in each cell of the pane, and how many could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventGrid {
    pub width: u16,
    pub height: u16,
    /// Per cell, the count in the low 32 bits and the number of the last event counted in the
    /// high 32 bits: where the cell's events are, to name the right town beside them. One word
    /// per cell keeps the inner loop at one read and one write.
    cells: Vec<u64>,
    /// Events in the filter.
    pub shown: usize,
    /// Events without coordinates (NaN), or whose number is beyond the columns.
    pub unlocated: usize,
    /// Located events outside the pane.
    pub outside: usize,
}

/// Below this many events one thread counts them: splitting would cost more than it saves.
const PARALLEL_MIN: usize = 1 << 16;
/// Events per task when counting in parallel.
const CHUNK: usize = 1 << 17;

/// Counts over a run of events. The last slot takes the events outside the pane, so that the
/// loop has no branch on where an event falls (random positions would defeat prediction).
struct Tally {
    cells: Vec<u64>,
    unlocated: usize,
    outside: usize,
}

/// The projection in single precision and the pane, for the inner loop.
#[derive(Clone, Copy)]
struct Kernel {
    affine: [f32; 4],
    width: u16,
    height: u16,
}

const COUNT: u64 = 0xffff_ffff;

impl Tally {
    fn new(cells: usize) -> Tally {
        Tally { cells: vec![0; cells + 1], unlocated: 0, outside: 0 }
    }

    fn add(&mut self, k: Kernel, lat: &[f32], lon: &[f32], ids: &[u32]) {
        let [a, kx, b, ky] = k.affine;
        let (wf, hf, w) = (f32::from(k.width), f32::from(k.height), usize::from(k.width));
        let cells = self.cells.as_mut_slice();
        let spill = cells.len() - 1;
        // Counters in locals: as fields beside the cells they would go through memory each time.
        let (mut unlocated, mut outside) = (0usize, 0usize);
        for &id in ids {
            let i = id as usize;
            let (Some(&la), Some(&lo)) = (lat.get(i), lon.get(i)) else {
                unlocated += 1;
                continue;
            };
            let c = a + lo * kx;
            let r = b - la * ky;
            // NaN fails every comparison, so an event without a location is never inside.
            let inside = (c >= 0.0) & (r >= 0.0) & (c < wf) & (r < hf);
            let nan = la.is_nan() | lo.is_nan();
            unlocated += usize::from(nan);
            outside += usize::from(!inside & !nan);
            // Inside, both are non-negative and below the pane's size, so truncation floors;
            // outside, the index is computed all the same (casts saturate, and the product fits
            // in 64 bits) and then dropped, so that the choice is a conditional move, not a
            // branch. Through u32: x86-64 converts a float to u32 in one instruction.
            let cell_idx = r as u32 as usize * w + c as u32 as usize;
            let idx = if inside { cell_idx } else { spill };
            if let Some(cell) = cells.get_mut(idx) {
                let n = (*cell as u32).saturating_add(1);
                *cell = u64::from(n) | (u64::from(id) << 32);
            }
        }
        self.unlocated += unlocated;
        self.outside += outside;
    }

    /// `self` followed by `later`.
    fn merge(mut self, later: Tally) -> Tally {
        for (x, y) in self.cells.iter_mut().zip(&later.cells) {
            let n = (*x as u32).saturating_add(*y as u32);
            let last = if *y & COUNT != 0 { *y } else { *x };
            *x = u64::from(n) | (last & !COUNT);
        }
        self.unlocated += later.unlocated;
        self.outside += later.outside;
        self
    }
}

impl EventGrid {
    /// Counts `shown` (event numbers) into the cells of `proj`; `lat[i]`, `lon[i]` locate event i.
    /// A large filter is counted on every core.
    pub fn build(proj: &Projection, lat: &[f32], lon: &[f32], shown: &[u32]) -> EventGrid {
        use rayon::prelude::*;
        let (w, h) = (proj.width, proj.height);
        let cells = usize::from(w) * usize::from(h);
        let k = Kernel { affine: proj.affine_f32(), width: w, height: h };
        let mut tally = if shown.len() >= PARALLEL_MIN {
            shown
                .par_chunks(CHUNK)
                .map(|ids| {
                    let mut t = Tally::new(cells);
                    t.add(k, lat, lon, ids);
                    t
                })
                .reduce(|| Tally::new(cells), Tally::merge)
        } else {
            let mut t = Tally::new(cells);
            t.add(k, lat, lon, shown);
            t
        };
        tally.cells.truncate(cells);
        let Tally { cells, unlocated, outside } = tally;
        EventGrid { width: w, height: h, cells, shown: shown.len(), unlocated, outside }
    }

    fn index(&self, col: u16, row: u16) -> Option<usize> {
        (col < self.width && row < self.height).then(|| usize::from(row) * usize::from(self.width) + usize::from(col))
    }

    /// Events in cell (col, row); 0 outside the pane.
    pub fn count(&self, col: u16, row: u16) -> u32 {
        self.index(col, row).and_then(|i| self.cells.get(i)).map_or(0, |&c| c as u32)
    }

    /// The number of one event in cell (col, row): the last one counted.
    pub fn event_in(&self, col: u16, row: u16) -> Option<u32> {
        let c = *self.cells.get(self.index(col, row)?)?;
        (c & COUNT != 0).then_some((c >> 32) as u32)
    }

    /// Cells with at least one event, as (col, row, count).
    pub fn occupied(&self) -> impl Iterator<Item = (u16, u16, u32)> + '_ {
        let w = usize::from(self.width.max(1));
        self.cells.iter().enumerate().filter(|(_, c)| **c & COUNT != 0).map(move |(i, &c)| {
            // i < width * height, both u16, so the quotient and remainder fit.
            ((i % w) as u16, (i / w) as u16, c as u32)
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
        assert_eq!((g.event_in(10, 5), g.event_in(0, 0)), (Some(2), None));
    }

    #[test]
    fn parallel_counting_agrees_with_one_thread() {
        let n = PARALLEL_MIN * 3 + 17;
        let lat: Vec<f32> =
            (0..n).map(|i| if i % 50 == 0 { f32::NAN } else { 35.0 + (i % 97) as f32 * 0.02 }).collect();
        let lon: Vec<f32> = (0..n).map(|i| 36.0 + (i % 89) as f32 * 0.02).collect();
        let shown: Vec<u32> = (0..n as u32).rev().collect();
        let p = Projection::new(35.9, 36.9, 20.0, 30, 12);
        let big = EventGrid::build(&p, &lat, &lon, &shown);
        let mut one = Tally::new(30 * 12);
        one.add(Kernel { affine: p.affine_f32(), width: 30, height: 12 }, &lat, &lon, &shown);
        one.cells.truncate(30 * 12);
        assert_eq!(big.cells, one.cells);
        assert_eq!((big.unlocated, big.outside), (one.unlocated, one.outside));
        assert!(big.unlocated > 0 && big.outside > 0);
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
