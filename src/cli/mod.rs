//! The command line: `sitrep [FILE]...` browses; `query`, `stats`, `validate`, `map` and
//! `generate` answer without a terminal UI.

mod browse;
mod cache;
mod error;
mod generate;
mod map;
mod output;
mod query;
mod stats;
mod table;
mod validate;

pub use error::CliError;

use crate::dataset;
use crate::index::Index;
use crate::load::{Format, LoadOptions, Loaded, Problem, load_files};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about = "Browse an incident timeline beside a map of the region.")]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub browse: BrowseArgs,
}

/// Options of the browser (the default command).
#[derive(Debug, Args, Clone, Default)]
pub struct BrowseArgs {
    /// Event files to open (sitrep JSON, ACLED or UCDP GED CSV, GeoJSON); without any, the
    /// built-in dataset.
    pub files: Vec<PathBuf>,
    /// The files' format when their content does not tell: json, acled, ucdp or geojson.
    #[arg(long, visible_alias = "input-format", value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Leave out bad records and load the rest; the status line counts what was left out.
    #[arg(long)]
    pub skip_bad: bool,
    /// Load the files again whenever they change, keeping the filter and the selection.
    #[arg(long, requires = "files")]
    pub watch: bool,
    /// Open with this filter applied (the query language of `sitrep query`).
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    /// Open with this event selected.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,
    /// Draw the whole browser in plain ASCII (borders, marks, names transliterated).
    #[arg(long)]
    pub ascii: bool,
    /// Parse the files, neither reading nor writing the index cache (see docs/cache.md).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the events that match a query, in date order.
    Query(query::QueryArgs),
    /// Count the events of a query per month (or week, day, year), governorate, source, type,
    /// actor and place, with the killed and the civilian deaths.
    Stats(stats::StatsArgs),
    /// Print the map of the events that match, as text (for reports and scripts).
    Map(map::MapArgs),
    /// Check files and report every problem; exit 0 only when all are clean.
    Validate(validate::ValidateArgs),
    /// Write N synthetic events (for benchmarks).
    Generate(generate::GenerateArgs),
    /// List or clear the cached indexes of large files (see docs/cache.md).
    Cache(cache::CacheArgs),
}

/// Where events come from.
#[derive(Debug, Args, Clone, Default)]
pub struct DataArgs {
    /// An event file (sitrep JSON, ACLED or UCDP GED CSV, GeoJSON); repeat for several. Without
    /// any, the built-in dataset.
    #[arg(long = "data", short = 'd', value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// The files' format when their content does not tell: json, acled, ucdp or geojson.
    #[arg(long, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Leave out bad records and load the rest, listing what was left out.
    #[arg(long)]
    pub skip_bad: bool,
    /// Parse the files, neither reading nor writing the index cache (see docs/cache.md).
    #[arg(long)]
    pub no_cache: bool,
}

/// An index ready to use, with what its load had to say, and the cache entry to write when it
/// did not come from the cache.
pub struct Opened {
    pub index: Index,
    pub warnings: Vec<Problem>,
    pub skipped: Vec<Problem>,
    pub to_cache: Option<crate::cache::Entry>,
}

impl DataArgs {
    fn load_options(&self) -> LoadOptions {
        LoadOptions { format: self.input_format, skip_bad: self.skip_bad }
    }

    /// Loads the named files, or the built-in dataset; warnings and skipped records go to stderr.
    pub fn load(&self) -> Result<Loaded, CliError> {
        let opts = self.load_options();
        let loaded = if self.data.is_empty() { dataset::builtin() } else { load_files(&self.data, &opts) }
            .map_err(CliError::Input)?;
        report(&loaded.warnings, &loaded.skipped);
        Ok(loaded)
    }

    /// The cache entry of this load, when it is cached (see `crate::cache`).
    pub fn cache_entry(&self) -> Option<crate::cache::Entry> {
        if self.no_cache { None } else { crate::cache::Entry::for_load(&self.data, &self.load_options()) }
    }

    /// The index, from the cache when it holds these files unchanged, else loaded and built
    /// (the entry to write is then in [`Opened::to_cache`]).
    pub fn open(&self) -> Result<Opened, CliError> {
        self.open_from(self.cache_entry())
    }

    /// [`DataArgs::open`] with the cache entry already found (its identity read once).
    pub fn open_from(&self, entry: Option<crate::cache::Entry>) -> Result<Opened, CliError> {
        self.open_reading(entry, crate::indexed::large(&self.data).then_some(crate::load::BLOCK))
    }

    /// [`DataArgs::open_from`], reading the files `block` bytes at a time when given and
    /// they allow it (see `open.rs`), else loading them whole.
    fn open_reading(&self, entry: Option<crate::cache::Entry>, block: Option<usize>) -> Result<Opened, CliError> {
        if let Some(hit) = entry.as_ref().and_then(|e| e.read().ok()) {
            report(&hit.warnings, &hit.skipped);
            return Ok(Opened { index: hit.index, warnings: hit.warnings, skipped: hit.skipped, to_cache: None });
        }
        if let Some(block) = block
            && let Some(s) =
                crate::indexed::stream_index(&self.data, &self.load_options(), block).map_err(CliError::Input)?
        {
            report(&s.warnings, &[]);
            return Ok(Opened { index: s.index, warnings: s.warnings, skipped: Vec::new(), to_cache: entry });
        }
        let loaded = self.load()?;
        let index = Index::new(loaded.events);
        Ok(Opened { index, warnings: loaded.warnings, skipped: loaded.skipped, to_cache: entry })
    }

    /// The index, as [`DataArgs::open`] gives it; a new cache entry is written before it is
    /// returned.
    pub fn index(&self) -> Result<Index, CliError> {
        self.index_from(self.cache_entry())
    }

    /// [`DataArgs::index`] with the cache entry already found. An index from the cache is
    /// checked whole (every record) before it is returned, and built again from the files
    /// when a block is damaged.
    pub fn index_from(&self, entry: Option<crate::cache::Entry>) -> Result<Index, CliError> {
        let ix = self.index_lazily(entry.clone())?;
        match crate::index::persist::cache_file(&ix) {
            Some(file) if !file.check_whole() => self.rebuild(entry.as_ref()),
            _ => Ok(ix),
        }
    }

    /// [`DataArgs::index_from`] without the check of the records of an index from the cache:
    /// each is checked as it is read, and one in a damaged block reads blank. The caller
    /// checks those it prints first (`crate::index::persist::check_records`), and
    /// [`DataArgs::rebuild`]s on damage.
    pub fn index_lazily(&self, entry: Option<crate::cache::Entry>) -> Result<Index, CliError> {
        let o = self.open_from(entry)?;
        if let Some(entry) = o.to_cache {
            entry.write(&o.index, &o.warnings, &o.skipped);
        }
        Ok(o.index)
    }

    /// The index built from the files again, after damage was found in the cache entry it came
    /// from: the damage is said, and the entry removed and written anew. The load's warnings
    /// were said with the cached index, and are not said twice.
    pub fn rebuild(&self, entry: Option<&crate::cache::Entry>) -> Result<Index, CliError> {
        if let Some(e) = entry {
            e.refuse(&crate::cache::CacheMiss::Damaged("checksum".into()));
        }
        let built = crate::indexed::index_files(&self.data, &self.load_options()).map_err(CliError::Input)?;
        if let Some(e) = entry {
            e.write(&built.index, &built.warnings, &built.skipped);
        }
        Ok(built.index)
    }
}

/// Says a load's warnings and skipped records on stderr.
fn report(warnings: &[Problem], skipped: &[Problem]) {
    for w in warnings {
        output::say(w);
    }
    // every record left out: they are the user's data
    for p in skipped {
        output::say(p);
    }
    if !skipped.is_empty() {
        let n = skipped.len();
        output::say(format_args!("sitrep: skipped {n} bad record{}", if n == 1 { "" } else { "s" }));
    }
}

/// Runs the command line and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    if cli.command.is_some() {
        // the browser ends on a signal by its own loop; a command is stopped here
        stop_on_signals();
    }
    match run(cli) {
        Ok(code) => code,
        // the reader of our output went away (`sitrep query | head`): nothing is wrong, and
        // there is no one left to tell; exit 0 as ripgrep does
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            output::say(format_args!("sitrep: {e}"));
            ExitCode::from(2)
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP, removes the temporary file of an export under way and exits
/// with the shell's code for the signal (128 + its number).
fn stop_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new().name("sitrep-signals".into()).spawn(move || {
        if let Some(sig) = signals.forever().next() {
            crate::export::remove_partial_files();
            std::process::exit(128 + sig);
        }
    });
}

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Some(Command::Query(a)) => query::run(&a),
        Some(Command::Stats(a)) => stats::run(&a),
        Some(Command::Map(a)) => map::run(&a),
        Some(Command::Validate(a)) => validate::run(&a),
        Some(Command::Generate(a)) => generate::run(&a),
        Some(Command::Cache(a)) => cache::run(&a),
        None => browse::run(&cli.browse),
    }
}
