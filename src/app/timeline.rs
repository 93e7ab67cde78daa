//! The timeline's scroll position and the rows it shows: events under day or month headings,
//! or under a heading of their own interval when they are known less precisely.
//!
//! Scrolling is anchored on events, not rows: `top` is the first event drawn, and the rows
//! from it are computed on demand, so that moving costs the height of the pane, never the
//! number of events.

use crate::index::{Index, Minute};
use crate::model::DatePrecision;
use crate::model::{day_minute, minute_day, next_month};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

/// How events are grouped under headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Day,
    Month,
}

impl Grouping {
    /// Day headings for a set within about two months, month headings beyond.
    pub fn for_span(ix: &Index, shown: &[u32]) -> Grouping {
        match (shown.first(), shown.last()) {
            (Some(&a), Some(&b)) if ix.cols().start[b as usize] - ix.cols().start[a as usize] > 62 * 1440 => {
                Grouping::Month
            }
            _ => Grouping::Day,
        }
    }

    /// The group of event `ev`: its calendar day (or month) when its interval lies within
    /// one, else its own interval. An event known only to the week, the month or a span never
    /// stands under the heading of one day it may not have happened on.
    pub fn key(self, ix: &Index, ev: u32) -> Group {
        let (s, e) = (ix.cols().start[ev as usize], ix.cols().end[ev as usize]);
        let own = || Group::Interval { start: s, end: e, precision: ix.get(ev).date_precision() };
        match self {
            Grouping::Day => {
                let day = s.div_euclid(1440);
                if e <= (day + 1) * 1440 { Group::Day(day) } else { own() }
            }
            Grouping::Month => {
                let d = minute_day(s);
                let first = d.with_day(1).unwrap_or(d);
                if e <= day_minute(next_month(first)) {
                    Group::Month(d.year() as i64 * 12 + d.month0() as i64)
                } else {
                    own()
                }
            }
        }
    }
}

/// What an event is grouped under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A calendar day (days since 1970-01-01).
    Day(i64),
    /// A calendar month (year × 12 + month from 0).
    Month(i64),
    /// An interval longer than the calendar unit it starts in, under a heading of its own.
    Interval { start: Minute, end: Minute, precision: DatePrecision },
}

impl Group {
    /// The heading's words: "Wed 13 March 2019", "March 2019", "February 2019, day unknown",
    /// "2018, date unknown", "Week of 7–13 March 2019", "Night of 12/13 March 2019",
    /// "1 February – 13 March 2019".
    pub fn label(self) -> String {
        match self {
            Group::Day(d) => minute_day(d * 1440).format("%a %-d %B %Y").to_string(),
            Group::Month(m) => NaiveDate::from_ymd_opt(m.div_euclid(12) as i32, m.rem_euclid(12) as u32 + 1, 1)
                .map_or_else(String::new, |d| d.format("%B %Y").to_string()),
            Group::Interval { start, end, precision } => interval_label(start, end, precision),
        }
    }
}

fn interval_label(start: Minute, end: Minute, precision: DatePrecision) -> String {
    let (a, b) = (minute_time(start), minute_time(end));
    // the last day the interval touches: an end at midnight closes the day before
    let last = if b.time() == NaiveTime::MIN { b.date() - Duration::days(1) } else { b.date() };
    let whole_days = a.time() == NaiveTime::MIN && b.time() == NaiveTime::MIN;
    let first_of_month = a.date().day() == 1 && whole_days;
    match precision {
        DatePrecision::Year if first_of_month && a.date().month() == 1 && last.year() == a.year() => {
            format!("{}, date unknown", a.year())
        }
        DatePrecision::Month if first_of_month && last.month() == a.month() && last.year() == a.year() => {
            a.format("%B %Y, day unknown").to_string()
        }
        DatePrecision::Week if whole_days && last.month() == a.month() => {
            format!("Week of {}–{}", a.format("%-d"), last.format("%-d %B %Y"))
        }
        DatePrecision::Night if last == a.date() + Duration::days(1) => {
            format!("Night of {}/{}", a.format("%-d"), last.format("%-d %B %Y"))
        }
        _ => {
            let point = |t: chrono::NaiveDateTime, day: NaiveDate, year: bool| {
                let mut s = day.format("%-d %B").to_string();
                if year {
                    s.push_str(&day.format(" %Y").to_string());
                }
                if !whole_days {
                    s.push_str(&t.format(" %H:%M").to_string());
                }
                s
            };
            let bday = if whole_days { last } else { b.date() };
            if whole_days && a.year() == bday.year() && a.month() == bday.month() {
                return format!("{}–{}", a.format("%-d"), bday.format("%-d %B %Y"));
            }
            let (from, to) = (point(a, a.date(), a.year() != bday.year()), point(b, bday, true));
            format!("{from} – {to}")
        }
    }
}

fn minute_time(m: Minute) -> chrono::NaiveDateTime {
    minute_day(m).and_time(NaiveTime::MIN) + Duration::minutes(m.rem_euclid(1440))
}

/// One row of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The heading of the group of this event (by position in the shown list).
    Heading(usize),
    Event(usize),
}

/// Where the timeline is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Position (in the shown list) of the first event drawn.
    pub top: usize,
    /// Position of the selected event.
    pub sel: usize,
    pub grouping: Grouping,
}

impl Timeline {
    /// The rows that fill `height` lines from `top`: the first is always the heading of the
    /// top event's group, so that the date is never off screen.
    pub fn rows(&self, ix: &Index, shown: &[u32], height: usize) -> Vec<Row> {
        let mut rows = Vec::with_capacity(height);
        let mut last = None;
        let mut pos = self.top;
        while rows.len() < height && pos < shown.len() {
            let g = self.grouping.key(ix, shown[pos]);
            if last != Some(g) && height > 1 {
                rows.push(Row::Heading(pos));
                last = Some(g);
                continue;
            }
            last = Some(g);
            rows.push(Row::Event(pos));
            pos += 1;
        }
        rows
    }

    /// Rows needed to draw events `top..=sel`, counting no further than `limit + 1`.
    fn rows_needed(&self, ix: &Index, shown: &[u32], top: usize, last: usize, limit: usize) -> usize {
        let mut n = 0;
        let mut prev = None;
        for &ev in &shown[top..=last.min(shown.len().saturating_sub(1))] {
            let g = self.grouping.key(ix, ev);
            n += if prev != Some(g) { 2 } else { 1 };
            prev = Some(g);
            if n > limit {
                break;
            }
        }
        n
    }

    /// Moves the selection to `sel` (clamped) and scrolls the least that shows it.
    pub fn select(&mut self, ix: &Index, shown: &[u32], sel: usize, height: usize) {
        if shown.is_empty() {
            *self = Timeline { grouping: self.grouping, ..Timeline::default() };
            return;
        }
        let h = height.max(2);
        self.sel = sel.min(shown.len() - 1);
        if self.sel < self.top {
            self.top = self.sel;
        } else if self.rows_needed(ix, shown, self.top, self.sel, h) > h {
            // Moving down past the bottom: the selection becomes the last row.
            self.top = self.sel;
            while self.top > 0 && self.rows_needed(ix, shown, self.top - 1, self.sel, h) <= h {
                self.top -= 1;
            }
        }
        // Fill the pane when the end of the list would leave it half empty.
        while self.top > 0 && self.rows_needed(ix, shown, self.top - 1, shown.len() - 1, h) <= h {
            self.top -= 1;
        }
    }

    /// Scrolls by whole events, the selection staying where it is unless it leaves the pane.
    pub fn move_by(&mut self, ix: &Index, shown: &[u32], delta: isize, height: usize) {
        let sel = self.sel.saturating_add_signed(delta);
        self.select(ix, shown, sel, height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::When;
    use crate::model::minute;

    fn label(from: &str, to: &str, p: DatePrecision) -> String {
        let w = When::span(from, to, p, None).unwrap();
        interval_label(minute(w.start), minute(w.end), p)
    }

    #[test]
    fn imprecise_intervals_have_headings_of_their_precision() {
        let month = When::parse("2019-02").unwrap();
        assert_eq!(
            interval_label(minute(month.start), minute(month.end), month.precision),
            "February 2019, day unknown"
        );
        let year = When::parse("2018").unwrap();
        assert_eq!(interval_label(minute(year.start), minute(year.end), year.precision), "2018, date unknown");
        assert_eq!(label("2019-03-07", "2019-03-13", DatePrecision::Week), "Week of 7–13 March 2019");
        assert_eq!(label("2019-03-12T18:00", "2019-03-13T06:00", DatePrecision::Night), "Night of 12/13 March 2019");
        assert_eq!(label("2019-02-01", "2019-03-13", DatePrecision::Span), "1 February – 13 March 2019");
        assert_eq!(label("2019-03-13", "2019-03-14", DatePrecision::Span), "13–14 March 2019");
        assert_eq!(
            label("2019-03-12T18:00", "2019-03-14T06:00", DatePrecision::Span),
            "12 March 18:00 – 14 March 2019 06:00"
        );
        assert_eq!(label("2018-12-30", "2019-01-02", DatePrecision::Span), "30 December 2018 – 2 January 2019");
    }

    /// Filtered to HTS, the month-precision bombing stood under "Fri 1 February 2019".
    #[test]
    fn an_event_known_to_the_month_never_stands_under_a_day() {
        let mut evs = crate::synth::events(3, 1);
        evs[0].date = When::parse("2019-02").unwrap();
        evs[1].date = When::parse("2019-02-01").unwrap();
        evs[2].date = When::parse("2019-02-01T10:00").unwrap();
        let ix = Index::new(evs);
        let keys: Vec<Group> = (0..3).map(|i| Grouping::Day.key(&ix, i)).collect();
        let day = minute(When::parse("2019-02-01").unwrap().start) / 1440;
        assert_eq!(keys.iter().filter(|k| **k == Group::Day(day)).count(), 2);
        assert!(keys.iter().any(|k| matches!(k, Group::Interval { precision: DatePrecision::Month, .. })));
        // under month headings, a month-precision event stands under its month
        assert!((0..3).all(|i| matches!(Grouping::Month.key(&ix, i), Group::Month(_))));
    }
}
