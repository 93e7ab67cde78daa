//! ACLED's `event_date`: `2019-03-13`, the older `13 March 2019`, and what a spreadsheet makes of
//! them once the file has been opened and saved (`9-May-20`, `31-12-19`, `5/9/2020`).
//!
//! A spreadsheet's form is read with the row's `year` column, which settles a two-digit year
//! and which part is the year, and with the file's other dates, which settle whether the day
//! or the month comes first: one spreadsheet writes every date of a file in one order, so a
//! `13/5/2020` anywhere says that `5/9/2020` is the 5th of September. Only what stays ambiguous
//! is refused.

use crate::formats::acled::week_around;
use crate::load::cells::{month_number, parse_date};
use crate::load::csv::BadField;
use crate::model::When;
use chrono::{Datelike, NaiveDate};

/// The hint of a date sitrep cannot read as it stands.
pub const DATE_HINT: &str = "ACLED dates read 2019-03-13 or 13 March 2019; a spreadsheet may have rewritten \
     them: format the column as yyyy-mm-dd";

/// How the dates of a file are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// Only ACLED's own forms; a spreadsheet's form is refused with [`SPREADSHEET_HINT`], so
    /// that the caller can look at the whole file and read again (see [`Style::of_dates`]).
    #[default]
    Strict,
    /// Spreadsheet forms too; `day_first` when the file's dates say so, None when they do not.
    Spreadsheet { day_first: Option<bool> },
}

/// The hint of a spreadsheet's date read strictly: the full load reads the file again.
pub const SPREADSHEET_HINT: &str = "this date is in a spreadsheet's form; read with the file's `year` column";

/// The hint of a spreadsheet's date whose order of day and month stays open.
const AMBIGUOUS_HINT: &str = "the day and the month can be read either way, and no other date of the file \
     settles it: format the column as yyyy-mm-dd in the spreadsheet, or fix this date";

/// The event's date from event_date, time_precision and year: 1 the day, 2 the week around it,
/// 3 its month.
pub fn when(date: &str, precision: &str, year: &str, style: Style) -> Result<When, BadField> {
    let d = match parse_date(date) {
        Some(d) => d,
        None => match (style, spreadsheet(date, year)) {
            (_, None) => return Err(BadField::new("event_date", format!("{date:?} is not a date"), DATE_HINT)),
            (Style::Strict, Some(_)) => {
                return Err(BadField::new("event_date", format!("{date:?} is not a date"), SPREADSHEET_HINT));
            }
            (Style::Spreadsheet { day_first }, Some(form)) => form.date(day_first).ok_or_else(|| {
                let why = if form.both_ways() { AMBIGUOUS_HINT } else { DATE_HINT };
                let what = if form.both_ways() { "reads as two dates" } else { "is not a date" };
                BadField::new("event_date", format!("{date:?} {what}"), why)
            })?,
        },
    };
    match precision {
        "" | "1" => Ok(When::day(d)),
        "2" => Ok(week_around(d)),
        "3" => month_of(d).ok_or_else(|| BadField::new("event_date", "has no month", "check the date")),
        other => Err(BadField::new(
            "time_precision",
            format!("{other:?} is not 1, 2 or 3"),
            "ACLED's time_precision is 1 (the day), 2 (the week) or 3 (the month)",
        )),
    }
}

/// The calendar month of `d`.
pub fn month_of(d: NaiveDate) -> Option<When> {
    When::parse(&format!("{:04}-{:02}", d.year(), d.month())).ok()
}

/// A date as a spreadsheet writes it, with the year settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Form {
    year: i32,
    /// The two other parts in the order written; `named` when the month is a name.
    first: u32,
    second: u32,
    named: bool,
}

impl Form {
    /// Whether the day and the month could be read either way.
    fn both_ways(&self) -> bool {
        !self.named && self.first != self.second && self.first <= 12 && self.second <= 12
    }

    /// What the parts alone say of their order: Some(true) when only day-first reads.
    fn says_day_first(&self) -> Option<bool> {
        if self.named {
            return None;
        }
        let reads = |d: u32, m: u32| NaiveDate::from_ymd_opt(self.year, m, d).is_some();
        match (reads(self.first, self.second), reads(self.second, self.first)) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    }

    fn date(&self, day_first: Option<bool>) -> Option<NaiveDate> {
        let day_first = if self.named || self.first == self.second {
            true
        } else if self.both_ways() {
            day_first?
        } else {
            self.says_day_first()?
        };
        let (d, m) = if day_first { (self.first, self.second) } else { (self.second, self.first) };
        NaiveDate::from_ymd_opt(self.year, m, d)
    }
}

/// `9-May-20`, `31-12-19`, `5/9/2020`, `09.05.2020`, `2020/5/9`: three parts, the year found
/// with the row's `year` (a two-digit year is only read with it).
fn spreadsheet(s: &str, year: &str) -> Option<Form> {
    let parts: Vec<&str> = s.split(['-', '/', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let [a, b, c] = parts[..] else { return None };
    let year: Option<i32> = year.trim().parse().ok().filter(|y| (1000..=9999).contains(y));
    let is_year = |p: &str| match (p.len(), year) {
        (4, y) => p.parse::<i32>().ok().filter(|v| y.is_none_or(|y| y == *v)),
        (2, Some(y)) => p.parse::<i32>().ok().filter(|v| *v == y % 100).map(|_| y),
        _ => None,
    };
    let number = |p: &str| p.parse::<u32>().ok().filter(|_| p.len() <= 2);
    let named = |p: &str| month_number(p);
    // the year last (day and month first), or first and then month and day (2020/5/9; with
    // `-` that is ISO's form, which is read strictly or not at all)
    if let Some(y) = is_year(c) {
        let form = match (number(a), number(b), named(b), named(a)) {
            (Some(d), None, Some(m), _) => Form { year: y, first: d, second: m, named: true },
            (None, Some(d), _, Some(m)) => Form { year: y, first: d, second: m, named: true },
            (Some(p), Some(q), _, _) => Form { year: y, first: p, second: q, named: false },
            _ => return None,
        };
        return Some(form);
    }
    let y = is_year(a).filter(|_| a.len() == 4 && !s.contains('-'))?;
    let (m, d) = (number(b)?, number(c)?);
    // day first, as the month is named: only this order reads
    Some(Form { year: y, first: d, second: m, named: true })
}

/// How the spreadsheet dates of a file read, from all of them: (date, year) of each row.
/// None when the file holds no date in a spreadsheet's form.
pub fn style_of<'a>(dates: impl Iterator<Item = (&'a str, &'a str)>) -> Option<(Style, usize)> {
    let (mut found, mut day_first, mut month_first) = (0, false, false);
    for (date, year) in dates {
        if parse_date(date).is_some() {
            continue;
        }
        let Some(form) = spreadsheet(date, year) else { continue };
        found += 1;
        match form.says_day_first() {
            Some(true) => day_first = true,
            Some(false) => month_first = true,
            None => {}
        }
    }
    let order = match (day_first, month_first) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    };
    (found > 0).then_some((Style::Spreadsheet { day_first: order }, found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DatePrecision;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn precisions_widen_the_date() {
        let w = when("2019-03-13", "2", "", Style::Strict).unwrap();
        assert_eq!(
            (w.from_text(), w.to_text(), w.precision),
            ("2019-03-10".into(), "2019-03-16".into(), DatePrecision::Week)
        );
        let m = when("2019-03-13", "3", "", Style::Strict).unwrap();
        assert_eq!(m, When::parse("2019-03").unwrap());
        assert_eq!(when("2019-03-13", "", "", Style::Strict).unwrap(), When::parse("2019-03-13").unwrap());
        assert_eq!(when("2019-03-13", "4", "", Style::Strict).unwrap_err().field, "time_precision");
    }

    /// The forms seen in ACLED files saved by spreadsheets.
    #[test]
    fn spreadsheet_forms_read_with_the_year_column() {
        let read = |s: &str, y: &str, day_first: Option<bool>| spreadsheet(s, y).and_then(|f| f.date(day_first));
        assert_eq!(read("9-May-20", "2020", None), ymd(2020, 5, 9));
        assert_eq!(read("31-12-19", "2019", None), ymd(2019, 12, 31));
        assert_eq!(read("5/9/2020", "2020", None), None, "either order reads");
        assert_eq!(read("5/9/2020", "2020", Some(false)), ymd(2020, 5, 9));
        assert_eq!(read("5/9/2020", "2020", Some(true)), ymd(2020, 9, 5));
        assert_eq!(read("13/5/2020", "2020", Some(false)), ymd(2020, 5, 13), "only one order reads");
        assert_eq!(read("09.05.2020", "", Some(true)), ymd(2020, 5, 9));
        assert_eq!(read("2020/5/9", "2020", None), ymd(2020, 5, 9), "year first: then month, day");
        assert_eq!(read("2019-13-01", "2019", None), None, "ISO's form is read strictly");
        assert_eq!(read("9-May-20", "", None), None, "a two-digit year needs the year column");
        assert_eq!(read("9-May-20", "2021", None), None, "nor does it read against it");
        assert_eq!(read("May 9 2020", "2020", None), ymd(2020, 5, 9));
    }

    #[test]
    fn the_files_dates_settle_the_order() {
        let dates = [("5/9/2020", "2020"), ("13/5/2020", "2020"), ("2020-01-01", "2020")];
        assert_eq!(style_of(dates.into_iter()), Some((Style::Spreadsheet { day_first: Some(true) }, 2)));
        let mixed = [("5/13/2020", "2020"), ("13/5/2020", "2020")];
        assert_eq!(style_of(mixed.into_iter()), Some((Style::Spreadsheet { day_first: None }, 2)));
        assert_eq!(style_of([("2020-01-01", "2020")].into_iter()), None);
    }
}
