//! The on-disk index: a load's index kept in a file under the cache directory, so that opening
//! the same unchanged files again maps it instead of parsing them.
//!
//! An entry is trusted only when everything it was made from is the same: the files (paths,
//! size, times, inode, a fingerprint of the content: see `identity.rs`), the load options,
//! sitrep's version and the container's version, and when the file is whole (a checksum per
//! block of it: the blocks of the events' records and folded text as they are read, the rest
//! at the open). Anything else is a miss, and the index is built from the files and written
//! again; damage found after the open is handled by whoever shows the records (`sitrep query`
//! loads the files again before it prints, the browser in the background: see `recheck.rs`).
//! A cache that cannot be used never fails a load: sitrep says so once and goes on.
//!
//! What goes in a file beside the index are the load's warnings and skipped records, so that
//! an open from the cache tells the user the same things as a parse. The index itself is
//! written and read by `index::persist` ([`crate::index::persist::write_index`] and
//! [`crate::index::persist::read_index`]), with the container of `file.rs`.

mod dir;
mod identity;
mod problems;
mod recheck;

pub use crate::container::{CacheMiss, Col, FORMAT_VERSION, Mapped, SectionWriter, Stopped};
pub use dir::{KEEP, MAX_BYTES};
pub use identity::{FileStamp, Identity};
pub use recheck::{Found, Recheck};

use crate::index::Index;
use crate::load::{LoadOptions, Problem};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Inputs smaller than this in all are parsed every time: below it a parse is about as quick
/// as the check of an entry, and an entry would only take room.
pub const MIN_BYTES: u64 = 8 << 20;
/// Overrides [`MIN_BYTES`] (a number of bytes), so that tests can use small files.
pub const MIN_BYTES_VAR: &str = "SITREP_CACHE_MIN_BYTES";

/// A line on standard error, inert (it names paths).
fn say(message: std::fmt::Arguments) {
    use std::io::Write;
    let text = message.to_string();
    let _ = writeln!(std::io::stderr().lock(), "{}", crate::text::inert_lines(&text));
}

/// Set once a problem with the cache directory has been said.
static SAID: AtomicBool = AtomicBool::new(false);

fn say_once(what: std::fmt::Arguments) {
    if !SAID.swap(true, Ordering::Relaxed) {
        say(format_args!("sitrep: note: {what}; going on without the index cache"));
    }
}

/// The load options as they shape what is loaded (part of an entry's key).
fn options_text(opts: &LoadOptions) -> String {
    let format = opts.format.map_or("detect", |f| f.name());
    format!("format={format} skip-bad={}", opts.skip_bad)
}

fn min_bytes() -> u64 {
    std::env::var(MIN_BYTES_VAR).ok().and_then(|v| v.parse().ok()).unwrap_or(MIN_BYTES)
}

/// What a load from the cache gives.
#[derive(Debug)]
pub struct Hit {
    pub index: Index,
    pub warnings: Vec<Problem>,
    pub skipped: Vec<Problem>,
}

/// The cache entry of one load of files.
#[derive(Debug, Clone)]
pub struct Entry {
    dir: PathBuf,
    identity: Identity,
    path: PathBuf,
}

impl Entry {
    /// The entry for loading `paths` with `opts`; None when such a load is not cached: no
    /// files (the built-in dataset), standard input or a pipe among them, smaller than
    /// [`MIN_BYTES`] in all, or no usable cache directory (said once).
    pub fn for_load(paths: &[PathBuf], opts: &LoadOptions) -> Option<Entry> {
        if paths.is_empty() {
            return None;
        }
        let identity = Identity::of(paths, &options_text(opts)).ok()??;
        if identity.total_size() < min_bytes() {
            return None;
        }
        let dir = match dir::create() {
            Ok(d) => d,
            Err(e) => {
                say_once(format_args!("the cache directory cannot be made ({e})"));
                return None;
            }
        };
        let path = dir::entry_path(&dir, &identity.key());
        Some(Entry { dir, identity, path })
    }

    /// The entry for loading `paths` with `opts` in the cache directory `dir`, whatever their
    /// size; None for inputs that are never cached (no files, standard input, a pipe).
    pub fn in_dir(dir: &Path, paths: &[PathBuf], opts: &LoadOptions) -> Option<Entry> {
        let identity = Identity::of(paths, &options_text(opts)).ok()??;
        let path = dir::entry_path(dir, &identity.key());
        Some(Entry { dir: dir.to_path_buf(), identity, path })
    }

    /// The index from the entry, when it is there and holds for the files as they are now.
    /// A damaged entry is said on stderr, and removed.
    pub fn read(&self) -> Result<Hit, CacheMiss> {
        let later = crate::index::persist::READ_LATER;
        let got = Mapped::open_except(&self.path, &self.identity.encode(), &later).and_then(|m| {
            let m = Arc::new(m);
            let (warnings, skipped) = problems::read(&m)?;
            let mut index = crate::index::persist::read_index(Arc::clone(&m))?;
            let paths: Vec<&Path> = self.identity.files.iter().map(|f| f.path.as_path()).collect();
            index.notes_from(&paths);
            Ok(Hit { index, warnings, skipped })
        });
        match &got {
            Ok(_) => dir::touch(&self.path),
            Err(miss) => self.refuse(miss),
        }
        got
    }

    /// Gives up the entry for `miss`: a damaged or foreign one is said on stderr and removed,
    /// so that the next load builds it again; an ordinary miss is left as it is.
    pub fn refuse(&self, miss: &CacheMiss) {
        if let Some(note) = miss.note() {
            say(format_args!("sitrep: note: the cached index {} {note}; it is built again", self.path.display()));
            let _ = std::fs::remove_file(&self.path);
        }
    }

    /// Writes the entry; a failure is said once and changes nothing else.
    pub fn write(&self, ix: &Index, warnings: &[Problem], skipped: &[Problem]) {
        self.write_unless(ix, warnings, skipped, None);
    }

    fn write_unless(&self, ix: &Index, warnings: &[Problem], skipped: &[Problem], cancel: Option<Arc<AtomicBool>>) {
        match self.try_write(ix, warnings, skipped, cancel) {
            Err(e) if Stopped::is(&e) => {}
            Err(e) => say_once(format_args!("the index cache cannot be written in {} ({e})", self.dir.display())),
            Ok(()) => {}
        }
    }

    fn try_write(
        &self,
        ix: &Index,
        warnings: &[Problem],
        skipped: &[Problem],
        cancel: Option<Arc<AtomicBool>>,
    ) -> std::io::Result<()> {
        let mut w = SectionWriter::create(&self.dir, &self.identity.encode())?;
        if let Some(c) = cancel {
            w.cancel_on(c);
        }
        problems::write(&mut w, warnings, skipped, ix.len())?;
        crate::index::persist::write_index(ix, &mut w)?;
        w.finish(&self.path)?;
        dir::evict(&self.dir);
        Ok(())
    }

    /// Writes the entry on a thread of its own, so that the caller can show the index at once.
    pub fn write_in_background(self, ix: Arc<Index>, warnings: Vec<Problem>, skipped: Vec<Problem>) -> Pending {
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("sitrep-cache-write".into())
            .spawn(move || self.write_unless(&ix, &warnings, &skipped, Some(stop)));
        Pending { thread: spawned.ok(), cancel }
    }

    /// Where the entry is written.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A write of an entry under way. The process may wait for it ([`Pending::wait`]), stop it
/// ([`Pending::abandon`]: its temporary file is removed), or exit without either: a write cut
/// short leaves only a temporary file, which no reader opens and which is removed later (see
/// `dir.rs`).
#[derive(Debug)]
pub struct Pending {
    thread: Option<std::thread::JoinHandle<()>>,
    cancel: Arc<AtomicBool>,
}

impl Pending {
    /// Whether the write is over (or never started).
    pub fn is_done(&self) -> bool {
        self.thread.as_ref().is_none_or(std::thread::JoinHandle::is_finished)
    }

    pub fn wait(self) {
        if let Some(h) = self.thread {
            let _ = h.join();
        }
    }

    /// Stops the write and waits for its temporary file to be removed.
    pub fn abandon(self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.wait();
    }
}

/// One entry as `sitrep cache list` shows it.
#[derive(Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub size: u64,
    pub created: std::time::SystemTime,
    /// The sources and options it was made from; None for a file that is not readable as one.
    pub identity: Option<Identity>,
    pub events: Option<usize>,
    /// Whether it would be used for its sources as they are now.
    pub valid: Result<(), CacheMiss>,
}

/// The entries in the cache directory, most recently used first.
pub fn list() -> std::io::Result<Vec<Listed>> {
    let Some(dir) = dir::location().filter(|d| d.is_dir()) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for f in dir::files(&dir)?.into_iter().filter(|f| !f.temporary) {
        let identity = Mapped::open_unchecked(&f.path).ok().and_then(|m| Identity::decode(m.identity()));
        let now = identity.as_ref().map(|id| {
            let paths: Vec<PathBuf> = id.files.iter().map(|s| s.path.clone()).collect();
            Identity::of(&paths, &id.options)
        });
        let valid = match now {
            Some(Ok(Some(now))) => Mapped::open(&f.path, &now.encode()).map(|m| m.file_len()),
            Some(_) => Err(CacheMiss::Stale),
            None => Err(CacheMiss::Foreign),
        };
        let events = Mapped::open_unchecked(&f.path).ok().and_then(|m| problems::events(&m));
        let created = std::fs::metadata(&f.path).and_then(|m| m.created()).unwrap_or(f.modified);
        out.push(Listed { path: f.path, size: f.size, created, identity, events, valid: valid.map(|_| ()) });
    }
    Ok(out)
}

/// Removes every entry and temporary file of sitrep's from the cache directory (other files
/// there are left); the number of files and bytes removed.
pub fn clear() -> std::io::Result<(usize, u64)> {
    let Some(dir) = dir::location().filter(|d| d.is_dir()) else { return Ok((0, 0)) };
    let (mut n, mut bytes) = (0, 0);
    for f in dir::files(&dir)? {
        std::fs::remove_file(&f.path)?;
        n += 1;
        bytes += f.size;
    }
    Ok((n, bytes))
}

/// The cache directory, for messages.
pub fn location() -> Option<PathBuf> {
    dir::location()
}

#[cfg(test)]
mod tests;
