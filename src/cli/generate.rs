//! `sitrep generate`: synthetic events for benchmarks and load tests, in any output format
//! (`--format acled` writes them as an ACLED export).

use super::CliError;
use crate::export::{self, ExportFormat};
use crate::synth;
use clap::Args;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many events.
    #[arg(long, short = 'n', default_value_t = 1000)]
    pub events: usize,
    /// The seed: the same seed gives the same events.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// json (sitrep's own), acled, csv or geojson.
    #[arg(long, short = 'f', default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to this file (whole or not at all) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(a: &GenerateArgs) -> Result<ExitCode, CliError> {
    let events = synth::events(a.events, a.seed);
    let refs: Vec<_> = events.iter().collect();
    match &a.output {
        Some(path) => {
            export::write_atomic(path, &[], |w| export::write(&refs, a.format, w)).map_err(CliError::Output)?
        }
        None => {
            let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            export::write(&refs, a.format, &mut out)
                .and_then(|()| out.flush())
                .map_err(|e| CliError::io("writing events", e))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
