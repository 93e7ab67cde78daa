//! Events per day, week, month or year of the filtered set, counted once per filter change
//! (and resize) so that drawing a frame costs the width of the strip.
//!
//! An event known only to a week, a month, a year or a span is never put into one day's bin:
//! its one event is spread over the bins its interval covers, in proportion, and kept apart
//! (`spread`) so that the strip can draw it as a band rather than a bar.

use crate::index::{Index, Minute};
use crate::model::{day_minute, minute_day, next_month};
use chrono::{Datelike, Duration, NaiveDate};

/// The bin of the histogram and of `sitrep stats`' table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, clap::ValueEnum)]
pub enum Unit {
    #[default]
    Day,
    /// Weeks from Monday.
    Week,
    Month,
    Year,
}

impl Unit {
    pub const ALL: [Unit; 4] = [Unit::Day, Unit::Week, Unit::Month, Unit::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }

    /// The first day of the bin holding `d`.
    pub fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Unit::Day => d,
            Unit::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Unit::Month => d.with_day(1).unwrap_or(d),
            Unit::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
        }
    }

    /// The first day of the bin after the one starting on `d`.
    pub fn next(self, d: NaiveDate) -> NaiveDate {
        match self {
            Unit::Day => d + Duration::days(1),
            Unit::Week => d + Duration::days(7),
            Unit::Month => next_month(d),
            Unit::Year => NaiveDate::from_ymd_opt(d.year() + 1, 1, 1).unwrap_or(d),
        }
    }

    /// How many bins cover the days `first..=last`.
    pub fn bins(self, first: NaiveDate, last: NaiveDate) -> usize {
        let (a, b) = (self.start_of(first), self.start_of(last));
        match self {
            Unit::Day => (b - a).num_days() as usize + 1,
            Unit::Week => (b - a).num_days() as usize / 7 + 1,
            Unit::Month => ((b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32) as usize + 1,
            Unit::Year => (b.year() - a.year()) as usize + 1,
        }
    }

    /// The smallest unit whose bins over `first..=last` fit in `columns`.
    pub fn fitting(first: NaiveDate, last: NaiveDate, columns: usize) -> Unit {
        Unit::ALL.into_iter().find(|u| u.bins(first, last) <= columns.max(1)).unwrap_or(Unit::Year)
    }

    /// A bin's name on an axis: "6 May", "May 2019", "2019".
    pub fn axis_label(self, d: NaiveDate) -> String {
        match self {
            Unit::Day | Unit::Week => d.format("%-d %b").to_string(),
            Unit::Month => d.format("%b %Y").to_string(),
            Unit::Year => d.format("%Y").to_string(),
        }
    }
}

/// Counts per bin over the span of the filtered events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram {
    pub unit: Unit,
    /// Whether the unit was chosen by the user rather than to fit the width.
    pub chosen: bool,
    /// Start of each bin, in minutes, ascending; one more than the counts (the end).
    pub edges: Vec<Minute>,
    /// Events stated within one bin.
    pub counts: Vec<u32>,
    /// Shares of events stated over more than one bin.
    pub spread: Vec<f32>,
}

impl Histogram {
    /// The histogram of `shown` in bins of `unit`, or of the smallest unit that fits
    /// `columns`.
    pub fn new(ix: &Index, shown: &[u32], columns: usize, unit: Option<Unit>) -> Histogram {
        let Some(&a) = shown.first() else { return Histogram::default() };
        let cols = ix.cols();
        let first = minute_day(cols.start[a as usize]);
        // The latest end: only events starting within the longest interval of the last start
        // can end after it, so only the tail of the list is read.
        let last_start = shown.last().map_or(0, |&b| cols.start[b as usize]);
        let tail = shown.iter().rev().take_while(|&&i| cols.start[i as usize] >= last_start - cols.max_len);
        let last_end = tail.map(|&i| cols.end[i as usize]).max().unwrap_or(last_start + 1);
        let last = minute_day(last_end - 1).max(first);
        let chosen = unit.is_some();
        let unit = unit.unwrap_or_else(|| Unit::fitting(first, last, columns));
        let mut d = unit.start_of(first);
        let mut edges = vec![day_minute(d)];
        while d <= last {
            d = unit.next(d);
            edges.push(day_minute(d));
        }
        let n = edges.len() - 1;
        let (mut counts, mut spread) = (vec![0u32; n], vec![0f32; n]);
        let bin_of = |m: Minute| edges.partition_point(|&e| e <= m).saturating_sub(1).min(n - 1);
        // Events come in date order: the bin of their start only ever moves forward, and most
        // end in it, so that one pass without searches counts them.
        let mut b0 = 0;
        for &i in shown {
            let (s, e) = (cols.start[i as usize], cols.end[i as usize].max(cols.start[i as usize] + 1));
            while b0 + 1 < n && s >= edges[b0 + 1] {
                b0 += 1;
            }
            if e <= edges[b0 + 1] {
                counts[b0] += 1;
                continue;
            }
            let b1 = bin_of(e - 1);
            let len = (e - s) as f32;
            for (b, share) in spread.iter_mut().enumerate().take(b1 + 1).skip(b0) {
                let overlap = e.min(edges[b + 1]) - s.max(edges[b]);
                *share += overlap.max(0) as f32 / len;
            }
        }
        Histogram { unit, chosen, edges, counts, spread }
    }

    /// The bin of a minute.
    pub fn bin_of(&self, m: Minute) -> Option<usize> {
        let p = self.edges.partition_point(|&e| e <= m);
        (p >= 1 && p < self.edges.len()).then(|| p - 1)
    }

    /// The events of a bin: those within it and the shares of those that span it.
    pub fn total(&self, bin: usize) -> f32 {
        self.counts[bin] as f32 + self.spread[bin]
    }

    /// The first day of a bin.
    pub fn day(&self, bin: usize) -> NaiveDate {
        minute_day(self.edges[bin])
    }

    pub fn first_day(&self) -> Option<NaiveDate> {
        self.edges.first().map(|&m| minute_day(m))
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.edges.last().map(|&m| minute_day(m - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn the_bin_fits_the_span_to_the_width() {
        assert_eq!(Unit::fitting(d("2019-03-01"), d("2019-03-31"), 50), Unit::Day);
        assert_eq!(Unit::fitting(d("2019-01-01"), d("2019-12-31"), 60), Unit::Week);
        assert_eq!(Unit::fitting(d("2016-01-01"), d("2019-12-31"), 60), Unit::Month);
        assert_eq!(Unit::fitting(d("1989-01-01"), d("2022-12-31"), 60), Unit::Year);
        assert_eq!(Unit::Month.bins(d("2018-12-31"), d("2019-01-01")), 2);
        assert_eq!(Unit::Week.start_of(d("2019-03-13")), d("2019-03-11"));
    }

    #[test]
    fn an_event_of_a_month_is_spread_over_its_days_never_put_in_one() {
        let mut evs = crate::synth::events(2, 1);
        evs[0].date = crate::model::When::parse("2019-02").unwrap_or_else(|_| crate::model::When::day(d("2019-02-01")));
        evs[1].date = crate::model::When::day(d("2019-02-20"));
        let ix = Index::new(evs);
        let h = Histogram::new(&ix, &[0, 1], 40, None);
        assert_eq!(h.unit, Unit::Day);
        assert_eq!(h.counts.iter().sum::<u32>(), 1, "only the day's event is counted in a day");
        assert!((h.spread.iter().sum::<f32>() - 1.0).abs() < 1e-4, "the month's event, spread whole");
        assert!(h.spread.iter().all(|&s| (s - 1.0 / 28.0).abs() < 1e-4), "{:?}", h.spread);
        assert_eq!(h.counts[19], 1);
    }
}
