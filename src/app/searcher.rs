//! The thread that runs the browser's filter away from the keys.

use super::{Action, FilterRun};
use crate::query::{Filtered, QueryError};
use std::sync::mpsc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

/// A thread that runs the filter (and the other searches of the browser: `F`, a picker's
/// counts), each the newest of its kind: one that a newer one of its kind replaced while the
/// thread was busy is skipped, and the one under way stops when a newer one is asked for.
pub struct Searcher {
    runs: Option<Sender<FilterRun>>,
    answers: Receiver<Action>,
    /// Where answers are sent from when there is no thread: the caller's own.
    here: Sender<Action>,
}

/// How much less the searcher's threads count than the keys' when the cores are busy: a nice
/// value, 0 to 19. At 5 the kernel gives a thread of the keys three times a searcher's share,
/// so that a frame is drawn in its own time while a search takes both cores.
const NICENESS: libc::c_int = 5;

/// Lowers the calling thread's priority to nice value `nice` (on Linux, the nice value is the
/// thread's own).
pub fn lower_priority(nice: libc::c_int) {
    // SAFETY: setpriority only reads its integer arguments; `who` 0 is the calling thread.
    #[allow(unsafe_code)]
    let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, nice) };
}

/// Lowers the calling thread's priority below the keys'.
fn yield_to_the_keys() {
    lower_priority(NICENESS);
}

impl Searcher {
    pub fn start() -> Searcher {
        let (runs, inbox) = mpsc::channel::<FilterRun>();
        let (here, answers) = mpsc::channel::<Action>();
        let outbox = here.clone();
        // A pool of its own: a frame's own parallel work (the map's counts) never waits in
        // the queue behind a search's jobs, and the search's threads yield to the keys.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores)
            .thread_name(|i| format!("filter-{i}"))
            .start_handler(|_| yield_to_the_keys())
            .build()
            .ok();
        let work = move || {
            while let Ok(first) = inbox.recv() {
                let queued: Vec<FilterRun> = std::iter::once(first).chain(inbox.try_iter()).collect();
                for run in queued {
                    if run.superseded() {
                        continue;
                    }
                    // A run that panics (the message is kept by the browser's panic hook) must
                    // still answer, or the screen would say "searching" for ever.
                    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &pool {
                        Some(pool) => pool.install(|| run.answer()),
                        None => run.answer(),
                    }));
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
