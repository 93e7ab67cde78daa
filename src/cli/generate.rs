//! `sitrep generate`: synthetic events for benchmarks and load tests.

use super::CliError;
use crate::load::write_native;
use crate::synth;
use clap::Args;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many events.
    #[arg(long, short = 'n', default_value_t = 1000)]
    pub events: usize,
    /// The seed: the same seed gives the same events.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(a: &GenerateArgs) -> Result<ExitCode, CliError> {
    let events = synth::events(a.events, a.seed);
    let refs: Vec<_> = events.iter().collect();
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    write_native(&refs, &mut out).and_then(|()| out.flush()).map_err(|e| CliError::io("writing events", e))?;
    Ok(ExitCode::SUCCESS)
}
