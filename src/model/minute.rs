//! Dates as whole minutes, the unit the index sorts and the browser steps by: an `i64` compares
//! and subtracts in one instruction, where a `NaiveDateTime` is three fields.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

/// Minutes since 1970-01-01 00:00, local time of the event.
pub type Minute = i64;

/// The minute a date and time falls in.
pub fn minute(t: NaiveDateTime) -> Minute {
    t.and_utc().timestamp().div_euclid(60)
}

/// The first minute of a day.
pub fn day_minute(d: NaiveDate) -> Minute {
    minute(d.and_time(NaiveTime::MIN))
}

/// The calendar day of a minute.
pub fn minute_day(m: Minute) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(m.div_euclid(1440) as i32 + 719_163).unwrap_or_default()
}

/// The first day of the month after `d`'s.
pub fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_map_back_to_their_day() {
        let d = NaiveDate::from_ymd_opt(2019, 3, 13).unwrap_or_default();
        assert_eq!(minute_day(day_minute(d)), d);
        assert_eq!(minute_day(day_minute(d) + 1439), d);
        assert_eq!(minute_day(day_minute(d) - 1), NaiveDate::from_ymd_opt(2019, 3, 12).unwrap_or_default());
        assert_eq!(next_month(NaiveDate::from_ymd_opt(2019, 12, 1).unwrap_or_default()).year(), 2020);
        assert_eq!(next_month(NaiveDate::from_ymd_opt(2019, 1, 31).unwrap_or_default()).month(), 2);
    }

    #[test]
    fn dates_before_1970_are_negative_minutes() {
        let d = NaiveDate::from_ymd_opt(1969, 12, 31).unwrap_or_default();
        assert_eq!(day_minute(d), -1440);
        assert_eq!(minute_day(-1), d);
    }
}
