//! Placing names on the map: greedy, most important first, never over another label, a town's
//! dot or an event marker, and with a blank cell between two names on one row.

use super::events::EventGrid;
use super::projection::Projection;
use super::rank::{self, Tier};

const FREE: u8 = 0;
const EVENT: u8 = 1;
const TEXT: u8 = 2;
const DOT: u8 = 3;
/// An event cell that a town's name already stands beside.
const NAMED: u8 = 4;
/// A digit of a count: a name keeps a blank cell from it, or the two would read as one word.
const COUNT: u8 = 5;

/// What a placed label names, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelRole {
    Selected,
    Capital,
    Town,
    Area,
}

/// How much room a label wants around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Room {
    /// A blank cell before and after.
    Tight,
    /// Also no other label on the rows above and below: minor places thin out instead of
    /// filling every gap.
    Airy,
}

/// A label that found room: its text starts at (col, row) and takes `width` cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub col: u16,
    pub row: u16,
    pub width: u16,
    pub text: String,
    pub role: LabelRole,
    /// The town's dot, unless an event marker stands in its cell.
    pub dot: Option<(u16, u16)>,
}

/// Which cells of the pane are taken, and by what.
pub struct Occupancy {
    width: u16,
    height: u16,
    cells: Vec<u8>,
}

impl Occupancy {
    /// A pane whose event cells are already taken.
    pub fn new(grid: &EventGrid) -> Occupancy {
        let mut o = Occupancy {
            width: grid.width,
            height: grid.height,
            cells: vec![FREE; usize::from(grid.width) * usize::from(grid.height)],
        };
        for (c, r, _) in grid.occupied() {
            o.set(i32::from(c), i32::from(r), EVENT);
        }
        o
    }

    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }

    fn index(&self, col: i32, row: i32) -> Option<usize> {
        let inside = col >= 0 && row >= 0 && col < i32::from(self.width) && row < i32::from(self.height);
        // Both are non-negative and below u16::MAX here.
        inside.then(|| row as usize * usize::from(self.width) + col as usize)
    }

    fn get(&self, col: i32, row: i32) -> Option<u8> {
        self.index(col, row).and_then(|i| self.cells.get(i).copied())
    }

    fn set(&mut self, col: i32, row: i32, v: u8) {
        if let Some(c) = self.index(col, row).and_then(|i| self.cells.get_mut(i)) {
            *c = v;
        }
    }

    /// Marks a cell as an event's (the selected event may lie outside the filter).
    pub fn take_event(&mut self, col: u16, row: u16) {
        self.set(i32::from(col), i32::from(row), EVENT);
    }

    /// Marks a cell as a digit of a count.
    pub fn take_count(&mut self, col: u16, row: u16) {
        self.set(i32::from(col), i32::from(row), COUNT);
    }

    /// Whether `width` cells from (col, row) are free and inside the pane, and the cells just
    /// before and after them hold no other label, dot or marker, which would read as part of
    /// the name (`own` is the label's own anchor). An airy label also wants no other label on the
    /// rows above and below it.
    pub fn fits(&self, col: i32, row: i32, width: u16, own: Option<(i32, i32)>, room: Room) -> bool {
        let end = col + i32::from(width);
        if width == 0 || (col..end).any(|c| self.get(c, row) != Some(FREE)) {
            return false;
        }
        let ends_clear = [col - 1, end].iter().all(|&c| match self.get(c, row) {
            None | Some(FREE) => true,
            Some(COUNT) => false,
            Some(_) => own == Some((c, row)),
        });
        let airy = room == Room::Tight
            || [row - 1, row + 1].iter().all(|&r| (col - 1..=end).all(|c| self.get(c, r) != Some(TEXT)));
        ends_clear && airy
    }

    pub fn take(&mut self, col: i32, row: i32, width: u16) {
        for c in col..col + i32::from(width) {
            self.set(c, row, TEXT);
        }
    }

    /// The first position, among right, left, above and below an anchor, where `width` cells fit.
    pub fn place_beside(&self, anchor: (u16, u16), width: u16, room: Room) -> Option<(i32, i32)> {
        let (c, r, w) = (i32::from(anchor.0), i32::from(anchor.1), i32::from(width));
        let own = Some((c, r));
        // Beside a count, a blank cell comes between: "3 Idlib", never "3Idlib".
        let digits = (c..).take_while(|&x| self.get(x, r) == Some(COUNT)).count() as i32;
        let gap = i32::from(digits > 0);
        [(c + digits.max(1) + gap, r), (c - w - gap, r), (c - w / 2, r - 1), (c - w / 2, r + 1)]
            .into_iter()
            .find(|&(x, y)| self.fits(x, y, width, own, room))
    }

    /// The first position centred on `anchor`, or a row or two above or below it.
    pub fn place_over(&self, anchor: (u16, u16), width: u16) -> Option<(i32, i32)> {
        let (c, r) = (i32::from(anchor.0) - i32::from(width) / 2, i32::from(anchor.1));
        [0, 1, -1, 2, -2].into_iter().map(|d| (c, r + d)).find(|&(x, y)| self.fits(x, y, width, None, Room::Tight))
    }

    /// Whether a town's dot may go at `anchor`: not on a label or another dot, and not touching
    /// the end of a name on its row, where it would read as part of that name.
    fn anchor_free(&self, anchor: (u16, u16)) -> bool {
        let (c, r) = (i32::from(anchor.0), i32::from(anchor.1));
        let here = self.get(c, r);
        // A dot beside a count would read as part of the number ("o4").
        let apart = |x: i32| match self.get(x, r) {
            Some(TEXT) => false,
            Some(COUNT) => here != Some(FREE),
            _ => true,
        };
        matches!(here, Some(FREE | EVENT | COUNT)) && apart(c - 1) && apart(c + 1)
    }
}

/// Below this many columns a degree (about 75 km a column) the map shows a continent or the world.
const WIDE_SCALE: f64 = 1.5;
/// Zoomed out that far, towns smaller than this are not named.
const CITY_POPULATION: u32 = 200_000;

/// The most prominent towns of a cell that may be named there; at a town's zoom a cell holds
/// fewer.
const TOWNS_PER_CELL: u8 = 4;

/// What the names are placed around.
pub struct PlaceContext<'a> {
    pub proj: &'a Projection,
    pub grid: &'a EventGrid,
    /// The event columns, to find where a cell's events are.
    pub lat: &'a [f32],
    pub lon: &'a [f32],
    /// Whether to name governorates.
    pub areas: bool,
    /// Towns the data names, sorted, which rank as if they had events beside them.
    pub mentioned: &'a [String],
}

/// Places the town names (and province names when asked) that fit, most prominent first:
/// capitals, then province names, then district seats, then other towns; within a rank, towns
/// beside events or named by the data first. Of the towns sharing a cell with events, only the one
/// nearest those events is named (or a capital, as a landmark), so that a name beside a marker
/// is the place of its events. When events are in view, the towns and provinces of countries
/// without any come last, where there is air: a map of Idlib names Syrian villages before Turkish
/// towns across the border.
pub fn place_places(occ: &mut Occupancy, ctx: &PlaceContext<'_>) -> Vec<Placed> {
    const FOREIGN: u8 = 6;
    let mut towns: Vec<(u8, (u16, u16), &rank::Town)> = Vec::new();
    let mut contenders: Vec<((u16, u16), f64, usize)> = Vec::new();
    // Towns per cell so far: only the most prominent few of a cell are candidates, which keeps a
    // world frame from weighing all 36,000 towns for a few dozen names.
    let (w, h) = occ.size();
    let mut per_cell = vec![0u8; usize::from(w) * usize::from(h)];
    // Zoomed out to a continent, a province's capital or a small town is noise: only the capitals of
    // countries and the cities are named.
    let wide = ctx.proj.cols_per_deg() < WIDE_SCALE;
    for t in rank::towns() {
        if wide && !t.national && t.population < CITY_POPULATION {
            continue;
        }
        let Some(cell) = ctx.proj.cell_of(t.lat, t.lon) else { continue };
        let Some(n) = per_cell.get_mut(usize::from(cell.1) * usize::from(w) + usize::from(cell.0)) else { continue };
        if *n >= TOWNS_PER_CELL {
            continue;
        }
        *n += 1;
        let tier = match t.tier {
            Tier::Capital => 0,
            Tier::Seat => 1,
            Tier::Town => 2,
        };
        if let Some(d) = distance_to_events(ctx, cell, t) {
            contenders.push((cell, d, towns.len()));
        }
        let quiet = u8::from(ctx.mentioned.binary_search(&t.name).is_err());
        towns.push((tier * 2 + quiet, cell, t));
    }
    contenders.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut last_cell = None;
    let mut countries: Vec<&str> = Vec::new();
    for &(cell, _, i) in &contenders {
        let nearest = last_cell != Some(cell);
        last_cell = Some(cell);
        if let Some(t) = towns.get_mut(i) {
            if nearest {
                t.0 = t.0 / 2 * 2;
                countries.push(t.2.country);
            } else if t.2.tier != Tier::Capital {
                t.0 = u8::MAX;
            }
        }
    }
    countries.sort_unstable();
    countries.dedup();
    let foreign = |country: &str| !countries.is_empty() && countries.binary_search(&country).is_err();
    for t in &mut towns {
        if t.0 != u8::MAX && foreign(t.2.country) {
            t.0 = FOREIGN;
        }
    }
    towns.retain(|t| t.0 != u8::MAX);
    // Stable: equal ranks keep the prominence order of `rank::towns`.
    towns.sort_by_key(|t| t.0);
    let mut placed = Vec::new();
    let capitals = towns.iter().take_while(|t| t.0 < 2).count();
    let (first, rest) = towns.split_at(capitals);
    for &(_, cell, town) in first {
        placed.extend(place_town(occ, cell, &town.name, LabelRole::Capital, Room::Tight));
    }
    let place_areas = |occ: &mut Occupancy, placed: &mut Vec<Placed>, of_foreign: bool| {
        for a in rank::areas().iter().filter(|a| foreign(a.country) == of_foreign) {
            let Some(cell) = ctx.proj.cell_of(a.lat, a.lon) else { continue };
            let text = a.name.to_uppercase();
            let width = text_width(&text);
            if let Some((c, r)) = occ.place_over(cell, width) {
                occ.take(c, r, width);
                placed.push(label(c, r, width, text, LabelRole::Area, None));
            }
        }
    };
    if ctx.areas {
        place_areas(occ, &mut placed, false);
    }
    for &(rank, cell, town) in rest {
        // Quiet seats and towns (odd ranks: no event beside them) only where there is air.
        let room = if rank % 2 == 1 || rank == FOREIGN { Room::Airy } else { Room::Tight };
        let role = if rank == FOREIGN && town.tier == Tier::Capital { LabelRole::Capital } else { LabelRole::Town };
        placed.extend(place_town(occ, cell, &town.name, role, room));
    }
    if ctx.areas {
        place_areas(occ, &mut placed, true);
    }
    placed
}

/// How far a town is from an event of its cell, in degrees of latitude's length; `None`
/// when its cell has no event.
fn distance_to_events(ctx: &PlaceContext<'_>, cell: (u16, u16), t: &rank::Town) -> Option<f64> {
    let e = ctx.grid.event_in(cell.0, cell.1)? as usize;
    let (la, lo) = (f64::from(*ctx.lat.get(e)?), f64::from(*ctx.lon.get(e)?));
    let dx = (lo - t.lon) * t.lat.to_radians().cos();
    Some(dx.hypot(la - t.lat))
}

/// Places a name beside its anchor and marks the anchor's dot.
pub fn place_town(occ: &mut Occupancy, anchor: (u16, u16), name: &str, role: LabelRole, room: Room) -> Option<Placed> {
    if !occ.anchor_free(anchor) {
        return None;
    }
    let width = text_width(name);
    let (c, r) = occ.place_beside(anchor, width, room)?;
    occ.take(c, r, width);
    let (ac, ar) = (i32::from(anchor.0), i32::from(anchor.1));
    let dot = (occ.get(ac, ar) == Some(FREE)).then_some(anchor);
    match occ.get(ac, ar) {
        Some(FREE) => occ.set(ac, ar, DOT),
        Some(EVENT) => occ.set(ac, ar, NAMED),
        _ => {}
    }
    Some(label(c, r, width, name.to_string(), role, dot))
}

fn label(col: i32, row: i32, width: u16, text: String, role: LabelRole, dot: Option<(u16, u16)>) -> Placed {
    // `fits` accepted the position, so both lie inside the pane.
    let (col, row) = (u16::try_from(col).unwrap_or(0), u16::try_from(row).unwrap_or(0));
    Placed { col, row, width, text, role, dot }
}

/// Cells a label takes: its display width, saturated.
pub fn text_width(s: &str) -> u16 {
    // Town names are ASCII: one cell a byte, without the grapheme walk that would cost 30 ms a
    // frame over the world's 36,000 towns.
    let cells =
        if s.bytes().all(|b| (0x20..0x7f).contains(&b)) { s.len() } else { ratatui::text::Span::raw(s).width() };
    u16::try_from(cells).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::camera::Camera;

    fn spans_overlap(a: &Placed, b: &Placed) -> bool {
        // A label with its blank cell on each side, against the other's cells.
        a.row == b.row && a.col < b.col + b.width + 1 && b.col < a.col + a.width + 1
    }

    fn check(placed: &[Placed], grid: &EventGrid) {
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!spans_overlap(a, b), "{a:?} overlaps {b:?}");
            }
            for p in placed {
                if let Some((c, r)) = p.dot {
                    assert!(!(r == a.row && c >= a.col && c < a.col + a.width), "{a:?} covers the dot of {p:?}");
                }
            }
            for c in a.col..a.col + a.width {
                assert_eq!(grid.count(c, a.row), 0, "{a:?} hides an event");
            }
            assert!(a.col + a.width <= grid.width && a.row < grid.height);
        }
    }

    #[test]
    fn labels_never_overlap_at_any_zoom() {
        let (lat, lon): (Vec<f32>, Vec<f32>) =
            (0..400).map(|i| (35.0 + (i % 20) as f32 * 0.09, 36.0 + (i / 20) as f32 * 0.07)).unzip();
        let ids: Vec<u32> = (0..400).step_by(7).collect();
        for (w, h) in [(100, 40), (200, 60), (40, 12), (7, 3)] {
            for k in [2.0, 8.0, 40.0, 120.0, 600.0] {
                let proj = Camera::new(35.7, 36.6, k).projection(w, h);
                let grid = EventGrid::build(&proj, &lat, &lon, &ids);
                let mut occ = Occupancy::new(&grid);
                let ctx = PlaceContext { proj: &proj, grid: &grid, lat: &lat, lon: &lon, areas: true, mentioned: &[] };
                let placed = place_places(&mut occ, &ctx);
                check(&placed, &grid);
                if k == 40.0 && w == 100 {
                    assert!(placed.len() > 15, "{}", placed.len());
                }
            }
        }
    }

    #[test]
    fn capitals_win_over_towns() {
        let proj = Camera::new(35.6, 36.6, 15.0).projection(60, 20);
        let grid = EventGrid::build(&proj, &[], &[], &[]);
        let ctx = PlaceContext { proj: &proj, grid: &grid, lat: &[], lon: &[], areas: false, mentioned: &[] };
        let placed = place_places(&mut Occupancy::new(&grid), &ctx);
        let names: Vec<&str> = placed.iter().map(|p| p.text.as_str()).collect();
        assert!(names.contains(&"Idlib") && names.contains(&"Hamah"), "{names:?}");
        assert_eq!(placed.first().map(|p| p.role), Some(LabelRole::Capital));
    }

    #[test]
    fn a_marker_is_named_after_the_town_nearest_its_events() {
        // Afis and Saraqib, 5 km apart, share a cell at this scale; the events are at Saraqib.
        let (lat, lon) = ([35.86447_f32; 3], [36.80591_f32; 3]);
        let proj = Camera::new(35.86447, 36.80591, 10.0).projection(40, 12);
        assert_eq!(proj.cell_of(35.9069, 36.80419), proj.cell_of(35.86447, 36.80591));
        let grid = EventGrid::build(&proj, &lat, &lon, &[0, 1, 2]);
        let ctx = PlaceContext { proj: &proj, grid: &grid, lat: &lat, lon: &lon, areas: false, mentioned: &[] };
        let placed = place_places(&mut Occupancy::new(&grid), &ctx);
        let names: Vec<&str> = placed.iter().map(|p| p.text.as_str()).collect();
        assert!(names.contains(&"Saraqib") && !names.contains(&"Afis"), "{names:?}");
    }

    #[test]
    fn beside_prefers_right_then_left() {
        let grid = EventGrid::build(&Projection::new(0.0, 0.0, 1.0, 10, 3), &[], &[], &[]);
        let mut occ = Occupancy::new(&grid);
        assert_eq!(occ.place_beside((2, 1), 4, Room::Tight), Some((3, 1)));
        assert_eq!(occ.place_beside((8, 1), 4, Room::Tight), Some((4, 1)));
        occ.take(0, 1, 10);
        assert_eq!(occ.place_beside((5, 1), 3, Room::Tight), Some((4, 0)));
        assert_eq!(occ.place_beside((5, 1), 3, Room::Airy), None);
        assert_eq!(occ.place_beside((5, 1), 30, Room::Tight), None);
    }
}
