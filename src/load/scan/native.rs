//! The scan of a native file: its lines read a block at a time (`blocks.rs`), each block's
//! events parsed into views and sieved on every core while the next block is read.

use super::blocks::{Block, Reader};
use super::{EventView, FileScan, GiveUp, Keep, Part, Sieve};
use crate::load::Problem;
use crate::load::event_view::parse_view;
use crate::load::native::{parse_record, record_of_line, unknown_warning};
use crate::model::Event;
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

impl<S: Sieve> FileScan<'_, S> {
    /// The file's warnings, as the full load words them.
    pub(super) fn run(&mut self, path: &Path, states: &mut [S::State]) -> Result<Vec<Problem>, GiveUp> {
        let file = std::fs::File::open(path).map_err(|_| GiveUp)?;
        let mut reader = Reader::new(file, self.block);
        let mut block = reader.next(Block::with_capacity(self.block), &[]).ok_or(GiveUp)?;
        let mut spare = Block::with_capacity(self.block);
        let mut records = 0;
        loop {
            // The next block is read while this one is parsed: reading is a copy by the
            // kernel on one core, which would leave the others idle.
            let (next, parsed) = if block.eof {
                (None, self.block(&block, records, states))
            } else {
                let (carry, memory) = (&block.buf[block.end..], std::mem::take(&mut spare));
                let (next, parsed) = rayon::join(|| reader.next(memory, carry), || self.block(&block, records, states));
                (Some(next), parsed)
            };
            parsed?;
            records += block.lines.len();
            match next {
                Some(next) => spare = std::mem::replace(&mut block, next.ok_or(GiveUp)?),
                None => break,
            }
        }
        if !reader.whole() {
            return Err(GiveUp);
        }
        let mut warnings = Vec::new();
        if reader.bom() {
            warnings.push(crate::load::bom_warning(&self.name));
        }
        self.unknown.sort();
        let unknown = std::mem::take(&mut self.unknown);
        warnings
            .extend(unknown.into_iter().map(|(i, f, line)| unknown_warning(&self.name, Some(i + 1), f, Some(line))));
        Ok(warnings)
    }

    /// The events of one block, `base` events into the file, on every core.
    fn block(&mut self, block: &Block, base: usize, states: &mut [S::State]) -> Result<(), GiveUp> {
        let stop = AtomicBool::new(false);
        let per = block.lines.len().div_ceil(states.len()).max(1);
        let sieve = self.sieve;
        let parts: Vec<Option<Part>> = states
            .par_iter_mut()
            .zip(block.lines.par_chunks(per))
            .enumerate()
            .map(|(k, (state, lines))| scan_part(sieve, self.keep, state, &block.buf, lines, base + k * per, &stop))
            .collect();
        let parts: Option<Vec<Part>> = parts.into_iter().collect();
        self.add(parts.ok_or(GiveUp)?);
        Ok(())
    }
}

/// Parses and sieves consecutive events; None at the first one that does not parse, or as soon
/// as another worker has met one.
fn scan_part<S: Sieve>(
    sieve: &S,
    keep: Keep,
    state: &mut S::State,
    buf: &[u8],
    lines: &[(usize, std::ops::Range<usize>)],
    base: usize,
    stop: &AtomicBool,
) -> Option<Part> {
    let mut out = Part::default();
    out.ids.ends.reserve(lines.len());
    let give_up = || {
        stop.store(true, Ordering::Relaxed);
        None
    };
    for (j, (line_no, range)) in lines.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        // The whole file is UTF-8 when every event line is: the other lines are `[`, `]` and
        // blanks, which are ASCII.
        let Some(Ok(json)) = buf.get(range.clone()).map(|raw| std::str::from_utf8(record_of_line(raw))) else {
            return give_up();
        };
        if let Some(view) = parse_view(json) {
            out.ids.push(&view.id);
            if sieve.keep(&view, state) {
                out.count += 1;
                if keep != Keep::Count {
                    match serde_json::from_str::<Event>(json) {
                        Ok(e) => out.kept.push(e),
                        Err(_) => return give_up(),
                    }
                }
            }
            continue;
        }
        // an unknown field, or a problem: the full parser says which
        let Some((event, fields)) = parse_record(json.as_bytes()) else {
            return give_up();
        };
        out.ids.push(&event.id);
        out.unknown.extend(fields.into_iter().map(|f| (base + j, f, *line_no)));
        if sieve.keep(&EventView::from(&event), state) {
            out.count += 1;
            if keep != Keep::Count {
                out.kept.push(event);
            }
        }
    }
    Some(out)
}
