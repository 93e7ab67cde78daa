//! One pass over an ACLED export for a one-off question: each row is read into a borrowed
//! [`Row`](crate::load::acled::Row) and checked exactly as the full load checks it, its view is
//! handed to the [`Sieve`], and only the rows kept become owned events.
//!
//! The export is read a block at a time (the next one read while this one is parsed); a block
//! is cut at its last record boundary, and into chunks at record boundaries (see
//! `load/csv/chunks.rs`), one worker per chunk. Records are read by the strict reader of
//! `load/csv/strict.rs`. At the first row the full load would refuse or
//! warn about (a bad field, a ragged record, the header repeated, text that is not UTF-8), the
//! scan gives up and the full load takes over, so that every problem is worded by one reader.

use super::{GiveUp, Keep, Part, Sieve};
use crate::load::Problem;
use crate::load::acled::Export;
use crate::load::csv::{Unsure, last_boundary, next_record, next_record_in, split_counting};
use crate::model::FlatEvent;
use rayon::prelude::*;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// A block is cut into at most this many chunks: a block of 16 MiB into chunks of 1 MiB and
/// more, which are worth a core each.
const CHUNKS: usize = 16;

/// What a scan of an export hands on, block after block.
pub(super) trait Taker: Send {
    /// What the workers found in a block, in file order.
    fn parts(&mut self, parts: Vec<Part>);
    /// A block's rows in file order (with [`Keep::Rows`]), as soon as it is parsed; they are
    /// borrowed from `bytes`, read from byte `offset` of the file.
    fn rows(&mut self, rows: &[FlatEvent<'_>], bytes: &[u8], offset: u64);
}

/// Scans the ACLED export at `path`, reading `block` bytes at a time (the next block read
/// while this one is parsed and its rows taken), and hands on what it finds to `take`.
/// Gives the export's warnings as the full load gives them.
pub(super) fn scan_acled<S: Sieve>(
    name: &str,
    path: &Path,
    sieve: &S,
    keep: Keep,
    states: &mut [S::State],
    block: usize,
    take: &mut dyn Taker,
) -> Result<Vec<Problem>, GiveUp> {
    let mut file = std::fs::File::open(path).map_err(|_| GiveUp)?;
    let mut buf = Vec::with_capacity(block + (1 << 16));
    let mut eof = fill(&mut file, &mut buf, block)?;
    // the header whole
    while !eof && last_boundary(&buf, memchr::memchr_iter(b'"', &buf).count()).is_none() {
        eof = fill(&mut file, &mut buf, block)?;
    }
    // where `buf` starts in the file
    let mut buf_at = 0u64;
    if buf.starts_with(b"\xEF\xBB\xBF") {
        buf.drain(..3);
        buf_at = 3;
    }
    // the API's JSON is read by the full load
    if buf.trim_ascii_start().starts_with(b"{") {
        return Err(GiveUp);
    }
    let export = Export::open(name, &buf).ok_or(GiveUp)?;
    let mut start = buf.len() - export.header.body(&buf).len();
    let mut spare: Vec<u8> = Vec::with_capacity(block + (1 << 16));
    loop {
        let (mut chunks, quotes) = split_counting(&buf[start..], CHUNKS, block / CHUNKS);
        let end = match (eof, last_boundary(&buf[start..], quotes)) {
            (true, _) => buf.len(),
            (false, Some(end)) => start + end,
            // no record ends in the block: read on
            (false, None) => {
                eof = fill(&mut file, &mut buf, block)?;
                continue;
            }
        };
        let body = &buf[start..end];
        let body_at = buf_at + start as u64;
        // the chunks start at record boundaries, so none starts past the last one
        chunks.retain(|c| c.0 < body.len());
        if let Some(last) = chunks.last_mut() {
            last.1 = body.len();
        }
        // The chunks are parsed one at a time, each chunk's rows taken while the next is
        // parsed (taking rows is one core's work at a time), so that only the first chunk's
        // parse and the last chunk's rows of a block are not done beside other work. In
        // groups of two chunks, as before, a million rows took 1.10 s to the browser's first
        // frame against 1.05 s (medians of five, `benches/first_frame.sh`). Without rows to
        // take, the whole block is parsed at once on every core.
        let per = if keep == Keep::Rows { 1 } else { chunks.len().max(1) };
        let mut parse = || {
            let mut parts = Vec::with_capacity(chunks.len());
            let mut rows: Vec<Vec<FlatEvent<'_>>> = Vec::new();
            for group in chunks.chunks(per) {
                let (found, ()) = rayon::join(
                    || scan_block(&export, body, group, sieve, keep, states),
                    || take_rows(take, std::mem::take(&mut rows), body, body_at),
                );
                let (p, r) = found?;
                parts.extend(p);
                rows = r;
            }
            take_rows(take, rows, body, body_at);
            Ok(parts)
        };
        // The next block is read while this one is parsed (see `native.rs`).
        let (next, found) = if eof {
            (None, parse())
        } else {
            let mut next = std::mem::take(&mut spare);
            next.clear();
            next.extend_from_slice(&buf[end..]);
            let (read, found) = rayon::join(|| fill(&mut file, &mut next, block).map(|eof| (next, eof)), parse);
            (Some(read?), found)
        };
        take.parts(found?);
        match next {
            Some((next, at_eof)) => {
                buf_at += end as u64;
                spare = std::mem::replace(&mut buf, next);
                eof = at_eof;
                start = 0;
            }
            None => break,
        }
    }
    Ok(export.warnings)
}

/// Hands rows on, then frees them on every core (freeing takes a third of the time of
/// taking them).
fn take_rows(take: &mut dyn Taker, rows: Vec<Vec<FlatEvent<'_>>>, body: &[u8], body_at: u64) {
    for r in &rows {
        take.rows(r, body, body_at);
    }
    rows.into_par_iter().for_each(drop);
}

/// Appends up to `block` bytes of `file` to `buf`; whether the file has ended.
fn fill(file: &mut std::fs::File, buf: &mut Vec<u8>, block: usize) -> Result<bool, GiveUp> {
    let n = file.take(block as u64).read_to_end(buf).map_err(|_| GiveUp)?;
    Ok(n < block)
}

/// The records of one block, on every core: one worker per chunk.
fn scan_block<'b, S: Sieve>(
    export: &'b Export,
    body: &'b [u8],
    chunks: &[(usize, usize)],
    sieve: &S,
    keep: Keep,
    states: &mut [S::State],
) -> Result<Found<'b>, GiveUp> {
    let per = chunks.len().div_ceil(states.len().max(1)).max(1);
    let stop = AtomicBool::new(false);
    let parts: Vec<Option<Vec<Chunk<'b>>>> = states
        .par_iter_mut()
        .zip(chunks.par_chunks(per))
        .map(|(state, mine)| {
            mine.iter().map(|&(a, b)| scan_chunk(export, &body[a..b], sieve, keep, state, &stop)).collect()
        })
        .collect();
    let (mut all, mut rows) = (Vec::with_capacity(chunks.len()), Vec::with_capacity(chunks.len()));
    for p in parts {
        for (part, r) in p.ok_or(GiveUp)? {
            all.push(part);
            rows.push(r);
        }
    }
    Ok((all, rows))
}

/// What a worker found in one chunk: its part, and its rows (with [`Keep::Rows`]).
type Chunk<'b> = (Part, Vec<FlatEvent<'b>>);

/// The parts of a block, and the rows of each (with [`Keep::Rows`]).
type Found<'b> = (Vec<Part>, Vec<Vec<FlatEvent<'b>>>);

/// Reads and sieves the records of one chunk; None at the first one the full load would not
/// take as it stands, or as soon as another worker has met one.
fn scan_chunk<'b, S: Sieve>(
    export: &'b Export,
    chunk: &'b [u8],
    sieve: &S,
    keep: Keep,
    state: &mut S::State,
    stop: &AtomicBool,
) -> Option<Chunk<'b>> {
    let columns = export.header.names.len();
    let delim = export.header.delimiter;
    let mut fields = Vec::with_capacity(columns);
    let mut out = Part::default();
    // A row is large (its cells are kept in it): room at once for one each 256 bytes (an ACLED
    // row is longer), rather than copies of them all as the rows come; the pages are taken only
    // as rows fill them.
    let mut rows = Vec::with_capacity(if keep == Keep::Rows { chunk.len() / 256 + 1 } else { 0 });
    // the rows' text is borrowed from the chunk: text that is not UTF-8 goes to the full load
    let text = if keep == Keep::Rows { std::str::from_utf8(chunk).ok()? } else { "" };
    let give_up = || {
        stop.store(true, Ordering::Relaxed);
        None
    };
    let mut pos = 0;
    loop {
        let read = if keep == Keep::Rows {
            next_record_in(text, pos, delim, &mut fields)
        } else {
            next_record(chunk, pos, delim, &mut fields)
        };
        match read {
            Ok(None) => return Some((out, rows)),
            Ok(Some(next)) => pos = next,
            Err(Unsure) => return give_up(),
        }
        if fields.len() != columns {
            // a line of spaces: nothing to read
            if fields.len() == 1 && fields[0].trim().is_empty() {
                continue;
            }
            return give_up();
        }
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let Ok(Some(row)) = export.row(fields.as_slice()) else {
            return give_up();
        };
        if keep == Keep::Rows {
            out.ids.push(row.id());
            out.count += 1;
            rows.push(export.flat(&row, fields.as_slice(), text));
            continue;
        }
        let view = row.view();
        out.ids.push(&view.id);
        if sieve.keep(&view, state) {
            out.count += 1;
            if keep == Keep::Events {
                out.kept.push(export.event(&row, fields.as_slice()));
            }
        }
    }
}
