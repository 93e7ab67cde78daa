//! Loading events from files: format detection, one module per format, and the checks that hold
//! across files (duplicate ids).
//!
//! A load either succeeds whole, with warnings, or fails with every problem found: never a
//! silently half-loaded set.

mod blocks;
mod native;
mod problem;
mod scan;
pub mod view;

pub use native::{parse_native, write_native};
pub use problem::{Problem, Severity, line_col};
pub use scan::{Keep, Scan, Sieve, scan_files};

use crate::model::Event;
use rustc_hash::FxHashMap;
use std::path::Path;

/// The input formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// sitrep's own JSON: an array of events (or one event per line).
    Native,
}

/// Events read from one or more inputs.
#[derive(Debug, Default)]
pub struct Loaded {
    pub events: Vec<Event>,
    /// Warnings only; errors make the load fail.
    pub warnings: Vec<Problem>,
}

/// How to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
}

/// Which format a file holds, from its content (the extension is not trusted).
pub fn detect(_bytes: &[u8]) -> Format {
    Format::Native
}

/// Reads and parses one file. The file is only read, never written.
pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Loaded, Vec<Problem>> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(vec![
            Problem::error(&name, "is a directory, not a file of events")
                .hint("name the event files inside it, e.g. DIR/*.json"),
        ]);
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => "check the path; `sitrep` alone opens the built-in dataset",
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the file can be read",
        };
        vec![Problem::error(&name, format!("cannot be read: {e}")).hint(hint)]
    })?;
    load_bytes(&name, &bytes, opts)
}

/// Parses one input already in memory; `name` is what problems call it.
pub fn load_bytes(name: &str, bytes: &[u8], opts: &LoadOptions) -> Result<Loaded, Vec<Problem>> {
    let format = opts.format.unwrap_or_else(|| detect(bytes));
    let mut warnings = Vec::new();
    let mut bytes = bytes;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        warnings.push(bom_warning(name));
        bytes = rest;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![
            Problem::error(name, "is empty: it holds no events")
                .hint("a file of events is a JSON array: [ {\"id\": ..., \"title\": ..., ...} ]"),
        ]);
    }
    let mut loaded = match format {
        Format::Native => parse_native(name, bytes)?,
    };
    warnings.append(&mut loaded.warnings);
    loaded.warnings = warnings;
    Ok(loaded)
}

fn bom_warning(name: &str) -> Problem {
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
                let name = p.as_ref().display().to_string();
                origin.extend((1..=l.events.len()).map(|i| (name.clone(), i)));
                all.events.append(&mut l.events);
                all.warnings.append(&mut l.warnings);
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
