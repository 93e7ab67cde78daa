//! `sitrep stats`: what a set of events holds, at a glance.

use super::{CliError, DataArgs};
use crate::index::{Dict, Index};
use crate::text::inert;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

const TOP: usize = 15;

fn counts<W: Write>(out: &mut W, title: &str, d: &Dict) -> std::io::Result<()> {
    let mut rows: Vec<(usize, &str)> = d.entries().iter().map(|e| (e.postings.len(), e.name.as_str())).collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    writeln!(out, "\n{title} ({} in all)", rows.len())?;
    for (n, name) in rows.iter().take(TOP) {
        writeln!(out, "  {n:>7}  {}", inert(name))?;
    }
    if rows.len() > TOP {
        writeln!(out, "  {:>7}  … {} more", "", rows.len() - TOP)?;
    }
    Ok(())
}

fn report<W: Write>(ix: &Index, out: &mut W) -> std::io::Result<()> {
    let events = ix.events();
    let (Some(first), Some(last)) = (events.first(), events.iter().max_by_key(|e| e.date.end)) else {
        return writeln!(out, "no events");
    };
    writeln!(out, "{} events, {} to {}", events.len(), first.date.compact(), last.date.compact())?;
    let (mut lo, mut hi, mut with, mut disputed, mut ilo, mut ihi) = (0u64, 0u64, 0, 0, 0u64, 0u64);
    for e in events {
        if let Some(k) = e.killed() {
            lo += u64::from(k.low);
            hi += u64::from(k.high);
            with += 1;
            disputed += usize::from(k.disputed);
        }
        if let Some(k) = e.injured() {
            ilo += u64::from(k.low);
            ihi += u64::from(k.high);
        }
    }
    let range = |a: u64, b: u64| if a == b { a.to_string() } else { format!("{a}–{b}") };
    writeln!(
        out,
        "killed: {} in {with} events with figures (sources disagree on {disputed}); injured: {}",
        range(lo, hi),
        range(ilo, ihi)
    )?;
    let flagged = ix.disputed.iter().filter(|&&d| d).count();
    writeln!(out, "events where sources disagree on a figure: {flagged}")?;
    let unlocated = (0..ix.len() as u32).filter(|&i| ix.lat_lon(i).is_none()).count();
    writeln!(out, "events without location: {unlocated}")?;
    counts(out, "by type", &ix.types)?;
    counts(out, "by actor", &ix.actors)?;
    counts(out, "by place", &ix.places)?;
    let mut days: BTreeMap<String, usize> = BTreeMap::new();
    let mut coarse = 0;
    for e in events {
        if e.date.length() <= chrono::Duration::days(1) {
            *days.entry(e.date.first_day().to_string()).or_default() += 1;
        } else {
            coarse += 1;
        }
    }
    writeln!(out, "\nby day ({} days; {coarse} events are stated less precisely than a day)", days.len())?;
    let busiest: Vec<_> = if days.len() > 40 {
        let mut v: Vec<_> = days.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        writeln!(out, "  (the {TOP} busiest)")?;
        v.into_iter().take(TOP).collect()
    } else {
        days.iter().collect()
    };
    for (d, n) in busiest {
        writeln!(out, "  {d}  {n:>5}  {}", "█".repeat((*n).min(60)))?;
    }
    Ok(())
}

pub fn run(a: &DataArgs) -> Result<ExitCode, CliError> {
    let ix = a.index()?;
    let mut out = super::output::stdout();
    report(&ix, &mut out).and_then(|()| out.flush()).map_err(|e| CliError::io("writing the statistics", e))?;
    Ok(ExitCode::SUCCESS)
}
