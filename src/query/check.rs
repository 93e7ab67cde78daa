//! The checks that an event's own fields answer (dates, casualties, distance, text, id, flags):
//! one mapping from terms and one evaluation, shared by the index's evaluation
//! ([`Compiled`](super::Compiled), reading the index's columns) and the streaming one
//! ([`EventFilter`](super::EventFilter), reading one event as it is parsed). Names are the one
//! kind of term each evaluates its own way: against the index's dictionaries, or against the
//! names of the event at hand.

use super::{Cmp, Flag, Origin, TermKind};
use crate::index::{Minute, minute};
use crate::model::GeoPrecision;
use geo::{Distance, Haversine, Point};
use memchr::memmem::Finder;

const DAY: Minute = 24 * 60;

/// What a check reads of one event.
pub(super) trait Facts {
    /// Start and (exclusive) end of the event's date interval.
    fn date(&self) -> (Minute, Minute);
    /// Killed over all claims, as [`crate::index::killed_bounds`] reads them: low (`u32::MAX`
    /// when no source gives a figure) and high.
    fn killed(&self) -> (u32, u32);
    /// Coordinates as the index stores them.
    fn lat_lon(&self) -> Option<(f64, f64)>;
    fn geo_precision(&self) -> GeoPrecision;
    fn id(&self) -> &str;
    /// Whether sources disagree on any figure.
    fn disputed(&self) -> bool;
    /// Whether the folded text (title, notes, quotes) holds `needle`.
    fn text_contains(&mut self, needle: &Finder) -> bool;
}

/// A check of one event's own fields.
#[derive(Clone)]
pub(super) enum Plain {
    Date { from: Minute, to: Minute, overlap: bool },
    Near(Near),
    Killed(Cmp),
    Text(Box<Finder<'static>>),
    Id(String),
    Disputed,
    Located,
}

impl Plain {
    /// The check of a term that the event alone answers; None for names, and for `near:` a
    /// place by name (located from the whole set of events).
    pub(super) fn of(kind: &TermKind) -> Option<Plain> {
        Some(match kind {
            TermKind::Date { from, to, overlap } => Plain::Date {
                from: from.map_or(Minute::MIN, minute),
                to: to.map_or(Minute::MAX, minute),
                overlap: *overlap,
            },
            TermKind::Near { origin: Origin::Point { lat, lon }, km, any_precision } => {
                Plain::Near(Near::new(*lat, *lon, *km).any_precision(*any_precision))
            }
            TermKind::Killed(c) => Plain::Killed(*c),
            TermKind::Text(s) => Plain::Text(Box::new(Finder::new(s.as_bytes()).into_owned())),
            TermKind::Id(s) => Plain::Id(s.clone()),
            TermKind::Is(Flag::Disputed) => Plain::Disputed,
            TermKind::Is(Flag::Located) => Plain::Located,
            TermKind::Name { .. } | TermKind::Near { origin: Origin::Place(_), .. } => return None,
        })
    }

    pub(super) fn hit(&self, ev: &mut impl Facts) -> bool {
        match self {
            Plain::Date { from, to, overlap } => {
                let (s, e) = ev.date();
                date_hit(s, e, *from, *to, *overlap)
            }
            Plain::Near(near) => near.hit(ev.lat_lon(), ev.geo_precision()),
            Plain::Killed(cmp) => {
                let (lo, hi) = ev.killed();
                killed_hit(lo, hi, *cmp)
            }
            Plain::Text(f) => ev.text_contains(f),
            Plain::Id(id) => ev.id() == id,
            Plain::Disputed => ev.disputed(),
            Plain::Located => ev.lat_lon().is_some(),
        }
    }

    /// Relaxes a positive check to a widened reading (`date:` as `overlaps:`, or `near:` taking
    /// events placed only by their governorate); whether that changed it.
    pub(super) fn widen(&mut self, how: Widen) -> bool {
        match (self, how) {
            (Plain::Date { overlap, .. }, Widen::Dates) if !*overlap => *overlap = true,
            (Plain::Near(near), Widen::Places) if !near.any_precision => near.any_precision = true,
            _ => return false,
        }
        true
    }

    /// Checks are ANDed, so their order changes only the time taken: cheap ones first.
    pub(super) fn cost(&self) -> u8 {
        match self {
            Plain::Id(_) | Plain::Date { .. } | Plain::Killed(_) | Plain::Located => 0,
            Plain::Disputed | Plain::Near(_) => 1,
            Plain::Text(_) => 2,
        }
    }
}

/// A reading of a query wider than the strict one, for the note on what the strict one left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Widen {
    /// Every `date:` read as `overlaps:`.
    Dates,
    /// Every `near:` also taking events placed only by their governorate (`,any`).
    Places,
}

/// A circle around a point, for `near:`.
#[derive(Clone, Debug)]
pub(super) struct Near {
    lat: f64,
    lon: f64,
    km: f64,
    dlat: f64,
    dlon: f64,
    /// Also events placed only by their governorate (the widened reading).
    pub(super) any_precision: bool,
}

impl Near {
    pub(super) fn new(lat: f64, lon: f64, km: f64) -> Near {
        // A box around the circle, a little wider than needed, rules most events out before
        // the great-circle distance is computed. Its half-height is the circle's angular
        // radius; its half-width the widest longitude span of the circle, asin(sin r / cos φ),
        // or every longitude when the circle reaches a pole.
        let reach = (km / EARTH_KM).to_degrees() * 1.01 + 1e-6;
        let dlon = if lat.abs() + reach >= 90.0 {
            180.0
        } else {
            ((reach.to_radians().sin() / lat.to_radians().cos()).asin().to_degrees() * 1.01 + 1e-6).min(180.0)
        };
        Near { lat, lon, km, dlat: reach, dlon, any_precision: false }
    }

    /// The same circle, also taking events placed only by their governorate when `any`.
    pub(super) fn any_precision(mut self, any: bool) -> Near {
        self.any_precision = any;
        self
    }

    /// Whether an event at `at` (coordinates as the index stores them), placed this
    /// precisely, lies in the circle.
    pub(super) fn hit(&self, at: Option<(f64, f64)>, precision: GeoPrecision) -> bool {
        match at {
            // An event placed only by its governorate is not known to lie near anything.
            Some((a, b))
                if (a - self.lat).abs() <= self.dlat
                    && longitude_gap(b, self.lon) <= self.dlon
                    && (self.any_precision || precision < GeoPrecision::Region) =>
            {
                Haversine.distance(Point::new(self.lon, self.lat), Point::new(b, a)) <= self.km * 1000.0
            }
            _ => false,
        }
    }
}

/// The mean radius of the Earth in km, the one `geo`'s Haversine measures with.
const EARTH_KM: f64 = 6371.0088;

/// How many degrees of longitude lie between `a` and `b` the short way round: 179.99 and
/// -180 are 0.01 apart, across the antimeridian.
fn longitude_gap(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % 360.0;
    d.min(360.0 - d)
}

/// Whether an event from `s` to `e` answers a date term from `from` to `to`.
fn date_hit(s: Minute, e: Minute, from: Minute, to: Minute, overlap: bool) -> bool {
    let overlaps = s < to && e > from;
    // `date:` keeps events stated about as precisely as the range asked for, with a day of
    // slack ("on the 13th or the 14th" still answers a day): a week or a month does not match a
    // day inside it; `overlaps:` takes any overlap.
    overlaps && (overlap || e - s <= to.saturating_sub(from).saturating_add(DAY))
}

/// Whether a killed range (`lo` is `u32::MAX` when no source gives a figure) answers `cmp`.
pub(super) fn killed_hit(lo: u32, hi: u32, cmp: Cmp) -> bool {
    lo != u32::MAX
        && match cmp {
            Cmp::AtLeast(n) => hi >= n,
            Cmp::MoreThan(n) => hi > n,
            Cmp::AtMost(n) => lo <= n,
            Cmp::LessThan(n) => lo < n,
            Cmp::Between(a, b) => lo <= b && hi >= a,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (origin lat, lon, radius km, event lat, lon, found?)
    const CASES: [(f64, f64, f64, f64, f64, bool); 14] = [
        // across the antimeridian, both ways
        (0.0, 179.99, 50.0, 0.0, -180.0, true),
        (0.0, -179.99, 50.0, 0.0, 179.9, true),
        (10.0, 180.0, 5.0, 10.0, -179.97, true),
        (0.0, 179.99, 50.0, 0.0, -179.0, false),
        // at and near the poles: every longitude is close there
        (90.0, 0.0, 1.0, 90.0, 0.0, true),
        (90.0, 0.0, 1.0, 90.0, 123.0, true),
        (89.999, 0.0, 1.0, 89.999, 180.0, true),
        (-89.99, 10.0, 5.0, -89.99, -170.0, true),
        (89.5, 0.0, 120.0, 89.5, 180.0, true),
        (89.0, 0.0, 100.0, 89.0, 180.0, false),
        // a high latitude, where a degree of longitude is short
        (70.0, 20.0, 50.0, 70.0, 21.2, true),
        (70.0, 20.0, 50.0, 70.0, 21.4, false),
        // Idlib and Saraqib, about 17 km apart
        (35.9306, 36.6339, 20.0, 35.8623, 36.8006, true),
        (35.9306, 36.6339, 15.0, 35.8623, 36.8006, false),
    ];

    #[test]
    fn near_measures_great_circles_across_the_antimeridian_and_the_poles() {
        for (lat, lon, km, a, b, want) in CASES {
            let near = Near::new(lat, lon, km);
            let got = near.hit(Some((a, b)), GeoPrecision::Exact);
            let d = Haversine.distance(Point::new(lon, lat), Point::new(b, a)) / 1000.0;
            assert_eq!(got, want, "near:{lat},{lon},{km}km and an event at {a},{b} ({d:.2} km)");
            assert_eq!(got, d <= km, "the box never rules out what the distance keeps");
        }
    }

    #[test]
    fn the_box_never_rules_out_an_event_in_the_circle() {
        // points on a grid over the globe against circles of several sizes and places
        for (lat, lon) in [(0.0, 179.5), (45.0, -179.9), (88.0, 90.0), (-89.9, 0.0), (60.0, 0.0)] {
            for km in [1.0, 30.0, 300.0, 3000.0, 21000.0] {
                let near = Near::new(lat, lon, km);
                for i in -90..=90 {
                    for j in -180..=180 {
                        let (a, b) = (f64::from(i), f64::from(j));
                        let d = Haversine.distance(Point::new(lon, lat), Point::new(b, a)) / 1000.0;
                        assert_eq!(near.hit(Some((a, b)), GeoPrecision::Exact), d <= km, "{lat},{lon},{km} at {a},{b}");
                    }
                }
            }
        }
    }
}
