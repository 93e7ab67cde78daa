//! sitrep's own JSON, written as the loader reads it fastest: `[` and `]` on lines of their own
//! and one event per line between them, which `load::native` parses on every core and the
//! streaming scan reads a block at a time.

use crate::model::Event;
use std::io::Write;

/// Writes events in the native format, one event per line inside the array, so that the file
/// loads back on every core and reads well in jq, DuckDB and diffs.
pub fn write_native<W: Write>(events: &[&Event], mut w: W) -> std::io::Result<()> {
    w.write_all(b"[\n")?;
    for (i, e) in events.iter().enumerate() {
        serde_json::to_writer(&mut w, e)?;
        w.write_all(if i + 1 < events.len() { b",\n" } else { b"\n" })?;
    }
    w.write_all(b"]\n")?;
    Ok(())
}
