//! A query checked against one event at a time, while the file is read: the answer of
//! `sitrep query` without loading and indexing every event first.
//!
//! [`EventFilter`] answers as [`Compiled`](super::Compiled) does: the checks of an event's own
//! fields are the same (`check.rs`), and names are matched against the event's own names by the
//! index's rules (`names.rs`). [`stream_files`] runs it over files and falls back (returns
//! `None`) wherever the index would know more than one event tells: `near:PLACE` (a place is
//! located from the events of the whole set), and names spelt inconsistently across events.

use super::check::{Facts, Plain, Widen};
use super::names::{NameCache, NameTerms};
use super::{Query, TermKind};
use crate::index::{Index, Minute, fold_searchable_parts, killed_bounds};
use crate::load::event_view::EventView;
use crate::load::{Keep, Problem, ScanOptions, Sieve, scan_files};
use crate::model::{GeoPrecision, Spread, disputed};
use memchr::memmem::Finder;
use std::path::Path;

/// One check on one event.
#[derive(Clone)]
enum Check {
    /// A check of the event's own fields.
    Plain(Plain),
    /// The positions of a name term's values among all name values.
    Name(std::ops::Range<usize>),
}

impl Check {
    /// Checks are ANDed, so their order changes only the time taken: cheap ones first.
    fn cost(&self) -> u8 {
        match self {
            Check::Plain(p) => p.cost(),
            Check::Name(_) => 1,
        }
    }
}

/// One event as it is parsed, as a check reads it; its folded text is made once, when a text
/// check first needs it.
struct Viewed<'v, 'a> {
    ev: &'v EventView<'a>,
    text: &'v mut String,
    folded: &'v mut bool,
}

impl Viewed<'_, '_> {
    fn killed_range(&self) -> Option<Spread> {
        Spread::over(self.ev.casualties.iter().filter_map(|c| c.killed.as_ref()))
    }
}

impl Facts for Viewed<'_, '_> {
    fn date(&self) -> (Minute, Minute) {
        (self.ev.date.start, self.ev.date.end)
    }
    fn killed(&self) -> (u32, u32) {
        killed_bounds(self.ev.casualties.iter().filter_map(|c| c.killed.as_ref()))
    }
    fn lat_lon(&self) -> Option<(f64, f64)> {
        self.ev.lat_lon()
    }
    fn geo_precision(&self) -> GeoPrecision {
        self.ev.geo_precision()
    }
    fn id(&self) -> &str {
        &self.ev.id
    }
    fn disputed(&self) -> bool {
        let figures = self.ev.figures.iter().map(|f| (&*f.label, &*f.source, f.count));
        let injured = Spread::over(self.ev.casualties.iter().filter_map(|c| c.injured.as_ref()));
        disputed(figures, self.killed_range(), injured)
    }
    fn text_contains(&mut self, needle: &Finder) -> bool {
        if !*self.folded {
            self.text.clear();
            let quotes = self.ev.sources.iter().flat_map(|s| s.quotes.iter().map(|q| &**q));
            fold_searchable_parts(&self.ev.title, self.ev.notes.as_deref(), quotes, self.text);
            *self.folded = true;
        }
        needle.find(self.text.as_bytes()).is_some()
    }
}

/// A query ready to check events one at a time.
pub struct EventFilter {
    checks: Vec<(bool, Check)>,
    /// The widened readings (see [`Compiled::widened`](super::Compiled::widened)) of dates and
    /// of places, when they differ: their matches are counted for the notes of what the strict
    /// reading left out.
    wide: [Option<Vec<(bool, Check)>>; 2],
    names: NameTerms,
}

/// What one worker keeps from event to event.
pub struct Scratch {
    names: NameCache,
    /// The name values the current event matches.
    hits: Vec<bool>,
    /// The name values any event so far matches, in any role.
    named: Vec<bool>,
    /// The current event's folded text, once a text check has needed it.
    text: String,
    folded: bool,
    /// Events that match each widened reading.
    wide: [usize; 2],
}

impl EventFilter {
    /// None when the query needs the whole set to be answered (`near:PLACE`).
    pub fn new(q: &Query) -> Option<EventFilter> {
        let mut names = NameTerms::new();
        let mut checks = Vec::with_capacity(q.terms.len());
        for t in &q.terms {
            let check = match &t.kind {
                TermKind::Name { key, values } => Check::Name(names.add(*key, values)),
                // near:PLACE: the place is located from the events of the whole set
                kind => Check::Plain(Plain::of(kind)?),
            };
            checks.push((t.negated, check));
        }
        checks.sort_by_key(|(_, c)| c.cost());
        let widen = |how: Widen| {
            let mut wide = checks.clone();
            let mut changed = false;
            for (neg, c) in &mut wide {
                if let Check::Plain(p) = c
                    && !*neg
                {
                    changed |= p.widen(how);
                }
            }
            changed.then_some(wide)
        };
        let wide = [widen(Widen::Dates), widen(Widen::Places)];
        Some(EventFilter { checks, wide, names })
    }

    /// Whether `ev` matches, under `checks`; name hits must be in `st.hits` already.
    fn all(&self, checks: &[(bool, Check)], ev: &EventView<'_>, st: &mut Scratch) -> bool {
        checks.iter().all(|(neg, c)| {
            let hit = match c {
                Check::Plain(p) => p.hit(&mut Viewed { ev, text: &mut st.text, folded: &mut st.folded }),
                Check::Name(values) => st.hits[values.clone()].iter().any(|&h| h),
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
            named: vec![false; n],
            text: String::new(),
            folded: false,
            wide: [0; 2],
        }
    }

    fn keep(&self, ev: &EventView<'_>, st: &mut Scratch) -> bool {
        st.folded = false;
        if self.names.len() > 0 {
            st.hits.fill(false);
            self.names.event_hits(ev, &mut st.names, &mut st.hits, &mut st.named);
        }
        let strict = self.all(&self.checks, ev, st);
        // a widened reading only relaxes terms: what matches strictly matches it too
        for (k, wide) in self.wide.iter().enumerate() {
            if let Some(wide) = wide
                && (strict || self.all(wide, ev, st))
            {
                st.wide[k] += 1;
            }
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
    /// Notes, as [`Compiled::notes`](super::Compiled::notes) gives them: only on values that
    /// fold to nothing, since a query with a name that matches nothing as written is answered
    /// by the index.
    pub notes: Vec<String>,
    /// Events that the widened readings add.
    pub more: More,
}

/// Events that a wider reading of a query adds to its answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct More {
    /// With every `date:` read as `overlaps:`.
    pub dates: usize,
    /// With every `near:` also taking events placed only by their governorate.
    pub places: usize,
}

/// Runs `q` over native files and ACLED exports while reading them. `Ok(None)`: the full load and index must
/// answer (a query or an input this path does not take; a bad file, whose problems the full
/// load words); `Err`: the problems a full load would report without parsing again.
pub fn stream_files(paths: &[impl AsRef<Path>], q: &Query, keep: Keep) -> Result<Option<Streamed>, Vec<Problem>> {
    stream_files_with(paths, q, ScanOptions::new(keep))
}

/// [`stream_files`], the files read as `opts` says (tests read small files in small blocks).
pub fn stream_files_with(
    paths: &[impl AsRef<Path>],
    q: &Query,
    opts: ScanOptions,
) -> Result<Option<Streamed>, Vec<Problem>> {
    let Some(filter) = EventFilter::new(q) else {
        return Ok(None);
    };
    let Some(scan) = scan_files(paths, &filter, opts)? else {
        return Ok(None);
    };
    let mut states = scan.states.into_iter();
    let Some(mut all) = states.next() else {
        return Ok(None);
    };
    for st in states {
        all.names.merge(st.names);
        all.named.iter_mut().zip(&st.named).for_each(|(s, &x)| *s |= x);
        all.wide[0] += st.wide[0];
        all.wide[1] += st.wide[1];
    }
    if !filter.names.consistent(&all.names) || filter.names.some_unmatched(&all.named) {
        return Ok(None);
    }
    let more_by = |k: usize| if filter.wide[k].is_some() { all.wide[k].saturating_sub(scan.kept) } else { 0 };
    let more = More { dates: more_by(0), places: more_by(1) };
    Ok(Some(Streamed {
        index: Index::new(scan.events),
        count: scan.kept,
        warnings: scan.warnings,
        notes: filter.names.notes(),
        more,
    }))
}
