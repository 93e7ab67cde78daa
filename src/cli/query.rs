//! `sitrep query`: the events that match, in date order.

use super::{CliError, DataArgs, table};
use crate::export::{self, ExportFormat};
use crate::query::{Compiled, Query};
use clap::{Args, ValueEnum};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum OutFormat {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// sitrep's JSON, which loads back to the same events.
    Json,
    /// One row per event, for spreadsheets.
    Csv,
    /// ACLED's columns; events that came from ACLED load back the same.
    Acled,
    /// A GeoJSON FeatureCollection of points, for QGIS.
    Geojson,
}

impl OutFormat {
    fn export(self) -> Option<ExportFormat> {
        match self {
            OutFormat::Table => None,
            OutFormat::Json => Some(ExportFormat::Json),
            OutFormat::Csv => Some(ExportFormat::Csv),
            OutFormat::Acled => Some(ExportFormat::Acled),
            OutFormat::Geojson => Some(ExportFormat::GeoJson),
        }
    }
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
    /// Write to this file (whole or not at all, never over an input file) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if a.count {
            return writeln!(out, "{}", hits.len());
        }
        match a.format.export() {
            None => table::timeline(&ix, &hits, out),
            Some(f) => export::write(&hits.iter().map(|&i| ix.event(i)).collect::<Vec<_>>(), f, out),
        }
    };
    match &a.output {
        Some(path) => export::write_atomic(path, &a.data.data, write).map_err(CliError::Output)?,
        None => {
            let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            write(&mut out).and_then(|()| out.flush()).map_err(|e| CliError::io("writing the result", e))?;
        }
    }
    // The process ends now: freeing a million events one by one would only delay the exit
    // (by about a second), so the memory goes back to the system whole.
    std::mem::forget(ix);
    Ok(ExitCode::SUCCESS)
}
