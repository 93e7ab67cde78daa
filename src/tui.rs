//! The only event loop: set the terminal up, read its events, turn keys into actions through
//! the key map, update the app, draw; and restore the terminal however the loop ends (quit,
//! Ctrl-C, a panic, SIGTERM, SIGHUP, SIGINT).

use crate::app::{Action, App, Effect, Searcher};
use crate::cache::{Found, Recheck};
use crate::index::{Aliases, Index};
use crate::indexed::Indexed;
use crate::keymap::{Code, Key};
use crate::load::Problem;
use crate::rebuilt::Rebuilt;
use crate::watch::Watcher;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SendError, Sender, channel};
use std::time::{Duration, Instant};

/// How long the loop waits for an event before it looks at the signal flag again.
const TICK: Duration = Duration::from_millis(200);
/// How long the loop waits for a key while a search runs, before it looks for the answer.
const LOOK: Duration = Duration::from_millis(2);
/// How long the frame of a key that started a search waits for its answer: a quick one (a
/// name, a date) then shows with the key rather than a frame later, "searching" never
/// flickers, and the frame is still drawn within 16 ms. A longer search answers later.
pub const PATIENCE: Duration = Duration::from_millis(4);
/// From how many events on the filter runs on the searcher's thread, when set (the default is
/// `app::RUN_APART_FROM`): the end-to-end tests run it there on a few events.
pub const SEARCH_APART_VAR: &str = "SITREP_SEARCH_APART_FROM";
/// The most events applied between two frames.
const BURST: usize = 64;

/// The key map's key for a terminal key event; `None` for releases and keys it has no name for.
pub fn key_of(k: KeyEvent) -> Option<Key> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    let code = match k.code {
        // Shift is already in the character ("G"); with Ctrl, terminals differ on the case.
        KeyCode::Char(c) if ctrl => Code::Char(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Code::Char(c),
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Tab if k.modifiers.contains(KeyModifiers::SHIFT) => Code::BackTab,
        KeyCode::Tab => Code::Tab,
        KeyCode::BackTab => Code::BackTab,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Delete => Code::Delete,
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::F(n) => Code::F(n),
        _ => return None,
    };
    Some(Key { code, ctrl, alt })
}

/// The action of a terminal event, if it has one.
pub fn action_of(app: &App, ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) => key_of(k).and_then(|k| app.action_for(k)),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column: m.column, row: m.row }),
            MouseEventKind::ScrollDown => Some(Action::Wheel { column: m.column, row: m.row, down: true }),
            MouseEventKind::ScrollUp => Some(Action::Wheel { column: m.column, row: m.row, down: false }),
            _ => None,
        },
        // Bracketed paste is not enabled; focus changes need nothing.
        Event::Paste(_) | Event::FocusGained | Event::FocusLost => None,
    }
}

/// Runs the browser on the terminal until the user quits or a signal asks to stop; with a
/// watcher, the files it reloads replace the events on screen; with a recheck of the cache
/// file the events came from, begun after the first frame, the files replace them if it is
/// found damaged.
pub fn run(app: &mut App, watch: Option<&Watcher>, recheck: Option<&Recheck>) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    // Ctrl-C is a key in raw mode; SIGINT comes only from outside (kill -INT), and ends the
    // browser as cleanly as SIGTERM.
    for sig in [SIGTERM, SIGHUP, SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    // ratatui::init enters the alternate screen and raw mode, and installs a panic hook that
    // restores them; mouse capture and the cursor are ours to undo, in the hook as well.
    spawn_hangup_watch();
    let mut terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic on another thread (the word index's build, a worker of the pool) must not
        // tear the screen from under the browser: its message waits, and is printed when the
        // terminal is restored (by the guard below, if the panic reaches the main thread).
        if std::thread::current().name() != Some("main") {
            if let Ok(mut held) = HELD_PANIC.lock() {
                held.get_or_insert_with(|| info.to_string());
            }
            return;
        }
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
        // ratatui's hook leaves the cursor hidden: the terminal's own drop would show it, but
        // only after the message, and not at all when the panic does not unwind
        let _ = crossterm::execute!(io::stdout(), crossterm::cursor::Show);
        previous(info);
    }));
    let guard = Restore;
    let result = crossterm::execute!(io::stdout(), EnableMouseCapture)
        .and_then(|()| run_loop(&mut terminal, app, &stop, watch, recheck));
    drop(guard);
    result
}

/// A panic message from another thread than the main one, printed once the terminal is back.
static HELD_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Restores the terminal when dropped: at the end of the browser, and when a panic from a
/// worker thread unwinds through it (which runs no panic hook on the main thread).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let held = HELD_PANIC.lock().ok().and_then(|mut h| h.take());
        // a panic of the main thread itself was restored and reported by the hook already
        if std::thread::panicking() && held.is_none() {
            return;
        }
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, crossterm::cursor::Show);
        ratatui::restore();
        if let Some(message) = held {
            eprintln!("{message}");
        }
    }
}

/// Ends the process when its terminal goes away (the window closed, the tmux server killed).
/// The event loop cannot see that itself: crossterm's read of a hung-up terminal retries
/// forever inside `event::poll`, whatever its timeout, so the main thread never returns from
/// it. There is nothing left to restore then, and no one to read a message.
fn spawn_hangup_watch() {
    let watch = || {
        while io::stdout().is_terminal() {
            std::thread::sleep(Duration::from_millis(250));
        }
        // 128 + SIGHUP, as a shell reports a process ended by a hangup.
        std::process::exit(129);
    };
    // Without the thread the browser still works; it only outlives a closed terminal.
    let _ = std::thread::Builder::new().name("hangup-watch".into()).spawn(watch);
}

/// The nice value of the word index's build: below the searcher's (5), so that a search's scan
/// takes the cores it needs while the index is built.
const WORDS_NICENESS: libc::c_int = 12;

/// Builds the word index of the free-text search on a thread of its own, so that the first
/// keystrokes in the query bar need not wait for it: until it is ready, a scan of the text
/// answers them. One thread builds one index at a time, always the newest it was handed: the
/// indexes of reloads that came while it was busy are dropped unbuilt.
struct WordIndexer {
    send: Option<std::sync::mpsc::Sender<Arc<Index>>>,
}

impl WordIndexer {
    fn start() -> WordIndexer {
        let (send, recv) = std::sync::mpsc::channel::<Arc<Index>>();
        let build = move || {
            // The word index only makes later searches cheaper: its build, seconds on every
            // core at a million events, gives way to a search's scan (the searcher's threads
            // are at nice 5) and to the frames, in a pool of its own at a lower priority. It
            // folds the records' text a run at a time and keeps none of it; a search that
            // comes first builds the folded text it scans on the searcher's side.
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(cores)
                .thread_name(|i| format!("word-index-{i}"))
                .start_handler(|_| crate::app::lower_priority(WORDS_NICENESS))
                .build()
                .ok();
            while let Ok(mut ix) = recv.recv() {
                while let Ok(newer) = recv.try_recv() {
                    ix = newer;
                }
                // a build that panics leaves the search to the scan (see the panic hook)
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    match &pool {
                        Some(pool) => pool.install(|| ix.words()),
                        None => ix.words(),
                    };
                }));
            }
        };
        // Without the thread the browser still works; the first free-text search builds the
        // text column, and every search scans it.
        let spawned = std::thread::Builder::new().name("word-index".into()).spawn(build);
        WordIndexer { send: spawned.ok().map(|_| send) }
    }

    fn index(&self, ix: &Arc<Index>) {
        if let Some(send) = &self.send {
            let _ = send.send(Arc::clone(ix));
        }
    }
}

/// In debug builds only: the key named by `SITREP_TEST_PANIC` panics, so that a test can see
/// the terminal restored after a panic (tests/tui_tmux.rs). Release builds have no such key.
#[cfg(debug_assertions)]
fn test_panic(ev: &Event) {
    let Event::Key(KeyEvent { code: KeyCode::Char(c), .. }) = ev else { return };
    let Ok(wanted) = std::env::var("SITREP_TEST_PANIC") else { return };
    // `pool:K`: the panic happens on a worker thread of the pool, as in a parallel filter
    if wanted.strip_prefix("pool:") == Some(c.to_string().as_str()) {
        rayon::scope(|s| s.spawn(|_| panic!("the test panic key {c:?} was pressed, on a worker")));
    } else if wanted == c.to_string() {
        panic!("the test panic key {c:?} was pressed");
    }
}

fn run_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
    watch: Option<&Watcher>,
    recheck: Option<&Recheck>,
) -> io::Result<()> {
    let indexer = WordIndexer::start();
    let searcher = Searcher::start();
    let reindexer = Reindexer::start(app.aliases().clone());
    if let Some(n) = std::env::var(SEARCH_APART_VAR).ok().and_then(|v| v.parse().ok()) {
        app.run_apart_from = n;
    }
    // The terminal's events are read from here on: crossterm starts to listen for a change of
    // size (SIGWINCH) at its first look, so it looks before the size is taken; a resize in
    // between is then an event, not lost with a first frame drawn for the old size.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    let effect = app.update(Action::Resize { width: size.width, height: size.height });
    hand_over(app, effect, &searcher);
    let mut first = true;
    // A frame is drawn only when something changed: while a search runs the loop wakes every
    // few milliseconds to look for its answer, and drawing then would take the search's CPU.
    let mut changed = true;
    let mut idle_since = Instant::now();
    loop {
        if std::mem::take(&mut changed) {
            terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        }
        // The word index is built once the first frame is up: its folding of every note on
        // every core would otherwise hold the first frame back by seconds.
        if std::mem::take(&mut first) {
            indexer.index(&app.ix);
            recheck.inspect(|r| r.begin());
        }
        if app.quit || stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        if event::poll(if app.awaiting() { LOOK } else { TICK })? {
            // What is already queued is applied before the next frame, so that a burst of keys
            // (a held key) costs one frame; bounded, so that the signal flag is still seen.
            for _ in 0..BURST {
                let ev = event::read()?;
                #[cfg(debug_assertions)]
                test_panic(&ev);
                if let Some(a) = action_of(app, ev) {
                    changed = true;
                    let effect = app.update(a);
                    hand_over(app, effect, &searcher);
                }
                if app.quit || stop.load(Ordering::SeqCst) || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            idle_since = Instant::now();
            if app.awaiting()
                && let Some(answer) = searcher.answer(PATIENCE)
            {
                let effect = app.update(answer);
                hand_over(app, effect, &searcher);
            }
        } else if idle_since.elapsed() >= TICK {
            let ms = idle_since.elapsed().as_millis().min(u128::from(u32::MAX)) as u32;
            idle_since = Instant::now();
            let shown = app.message.is_some();
            let effect = app.update(Action::Tick { ms });
            hand_over(app, effect, &searcher);
            // a message that faded
            changed |= shown != app.message.is_some();
        }
        while let Some(answer) = searcher.answer(Duration::ZERO) {
            changed = true;
            let effect = app.update(answer);
            hand_over(app, effect, &searcher);
        }
        for reload in watch.map(Watcher::drain).unwrap_or_default() {
            let names: Vec<String> =
                reload.changed.iter().map(|p| crate::text::inert(&file_name(p)).into_owned()).collect();
            reindexer.build(reload.result, format!("{} changed", names.join(", ")));
        }
        for found in recheck.map(Recheck::drain).unwrap_or_default() {
            match found {
                Found::Damaged(note) => {
                    changed = true;
                    let effect = app.update(Action::CacheDamaged(note));
                    hand_over(app, effect, &searcher);
                }
                Found::Loaded(result) => reindexer.build(*result, DAMAGED.to_string()),
            }
        }
        for reloaded in reindexer.drain() {
            if let Action::Reloaded(Ok(rebuilt)) = &reloaded {
                indexer.index(&rebuilt.ix);
            }
            changed = true;
            let effect = app.update(reloaded);
            hand_over(app, effect, &searcher);
        }
    }
}

/// Why the files were loaded again after damage found in the cache file.
const DAMAGED: &str = "the cached index was damaged";

/// A path's last part, for the status line.
fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The action of a reload of the files after damage found in the cache file (their actors
/// linked and towns named here and now).
pub fn found_action(found: Found, aliases: &Aliases) -> Action {
    match found {
        Found::Damaged(note) => Action::CacheDamaged(note),
        Found::Loaded(result) => reloaded(*result, aliases, DAMAGED.to_string()),
    }
}

/// The action of a reload of the files: their index with its actors linked and towns named
/// here and now (not on the keys' thread), or the first problem that stopped it.
pub fn reloaded(result: Result<Indexed, Vec<Problem>>, aliases: &Aliases, why: String) -> Action {
    Action::Reloaded(match result {
        Ok(indexed) => Ok(Rebuilt::of(indexed.index, aliases, why)),
        Err(problems) => {
            let first = problems.iter().find(|p| p.is_error()).or(problems.first());
            Err(first.map_or_else(|| "the files could not be loaded".to_string(), ToString::to_string))
        }
    })
}

/// A reload to index: the files loaded again (or why not), and why they were.
type Job = (Result<Indexed, Vec<Problem>>, String);

/// Indexes the events of reloads on a thread of its own, in the order they came, so that the
/// keys are never held up by a reload (building the index of a million events takes seconds).
struct Reindexer {
    jobs: Option<Sender<Job>>,
    done: Receiver<Action>,
    /// Where actions are sent from when there is no thread: the caller's own.
    here: Sender<Action>,
    aliases: Aliases,
}

impl Reindexer {
    fn start(aliases: Aliases) -> Reindexer {
        let (jobs, inbox) = channel::<Job>();
        let (here, done) = channel::<Action>();
        let outbox = here.clone();
        let with = aliases.clone();
        let work = move || {
            while let Ok((result, why)) = inbox.recv() {
                if outbox.send(reloaded(result, &with, why)).is_err() {
                    return;
                }
            }
        };
        // Without the thread the browser still reloads, holding the keys while it indexes.
        let spawned = std::thread::Builder::new().name("reindex".into()).spawn(work);
        Reindexer { jobs: spawned.ok().map(|_| jobs), done, here, aliases }
    }

    /// Indexes a reload's events, away from the keys when it can.
    fn build(&self, result: Result<Indexed, Vec<Problem>>, why: String) {
        let job = match &self.jobs {
            Some(jobs) => match jobs.send((result, why)) {
                Ok(()) => return,
                Err(SendError(job)) => job,
            },
            None => (result, why),
        };
        let _ = self.here.send(reloaded(job.0, &self.aliases, job.1));
    }

    /// The reloads indexed since the last call, oldest first; never blocks.
    fn drain(&self) -> Vec<Action> {
        self.done.try_iter().collect()
    }
}

/// Carries out what `App::update` asked for: a filter run goes to the searcher's thread,
/// anything else is done here, and the app told how it went.
fn hand_over(app: &mut App, mut effect: Option<Effect>, searcher: &Searcher) {
    while let Some(e) = effect.take().or_else(|| app.queued()) {
        match e {
            Effect::Filter(run) => searcher.submit(run),
            other => effect = carry_out(app, other).and_then(|done| app.update(done)),
        }
    }
}

/// For a FIFO (or a link to one), whether some program has it open for reading: the browser
/// does not wait, frozen, for a reader that may never come. Anything else passes.
#[cfg(unix)]
fn fifo_has_reader(path: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let is_fifo = std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo());
    if !is_fifo {
        return Ok(());
    }
    match std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::ENXIO) => Err(format!(
            "no program is reading the named pipe {}; start the reader first (e.g. `cat {0}`), then export again",
            crate::text::inert(&path.display().to_string())
        )),
        Err(e) => Err(format!("cannot open {}: {e}", crate::text::inert(&path.display().to_string()))),
    }
}

#[cfg(not(unix))]
fn fifo_has_reader(_: &std::path::Path) -> Result<(), String> {
    Ok(())
}

/// Carries out what `App::update` asked for, here and now; the action that tells the app how
/// it went (none for a filter run that a newer one took the place of).
pub fn carry_out(app: &App, effect: Effect) -> Option<Action> {
    Some(match effect {
        Effect::Filter(run) => return run.answer(),
        Effect::Export { path, format, shown } => {
            if let Err(e) = fifo_has_reader(&path) {
                return Some(Action::Exported(Err(e)));
            }
            let events = match app.ix.events(&shown) {
                Ok(events) => events,
                Err(e) => return Some(Action::Exported(Err(e.to_string()))),
            };
            let events: Vec<_> = events.iter().collect();
            let written = crate::export::write_atomic(&path, &app.inputs, |w| crate::export::write(&events, format, w));
            Action::Exported(
                written
                    .map(|()| format!("wrote {} events to {} ({format})", events.len(), path.display()))
                    .map_err(|e| format!("{e}; {}", e.hint())),
            )
        }
    })
}
