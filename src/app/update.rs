//! `App::update`: what each action does to the panes.

use super::histogram::Unit;
use super::{Action, App, Ask, Effect, Overlay, Pane, QueryBar, map};
use crate::query::NameKey;

/// How far a map key pans, as a fraction of the view.
const PAN: f64 = 0.125;
/// How close, in cells, the cross or a click must be to an event to pick it.
const REACH: f64 = 2.5;

impl App {
    /// Applies one action. Every change of state goes through here; what it asks of the world
    /// outside (a file written, the filter run on another thread) it returns, for the caller to
    /// carry out.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let effect = self.apply(action);
        effect.or_else(|| self.queued())
    }

    /// A run asked for and not handed out yet: `update` hands out one a call, and an action
    /// (a reload's answer) can ask for a few.
    pub fn queued(&mut self) -> Option<Effect> {
        (!self.outbox.is_empty()).then(|| Effect::Filter(self.outbox.remove(0)))
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
        // A message answers the key before: the next key (or click) clears it, and so does time.
        if !matches!(
            action,
            Action::Resize { .. }
                | Action::Reloaded(_)
                | Action::CacheDamaged(_)
                | Action::Tick { .. }
                | Action::Filtered(_)
        ) {
            self.message = None;
        }
        match action {
            Action::Tick { ms } => {
                if let Some(m) = &mut self.message {
                    m.age_ms = m.age_ms.saturating_add(ms);
                    if m.age_ms >= super::Message::LIFE_MS {
                        self.message = None;
                    }
                }
            }
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => {
                self.size = (width, height);
                if !self.map_moved {
                    self.map = map::overview(&self.ix, &self.shown, self.map_area());
                }
                let sel = self.timeline.sel;
                self.select_pos(sel);
                self.rebin();
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Reloaded(Ok(rebuilt)) => self.reloaded(rebuilt),
            Action::Reloaded(Err(problem)) => self.reload_error = Some(problem),
            Action::CacheDamaged(note) => self.error(note),
            Action::Exported(Ok(text)) => {
                self.overlay = Overlay::None;
                self.info(text);
            }
            Action::Exported(Err(text)) => self.error(text),
            Action::Filtered(answer) => self.filtered(answer),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            action => match self.overlay {
                Overlay::None => self.update_panes(action),
                _ => return self.update_overlay(action),
            },
        }
        None
    }

    fn update_panes(&mut self, action: Action) {
        let page = self.timeline_height().saturating_sub(2).max(1) as isize;
        match action {
            Action::Help => self.overlay = Overlay::Help { scroll: 0 },
            Action::Close => self.message = None,
            Action::FocusNext | Action::FocusPrev => self.cycle_focus(action == Action::FocusNext),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown if self.focus == Pane::Details => {
                let d: i32 = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(page as i32),
                    _ => page as i32,
                };
                self.details_scroll = (i32::from(self.details_scroll) + d).clamp(0, i32::from(u16::MAX)) as u16;
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::First => self.select_pos(0),
            Action::Last => self.select_pos(self.shown.len().saturating_sub(1)),
            Action::Details if self.selected().is_some() => self.overlay = Overlay::Reader { scroll: 0 },
            Action::Details => self.error("no event is selected"),
            Action::OpenQuery => self.overlay = Overlay::Query(QueryBar::open(&self.filter.text)),
            Action::OpenActors => self.open_picker(NameKey::Actor),
            Action::OpenTypes => self.open_picker(NameKey::Type),
            Action::NextDay => self.step_date(true, false),
            Action::PrevDay => self.step_date(false, false),
            Action::NextMonth => self.step_date(true, true),
            Action::PrevMonth => self.step_date(false, true),
            Action::CycleBin => {
                // the bin that fits the width, then day, week, month, year, and round again
                self.bin = match self.bin {
                    None => Some(Unit::Day),
                    Some(u) => Unit::ALL.into_iter().find(|&n| n > u),
                };
                self.rebin();
                let h = &self.histogram;
                self.info(format!(
                    "histogram: per {}{}",
                    h.unit.as_str(),
                    if h.chosen { "" } else { ", to fit the width" }
                ));
            }
            Action::ClearFilters => {
                self.filter = Default::default();
                self.apply_filter();
                self.info("filters cleared");
            }
            Action::Cite => {
                let c = self.citation();
                self.cited.push(c.clone());
                self.overlay = Overlay::Cite(c);
            }
            Action::Export => self.ask(Ask::Export),
            Action::GoToDate => self.ask(Ask::Date),
            Action::Search => self.ask(Ask::Search),
            Action::NextMatch => self.next_match(true, false),
            Action::PrevMatch => self.next_match(false, false),
            Action::PanLeft => self.pan(-PAN, 0.0),
            Action::PanRight => self.pan(PAN, 0.0),
            Action::PanUp => self.pan(0.0, PAN),
            Action::PanDown => self.pan(0.0, -PAN),
            Action::ZoomIn => {
                self.map_moved = true;
                self.map.zoom_in();
            }
            Action::ZoomOut => {
                self.map_moved = true;
                self.map.zoom_out();
            }
            Action::FitMap => match map::fit(&self.ix, &self.shown, self.map_area()) {
                Some(v) => self.map = v,
                None => self.info("no filtered event has a location"),
            },
            Action::NearHere => self.near_here(),
            Action::InView => {
                self.filter.within = Some(map::bounds(&self.map, self.map_area()));
                self.apply_filter();
            }
            _ => {}
        }
    }

    fn move_by(&mut self, delta: isize) {
        let sel = self.timeline.sel.saturating_add_signed(delta);
        self.select_pos(sel);
    }

    fn cycle_focus(&mut self, forward: bool) {
        let a = self.areas();
        let mut panes = vec![Pane::Timeline];
        if a.map.is_some() {
            panes.push(Pane::Map);
        }
        if a.details.is_some() {
            panes.push(Pane::Details);
        }
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len();
        self.focus = panes[if forward { (i + 1) % n } else { (i + n - 1) % n }];
        if self.focus == Pane::Map {
            // The cursor starts on the selected event, so that Enter acts on it at once.
            let selected = self.selected();
            map::cursor_on(&mut self.map, &self.ix, selected);
        }
    }

    /// Runs the filter again after a change of it (away from the keys on a large index),
    /// reporting a bad query.
    pub(super) fn apply_filter(&mut self) {
        self.filter_changed(None);
    }

    /// Runs the filter again here and now, reporting a bad query: for the keys that look at
    /// the answer before they are done (the date steps).
    pub(super) fn apply_filter_now(&mut self) {
        if let Err(e) = self.refilter() {
            self.error(format!("bad query: {}", e.message));
        }
    }

    fn pan(&mut self, dx: f64, dy: f64) {
        self.map_moved = true;
        let area = self.map_area();
        self.map.pan(dx * f64::from(area.width), -dy * f64::from(area.height));
        self.pick_at_centre();
    }

    /// Selects the event under the map's cross, if one is near enough.
    fn pick_at_centre(&mut self) {
        let area = self.map_area();
        if let Some(p) = map::nearest(&self.map, &self.ix, &self.shown, area, self.map.lat, self.map.lon, REACH) {
            self.select_pos(p);
        }
    }

    /// Enter on the map: the timeline keeps the events near the place of the event under the
    /// cross.
    fn near_here(&mut self) {
        let area = self.map_area();
        let Some(p) = map::nearest(&self.map, &self.ix, &self.shown, area, self.map.lat, self.map.lon, REACH) else {
            self.error("no event under the cross: move onto a marker first");
            return;
        };
        let ev = self.shown[p];
        let place = self.ix.get(ev).place_name().map(|p| p.replace('"', ""));
        let coords = self.ix.lat_lon(ev).map(|(la, lo)| format!("{la:.4},{lo:.4},5km"));
        // The place's name reads better in the status line and the citation; its coordinates
        // serve when the name cannot be located (a region, a place the gazetteer lacks).
        for value in [place.map(|n| format!("{},5km", super::filter::value(&n))), coords].into_iter().flatten() {
            self.filter.near = Some(value);
            if self.refilter().is_ok() {
                return;
            }
        }
        self.filter.near = None;
        self.apply_filter();
        self.error("this event has no coordinates to measure from");
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.overlay != Overlay::None {
            return;
        }
        let a = self.areas();
        if let Some(inner) = a.timeline_inner()
            && inner.contains((column, row).into())
        {
            self.focus = Pane::Timeline;
            let rows = self.timeline.rows(&self.ix, &self.shown, inner.height as usize);
            if let Some(super::Row::Event(p)) = rows.get(usize::from(row - inner.y)) {
                self.select_pos(*p);
            }
        } else if let Some(inner) = a.map_inner()
            && inner.contains((column, row).into())
        {
            self.focus = Pane::Map;
            let (la, lo) = map::point(&self.map, inner, column, row);
            match map::nearest(&self.map, &self.ix, &self.shown, inner, la, lo, REACH * 2.0) {
                Some(p) => self.select_pos(p),
                None => self.info("no event near there"),
            }
        } else if a.details.is_some_and(|d| d.contains((column, row).into())) {
            self.focus = Pane::Details;
        }
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let a = self.areas();
        let d: isize = if down { 3 } else { -3 };
        match &mut self.overlay {
            Overlay::Help { scroll } | Overlay::Reader { scroll } => {
                *scroll = scroll.saturating_add_signed(d as i16);
            }
            Overlay::None => {
                if a.map_inner().is_some_and(|m| m.contains((column, row).into())) {
                    self.map_moved = true;
                    self.map.zoom_by(if down { 0.8 } else { 1.25 });
                } else if a.details.is_some_and(|r| r.contains((column, row).into())) {
                    self.details_scroll = self.details_scroll.saturating_add_signed(d as i16);
                } else {
                    self.move_by(d);
                }
            }
            _ => {}
        }
    }
}
