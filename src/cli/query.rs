//! `sitrep query`: the events that match, in date order.

use super::{CliError, DataArgs, table};
use crate::load::write_native;
use crate::query::{Compiled, Query};
use clap::{Args, ValueEnum};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum OutFormat {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// sitrep's JSON, which loads back to the same events.
    Json,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: OutFormat,
    /// Print only the number of matching events.
    #[arg(long, short = 'c')]
    pub count: bool,
    /// The query: terms ANDed, e.g. actor:HTS date:2019-03-13 (see README, The query language).
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Vec<String>,
}

/// Query words may start with `-` (a negated term), so clap takes every word after the first
/// as query text; an option written there is a mistake to point out, not a term to search.
pub fn check_words(words: &[String]) -> Result<(), CliError> {
    match words.iter().find(|w| w.starts_with("--") || matches!(w.as_str(), "-c" | "-f" | "-d" | "-o")) {
        Some(w) => Err(CliError::Usage(format!(
            "{w:?} stands among the query words: put options before the query, e.g. sitrep query --count actor:HTS"
        ))),
        None => Ok(()),
    }
}

pub fn run(a: &QueryArgs) -> Result<ExitCode, CliError> {
    check_words(&a.query)?;
    let (q, text) = Query::parse_args(&a.query).map_err(|err| CliError::Query { err, text: a.query.join(" ") })?;
    let ix = a.data.index()?;
    let compiled = Compiled::new(&q, &ix).map_err(|err| CliError::Query { err, text: text.clone() })?;
    for note in &compiled.notes {
        eprintln!("sitrep: note: {note}");
    }
    let hits = compiled.run(&ix);
    if let Some(wide) = compiled.widened() {
        let more = wide.run(&ix).len().saturating_sub(hits.len());
        if more > 0 {
            eprintln!(
                "sitrep: note: {more} more events overlap these dates or places but are stated less precisely \
                 (a longer span, or only a governorate); `overlaps:` instead of `date:` shows them, see README"
            );
        }
    }
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let res = if a.count {
        writeln!(out, "{}", hits.len())
    } else {
        match a.format {
            OutFormat::Table => table::timeline(&ix, &hits, &mut out),
            OutFormat::Json => write_native(&hits.iter().map(|&i| ix.event(i)).collect::<Vec<_>>(), &mut out),
        }
    };
    res.and_then(|()| out.flush()).map_err(|e| CliError::io("writing the result", e))?;
    // The process ends now: freeing a million events one by one would only delay the exit
    // (by about a second), so the memory goes back to the system whole.
    std::mem::forget(ix);
    Ok(ExitCode::SUCCESS)
}
