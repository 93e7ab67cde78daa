//! Reading the text of a cell, as every tabular format writes it (ACLED and UCDP GED CSV, the
//! ACLED API, GeoJSON properties): trimmed, lists split on `;`, whole numbers as pandas writes
//! them, days written out, and the titles and outlets built from them.

use crate::model::{Source, push_title};
use chrono::NaiveDate;

/// `a; b;c` as `["a", "b", "c"]`.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> + Clone {
    s.split(';').map(trim).filter(|x| !x.is_empty())
}

/// `s.trim()`, at once when `s` starts and ends with a visible ASCII character (a letter,
/// digit or sign: the common case), which no kind of space is.
pub fn trim(s: &str) -> &str {
    let solid = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if solid(s.as_bytes().first()) && solid(s.as_bytes().last()) { s } else { s.trim() }
}

/// The items of a `;`-separated list, each made a `T`, in a vector of the exact size: a
/// collected iterator without a size starts at four places, and a million events each with
/// one source would carry three empty ones.
pub fn list<'s, T>(s: &'s str, f: impl FnMut(&'s str) -> T) -> Vec<T> {
    let items = split_list(s);
    let mut v = Vec::with_capacity(items.clone().count());
    v.extend(items.map(f));
    v
}

/// "{what} in {place}" (see [`push_title`]).
pub fn title_in(what: &str, place: &str) -> String {
    let mut t = String::new();
    push_title(&mut t, what, place);
    t
}

/// An outlet named in a list of sources.
pub fn outlet(name: &str) -> Source {
    Source { outlet: name.to_string(), author: None, published: None, headline: None, url: None, quotes: vec![] }
}

/// A whole number as pandas writes a column of them with a gap in it: `3.0` for `3`.
pub fn whole(s: &str) -> &str {
    match s.strip_suffix(".0") {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => s,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// 1–12 for a month's English name or its first three letters, in any case.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let m = MONTHS.iter().position(|full| w == *full || (w.len() == 3 && full.starts_with(&w)))?;
    Some(m as u32 + 1)
}

/// `2019-03-13`, or the older `13 March 2019` (also `13-March-2019`, `13 Mar 2019`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        return NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?);
    }
    let mut parts = s.split([' ', '-']).filter(|p| !p.is_empty());
    let day: u32 = parts.next()?.parse().ok()?;
    let month = month_number(parts.next()?)?;
    let year: i32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn trimming_at_once_trims_as_str_trim_does() {
        for s in ["", " ", "a", " a ", "a\u{b}", "\u{a0}x", "x\u{3000}", "ab c", "\tq;", "é ", "Ḩalfāyā"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn both_acled_forms_read() {
        let d = ymd(2019, 3, 13);
        assert_eq!(parse_date("2019-03-13"), d);
        assert_eq!(parse_date("13 March 2019"), d);
        assert_eq!(parse_date("13-March-2019"), d);
        assert_eq!(parse_date("13 mar 2019"), d);
        assert_eq!(parse_date("1 December 2019"), ymd(2019, 12, 1));
        assert_eq!(parse_date("31 February 2019"), None);
        assert_eq!(parse_date("13 Marchh 2019"), None);
        assert_eq!(parse_date("03/13/2019"), None);
    }
}
