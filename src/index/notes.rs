//! Notes kept where they were read: the notes of an export's row, the longest text of an
//! event (451 of 649 bytes a row in a generated ACLED export of a million rows), stay in the
//! file, and a record holds only where they lie and a hash of them. They are read from the
//! file when shown, exported or searched, through a handle opened before the file was read,
//! so that a file replaced by another under the same name is still read as it was; the hash
//! tells notes changed in place since, which then read as [`gone`], never as other text.

use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where an event's notes lie: in file number `file` of the load, `len` bytes from `offset`,
/// and the low half of the xxh3 of those bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NotesAt {
    pub(super) file: u32,
    pub(super) offset: u64,
    pub(super) len: u32,
    pub(super) hash: u32,
}

/// The hash a [`NotesAt`] keeps of its notes.
pub(super) fn hash(bytes: &[u8]) -> u32 {
    twox_hash::XxHash3_64::oneshot(bytes) as u32
}

/// An event's notes as its record gives them.
#[derive(Debug, Clone, Copy)]
pub(super) enum Notes<'a> {
    Here(&'a str),
    At(NotesAt),
}

/// What notes that can no longer be read as they were read at the open are shown as.
pub(super) fn gone(name: &str) -> String {
    format!("[the notes are not shown: {name} has changed since it was opened; open it again]")
}

/// The files of a load whose notes the records point into, open for reading.
#[derive(Debug, Default, Clone)]
pub(super) struct Sources {
    files: Arc<[(String, Option<std::fs::File>)]>,
    /// Notes that could not be read as they were.
    gone: Arc<AtomicUsize>,
}

/// Bytes between two notes read in one go rather than apart: reading a few kilobytes more
/// costs less than another read. Notes of events near in date lie near in an export sorted
/// by date, and are read a megabyte at a time; an export in no order is read a note at a time.
const GAP: u64 = 8 << 10;
/// The most read in one go.
const WINDOW: u64 = 1 << 20;

impl Sources {
    /// The files at `paths`, opened now; one that cannot be opened reads as changed.
    pub(super) fn open(paths: &[impl AsRef<Path>]) -> Sources {
        let files =
            paths.iter().map(|p| (p.as_ref().display().to_string(), std::fs::File::open(p).ok())).collect::<Vec<_>>();
        Sources { files: files.into(), gone: Arc::default() }
    }

    /// Whether file `file` is open: the notes of a file that could not be opened (too many
    /// files open at once) are kept in the records instead.
    pub(super) fn has(&self, file: u32) -> bool {
        self.files.get(file as usize).is_some_and(|f| f.1.is_some())
    }

    /// How many notes could not be read as they were read at the open.
    pub(super) fn gone_count(&self) -> usize {
        self.gone.load(Ordering::Relaxed)
    }

    fn name(&self, file: u32) -> &str {
        self.files.get(file as usize).map_or("the file", |f| f.0.as_str())
    }

    fn lost(&self, at: &NotesAt) -> String {
        self.gone.fetch_add(1, Ordering::Relaxed);
        gone(self.name(at.file))
    }

    /// Reads `len` bytes at `offset` of file `file` into `buf` (cleared first).
    /// Notes said to lie past the file's end (a record of a foreign cache file) are not read,
    /// nor memory taken for them.
    fn read(&self, file: u32, offset: u64, len: u64, buf: &mut Vec<u8>) -> bool {
        let Some((_, Some(f))) = self.files.get(file as usize) else { return false };
        // the file's size is asked only of a read too large for the notes of a few events
        // (those are at most 1 MiB together): the common read costs one call, not two
        let Some(end) = offset.checked_add(len) else { return false };
        if len > WINDOW && end > f.metadata().map_or(0, |m| m.len()) {
            return false;
        }
        buf.clear();
        buf.resize(len as usize, 0);
        f.read_exact_at(buf, offset).is_ok()
    }

    /// The notes at `at`: read from their file, or [`gone`]'s words when they have changed.
    pub(super) fn text(&self, at: &NotesAt) -> String {
        let mut buf = Vec::new();
        if self.read(at.file, at.offset, u64::from(at.len), &mut buf)
            && hash(&buf) == at.hash
            && let Ok(s) = String::from_utf8(buf)
        {
            return s;
        }
        self.lost(at)
    }

    /// The notes of many events (`(event, where)`, in any order), read in file order, many in
    /// one read where they lie close; each event's text in `out.0` at its range in `out.1`.
    pub(super) fn texts(&self, mut wanted: Vec<(u32, NotesAt)>) -> RunNotes {
        wanted.sort_unstable_by_key(|(_, a)| (a.file, a.offset));
        let mut out = RunNotes::default();
        let mut buf = Vec::new();
        let mut k = 0;
        while k < wanted.len() {
            let (file, from) = (wanted[k].1.file, wanted[k].1.offset);
            let mut to = from + u64::from(wanted[k].1.len);
            let mut j = k + 1;
            while let Some((_, a)) = wanted.get(j) {
                let end = a.offset + u64::from(a.len);
                if a.file != file || a.offset > to + GAP || end.max(to) - from > WINDOW {
                    break;
                }
                to = to.max(end);
                j += 1;
            }
            let read = self.read(file, from, to - from, &mut buf);
            for (ev, at) in &wanted[k..j] {
                let a = (at.offset - from) as usize;
                let bytes = buf.get(a..a + at.len as usize).filter(|b| read && hash(b) == at.hash);
                match bytes.and_then(|b| std::str::from_utf8(b).ok()) {
                    Some(s) => out.push(*ev, s),
                    None => {
                        let s = self.lost(at);
                        out.push(*ev, &s);
                    }
                }
            }
            k = j;
        }
        out.by_event.sort_unstable_by_key(|e| e.0);
        out
    }
}

/// The notes of a run of events read by [`Sources::texts`].
#[derive(Default)]
pub(super) struct RunNotes {
    text: String,
    /// Event and its notes' range in `text`, by event.
    by_event: Vec<(u32, Range<usize>)>,
}

impl RunNotes {
    fn push(&mut self, ev: u32, s: &str) {
        let a = self.text.len();
        self.text.push_str(s);
        self.by_event.push((ev, a..self.text.len()));
    }

    /// The notes of event `ev`, when they were asked for.
    pub(super) fn of(&self, ev: u32) -> Option<&str> {
        let k = self.by_event.binary_search_by_key(&ev, |e| e.0).ok()?;
        self.text.get(self.by_event[k].1.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("events.csv");
        std::fs::write(&p, text).expect("write");
        (dir, p)
    }

    fn at(text: &str, piece: &str) -> NotesAt {
        let offset = text.find(piece).expect("piece") as u64;
        NotesAt { file: 0, offset, len: piece.len() as u32, hash: hash(piece.as_bytes()) }
    }

    #[test]
    fn notes_are_read_back_one_at_a_time_and_many_at_once() {
        let text = "1,shelling of Kafr Nabl\n2,\"air strike, Saraqib\"\n3,clashes near Khan Shaykhun\n";
        let (_dir, p) = file_with(text);
        let src = Sources::open(&[p.clone(), p.with_extension("gone")]);
        assert!(src.has(0) && !src.has(1) && !src.has(2), "only a file that opens is read from");
        let pieces = ["shelling of Kafr Nabl", "air strike, Saraqib", "clashes near Khan Shaykhun"];
        for piece in pieces {
            assert_eq!(src.text(&at(text, piece)), piece);
        }
        // asked for out of file order, and apart
        let run = src.texts(vec![(7, at(text, pieces[2])), (3, at(text, pieces[0])), (5, at(text, pieces[1]))]);
        assert_eq!(
            (run.of(3), run.of(5), run.of(7), run.of(4)),
            (Some(pieces[0]), Some(pieces[1]), Some(pieces[2]), None)
        );
        assert_eq!(src.gone_count(), 0);
    }

    /// Notes changed in place after the open read as gone, and are counted; a file replaced
    /// by another under its name is still read through the handle opened before.
    #[test]
    fn notes_changed_in_place_read_as_gone_and_a_replaced_file_as_it_was() {
        let text = "1,shelling of Kafr Nabl\n";
        let (dir, p) = file_with(text);
        let src = Sources::open(&[&p]);
        let notes = at(text, "shelling of Kafr Nabl");
        // replaced: a new file renamed over the old one
        let new = dir.path().join("new.csv");
        std::fs::write(&new, "1,SHELLING OF KAFR NABL\n").expect("write");
        std::fs::rename(&new, &p).expect("rename");
        assert_eq!(src.text(&notes), "shelling of Kafr Nabl");
        // changed in place
        let src = Sources::open(&[&p]);
        std::fs::write(&p, "1,shelling of Kafr Nab!\n").expect("write");
        assert_eq!(src.text(&notes), gone(&p.display().to_string()));
        assert_eq!(src.texts(vec![(0, notes)]).of(0), Some(gone(&p.display().to_string()).as_str()));
        // past the file's end: nothing read, no memory taken for a length no file has
        for offset in [0, u64::MAX - 3] {
            let far = NotesAt { offset, len: u32::MAX, ..notes };
            assert_eq!(src.text(&far), gone(&p.display().to_string()));
        }
        // cut short
        std::fs::write(&p, "1,").expect("write");
        assert_eq!(src.text(&notes), gone(&p.display().to_string()));
        assert_eq!(src.gone_count(), 5);
    }
}
