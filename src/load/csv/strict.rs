//! A strict and fast reader of CSV records, for the streaming scan of exports (see
//! `load/scan/acled.rs`): fields are found with SIMD searches (a line without quotes split eight
//! bytes at a time) and borrowed from the input, where the `csv` crate's reader steps through
//! every byte and copies every field.
//!
//! It reads RFC 4180 only: fields quoted whole or not at all, quotes doubled inside quoted
//! fields, records ended by `\n` or `\r\n`. On such input it gives the records the `csv`
//! crate gives (the tests compare the two); on anything else (a quote inside an unquoted
//! field, text after a closing quote, a lone `\r`, a quoted field left open, bytes that are
//! not UTF-8) it refuses the record, and the caller hands the file to the full load, whose
//! `csv` reader decides what it holds. The full load keeps the `csv` crate: it must read the
//! irregular files too, and say where they break.

use smallvec::SmallVec;
use std::borrow::Cow;

/// The input holds something this reader does not take; the `csv` crate must read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsure;

/// Reads the record that starts at `buf[pos]` into `fields`; the position after it, or None
/// at the end of `buf`. Blank lines are passed over (as the `csv` reader does).
pub fn next_record<'a>(
    buf: &'a [u8],
    pos: usize,
    delim: u8,
    fields: &mut Vec<Cow<'a, str>>,
) -> Result<Option<usize>, Unsure> {
    read_record(buf, pos, delim, fields)
}

/// [`next_record`] for text already known to be UTF-8 (a chunk whose rows borrow it): its
/// fields are cut from it without checking their bytes again.
pub fn next_record_in<'a>(
    text: &'a str,
    pos: usize,
    delim: u8,
    fields: &mut Vec<Cow<'a, str>>,
) -> Result<Option<usize>, Unsure> {
    read_record(text, pos, delim, fields)
}

/// What records are read from: bytes, checked as UTF-8 field by field, or text, checked once.
trait Input<'a>: Copy {
    fn bytes(self) -> &'a [u8];
    /// The text of `bytes()[from..to]`.
    fn text(self, from: usize, to: usize) -> Result<&'a str, Unsure>;
}

impl<'a> Input<'a> for &'a [u8] {
    fn bytes(self) -> &'a [u8] {
        self
    }
    fn text(self, from: usize, to: usize) -> Result<&'a str, Unsure> {
        std::str::from_utf8(self.get(from..to).ok_or(Unsure)?).map_err(|_| Unsure)
    }
}

impl<'a> Input<'a> for &'a str {
    fn bytes(self) -> &'a [u8] {
        self.as_bytes()
    }
    fn text(self, from: usize, to: usize) -> Result<&'a str, Unsure> {
        // the fields are cut at ASCII bytes, which are never inside a character
        self.get(from..to).ok_or(Unsure)
    }
}

fn read_record<'a>(
    input: impl Input<'a>,
    mut pos: usize,
    delim: u8,
    fields: &mut Vec<Cow<'a, str>>,
) -> Result<Option<usize>, Unsure> {
    let buf = input.bytes();
    fields.clear();
    // blank lines
    loop {
        match buf.get(pos..) {
            None | Some([]) => return Ok(None),
            Some([b'\n', ..]) => pos += 1,
            Some([b'\r', b'\n', ..]) => pos += 2,
            Some(_) => break,
        }
    }
    if let Some(next) = plain_line(input, pos, delim, fields)? {
        return Ok(Some(next));
    }
    loop {
        let (field, end) = if buf.get(pos) == Some(&b'"') { quoted(input, pos)? } else { unquoted(input, pos, delim)? };
        fields.push(field);
        match buf.get(end) {
            Some(&b) if b == delim => pos = end + 1,
            None => return Ok(Some(end)),
            Some(b'\n') => return Ok(Some(end + 1)),
            Some(b'\r') if buf.get(end + 1) == Some(&b'\n') => return Ok(Some(end + 2)),
            Some(_) => return Err(Unsure),
        }
    }
}

/// The common case whole: a line without quotes or carriage returns (but the one before its
/// newline) split at once, its text checked once. None, with `fields` empty, for any other.
fn plain_line<'a>(
    input: impl Input<'a>,
    pos: usize,
    delim: u8,
    fields: &mut Vec<Cow<'a, str>>,
) -> Result<Option<usize>, Unsure> {
    let buf = input.bytes();
    let rest = &buf[pos..];
    let (raw, next) = match memchr::memchr(b'\n', rest) {
        Some(n) => (rest[..n].strip_suffix(b"\r").unwrap_or(&rest[..n]), pos + n + 1),
        None => (rest, buf.len()),
    };
    // the delimiters first: a line with quotes goes to the field-by-field reader before its
    // text is checked as UTF-8, which that reader does field by field
    let mut cuts: SmallVec<[usize; 64]> = SmallVec::new();
    if !delimiters(raw, delim, |at| cuts.push(at)) {
        return Ok(None);
    }
    let line = input.text(pos, pos + raw.len())?;
    let mut from = 0;
    for at in cuts {
        fields.push(Cow::Borrowed(line.get(from..at).ok_or(Unsure)?));
        from = at + 1;
    }
    fields.push(Cow::Borrowed(line.get(from..).ok_or(Unsure)?));
    Ok(Some(next))
}

/// Calls `at` with the place of each `delim` in `line`, in order; false (at once) when the
/// line holds a quote or a carriage return. Eight bytes are looked at a time, each compared
/// with the three bytes in a few operations on one word: a row's 31 delimiters a few bytes
/// apart cost less so than a search started again after each.
fn delimiters(line: &[u8], delim: u8, mut at: impl FnMut(usize)) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // the high bit of each byte of `y` that is zero, and no other bit
    let zero = |y: u64| !(((y & LOW7).wrapping_add(LOW7)) | y | LOW7);
    let (d, q, r) = (ONES * u64::from(delim), ONES * u64::from(b'"'), ONES * u64::from(b'\r'));
    let mut words = line.chunks_exact(8);
    let mut base = 0;
    for w in &mut words {
        let x = <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes);
        if zero(x ^ q) | zero(x ^ r) != 0 {
            return false;
        }
        let mut found = zero(x ^ d);
        while found != 0 {
            at(base + (found.trailing_zeros() / 8) as usize);
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == b'"' || b == b'\r' {
            return false;
        }
        if b == delim {
            at(base + i);
        }
    }
    true
}

/// An unquoted field from `pos`, and where it ends (at the delimiter or line end).
fn unquoted<'a>(input: impl Input<'a>, pos: usize, delim: u8) -> Result<(Cow<'a, str>, usize), Unsure> {
    let rest = &input.bytes()[pos..];
    let len = memchr::memchr3(delim, b'\n', b'"', rest).unwrap_or(rest.len());
    if rest.get(len) == Some(&b'"') {
        return Err(Unsure);
    }
    let mut raw = &rest[..len];
    // "\r\n" ends the record; a "\r" anywhere else would end it too for the csv reader
    if rest.get(len) == Some(&b'\n')
        && let Some(r) = raw.strip_suffix(b"\r")
    {
        raw = r;
    }
    if raw.contains(&b'\r') {
        return Err(Unsure);
    }
    let text = input.text(pos, pos + raw.len())?;
    Ok((Cow::Borrowed(text), pos + raw.len()))
}

/// A quoted field starting at the quote at `pos`, unescaped, and the position after its
/// closing quote.
fn quoted<'a>(input: impl Input<'a>, pos: usize) -> Result<(Cow<'a, str>, usize), Unsure> {
    let buf = input.bytes();
    let mut owned: Option<Vec<u8>> = None;
    let (mut from, mut at) = (pos + 1, pos + 1);
    loop {
        let q = at + memchr::memchr(b'"', &buf[at..]).ok_or(Unsure)?;
        if buf.get(q + 1) == Some(&b'"') {
            // a doubled quote: one quote of the text
            owned.get_or_insert_with(Vec::new).extend_from_slice(&buf[from..=q]);
            (from, at) = (q + 2, q + 2);
            continue;
        }
        let text = match owned {
            None => Cow::Borrowed(input.text(from, q)?),
            Some(mut v) => {
                v.extend_from_slice(&buf[from..q]);
                Cow::Owned(String::from_utf8(v).map_err(|_| Unsure)?)
            }
        };
        return Ok((text, q + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record, or Unsure.
    fn records(buf: &[u8]) -> Result<Vec<Vec<String>>, Unsure> {
        let (mut out, mut pos, mut fields) = (Vec::new(), 0, Vec::new());
        while let Some(next) = next_record(buf, pos, b',', &mut fields)? {
            out.push(fields.iter().map(|f| f.to_string()).collect());
            pos = next;
        }
        Ok(out)
    }

    /// [`records`] through [`next_record_in`].
    fn records_in(text: &str) -> Result<Vec<Vec<String>>, Unsure> {
        let (mut out, mut pos, mut fields) = (Vec::new(), 0, Vec::new());
        while let Some(next) = next_record_in(text, pos, b',', &mut fields)? {
            out.push(fields.iter().map(|f| f.to_string()).collect());
            pos = next;
        }
        Ok(out)
    }

    /// What the csv crate reads.
    fn csv_records(buf: &[u8]) -> Option<Vec<Vec<String>>> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(buf);
        rdr.records().map(|r| r.ok().map(|r| r.iter().map(str::to_string).collect())).collect()
    }

    #[test]
    fn regular_csv_reads_as_the_csv_crate_reads_it() {
        let cases: [&[u8]; 9] = [
            b"a,b,c\n1,2,3\n",
            b"a,b\r\n1,2\r\n",
            b"a,\"b, with comma\",c\n",
            b"\"say \"\"hi\"\"\",x\n",
            b"\"multi\nline\",y\nz,w",
            b",,\n,,\n",
            b"a,b\n\n\nc,d\n",
            b"\"\",\"\"\"\"\n",
            "ħalfāyā,حماة\n".as_bytes(),
        ];
        for c in cases {
            assert_eq!(records(c).ok(), csv_records(c), "{:?}", String::from_utf8_lossy(c));
            let text = std::str::from_utf8(c).expect("UTF-8");
            assert_eq!(records_in(text), records(c), "{text:?}");
        }
    }

    #[test]
    fn irregular_csv_is_refused() {
        let cases: [&[u8]; 6] = [
            b"a,b\"c\n",     // a quote inside an unquoted field
            b"\"a\"b,c\n",   // text after the closing quote
            b"a,\"open\n",   // a quoted field left open
            b"a\rb,c\n",     // a lone carriage return ends a record for the csv reader
            b"a,b\xff\n",    // not UTF-8
            b"a,\"\xff\"\n", // not UTF-8, quoted
        ];
        for c in cases {
            assert_eq!(records(c), Err(Unsure), "{:?}", String::from_utf8_lossy(c));
        }
    }

    /// Every string of `alphabet`'s bytes of a length in `lengths`.
    fn strings(alphabet: &[u8], lengths: std::ops::RangeInclusive<u32>) -> impl Iterator<Item = Vec<u8>> + '_ {
        lengths.flat_map(move |len| {
            (0..alphabet.len().pow(len)).map(move |mut k| {
                (0..len)
                    .map(|_| {
                        let b = alphabet[k % alphabet.len()];
                        k /= alphabet.len();
                        b
                    })
                    .collect()
            })
        })
    }

    /// Both readers read `s` alike, and what they take the csv crate reads the same: whether
    /// it was taken.
    fn agrees(s: &[u8]) -> bool {
        let text = std::str::from_utf8(s).expect("ASCII");
        assert_eq!(records_in(text), records(s), "{text:?}");
        let taken = records(s).ok();
        if let Some(mine) = &taken {
            assert_eq!(Some(mine.clone()), csv_records(s), "{text:?}");
        }
        taken.is_some()
    }

    /// Every string of a few CSV-significant bytes up to length 6: what this reader takes, it
    /// reads as the csv crate does.
    #[test]
    fn whatever_is_taken_agrees_with_the_csv_crate() {
        let checked = strings(b"a,\"\n\r ", 0..=6).filter(|s| agrees(s)).count();
        assert!(checked > 2_000, "only {checked} inputs were taken");
    }

    /// Every string of those bytes up to length 4, at every place in a line long enough to be
    /// read eight bytes at a time: delimiters, quotes and carriage returns are seen in every
    /// word and across the words' edges, as the csv crate sees them.
    #[test]
    fn long_lines_are_read_as_the_csv_crate_reads_them() {
        let mut checked = 0;
        for piece in strings(b"a,\"\n\r;", 1..=4) {
            for at in 0..=17 {
                let mut s = b"x,yy,zzz,".repeat(3);
                s.splice(at..at, piece.iter().copied());
                s.extend_from_slice(b"end,\nnext,line,of,more,than,eight,bytes\n");
                checked += usize::from(agrees(&s));
            }
        }
        assert!(checked > 5_000, "only {checked} inputs were taken");
    }
}
