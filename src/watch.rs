//! Live reload: a background thread that watches the input files and loads them again when one
//! changes, sending each outcome over a channel that the interface drains on its tick.
//!
//! It polls each file's modification time, length, inode and status-change time (every 500 ms
//! by default; a file replaced by another of the same size and modification time still has
//! another inode or change time) rather than using
//! the operating system's notifications: it needs no further crate, behaves the same on every
//! system and file system (network shares and containers included), and an editor that saves by
//! renaming a new file over the old one is seen like any other change. A change is loaded once
//! the file has stayed the same for one more poll, so that a file still being written is not
//! read half-way. A watched path that stops being a regular file (replaced by a named pipe,
//! a device or a directory) is not read at all, since reading a pipe with no writer would block
//! the watch for good: the reload reports it, and the last good data stays on screen.
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

use crate::indexed::{Indexed, index_files};
use crate::load::{LoadOptions, Problem};
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
    /// All the watched files loaded together and indexed (read block by block when large, as
    /// the first open reads them), or every problem that stopped it: then the last good data
    /// should stay on screen.
    pub result: Result<Indexed, Vec<Problem>>,
}

/// A running watch; dropping it stops the thread (after its current load, if any).
pub struct Watcher {
    rx: Receiver<Reload>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

/// What a file looked like at the last poll: `None` when it could not be looked at.
type Stamp = Option<Look>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    modified: Option<SystemTime>,
    len: u64,
    /// What it is, when it is not a regular file.
    kind: Option<&'static str>,
    /// Device and inode, and the status-change time in seconds and nanoseconds: a file moved
    /// into place or rewritten with its old modification time restored still changes these.
    #[cfg(unix)]
    node: (u64, u64, i64, i64),
}

fn stamp(p: &PathBuf) -> Stamp {
    let m = std::fs::metadata(p).ok()?;
    Some(Look {
        modified: m.modified().ok(),
        len: m.len(),
        kind: not_regular(&m),
        #[cfg(unix)]
        node: {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino(), m.ctime(), m.ctime_nsec())
        },
    })
}

/// What a path is when it is not a regular file that can be read to its end.
fn not_regular(m: &std::fs::Metadata) -> Option<&'static str> {
    let t = m.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The problems of the watched paths that are not regular files, which are not read.
fn unreadable(paths: &[PathBuf], seen: &[Stamp]) -> Vec<Problem> {
    paths
        .iter()
        .zip(seen)
        .filter_map(|(p, s)| {
            let what = s.as_ref()?.kind?;
            let message = format!("is now {what}, not a regular file: not reloaded");
            Some(Problem::error(&p.display().to_string(), message).hint("put a regular file back at this path"))
        })
        .collect()
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
        // looked at now, so that a change made just after the start is seen
        let seen: Vec<Stamp> = paths.iter().map(stamp).collect();
        let handle = std::thread::Builder::new()
            .name("sitrep-watch".into())
            .spawn(move || run(paths, seen, opts, every, tx, flag))
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

fn run(
    paths: Vec<PathBuf>,
    mut seen: Vec<Stamp>,
    opts: LoadOptions,
    every: Duration,
    tx: Sender<Reload>,
    stop: Arc<AtomicBool>,
) {
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
        let refused = unreadable(&paths, &seen);
        let result = if refused.is_empty() { index_files(&paths, &opts) } else { Err(refused) };
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
        assert_eq!(r.result.unwrap().index.len(), 2);

        std::fs::write(&file, "[\n{\"id\": \n").unwrap();
        let r = w.wait(Duration::from_secs(10)).expect("a reload");
        let problems = r.result.unwrap_err();
        assert!(problems[0].is_error());

        std::fs::write(&file, format!("[\n{LINE}\n]\n")).unwrap();
        let r = w.wait(Duration::from_secs(10)).expect("a reload");
        assert_eq!(r.result.unwrap().index.len(), 1);
        drop(w);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_put_in_place_is_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.json");
        std::fs::write(&file, format!("[\n{LINE}\n]\n")).unwrap();
        let w = Watcher::with_interval(vec![file.clone()], LoadOptions::default(), Duration::from_millis(20));
        std::fs::remove_file(&file).unwrap();
        assert!(std::process::Command::new("mkfifo").arg(&file).status().unwrap().success());
        let r = w.wait(Duration::from_secs(10)).expect("a reload, not a watch blocked on the pipe");
        let problems = r.result.unwrap_err();
        assert!(problems[0].to_string().contains("is now a named pipe (FIFO), not a regular file"), "{}", problems[0]);
        // the watch goes on: a regular file put back is loaded
        std::fs::remove_file(&file).unwrap();
        std::fs::write(&file, format!("[\n{LINE}\n]\n")).unwrap();
        let r = w.wait(Duration::from_secs(10)).expect("a reload");
        assert_eq!(r.result.unwrap().index.len(), 1);
    }

    #[test]
    fn a_replacement_of_the_same_size_and_time_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.json");
        std::fs::write(&file, format!("[\n{LINE}\n]\n")).unwrap();
        let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
        let w = Watcher::with_interval(vec![file.clone()], LoadOptions::default(), Duration::from_millis(20));
        assert!(w.wait(Duration::from_millis(100)).is_none());
        // the same length, the same modification time, another content, renamed into place
        let other = dir.path().join("other.json");
        std::fs::write(&other, format!("[\n{}\n]\n", LINE.replace("\"a\"", "\"z\""))).unwrap();
        std::fs::File::options().write(true).open(&other).unwrap().set_modified(mtime).unwrap();
        std::fs::rename(&other, &file).unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), mtime);
        let r = w.wait(Duration::from_secs(10)).expect("the replacement is seen");
        assert_eq!(r.result.unwrap().index.get(0).id(), "z");
    }
}
