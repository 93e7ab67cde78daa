//! `sitrep [FILE]...`: the browser on a terminal, the timeline as a table in a pipe.

use super::{BrowseArgs, CliError, DataArgs, table};
use crate::app::{App, Options};
use crate::index::Aliases;
use crate::keymap::Keymap;
use crate::query::Query;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(args: &BrowseArgs) -> Result<ExitCode, CliError> {
    // A bad --query is refused before the screen is taken, where the error can be read. It is
    // one shell word, read as `sitrep query` reads one: 'actor:Jaish al Izza,Hezbollah' is two names.
    let query = match &args.query {
        Some(q) => {
            let (_, text) =
                Query::parse_args(std::slice::from_ref(q)).map_err(|err| CliError::Query { err, text: q.clone() })?;
            Some(text)
        }
        None => None,
    };
    let data = DataArgs {
        data: args.files.clone(),
        input_format: args.format,
        skip_bad: args.skip_bad,
        no_cache: args.no_cache,
    };
    if !std::io::stdout().is_terminal() {
        let ix = data.index()?;
        let shown: Vec<u32> = match &query {
            Some(q) => ix.query(q).map_err(|err| CliError::Query { err, text: q.clone() })?,
            None => (0..ix.len() as u32).collect(),
        };
        let out = std::io::stdout().lock();
        table::timeline(&ix, &shown, args.ascii, out).map_err(|e| CliError::io("writing the timeline", e))?;
        return Ok(ExitCode::SUCCESS);
    }
    // The map's embedded coasts, borders and towns are decoded once per process (some 40 ms
    // at a first frame): on a thread of their own while the index opens.
    let _ = std::thread::Builder::new().name("map-warm".into()).spawn(|| {
        crate::map::Geography::embedded();
        crate::map::rank::town_spellings();
        crate::map::rank::areas();
    });
    let entry = data.cache_entry();
    let loaded = data.open_from(entry.clone())?;
    let (keymap, problems) = Keymap::load_user();
    let mut warnings: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let (aliases, alias_problems) = Keymap::aliases_path().map(|p| Aliases::load(&p)).unwrap_or_default();
    warnings.extend(alias_problems.iter().cloned());
    warnings.extend(loaded.warnings.iter().map(ToString::to_string));
    // with --skip-bad, the status line opens on the count; help lists the rows
    if let Some(first) = loaded.skipped.first() {
        let n = loaded.skipped.len();
        let rows = if n == 1 { "row" } else { "rows" };
        let files = loaded.skipped.iter().map(|p| &p.file).collect::<std::collections::BTreeSet<_>>().len();
        let of = if files == 1 { first.file.clone() } else { format!("{files} files") };
        warnings.insert(0, format!("skipped {n} bad {rows} of {of} (--skip-bad)"));
        // every one: help scrolls
        warnings.extend(loaded.skipped.iter().map(ToString::to_string));
    }
    let opts = Options {
        inputs: args.files.clone(),
        query,
        select: args.select.clone(),
        ascii: args.ascii,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        keymap,
        warnings,
        skipped: loaded.skipped.len(),
        load_args: load_args(args),
        aliases,
    };
    let mut app = App::new(loaded.index, opts);
    // The first frame does not wait for the cache: the entry is written beside the browser.
    let pending = loaded.to_cache.map(|e| e.write_in_background(app.ix.clone(), loaded.warnings, loaded.skipped));
    let load = crate::load::LoadOptions { format: args.format, skip_bad: args.skip_bad };
    let watcher = args.watch.then(|| crate::watch::Watcher::start(args.files.clone(), load.clone()));
    // An index from the cache has had only the records of its first frame checked; the rest
    // is checked beside the browser, and the files loaded again if a block is damaged.
    let recheck = crate::index::persist::cache_file(&app.ix).zip(entry).map(|(file, entry)| {
        crate::cache::Recheck::new(Arc::clone(file), entry.path().to_path_buf(), args.files.clone(), load)
    });
    let ran = crate::tui::run(&mut app, watcher.as_ref(), recheck.as_ref())
        .map_err(|e| CliError::io("running the terminal", e));
    // The terminal is the user's again; a write still under way is finished (an interrupt now
    // leaves only a temporary file, never a partial entry).
    if let Some(p) = pending {
        finish_cache(p);
    }
    ran?;
    // Key map problems are shown in the browser; they are repeated here, where they stay.
    for p in &problems {
        super::output::say(format_args!("sitrep: {p}"));
    }
    for p in &alias_problems {
        super::output::say(format_args!("sitrep: {p}"));
    }
    let mut out = std::io::stdout().lock();
    for c in &app.cited {
        let _ = writeln!(out, "{}", crate::text::inert(c));
    }
    Ok(ExitCode::SUCCESS)
}

/// Waits for the cache write that began with the browser; Ctrl-C (or SIGTERM, SIGHUP) stops it
/// and leaves nothing behind, so the next open parses the files again.
fn finish_cache(p: crate::cache::Pending) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use std::sync::atomic::{AtomicBool, Ordering};
    if p.is_done() {
        return p.wait();
    }
    super::output::say("sitrep: writing the index cache, for a faster next open of these files (Ctrl-C skips it)");
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        let _ = signal_hook::flag::register(sig, std::sync::Arc::clone(&stop));
    }
    while !p.is_done() {
        if stop.load(Ordering::Relaxed) {
            return p.abandon();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    p.wait();
}

/// The options that shape what was loaded and how it is shown, as words of the command line,
/// so that the command the browser cites reopens this very view.
fn load_args(args: &BrowseArgs) -> Vec<String> {
    let mut words = Vec::new();
    if let Some(f) = args.format {
        words.extend(["--format".to_string(), f.name().to_string()]);
    }
    let flags = [(args.skip_bad, "--skip-bad"), (args.watch, "--watch"), (args.ascii, "--ascii")];
    words.extend(flags.into_iter().filter(|f| f.0).map(|f| f.1.to_string()));
    words
}
