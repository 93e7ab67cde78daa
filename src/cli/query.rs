//! `sitrep query`: the events that match, in date order.

use super::{CliError, DataArgs, table};
use crate::index::Index;
use crate::load::{Keep, write_native};
use crate::query::{Compiled, Query, stream_files};
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
    let answer = match streamed(&a.data, &q, a.count)? {
        Some(answer) => answer,
        None => indexed(&a.data, &q, &text)?,
    };
    for note in &answer.notes {
        eprintln!("sitrep: note: {note}");
    }
    if answer.more > 0 {
        eprintln!(
            "sitrep: note: {} more events overlap these dates or places but are stated less precisely \
             (a longer span, or only a governorate); `overlaps:` instead of `date:` shows them, see README",
            answer.more
        );
    }
    let (ix, hits) = (&answer.ix, &answer.hits);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let res = if a.count {
        writeln!(out, "{}", answer.count)
    } else {
        match a.format {
            OutFormat::Table => table::timeline(ix, hits, &mut out),
            OutFormat::Json => write_native(&hits.iter().map(|&i| ix.event(i)).collect::<Vec<_>>(), &mut out),
        }
    };
    res.and_then(|()| out.flush()).map_err(|e| CliError::io("writing the result", e))?;
    // The process ends now: freeing a million events one by one would only delay the exit
    // (by about a second), so the memory goes back to the system whole.
    std::mem::forget(answer);
    Ok(ExitCode::SUCCESS)
}

/// What `sitrep query` prints: the matching events of `ix` (numbers in date order; none when
/// only counted), their number, the notes on names that match nothing, and how many events the
/// widened reading adds.
struct Answer {
    ix: Index,
    hits: Vec<u32>,
    count: usize,
    notes: Vec<String>,
    more: usize,
}

/// The answer read straight from the files, without loading every event (see
/// `query::stream_files`); None when the full load and index must answer.
fn streamed(data: &DataArgs, q: &Query, count: bool) -> Result<Option<Answer>, CliError> {
    if data.data.is_empty() {
        return Ok(None);
    }
    let keep = if count { Keep::Count } else { Keep::Events };
    let Some(s) = stream_files(&data.data, q, keep).map_err(CliError::Input)? else {
        return Ok(None);
    };
    let mut err = std::io::stderr().lock();
    for w in &s.warnings {
        let _ = writeln!(err, "{w}");
    }
    let hits = (0..s.index.len() as u32).collect();
    Ok(Some(Answer { ix: s.index, hits, count: s.count, notes: s.notes, more: s.more }))
}

/// The answer from all events loaded and indexed.
fn indexed(data: &DataArgs, q: &Query, text: &str) -> Result<Answer, CliError> {
    let ix = data.index()?;
    let compiled = Compiled::new(q, &ix).map_err(|err| CliError::Query { err, text: text.to_string() })?;
    let hits = compiled.run(&ix);
    let more = compiled.widened().map_or(0, |wide| wide.run(&ix).len().saturating_sub(hits.len()));
    Ok(Answer { ix, count: hits.len(), hits, notes: compiled.notes, more })
}
