//! Events per day, week or month of the filtered set, counted once per filter change so that
//! drawing a frame costs the width of the strip.

use super::filter::{day_minute, minute_day, next_month};
use crate::index::{Index, Minute};
use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    #[default]
    Day,
    Week,
    Month,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
        }
    }
}

/// Counts per bin over the span of the filtered events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram {
    pub unit: Unit,
    /// Start of each bin, in minutes, ascending; one more than the counts (the end).
    pub edges: Vec<Minute>,
    pub counts: Vec<u32>,
}

impl Histogram {
    /// Days for up to four months, weeks up to three years, months beyond.
    pub fn new(ix: &Index, shown: &[u32]) -> Histogram {
        let (Some(&a), Some(&b)) = (shown.first(), shown.last()) else { return Histogram::default() };
        let (first, last) = (minute_day(ix.start[a as usize]), minute_day(ix.start[b as usize]));
        let days = (last - first).num_days();
        let unit = if days <= 120 {
            Unit::Day
        } else if days <= 3 * 365 {
            Unit::Week
        } else {
            Unit::Month
        };
        let mut d: NaiveDate = match unit {
            Unit::Day => first,
            Unit::Week => first - Duration::days(first.weekday().num_days_from_monday() as i64),
            Unit::Month => first.with_day(1).unwrap_or(first),
        };
        let mut edges = vec![day_minute(d)];
        while d <= last {
            d = match unit {
                Unit::Day => d + Duration::days(1),
                Unit::Week => d + Duration::days(7),
                Unit::Month => next_month(d),
            };
            edges.push(day_minute(d));
        }
        let mut counts = vec![0u32; edges.len() - 1];
        // Events come in date order: one pass, the bin only ever moves forward.
        let mut bin = 0;
        for &i in shown {
            let s = ix.start[i as usize];
            while bin + 1 < counts.len() && s >= edges[bin + 1] {
                bin += 1;
            }
            counts[bin] += 1;
        }
        Histogram { unit, edges, counts }
    }

    /// The bin of a minute.
    pub fn bin_of(&self, m: Minute) -> Option<usize> {
        let p = self.edges.partition_point(|&e| e <= m);
        (p >= 1 && p < self.edges.len()).then(|| p - 1)
    }

    pub fn first_day(&self) -> Option<NaiveDate> {
        self.edges.first().map(|&m| minute_day(m))
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.edges.last().map(|&m| minute_day(m - 1))
    }
}
