//! The browser's state and the one function that changes it.
//!
//! [`App`] holds the index, the filter and its result, the timeline's and the map's positions
//! and the open overlay. Every change goes through [`App::update`] with an [`Action`]; the
//! screen is drawn from `&App` alone (see [`crate::ui`]). Nothing here knows the terminal.
//!
//! ```
//! use sitrep::app::{Action, App, Options};
//! use sitrep::index::Index;
//! let mut app = App::new(Index::new(sitrep::synth::events(100, 1)), Options::default());
//! app.update(Action::Resize { width: 120, height: 40 });
//! app.update(Action::Down);
//! assert_eq!(app.timeline.sel, 1);
//! ```

pub mod areas;
mod effect;
mod fields;
pub mod filter;
mod filter_run;
mod find;
mod grid_cache;
pub mod help;
pub mod histogram;
pub mod map;
mod picker;
mod query_bar;
mod reload;
mod searcher;
mod side_run;
mod step;
mod text_field;
pub mod timeline;
mod update;
mod why;

pub use crate::action::{Action, NAMED};
pub use crate::rebuilt::Rebuilt;
pub use areas::Areas;
pub use effect::Effect;
pub use filter::{DateStep, Filter, GeoBox};
pub use filter_run::{FilterRun, RUN_APART_FROM};
pub use find::{Ask, Search};
pub use histogram::Histogram;
pub use picker::{Item, Picker};
pub use query_bar::{Cycle, QueryBar};
pub use searcher::{Searcher, lower_priority};
pub use text_field::TextField;
pub use timeline::{Group, Grouping, Row, Timeline};

use crate::index::{Aliases, EventRef, Index};
use crate::index::{Gone, Wanted};
use crate::keymap::{Context, Key, Keymap};
use crate::map::Camera;
use crate::query::QueryError;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// A filter run asked for and not yet answered.
#[derive(Debug)]
struct Pending {
    generation: u64,
    /// The query bar's text before the change, put back when the query turns out bad.
    bar_before: Option<String>,
}

/// Which pane has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Timeline,
    Map,
    Details,
}

/// What covers the panes, if anything.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help {
        scroll: u16,
    },
    /// The selected event, full screen.
    Reader {
        scroll: u16,
    },
    /// The command line that reopens the view.
    Cite(String),
    Query(QueryBar),
    Picker(Picker),
    /// A one-line prompt: the export file's name, a date to go to, a search.
    Prompt(Ask, TextField),
}

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// How long it has been shown, in milliseconds: it fades after [`Message::LIFE_MS`].
    pub age_ms: u32,
}

impl Message {
    /// How long a message stays when no key is pressed; the next key clears it anyway.
    pub const LIFE_MS: u32 = 6000;

    pub fn new(text: impl Into<String>, error: bool) -> Message {
        Message { text: text.into(), error, age_ms: 0 }
    }
}

/// How the browser starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The files browsed, as given (none for the built-in dataset): cited, and never exported over.
    pub inputs: Vec<PathBuf>,
    /// The initial filter, in the query language.
    pub query: Option<String>,
    /// The id of the event to select first.
    pub select: Option<String>,
    /// Plain ASCII glyphs instead of Unicode symbols.
    pub ascii: bool,
    /// No colours (NO_COLOR); the selection stays visible by reverse video and a marker.
    pub no_color: bool,
    pub keymap: Keymap,
    /// Problems found at start (key map file, loading), shown in the status line and the help.
    pub warnings: Vec<String>,
    /// Records skipped by `--skip-bad`: the first warning counts them, the last ones list them.
    pub skipped: usize,
    /// How the files were loaded, as command-line words (`--skip-bad`, `--format acled`): cited.
    pub load_args: Vec<String>,
    /// The user's alias file: names that different datasets give one actor.
    pub aliases: Aliases,
}

/// The status line's first words on problems found at start: the first one, and the key whose
/// help lists them all. With `skipped` records skipped by `--skip-bad`, the first warning counts
/// them and the last `skipped` list them, so only the warnings between are "other".
fn start_message(warnings: &[String], skipped: usize, help: &str) -> Option<String> {
    let first = warnings.first()?;
    let others = warnings.len().saturating_sub(1 + skipped);
    let plural = if others == 1 { "" } else { "s" };
    Some(match (skipped > 0, others > 0) {
        (true, false) => format!("{first}: {help} lists them"),
        (true, true) => format!("{first}: {help} lists them, with {others} other warning{plural}"),
        (false, true) => format!("{first} (and {others} more: {help} lists them)"),
        (false, false) => first.clone(),
    })
}

/// The whole state of the browser.
#[derive(Debug)]
pub struct App {
    /// Shared, so that the word index of the free-text search can be built on another thread
    /// while the browser is in use.
    pub ix: Arc<Index>,
    pub inputs: Vec<PathBuf>,
    /// The load options, as command-line words: cited with the files.
    pub load_args: Vec<String>,
    pub keymap: Keymap,
    pub ascii: bool,
    pub no_color: bool,
    pub filter: Filter,
    /// The query last run (the filter but the map's box) and its result; `None` before the
    /// first run and after a reload, so that the next refilter runs whatever the query.
    ran: Option<String>,
    matched: Arc<Vec<u32>>,
    /// The filter run asked for and not yet answered: the screen says "searching".
    pending: Option<Pending>,
    /// Runs for `update` to hand out as [`Effect::Filter`]s, one per call (an action asks for
    /// one at most; another waits for the next call).
    outbox: Vec<FilterRun>,
    /// How many runs were asked for, of the filter and of the others (a search, a picker's
    /// counts): each run's number, so that its answer goes where it was asked for.
    runs: u64,
    /// The runs asked for besides the filter's, not answered yet.
    side: side_run::SideRuns,
    /// A reload's index, put in place when the filter's answer over it comes.
    staged: Option<Rebuilt>,
    /// The number of the last filter run asked for, shared with the runs: an older one stops.
    latest: Arc<AtomicU64>,
    /// From this many events on, the filter runs away from the keys ([`RUN_APART_FROM`]); a
    /// test sets it to 0 to see the screen while a search runs.
    pub run_apart_from: usize,
    /// The filter without the date step, and its result, kept for stepping through days.
    base: Option<(String, Vec<u32>)>,
    /// The events shown, as event numbers in date order.
    pub shown: Vec<u32>,
    /// What the last query run says about itself: names that match nothing.
    pub notes: Vec<String>,
    pub timeline: Timeline,
    pub map: Camera,
    /// Towns the loaded events name: their labels win on the map.
    pub mentioned: Vec<String>,
    pub histogram: Histogram,
    /// The last search of `n` and `N`.
    pub search: Option<Search>,
    /// The histogram's bin when the user chose one; else it fits the span to the width.
    pub bin: Option<histogram::Unit>,
    pub focus: Pane,
    pub overlay: Overlay,
    pub details_scroll: u16,
    pub message: Option<Message>,
    pub warnings: Vec<String>,
    /// The terminal's size.
    pub size: (u16, u16),
    pub quit: bool,
    /// Whether the user has moved the map; until then it is fitted to the events at each resize.
    pub map_moved: bool,
    /// Why the last reload of the watched files failed; the data on screen is the last good.
    pub reload_error: Option<String>,
    /// Command lines shown with `cite`, printed again on exit.
    pub cited: Vec<String>,
    /// The user's alias file, applied again to reloaded events.
    aliases: Aliases,
    /// [`App::why_matched`] of the last selection and query drawn.
    why: why::WhyCache,
    /// [`App::event_grid`] of the last map drawn.
    grid: grid_cache::GridCache,
}

impl App {
    pub fn new(mut ix: Index, opts: Options) -> App {
        ix.link_aliases(&opts.aliases);
        ix.keep_scanned_text();
        let mentioned = crate::map::rank::mentioned(&ix);
        let mut app = App {
            ix: Arc::new(ix),
            inputs: opts.inputs,
            load_args: opts.load_args,
            keymap: opts.keymap,
            ascii: opts.ascii,
            no_color: opts.no_color,
            filter: Filter { text: opts.query.unwrap_or_default(), ..Filter::default() },
            ran: None,
            matched: Arc::default(),
            pending: None,
            outbox: Vec::new(),
            runs: 0,
            side: side_run::SideRuns::default(),
            staged: None,
            latest: Arc::default(),
            run_apart_from: RUN_APART_FROM,
            base: None,
            shown: Vec::new(),
            notes: Vec::new(),
            timeline: Timeline::default(),
            map: Camera::new(35.6, 36.6, 30.0),
            mentioned,
            histogram: Histogram::default(),
            search: None,
            bin: None,
            focus: Pane::Timeline,
            overlay: Overlay::None,
            details_scroll: 0,
            message: None,
            warnings: opts.warnings,
            size: (120, 40),
            quit: false,
            map_moved: false,
            reload_error: None,
            cited: Vec::new(),
            aliases: opts.aliases,
            why: why::WhyCache::default(),
            grid: grid_cache::GridCache::default(),
        };
        if let Err(e) = app.refilter() {
            app.message = Some(Message::new(format!("bad query: {}", e.message), true));
        }
        if let Some(id) = opts.select {
            app.select_id(&id);
        }
        app.map = map::overview(&app.ix, &app.shown, app.map_area());
        if app.message.is_none() {
            let help = app.keymap.key_for(Context::Global, &Action::Help).unwrap_or_else(|| "help".into());
            app.message = start_message(&app.warnings, opts.skipped, &help).map(|text| Message::new(text, true));
        }
        app
    }

    /// The screen's areas at the current size.
    pub fn areas(&self) -> Areas {
        areas::areas(Rect::new(0, 0, self.size.0, self.size.1), self.bar_rows())
    }

    /// Lines the query bar takes at the bottom, when open.
    pub fn bar_rows(&self) -> u16 {
        match &self.overlay {
            Overlay::Query(_) => 3,
            Overlay::Prompt(..) => 2,
            _ => 0,
        }
    }

    pub fn timeline_height(&self) -> usize {
        self.areas().timeline_rows() as usize
    }

    /// The map's drawing area, or a typical one when the map is hidden.
    pub fn map_area(&self) -> Rect {
        self.areas().map_inner().unwrap_or(Rect::new(0, 0, 60, 20))
    }

    /// The selected event's number.
    pub fn selected(&self) -> Option<u32> {
        self.shown.get(self.timeline.sel).copied()
    }

    pub fn selected_event(&self) -> Option<EventRef<'_>> {
        self.selected().map(|i| self.ix.get(i))
    }

    /// The key map contexts in force, innermost first.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Overlay::Help { .. } => vec![Context::Help],
            Overlay::Reader { .. } => vec![Context::Reader],
            Overlay::Cite(_) => vec![Context::Cite],
            Overlay::Query(_) => vec![Context::Query],
            Overlay::Picker(_) => vec![Context::Picker],
            Overlay::Prompt(..) => vec![Context::Prompt],
            Overlay::None => {
                let pane = match self.focus {
                    Pane::Timeline => Context::Timeline,
                    Pane::Map => Context::Map,
                    Pane::Details => Context::Details,
                };
                vec![pane, Context::Global]
            }
        }
    }

    /// What a key does now, in the contexts of what is on screen (see [`Keymap::resolve`]).
    pub fn action_for(&self, key: Key) -> Option<Action> {
        self.keymap.resolve(&self.contexts(), key)
    }

    /// Runs the filter here and now (a run under way elsewhere is dropped, a reload's index is
    /// put in place), and keeps the selection on the same event when it still matches, else on
    /// the nearest one after it in date order.
    pub fn refilter(&mut self) -> Result<(), QueryError> {
        self.supersede();
        let swapped = self.staged.is_some();
        let keep = self.swap_in_staged();
        let q = self.filter.query();
        if self.ran.as_ref() != Some(&q) {
            let within = self.narrowing(&q);
            let outcome = filter_run::evaluate(&self.ix, &q, within.as_deref().map(Vec::as_slice), Wanted::ALWAYS);
            match outcome.unwrap_or_else(|Gone| Ok(Default::default())) {
                Ok((matched, notes)) => {
                    self.matched = Arc::new(matched);
                    self.notes = notes;
                    self.ran = Some(q);
                }
                Err(e) => {
                    if swapped {
                        // the events before are gone, and the query matches none of the new
                        self.ran = Some(q);
                        self.show_matched(keep);
                    }
                    return Err(e);
                }
            }
        }
        self.show_matched(keep);
        Ok(())
    }

    /// Shows the last query's events within the map's box, the selection kept on the same
    /// event when it is among them, else on the nearest one after it in date order; after a
    /// reload, on the event of id `keep`.
    fn show_matched(&mut self, keep: Option<String>) {
        let was = match keep {
            Some(id) => self.ix.position(&id),
            None => self.selected(),
        };
        self.shown = self.within_box(self.matched.to_vec());
        self.timeline.grouping = Grouping::for_span(&self.ix, &self.shown);
        self.rebin();
        let pos = match was {
            Some(ev) => self.shown.binary_search(&ev).unwrap_or_else(|p| p),
            None => 0,
        };
        self.timeline.top = self.timeline.top.min(self.shown.len().saturating_sub(1));
        self.select_pos(pos);
        self.redo_side_runs();
    }

    /// Counts the histogram again, for the shown events at the strip's width.
    pub(super) fn rebin(&mut self) {
        let columns = self.areas().histogram.map_or(60, |r| r.width.saturating_sub(2)) as usize;
        self.histogram = Histogram::new(&self.ix, &self.shown, columns, self.bin);
    }

    /// The events of a query's result within the map's box, when `f` set one.
    fn within_box(&self, events: Vec<u32>) -> Vec<u32> {
        match self.filter.within {
            None => events,
            Some(b) => {
                let ix = &self.ix;
                events.into_iter().filter(|&i| ix.lat_lon(i).is_some_and(|(la, lo)| b.contains(la, lo))).collect()
            }
        }
    }

    /// The events of query `q`, here and now: the last answer when `q` is the query it
    /// answered.
    fn run_query(&self, q: &str) -> Result<(Vec<u32>, Vec<String>), QueryError> {
        if self.ran.as_deref() == Some(q) {
            return Ok((self.matched.to_vec(), self.notes.clone()));
        }
        filter_run::evaluate(&self.ix, q, None, Wanted::ALWAYS).unwrap_or_else(|Gone| Ok(Default::default()))
    }

    /// The events of the filter without its date step, to find the days that have some.
    pub(super) fn undated(&mut self) -> Result<(), QueryError> {
        let q = self.filter.base_query();
        if self.base.as_ref().is_none_or(|(text, _)| *text != q) {
            let (events, _) = self.run_query(&q)?;
            self.base = Some((q, events));
        }
        Ok(())
    }

    /// The last result of [`App::undated`].
    pub(super) fn undated_events(&self) -> &[u32] {
        self.base.as_ref().map_or(&[][..], |(_, events)| events.as_slice())
    }

    /// Selects the event at a position of the shown list, scrolling the timeline and the map.
    pub fn select_pos(&mut self, pos: usize) {
        let before = self.selected();
        let h = self.timeline_height();
        self.timeline.select(&self.ix, &self.shown, pos, h);
        if self.selected() != before {
            self.details_scroll = 0;
        }
        self.follow_on_map();
    }

    /// Keeps the selected event in the map's view, unless the user is steering the map.
    fn follow_on_map(&mut self) {
        if self.focus == Pane::Map {
            return;
        }
        let area = self.map_area();
        if let Some((la, lo)) = self.selected().and_then(|i| self.ix.lat_lon(i)) {
            self.map.ensure_visible(la, lo, area.width, area.height, 2);
        }
    }

    /// Selects an event by id, with a message when it is missing or filtered out.
    pub fn select_id(&mut self, id: &str) {
        match self.ix.position(id) {
            None => self.error(format!("no event has the id {:?}", crate::text::inert(id))),
            Some(ev) => match self.shown.binary_search(&ev) {
                Ok(p) => self.select_pos(p),
                Err(_) => self.error(format!("event {:?} is not in the filter", crate::text::inert(id))),
            },
        }
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message::new(text, true));
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message::new(text, false));
    }

    /// The command line that reopens this view.
    pub fn citation(&self) -> String {
        let mut words = vec!["sitrep".to_string()];
        words.extend(self.inputs.iter().map(|p| shell_word(&p.display().to_string())));
        words.extend(self.load_args.iter().map(|w| shell_word(w)));
        let q = self.filter.query();
        if !q.trim().is_empty() {
            words.push("--query".into());
            words.push(shell_word(q.trim()));
        }
        if let Some(e) = self.selected_event() {
            words.push("--select".into());
            words.push(shell_word(e.id()));
        }
        words.join(" ")
    }
}

/// A word for a POSIX shell: as is when plain, else in single quotes.
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c));
    if plain { s.to_string() } else { format!("'{}'", s.replace('\'', "'\\''")) }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn shell_words_quote_what_a_shell_would_split() {
        assert_eq!(shell_word("fx-04"), "fx-04");
        assert_eq!(shell_word("data/idlib 2019.json"), "'data/idlib 2019.json'");
        assert_eq!(shell_word("actor:\"Hay'et Tahrir\""), "'actor:\"Hay'\\''et Tahrir\"'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("$(rm -rf x)"), "'$(rm -rf x)'");
    }
}
