//! Dates as intervals with a precision.
//!
//! A report says "on Wednesday", "overnight", "last month" or "since early February": each is an
//! interval `[start, end)` in local time with a [`DatePrecision`] that says how it was stated.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// How a date was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Minute,
    Hour,
    Day,
    /// Evening to the next morning ("overnight").
    Night,
    Week,
    Month,
    Year,
    /// Any other interval ("since early February").
    Span,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Minute => "minute",
            DatePrecision::Hour => "hour",
            DatePrecision::Day => "day",
            DatePrecision::Night => "night",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
            DatePrecision::Span => "span",
        }
    }
}

/// When an event happened: the interval `[start, end)` and how precisely it is known.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct When {
    pub start: NaiveDateTime,
    /// Exclusive.
    pub end: NaiveDateTime,
    pub precision: DatePrecision,
    /// The report's own words for it, when they say more than the interval ("since early February").
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("{0:?} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM")]
    Format(String),
    #[error("{0:?} is not a day of the calendar")]
    NoSuchDay(String),
    #[error("the interval ends ({to}) before it starts ({from})")]
    Backwards { from: String, to: String },
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// A stated point in time: the interval it covers and its precision.
fn parse_point(s: &str) -> Result<(NaiveDateTime, NaiveDateTime, DatePrecision), WhenError> {
    let bad = || WhenError::Format(s.to_string());
    let nonday = || WhenError::NoSuchDay(s.to_string());
    let num = |t: &str, len: usize| -> Result<u32, WhenError> {
        if t.len() == len && t.bytes().all(|b| b.is_ascii_digit()) { t.parse().map_err(|_| bad()) } else { Err(bad()) }
    };
    let (day_part, time_part) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut it = day_part.split('-');
    let y = num(it.next().ok_or_else(bad)?, 4)? as i32;
    let m = it.next().map(|t| num(t, 2)).transpose()?;
    let d = it.next().map(|t| num(t, 2)).transpose()?;
    if it.next().is_some() {
        return Err(bad());
    }
    match (m, d, time_part) {
        (None, None, None) => {
            let a = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(nonday)?;
            let b = NaiveDate::from_ymd_opt(y + 1, 1, 1).ok_or_else(nonday)?;
            Ok((midnight(a), midnight(b), DatePrecision::Year))
        }
        (Some(m), None, None) => {
            let a = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(nonday)?;
            Ok((midnight(a), midnight(next_month(a).ok_or_else(nonday)?), DatePrecision::Month))
        }
        (Some(m), Some(d), None) => {
            let a = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(nonday)?;
            Ok((midnight(a), midnight(a) + Duration::days(1), DatePrecision::Day))
        }
        (Some(m), Some(d), Some(t)) => {
            let a = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(nonday)?;
            let mut parts = t.split(':');
            let h = num(parts.next().ok_or_else(bad)?, 2)?;
            let mi = parts.next().map(|p| num(p, 2)).transpose()?;
            let sec = parts.next().map(|p| num(p, 2)).transpose()?;
            if parts.next().is_some() || sec.is_some_and(|s| s != 0) {
                return Err(bad());
            }
            let time = NaiveTime::from_hms_opt(h, mi.unwrap_or(0), 0).ok_or_else(nonday)?;
            let start = a.and_time(time);
            match mi {
                Some(_) => Ok((start, start + Duration::minutes(1), DatePrecision::Minute)),
                None => Ok((start, start + Duration::hours(1), DatePrecision::Hour)),
            }
        }
        _ => Err(bad()),
    }
}

impl When {
    /// Reads the short forms: `2019`, `2019-03`, `2019-03-13`, `2019-03-13T14:30`, `2019-03-13T14`.
    pub fn parse(s: &str) -> Result<When, WhenError> {
        let (start, end, precision) = parse_point(s.trim())?;
        Ok(When { start, end, precision, text: None })
    }

    /// An interval from two stated points: `to` counts whole (a day given as `to` includes that day).
    pub fn span(from: &str, to: &str, precision: DatePrecision, text: Option<String>) -> Result<When, WhenError> {
        let (start, _, _) = parse_point(from.trim())?;
        // a time given as `to` is the instant it ends; a day, month or year counts whole
        let (to_start, to_end, to_prec) = parse_point(to.trim())?;
        let end = if matches!(to_prec, DatePrecision::Minute | DatePrecision::Hour) { to_start } else { to_end };
        if end <= start {
            return Err(WhenError::Backwards { from: from.into(), to: to.into() });
        }
        Ok(When { start, end, precision, text })
    }

    /// A single day.
    pub fn day(d: NaiveDate) -> When {
        When { start: midnight(d), end: midnight(d) + Duration::days(1), precision: DatePrecision::Day, text: None }
    }

    /// The interval's length.
    pub fn length(&self) -> Duration {
        self.end - self.start
    }

    /// The day the interval starts on.
    pub fn first_day(&self) -> NaiveDate {
        self.start.date()
    }

    /// The short form, when the interval is exactly one stated point and there is no text.
    fn short_form(&self) -> Option<String> {
        if self.text.is_some() {
            return None;
        }
        let (s, e) = (self.start, self.end);
        let form = match self.precision {
            DatePrecision::Minute => s.format("%Y-%m-%dT%H:%M").to_string(),
            DatePrecision::Hour => s.format("%Y-%m-%dT%H").to_string(),
            DatePrecision::Day => s.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => s.format("%Y-%m").to_string(),
            DatePrecision::Year => s.format("%Y").to_string(),
            _ => return None,
        };
        let (a, b, _) = parse_point(&form).ok()?;
        (a == s && b == e).then_some(form)
    }

    fn point_text(t: NaiveDateTime) -> String {
        if t.time() == NaiveTime::MIN {
            t.format("%Y-%m-%d").to_string()
        } else {
            t.format("%Y-%m-%dT%H:%M").to_string()
        }
    }

    /// A short form for lists, 19 characters at most: "2019-03-13", "2019-03-13 14:30",
    /// "2019-03-12/13 night", "2019-03", "2019-02-01…03-13".
    pub fn compact(&self) -> String {
        let s = self.start;
        match self.precision {
            DatePrecision::Minute => s.format("%Y-%m-%d %H:%M").to_string(),
            DatePrecision::Hour => s.format("%Y-%m-%d %Hh").to_string(),
            DatePrecision::Day => s.format("%Y-%m-%d").to_string(),
            DatePrecision::Night if self.end.date() > s.date() && self.end.time() != NaiveTime::MIN => {
                format!("{}/{} night", s.format("%Y-%m-%d"), self.end.format("%d"))
            }
            DatePrecision::Night => s.format("%Y-%m-%d night").to_string(),
            DatePrecision::Week => s.format("%Y-%m-%d week").to_string(),
            DatePrecision::Month => s.format("%Y-%m").to_string(),
            DatePrecision::Year => s.format("%Y").to_string(),
            DatePrecision::Span => {
                let last = self.end - Duration::minutes(1);
                let to = if last.year() == s.year() { last.format("%m-%d") } else { last.format("%Y-%m") };
                format!("{}…{}", s.format("%Y-%m-%d"), to)
            }
        }
    }

    /// `from` as written in the long form.
    pub fn from_text(&self) -> String {
        When::point_text(self.start)
    }

    /// `to` as written in the long form: a whole day when the interval ends at midnight.
    pub fn to_text(&self) -> String {
        if self.end.time() == NaiveTime::MIN {
            (self.end - Duration::days(1)).format("%Y-%m-%d").to_string()
        } else {
            When::point_text(self.end)
        }
    }
}

impl std::fmt::Display for When {
    /// As a reader wants it: "2019-03-13", "2019-03-12 18:00 – 2019-03-13 06:00 (night)".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.short_form() {
            Some(s) => f.write_str(&s.replace('T', " ")),
            None => {
                let (a, b) = (self.from_text().replace('T', " "), self.to_text().replace('T', " "));
                write!(f, "{a} – {b} ({})", self.precision.as_str())
            }
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum WhenRepr {
    Short(String),
    Long {
        from: String,
        to: String,
        #[serde(default = "span")]
        precision: DatePrecision,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
}

fn span() -> DatePrecision {
    DatePrecision::Span
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.short_form() {
            Some(f) => WhenRepr::Short(f),
            None => WhenRepr::Long {
                from: self.from_text(),
                to: self.to_text(),
                precision: self.precision,
                text: self.text.clone(),
            },
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<When, D::Error> {
        d.deserialize_any(WhenVisitor)
    }
}

/// Reads the short form (a string) or the long form (an object); a visitor rather than an
/// untagged enum, so that a missing or mistyped date gets serde's own precise message.
struct WhenVisitor;

impl<'de> serde::de::Visitor<'de> for WhenVisitor {
    type Value = When;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a date like \"2019-03-13\" or an object {\"from\", \"to\", \"precision\", \"text\"}")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<When, E> {
        When::parse(v).map_err(E::custom)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<When, A::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Long {
            from: String,
            to: String,
            #[serde(default = "span")]
            precision: DatePrecision,
            #[serde(default)]
            text: Option<String>,
        }
        let l = Long::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        When::span(&l.from, &l.to, l.precision, l.text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_have_their_precision_and_length() {
        let w = When::parse("2019-03-13").unwrap();
        assert_eq!((w.precision, w.length()), (DatePrecision::Day, Duration::days(1)));
        let w = When::parse("2019-02").unwrap();
        assert_eq!((w.precision, w.length()), (DatePrecision::Month, Duration::days(28)));
        let w = When::parse("2019-03-13T14:30").unwrap();
        assert_eq!((w.precision, w.length()), (DatePrecision::Minute, Duration::minutes(1)));
        assert_eq!(When::parse("2019").unwrap().precision, DatePrecision::Year);
    }

    #[test]
    fn impossible_days_are_refused() {
        assert_eq!(When::parse("2019-02-30"), Err(WhenError::NoSuchDay("2019-02-30".into())));
        assert!(matches!(When::parse("13/03/2019"), Err(WhenError::Format(_))));
        assert!(matches!(When::parse("2019-3-13"), Err(WhenError::Format(_))));
    }

    #[test]
    fn spans_round_trip_through_json() {
        let night =
            When::span("2019-03-12T18:00", "2019-03-13T06:00", DatePrecision::Night, Some("overnight".into())).unwrap();
        let json = serde_json::to_string(&night).unwrap();
        assert_eq!(serde_json::from_str::<When>(&json).unwrap(), night);
        let since = When::span("2019-02-01", "2019-03-13", DatePrecision::Span, None).unwrap();
        assert_eq!(since.end, midnight(NaiveDate::from_ymd_opt(2019, 3, 14).unwrap()));
        let json = serde_json::to_string(&since).unwrap();
        assert_eq!(json, r#"{"from":"2019-02-01","to":"2019-03-13","precision":"span"}"#);
        assert_eq!(serde_json::from_str::<When>(&json).unwrap(), since);
        let day = When::parse("2019-03-13").unwrap();
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2019-03-13\"");
    }

    #[test]
    fn backwards_spans_are_refused() {
        assert!(matches!(
            When::span("2019-03-13", "2019-03-01", DatePrecision::Span, None),
            Err(WhenError::Backwards { .. })
        ));
    }
}
