//! `sitrep cache list` and `sitrep cache clear`: what the index cache holds, and emptying it.

use super::CliError;
use crate::cache::{self, CacheMiss};
use clap::{Args, Subcommand};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub command: CacheCommand,
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Each cached index: its files, size, events, when it was made, and whether it still
    /// holds for its files as they are now.
    List,
    /// Remove every cached index (sitrep's files only).
    Clear,
}

pub fn run(a: &CacheArgs) -> Result<ExitCode, CliError> {
    let dir =
        cache::location().map_or_else(|| "(no cache directory: HOME is not set)".into(), |d| d.display().to_string());
    match a.command {
        CacheCommand::List => list(&dir),
        CacheCommand::Clear => {
            let (n, bytes) = cache::clear().map_err(|e| CliError::io(format!("clearing {dir}"), e))?;
            let s = if n == 1 { "" } else { "s" };
            super::output::say(format_args!("sitrep: removed {n} file{s} ({}) from {dir}", size(bytes)));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(dir: &str) -> Result<ExitCode, CliError> {
    let entries = cache::list().map_err(|e| CliError::io(format!("reading {dir}"), e))?;
    let mut out = super::output::stdout();
    let mut write = || -> std::io::Result<()> {
        if entries.is_empty() {
            writeln!(out, "no cached indexes in {dir}")?;
        }
        for e in &entries {
            let files = e.identity.as_ref().map_or_else(
                || "(unknown files)".to_string(),
                |id| id.files.iter().map(|f| f.path.display().to_string()).collect::<Vec<_>>().join(" "),
            );
            writeln!(out, "{files}")?;
            let options = e.identity.as_ref().map(|id| id.options.as_str()).unwrap_or_default();
            let events = e.events.map_or_else(|| "? events".to_string(), |n| format!("{n} events"));
            let created = chrono::DateTime::<chrono::Utc>::from(e.created).format("%Y-%m-%d %H:%M UTC");
            let state = match &e.valid {
                Ok(()) => "valid".to_string(),
                Err(CacheMiss::Stale | CacheMiss::Absent) => {
                    "stale: its files changed or are gone (rebuilt on next open)".into()
                }
                Err(CacheMiss::OldVersion) => "from another version of sitrep (rebuilt on next open)".into(),
                Err(m) => format!("unusable: {} (rebuilt on next open)", m.note().unwrap_or_default()),
            };
            writeln!(out, "  {events}, {}, created {created}, {options}: {state}", size(e.size))?;
            writeln!(out, "  {}", e.path.display())?;
        }
        out.flush()
    };
    write().map_err(|e| CliError::io("writing the list", e))?;
    Ok(ExitCode::SUCCESS)
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        b => format!("{:.1} KB", b as f64 / 1024.0),
    }
}
