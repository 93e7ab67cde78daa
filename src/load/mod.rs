//! Loading events from files: format detection (`format.rs`), one module per format (`native/`,
//! `acled/` with its dates and the API's JSON, `ucdp/`, `geojson.rs`) over the shared cell
//! helpers (`cells.rs`) and CSV readers (`csv/`), the streaming scan for one-off questions
//! (`scan/`, which hands out the borrowed events of `event_view.rs`), and the checks that hold
//! across files (duplicate ids).
//!
//! A load either succeeds whole, with warnings, or fails with every problem found: never a
//! silently half-loaded set. The one exception is asked for: with [`LoadOptions::skip_bad`] the
//! bad rows are left out and listed in [`Loaded::skipped`].

pub mod acled;
mod cells;
mod csv;
pub mod event_view;
mod format;
mod geojson;
mod input;
mod native;
mod problem;
mod scan;
mod ucdp;

pub use acled::parse_acled;
pub use format::{Format, detect};
pub use geojson::parse_geojson;
pub use input::{STDIN_NAME, STREAM_LIMIT, is_regular, is_stdin};
pub use native::parse_native;
pub use problem::{Problem, Severity, line_col};
pub use scan::{BLOCK, Keep, Scan, ScanOptions, Sieve, Sink, scan_files, scan_files_into, sniff};
pub use ucdp::parse_ucdp;

use crate::model::Event;
use rustc_hash::FxHashMap;
use std::path::Path;

/// Events read from one or more inputs.
#[derive(Debug, Default)]
pub struct Loaded {
    pub events: Vec<Event>,
    /// Warnings only; errors make the load fail.
    pub warnings: Vec<Problem>,
    /// The problems of the records left out under [`LoadOptions::skip_bad`], one per record.
    pub skipped: Vec<Problem>,
}

/// How to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Leave out bad records (rows, lines, features) and load the rest, listing them in
    /// [`Loaded::skipped`], instead of failing.
    pub skip_bad: bool,
}

/// Reads and parses one file. The file is only read, never written, and read once: `-` is
/// standard input, and a pipe or FIFO (`<(cmd)`) works too (see `input.rs` for the limits).
pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Loaded, Vec<Problem>> {
    let bytes = input::read_input(path)?;
    load_bytes(&input::name_of(path), &bytes, opts)
}

/// Parses one input already in memory; `name` is what problems call it.
pub fn load_bytes(name: &str, bytes: &[u8], opts: &LoadOptions) -> Result<Loaded, Vec<Problem>> {
    let mut warnings = Vec::new();
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let csv =
            name.to_ascii_lowercase().ends_with(".csv") || matches!(opts.format, Some(Format::Acled | Format::Ucdp));
        let hint = if csv {
            "an ACLED or UCDP GED CSV export names its columns on the first line, then holds one event per row"
        } else {
            "a file of events is a JSON array: [ {\"id\": ..., \"title\": ..., ...} ]"
        };
        return Err(vec![Problem::error(name, "is empty: it holds no events").hint(hint)]);
    }
    if is_utf16(bytes) {
        return Err(vec![
            Problem::error(name, "is UTF-16 text; sitrep reads UTF-8")
                .at(1, 1)
                .hint("save it as UTF-8 (a spreadsheet offers \"CSV UTF-8\"; iconv -f UTF-16 -t UTF-8 converts it)"),
        ]);
    }
    let format = match opts.format {
        Some(f) => f,
        None => detect(bytes)
            .or_else(|| Format::from_extension(name))
            .ok_or_else(|| vec![format::unrecognised(name, bytes)])?,
    };
    // spreadsheets write a byte order mark before CSV as a matter of course; in JSON it is not
    // allowed (RFC 8259), though harmless
    if bom && matches!(format, Format::Native | Format::GeoJson) {
        warnings.push(bom_warning(name));
    }
    let parsed = match format {
        Format::Native => native::parse_native_skipping(name, bytes, opts.skip_bad),
        Format::Acled => parse_acled(name, bytes, opts.skip_bad),
        Format::Ucdp => parse_ucdp(name, bytes, opts.skip_bad),
        Format::GeoJson => parse_geojson(name, bytes, opts.skip_bad),
    };
    let mut loaded = parsed?;
    warnings.append(&mut loaded.warnings);
    loaded.warnings = warnings;
    Ok(loaded)
}

/// A UTF-16 byte order mark, or every other byte zero in the first line (UTF-16 without one).
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    // ASCII text in UTF-16: a zero in every other byte, the others not
    let head = &bytes[..bytes.len().min(200) & !1];
    let pairs = head.chunks_exact(2);
    let n = pairs.len();
    let le = pairs.clone().filter(|p| p[0] != 0 && p[1] == 0).count();
    let be = pairs.filter(|p| p[0] == 0 && p[1] != 0).count();
    n >= 2 && le.max(be) * 10 >= n * 9
}

pub(crate) fn bom_warning(name: &str) -> Problem {
    Problem::warning(name, "starts with a UTF-8 byte order mark; it was skipped")
        .at(1, 1)
        .hint("nothing to do; to silence this, save the file as UTF-8 without BOM")
}

/// Loads several files into one set, checking that ids are unique across all of them.
pub fn load_files(paths: &[impl AsRef<Path>], opts: &LoadOptions) -> Result<Loaded, Vec<Problem>> {
    let mut all = Loaded::default();
    let mut errors = Vec::new();
    let mut origin: Vec<(String, usize)> = Vec::new();
    for p in paths {
        match load_file(p.as_ref(), opts) {
            Ok(mut l) => {
                let name = input::name_of(p.as_ref());
                origin.extend((1..=l.events.len()).map(|i| (name.clone(), i)));
                all.events.append(&mut l.events);
                all.warnings.append(&mut l.warnings);
                all.skipped.append(&mut l.skipped);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check_unique_ids(&all.events, &origin)?;
    Ok(all)
}

/// Every id once; a repeated one names both places.
pub fn check_unique_ids(events: &[Event], origin: &[(String, usize)]) -> Result<(), Vec<Problem>> {
    let ids = events.iter().map(|e| e.id.as_str());
    unique_ids(ids, events.len(), |i| origin.get(i).cloned().unwrap_or_default())
}

/// [`check_unique_ids`] over ids however kept; `origin` gives the file and record of the i-th id.
fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    count: usize,
    origin: impl Fn(usize) -> (String, usize),
) -> Result<(), Vec<Problem>> {
    let mut seen: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(count, Default::default());
    let mut errors = Vec::new();
    for (i, id) in ids.enumerate() {
        if let Some(&first) = seen.get(id) {
            let (file, rec) = origin(i);
            let (ffile, frec) = origin(first);
            errors.push(
                Problem::error(&file, format!("duplicate id {id:?}: record {frec} of {ffile} has it already"))
                    .record(rec)
                    .field("id")
                    .hint("give every event its own id"),
            );
        } else {
            seen.insert(id, i);
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}
