//! `sitrep validate`: every problem in every file.

use super::CliError;
use crate::load::{LoadOptions, check_unique_ids, load_file};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The files to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(a: &ValidateArgs) -> Result<ExitCode, CliError> {
    let mut failed = 0;
    let mut all = Vec::new();
    let mut origin = Vec::new();
    for f in &a.files {
        let name = f.display().to_string();
        match load_file(f, &LoadOptions::default()) {
            Ok(l) => {
                for w in &l.warnings {
                    eprintln!("{w}");
                }
                let warn =
                    if l.warnings.is_empty() { String::new() } else { format!(", {} warnings", l.warnings.len()) };
                println!("{name}: ok, {} events{warn}", l.events.len());
                origin.extend((1..=l.events.len()).map(|i| (name.clone(), i)));
                all.extend(l.events);
            }
            Err(problems) => {
                failed += 1;
                for p in &problems {
                    eprintln!("{p}");
                }
                let n = problems.iter().filter(|p| p.is_error()).count();
                println!("{name}: {n} {}", if n == 1 { "error" } else { "errors" });
            }
        }
    }
    if let Err(dups) = check_unique_ids(&all, &origin) {
        failed += 1;
        for p in &dups {
            eprintln!("{p}");
        }
        println!("{} duplicate ids across the files", dups.len());
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(2) })
}
