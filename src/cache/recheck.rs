//! The browser's check of the rest of a cache file, on a thread of its own once the first
//! frame is up: the records that frame showed were checked as they were read; the others, a
//! half gigabyte for a million events, are checked here, on one core, while the user reads.
//!
//! When a block fails, the thread says so (the browser tells the user, and shows the events of
//! that block blank meanwhile, never their bytes), removes the entry, and loads the files
//! again, as a watched file is reloaded: the browser then shows the files' own events, and the
//! next open writes the entry again.

use super::Mapped;
use crate::indexed::{Indexed, index_files};
use crate::load::{LoadOptions, Problem};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// What the check found.
#[derive(Debug)]
pub enum Found {
    /// A block failed its checksum: what to tell the user while the files load again.
    Damaged(String),
    /// The files loaded and indexed again, or every problem that stopped it.
    Loaded(Box<Result<Indexed, Vec<Problem>>>),
}

/// A check of a cache file's blocks not read yet, waiting to begin, under way or over.
pub struct Recheck {
    go: Sender<()>,
    found: Receiver<Found>,
}

impl Recheck {
    /// A check of `file`, read from the entry at `entry` for loading `paths` with `opts`; it
    /// begins with [`Recheck::begin`]. Dropped before, it never runs.
    pub fn new(file: Arc<Mapped>, entry: PathBuf, paths: Vec<PathBuf>, opts: LoadOptions) -> Recheck {
        let (go, begun) = channel::<()>();
        let (tell, found) = channel();
        let run = move || {
            if begun.recv().is_err() || file.check_rest() {
                return;
            }
            let _ = tell
                .send(Found::Damaged("the cached index is damaged (checksum): loading the files again".to_string()));
            // the next open builds it again; this browser goes on with the files' events
            let _ = std::fs::remove_file(&entry);
            drop(file);
            let _ = tell.send(Found::Loaded(Box::new(index_files(&paths, &opts))));
        };
        // Without the thread the browser still never shows a damaged record (it reads blank);
        // it only does not load the files again by itself.
        let _ = std::thread::Builder::new().name("sitrep-cache-check".into()).spawn(run);
        Recheck { go, found }
    }

    /// Begins the check (a second call does nothing more).
    pub fn begin(&self) {
        let _ = self.go.send(());
    }

    /// What was found since the last call, oldest first; never blocks.
    pub fn drain(&self) -> Vec<Found> {
        self.found.try_iter().collect()
    }

    /// Waits up to `timeout` for the next finding.
    pub fn wait(&self, timeout: Duration) -> Option<Found> {
        self.found.recv_timeout(timeout).ok()
    }
}
