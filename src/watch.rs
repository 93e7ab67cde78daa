//! Live reload: a background thread that watches the input files and loads them again when one
//! changes, sending each outcome over a channel that the interface drains on its tick.
//!
//! It polls each file's modification time and length (every 500 ms by default) rather than using
//! the operating system's notifications: it needs no further crate, behaves the same on every
//! system and file system (network shares and containers included), and an editor that saves by
//! renaming a new file over the old one is seen like any other change. A change is loaded once
//! the file has stayed the same for one more poll, so that a file still being written is not
//! read half-way.
//!
//! ```no_run
//! use sitrep::load::LoadOptions;
//! use sitrep::watch::Watcher;
//! let w = Watcher::start(vec!["events.csv".into()], LoadOptions::default());
//! // on every tick of the interface:
//! for reload in w.drain() {
//!     match reload.result {
//!         Ok(loaded) => { /* rebuild the index; keep the filter and the selected id */ }
//!         Err(problems) => { /* keep the data on screen; show problems[0] in the status line */ }
//!     }
//! }
//! ```

use crate::load::{LoadOptions, Loaded, Problem, load_files};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(500);

/// The outcome of loading the watched files again after a change.
#[derive(Debug)]
pub struct Reload {
    /// The files that changed.
    pub changed: Vec<PathBuf>,
    /// All the watched files loaded together, or every problem that stopped it: then the last
    /// good data should stay on screen.
    pub result: Result<Loaded, Vec<Problem>>,
}

/// A running watch; dropping it stops the thread (after its current load, if any).
pub struct Watcher {
    rx: Receiver<Reload>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

/// What a file looked like at the last poll: `None` when it could not be looked at.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(p: &PathBuf) -> Stamp {
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl Watcher {
    /// Watches `paths`, polling every [`DEFAULT_INTERVAL`].
    pub fn start(paths: Vec<PathBuf>, opts: LoadOptions) -> Watcher {
        Watcher::with_interval(paths, opts, DEFAULT_INTERVAL)
    }

    pub fn with_interval(paths: Vec<PathBuf>, opts: LoadOptions, every: Duration) -> Watcher {
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::Builder::new()
            .name("sitrep-watch".into())
            .spawn(move || run(paths, opts, every, tx, flag))
            .ok();
        Watcher { rx, stop, handle }
    }

    /// Whether the watching thread is running (it could not start if the system refused a thread).
    pub fn is_running(&self) -> bool {
        self.handle.as_ref().is_some_and(|h| !h.is_finished())
    }

    /// The reloads that arrived since the last call, oldest first; never blocks.
    pub fn drain(&self) -> Vec<Reload> {
        self.rx.try_iter().collect()
    }

    /// Waits up to `timeout` for the next reload.
    pub fn wait(&self, timeout: Duration) -> Option<Reload> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        // not joined: a load in progress must not hold up the interface's exit
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn run(paths: Vec<PathBuf>, opts: LoadOptions, every: Duration, tx: Sender<Reload>, stop: Arc<AtomicBool>) {
    let mut seen: Vec<Stamp> = paths.iter().map(stamp).collect();
    let mut pending = vec![false; paths.len()];
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(every);
        let mut moving = false;
        for (i, p) in paths.iter().enumerate() {
            let now = stamp(p);
            if now != seen[i] {
                seen[i] = now;
                pending[i] = true;
                moving = true;
            }
        }
        // load only when every file has held still for a whole interval
        if moving || !pending.contains(&true) {
            continue;
        }
        let changed = paths.iter().zip(&pending).filter(|(_, p)| **p).map(|(f, _)| f.clone()).collect();
        pending.fill(false);
        let result = load_files(&paths, &opts);
        if stop.load(Ordering::Relaxed) || tx.send(Reload { changed, result }).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"id":"a","title":"t","date":"2019-03-13","type":"Battles"}"#;

    #[test]
    fn reloads_on_change_and_reports_a_broken_file_until_it_is_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.json");
        std::fs::write(&file, format!("[\n{LINE}\n]\n")).unwrap();
        let w = Watcher::with_interval(vec![file.clone()], LoadOptions::default(), Duration::from_millis(20));
        assert!(w.is_running());
        assert!(w.wait(Duration::from_millis(200)).is_none(), "nothing changed yet");

        let two = LINE.replace("\"a\"", "\"b\"");
        std::fs::write(&file, format!("[\n{LINE},\n{two}\n]\n")).unwrap();
        let r = w.wait(Duration::from_secs(10)).expect("a reload");
        assert_eq!(r.changed, vec![file.clone()]);
        assert_eq!(r.result.unwrap().events.len(), 2);

        std::fs::write(&file, "[\n{\"id\": \n").unwrap();
        let r = w.wait(Duration::from_secs(10)).expect("a reload");
        let problems = r.result.unwrap_err();
        assert!(problems[0].is_error());

        std::fs::write(&file, format!("[\n{LINE}\n]\n")).unwrap();
        let r = w.wait(Duration::from_secs(10)).expect("a reload");
        assert_eq!(r.result.unwrap().events.len(), 1);
        drop(w);
    }
}
