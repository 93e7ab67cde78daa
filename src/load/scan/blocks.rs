//! Native files read a block at a time and cut into whole lines, with the layout of the lines
//! checked as they come: the layouts sitrep writes (an array with one event per line, JSON
//! Lines), by the same rules as the full load's (`load/native/`).

use crate::load::native::{is_array_line, is_json_line, trim};
use crate::load::{Format, detect};
use std::io::Read;

/// Bytes of a file that tell its format: as far as [`detect`] looks into a JSON file.
const HEAD: usize = 4096;

/// Where a file's lines stand in the layouts sitrep reads line by line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// No line yet.
    Start,
    /// JSON Lines.
    Lines,
    /// After the `[` of an array.
    Array,
    /// After the `]` that closes it: nothing may follow.
    Closed,
}

impl Shape {
    /// Takes the next non-blank line (trimmed): whether it is an event.
    fn step(&mut self, t: &[u8]) -> Option<bool> {
        match *self {
            Shape::Start if t.starts_with(b"{") => {
                *self = Shape::Lines;
                if is_json_line(t) { Some(true) } else { None }
            }
            Shape::Start if t == b"[" => {
                *self = Shape::Array;
                Some(false)
            }
            Shape::Lines if is_json_line(t) => Some(true),
            Shape::Array if t == b"]" => {
                *self = Shape::Closed;
                Some(false)
            }
            Shape::Array if is_array_line(t) => Some(true),
            _ => None,
        }
    }
}

/// A file read a block at a time, cut into whole lines, and the shape of its lines checked.
pub(super) struct Reader {
    file: std::fs::File,
    block: usize,
    shape: Shape,
    /// Lines so far.
    line_no: usize,
    /// Nothing read yet.
    first: bool,
    /// The file starts with a byte order mark.
    bom: bool,
}

/// Whole lines of a file; the bytes after `end` start the next block's first line.
#[derive(Default)]
pub(super) struct Block {
    pub(super) buf: Vec<u8>,
    pub(super) end: usize,
    /// The event lines: line number and byte range in `buf`.
    pub(super) lines: Vec<(usize, std::ops::Range<usize>)>,
    pub(super) eof: bool,
}

impl Block {
    /// Memory for blocks of `size` bytes and their lines.
    pub(super) fn with_capacity(size: usize) -> Block {
        Block { buf: Vec::with_capacity(size + (1 << 16)), ..Block::default() }
    }
}

impl Reader {
    pub(super) fn new(file: std::fs::File, block: usize) -> Reader {
        Reader { file, block, shape: Shape::Start, line_no: 0, first: true, bom: false }
    }

    /// Whether the file starts with a byte order mark (which is skipped).
    pub(super) fn bom(&self) -> bool {
        self.bom
    }

    /// Whether the lines so far make a whole file (an array closed, or JSON Lines).
    pub(super) fn whole(&self) -> bool {
        matches!(self.shape, Shape::Lines | Shape::Closed)
    }

    /// The next block: `carry` (the unfinished line of the last one) and what follows it, in
    /// the memory of a block done with (fresh memory costs a page fault per page). None when
    /// the file cannot be read, or its lines are not those of a sitrep layout.
    pub(super) fn next(&mut self, spare: Block, carry: &[u8]) -> Option<Block> {
        let Block { mut buf, mut lines, .. } = spare;
        buf.clear();
        buf.extend_from_slice(carry);
        lines.clear();
        loop {
            let n = (&mut self.file).take(self.block as u64).read_to_end(&mut buf).ok()?;
            let eof = n == 0;
            if self.first {
                // enough to tell the format by, however small the blocks
                if !eof && buf.len() < HEAD {
                    continue;
                }
                self.first = false;
                if detect(&buf) != Some(Format::Native) {
                    return None;
                }
                if buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                    self.bom = true;
                }
            }
            // whole lines only; the rest waits for the next block
            let end = match (eof, memchr::memrchr(b'\n', &buf)) {
                (true, _) => buf.len(),
                (false, Some(i)) => i + 1,
                (false, None) => continue,
            };
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', &buf[..end]).chain(eof.then_some(end)) {
                self.line_no += 1;
                let t = trim(&buf[start..nl]);
                if !t.is_empty() && self.shape.step(t)? {
                    lines.push((self.line_no, start..nl));
                }
                start = nl + 1;
            }
            return Some(Block { buf, end, lines, eof });
        }
    }
}
