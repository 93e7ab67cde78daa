//! The map's part of the state: which events frame the view, which event is under a point,
//! and the box the map shows as a filter. Where the map looks is its [`Camera`].

use super::filter::GeoBox;
use crate::index::Index;
use crate::map::{CELL_ASPECT, Camera};
use crate::model::GeoPrecision;
use ratatui::layout::Rect;

/// The events that should decide the view: those placed better than by their region, when
/// there are any, so that a statement placed "in Syria" does not pull the view off the towns.
fn framing(ix: &Index, events: &[u32]) -> Vec<u32> {
    let cols = ix.cols();
    // from the columns alone: a million events are sorted out in a few milliseconds
    let precise = |i: u32| {
        let i = i as usize;
        cols.geo_precision[i] < GeoPrecision::Region && !cols.lat[i].is_nan() && !cols.lon[i].is_nan()
    };
    let better: Vec<u32> = events.iter().copied().filter(|&i| precise(i)).collect();
    if better.is_empty() { events.to_vec() } else { better }
}

/// The first view of a set of events: their box with room around it.
pub fn overview(ix: &Index, events: &[u32], area: Rect) -> Camera {
    Camera::overview(ix.cols().lat, ix.cols().lon, &framing(ix, events), area.width, area.height)
}

/// The view that fits the events tightly; `None` when none has a location.
pub fn fit(ix: &Index, events: &[u32], area: Rect) -> Option<Camera> {
    Camera::fit_events(ix.cols().lat, ix.cols().lon, &framing(ix, events), area.width, area.height)
}

/// Puts the map's cursor (the centre of the view) on an event, if it has a location.
pub fn cursor_on(camera: &mut Camera, ix: &Index, event: Option<u32>) {
    if let Some((lat, lon)) = event.and_then(|i| ix.lat_lon(i)) {
        camera.center_on(lat, lon);
    }
}

/// The lon/lat box the pane shows.
pub fn bounds(camera: &Camera, area: Rect) -> GeoBox {
    let b = camera.visible_bounds(area.width, area.height);
    GeoBox { south: b.min().y, west: b.min().x, north: b.max().y, east: b.max().x }
}

/// The point under a cell of the pane (absolute screen coordinates).
pub fn point(camera: &Camera, area: Rect, column: u16, row: u16) -> (f64, f64) {
    let p = camera.projection(area.width, area.height);
    p.to_geo(f64::from(column.saturating_sub(area.x)) + 0.5, f64::from(row.saturating_sub(area.y)) + 0.5)
}

/// The position in `events` of the event drawn nearest the point, within `cells` columns of it
/// (a row counting as two columns, as a cell is about twice as tall as wide).
pub fn nearest(
    camera: &Camera,
    ix: &Index,
    events: &[u32],
    area: Rect,
    lat: f64,
    lon: f64,
    cells: f64,
) -> Option<usize> {
    let p = camera.projection(area.width, area.height);
    let (kx, ky) = p.scales();
    let (kx, ky) = (kx as f32, (ky * CELL_ASPECT) as f32);
    let (lat, lon) = (lat as f32, lon as f32);
    let mut best: Option<(f32, usize)> = None;
    let cols = ix.cols();
    for (pos, &i) in events.iter().enumerate() {
        // NaN coordinates compare false and drop out here.
        let (dx, dy) = ((cols.lon[i as usize] - lon) * kx, (cols.lat[i as usize] - lat) * ky);
        let d = dx * dx + dy * dy;
        if d <= (cells * cells) as f32 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, pos));
        }
    }
    best.map(|b| b.1)
}

#[cfg(test)]
mod tests {
    use crate::app::{Action, App, Options, Pane};
    use crate::index::Index;

    #[test]
    fn tab_to_the_map_puts_the_cursor_on_the_selected_event() {
        let mut app = App::new(Index::new(crate::synth::events(200, 3)), Options::default());
        app.update(Action::Resize { width: 120, height: 40 });
        app.update(Action::Down);
        app.update(Action::Down);
        let (lat, lon) = app.selected().and_then(|i| app.ix.lat_lon(i)).expect("a located event");
        // Pan away first, so that the cursor has to come back.
        app.map.pan(30.0, 10.0);
        app.update(Action::FocusNext);
        assert_eq!(app.focus, Pane::Map);
        assert!((app.map.lat - lat).abs() < 1e-6 && (app.map.lon - lon).abs() < 1e-6, "{:?}", app.map);
        // Enter then acts on that event: it is the one under the cursor.
        let area = app.map_area();
        let under = super::nearest(&app.map, &app.ix, &app.shown, area, app.map.lat, app.map.lon, 1.0);
        assert_eq!(under.map(|p| app.shown[p]), app.selected());
    }
}
