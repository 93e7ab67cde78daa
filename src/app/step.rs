//! The date keys `[`, `]`, `{`, `}`: step the filter through the days or months that have
//! events under the rest of it.

use super::App;
use super::filter::DateStep;
use crate::model::{minute_day, next_month};
use chrono::{Datelike, Duration, NaiveDate};

/// The unit of a step holding `d`.
fn unit(d: NaiveDate, month: bool) -> DateStep {
    if month { DateStep::Month(d.with_day(1).unwrap_or(d)) } else { DateStep::Day(d) }
}

/// The unit just before the one holding `d`, so that a step forward lands on `d`'s own unit
/// when it has events.
fn unit_before(d: NaiveDate, month: bool) -> DateStep {
    match unit(d, month) {
        DateStep::Day(d) => DateStep::Day(d - Duration::days(1)),
        DateStep::Month(d) => unit(d - Duration::days(1), true),
    }
}

/// How a step names its date in a message: "6 May 2019", "May 2019".
fn spoken(d: DateStep) -> String {
    match d {
        DateStep::Day(d) => d.format("%-d %B %Y").to_string(),
        DateStep::Month(d) => d.format("%B %Y").to_string(),
    }
}

impl App {
    /// The first press filters to the selected event's day (or month), or the first one after
    /// it with events; the next presses step to the previous or next day (month) with events
    /// under the rest of the filter. A `date:` term typed in the query bar is where the steps
    /// start from, and is replaced by the step: the filter never holds two dates.
    pub(super) fn step_date(&mut self, forward: bool, month: bool) {
        let before = self.filter.clone();
        // The range the filter is limited to now, if any: a step or a typed term.
        let mut range: Option<(NaiveDate, NaiveDate)> = self.filter.date.map(|d| {
            let (a, b) = d.range();
            (minute_day(a), minute_day(b))
        });
        if self.filter.date.is_none()
            && let Some((a, b)) = self.filter.take_date_term()
        {
            range = Some((a, b));
            if (b - a).num_days() == 1 {
                self.filter.date = Some(DateStep::Day(a));
            } else if a.day() == 1 && b == next_month(a) {
                self.filter.date = Some(DateStep::Month(a));
            }
        }
        if let Err(e) = self.undated() {
            self.filter = before;
            self.error(format!("bad query: {}", e.message));
            return;
        }
        let (from, forward) = match self.filter.date {
            Some(d @ DateStep::Day(_)) if !month => (d, forward),
            Some(d @ DateStep::Month(_)) if month => (d, forward),
            _ => {
                // The selected event's day when it lies in the range stepped from, else the
                // range's first day; without a range, the selected event's or the first one's.
                let sel_day = self.selected().map(|ev| minute_day(self.ix.cols().start[ev as usize]));
                let first = self.undated_events().first().map(|&ev| minute_day(self.ix.cols().start[ev as usize]));
                let day = match (range, sel_day) {
                    (Some((a, b)), Some(s)) if (a..b).contains(&s) => s,
                    (Some((a, _)), _) => a,
                    (None, s) => match s.or(first) {
                        Some(d) => d,
                        None => {
                            self.filter = before;
                            self.error("no events to step through");
                            return;
                        }
                    },
                };
                (unit_before(day, month), true)
            }
        };
        // A day is taken only when the query finds events on it: should `date:` read dates more
        // strictly than `step` guesses, the next candidate is tried.
        let mut at = from;
        while let Some(t) = super::filter::step(&self.ix, self.undated_events(), at, forward) {
            self.filter.date = Some(t);
            self.apply_filter_now();
            if !self.shown.is_empty() {
                self.message = None;
                return;
            }
            at = t;
        }
        self.filter = before;
        self.apply_filter();
        self.info(format!(
            "no {} with events {} {}",
            if month { "month" } else { "day" },
            if forward { "after" } else { "before" },
            spoken(from)
        ));
    }
}
