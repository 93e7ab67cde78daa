//! A query resolved against an index, and its evaluation.
//!
//! Names are resolved once (to posting lists and bitsets), places for `near:` to coordinates;
//! then the cheapest positive term picks the candidates (a date range is a slice of event
//! numbers, a name a posting list), and every term is checked on those alone, on all cores.

use super::check::{Facts, Near, Plain};
use super::{NameKey, Origin, Query, QueryError, TermKind};
use crate::geo::Gazetteer;
use crate::index::{Dict, Index, Minute, union};
use crate::model::GeoPrecision;
use memchr::memmem::Finder;
use rayon::prelude::*;

/// One check on one event.
#[derive(Clone)]
enum Check {
    /// A check of the event's own fields, read from the index's columns.
    Plain(Plain),
    /// A name term: the events of its names, as a bitset over event numbers.
    Set(Vec<u64>),
}

/// Event `i` of an index, as a check reads it.
struct At<'a> {
    ix: &'a Index,
    i: u32,
}

impl Facts for At<'_> {
    fn date(&self) -> (Minute, Minute) {
        (self.ix.start[self.i as usize], self.ix.end[self.i as usize])
    }
    fn killed(&self) -> (u32, u32) {
        (self.ix.killed_low[self.i as usize], self.ix.killed_high[self.i as usize])
    }
    fn lat_lon(&self) -> Option<(f64, f64)> {
        self.ix.lat_lon(self.i)
    }
    fn geo_precision(&self) -> GeoPrecision {
        self.ix.geo_precision[self.i as usize]
    }
    fn id(&self) -> &str {
        &self.ix.event(self.i).id
    }
    fn disputed(&self) -> bool {
        self.ix.disputed[self.i as usize]
    }
    fn text_contains(&mut self, needle: &Finder) -> bool {
        self.ix.text_contains(self.i, needle)
    }
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
                TermKind::Near { origin: Origin::Place(name), km } => {
                    let (lat, lon) = locate(ix, name).ok_or_else(|| {
                        QueryError::new(format!("no place named {name:?} with coordinates"), t.span.clone())
                            .hint("use a town of the data or of GeoNames, or near:LAT,LON,10km")
                    })?;
                    Check::Plain(Plain::Near(Near::new(lat, lon, *km)))
                }
                kind => {
                    // every other kind is a check of the event's own fields
                    let Some(plain) = Plain::of(kind) else { continue };
                    if let Plain::Date { from, to, .. } = plain
                        && !t.negated
                    {
                        let r = ix.date_candidates(from, to);
                        range = range.start.max(r.start)..range.end.min(r.end).max(range.start.max(r.start));
                    }
                    Check::Plain(plain)
                }
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
                Check::Plain(p) => p.hit(&mut At { ix, i }),
                Check::Set(bits) => bits[u / 64] & (1 << (u % 64)) != 0,
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
            if let Check::Plain(p) = c
                && !*neg
            {
                changed |= p.widen();
            }
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
        if n > FOLD_ON_THE_SPOT && self.checks.iter().any(|(_, c)| matches!(c, Check::Plain(Plain::Text(_)))) {
            ix.text_column();
        }
        // With no name term to start from, a positive free-text term over many events picks
        // the candidates: from the word index when it is built, else by scanning the text.
        let text_driver = self.checks.iter().enumerate().find_map(|(k, (neg, c))| match c {
            Check::Plain(Plain::Text(f)) if !neg && self.driver.is_none() && n > FOLD_ON_THE_SPOT => Some((k, f)),
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
                    Check::Plain(Plain::Text(g)) if !neg => Some((j, &**g)),
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
