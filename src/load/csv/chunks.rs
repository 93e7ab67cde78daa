//! Splitting a CSV file into chunks that start at record boundaries, to parse them in parallel.
//!
//! A record boundary is a newline outside quotes. In RFC 4180 CSV a byte is inside quotes when
//! an odd number of `"` comes before it in the file (an escaped quote is doubled), so counting
//! quotes per chunk on every core finds the boundaries without parsing. A file that breaks the
//! quoting rules may fool the count; then some record has the wrong number of fields, and the
//! whole file is parsed again in one piece so that every problem is reported where a plain
//! reading would put it.

use rayon::prelude::*;

/// Byte ranges of about `pieces` chunks of `body`, each starting at a record boundary.
pub fn split(body: &[u8], pieces: usize, min_chunk: usize) -> Vec<(usize, usize)> {
    split_counting(body, pieces, min_chunk).0
}

/// [`split`], and the number of quotes in `body`.
pub fn split_counting(body: &[u8], pieces: usize, min_chunk: usize) -> (Vec<(usize, usize)>, usize) {
    let size = (body.len() / pieces).max(min_chunk).max(1);
    if body.len() <= size {
        return (vec![(0, body.len())], memchr::memchr_iter(b'"', body).count());
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
    (out, quotes.iter().sum())
}

/// Where the last whole record of `body` ends, given the number of quotes in it (`body`
/// starts at a record boundary): after its last newline outside quotes. None when no record
/// ends in it.
pub fn last_boundary(body: &[u8], quotes: usize) -> Option<usize> {
    let mut after = 0;
    for i in memchr::memrchr2_iter(b'"', b'\n', body) {
        if body[i] == b'"' {
            after += 1;
        } else if (quotes - after).is_multiple_of(2) {
            return Some(i + 1);
        }
    }
    None
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

/// The records a chunk that starts outside quotes holds at most: one per newline outside
/// quotes, and one more for a last line without a newline.
pub fn records_at_most(chunk: &[u8]) -> usize {
    let (mut ends, mut quoted) = (0, false);
    for i in memchr::memchr2_iter(b'"', b'\n', chunk) {
        if chunk[i] == b'"' {
            quoted = !quoted;
        } else {
            ends += usize::from(!quoted);
        }
    }
    ends + usize::from(chunk.last().is_some_and(|&b| b != b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_skips_newlines_inside_quotes() {
        let body = b"1,\"x\ny\"\n2,z\n";
        assert_eq!(boundary_after(body, 0, false), Some(8));
        assert_eq!(boundary_after(body, 4, true), Some(8));
    }

    #[test]
    fn the_last_boundary_is_the_last_newline_outside_quotes() {
        let body = b"1,\"x\ny\"\n2,\"z\n";
        let quotes = memchr::memchr_iter(b'"', body).count();
        assert_eq!(last_boundary(body, quotes), Some(8));
        assert_eq!(last_boundary(b"1,\"x\ny", 1), None);
        assert_eq!(split_counting(body, 1, 1), (vec![(0, body.len())], 3));
    }

    #[test]
    fn records_are_counted_by_newlines_outside_quotes() {
        assert_eq!(records_at_most(b"1,\"a\nb\"\n2,c\n"), 2);
        assert_eq!(records_at_most(b"1,x\n2,y"), 2);
        assert_eq!(records_at_most(b""), 0);
    }

    #[test]
    fn chunks_start_after_a_newline_outside_quotes() {
        let body = b"1,\"x\ny\"\n2,z\n3,\"\n\n\"\n4,w\n";
        let chunks = split(body, 8, 1);
        assert_eq!(chunks.first().map(|c| c.0), Some(0));
        assert_eq!(chunks.last().map(|c| c.1), Some(body.len()));
        for w in chunks.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        assert!(chunks.len() > 1);
        for &(a, _) in &chunks[1..] {
            assert!([8, 12, 19].contains(&a), "{a} is not where a record starts");
        }
    }
}
