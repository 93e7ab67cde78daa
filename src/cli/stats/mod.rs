//! `sitrep stats [QUERY]`: what a set of events holds, at a glance: the span, the killed, events
//! and killed per month (or week, day, year), per governorate, the figures each source gives,
//! types with their sub-types, actors and places.

mod sums;

use super::{CliError, DataArgs};
use crate::app::histogram::Unit;
use crate::index::Index;
use crate::query::{Compiled, Query};
use clap::Args;
use std::io::Write;
use std::process::ExitCode;
use sums::Report;

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The period of the table over time; by default days for a month, weeks up to three
    /// months, months up to six years, else years.
    #[arg(long, value_enum, value_name = "UNIT")]
    pub per: Option<Unit>,
    /// The events to count: a query, terms ANDed, e.g. place:Idlib date:2019 (see docs/query.md).
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Vec<String>,
}

pub fn run(a: &StatsArgs) -> Result<ExitCode, CliError> {
    super::query::check_words(&a.query)?;
    let (q, text) = Query::parse_args(&a.query).map_err(|err| CliError::Query { err, text: a.query.join(" ") })?;
    let mut ix = a.data.index()?;
    // The user's alias file, as the browser reads it: `actor:HTS` counts all the names it links.
    ix.link_aliases(&super::query::user_aliases());
    let hits: Vec<u32> = if text.trim().is_empty() {
        (0..ix.len() as u32).collect()
    } else {
        let c = Compiled::new(&q, &ix).map_err(|err| CliError::Query { err, text: text.clone() })?;
        for note in &c.notes {
            super::output::say(format_args!("sitrep: note: {note}"));
        }
        c.run(&ix)
    };
    let mut out = super::output::stdout();
    let report = Report::new(&ix, &hits, a.per);
    write(&ix, &report, &text, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("writing the statistics", e))?;
    Ok(ExitCode::SUCCESS)
}

fn write<W: Write>(ix: &Index, r: &Report, query: &str, out: &mut W) -> std::io::Result<()> {
    let matching = if query.trim().is_empty() { String::new() } else { format!(" matching {query}") };
    let Some((first, last)) = r.span else {
        return writeln!(out, "no events{matching}");
    };
    writeln!(out, "{}{matching}, {}", sums::plural(r.events, "event"), sums::span_text(first, last))?;
    let k = &r.all;
    writeln!(
        out,
        "killed: {} in {} with figures (sources disagree on {}); injured: {}",
        sums::range(k.killed_low, k.killed_high),
        sums::plural(k.with_figures, "event"),
        k.disputed,
        sums::range(k.injured_low, k.injured_high)
    )?;
    writeln!(out, "events where sources disagree on a figure: {}", r.flagged)?;
    writeln!(out, "events without location: {}", r.unlocated)?;
    let civilians = r.all.civilians > 0;
    let head = |out: &mut W, what: &str| -> std::io::Result<()> {
        write!(out, "  {what:<28}{:>8}  {:>13}", "events", "killed")?;
        if civilians {
            write!(out, "  {:>15}", "civilian deaths")?;
        }
        writeln!(out)
    };
    let row = |out: &mut W, label: &str, s: &sums::Sums| -> std::io::Result<()> {
        write!(
            out,
            "  {:<28}{:>8}  {:>13}",
            crate::text::inert(label),
            s.events,
            sums::range(s.killed_low, s.killed_high)
        )?;
        if civilians {
            write!(out, "  {:>15}", s.civilians)?;
        }
        writeln!(out)
    };
    writeln!(out, "\nper {}", r.unit.as_str())?;
    head(out, r.unit.as_str())?;
    for (label, s) in &r.over_time {
        row(out, label, s)?;
    }
    if r.longer.events > 0 {
        row(out, &format!("over more than one {}", r.unit.as_str()), &r.longer)?;
    }
    row(out, "total", &r.all)?;
    writeln!(out, "\nper governorate")?;
    head(out, "governorate")?;
    for (label, s) in &r.governorates {
        row(out, label, s)?;
    }
    row(out, "total", &r.all)?;
    writeln!(out, "\nfigures by source (summed over the events that give them)")?;
    for ((source, label), (low, high, events)) in &r.figures {
        let (source, label) = (crate::text::inert(source), crate::text::inert(label));
        writeln!(
            out,
            "  {source:<20} {label:<32}{:>11} in {}",
            sums::range(*low, *high),
            sums::plural(*events, "event")
        )?;
    }
    writeln!(out, "\nby type, with sub-types ({})", sums::plural(r.types.len(), "type"))?;
    for (t, n, subs) in &r.types {
        writeln!(out, "  {n:>7}  {}", crate::text::inert(t))?;
        for (s, n) in subs {
            writeln!(out, "  {n:>7}    {}", crate::text::inert(s))?;
        }
    }
    sums::top(out, "by actor", &r.actors)?;
    writeln!(out, "\ndeadliest events (by the highest figure given)")?;
    for &i in &r.deadliest {
        let e = ix.get(i).to_event();
        let k = e.killed().map_or_else(String::new, |k| sums::range(u64::from(k.low), u64::from(k.high)));
        let place = e.place.as_ref().map_or("", |p| p.name.as_str());
        writeln!(
            out,
            "  {:>9}  {:<19}  {:<24}  {}  ({})",
            k,
            e.date.compact(),
            crate::text::inert(place),
            crate::text::inert(&e.title),
            crate::text::inert(&e.id)
        )?;
    }
    sums::top(out, "by place (towns and sites; governorates are above)", &r.places)?;
    Ok(())
}
