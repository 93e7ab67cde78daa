//! The filter run away from the keys: [`App::update`](super::App::update) asks for a run of the
//! filter's query ([`FilterRun`], an [`Effect`](super::Effect)), a [`Searcher`] thread runs it
//! on the shared index, and its answer comes back as an [`Action::Filtered`]. The keystroke
//! itself (the letter echoed, the selection moved) never waits for a search.
//!
//! Runs are numbered. A newer run makes the older ones unwanted: the one under way stops at its
//! next check (every few thousand events), one not yet begun is skipped, and an answer that
//! still comes is dropped, so that typing fast never queues work.

use super::Action;
use crate::index::{Gone, Index, Wanted};
use crate::query::{Compiled, Filtered, Query, QueryError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// From this many events on, the filter runs on the searcher's thread; below, a run takes a
/// few milliseconds at most and is done at once, in `update` (tests stay deterministic so).
pub const RUN_APART_FROM: usize = 100_000;

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
pub(super) fn evaluate(
    ix: &Index,
    q: &str,
    within: Option<&[u32]>,
    wanted: Wanted,
) -> Result<Result<(Vec<u32>, Vec<String>), QueryError>, Gone> {
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

/// A thread that runs the filter, always the newest run it was handed: those that came while
/// it was busy are skipped, and the one under way stops when a newer one is asked for.
pub struct Searcher {
    runs: Option<Sender<FilterRun>>,
    answers: Receiver<Action>,
    /// Where answers are sent from when there is no thread: the caller's own.
    here: Sender<Action>,
}

impl Searcher {
    pub fn start() -> Searcher {
        let (runs, inbox) = mpsc::channel::<FilterRun>();
        let (here, answers) = mpsc::channel::<Action>();
        let outbox = here.clone();
        let work = move || {
            while let Ok(mut run) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    run = newer;
                }
                if run.superseded() {
                    continue;
                }
                // A run that panics (the message is kept by the browser's panic hook) must
                // still answer, or the screen would say "searching" for ever.
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run.answer()));
                let answer = answer.unwrap_or_else(|_| {
                    Some(Action::Filtered(Filtered {
                        generation: run.generation,
                        query: run.query.clone(),
                        outcome: Err(QueryError::new("the search stopped on an internal error", 0..0)),
                    }))
                });
                if let Some(a) = answer
                    && outbox.send(a).is_err()
                {
                    return;
                }
            }
        };
        // Without the thread the browser still works: each run is done where it is handed over.
        let spawned = std::thread::Builder::new().name("filter".into()).spawn(work);
        Searcher { runs: spawned.ok().map(|_| runs), answers, here }
    }

    /// Hands a run over; without a thread, runs it at once.
    pub fn submit(&self, run: FilterRun) {
        let run = match &self.runs {
            Some(runs) => match runs.send(run) {
                Ok(()) => return,
                Err(mpsc::SendError(run)) => run,
            },
            None => run,
        };
        if let Some(a) = run.answer() {
            let _ = self.here.send(a);
        }
    }

    /// The next answer, waiting for it at most `wait`.
    pub fn answer(&self, wait: Duration) -> Option<Action> {
        if wait.is_zero() { self.answers.try_recv().ok() } else { self.answers.recv_timeout(wait).ok() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{App, Effect, Options};

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
    fn one_more_letter_checks_only_the_last_answer() {
        let mut app = app();
        app.update_settled(Action::Insert('s'));
        let run = asked(app.update(Action::Insert('h')));
        assert_eq!(run.within.as_deref(), Some(&events(&app, "s")), "the events of \"s\" are the candidates");
        app.update(run.answer().expect("wanted"));
        let run = asked(app.update(Action::DeleteBack));
        assert_eq!(run.within, None, "a letter erased may match more");
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
