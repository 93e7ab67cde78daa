//! `sitrep query`: the events that match, in date order.

use super::{CliError, DataArgs, table};
use crate::export::{self, ExportFormat};
use crate::index::{Aliases, Index};
use crate::keymap::Keymap;
use crate::load::Keep;
use crate::query::{Compiled, More, Query, TermKind, Widen, stream_files};
use clap::{Args, ValueEnum};
use std::io::Write;
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

/// The query keys, for `sitrep query --help` (docs/query.md has them in full).
pub const QUERY_KEYS: &str = "\
Query terms (all must hold; -TERM negates; A,B means either):
  date:2019-03-13  date:2019-03  date:2019-03-01..2019-03-14   stated about as precisely
  overlaps:2019-03-13             any event whose interval touches the range
  actor:HTS   by:HTS   on:HTS     any role; acted (or beside the actor); was the target
  place:Idlib   place:Ham*        a place, governorate or district; * for the start of a word
  type:shelling   source:Independent   tag:date-inferred   id:ID
  near:Idlib,10km   near:35.93,36.63,10km   near:Idlib,10km,any
  killed:>=10   killed:<5   killed:10..20
  is:disputed   is:located
  prison   \"white phosphorus\"     words in the title, notes and quotes
A shell word with spaces is one value per comma: 'actor:Jaish al Izza,Hezbollah'.
See docs/query.md.";

#[derive(Debug, Args)]
#[command(after_help = QUERY_KEYS)]
pub struct QueryArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: OutFormat,
    /// Print only the number of matching events.
    #[arg(long, short = 'c')]
    pub count: bool,
    /// The table in plain ASCII, names transliterated.
    #[arg(long)]
    pub ascii: bool,
    /// Write to this file (whole or not at all, never over an input file) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The query: terms ANDed, e.g. actor:HTS date:2019-03-13 (see docs/query.md).
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
    let aliases = user_aliases();
    // One event alone cannot know the alias file's links, so an actor term with an alias file
    // goes through the index, which links them as the browser and `sitrep stats` do.
    let actors = q.terms.iter().any(|t| matches!(&t.kind, TermKind::Name { key, .. } if key.what() == "actor"));
    // A file with an entry in the cache is answered from its index, read in place (and the
    // entry rebuilt if its file changed); a file without one is read a block at a time, which
    // answers one question sooner than building an index would (docs/cache.md).
    let entry = a.data.cache_entry();
    let cached = entry.as_ref().is_some_and(|e| e.path().exists());
    let stream = !cached && (aliases.is_empty() || !actors);
    let answer = match stream.then(|| streamed(&a.data, &q, a.count)).transpose()?.flatten() {
        Some(answer) => answer,
        None => indexed(&a.data, entry, &q, &text, &aliases, a.count)?,
    };
    for note in &answer.notes {
        super::output::say(format_args!("sitrep: note: {note}"));
    }
    for note in more_notes(&q, &text, answer.more) {
        super::output::say(format_args!("sitrep: note: {note}"));
    }
    let (ix, hits) = (&answer.ix, &answer.hits);
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if a.count {
            return writeln!(out, "{}", answer.count);
        }
        match a.format.export() {
            None => table::timeline(ix, hits, a.ascii, out),
            Some(f) => {
                let events = ix.events(hits)?;
                export::write(&events.iter().collect::<Vec<_>>(), f, out)
            }
        }
    };
    match &a.output {
        Some(path) => export::write_atomic(path, &a.data.data, write).map_err(CliError::Output)?,
        None => {
            let mut out = super::output::stdout();
            write(&mut out).and_then(|()| out.flush()).map_err(|e| CliError::io("writing the result", e))?;
        }
    }
    // The process ends now: freeing a million events one by one would only delay the exit
    // (by about a second), so the memory goes back to the system whole.
    std::mem::forget(answer);
    Ok(ExitCode::SUCCESS)
}

/// The user's alias file (beside the key map file), as the browser reads it; its problems are
/// said on stderr and leave the rest of the file applied.
pub fn user_aliases() -> Aliases {
    let (aliases, problems) = Keymap::aliases_path().map(|p| Aliases::load(&p)).unwrap_or_default();
    for p in &problems {
        super::output::say(format_args!("sitrep: {p}"));
    }
    aliases
}

/// The notes on what the strict reading left out, each with the query that shows it.
pub fn more_notes(q: &Query, text: &str, more: More) -> Vec<String> {
    let shell = |t: String| if t.contains([' ', '"', '\'']) { format!("'{t}'") } else { t };
    let mut notes = Vec::new();
    if more.dates > 0 {
        notes.push(format!(
            "{} more event{} overlap{} these dates but {} stated less precisely (a week, a month, a span): \
             the query {} shows them too (see docs/query.md)",
            more.dates,
            if more.dates == 1 { "" } else { "s" },
            if more.dates == 1 { "s" } else { "" },
            if more.dates == 1 { "is" } else { "are" },
            shell(q.widened_text(text, Widen::Dates))
        ));
    }
    if more.places > 0 {
        notes.push(format!(
            "{} more event{}, placed only by {} governorate, {} a point in this circle (the governorate's \
             capital, not the site): the query {} shows them too (see docs/query.md)",
            more.places,
            if more.places == 1 { "" } else { "s" },
            if more.places == 1 { "its" } else { "their" },
            if more.places == 1 { "has" } else { "have" },
            shell(q.widened_text(text, Widen::Places))
        ));
    }
    notes
}

/// What `sitrep query` prints: the matching events of `ix` (numbers in date order; none when
/// only counted), their number, the notes on names that match nothing, and how many events the
/// widened reading adds.
struct Answer {
    ix: Index,
    hits: Vec<u32>,
    count: usize,
    notes: Vec<String>,
    more: More,
}

/// The answer read straight from the files, without loading every event (see
/// `query::stream_files`); None when the full load and index must answer.
fn streamed(data: &DataArgs, q: &Query, count: bool) -> Result<Option<Answer>, CliError> {
    // The streaming reader knows sitrep's own JSON and ACLED CSV, by their content, read
    // strictly: a named input format or --skip-bad goes through the full load.
    if data.data.is_empty() || data.input_format.is_some() || data.skip_bad {
        return Ok(None);
    }
    let keep = if count { Keep::Count } else { Keep::Events };
    let Some(s) = stream_files(&data.data, q, keep).map_err(CliError::Input)? else {
        return Ok(None);
    };
    for w in &s.warnings {
        super::output::say(w);
    }
    let hits = (0..s.index.len() as u32).collect();
    Ok(Some(Answer { ix: s.index, hits, count: s.count, notes: s.notes, more: s.more }))
}

/// The answer from all events loaded and indexed. An index from the cache has its records
/// checked as they are read: those of the events to print are checked before anything is
/// printed, and a damaged block found by any read (a term that reads records, or this check)
/// sends the question to the files, whose index is written to the cache again.
fn indexed(
    data: &DataArgs,
    entry: Option<crate::cache::Entry>,
    q: &Query,
    text: &str,
    aliases: &Aliases,
    count: bool,
) -> Result<Answer, CliError> {
    let got = answer(data.index_lazily(entry.clone())?, q, text, aliases)?;
    let printed: &[u32] = if count { &[] } else { &got.hits };
    let damaged = crate::index::persist::cache_file(&got.ix).is_some_and(|f| f.is_damaged());
    if !damaged && crate::index::persist::check_records(&got.ix, printed) {
        return Ok(got);
    }
    drop(got);
    answer(data.rebuild(entry.as_ref())?, q, text, aliases)
}

/// The answer of `ix`.
fn answer(mut ix: Index, q: &Query, text: &str, aliases: &Aliases) -> Result<Answer, CliError> {
    ix.link_aliases(aliases);
    let compiled = Compiled::new(q, &ix).map_err(|err| CliError::Query { err, text: text.to_string() })?;
    let hits = compiled.run(&ix);
    let more_by = |how| compiled.widened(how).map_or(0, |wide| wide.run(&ix).len().saturating_sub(hits.len()));
    let more = More { dates: more_by(Widen::Dates), places: more_by(Widen::Places) };
    Ok(Answer { ix, count: hits.len(), hits, notes: compiled.notes, more })
}
