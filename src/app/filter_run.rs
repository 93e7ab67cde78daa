//! The filter run away from the keys: [`App::update`](super::App::update) asks for a run of the
//! filter's query ([`FilterRun`], an [`Effect`](super::Effect)), a [`Searcher`] thread runs it
//! on the shared index, and its answer comes back as an [`Action::Filtered`]. The keystroke
//! itself (the letter echoed, the selection moved) never waits for a search.
//!
//! Runs are numbered. A newer run makes the older ones unwanted: the one under way stops at its
//! next check (every few thousand events), one not yet begun is skipped, and an answer that
//! still comes is dropped, so that typing fast never queues work.

use super::{Action, App, Effect, Overlay, Pending};
use crate::index::{Gone, Index, Wanted};
use crate::query::{Compiled, Filtered, Outcome, Query, QueryError};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// From this many events on, the filter runs on the searcher's thread; below, a run takes a
/// few milliseconds at most and is done at once, in `update` (tests stay deterministic so).
pub const RUN_APART_FROM: usize = 100_000;

/// A query that narrows the last one checks only the last one's events when they are at most
/// this many, and fewer than one in [`NARROW_SHARE`] of all: checking that many texts takes
/// about a millisecond. Past that, the word index answers most words for less: at a million
/// events, `shellin` -> `shelling` narrowed from 706,637 events was on screen in 107 ms where
/// the index answers in 13, and `barrel bomb` -> `barrel bombs` narrowed in 17 ms against 4.
const NARROW_AT_MOST: usize = 4096;
const NARROW_SHARE: usize = 16;

/// A run of the filter's query, asked of a [`Searcher`].
#[derive(Clone)]
pub struct FilterRun {
    pub generation: u64,
    pub query: String,
    /// The answer of an earlier query that this one narrows ([`Query::narrows`]): only its
    /// events need checking.
    pub within: Option<Arc<Vec<u32>>>,
    pub ix: Arc<Index>,
    /// The number of the newest run asked for.
    pub latest: Arc<AtomicU64>,
}

impl std::fmt::Debug for FilterRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterRun")
            .field("generation", &self.generation)
            .field("query", &self.query)
            .field("within", &self.within.as_ref().map(|w| w.len()))
            .finish()
    }
}

impl PartialEq for FilterRun {
    fn eq(&self, other: &FilterRun) -> bool {
        self.generation == other.generation
            && self.query == other.query
            && self.within == other.within
            && Arc::ptr_eq(&self.ix, &other.ix)
    }
}

impl FilterRun {
    /// Whether a newer run has been asked for since.
    pub fn superseded(&self) -> bool {
        self.latest.load(Ordering::Relaxed) != self.generation
    }

    /// Runs the query here and now: the action that brings its answer to the app, or `None`
    /// when a newer run took its place before it was done.
    pub fn answer(&self) -> Option<Action> {
        let wanted = Wanted::while_latest(&self.latest, self.generation);
        let outcome = evaluate(&self.ix, &self.query, self.within.as_deref().map(Vec::as_slice), wanted).ok()?;
        Some(Action::Filtered(Filtered { generation: self.generation, query: self.query.clone(), outcome }))
    }
}

/// Runs `q` on `ix` (only on `within`, when given: the events of a query it narrows).
pub(super) fn evaluate(ix: &Index, q: &str, within: Option<&[u32]>, wanted: Wanted) -> Result<Outcome, Gone> {
    // No filter: every event, without asking each one.
    if q.trim().is_empty() {
        return Ok(Ok(((0..ix.len() as u32).collect(), Vec::new())));
    }
    let compiled = match Query::parse(q).and_then(|parsed| Compiled::new(&parsed, ix)) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let events = match within {
        Some(events) => compiled.run_within(ix, events, wanted)?,
        None => compiled.run_while(ix, wanted)?,
    };
    Ok(Ok((events, compiled.notes)))
}

impl App {
    /// Whether a filter run was asked for and has not answered yet: the events shown are
    /// those of the filter before.
    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }

    /// Drops the filter run asked for, if any: the one under way stops, its answer is not taken.
    pub(super) fn supersede(&mut self) -> u64 {
        self.pending = None;
        let latest = Arc::clone(&self.latest);
        self.outbox.retain(|run| !Arc::ptr_eq(&run.latest, &latest));
        self.number(&latest)
    }

    /// The number of a new run, which becomes the newest of those sharing `latest`.
    pub(super) fn number(&mut self, latest: &AtomicU64) -> u64 {
        self.runs += 1;
        latest.store(self.runs, Ordering::Relaxed);
        self.runs
    }

    /// The answer of the last query run when `q` can only match fewer events: those are the
    /// only ones to check.
    pub(super) fn narrowing(&self, q: &str) -> Option<Arc<Vec<u32>>> {
        let ran = self.ran.as_deref().filter(|r| !r.trim().is_empty())?;
        // Checking an event's own text costs about what a scan reads of it, and the word index
        // answers most words for far less: only a small answer is worth narrowing from.
        if self.matched.len() > NARROW_AT_MOST.min(self.ix.len() / NARROW_SHARE) {
            return None;
        }
        let (now, before) = (Query::parse(q).ok()?, Query::parse(ran).ok()?);
        now.narrows(&before).then(|| Arc::clone(&self.matched))
    }

    /// Asks for a run of the filter away from the keys (handed out by `update` as an
    /// [`Effect::Filter`]); at once when the index is small or the query ran last.
    /// `bar_before`: the query bar's text before the change, put back when the query is bad.
    pub(super) fn filter_changed(&mut self, bar_before: Option<String>) {
        let q = self.filter.query();
        let ix = Arc::clone(self.next_index());
        let ran = self.staged.is_none() && self.ran.as_ref() == Some(&q);
        if ix.len() < self.run_apart_from || ran {
            let outcome = self.refilter();
            self.settle(outcome, bar_before);
            return;
        }
        let generation = self.supersede();
        // the last answer is of the index before a reload
        let within = if self.staged.is_some() { None } else { self.narrowing(&q) };
        self.pending = Some(Pending { generation, bar_before });
        self.outbox.push(FilterRun { generation, query: q, within, ix, latest: Arc::clone(&self.latest) });
    }

    /// Takes the answer of the filter run asked for last; any other is stale and dropped. A
    /// reload's index staged meanwhile is put in place with it: the run was over that index.
    pub(super) fn filtered(&mut self, answer: Filtered) {
        if self.pending.as_ref().is_none_or(|p| p.generation != answer.generation) {
            self.side_answer(answer);
            return;
        }
        let Some(Pending { bar_before, .. }) = self.pending.take() else { return };
        let swapped = self.staged.is_some();
        let keep = self.swap_in_staged();
        let outcome = match answer.outcome {
            Ok((matched, notes)) => {
                self.matched = Arc::new(matched);
                self.notes = notes;
                self.ran = Some(answer.query);
                self.show_matched(keep);
                Ok(())
            }
            Err(e) => {
                if swapped {
                    // the events before are gone, and the query matches none of the new
                    self.ran = Some(answer.query);
                    self.show_matched(keep);
                }
                Err(e)
            }
        };
        let put_back = outcome.is_err() && bar_before.is_some();
        self.settle(outcome, bar_before);
        // the text put back may not be the one whose events are shown
        if put_back && self.ran.as_ref() != Some(&self.filter.query()) {
            self.filter_changed(None);
        }
    }

    /// Tells the user how a run of the filter went: a bad query goes under the query bar (its
    /// text before is put back) or into the status line.
    fn settle(&mut self, outcome: Result<(), QueryError>, bar_before: Option<String>) {
        match (outcome, bar_before) {
            (Ok(()), Some(_)) => {
                if let Overlay::Query(bar) = &mut self.overlay {
                    bar.error = None;
                    bar.notes = self.notes.clone();
                }
            }
            (Ok(()), None) => {}
            (Err(e), Some(before)) => {
                // The query's text starts with the bar's, so the error's span points into it.
                self.filter.text = before;
                match &mut self.overlay {
                    Overlay::Query(bar) => bar.error = Some(e),
                    _ => self.error(format!("bad query: {}", e.message)),
                }
            }
            (Err(e), None) => self.error(format!("bad query: {}", e.message)),
        }
    }

    /// [`App::update`], with a filter run it asks for done here, and its answer taken, before
    /// it returns: the whole effect of a keystroke at once, for tests and benchmarks.
    pub fn update_settled(&mut self, action: Action) -> Option<Effect> {
        let mut effect = self.update(action);
        while let Some(Effect::Filter(run)) = &effect {
            effect = run.answer().and_then(|a| self.update(a)).or_else(|| self.queued());
        }
        effect
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Options, Searcher};
    use std::time::Duration;

    /// An app whose filter runs are handed out, however small its index, with the query bar open.
    fn app() -> App {
        let mut app = App::new(Index::new(crate::synth::events(3000, 4)), Options::default());
        app.run_apart_from = 0;
        app.update(Action::OpenQuery);
        app
    }

    fn asked(effect: Option<Effect>) -> FilterRun {
        match effect {
            Some(Effect::Filter(run)) => run,
            other => panic!("a filter run, not {other:?}"),
        }
    }

    fn events(app: &App, q: &str) -> Vec<u32> {
        app.ix.query(q).expect("a good query")
    }

    #[test]
    fn the_answer_of_a_superseded_run_is_dropped_and_the_newest_is_taken() {
        let mut app = app();
        let all = app.shown.clone();
        let first = asked(app.update(Action::Insert('s')));
        // an answer made before the next key, that arrives after it
        let late = first.answer().expect("the newest run when it ran");
        let second = asked(app.update(Action::Insert('h')));
        assert!(first.superseded() && !second.superseded());
        assert!(app.searching());
        app.update(late);
        assert_eq!(app.shown, all, "a stale answer changes nothing");
        assert!(app.searching(), "and the newest run is still awaited");
        assert_eq!(first.answer(), None, "a superseded run stops without an answer");
        app.update(second.answer().expect("the newest run"));
        assert!(!app.searching());
        assert_eq!(app.shown, events(&app, "sh"));
        assert_ne!(app.shown, all);
    }

    #[test]
    fn a_filter_run_here_and_now_drops_the_one_under_way() {
        let mut app = app();
        let run = asked(app.update(Action::Insert('s')));
        let late = run.answer().expect("the newest run when it ran");
        // Esc puts the text back: its events are the ones shown, at once
        assert_eq!(app.update(Action::Cancel), None);
        assert!(!app.searching() && run.superseded());
        let all = app.shown.clone();
        app.update(late);
        assert_eq!(app.shown, all);
        assert_eq!(app.shown.len(), app.ix.len());
    }

    #[test]
    fn a_bad_query_found_by_the_searcher_goes_under_the_bar_and_its_text_is_put_back() {
        let mut app = app();
        // parses, but no place of that name can be located: only the run can tell
        let typed = "camp near:Nowhereville";
        for c in typed.chars() {
            app.update_settled(Action::Insert(c));
        }
        let crate::app::Overlay::Query(bar) = &app.overlay else { panic!("the bar stays open") };
        assert_eq!(bar.field.text, typed);
        assert!(bar.error.as_ref().is_some_and(|e| e.message.contains("Nowhereville")), "{:?}", bar.error);
        assert!(typed.starts_with(&app.filter.text) && app.filter.text.len() < typed.len(), "{:?}", app.filter.text);
        assert!(!app.searching());
        assert_eq!(app.shown, events(&app, &app.filter.query()), "the events shown are the filter's");
    }

    #[test]
    fn one_more_term_or_letter_checks_only_the_last_answer_when_it_is_small() {
        let mut app = app();
        for c in "killed:>=30 ".chars() {
            app.update_settled(Action::Insert(c));
        }
        let few = events(&app, "killed:>=30");
        assert!(!few.is_empty() && few.len() < app.ix.len() / NARROW_SHARE, "{}", few.len());
        let run = asked(app.update(Action::Insert('s')));
        assert_eq!(run.within.as_deref(), Some(&few), "the events of the last answer are the candidates");
        app.update(run.answer().expect("wanted"));
        let run = asked(app.update(Action::Insert('h')));
        assert!(run.within.is_some());
        app.update(run.answer().expect("wanted"));
        assert_eq!(app.shown, events(&app, "killed:>=30 sh"));
        let run = asked(app.update(Action::DeleteBack));
        assert_eq!(run.within, None, "a letter erased may match more");
        // a large answer is not narrowed from: the word index answers a word more cheaply
        app.update_settled(Action::ClearLine);
        app.update_settled(Action::Insert('s'));
        assert!(app.shown.len() > app.ix.len() / NARROW_SHARE);
        assert_eq!(asked(app.update(Action::Insert('h'))).within, None);
    }

    #[test]
    fn an_export_waits_for_the_search_it_would_write() {
        let mut app = app();
        let run = asked(app.update(Action::Insert('s')));
        app.update(Action::Accept);
        app.update(Action::Export);
        assert_eq!(app.update(Action::Accept), None, "nothing is written while the filter is searched");
        assert!(app.message.as_ref().is_some_and(|m| m.error && m.text.contains("searching")), "{:?}", app.message);
        app.update(run.answer().expect("wanted"));
        let Some(Effect::Export { shown, .. }) = app.update(Action::Accept) else { panic!("an export once answered") };
        assert_eq!(shown, events(&app, "s"));
    }

    #[test]
    fn the_searcher_thread_answers_the_newest_run() {
        let mut app = app();
        let searcher = Searcher::start();
        for c in "shell".chars() {
            searcher.submit(asked(app.update(Action::Insert(c))));
        }
        while app.searching() {
            let answer = searcher.answer(Duration::from_secs(30)).expect("an answer");
            app.update(answer);
        }
        assert_eq!(app.shown, events(&app, "shell"));
    }
}
