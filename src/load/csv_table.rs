//! CSV exports read on every core: the header's columns by name, then the records, split into
//! chunks at record boundaries that parse in parallel.
//!
//! A record boundary is a newline outside quotes. In RFC 4180 CSV a byte is inside quotes when
//! an odd number of `"` comes before it in the file (an escaped quote is doubled), so counting
//! quotes per chunk on every core finds the boundaries without parsing. A file that breaks the
//! quoting rules may fool the count; then some record has the wrong number of fields, and the
//! whole file is parsed again in one piece so that every problem is reported where a plain
//! reading would put it.

use super::{Loaded, Problem};
use crate::model::Event;
use csv::ByteRecord;
use rayon::prelude::*;

/// The first record of a CSV file: its column names and the field delimiter.
#[derive(Debug, Clone)]
pub struct Header {
    /// Column names, trimmed and lowercased.
    pub names: Vec<String>,
    pub delimiter: u8,
    /// Byte offset of the first data record, and the lines before it.
    data_start: usize,
    lines_before: usize,
}

impl Header {
    /// Reads the header line, taking as delimiter whichever of `,`, `;` and tab splits it into
    /// the most columns (a spreadsheet saved in a European locale writes `;`).
    pub fn read(bytes: &[u8]) -> Option<Header> {
        let mut best: Option<Header> = None;
        for delimiter in [b',', b';', b'\t'] {
            let mut rdr =
                csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
            let mut rec = ByteRecord::new();
            if !rdr.read_byte_record(&mut rec).ok()? {
                return None;
            }
            if best.as_ref().is_some_and(|b| b.names.len() >= rec.len()) {
                continue;
            }
            let names = rec.iter().map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase()).collect();
            let data_start = rdr.position().byte() as usize;
            let lines_before = memchr::memchr_iter(b'\n', &bytes[..data_start.min(bytes.len())]).count();
            best = Some(Header { names, delimiter, data_start, lines_before });
        }
        best
    }

    /// The position of a column.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Whether every one of `names` is a column.
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.find(n).is_some())
    }
}

/// The outcome of one row, or the structural problem that stopped the reading of a chunk.
pub enum Read<T> {
    Row {
        line: usize,
        value: T,
    },
    /// A record with another number of fields than the header: line and count.
    Ragged {
        line: usize,
        fields: usize,
    },
    /// The CSV reader itself failed (it reads from memory, so this is a bug or a limit).
    Broken {
        line: usize,
        message: String,
    },
}

/// Smaller inputs are not worth splitting.
const MIN_CHUNK: usize = 1 << 20;

/// Maps every data record to a `T`, in file order, on every core.
pub fn map_rows<T: Send>(bytes: &[u8], header: &Header, f: impl Fn(&ByteRecord) -> T + Sync) -> Vec<Read<T>> {
    let body = &bytes[header.data_start.min(bytes.len())..];
    let pieces = (rayon::current_num_threads() * 4).max(1);
    let chunks = split(body, pieces, MIN_CHUNK);
    if chunks.len() > 1 {
        let lines = starting_lines(body, &chunks, header.lines_before);
        let parts: Vec<Vec<Read<T>>> = chunks
            .par_iter()
            .zip(lines.par_iter())
            .map(|(&(a, b), &line)| read_chunk(&body[a..b], header, line, &f))
            .collect();
        if !parts.iter().flatten().any(|r| matches!(r, Read::Ragged { .. } | Read::Broken { .. })) {
            return parts.into_iter().flatten().collect();
        }
    }
    read_chunk(body, header, header.lines_before, &f)
}

/// Lines before each chunk.
fn starting_lines(body: &[u8], chunks: &[(usize, usize)], before: usize) -> Vec<usize> {
    let counts: Vec<usize> = chunks.par_iter().map(|&(a, b)| memchr::memchr_iter(b'\n', &body[a..b]).count()).collect();
    let mut acc = before;
    counts
        .iter()
        .map(|c| {
            let at = acc;
            acc += c;
            at
        })
        .collect()
}

fn read_chunk<T>(chunk: &[u8], header: &Header, lines_before: usize, f: &impl Fn(&ByteRecord) -> T) -> Vec<Read<T>> {
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(header.delimiter).from_reader(chunk);
    let mut rec = ByteRecord::new();
    let mut out = Vec::with_capacity(chunk.len() / 256 + 1);
    // csv's own line numbers do not count newlines inside quoted fields: count them from the
    // record's byte offset instead
    let (mut line, mut seen) = (lines_before + 1, 0);
    let mut line_at = |byte: usize| {
        // after "\r\n" the reader places the next record at the "\n"
        let mut byte = byte.min(chunk.len());
        while chunk.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        line += memchr::memchr_iter(b'\n', &chunk[seen.min(byte)..byte]).count();
        seen = seen.max(byte);
        line
    };
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = line_at(rec.position().map_or(0, |p| p.byte() as usize));
                if rec.len() == header.names.len() {
                    out.push(Read::Row { line, value: f(&rec) });
                } else if rec.len() == 1 && rec.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace)) {
                    // a line of spaces: nothing to read
                } else {
                    out.push(Read::Ragged { line, fields: rec.len() });
                }
            }
            Err(e) => {
                let line = line_at(e.position().map_or(0, |p| p.byte() as usize));
                out.push(Read::Broken { line, message: e.to_string() });
                break;
            }
        }
    }
    out
}

/// Byte ranges of about `pieces` chunks of `body`, each starting at a record boundary.
fn split(body: &[u8], pieces: usize, min_chunk: usize) -> Vec<(usize, usize)> {
    let size = (body.len() / pieces).max(min_chunk).max(1);
    if body.len() <= size {
        return vec![(0, body.len())];
    }
    let naive: Vec<usize> = (0..body.len()).step_by(size).collect();
    let quotes: Vec<usize> =
        naive.par_iter().map(|&a| memchr::memchr_iter(b'"', &body[a..(a + size).min(body.len())]).count()).collect();
    let mut starts = vec![0];
    let mut quotes_before = 0;
    for (k, &at) in naive.iter().enumerate().skip(1) {
        quotes_before += quotes[k - 1];
        let last = starts.last().copied().unwrap_or(0);
        // the previous boundary lies beyond this point (a long quoted field): no new one here
        if last > at {
            continue;
        }
        if let Some(b) = boundary_after(body, at, quotes_before % 2 == 1)
            && b < body.len()
            && b > last
        {
            starts.push(b);
        }
    }
    let mut out: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    out.push((starts.last().copied().unwrap_or(0), body.len()));
    out
}

/// The first byte after a newline outside quotes, at or after `at`.
fn boundary_after(body: &[u8], at: usize, mut quoted: bool) -> Option<usize> {
    for i in memchr::memchr2_iter(b'"', b'\n', &body[at..]) {
        if body[at + i] == b'"' {
            quoted = !quoted;
        } else if !quoted {
            return Some(at + i + 1);
        }
    }
    None
}

/// A field as text, trimmed; `None` when it is not UTF-8.
pub fn text(rec: &ByteRecord, i: usize) -> Option<&str> {
    std::str::from_utf8(rec.get(i).unwrap_or_default()).ok().map(str::trim)
}

/// Why one field of a row cannot be read.
#[derive(Debug)]
pub struct BadField {
    /// The column name.
    pub field: &'static str,
    pub message: String,
    pub hint: &'static str,
}

impl BadField {
    pub fn new(field: &'static str, message: impl Into<String>, hint: &'static str) -> BadField {
        BadField { field, message: message.into(), hint }
    }
}

/// A row's outcome: an event, nothing to load (a repeated header), or a bad field.
pub type RowResult = Result<Option<Event>, BadField>;

const RAGGED_HINT: &str = "a quote is probably missing or extra in this row or the one before: a field \
     with commas, quotes or line breaks must be in quotes, and a quote inside it doubled (\"\")";

fn on_line(mut p: Problem, line: usize) -> Problem {
    p.line = Some(line);
    p
}

/// Events in file order, with the problems of bad rows; with `skip_bad` those rows are left out
/// and listed in [`Loaded::skipped`].
pub fn collect(
    name: &str,
    header: &Header,
    reads: Vec<Read<RowResult>>,
    skip_bad: bool,
) -> Result<Loaded, Vec<Problem>> {
    let mut loaded = Loaded { events: Vec::with_capacity(reads.len()), ..Loaded::default() };
    let mut bad = Vec::new();
    let mut repeated = Vec::new();
    for (i, r) in reads.into_iter().enumerate() {
        let record = i + 1;
        match r {
            Read::Row { value: Ok(Some(e)), .. } => loaded.events.push(e),
            Read::Row { value: Ok(None), line } => repeated.push(line),
            Read::Row { value: Err(b), line } => {
                bad.push(on_line(Problem::error(name, b.message).record(record).field(b.field).hint(b.hint), line))
            }
            Read::Ragged { line, fields } => bad.push(on_line(
                Problem::error(name, format!("this row has {fields} fields, the header {}", header.names.len()))
                    .record(record)
                    .hint(RAGGED_HINT),
                line,
            )),
            Read::Broken { line, message } => bad.push(on_line(
                Problem::error(name, format!("cannot be read as CSV: {message}"))
                    .record(record)
                    .hint("check that the file is a complete CSV export"),
                line,
            )),
        }
    }
    if let Some(&first) = repeated.first() {
        let lines: Vec<String> = repeated.iter().take(5).map(usize::to_string).collect();
        let more = if repeated.len() > 5 { format!(" and {} more", repeated.len() - 5) } else { String::new() };
        loaded.warnings.push(on_line(
            Problem::warning(name, format!("the header row comes again on line {}{more}; skipped", lines.join(", ")))
                .hint("nothing to do: exports joined into one file repeat their header"),
            first,
        ));
    }
    if bad.is_empty() || skip_bad {
        loaded.skipped = bad;
        Ok(loaded)
    } else {
        Err(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8], pieces: usize) -> Vec<(usize, Vec<String>)> {
        let h = Header::read(bytes).unwrap();
        let body = &bytes[h.data_start..];
        let chunks = split(body, pieces, 1);
        let lines = starting_lines(body, &chunks, h.lines_before);
        chunks
            .iter()
            .zip(lines)
            .flat_map(|(&(a, b), l)| {
                read_chunk(&body[a..b], &h, l, &|r: &ByteRecord| {
                    r.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect::<Vec<_>>()
                })
            })
            .map(|r| match r {
                Read::Row { value, line } => (line, value),
                _ => panic!("ragged"),
            })
            .collect()
    }

    #[test]
    fn header_picks_the_delimiter_that_splits_most() {
        let h = Header::read(b"\"A\";b;c\n1;2;3\n").unwrap();
        assert_eq!((h.delimiter, h.names.clone()), (b';', vec!["a".to_string(), "b".into(), "c".into()]));
        assert_eq!(Header::read(b"a,b\tc\n").unwrap().delimiter, b',');
    }

    #[test]
    fn chunks_split_outside_quoted_newlines_and_keep_line_numbers() {
        for end in ["\n", "\r\n"] {
            let mut csv = String::from("id,notes\n");
            let mut want = Vec::new();
            let mut line = 2;
            for i in 0..20_000 {
                let notes = if i % 3 == 0 { format!("\"a, \"\"b\"\"{end}c{i}\"") } else { format!("plain {i}") };
                csv.push_str(&format!("{i},{notes}{end}"));
                want.push(line);
                line += if i % 3 == 0 { 2 } else { 1 };
            }
            let big = csv.into_bytes();
            let got = rows(&big, 64);
            assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), want);
            assert_eq!(got[3].1[1], format!("a, \"b\"{end}c3"));
            assert_eq!(got, rows(&big, 1));
        }
    }

    #[test]
    fn boundary_skips_newlines_inside_quotes() {
        let body = b"1,\"x\ny\"\n2,z\n";
        assert_eq!(boundary_after(body, 0, false), Some(8));
        assert_eq!(boundary_after(body, 4, true), Some(8));
    }
}
