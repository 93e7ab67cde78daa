//! A query checked against one event at a time, while the file is read: the answer of
//! `sitrep query` without loading and indexing every event first.
//!
//! [`EventFilter`] reproduces [`Compiled`](super::Compiled) term for term, through the same
//! functions where it can (dates, casualties, distances, disputes, text folding, name
//! matching). [`stream_files`] runs it over files and falls back (returns `None`) wherever the
//! index would know more than one event tells: `near:PLACE` (a place is located from the
//! events of the whole set), and names spelt inconsistently across events (see `names.rs`).

use super::compile::{Near, date_hit, killed_hit};
use super::names::{NameCache, NameTerms};
use super::{Cmp, Flag, Origin, Query, TermKind};
use crate::index::{Index, Minute, fold_searchable_parts, minute};
use crate::load::view::EventView;
use crate::load::{Keep, Problem, Sieve, scan_files};
use crate::model::{Range, disputed};
use memchr::memmem::Finder;
use std::path::Path;

/// One check on one event, cheapest kinds first (see [`Check::cost`]).
#[derive(Clone)]
enum Check {
    Id(String),
    Date {
        from: Minute,
        to: Minute,
        overlap: bool,
    },
    Killed(Cmp),
    Located,
    Disputed,
    Near(Near),
    /// The positions of the term's values among all name values.
    Name(std::ops::Range<usize>),
    Text(Box<Finder<'static>>),
}

impl Check {
    /// Checks are ANDed, so their order changes only the time taken: cheap ones first.
    fn cost(&self) -> u8 {
        match self {
            Check::Id(_) | Check::Date { .. } | Check::Killed(_) | Check::Located => 0,
            Check::Disputed | Check::Near(_) | Check::Name(_) => 1,
            Check::Text(_) => 2,
        }
    }
}

/// A query ready to check events one at a time.
pub struct EventFilter {
    checks: Vec<(bool, Check)>,
    /// The widened reading (see [`Compiled::widened`](super::Compiled::widened)), when it
    /// differs: its matches are counted for the note of what the strict reading left out.
    wide: Option<Vec<(bool, Check)>>,
    names: NameTerms,
}

/// What one worker keeps from event to event.
pub struct Scratch {
    names: NameCache,
    /// The name values the current event matches.
    hits: Vec<bool>,
    /// The name values any event so far matches (for the notes).
    seen: Vec<bool>,
    /// The current event's folded text, once a text check has needed it.
    text: String,
    folded: bool,
    /// Events that match the widened reading.
    wide: usize,
}

impl EventFilter {
    /// None when the query needs the whole set to be answered (`near:PLACE`).
    pub fn new(q: &Query) -> Option<EventFilter> {
        let mut names = NameTerms::new();
        let mut checks = Vec::with_capacity(q.terms.len());
        for t in &q.terms {
            let check = match &t.kind {
                TermKind::Date { from, to, overlap } => Check::Date {
                    from: from.map_or(Minute::MIN, minute),
                    to: to.map_or(Minute::MAX, minute),
                    overlap: *overlap,
                },
                TermKind::Name { key, values } => Check::Name(names.add(*key, values)),
                TermKind::Near { origin: Origin::Point { lat, lon }, km } => Check::Near(Near::new(*lat, *lon, *km)),
                TermKind::Near { origin: Origin::Place(_), .. } => return None,
                TermKind::Killed(c) => Check::Killed(*c),
                TermKind::Text(s) => Check::Text(Box::new(Finder::new(s.as_bytes()).into_owned())),
                TermKind::Id(s) => Check::Id(s.clone()),
                TermKind::Is(Flag::Disputed) => Check::Disputed,
                TermKind::Is(Flag::Located) => Check::Located,
            };
            checks.push((t.negated, check));
        }
        checks.sort_by_key(|(_, c)| c.cost());
        let mut wide = checks.clone();
        let mut changed = false;
        for (neg, c) in &mut wide {
            match c {
                Check::Date { overlap, .. } if !*neg && !*overlap => *overlap = true,
                Check::Near(near) if !*neg => near.any_precision = true,
                _ => continue,
            }
            changed = true;
        }
        Some(EventFilter { checks, wide: changed.then_some(wide), names })
    }

    /// Whether `ev` matches, under `checks`; name hits must be in `st.hits` already.
    fn all(&self, checks: &[(bool, Check)], ev: &EventView<'_>, st: &mut Scratch) -> bool {
        checks.iter().all(|(neg, c)| {
            let hit = match c {
                Check::Id(id) => *ev.id == **id,
                Check::Date { from, to, overlap } => date_hit(ev.date.start, ev.date.end, *from, *to, *overlap),
                Check::Killed(cmp) => {
                    let k = Range::over(ev.casualties.iter().filter_map(|c| c.killed.as_ref()));
                    killed_hit(k.map_or(u32::MAX, |r| r.low), k.map_or(0, |r| r.high), *cmp)
                }
                Check::Located => ev.lat_lon().is_some(),
                Check::Disputed => {
                    let figures = ev.figures.iter().map(|f| (&*f.label, &*f.source, f.count));
                    let killed = Range::over(ev.casualties.iter().filter_map(|c| c.killed.as_ref()));
                    let injured = Range::over(ev.casualties.iter().filter_map(|c| c.injured.as_ref()));
                    disputed(figures, killed, injured)
                }
                Check::Near(near) => near.hit(ev.lat_lon(), ev.geo_precision()),
                Check::Name(values) => st.hits[values.clone()].iter().any(|&h| h),
                Check::Text(f) => {
                    if !st.folded {
                        st.text.clear();
                        let quotes = ev.sources.iter().flat_map(|s| s.quotes.iter().map(|q| &**q));
                        fold_searchable_parts(&ev.title, ev.notes.as_deref(), quotes, &mut st.text);
                        st.folded = true;
                    }
                    f.find(st.text.as_bytes()).is_some()
                }
            };
            hit != *neg
        })
    }
}

impl Sieve for EventFilter {
    type State = Scratch;

    fn state(&self) -> Scratch {
        let n = self.names.len();
        Scratch {
            names: NameCache::default(),
            hits: vec![false; n],
            seen: vec![false; n],
            text: String::new(),
            folded: false,
            wide: 0,
        }
    }

    fn keep(&self, ev: &EventView<'_>, st: &mut Scratch) -> bool {
        st.folded = false;
        if self.names.len() > 0 {
            st.hits.fill(false);
            self.names.event_hits(ev, &mut st.names, &mut st.hits);
            st.seen.iter_mut().zip(&st.hits).for_each(|(s, &h)| *s |= h);
        }
        let strict = self.all(&self.checks, ev, st);
        // the widened reading only relaxes terms: what matches strictly matches it too
        if let Some(wide) = &self.wide
            && (strict || self.all(wide, ev, st))
        {
            st.wide += 1;
        }
        strict
    }
}

/// The answer to a query over files, as `sitrep query` prints it.
pub struct Streamed {
    /// The matching events (with [`Keep::Events`]).
    pub index: Index,
    /// How many events match.
    pub count: usize,
    /// Warnings about the files, as the full load gives them.
    pub warnings: Vec<Problem>,
    /// Names that match nothing, as [`Compiled::notes`](super::Compiled::notes).
    pub notes: Vec<String>,
    /// Events that the widened reading adds.
    pub more: usize,
}

/// Runs `q` over native files and ACLED exports while reading them. `Ok(None)`: the full load and index must
/// answer (a query or an input this path does not take; a bad file, whose problems the full
/// load words); `Err`: the problems a full load would report without parsing again.
pub fn stream_files(paths: &[impl AsRef<Path>], q: &Query, keep: Keep) -> Result<Option<Streamed>, Vec<Problem>> {
    let Some(filter) = EventFilter::new(q) else {
        return Ok(None);
    };
    let Some(scan) = scan_files(paths, &filter, keep)? else {
        return Ok(None);
    };
    let mut states = scan.states.into_iter();
    let Some(mut all) = states.next() else {
        return Ok(None);
    };
    for st in states {
        all.names.merge(st.names);
        all.seen.iter_mut().zip(&st.seen).for_each(|(s, &x)| *s |= x);
        all.wide += st.wide;
    }
    if !filter.names.consistent(&all.names) {
        return Ok(None);
    }
    let more = if filter.wide.is_some() { all.wide.saturating_sub(scan.kept) } else { 0 };
    Ok(Some(Streamed {
        index: Index::new(scan.events),
        count: scan.kept,
        warnings: scan.warnings,
        notes: filter.names.notes(&all.seen),
        more,
    }))
}
