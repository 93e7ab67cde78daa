//! The filter as the user builds it: the query bar's text, and the terms the pickers, the date
//! keys and the map add. Everything but the map's box is written in the query language, so
//! that the filter can be cited as a command line.

use crate::index::Index;
use crate::model::{Minute, day_minute, minute_day, next_month};
use crate::query::TermKind;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

/// A step of the date keys: one day or one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStep {
    Day(NaiveDate),
    /// The first day of the month.
    Month(NaiveDate),
}

impl DateStep {
    /// The interval `[from, to)` in minutes.
    pub fn range(self) -> (Minute, Minute) {
        let (a, b) = match self {
            DateStep::Day(d) => (d, d + Duration::days(1)),
            DateStep::Month(d) => (d, next_month(d)),
        };
        (day_minute(a), day_minute(b))
    }

    /// The term in the query language.
    pub fn term(self) -> String {
        match self {
            DateStep::Day(d) => format!("date:{}", d.format("%Y-%m-%d")),
            DateStep::Month(d) => format!("date:{}", d.format("%Y-%m")),
        }
    }
}

/// An area of the map: degrees, south < north, west < east.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBox {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl GeoBox {
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

/// What the timeline shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// The query bar's text.
    pub text: String,
    /// Actors picked in the actor picker (any of them).
    pub actors: Vec<String>,
    /// Types picked in the type picker (any of them).
    pub types: Vec<String>,
    /// A `near:` value set from the map.
    pub near: Option<String>,
    pub date: Option<DateStep>,
    /// The box of the world the map showed when `f` was pressed: only events within it pass.
    pub within: Option<GeoBox>,
}

/// A name as one value of a term: quoted when it holds a space or a comma.
pub fn value(name: &str) -> String {
    let clean: String = name.chars().filter(|&c| c != '"').collect();
    if clean.contains([' ', ',']) { format!("\"{clean}\"") } else { clean }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The terms other than the query bar's and the date step's, in the query language.
    fn key_terms(&self) -> Vec<String> {
        let mut t = Vec::new();
        let list = |names: &[String]| names.iter().map(|n| value(n)).collect::<Vec<_>>().join(",");
        if !self.actors.is_empty() {
            t.push(format!("actor:{}", list(&self.actors)));
        }
        if !self.types.is_empty() {
            t.push(format!("type:{}", list(&self.types)));
        }
        if let Some(n) = &self.near {
            t.push(format!("near:{n}"));
        }
        t
    }

    /// Everything but the date step and the map's box: the days to step through are the days
    /// with events of this query.
    pub fn base_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        // Leading spaces are kept so that the spans of errors point into the query bar's text.
        if !self.text.trim().is_empty() {
            parts.push(self.text.trim_end().to_string());
        }
        parts.extend(self.key_terms());
        parts.join(" ")
    }

    /// The whole filter in the query language (the map's box aside), as `--query` takes it.
    pub fn query(&self) -> String {
        let mut q = self.base_query();
        if let Some(d) = self.date {
            if !q.is_empty() {
                q.push(' ');
            }
            q.push_str(&d.term());
        }
        q
    }

    /// Takes the last strict `date:` term of a single range out of the query bar's text: its
    /// first day and the day after its last. The date keys step from it and replace it.
    pub fn take_date_term(&mut self) -> Option<(NaiveDate, NaiveDate)> {
        let q = crate::query::Query::parse(&self.text).ok()?;
        let (span, from, to) = q.terms.iter().rev().find_map(|t| match t.kind {
            TermKind::Date { from: Some(a), to: Some(b), overlap: false } if !t.negated => Some((t.span.clone(), a, b)),
            _ => None,
        })?;
        let (a, b) = (from.date(), if to.time() == NaiveTime::MIN { to.date() } else { to.date().succ_opt()? });
        let (head, tail) = (self.text[..span.start].trim_end(), self.text[span.end..].trim());
        let rest = if head.is_empty() || tail.is_empty() { format!("{head}{tail}") } else { format!("{head} {tail}") };
        self.text = rest;
        Some((a, b))
    }

    /// The active terms, for the status line.
    pub fn terms(&self) -> Vec<String> {
        let mut t = Vec::new();
        if !self.text.trim().is_empty() {
            t.push(self.text.trim().to_string());
        }
        t.extend(self.key_terms());
        if let Some(d) = self.date {
            t.push(d.term());
        }
        if let Some(b) = self.within {
            t.push(format!("in view {:.2},{:.2}..{:.2},{:.2}", b.south, b.west, b.north, b.east));
        }
        t
    }
}

/// The next (or previous) day or month after `from` on which some event of `base` starts and
/// is stated about that precisely, so that `date:` of it matches that event.
pub fn step(ix: &Index, base: &[u32], from: DateStep, forward: bool) -> Option<DateStep> {
    let cols = ix.cols();
    let (a, b) = from.range();
    let fits = |i: u32| {
        let (s, e) = (cols.start[i as usize], cols.end[i as usize]);
        match from {
            // `date:` allows a day of slack: "the 13th or the 14th" answers a day.
            DateStep::Day(_) => e - s <= 2 * 1440,
            DateStep::Month(_) => e - s <= 32 * 1440,
        }
    };
    let found = if forward {
        let p = base.partition_point(|&i| cols.start[i as usize] < b);
        base[p..].iter().copied().find(|&i| fits(i))
    } else {
        let p = base.partition_point(|&i| cols.start[i as usize] < a);
        base[..p].iter().rev().copied().find(|&i| fits(i))
    }?;
    let day = minute_day(cols.start[found as usize]);
    Some(match from {
        DateStep::Day(_) => DateStep::Day(day),
        DateStep::Month(_) => DateStep::Month(day.with_day(1).unwrap_or(day)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_quotes_names_and_adds_the_date() {
        let f = Filter {
            text: "camp ".into(),
            actors: vec!["Hayat Tahrir al Sham".into(), "HTS".into()],
            date: Some(DateStep::Day(NaiveDate::from_ymd_opt(2019, 3, 13).unwrap_or_default())),
            ..Filter::default()
        };
        assert_eq!(f.query(), "camp actor:\"Hayat Tahrir al Sham\",HTS date:2019-03-13");
        assert_eq!(f.base_query(), "camp actor:\"Hayat Tahrir al Sham\",HTS");
        assert!(crate::query::Query::parse(&f.query()).is_ok());
    }

    #[test]
    fn the_date_term_of_the_query_bar_is_taken_out_whole() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let mut f = Filter { text: "actor:HTS date:2019-05-06 camp".into(), ..Filter::default() };
        assert_eq!(f.take_date_term(), Some((d(2019, 5, 6), d(2019, 5, 7))));
        assert_eq!(f.text, "actor:HTS camp");
        let mut f = Filter { text: "date:2019-05 -date:2019-05-03".into(), ..Filter::default() };
        assert_eq!(f.take_date_term(), Some((d(2019, 5, 1), d(2019, 6, 1))), "a negated term is not stepped from");
        assert_eq!(f.text, "-date:2019-05-03");
        let mut f = Filter { text: "overlaps:2019 killed:>5".into(), ..Filter::default() };
        assert_eq!(f.take_date_term(), None);
        assert_eq!(f.text, "overlaps:2019 killed:>5");
    }
}
