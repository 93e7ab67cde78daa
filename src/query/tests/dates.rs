//! `date:` and `overlaps:`: days, months, years, hours, ranges open at either end, and the rule
//! that `date:` keeps only events stated about as precisely as the range asked for (at most a
//! day longer), while `overlaps:` takes any overlap.

use super::*;
use crate::query::{Compiled, Widen};

/// Each event's interval is written beside it; lengths matter for the precision rule.
fn set() -> Set {
    Set::new(vec![
        ev("d12", "2019-03-12"),
        ev("d13", "2019-03-13"),
        ev("d14", "2019-03-14"),
        // 12 March 18:00 to 13 March 06:00: twelve hours, across midnight
        ev("night", "2019-03-12").span("2019-03-12T18:00", "2019-03-13T06:00"),
        // "on the 13th or the 14th": two days
        ev("two-days", "2019-03-13").span("2019-03-13", "2019-03-14"),
        // 12 to 14 March: three days
        ev("three-days", "2019-03-12").span("2019-03-12", "2019-03-14"),
        // 11 to 17 March: a week
        ev("week", "2019-03-11").span("2019-03-11", "2019-03-17"),
        // known only to the month: 31 days
        ev("march", "2019-03"),
        // "since early February", to 13 March: 5 February to 14 March 00:00, 37 days
        ev("feb-to-mar", "2019-02-05").span("2019-02-05", "2019-03-13"),
        // one minute
        ev("t1430", "2019-03-13T14:30"),
        ev("dec31", "2018-12-31"),
        // 31 December 2018 18:00 to 1 January 2019 06:00
        ev("new-year", "2018-12-31").span("2018-12-31T18:00", "2019-01-01T06:00"),
        ev("apr1", "2019-04-01"),
        // known only to the year
        ev("year", "2019"),
    ])
}

#[test]
fn a_day_takes_events_stated_to_about_a_day() {
    set().table(&[
        // the night and the two-day event touch the 13th and are at most a day longer than it;
        // three days, a week, the month are too coarse; d12 ends as the 13th begins
        ("date:2019-03-13", &["d13", "night", "two-days", "t1430"], Both),
        ("date:2019-03-12", &["d12", "night"], Both),
        ("date:2019-03-14", &["d14", "two-days"], Both),
        // an hour takes a day (one day of slack) but not two
        ("date:2019-03-13T14", &["d13", "t1430"], Both),
        ("date:2019-03-13T14:30", &["d13", "t1430"], Both),
        ("date:2019-03-13T15", &["d13"], Both),
        ("DATE:2019-03-12", &["d12", "night"], Both),
    ]);
}

#[test]
fn months_and_years_take_what_they_hold() {
    set().table(&[
        // 31 days and one of slack: the week and the month fit, "since early February" does not
        ("date:2019-03", &["d12", "d13", "d14", "night", "two-days", "three-days", "week", "march", "t1430"], Both),
        // April begins as the month ends: the end of an interval is not in it
        ("date:2019-04", &["apr1"], Both),
        // the night across new year is in both years; the year-long event in its year
        (
            "date:2019",
            &[
                "d12",
                "d13",
                "d14",
                "night",
                "two-days",
                "three-days",
                "week",
                "march",
                "feb-to-mar",
                "t1430",
                "new-year",
                "apr1",
                "year",
            ],
            Both,
        ),
        ("date:2018", &["dec31", "new-year"], Both),
        ("date:2017", &[], Both),
    ]);
}

#[test]
fn ranges_and_open_ends() {
    set().table(&[
        // 1 to 14 March, both days whole: fifteen days of length allowed
        (
            "date:2019-03-01..2019-03-14",
            &["d12", "d13", "d14", "night", "two-days", "three-days", "week", "t1430"],
            Both,
        ),
        // an open end asks for no precision: everything that starts before the 13th
        (
            "date:..2019-03-12",
            &["d12", "night", "three-days", "week", "march", "feb-to-mar", "dec31", "new-year", "year"],
            Both,
        ),
        // everything that ends after the 14th begins
        ("date:2019-03-14..", &["d14", "two-days", "three-days", "week", "march", "apr1", "year"], Both),
        ("overlaps:2019-03-14..", &["d14", "two-days", "three-days", "week", "march", "apr1", "year"], Both),
        ("date:2019-03-13..2019-03-13", &["d13", "night", "two-days", "t1430"], Both),
    ]);
}

#[test]
fn overlaps_takes_any_overlap() {
    set().table(&[
        (
            "overlaps:2019-03-13",
            &["d13", "night", "two-days", "three-days", "week", "march", "feb-to-mar", "t1430", "year"],
            Both,
        ),
        ("overlaps:2019-03-13T15", &["d13", "two-days", "three-days", "week", "march", "feb-to-mar", "year"], Both),
        ("overlaps:2019-02", &["feb-to-mar", "year"], Both),
    ]);
}

#[test]
fn date_terms_combine_and_negate() {
    set().table(&[
        ("date:2019-03 date:2019-03-12", &["d12", "night"], Both),
        ("date:2019-03 -date:2019-03-13", &["d12", "d14", "three-days", "week", "march"], Both),
        // what the strict reading of the 13th leaves out
        ("overlaps:2019-03-13 -date:2019-03-13", &["three-days", "week", "march", "feb-to-mar", "year"], Both),
        ("-date:2019-03 -date:2019", &["dec31"], Both),
    ]);
}

/// The note on what `date:` leaves out counts the events that `overlaps:` adds.
#[test]
fn the_widened_reading_is_overlaps() {
    let s = set();
    let q = Query::parse("date:2019-03-13").unwrap();
    let c = Compiled::new(&q, &s.ix).unwrap();
    let ids =
        |found: Vec<u32>| -> BTreeSet<String> { found.into_iter().map(|i| s.ix.get(i).id().to_string()).collect() };
    let wide = c.widened(Widen::Dates).expect("a date: term widens");
    let want = ["d13", "night", "two-days", "three-days", "week", "march", "feb-to-mar", "t1430", "year"];
    assert_eq!(ids(wide.run(&s.ix)), want.iter().map(|s| s.to_string()).collect());
    assert!(c.widened(Widen::Places).is_none(), "no near: term to widen");
    assert_eq!(q.widened_text("date:2019-03-13", Widen::Dates), "overlaps:2019-03-13");
    // a negated date is not widened: that would narrow the answer
    let neg = Query::parse("-date:2019-03-13").unwrap();
    assert!(Compiled::new(&neg, &s.ix).unwrap().widened(Widen::Dates).is_none());
}
