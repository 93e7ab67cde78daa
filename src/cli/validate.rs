//! `sitrep validate`: every problem in every file.

use super::CliError;
use super::output::{Report, say};
use crate::load::{Format, LoadOptions, check_unique_ids, load_file};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The files to check.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A file to check, named as `query` and `map` name theirs; repeat for several.
    #[arg(long = "data", short = 'd', value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// The files' format when their content does not tell: json, acled, ucdp or geojson.
    #[arg(long = "input-format", visible_alias = "format", value_name = "FORMAT")]
    pub format: Option<Format>,
}

pub fn run(a: &ValidateArgs) -> Result<ExitCode, CliError> {
    let mut failed = 0;
    let mut out = Report::new();
    let printing = |e| CliError::io("writing the report", e);
    let mut all = Vec::new();
    let mut origin = Vec::new();
    if a.files.is_empty() && a.data.is_empty() {
        return Err(CliError::Usage("name the files to check, e.g. sitrep validate -d events.json".into()));
    }
    for f in a.data.iter().chain(&a.files) {
        let name = crate::text::inert(&f.to_string_lossy()).into_owned();
        match load_file(f, &LoadOptions { format: a.format, skip_bad: false }) {
            Ok(l) => {
                for w in &l.warnings {
                    say(w);
                }
                let warn = match l.warnings.len() {
                    0 => String::new(),
                    n => format!(", {}", plural(n, "warning")),
                };
                out.line(format_args!("{name}: ok, {}{warn}", plural(l.events.len(), "event"))).map_err(printing)?;
                origin.extend((1..=l.events.len()).map(|i| (name.clone(), i)));
                all.extend(l.events);
            }
            Err(problems) => {
                failed += 1;
                for p in &problems {
                    say(p);
                }
                let n = problems.iter().filter(|p| p.is_error()).count();
                out.line(format_args!("{name}: {}", plural(n, "error"))).map_err(printing)?;
            }
        }
    }
    if let Err(dups) = check_unique_ids(&all, &origin) {
        failed += 1;
        for p in &dups {
            say(p);
        }
        out.line(format_args!("{} across the files", plural(dups.len(), "duplicate id"))).map_err(printing)?;
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}
