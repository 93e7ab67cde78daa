//! A query resolved against an index, and its evaluation.
//!
//! Names are resolved once (to posting lists and bitsets), places for `near:` to coordinates;
//! then the cheapest positive term picks the candidates (a date range is a slice of event
//! numbers, a name a posting list), and every term is checked on those alone, on all cores.

use super::check::{Facts, Near, Plain, Widen, killed_hit};
use super::{NameKey, Origin, Query, QueryError, TermKind};
use crate::geo::Gazetteer;
use crate::index::{Columns, Dict, Gone, Index, Minute, Needle, Wanted, union};
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
    cols: Columns<'a>,
    i: u32,
}

impl Facts for At<'_> {
    fn date(&self) -> (Minute, Minute) {
        (self.cols.start[self.i as usize], self.cols.end[self.i as usize])
    }
    fn killed(&self) -> (u32, u32) {
        (self.cols.killed_low[self.i as usize], self.cols.killed_high[self.i as usize])
    }
    fn lat_lon(&self) -> Option<(f64, f64)> {
        self.ix.lat_lon(self.i)
    }
    fn geo_precision(&self) -> GeoPrecision {
        self.cols.geo_precision[self.i as usize]
    }
    fn id(&self) -> &str {
        self.ix.get(self.i).id()
    }
    fn disputed(&self) -> bool {
        self.cols.disputed[self.i as usize]
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

pub(super) fn dict(ix: &Index, key: NameKey) -> &Dict {
    match key {
        NameKey::Actor | NameKey::By | NameKey::On => &ix.actors,
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
            let e = ix.get(ev).to_event_without_notes();
            let p = e.place.as_ref()?;
            let exact = crate::text::fold(&p.name) == crate::text::fold(name)
                || p.aliases.iter().any(|a| crate::text::fold(a) == crate::text::fold(name));
            if exact && p.precision <= crate::model::GeoPrecision::Town { ix.lat_lon(ev) } else { None }
        })
    });
    from_events.or_else(|| Gazetteer::embedded().find(name).map(|p| (p.lat, p.lon)))
}

/// The note for a name that matches nothing.
pub(super) fn no_match_note(key: NameKey, value: &str) -> String {
    format!("no {} matches {value:?}", key.what())
}

/// How a value was read when it did not match as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    AsWritten,
    /// Without the words that say where in a place or what kind ("northern", "province").
    PlaceWords,
    /// As the start of a word.
    Prefix,
}

/// The readings of a value, in the order they are tried: as written (whole words, or the
/// consonants of a whole spelling); for a place, without "northern", "province" and the like;
/// then as the start of a word. The first reading that matches any name is the one used.
pub(super) fn readings(key: NameKey, value: &str) -> Vec<(Needle, Reading)> {
    let Some(n) = Needle::new(value) else { return Vec::new() };
    let mut out = Vec::with_capacity(3);
    if key == NameKey::Place
        && let Some(p) = n.without_place_words()
    {
        out.push((p, Reading::PlaceWords));
    }
    if let Some(p) = n.as_prefix() {
        out.push((p, Reading::Prefix));
    }
    out.insert(0, (n, Reading::AsWritten));
    out
}

/// The note for a value read other than as written.
fn reading_note(key: NameKey, value: &str, needle: &Needle, how: Reading) -> Option<String> {
    let what = key.what();
    match how {
        Reading::AsWritten => None,
        Reading::PlaceWords => Some(format!(
            "no place is named {value:?}; read as {:?}, without the words that say where or what kind of place",
            needle.folded_text()
        )),
        Reading::Prefix => Some(format!(
            "no {what} has {value:?} as a whole word; read as the start of a word, as {}:{}* asks",
            key.as_str(),
            super::parse::quote_part(value)
        )),
    }
}

/// The entries of `key`'s dictionary that `value` means, by the first of its [`readings`] that
/// matches any, and the note on how it was read; with no match, the note says so, and where
/// the words stand in the events' text instead, how to search them there.
fn resolve(ix: &Index, key: NameKey, value: &str) -> (Vec<u32>, Option<String>) {
    let d = dict(ix, key);
    for (needle, how) in readings(key, value) {
        let found = d.matching_needle(&needle);
        if !found.is_empty() {
            return (found, reading_note(key, value, &needle, how));
        }
    }
    let mut note = no_match_note(key, value);
    // Searching the text of a large set builds its folded text: worth it only when built already.
    let folded = crate::text::fold(value);
    if !folded.is_empty() && (ix.len() <= 100_000 || ix.has_text_column()) {
        let n = ix.text_find(0..ix.len() as u32, &Finder::new(folded.as_bytes())).len();
        if n > 0 {
            note.push_str(&format!(
                "; the words stand in the text of {n} event{}: search them there with \"{value}\"",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    (Vec::new(), Some(note))
}

/// The events of entry `id` of `key`'s dictionary, in the role the key asks for.
fn postings(ix: &Index, key: NameKey, id: u32) -> &[u32] {
    match key {
        NameKey::By => ix.actor_in_role(id, true),
        NameKey::On => ix.actor_in_role(id, false),
        k => dict(ix, k).get(id).postings.as_slice(),
    }
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
                    let ids: Vec<u32> = values
                        .iter()
                        .flat_map(|v| {
                            let (found, note) = resolve(ix, *key, v);
                            notes.extend(note);
                            found
                        })
                        .collect();
                    let lists: Vec<&[u32]> = ids.iter().map(|&id| postings(ix, *key, id)).collect();
                    let posts = union(&lists);
                    let set = bitset(ix.len(), &posts);
                    if !t.negated && driver.as_ref().is_none_or(|d| posts.len() < d.len()) {
                        driver = Some(posts);
                    }
                    Check::Set(set)
                }
                TermKind::Near { origin: Origin::Place(name), km, any_precision } => {
                    let (lat, lon) = locate(ix, name).ok_or_else(|| {
                        QueryError::new(format!("no place named {name:?} with coordinates"), t.span.clone())
                            .hint("use a town of the data or of GeoNames, or near:LAT,LON,10km")
                    })?;
                    Check::Plain(Plain::Near(Near::new(lat, lon, *km).any_precision(*any_precision)))
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

    fn check(&self, ix: &Index, cols: Columns, i: u32) -> bool {
        self.check_but(ix, cols, i, &[])
    }

    /// Every check but those at `skip` (which picked the candidates, so hold already).
    fn check_but(&self, ix: &Index, cols: Columns, i: u32, skip: &[usize]) -> bool {
        let u = i as usize;
        self.checks.iter().enumerate().filter(|(k, _)| !skip.contains(k)).all(|(_, (neg, c))| {
            let hit = match c {
                Check::Plain(p) => p.hit(&mut At { ix, cols, i }),
                Check::Set(bits) => bits[u / 64] & (1 << (u % 64)) != 0,
            };
            hit != *neg
        })
    }

    /// The same query read more widely (every `date:` as `overlaps:`, or every `near:` taking
    /// events placed only by their governorate): what the strict reading left out, for a note.
    /// None when the query has no term to widen so.
    pub fn widened(&self, how: Widen) -> Option<Compiled> {
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
                changed |= p.widen(how);
            }
        }
        changed.then_some(wide)
    }

    /// Matching event numbers, in date order.
    pub fn run(&self, ix: &Index) -> Vec<u32> {
        self.run_while(ix, Wanted::ALWAYS).unwrap_or_default()
    }

    /// The events of `candidates` (event numbers, ascending) that match: the answer of
    /// [`Compiled::run`] when every event it matches is among them, as when the query only
    /// narrows one whose answer they are ([`Query::narrows`]). Given up when no longer wanted.
    pub fn run_within(&self, ix: &Index, candidates: &[u32], wanted: Wanted) -> Result<Vec<u32>, Gone> {
        let cols = ix.cols();
        if candidates.len() > FOLD_ON_THE_SPOT
            && self.checks.iter().any(|(_, c)| matches!(c, Check::Plain(Plain::Text(_))))
        {
            // the word index answers the whole run at once, where checking each candidate
            // would fold its text
            if self.text_by_words(ix) {
                return self.run_while(ix, wanted);
            }
            return self.text_as_sets(ix, Some(candidates), wanted)?.run_within(ix, candidates, wanted);
        }
        let lo = candidates.partition_point(|&p| p < self.range.start);
        let hi = candidates.partition_point(|&p| p < self.range.end).max(lo);
        let parts: Vec<Vec<u32>> = candidates[lo..hi]
            .par_chunks(CHUNK)
            .map(|part| {
                wanted.check()?;
                Ok(part.iter().copied().filter(|&i| self.check(ix, cols, i)).collect())
            })
            .collect::<Result<_, Gone>>()?;
        Ok(parts.concat())
    }

    /// [`Compiled::run`], given up as soon as it is no longer wanted (a newer run took its
    /// place): every few thousand events it looks.
    pub fn run_while(&self, ix: &Index, wanted: Wanted) -> Result<Vec<u32>, Gone> {
        let cols = ix.cols();
        let candidates: &[u32] = match &self.driver {
            Some(posts) => {
                let lo = posts.partition_point(|&p| p < self.range.start);
                let hi = posts.partition_point(|&p| p < self.range.end).max(lo);
                &posts[lo..hi]
            }
            None => &[],
        };
        let n = if self.driver.is_some() { candidates.len() } else { self.range.len() };
        if n > FOLD_ON_THE_SPOT
            && self.checks.iter().any(|(_, c)| matches!(c, Check::Plain(Plain::Text(_))))
            && !self.text_by_words(ix)
        {
            return self.text_as_sets(ix, None, wanted)?.run_while(ix, wanted);
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
            let (found, used): (Vec<u32>, Vec<usize>) =
                match ix.text_indexed_while(self.range.clone(), &needles, wanted)? {
                    Some((found, used)) => (found, used.into_iter().map(|u| texts[u]).collect()),
                    None => (text_find(ix, self.range.clone(), f, wanted)?, vec![k]),
                };
            // terms the index left to check against each candidate's text, when they are many:
            // each a set of events, every candidate's text folded once for all of them
            if used.len() < texts.len() && found.len() > FOLD_ON_THE_SPOT {
                return self.text_as_sets(ix, Some(&found), wanted)?.run_within(ix, &found, wanted);
            }
            return self.keep(&found, wanted, |i| self.check_but(ix, cols, i, &used));
        }
        // With no name term either, a positive `killed:` picks the candidates by one tight pass
        // over the two killed columns: the check of every term on every event costs several
        // times as much, and most events fail this one.
        let killed = self.checks.iter().enumerate().find_map(|(k, (neg, c))| match c {
            Check::Plain(Plain::Killed(cmp)) if !neg && self.driver.is_none() => Some((k, *cmp)),
            _ => None,
        });
        if let Some((k, cmp)) = killed {
            let range = self.range.start as usize..self.range.end as usize;
            let (lo, hi) = (&ix.cols().killed_low[range.clone()], &ix.cols().killed_high[range.clone()]);
            let parts: Vec<Vec<u32>> = lo
                .par_chunks(CHUNK)
                .zip(hi.par_chunks(CHUNK))
                .enumerate()
                .map(|(c, (lo, hi))| {
                    wanted.check()?;
                    let first = range.start + c * CHUNK;
                    // every event is written and the count moves on a hit: no branch on the
                    // figures, which follow no order a predictor could learn
                    let mut hits = vec![0u32; lo.len() + 1];
                    let mut n = 0;
                    for (j, (&l, &h)) in lo.iter().zip(hi).enumerate() {
                        hits[n] = (first + j) as u32;
                        n += usize::from(killed_hit(l, h, cmp));
                    }
                    hits.truncate(n);
                    hits.retain(|&i| self.check_but(ix, cols, i, &[k]));
                    Ok(hits)
                })
                .collect::<Result<_, Gone>>()?;
            return Ok(parts.concat());
        }
        match &self.driver {
            Some(_) => self.keep(candidates, wanted, |i| self.check(ix, cols, i)),
            None => {
                let range = self.range.start as usize..self.range.end as usize;
                let parts: Vec<Vec<u32>> = range
                    .step_by(CHUNK)
                    .collect::<Vec<usize>>()
                    .into_par_iter()
                    .map(|a| {
                        wanted.check()?;
                        let b = (a + CHUNK).min(self.range.end as usize);
                        Ok((a as u32..b as u32).filter(|&i| self.check(ix, cols, i)).collect())
                    })
                    .collect::<Result<_, Gone>>()?;
                Ok(parts.concat())
            }
        }
    }

    /// Whether the word index answers every free-text term of a run without the text column:
    /// it is built, every term is positive, and no name term picks the candidates (whose text
    /// would then be checked one by one).
    fn text_by_words(&self, ix: &Index) -> bool {
        ix.has_words()
            && self.driver.is_none()
            && self.checks.iter().all(|(neg, c)| !(*neg && matches!(c, Check::Plain(Plain::Text(_)))))
    }

    /// This query with each free-text term turned into the set of events that hold it, negative
    /// terms and those beside a name term too: from the word index where it answers, else by
    /// one scan for all the others, of `among` when given (the only events the run will look
    /// at) or of the range. Run so, a query over many events neither builds the text column
    /// nor folds any event's text twice.
    fn text_as_sets(&self, ix: &Index, among: Option<&[u32]>, wanted: Wanted) -> Result<Compiled, Gone> {
        let mut checks = self.checks.clone();
        let mut left: Vec<(usize, &Finder)> = Vec::new();
        for (k, (_, c)) in self.checks.iter().enumerate() {
            if let Check::Plain(Plain::Text(f)) = c {
                match ix.text_indexed_while(self.range.clone(), &[&**f], wanted)? {
                    Some((found, _)) => checks[k].1 = Check::Set(bitset(ix.len(), &found)),
                    None => left.push((k, &**f)),
                }
            }
        }
        if !left.is_empty() {
            let needles: Vec<&Finder> = left.iter().map(|l| l.1).collect();
            let found = match among {
                Some(events) => ix.text_holding_while(events, &needles, wanted)?,
                None => ix.text_scan_while(self.range.clone(), &needles, wanted)?,
            };
            for ((k, _), f) in left.iter().zip(found) {
                checks[*k].1 = Check::Set(bitset(ix.len(), &f));
            }
        }
        Ok(Compiled { checks, driver: self.driver.clone(), range: self.range.clone(), notes: vec![] })
    }

    /// The events of `events` that `hit`, on every core, a chunk at a time while wanted.
    fn keep(&self, events: &[u32], wanted: Wanted, hit: impl Fn(u32) -> bool + Sync) -> Result<Vec<u32>, Gone> {
        let parts: Vec<Vec<u32>> = events
            .par_chunks(CHUNK)
            .map(|part| {
                wanted.check()?;
                Ok(part.iter().copied().filter(|&i| hit(i)).collect())
            })
            .collect::<Result<_, Gone>>()?;
        Ok(parts.concat())
    }
}

/// Events checked between two looks at whether a run is still wanted, and per job of a core.
const CHUNK: usize = 1 << 12;

/// Folding text on the spot beats building the column for a few thousand candidates; past
/// that, the column pays for itself, and serves every later query too.
const FOLD_ON_THE_SPOT: usize = 20_000;

/// [`Index::text_find`], given up when no longer wanted: from the word index when it is built
/// and cheaper, else by a scan of the text column.
fn text_find(ix: &Index, range: std::ops::Range<u32>, needle: &Finder, wanted: Wanted) -> Result<Vec<u32>, Gone> {
    if let Some(found) = ix.text_indexed_while(range.clone(), &[needle], wanted)? {
        return Ok(found.0);
    }
    Ok(ix.text_scan_while(range, &[needle], wanted)?.pop().unwrap_or_default())
}

impl Index {
    /// Parses, resolves and runs a query: matching event numbers in date order.
    pub fn query(&self, text: &str) -> Result<Vec<u32>, QueryError> {
        let q = Query::parse(text)?;
        Ok(Compiled::new(&q, self)?.run(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With the word index built and no text column, free-text terms are answered from the
    /// index (negative ones as the set of events they leave out), candidates checked against
    /// their records folded on the spot, and the column is not built. Every answer is the one an index with
    /// its column gives, in a full run and in a run narrowed from a wider answer.
    #[test]
    fn free_text_answers_from_the_word_index_without_the_column() {
        let events = crate::synth::events(FOLD_ON_THE_SPOT + 6_000, 17);
        let (bare, full) = (Index::new(events.clone()), Index::new(events));
        bare.words();
        full.text_column();
        full.words();
        let all: Vec<u32> = (0..bare.len() as u32).collect();
        for (text, column) in [
            ("shelling", false),
            ("\"air strike\"", false),
            ("air strike killed:>=1", false),
            ("g in", false),
            ("e", false),
            ("date:2019..2021 shelling", false),
            ("-shelling", false),
            ("-\"air strike\" killed:>=1", false),
            ("shelling -barrel", false),
        ] {
            let q = Query::parse(text).expect("parses");
            let (b, f) = (Compiled::new(&q, &bare).expect("compiles"), Compiled::new(&q, &full).expect("compiles"));
            let expected = f.run(&full);
            assert!(!expected.is_empty(), "{text}: no events");
            assert_eq!(b.run_within(&bare, &all, Wanted::ALWAYS).ok(), Some(expected.clone()), "{text} narrowed");
            assert_eq!(b.run(&bare), expected, "{text}");
            assert_eq!(bare.has_text_column(), column, "{text}: the column built");
        }
    }

    /// Without the word index, free text over many events is found by scanning the text folded
    /// a few thousand events at a time, one pass for all its terms: the answers of an index
    /// with its column, in a full run and a narrowed one, and the column is never built.
    #[test]
    fn free_text_without_the_word_index_is_scanned_without_building_the_column() {
        let events = crate::synth::events(FOLD_ON_THE_SPOT + 6_000, 19);
        let (bare, full, kept) = (Index::new(events.clone()), Index::new(events.clone()), Index::new(events));
        full.text_column();
        let all: Vec<u32> = (0..bare.len() as u32).collect();
        for text in [
            "shelling",
            "-shelling",
            "\"air strike\" killed:>=1",
            "g in",
            "shelling -barrel",
            "date:2019..2021 -market",
        ] {
            let q = Query::parse(text).expect("parses");
            let (b, f) = (Compiled::new(&q, &bare).expect("compiles"), Compiled::new(&q, &full).expect("compiles"));
            let expected = f.run(&full);
            assert!(!expected.is_empty(), "{text}: no events");
            assert_eq!(b.run(&bare), expected, "{text}");
            assert_eq!(b.run_within(&bare, &all, Wanted::ALWAYS).ok(), Some(expected.clone()), "{text} narrowed");
            assert!(!bare.has_text_column() && !bare.has_words(), "{text}: the column or the index built");
        }
        // the browser keeps what its first scan folds, for the searches before its word index
        kept.keep_scanned_text();
        let q = Query::parse("shelling").expect("parses");
        assert_eq!(
            Compiled::new(&q, &kept).expect("compiles").run(&kept),
            Compiled::new(&q, &full).expect("compiles").run(&full)
        );
        assert!(kept.has_text_column(), "the scan's text kept");
    }

    /// A `killed:` term picks its candidates by a pass over the killed columns, chunk by chunk:
    /// the same events as checking every term on every event, across many chunks and within
    /// a date range that starts inside one.
    #[test]
    fn a_killed_term_picks_what_checking_every_event_finds() {
        let ix = Index::new(crate::synth::events(20_000, 6));
        for text in
            ["killed:>=10", "killed:>=1 -type:Battles", "killed:<3 date:2019-03-05..2020", "killed:2..5 is:located"]
        {
            let c = Compiled::new(&Query::parse(text).expect("a query"), &ix).expect("compiles");
            let every: Vec<u32> = (0..ix.len() as u32).filter(|&i| c.check(&ix, ix.cols(), i)).collect();
            assert!(!every.is_empty(), "{text}");
            assert_eq!(c.run(&ix), every, "{text}");
        }
    }

    /// A run that a newer one took the place of stops with no answer, on every path: the text
    /// scan, the word index, the killed columns, a posting list, a date range, every event.
    #[test]
    fn a_run_no_longer_wanted_stops_on_every_path() {
        use std::sync::atomic::AtomicU64;
        let ix = Index::new(crate::synth::events(30_000, 6));
        let latest = AtomicU64::new(2);
        let (gone, wanted) = (Wanted::while_latest(&latest, 1), Wanted::while_latest(&latest, 2));
        let queries = ["shelling", "g in", "killed:>=10", "actor:HTS", "date:2019", "is:located"];
        for words in [false, true] {
            if words {
                ix.words();
            }
            for text in queries {
                let c = Compiled::new(&Query::parse(text).expect("a query"), &ix).expect("compiles");
                let all = c.run(&ix);
                assert!(!all.is_empty(), "{text}");
                assert_eq!(c.run_while(&ix, gone), Err(Gone), "{text}, words: {words}");
                assert_eq!(c.run_while(&ix, wanted).as_ref(), Ok(&all), "{text}, words: {words}");
                assert_eq!(c.run_within(&ix, &all, gone), Err(Gone), "{text}");
            }
        }
    }
}
