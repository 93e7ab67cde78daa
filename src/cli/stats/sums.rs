//! The sums behind `sitrep stats`: per period, per governorate, per source and figure, per
//! type and sub-type, per actor and place, each with totals that add up.

use crate::app::histogram::Unit;
use crate::index::Index;
use crate::model::Event;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::io::Write;

/// Names listed at most, per list.
const TOP: usize = 15;

/// Events and what they count, over a set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sums {
    pub events: usize,
    pub killed_low: u64,
    pub killed_high: u64,
    pub injured_low: u64,
    pub injured_high: u64,
    pub with_figures: usize,
    pub disputed: usize,
    /// Civilian deaths, where a source gives them (UCDP GED's `deaths_civilians`).
    pub civilians: u64,
}

impl Sums {
    fn add(&mut self, e: &Event) {
        self.events += 1;
        if let Some(k) = e.killed() {
            self.killed_low += u64::from(k.low);
            self.killed_high += u64::from(k.high);
            self.with_figures += 1;
            self.disputed += usize::from(k.disputed);
        }
        if let Some(k) = e.injured() {
            self.injured_low += u64::from(k.low);
            self.injured_high += u64::from(k.high);
        }
        self.civilians += civilian_deaths(e);
    }
}

/// The highest civilian deaths any source gives for an event.
fn civilian_deaths(e: &Event) -> u64 {
    let civilian = e.figures.iter().filter(|f| f.label == "civilian deaths");
    civilian.map(|f| u64::from(f.count.n)).max().unwrap_or(0)
}

/// A type, its events, and its sub-types with theirs.
pub type TypeCount = (String, usize, Vec<(String, usize)>);

/// Everything `sitrep stats` prints.
pub struct Report {
    pub events: usize,
    /// The first and the last day of the events' dates.
    pub span: Option<(NaiveDate, NaiveDate)>,
    pub all: Sums,
    pub flagged: usize,
    pub unlocated: usize,
    pub unit: Unit,
    /// Per period that holds an event whole, in date order: its label and sums.
    pub over_time: Vec<(String, Sums)>,
    /// The events stated over more than one period.
    pub longer: Sums,
    pub governorates: Vec<(String, Sums)>,
    /// (source, figure) -> (lowest sum, highest sum, events).
    pub figures: BTreeMap<(String, String), (u64, u64, usize)>,
    /// Types, most events first, each with its sub-types.
    pub types: Vec<TypeCount>,
    pub actors: Vec<(usize, String)>,
    pub places: Vec<(usize, String)>,
    /// The events with the most killed (by the highest figure), most first.
    pub deadliest: Vec<u32>,
}

/// Days for a month, weeks up to a quarter, months up to six years, else years.
fn unit_for(first: NaiveDate, last: NaiveDate) -> Unit {
    let days = (last - first).num_days() + 1;
    if days <= 31 {
        Unit::Day
    } else if days <= 92 {
        Unit::Week
    } else if Unit::Month.bins(first, last) <= 72 {
        Unit::Month
    } else {
        Unit::Year
    }
}

fn period_label(unit: Unit, d: NaiveDate) -> String {
    match unit {
        Unit::Day => d.format("%Y-%m-%d %a").to_string(),
        Unit::Week => format!("week of {}", d.format("%Y-%m-%d")),
        Unit::Month => d.format("%Y-%m %B").to_string(),
        Unit::Year => d.format("%Y").to_string(),
    }
}

fn sorted_counts(map: BTreeMap<String, usize>) -> Vec<(usize, String)> {
    let mut v: Vec<(usize, String)> = map.into_iter().map(|(k, n)| (n, k)).collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    v
}

impl Report {
    pub fn new(ix: &Index, hits: &[u32], per: Option<Unit>) -> Report {
        // one event at a time from the index: a million are never all decoded at once
        let cols = ix.cols();
        let last_day = |e: &Event| (e.date.end - chrono::Duration::minutes(1)).date();
        let last_of = |i: u32| crate::model::minute_day(cols.end[i as usize] - 1);
        let span = hits.first().map(|&f| {
            let first = ix.get(f).date().first_day();
            (first, hits.iter().map(|&i| last_of(i)).max().unwrap_or(first))
        });
        let unit = per.unwrap_or_else(|| span.map_or(Unit::Month, |(a, b)| unit_for(a, b)));
        let mut all = Sums::default();
        let mut periods: BTreeMap<NaiveDate, Sums> = BTreeMap::new();
        let mut longer = Sums::default();
        let mut govs: BTreeMap<String, Sums> = BTreeMap::new();
        let mut figures: BTreeMap<(String, String), (u64, u64, usize)> = BTreeMap::new();
        let mut types: BTreeMap<String, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
        let mut places: BTreeMap<String, usize> = BTreeMap::new();
        let (mut flagged, mut unlocated) = (0, 0);
        for &i in hits {
            let e = &ix.get(i).to_event_without_notes();
            all.add(e);
            flagged += usize::from(cols.disputed[i as usize]);
            unlocated += usize::from(ix.lat_lon(i).is_none());
            let (a, b) = (unit.start_of(e.date.first_day()), unit.start_of(last_day(e)));
            if a == b {
                periods.entry(a).or_default().add(e)
            } else {
                longer.add(e)
            }
            let gov = e.place.as_ref().and_then(|p| p.admin1.clone()).unwrap_or_else(|| "(no governorate)".into());
            govs.entry(gov).or_default().add(e);
            for c in &e.casualties {
                for (what, count) in [("killed", c.killed), ("injured", c.injured)] {
                    if let Some(n) = count {
                        let slot = figures.entry((c.source.clone(), what.to_string())).or_default();
                        slot.0 += u64::from(n.n);
                        slot.1 += u64::from(n.upper());
                        slot.2 += 1;
                    }
                }
            }
            for f in &e.figures {
                let slot = figures.entry((f.source.clone(), f.label.clone())).or_default();
                slot.0 += u64::from(f.count.n);
                slot.1 += u64::from(f.count.upper());
                slot.2 += 1;
            }
            let t = types.entry(e.event_type.clone()).or_default();
            t.0 += 1;
            if let Some(s) = &e.sub_type {
                *t.1.entry(s.clone()).or_default() += 1;
            }
            if let Some(p) = &e.place {
                let admin = [&p.admin1, &p.admin2, &p.country].into_iter().flatten().any(|a| *a == p.name);
                if !admin {
                    *places.entry(p.name.clone()).or_default() += 1;
                }
            }
        }
        // Periods without events read as zeros, so that a quiet month shows, unless there
        // would be a great many of them.
        if let (Some((a, b)), Some(_)) = (span, periods.keys().next())
            && unit.bins(a, b) <= 400
        {
            let mut d = unit.start_of(a);
            while d <= b {
                periods.entry(d).or_default();
                d = unit.next(d);
            }
        }
        let mut governorates: Vec<(String, Sums)> = govs.into_iter().collect();
        governorates.sort_by(|a, b| b.1.events.cmp(&a.1.events).then(a.0.cmp(&b.0)));
        let mut types: Vec<TypeCount> = types
            .into_iter()
            .map(|(t, (n, subs))| (t, n, sorted_counts(subs).into_iter().map(|(n, s)| (s, n)).collect()))
            .collect();
        types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut actors: BTreeMap<String, usize> = BTreeMap::new();
        let mut inside = vec![false; ix.len()];
        for &i in hits {
            inside[i as usize] = true;
        }
        for e in ix.actors.entries() {
            let n = e.postings.iter().filter(|&&i| inside[i as usize]).count();
            if n > 0 {
                actors.insert(e.name.clone(), n);
            }
        }
        let high = ix.cols().killed_high;
        let mut deadliest: Vec<u32> = hits.iter().copied().filter(|&i| high[i as usize] > 0).collect();
        deadliest.sort_by(|&a, &b| high[b as usize].cmp(&high[a as usize]).then(a.cmp(&b)));
        deadliest.truncate(TOP);
        Report {
            deadliest,
            events: hits.len(),
            span,
            all,
            flagged,
            unlocated,
            unit,
            over_time: periods.into_iter().map(|(d, s)| (period_label(unit, d), s)).collect(),
            longer,
            governorates,
            figures,
            types,
            actors: sorted_counts(actors),
            places: sorted_counts(places),
        }
    }
}

/// "1 event", "2 events".
pub fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// "5" or "3–7".
pub fn range(a: u64, b: u64) -> String {
    if a == b { a.to_string() } else { format!("{a}–{b}") }
}

/// "from 6 May 2019 to 31 August 2019 (118 days)", "… (3 years 2 months)".
pub fn span_text(first: NaiveDate, last: NaiveDate) -> String {
    let days = (last - first).num_days() + 1;
    let months = (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32;
    let length = if days <= 92 {
        format!("{days} day{}", if days == 1 { "" } else { "s" })
    } else if months < 24 {
        format!("{months} months")
    } else {
        let (y, m) = (months / 12, months % 12);
        if m == 0 { format!("{y} years") } else { format!("{y} years {m} month{}", if m == 1 { "" } else { "s" }) }
    };
    format!("from {} to {} ({length})", first.format("%-d %B %Y"), last.format("%-d %B %Y"))
}

/// A list of names with counts, the first [`TOP`].
pub fn top<W: Write>(out: &mut W, title: &str, rows: &[(usize, String)]) -> std::io::Result<()> {
    writeln!(out, "\n{title} ({} in all)", rows.len())?;
    for (n, name) in rows.iter().take(TOP) {
        writeln!(out, "  {n:>7}  {}", crate::text::inert(name))?;
    }
    if rows.len() > TOP {
        writeln!(out, "  {:>7}  … {} more", "", rows.len() - TOP)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_dates_and_a_length() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert_eq!(span_text(d("2019-05-06"), d("2019-05-12")), "from 6 May 2019 to 12 May 2019 (7 days)");
        assert_eq!(
            span_text(d("2016-01-03"), d("2019-12-30")),
            "from 3 January 2016 to 30 December 2019 (3 years 11 months)"
        );
    }
}
