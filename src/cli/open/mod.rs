//! The first open of large files: read a block at a time on every core and indexed as they
//! are read (see `index::Builder`), so that a million events are never held whole as `Event`
//! values. Anything the block reader does not take as it stands (a spreadsheet's dates, a bad
//! row, a layout other than sitrep's JSON lines or a regular ACLED export) is loaded in full
//! instead, which words every problem and warning.

use super::DataArgs;
use crate::index::{Builder, Index};
use crate::load::event_view::EventView;
use crate::load::{BLOCK, Keep, Problem, ScanOptions, Sieve, scan_files_into, sniff};

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

/// What a streamed open found.
pub struct Streamed {
    pub index: Index,
    /// The warnings a full load gives, in its order.
    pub warnings: Vec<Problem>,
}

/// The index of the files, read `block` bytes at a time; `Ok(None)` when they need the full
/// load; `Err` for duplicate ids, worded as the full load words them.
pub fn stream_index(data: &DataArgs, block: usize) -> Result<Option<Streamed>, Vec<Problem>> {
    if data.data.is_empty() {
        return Ok(None);
    }
    // a format named that the content does not show is read as named, by the full load
    if let Some(f) = data.input_format
        && !data.data.iter().all(|p| sniff(p) == Some(f))
    {
        return Ok(None);
    }
    let mut builder = Builder::new();
    let opts = ScanOptions { keep: Keep::Events, block };
    let scan = scan_files_into(&data.data, &All, opts, &mut |events| builder.add(&events))?;
    Ok(scan.map(|s| Streamed { index: builder.finish(), warnings: s.warnings }))
}

/// Whether the files are large enough to be read block by block.
pub fn large(data: &DataArgs) -> bool {
    let size: u64 = data.data.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    size >= STREAM_FROM
}

#[cfg(test)]
mod tests;
