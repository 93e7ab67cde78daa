//! A query resolved against an index, and its evaluation.
//!
//! Names are resolved once (to posting lists and bitsets), places for `near:` to coordinates;
//! then the cheapest positive term picks the candidates (a date range is a slice of event
//! numbers, a name a posting list), and every term is checked on those alone, on all cores.

use super::{Cmp, Flag, NameKey, Origin, Query, QueryError, TermKind};
use crate::geo::Gazetteer;
use crate::index::{Dict, Index, Minute, minute, union};
use crate::model::GeoPrecision;
use geo::{Distance, Haversine, Point};
use memchr::memmem::Finder;
use rayon::prelude::*;

const DAY: Minute = 24 * 60;

/// One check on one event.
#[derive(Clone)]
enum Check {
    Date {
        from: Minute,
        to: Minute,
        overlap: bool,
    },
    /// Bitset over event numbers.
    Set(Vec<u64>),
    Near(Near),
    Killed(Cmp),
    Text(Box<Finder<'static>>),
    Id(String),
    Disputed,
    Located,
}

/// A query ready to run against one index.
pub struct Compiled {
    checks: Vec<(bool, Check)>,
    /// Candidates from a positive name term: its posting list.
    driver: Option<Vec<u32>>,
    /// Candidates from positive date terms: a range of event numbers.
    range: std::ops::Range<u32>,
    /// What the user should know: names that match nothing.
    pub notes: Vec<String>,
}

fn dict(ix: &Index, key: NameKey) -> &Dict {
    match key {
        NameKey::Actor => &ix.actors,
        NameKey::Place => &ix.places,
        NameKey::Type => &ix.types,
        NameKey::Source => &ix.sources,
        NameKey::Tag => &ix.tags,
    }
}

/// Coordinates of a place name: a place of the loaded events first, then the gazetteer.
pub fn locate(ix: &Index, name: &str) -> Option<(f64, f64)> {
    let from_events = ix.places.matching(name).into_iter().find_map(|id| {
        ix.places.get(id).postings.iter().find_map(|&ev| {
            let p = ix.event(ev).place.as_ref()?;
            let exact = crate::text::fold(&p.name) == crate::text::fold(name)
                || p.aliases.iter().any(|a| crate::text::fold(a) == crate::text::fold(name));
            if exact && p.precision <= crate::model::GeoPrecision::Town { ix.lat_lon(ev) } else { None }
        })
    });
    from_events.or_else(|| Gazetteer::embedded().find(name).map(|p| (p.lat, p.lon)))
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
        // the great-circle distance is computed.
        let dlat = km / 110.0 * 1.01 + 1e-6;
        let dlon = (km / (111.32 * lat.to_radians().cos().max(0.01))) * 1.01 + 1e-6;
        Near { lat, lon, km, dlat, dlon, any_precision: false }
    }

    /// Whether an event at `at` (coordinates as the index stores them), placed this
    /// precisely, lies in the circle.
    pub(super) fn hit(&self, at: Option<(f64, f64)>, precision: GeoPrecision) -> bool {
        match at {
            // An event placed only by its governorate is not known to lie near anything.
            Some((a, b))
                if (a - self.lat).abs() <= self.dlat
                    && (b - self.lon).abs() <= self.dlon
                    && (self.any_precision || precision < GeoPrecision::Region) =>
            {
                Haversine.distance(Point::new(self.lon, self.lat), Point::new(b, a)) <= self.km * 1000.0
            }
            _ => false,
        }
    }
}

/// Whether an event from `s` to `e` answers a date term from `from` to `to`.
pub(super) fn date_hit(s: Minute, e: Minute, from: Minute, to: Minute, overlap: bool) -> bool {
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

/// The note for a name that matches nothing.
pub(super) fn no_match_note(key: NameKey, value: &str) -> String {
    format!("no {} matches {value:?}", key.as_str())
}

fn bitset(n: usize, posts: &[u32]) -> Vec<u64> {
    let mut bits = vec![0u64; n.div_ceil(64)];
    for &p in posts {
        bits[p as usize / 64] |= 1 << (p % 64);
    }
    bits
}

impl Compiled {
    pub fn new(q: &Query, ix: &Index) -> Result<Compiled, QueryError> {
        let mut checks = Vec::with_capacity(q.terms.len());
        let mut driver: Option<Vec<u32>> = None;
        let mut range = 0..ix.len() as u32;
        let mut notes = Vec::new();
        for t in &q.terms {
            let check = match &t.kind {
                TermKind::Date { from, to, overlap } => {
                    let from = from.map_or(Minute::MIN, minute);
                    let to = to.map_or(Minute::MAX, minute);
                    if !t.negated {
                        let r = ix.date_candidates(from, to);
                        range = range.start.max(r.start)..range.end.min(r.end).max(range.start.max(r.start));
                    }
                    Check::Date { from, to, overlap: *overlap }
                }
                TermKind::Name { key, values } => {
                    let d = dict(ix, *key);
                    let ids: Vec<u32> = values
                        .iter()
                        .flat_map(|v| {
                            let found = d.matching(v);
                            if found.is_empty() {
                                notes.push(no_match_note(*key, v));
                            }
                            found
                        })
                        .collect();
                    let lists: Vec<&[u32]> = ids.iter().map(|&id| d.get(id).postings.as_slice()).collect();
                    let posts = union(&lists);
                    let set = bitset(ix.len(), &posts);
                    if !t.negated && driver.as_ref().is_none_or(|d| posts.len() < d.len()) {
                        driver = Some(posts);
                    }
                    Check::Set(set)
                }
                TermKind::Near { origin, km } => {
                    let (lat, lon) = match origin {
                        Origin::Point { lat, lon } => (*lat, *lon),
                        Origin::Place(name) => locate(ix, name).ok_or_else(|| {
                            QueryError::new(format!("no place named {name:?} with coordinates"), t.span.clone())
                                .hint("use a town of the data or of GeoNames, or near:LAT,LON,10km")
                        })?,
                    };
                    Check::Near(Near::new(lat, lon, *km))
                }
                TermKind::Killed(c) => Check::Killed(*c),
                TermKind::Text(s) => Check::Text(Box::new(Finder::new(s.as_bytes()).into_owned())),
                TermKind::Id(s) => Check::Id(s.clone()),
                TermKind::Is(Flag::Disputed) => Check::Disputed,
                TermKind::Is(Flag::Located) => Check::Located,
            };
            checks.push((t.negated, check));
        }
        Ok(Compiled { checks, driver, range, notes })
    }

    fn check(&self, ix: &Index, i: u32) -> bool {
        self.check_but(ix, i, &[])
    }

    /// Every check but those at `skip` (which picked the candidates, so hold already).
    fn check_but(&self, ix: &Index, i: u32, skip: &[usize]) -> bool {
        let u = i as usize;
        self.checks.iter().enumerate().filter(|(k, _)| !skip.contains(k)).all(|(_, (neg, c))| {
            let hit = match c {
                Check::Date { from, to, overlap } => date_hit(ix.start[u], ix.end[u], *from, *to, *overlap),
                Check::Set(bits) => bits[u / 64] & (1 << (u % 64)) != 0,
                Check::Near(near) => near.hit(ix.lat_lon(i), ix.geo_precision[u]),
                Check::Killed(cmp) => killed_hit(ix.killed_low[u], ix.killed_high[u], *cmp),
                Check::Text(f) => ix.text_contains(i, f),
                Check::Id(id) => ix.event(i).id == *id,
                Check::Disputed => ix.disputed[u],
                Check::Located => ix.lat_lon(i).is_some(),
            };
            hit != *neg
        })
    }

    /// The same query with every `date:` read as `overlaps:` and every `near:` taking events
    /// placed only by their governorate: what the strict reading left out, for a note.
    pub fn widened(&self) -> Option<Compiled> {
        let mut wide = Compiled {
            checks: self.checks.clone(),
            driver: self.driver.clone(),
            range: self.range.clone(),
            notes: vec![],
        };
        let mut changed = false;
        for (neg, c) in &mut wide.checks {
            match c {
                Check::Date { overlap, .. } if !*neg && !*overlap => *overlap = true,
                Check::Near(near) if !*neg => near.any_precision = true,
                _ => continue,
            }
            changed = true;
        }
        changed.then_some(wide)
    }

    /// Matching event numbers, in date order.
    pub fn run(&self, ix: &Index) -> Vec<u32> {
        const CHUNK: usize = 1 << 12;
        // Folding text on the spot beats building the column for a few thousand candidates;
        // past that, the column pays for itself, and serves every later query too.
        const FOLD_ON_THE_SPOT: usize = 20_000;
        let candidates: &[u32] = match &self.driver {
            Some(posts) => {
                let lo = posts.partition_point(|&p| p < self.range.start);
                let hi = posts.partition_point(|&p| p < self.range.end).max(lo);
                &posts[lo..hi]
            }
            None => &[],
        };
        let n = if self.driver.is_some() { candidates.len() } else { self.range.len() };
        if n > FOLD_ON_THE_SPOT && self.checks.iter().any(|(_, c)| matches!(c, Check::Text(_))) {
            ix.text_column();
        }
        // With no name term to start from, a positive free-text term over many events picks
        // the candidates: from the word index when it is built, else by scanning the text.
        let text_driver = self.checks.iter().enumerate().find_map(|(k, (neg, c))| match c {
            Check::Text(f) if !neg && self.driver.is_none() && n > FOLD_ON_THE_SPOT => Some((k, f)),
            _ => None,
        });
        if let Some((k, f)) = text_driver {
            // Every positive free-text term ("barrel bombs" unquoted is two) that the word index
            // answers picks the candidates together; failing that, the first one by a scan.
            let (texts, needles): (Vec<usize>, Vec<&Finder<'static>>) = self
                .checks
                .iter()
                .enumerate()
                .filter_map(|(j, (neg, c))| match c {
                    Check::Text(g) if !neg => Some((j, &**g)),
                    _ => None,
                })
                .unzip();
            let (found, used) = match ix.text_indexed_all(self.range.clone(), &needles) {
                Some((found, used)) => (found, used.into_iter().map(|u| texts[u]).collect()),
                None => (ix.text_find(self.range.clone(), f), vec![k]),
            };
            return found.into_par_iter().with_min_len(CHUNK).filter(|&i| self.check_but(ix, i, &used)).collect();
        }
        match &self.driver {
            Some(_) => candidates.par_iter().with_min_len(CHUNK).copied().filter(|&i| self.check(ix, i)).collect(),
            None => self.range.clone().into_par_iter().with_min_len(CHUNK).filter(|&i| self.check(ix, i)).collect(),
        }
    }
}

impl Index {
    /// Parses, resolves and runs a query: matching event numbers in date order.
    pub fn query(&self, text: &str) -> Result<Vec<u32>, QueryError> {
        let q = Query::parse(text)?;
        Ok(Compiled::new(&q, self)?.run(self))
    }
}
