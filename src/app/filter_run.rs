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
