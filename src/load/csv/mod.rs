//! The CSV exports (ACLED, UCDP GED) read on every core: the header's columns by name
//! ([`Header`]), then the records, cut into chunks at record boundaries (`chunks.rs`) and
//! parsed straight into one vector of row outcomes (`rows.rs`), which becomes the list of
//! events. The streaming scan reads exports with its own strict reader (`strict.rs`).

mod chunks;
mod rows;
mod strict;

pub use chunks::{last_boundary, split_counting};
pub use rows::{BadField, BadRow, RowResult, Slot, collect, read_rows, text};
pub use strict::{Unsure, next_record, next_record_in};

use super::Problem;
use csv::ByteRecord;

/// The first record of a CSV file: its column names and the field delimiter.
#[derive(Debug, Clone)]
pub struct Header {
    /// Column names, trimmed and lowercased.
    pub names: Vec<String>,
    /// Column names as the file writes them.
    pub raw_names: Vec<String>,
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
            let raw_names: Vec<String> = rec.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            let names = raw_names.iter().map(|f| f.trim().to_ascii_lowercase()).collect();
            let data_start = rdr.position().byte() as usize;
            let lines_before = memchr::memchr_iter(b'\n', &bytes[..data_start.min(bytes.len())]).count();
            best = Some(Header { names, raw_names, delimiter, data_start, lines_before });
        }
        best
    }

    /// The header of records whose column names come from elsewhere (an API's keys).
    pub fn of_names(raw_names: Vec<String>) -> Header {
        let names = raw_names.iter().map(|f| f.trim().to_ascii_lowercase()).collect();
        Header { names, raw_names, delimiter: b',', data_start: 0, lines_before: 0 }
    }

    /// A warning for each column name that comes twice, naming both places: the first is read.
    pub fn duplicates(&self, file: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        for (j, name) in self.names.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if let Some(i) = self.names[..j].iter().position(|n| n == name) {
                let (a, b) = (&self.raw_names[i], &self.raw_names[j]);
                out.push(
                    Problem::warning(
                        file,
                        format!(
                            "the column {b:?} (column {}) repeats {a:?} (column {}); the first is read",
                            j + 1,
                            i + 1
                        ),
                    )
                    .at(self.lines_before.max(1), 1)
                    .hint("rename or remove one of them if the second holds the values meant"),
                );
            }
        }
        out
    }

    /// The position of a column.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The records after the header.
    pub fn body<'b>(&self, bytes: &'b [u8]) -> &'b [u8] {
        &bytes[self.data_start.min(bytes.len())..]
    }

    /// Whether every one of `names` is a column.
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.find(n).is_some())
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_picks_the_delimiter_that_splits_most() {
        let h = Header::read(b"\"A\";b;c\n1;2;3\n").unwrap();
        assert_eq!((h.delimiter, h.names.clone()), (b';', vec!["a".to_string(), "b".into(), "c".into()]));
        assert_eq!(Header::read(b"a,b\tc\n").unwrap().delimiter, b',');
    }
}
