//! ACLED's CSV, as both sitrep's reader (`load::acled`) and its writer (`export::acled`) know it.

use crate::model::{DatePrecision, When};
use chrono::{Duration, NaiveDate};
use std::borrow::Cow;

/// The columns of a current ACLED export, in ACLED's order.
pub const COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// ACLED's time_precision 2, "the week": seven days with `d` in the middle.
pub fn week_around(d: NaiveDate) -> When {
    let start = (d - Duration::days(3)).and_time(chrono::NaiveTime::MIN);
    When { start, end: start + Duration::days(7), precision: DatePrecision::Week, text: None }
}

/// A cell made inert for a spreadsheet: a cell that a spreadsheet would run as a formula (`=`,
/// `+`, `-`, `@`, a tab or a carriage return first, and not a number) is written with a leading
/// `'`, as is a cell that already starts with apostrophes before such a character, so that
/// [`undefuse`] takes exactly one off and the value reads back as it was.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    let risky = cell.trim_start_matches('\'').starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.parse::<f64>().is_ok_and(f64::is_finite);
    if risky && !number { Cow::Owned(format!("'{cell}")) } else { Cow::Borrowed(cell) }
}

/// `'=…`, as [`defuse`] writes a cell that a spreadsheet would run as a formula, read back as
/// `=…`: one apostrophe before any apostrophes and one of `=`, `+`, `-`, `@`, a tab or a
/// carriage return is taken off.
pub fn undefuse(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        for (cell, written) in
            [("=1+1", "'=1+1"), ("-3.5", "-3.5"), ("'=x", "''=x"), ("@SUM(A1)", "'@SUM(A1)"), ("-", "'-"), ("x", "x")]
        {
            assert_eq!(defuse(cell), written);
            assert_eq!(undefuse(&defuse(cell)), cell, "reads back");
        }
    }

    #[test]
    fn a_defused_cell_reads_back_as_written() {
        for (cell, read) in [("'=1+1", "=1+1"), ("''=x", "'=x"), ("'-3", "-3"), ("'x", "'x"), ("-3", "-3"), ("'", "'")]
        {
            assert_eq!(undefuse(cell), read);
        }
    }
}
