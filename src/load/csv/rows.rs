//! The records of a CSV export read on every core, in chunks that start at record boundaries
//! (see [`super::chunks`]), straight into one vector of row outcomes, which becomes the list of
//! events; and the outcomes gathered into events and positioned problems.

use super::Header;
use super::chunks::{records_at_most, split};
use crate::load::{Loaded, Problem};
use crate::model::Event;
use csv::StringRecord;
use rayon::prelude::*;

/// What a row was instead of an event, or why it is not one; `at` is where the row starts, in
/// bytes from the first data row (the line is counted only for rows that need it).
#[derive(Debug)]
pub enum BadRow {
    Field {
        at: usize,
        bad: BadField,
    },
    /// A field that is not UTF-8, by its column's position.
    NotUtf8 {
        at: usize,
        column: usize,
    },
    /// The header again, as in exports joined into one file.
    RepeatedHeader {
        at: usize,
    },
    /// A record with another number of fields than the header.
    Ragged {
        at: usize,
        fields: usize,
    },
    /// The CSV reader itself failed.
    Broken {
        at: usize,
        message: String,
    },
}

impl BadRow {
    fn at(&self) -> usize {
        match self {
            BadRow::Field { at, .. }
            | BadRow::NotUtf8 { at, .. }
            | BadRow::RepeatedHeader { at }
            | BadRow::Ragged { at, .. }
            | BadRow::Broken { at, .. } => *at,
        }
    }
}

/// One row's outcome, no larger than an event so that the rows become the events in place;
/// `None` is a place no row filled.
pub type Slot = Option<Result<Event, Box<BadRow>>>;

/// Smaller inputs are not worth splitting.
pub const MIN_CHUNK: usize = 1 << 20;

/// Maps every data record to its outcome, in file order, on every core. The outcomes are
/// written straight into one vector, with a place for every newline outside quotes, so that a
/// million events are not copied from one vector into the next.
pub fn read_rows(bytes: &[u8], header: &Header, f: impl Fn(&StringRecord) -> RowResult + Sync) -> Vec<Slot> {
    let body = &bytes[header.data_start.min(bytes.len())..];
    let pieces = (rayon::current_num_threads() * 4).max(1);
    let chunks = split(body, pieces, MIN_CHUNK);
    if chunks.len() > 1 {
        let counts: Vec<usize> = chunks.par_iter().map(|&(a, b)| records_at_most(&body[a..b])).collect();
        // filled on every core: the first touch of fresh memory is what costs here
        let mut slots: Vec<Slot> = (0..counts.iter().sum()).into_par_iter().map(|_| None).collect();
        let mut places = Vec::with_capacity(chunks.len());
        let mut rest = slots.as_mut_slice();
        for &records in &counts {
            let (mine, others) = rest.split_at_mut(records.min(rest.len()));
            places.push(mine);
            rest = others;
        }
        let clean = chunks.par_iter().zip(places.into_par_iter()).all(|(&(a, b), place)| {
            let mut next = place.iter_mut();
            read_chunk(&body[a..b], a, header, &f, |s| next.next().map(|p| *p = Some(s)).is_some())
        });
        if clean {
            return slots;
        }
    }
    let mut slots = Vec::new();
    read_chunk(body, 0, header, &f, |s| {
        slots.push(Some(s));
        true
    });
    slots
}

/// Reads a chunk's records, handing each outcome to `emit`; false when the chunk broke the CSV
/// rules (a ragged or unreadable record) or `emit` refused an outcome. `offset` is where the
/// chunk starts.
fn read_chunk(
    chunk: &[u8],
    offset: usize,
    header: &Header,
    f: &impl Fn(&StringRecord) -> RowResult,
    mut emit: impl FnMut(Result<Event, Box<BadRow>>) -> bool,
) -> bool {
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(header.delimiter).from_reader(chunk);
    let mut rec = StringRecord::new();
    // after "\r\n" the reader places the next record at the "\n"
    let start = |byte: u64| {
        let mut byte = (byte as usize).min(chunk.len());
        while chunk.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        offset + byte
    };
    let mut clean = true;
    loop {
        let outcome = match rdr.read_record(&mut rec) {
            Ok(false) => return clean,
            Ok(true) if rec.len() == header.names.len() => {
                let at = start(rec.position().map_or(0, |p| p.byte()));
                match f(&rec) {
                    Ok(Some(e)) => Ok(e),
                    Ok(None) => Err(Box::new(BadRow::RepeatedHeader { at })),
                    Err(bad) => Err(Box::new(BadRow::Field { at, bad })),
                }
            }
            // a line of spaces: nothing to read
            Ok(true) if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) => continue,
            Ok(true) => {
                clean = false;
                Err(Box::new(BadRow::Ragged { at: start(rec.position().map_or(0, |p| p.byte())), fields: rec.len() }))
            }
            Err(e) => {
                let at = start(e.position().map_or(0, |p| p.byte()));
                match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => Err(Box::new(BadRow::NotUtf8 { at, column: err.field() })),
                    _ => {
                        emit(Err(Box::new(BadRow::Broken { at, message: e.to_string() })));
                        return false;
                    }
                }
            }
        };
        if !emit(outcome) {
            return false;
        }
    }
}

/// A field, trimmed.
pub fn text(rec: &StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or_default().trim()
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

/// The line of each row start, asked in file order: one pass over the file in all.
struct Lines<'a> {
    body: &'a [u8],
    seen: usize,
    line: usize,
}

impl Lines<'_> {
    fn of(&mut self, at: usize) -> usize {
        let at = at.clamp(self.seen, self.body.len());
        self.line += memchr::memchr_iter(b'\n', &self.body[self.seen..at]).count();
        self.seen = at;
        self.line
    }
}

/// Events in file order, with the problems of bad rows; with `skip_bad` those rows are left out
/// and listed in [`Loaded::skipped`].
pub fn collect(
    name: &str,
    bytes: &[u8],
    header: &Header,
    slots: Vec<Slot>,
    skip_bad: bool,
) -> Result<Loaded, Vec<Problem>> {
    let body = &bytes[header.data_start.min(bytes.len())..];
    let mut lines = Lines { body, seen: 0, line: header.lines_before + 1 };
    let mut bad = Vec::new();
    let mut repeated = Vec::new();
    let mut record = 0;
    // in place: a slot is the size of an event, so the vector is reused, not copied
    let events: Vec<Event> = slots
        .into_iter()
        .filter_map(|slot| {
            let outcome = slot?;
            record += 1;
            let b = match outcome {
                Ok(e) => return Some(e),
                Err(b) => b,
            };
            let line = lines.of(b.at());
            let problem = |message: String| Problem::error(name, message).record(record);
            match *b {
                BadRow::Field { bad: f, .. } => bad.push(on_line(problem(f.message).field(f.field).hint(f.hint), line)),
                BadRow::NotUtf8 { column, .. } => bad.push(on_line(
                    problem("is not UTF-8 text".into())
                        .field(header.names.get(column).cloned().unwrap_or_default())
                        .hint("save the file as UTF-8 (a spreadsheet offers \"CSV UTF-8\" when saving)"),
                    line,
                )),
                BadRow::RepeatedHeader { .. } => repeated.push(line),
                BadRow::Ragged { fields, .. } => bad.push(on_line(
                    problem(format!("this row has {fields} fields, the header {}", header.names.len()))
                        .hint(RAGGED_HINT),
                    line,
                )),
                BadRow::Broken { message, .. } => bad.push(on_line(
                    problem(format!("cannot be read as CSV: {message}"))
                        .hint("check that the file is a complete CSV export"),
                    line,
                )),
            }
            None
        })
        .collect();
    let mut loaded = Loaded { events, ..Loaded::default() };
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

    /// Every outcome as its line and text, for comparing two readings.
    fn outcomes(bytes: &[u8], h: &Header, slots: Vec<Slot>) -> Vec<(usize, String)> {
        let mut lines = Lines { body: &bytes[h.data_start..], seen: 0, line: h.lines_before + 1 };
        slots
            .into_iter()
            .flatten()
            .map(|s| {
                let b = s.unwrap_err();
                let line = lines.of(b.at());
                match *b {
                    BadRow::Field { bad, .. } => (line, bad.message),
                    BadRow::Ragged { fields, .. } => (line, format!("ragged {fields}")),
                    other => panic!("{other:?}"),
                }
            })
            .collect()
    }

    fn echo(r: &StringRecord) -> RowResult {
        Err(BadField::new("", r.iter().collect::<Vec<_>>().join("\u{1}"), ""))
    }

    /// Line and fields of every record, reading in `pieces` chunks.
    fn rows(bytes: &[u8], pieces: usize) -> Vec<(usize, Vec<String>)> {
        let h = Header::read(bytes).unwrap();
        let body = &bytes[h.data_start..];
        let mut slots = Vec::new();
        for (a, b) in split(body, pieces, 1) {
            let before = slots.len();
            read_chunk(&body[a..b], a, &h, &echo, |s| {
                slots.push(Some(s));
                true
            });
            assert!(slots.len() - before <= records_at_most(&body[a..b]));
        }
        outcomes(bytes, &h, slots).into_iter().map(|(l, m)| (l, m.split('\u{1}').map(String::from).collect())).collect()
    }

    #[test]
    fn parallel_reading_equals_reading_in_one_piece() {
        let mut csv = String::from("id,notes,n\r\n");
        for i in 0..100_000 {
            let notes = if i % 5 == 0 {
                format!("\"said \"\"no\"\",\r\nthen {i}\"")
            } else {
                format!("plain text of some length as notes are {i}")
            };
            csv.push_str(&format!("{i},{notes},{}\r\n", i % 7));
            if i == 50_000 {
                csv.push_str("\r\n   \r\n");
            }
        }
        let bytes = csv.into_bytes();
        assert!(bytes.len() > 3 * MIN_CHUNK, "several chunks");
        let h = Header::read(&bytes).unwrap();
        let slots = read_rows(&bytes, &h, echo);
        // blank lines left places empty: the rows were read in parallel
        assert!(slots.len() > 100_000);
        let parallel = outcomes(&bytes, &h, slots);
        let mut whole = Vec::new();
        read_chunk(&bytes[h.data_start..], 0, &h, &echo, |s| {
            whole.push(Some(s));
            true
        });
        let whole = outcomes(&bytes, &h, whole);
        assert_eq!(parallel.len(), 100_000);
        assert_eq!(parallel, whole);

        // a ragged row: the whole file is read again in one piece, and the row reported
        let mut broken = bytes.clone();
        let at = broken.len() / 2;
        // after a record's end: its last field is a digit (a newline in notes follows a comma)
        let nl = at + broken[at..].windows(3).position(|w| w[0].is_ascii_digit() && w[1..] == *b"\r\n").unwrap() + 3;
        broken.splice(nl..nl, b"1,2\r\n".iter().copied());
        let slots = read_rows(&broken, &h, echo);
        assert_eq!(slots.len(), 100_001, "read again in one piece");
        let got = outcomes(&broken, &h, slots);
        assert_eq!(got.len(), 100_001);
        assert_eq!(got.iter().filter(|o| o.1 == "ragged 2").count(), 1);
    }

    #[test]
    fn a_row_outcome_is_no_larger_than_an_event() {
        assert_eq!(std::mem::size_of::<Slot>(), std::mem::size_of::<Event>());
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
}
