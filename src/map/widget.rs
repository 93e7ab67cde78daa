//! The map widget: coasts, borders, town and governorate names, and the events of the current
//! filter counted per cell, with the selected event drawn so that it cannot be missed.

use super::camera::Camera;
use super::density::{Mark, Marks};
use super::events::EventGrid;
use super::geometry::{Geography, LineKind};
use super::labels::{self, LabelRole, Occupancy, Placed, Room};
use super::projection::Projection;
use super::raster::LineLayer;
use super::style::{MarkerKind, Palette};
use crate::text::inert;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// Governorate names show between these scales (columns per degree): zoomed out far enough
/// for a governorate to be a region on screen, not so far that Syria is a few cells.
const AREA_SCALES: std::ops::RangeInclusive<f64> = 6.0..=80.0;

/// Everything the map draws, as one value. Events come as columns indexed by event number, so
/// that the caller keeps them in whatever order its index has.
#[derive(Debug, Clone)]
pub struct MapScene<'a> {
    /// Latitude of each event; NaN when it has no location.
    pub lat: &'a [f32],
    /// Longitude of each event; NaN when it has no location.
    pub lon: &'a [f32],
    /// The event numbers in the current filter.
    pub shown: &'a [u32],
    pub selected: Option<u32>,
    /// What the selected event is called on the map ("2019-05-06 Khan Shaykhun, air strike").
    pub selected_label: String,
    pub camera: Camera,
    pub marker: MarkerKind,
    /// Colours on; off for NO_COLOR and monochrome terminals (modifiers still apply).
    pub color: bool,
    /// Towns the loaded data names (GeoNames ASCII spellings, see [`super::rank::mentioned`]):
    /// their names win over other towns of their rank, since the reports speak of them.
    pub mentioned: &'a [String],
    /// The events counted per cell already, for this view, pane size and `shown`: a frame
    /// that moves only the selection need not count a million events again.
    pub counted: Option<&'a EventGrid>,
}

impl<'a> MapScene<'a> {
    /// A scene with braille lines, colour on and nothing selected.
    pub fn new(lat: &'a [f32], lon: &'a [f32], shown: &'a [u32], camera: Camera) -> MapScene<'a> {
        MapScene {
            lat,
            lon,
            shown,
            selected: None,
            selected_label: String::new(),
            camera,
            marker: MarkerKind::Braille,
            color: true,
            mentioned: &[],
            counted: None,
        }
    }

    /// The selected event's location, if it has one.
    pub fn selected_location(&self) -> Option<(f64, f64)> {
        let i = self.selected? as usize;
        let (la, lo) = (*self.lat.get(i)?, *self.lon.get(i)?);
        (la.is_finite() && lo.is_finite()).then(|| (f64::from(la), f64::from(lo)))
    }

    /// Lays the scene out for a pane of `width` x `height` cells.
    pub fn layout(&self, width: u16, height: u16) -> MapFrame {
        let proj = self.camera.projection(width, height);
        let grid = match self.counted.filter(|g| (g.width, g.height) == (width, height)) {
            Some(g) => g.clone(),
            None => EventGrid::build(&proj, self.lat, self.lon, self.shown),
        };
        let mut lines = LineLayer::new(width, height, self.marker);
        lines.draw_all(&proj, Geography::embedded().lines_at(self.camera.cols_per_deg));
        let selected_cell = self.selected_location().and_then(|(la, lo)| proj.cell_of(la, lo));
        let marks = Marks::build(&grid, self.marker, selected_cell);
        let mut occ = Occupancy::new(&grid);
        for &(c, r, mark, _) in &marks.cells {
            match mark {
                Mark::Digit(_) => occ.take_count(c, r),
                _ => occ.take_event(c, r),
            }
        }

        let (mut placed, mut notes) = (Vec::new(), Vec::new());
        match self.place_selected(&mut occ, selected_cell) {
            Ok(Some(label)) => placed.push(label),
            Ok(None) => {}
            Err(note) => notes.push(note),
        }
        if grid.unlocated > 0 {
            notes.push(Note::Counts(format!("{} without location", grid.unlocated)));
        }
        if grid.outside > 0 {
            notes.push(Note::Counts(format!("{} outside the view", grid.outside)));
        }
        let notes = place_notes(&mut occ, notes, self.marker);
        let areas = AREA_SCALES.contains(&self.camera.cols_per_deg);
        let ctx = labels::PlaceContext {
            proj: &proj,
            grid: &grid,
            lat: self.lat,
            lon: self.lon,
            areas,
            mentioned: self.mentioned,
        };
        placed.extend(labels::place_places(&mut occ, &ctx));
        MapFrame {
            proj,
            grid,
            marks,
            lines,
            placed,
            notes,
            selected_cell,
            marker: self.marker,
            palette: Palette::new(self.color),
        }
    }
}

impl MapScene<'_> {
    /// The selected event's marker cell is taken and its label placed beside it, first of all
    /// labels; a label with no room beside its marker, or a selection that is not in view,
    /// becomes a corner note instead.
    fn place_selected(&self, occ: &mut Occupancy, cell: Option<(u16, u16)>) -> Result<Option<Placed>, Note> {
        let label = inert(&self.selected_label).into_owned();
        let Some(cell) = cell else {
            if self.selected.is_none() {
                return Ok(None);
            }
            let why = if self.selected_location().is_some() { "outside the view" } else { "no location" };
            return Err(Note::Selected(if label.is_empty() { why.to_string() } else { format!("{label} ({why})") }));
        };
        occ.take_event(cell.0, cell.1);
        if label.is_empty() {
            return Ok(None);
        }
        let width = labels::text_width(&label);
        let (c, r) = occ.place_beside(cell, width, Room::Tight).ok_or_else(|| Note::Selected(label.clone()))?;
        occ.take(c, r, width);
        // `place_beside` only returns positions inside the pane.
        let (col, row) = (u16::try_from(c).unwrap_or(0), u16::try_from(r).unwrap_or(0));
        Ok(Some(Placed { col, row, width, text: label, role: LabelRole::Selected, dot: None }))
    }
}

/// A corner note and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Note {
    /// The selected event's label, when it found no room beside its marker.
    Selected(String),
    /// Events not drawn: without location, outside the view.
    Counts(String),
}

/// A note written in a corner of the pane.
struct PlacedNote {
    col: u16,
    row: u16,
    text: String,
    selected: bool,
}

/// A laid-out frame: what goes in each cell, before it is written to a buffer.
pub struct MapFrame {
    pub proj: Projection,
    pub grid: EventGrid,
    /// What each event cell shows, and the density scale.
    pub marks: Marks,
    lines: LineLayer,
    pub placed: Vec<Placed>,
    notes: Vec<PlacedNote>,
    pub selected_cell: Option<(u16, u16)>,
    marker: MarkerKind,
    palette: Palette,
}

/// Puts notes in the corners, bottom right first, where they hide no event; failing that on
/// the lowest row where they hide none; failing that bottom right anyway, since a missing count
/// would mislead more than a hidden marker.
fn place_notes(occ: &mut Occupancy, notes: Vec<Note>, marker: MarkerKind) -> Vec<PlacedNote> {
    let (w, h) = occ.size();
    let (w, h) = (i32::from(w), i32::from(h));
    let mut out = Vec::new();
    for note in notes {
        let (text, selected) = match note {
            Note::Selected(t) => (format!("{} {t}", marker.glyphs().selected), true),
            Note::Counts(t) => (t, false),
        };
        let width = labels::text_width(&text).min(u16::try_from(w).unwrap_or(0));
        let right = w - i32::from(width);
        let corners = [(right, h - 1), (right, 0), (0, h - 1), (0, 0)];
        let rows = (0..h).rev().flat_map(|r| [(right, r), (0, r)]);
        let spot = corners.into_iter().chain(rows).find(|&(c, r)| occ.fits(c, r, width, None, Room::Tight));
        let (c, r) = spot.unwrap_or((right, h - 1));
        if c >= 0 && r >= 0 && width > 0 {
            occ.take(c, r, width);
            out.push(PlacedNote {
                col: u16::try_from(c).unwrap_or(0),
                row: u16::try_from(r).unwrap_or(0),
                text,
                selected,
            });
        }
    }
    out
}

impl MapFrame {
    /// Writes the frame into `buf` with its top-left corner at `area`'s.
    pub fn draw(&self, area: Rect, buf: &mut Buffer) {
        let p = &self.palette;
        let g = self.marker.glyphs();
        let mut put = |col: u16, row: u16, ch: char, style| {
            if col < area.width
                && row < area.height
                && let Some(cell) = buf.cell_mut((area.x + col, area.y + row))
            {
                cell.set_char(ch).set_style(style);
            }
        };
        for row in 0..area.height {
            for col in 0..area.width {
                match self.lines.glyph(col, row) {
                    Some((ch, LineKind::Coast)) => put(col, row, ch, p.coast),
                    Some((ch, LineKind::Border)) => put(col, row, ch, p.border),
                    None => {}
                }
            }
        }
        for l in &self.placed {
            if let Some((c, r)) = l.dot {
                put(c, r, g.town, p.town);
            }
        }
        for &(c, r, mark, n) in &self.marks.cells {
            match mark {
                Mark::Single => put(c, r, g.event, p.event),
                Mark::Digit(d) => put(c, r, d, p.events_few),
                Mark::Density(ch) => put(c, r, ch, p.density(self.marks.ramp.heat(n))),
            }
        }
        if let Some((c, r)) = self.selected_cell {
            put(c, r, g.selected, p.selected);
        }
        for l in &self.placed {
            let style = match l.role {
                LabelRole::Selected => p.selected_label,
                LabelRole::Capital => p.capital,
                LabelRole::Town => p.town,
                LabelRole::Area => p.area,
            };
            let max = usize::from(l.width.min(area.width.saturating_sub(l.col)));
            buf.set_stringn(area.x + l.col, area.y + l.row, &l.text, max, style);
        }
        for n in &self.notes {
            let style = if n.selected { p.selected_label } else { p.note };
            let max = usize::from(area.width.saturating_sub(n.col));
            buf.set_stringn(area.x + n.col, area.y + n.row, &n.text, max, style);
        }
    }
}

impl MapScene<'_> {
    /// Clears `area` and draws the scene into it; returns the frame drawn (for its legend), or
    /// `None` when the area is empty.
    pub fn render_into(&self, area: Rect, buf: &mut Buffer) -> Option<MapFrame> {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return None;
        }
        for row in area.top()..area.bottom() {
            for col in area.left()..area.right() {
                if let Some(cell) = buf.cell_mut((col, row)) {
                    cell.reset();
                }
            }
        }
        let frame = self.layout(area.width, area.height);
        frame.draw(area, buf);
        Some(frame)
    }
}

impl Widget for &MapScene<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.render_into(area, buf);
    }
}
