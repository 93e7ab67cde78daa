//! Files loaded into an index: large ones read a block at a time on every core and indexed as
//! they are read (see `index::Builder`), so that a million events are never held whole as
//! `Event` values. Anything the block reader does not take as it stands (a spreadsheet's
//! dates, a bad row, a layout other than sitrep's JSON lines or a regular ACLED export) is
//! loaded in full instead, which words every problem and warning. The first open, a reload of
//! watched files and a load after damage in the cache all load so.

use crate::index::{Builder, Index};
use crate::load::event_view::EventView;
use crate::load::{BLOCK, Keep, LoadOptions, Problem, ScanOptions, Sieve, Sink, load_files, scan_files_into, sniff};
use crate::model::{Event, FileText, FlatEvent};
use std::path::{Path, PathBuf};

/// Files from this many bytes on (all together) are read block by block; smaller ones are
/// loaded whole, which for a few megabytes is as fast.
pub const STREAM_FROM: u64 = BLOCK as u64;

/// Keeps every event.
struct All;

impl Sieve for All {
    type State = ();
    fn state(&self) {}
    fn keep(&self, _: &EventView<'_>, (): &mut ()) -> bool {
        true
    }
}

/// Indexes what a scan reads.
struct Indexing<'a>(&'a mut Builder);

impl Sink for Indexing<'_> {
    fn events(&mut self, events: Vec<Event>) {
        self.0.add(&events);
    }
    fn rows(&mut self, rows: &[FlatEvent<'_>], text: FileText<'_>) {
        self.0.add_flat(rows, Some(text));
    }
}

/// What a streamed open found.
pub struct Streamed {
    pub index: Index,
    /// The warnings a full load gives, in its order.
    pub warnings: Vec<Problem>,
}

/// The index of files with their load's warnings and skipped records.
#[derive(Debug)]
pub struct Indexed {
    pub index: Index,
    pub warnings: Vec<Problem>,
    pub skipped: Vec<Problem>,
}

/// The index of `paths` (at least one file) loaded with `opts`: read block by block when they
/// are large and allow it, else loaded whole.
pub fn index_files(paths: &[PathBuf], opts: &LoadOptions) -> Result<Indexed, Vec<Problem>> {
    index_reading(paths, opts, large(paths).then_some(BLOCK))
}

/// [`index_files`], reading the files `block` bytes at a time when given and they allow it.
pub fn index_reading(paths: &[PathBuf], opts: &LoadOptions, block: Option<usize>) -> Result<Indexed, Vec<Problem>> {
    if let Some(block) = block
        && let Some(s) = stream_index(paths, opts, block)?
    {
        return Ok(Indexed { index: s.index, warnings: s.warnings, skipped: Vec::new() });
    }
    let loaded = load_files(paths, opts)?;
    Ok(Indexed { index: Index::new(loaded.events), warnings: loaded.warnings, skipped: loaded.skipped })
}

/// The index of the files, read `block` bytes at a time; `Ok(None)` when they need the full
/// load; `Err` for duplicate ids, worded as the full load words them.
pub fn stream_index(paths: &[PathBuf], opts: &LoadOptions, block: usize) -> Result<Option<Streamed>, Vec<Problem>> {
    if paths.is_empty() {
        return Ok(None);
    }
    // a format named that the content does not show is read as named, by the full load
    if let Some(f) = opts.format
        && !paths.iter().all(|p| sniff(p) == Some(f))
    {
        return Ok(None);
    }
    let mut builder = Builder::new();
    builder.notes_from(paths);
    let scan_opts = ScanOptions { keep: Keep::Rows, block };
    keep_freed_memory(true);
    let scan = scan_files_into(paths, &All, scan_opts, &mut Indexing(&mut builder));
    keep_freed_memory(false);
    Ok(scan?.map(|s| Streamed { index: builder.finish(), warnings: s.warnings }))
}

/// Whether the allocator keeps the memory freed for reuse rather than giving it back at once.
/// Each block's events are made and freed again: given back, the next block's would take
/// their pages again from the kernel, zeroed, which cost a fifth of a million events' open.
/// The blocks of text and their rows (up to 16 MiB each) are kept on the heap for the same
/// reason: mapped apart, as glibc maps what passes its threshold (128 KiB once the trim
/// threshold is set), every block's pages were taken anew, a quarter of the open's page faults.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory(keep: bool) {
    // glibc's defaults: give back what passes 128 KiB at the top of the heap, and map apart
    // what passes 128 KiB; 32 MiB is the largest threshold glibc takes on 64-bit machines
    let (trim, mmap) = if keep { (1 << 30, 32 << 20) } else { (128 << 10, 128 << 10) };
    // SAFETY: mallopt and malloc_trim only set the allocator's parameters and return free
    // memory; glibc makes them safe to call from any thread at any time.
    #[allow(unsafe_code)]
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, trim);
        libc::mallopt(libc::M_MMAP_THRESHOLD, mmap);
        if !keep {
            libc::malloc_trim(0);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory(_: bool) {}

/// Whether the files are large enough to be read block by block.
pub fn large(paths: &[impl AsRef<Path>]) -> bool {
    let size: u64 = paths.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    size >= STREAM_FROM
}

#[cfg(test)]
mod tests;
