//! The index in a cache file (see `crate::cache`): what is written, and how it is read back.
//!
//! For now the events are kept as sitrep's JSON, one line each, with the CSV rows they came
//! from beside them (a row is not part of the JSON), and the index is built again from them
//! on reading. Coordinates are kept apart as plain `f64` pairs, read in place: JSON numbers
//! are not read back bit for bit by serde_json's default parser, and a cached answer must be
//! the parsed one exactly.

use super::Index;
use crate::cache::{CacheMiss, Mapped, SectionWriter};
use crate::model::{Event, SourceRow};
use rayon::prelude::*;
use std::io::Write;
use std::sync::Arc;

const EVENTS: &str = "events.jsonl";
const ROWS: &str = "rows.jsonl";
const COLUMNS: &str = "row-columns.json";
const COORDS: &str = "coords";

/// Writes the index's events. `ix` may have the user's alias file linked into its actors
/// (the browser links it before the write): that is not the file's, and is not written.
pub fn write_index(ix: &Index, w: &mut SectionWriter) -> std::io::Result<()> {
    w.add_with(EVENTS, |out: &mut dyn Write| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        for e in ix.events() {
            serde_json::to_writer(&mut out, e)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    })?;
    // a file's rows share their column names: each list is written once
    let mut columns: Vec<Arc<[String]>> = Vec::new();
    w.add_with(ROWS, |out: &mut dyn Write| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        for e in ix.events() {
            match &e.row {
                None => out.write_all(b"null")?,
                Some(r) => {
                    let id = match columns.iter().rposition(|c| Arc::ptr_eq(c, r.columns())) {
                        Some(id) => id,
                        None => {
                            columns.push(Arc::clone(r.columns()));
                            columns.len() - 1
                        }
                    };
                    let cells: Vec<&str> = (0..r.columns().len()).map(|i| r.cell(i)).collect();
                    serde_json::to_writer(&mut out, &(id, r.notes_column(), cells))?;
                }
            }
            out.write_all(b"\n")?;
        }
        out.flush()
    })?;
    let columns: Vec<&[String]> = columns.iter().map(|c| c.as_ref()).collect();
    w.add_bytes(COLUMNS, &serde_json::to_vec(&columns)?)?;
    let coords: Vec<[f64; 2]> = ix
        .events()
        .iter()
        .map(|e| {
            let place = e.place.as_ref();
            [place.and_then(|p| p.lat).unwrap_or(f64::NAN), place.and_then(|p| p.lon).unwrap_or(f64::NAN)]
        })
        .collect();
    w.add(COORDS, &coords)
}

/// Reads the index back from a checked file.
pub fn read_index(m: Arc<Mapped>) -> Result<Index, CacheMiss> {
    let bad = |what: &str| CacheMiss::Damaged(what.to_string());
    let columns: Vec<Vec<String>> = serde_json::from_slice(m.bytes(COLUMNS)?).map_err(|_| bad(COLUMNS))?;
    let columns: Vec<Arc<[String]>> = columns.into_iter().map(Arc::from).collect();
    let coords = m.get::<[f64; 2]>(COORDS)?;
    let lines: Vec<&[u8]> = m.bytes(EVENTS)?.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    let rows: Vec<&[u8]> = m.bytes(ROWS)?.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    if lines.len() != coords.len() || rows.len() != coords.len() {
        return Err(bad(EVENTS));
    }
    let events = (lines, rows, coords)
        .into_par_iter()
        .map(|(line, row, &[lat, lon])| {
            let mut e: Event = serde_json::from_slice(line).map_err(|_| bad(EVENTS))?;
            if let Some(p) = &mut e.place {
                p.lat = (!lat.is_nan()).then_some(lat);
                p.lon = (!lon.is_nan()).then_some(lon);
            }
            if row != b"null" {
                e.row = Some(Arc::new(read_row(row, &columns).ok_or_else(|| bad(ROWS))?));
            }
            Ok(e)
        })
        .collect::<Result<Vec<Event>, CacheMiss>>()?;
    Ok(Index::new(events))
}

/// A row written as `[columns, notes column, cells]` (the notes cell is empty: it is the
/// event's notes, which the row does not keep). Cells are borrowed from the file where they
/// hold no escape, as most do.
fn read_row(line: &[u8], columns: &[Arc<[String]>]) -> Option<SourceRow> {
    let row = |cols: usize, notes: Option<usize>, cells: &mut dyn Iterator<Item = &str>, size: usize| {
        Some(SourceRow::with_notes(Arc::clone(columns.get(cols)?), cells, notes, size))
    };
    if let Ok((cols, notes, cells)) = serde_json::from_slice::<(usize, Option<usize>, Vec<&str>)>(line) {
        let size = cells.iter().map(|c| c.len()).sum();
        return row(cols, notes, &mut cells.into_iter(), size);
    }
    let (cols, notes, cells) = serde_json::from_slice::<(usize, Option<usize>, Vec<String>)>(line).ok()?;
    let size = cells.iter().map(String::len).sum();
    row(cols, notes, &mut cells.iter().map(String::as_str), size)
}
