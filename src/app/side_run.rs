//! The browser's searches besides the filter's, away from the keys like it: the search of `F`
//! (Enter in its prompt) and the events a picker counts its names within (the filter, the
//! picker's own picks aside). From [`RUN_APART_FROM`](super::RUN_APART_FROM) events on, and
//! when the query is not the one the filter ran last, each is a [`FilterRun`] of its own kind,
//! numbered from the same count as the filter's runs (so that an answer goes where it was asked
//! for) but superseded only by a newer one of its kind.
//!
//! Until the answer comes, the key's frame says so: "searching for …" in the status line; the
//! picker open at once, its names in order of their events over all, marked "counting…".

use super::{App, FilterRun, Overlay, Picker, Search, TextField};
use crate::query::{Filtered, NameKey, Query};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// The runs asked for besides the filter's, not answered yet.
#[derive(Debug, Default)]
pub(super) struct SideRuns {
    /// The search of `F` asked for.
    find: Option<Finding>,
    find_latest: Arc<AtomicU64>,
    /// The number of the run of a picker's counts asked for.
    count: Option<u64>,
    count_latest: Arc<AtomicU64>,
    /// What to ask again over a reload's index, once its events are shown.
    redo: Option<Redo>,
}

#[derive(Debug)]
struct Finding {
    generation: u64,
    text: String,
    /// Whether the selection moves to the first match (Enter in the prompt), or the matches are
    /// only kept for `n` and `N` (the search asked again over a reload's index).
    go: bool,
}

/// The searches to ask again over a reload's index: their answers over the index before are
/// event numbers of that index.
#[derive(Debug)]
struct Redo {
    find: Option<(String, bool)>,
    count: bool,
}

impl App {
    /// Whether any run asked for has not answered yet: the filter's, a search's, a picker's
    /// counts. The terminal loop looks for answers more often meanwhile.
    pub fn awaiting(&self) -> bool {
        self.searching() || self.side.find.is_some() || self.side.count.is_some()
    }

    /// Whether query `q` runs away from the keys: on a large index, unless it is the query the
    /// filter ran last (its answer is at hand).
    fn runs_apart(&self, q: &str) -> bool {
        self.ix.len() >= self.run_apart_from && self.ran.as_deref() != Some(q)
    }

    /// Asks for a run of `query` over the index shown, of the kind whose newest is `latest`.
    fn ask_apart(&mut self, query: String, latest: &Arc<AtomicU64>) -> u64 {
        let generation = self.number(latest);
        let ix = Arc::clone(&self.ix);
        self.outbox.push(FilterRun { generation, query, within: None, ix, latest: Arc::clone(latest) });
        generation
    }

    /// Runs a search (the query language), then moves to its first match from the selection on
    /// when `go`; away from the keys on a large index, where only a query that does not parse is
    /// told at once. `Err` says what is wrong with it.
    pub(super) fn find(&mut self, text: String, go: bool) -> Result<(), String> {
        if self.runs_apart(&text) {
            Query::parse(&text).map_err(|e| format!("bad search: {}", e.message))?;
            let latest = Arc::clone(&self.side.find_latest);
            let generation = self.ask_apart(text.clone(), &latest);
            if go {
                self.info(format!("searching for {:?}…", crate::text::inert(&text)));
            }
            self.side.find = Some(Finding { generation, text, go });
            return Ok(());
        }
        let (hits, _) = self.run_query(&text).map_err(|e| format!("bad search: {}", e.message))?;
        self.search = Some(Search { text, hits });
        if go {
            self.next_match(true, true);
        }
        Ok(())
    }

    /// The query whose events a picker of `kind` counts its names within: the filter's, the
    /// picker's own picks aside (with HTS picked, the actor picker still counts the other actors
    /// of the rest of the filter); and those picks.
    fn picker_base(&self, kind: NameKey) -> (String, Vec<String>) {
        let mut f = self.filter.clone();
        let picked = match kind {
            NameKey::Type => std::mem::take(&mut f.types),
            _ => std::mem::take(&mut f.actors),
        };
        (f.query(), picked)
    }

    /// Opens a picker counting names within the filter, its own picks aside; on a large index
    /// with picks of its own, the counts come from the searcher.
    pub(super) fn open_picker(&mut self, kind: NameKey) {
        let (q, picked) = self.picker_base(kind);
        if self.runs_apart(&q) {
            self.overlay = Overlay::Picker(Picker::counting(kind, &self.ix, &picked));
            self.count_apart(q);
            return;
        }
        let within = self.picker_within(&q);
        self.overlay = Overlay::Picker(Picker::new(kind, &self.ix, &picked, &within));
    }

    /// Asks the searcher for the open picker's counts over `q`.
    fn count_apart(&mut self, q: String) {
        let latest = Arc::clone(&self.side.count_latest);
        self.side.count = Some(self.ask_apart(q, &latest));
    }

    /// The events a picker counts its names over, found here: with nothing picked, the query is
    /// the filter's own and its last answer serves; a bad query counts over the events shown.
    fn picker_within(&mut self, q: &str) -> Vec<u32> {
        let outcome = self.run_query(q);
        self.within_of(outcome)
    }

    /// The events a picker counts over, of a query's outcome: its events within the map's box,
    /// or the events shown when the query is bad.
    fn within_of<N, E>(&self, outcome: Result<(Vec<u32>, N), E>) -> Vec<u32> {
        match outcome {
            Ok((events, _)) => self.within_box(events),
            Err(_) => self.shown.clone(),
        }
    }

    /// Counts the open picker's names again, over the index shown (after a reload).
    fn recount_picker(&mut self) {
        let Overlay::Picker(p) = &self.overlay else { return };
        let (q, _) = self.picker_base(p.kind);
        if self.runs_apart(&q) {
            if let Overlay::Picker(p) = &mut self.overlay {
                p.counting = true;
            }
            self.count_apart(q);
            return;
        }
        let within = self.picker_within(&q);
        if let Overlay::Picker(p) = &mut self.overlay {
            p.recount(&self.ix, &within);
        }
    }

    /// Takes the answer of a run besides the filter's, if it is the one asked for last of its
    /// kind; any other is stale and dropped.
    pub(super) fn side_answer(&mut self, answer: Filtered) {
        let g = answer.generation;
        if self.side.find.as_ref().is_some_and(|f| f.generation == g) {
            let Some(Finding { text, go, .. }) = self.side.find.take() else { return };
            match answer.outcome {
                Ok((hits, _)) => {
                    self.search = Some(Search { text, hits });
                    if go {
                        self.next_match(true, true);
                    }
                }
                Err(e) => {
                    // the prompt again, with the text to correct, unless something else is open
                    if go && self.overlay == Overlay::None {
                        self.overlay = Overlay::Prompt(super::Ask::Search, TextField::new(&text));
                    }
                    self.error(format!("bad search: {}", e.message));
                }
            }
        } else if self.side.count == Some(g) {
            self.side.count = None;
            let within = self.within_of(answer.outcome);
            if let Overlay::Picker(p) = &mut self.overlay {
                p.recount(&self.ix, &within);
            }
        }
    }

    /// Before a reload's index is put in place: the searches besides the filter's are of the
    /// index before; those under way stop, and they are asked again once the new events are
    /// shown ([`App::redo_side_runs`]).
    pub(super) fn drop_side_runs(&mut self) {
        let find = self.side.find.take().map(|f| (f.text, f.go));
        let find = find.or_else(|| self.search.take().map(|s| (s.text, false)));
        let count = self.side.count.take().is_some() || matches!(self.overlay, Overlay::Picker(_));
        for latest in [Arc::clone(&self.side.find_latest), Arc::clone(&self.side.count_latest)] {
            self.number(&latest);
        }
        let filter = Arc::clone(&self.latest);
        self.outbox.retain(|run| Arc::ptr_eq(&run.latest, &filter));
        self.side.redo = Some(Redo { find, count });
    }

    /// Asks again, over the index now shown, the searches a reload dropped.
    pub(super) fn redo_side_runs(&mut self) {
        let Some(Redo { find, count }) = self.side.redo.take() else { return };
        if let Some((text, go)) = find
            && let Err(e) = self.find(text, go)
        {
            self.error(e);
        }
        if count {
            self.recount_picker();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{Action, App, Effect, FilterRun, Options, Overlay};
    use crate::index::Index;
    use crate::query::NameKey;

    /// An app whose runs are handed out, however small its index.
    fn app() -> App {
        let mut app = App::new(Index::new(crate::synth::events(3000, 4)), Options::default());
        app.run_apart_from = 0;
        app
    }

    fn asked(effect: Option<Effect>) -> FilterRun {
        match effect {
            Some(Effect::Filter(run)) => run,
            other => panic!("a run, not {other:?}"),
        }
    }

    fn type_in(app: &mut App, text: &str) {
        for c in text.chars() {
            assert_eq!(app.update(Action::Insert(c)), None, "typing in a prompt asks for nothing");
        }
    }

    #[test]
    fn enter_in_the_find_prompt_hands_its_search_out_and_moves_to_the_first_match_on_the_answer() {
        let mut app = app();
        app.update(Action::Down);
        let sel = app.timeline.sel;
        app.update(Action::Search);
        type_in(&mut app, "shelling");
        let run = asked(app.update(Action::Accept));
        assert_eq!((run.query.as_str(), run.within.as_ref()), ("shelling", None));
        // the key's frame: the prompt closed, the selection where it was, the search told
        assert_eq!(app.overlay, Overlay::None);
        assert_eq!(app.timeline.sel, sel);
        assert!(app.awaiting() && !app.searching(), "the filter is not what is searched");
        assert!(
            app.message.as_ref().is_some_and(|m| m.text.contains("searching for \"shelling\"")),
            "{:?}",
            app.message
        );
        app.update(run.answer().expect("the newest search"));
        assert!(!app.awaiting());
        let hits = app.ix.query("shelling").expect("a good query");
        assert_eq!(app.search.as_ref().map(|s| &s.hits), Some(&hits));
        let first = hits.iter().copied().find(|&h| h >= app.shown[sel]).expect("a match after");
        assert_eq!(app.selected(), Some(first));
        assert!(app.message.as_ref().is_some_and(|m| m.text.starts_with("shelling: match")), "{:?}", app.message);
    }

    #[test]
    fn a_search_does_not_stop_the_filter_run_under_way_nor_the_filter_the_search() {
        let mut app = app();
        app.update(Action::OpenQuery);
        let filter = asked(app.update(Action::Insert('x')));
        app.update(Action::Accept);
        app.update(Action::Search);
        type_in(&mut app, "shelling");
        let find = asked(app.update(Action::Accept));
        assert!(!filter.superseded() && !find.superseded());
        assert!(filter.generation != find.generation);
        // answered in the other order than asked
        app.update(find.answer().expect("the newest search"));
        assert!(app.searching());
        app.update(filter.answer().expect("the newest filter run"));
        assert!(!app.awaiting());
        assert_eq!(app.shown, app.ix.query("x").expect("a good query"));
        assert_eq!(app.search.map(|s| s.hits), Some(app.ix.query("shelling").expect("a good query")));
    }

    #[test]
    fn a_search_the_searcher_finds_bad_opens_its_prompt_again_with_its_text() {
        let mut app = app();
        app.update(Action::Search);
        // parses, but no place of that name can be located: only the run can tell
        let typed = "camp near:Nowhereville,5km";
        type_in(&mut app, typed);
        let run = asked(app.update(Action::Accept));
        assert_eq!(app.overlay, Overlay::None);
        app.update(run.answer().expect("the newest search"));
        let Overlay::Prompt(_, field) = &app.overlay else { panic!("the prompt again, not {:?}", app.overlay) };
        assert_eq!(field.text, typed);
        assert!(app.message.as_ref().is_some_and(|m| m.error && m.text.contains("Nowhereville")), "{:?}", app.message);
        assert!(!app.awaiting());
        // a query that does not parse is told at once, the prompt still open
        app.update(Action::ClearLine);
        type_in(&mut app, "date:2019-13");
        assert_eq!(app.update(Action::Accept), None);
        assert!(matches!(app.overlay, Overlay::Prompt(..)));
        assert!(app.message.as_ref().is_some_and(|m| m.error && m.text.starts_with("bad search")), "{:?}", app.message);
    }

    /// The picker of an app filtered to free text and one picked actor, opened here and now.
    fn picked_and_text(run_apart_from: usize) -> App {
        let mut app = App::new(Index::new(crate::synth::events(3000, 4)), Options::default());
        app.filter.text = "shelling".into();
        app.filter.actors = vec![app.ix.actors.entries()[0].name.clone()];
        app.apply_filter_now();
        app.run_apart_from = run_apart_from;
        app
    }

    #[test]
    fn a_picker_over_picks_and_free_text_opens_at_once_and_its_counts_come_from_the_searcher() {
        let mut here = picked_and_text(usize::MAX);
        here.update(Action::OpenActors);
        let Overlay::Picker(want) = here.overlay.clone() else { panic!("a picker") };
        assert!(!want.counting);
        let mut app = picked_and_text(0);
        let run = asked(app.update(Action::OpenActors));
        assert_eq!(run.query, "shelling", "the filter, the picker's own picks aside");
        let Overlay::Picker(p) = &app.overlay else { panic!("the picker is open at once") };
        assert!(p.counting && p.picked == want.picked);
        assert!(app.awaiting());
        // typed while the counts come
        type_in(&mut app, "a");
        app.update(run.answer().expect("the newest count"));
        let Overlay::Picker(p) = &app.overlay else { panic!("a picker") };
        assert!(!p.counting && !app.awaiting());
        assert_eq!(p.items, want.items, "the counts of the picker opened here and now");
        assert_eq!(p.field.text, "a");
        let mut narrowed = want.clone();
        narrowed.field = p.field.clone();
        narrowed.narrow(&app.ix);
        assert_eq!(p.visible, narrowed.visible);
    }

    #[test]
    fn a_picker_over_the_filter_s_own_query_counts_at_once() {
        let mut app = picked_and_text(0);
        app.filter.actors.clear();
        app.apply_filter_now();
        assert_eq!(app.update(Action::OpenTypes), None, "its last answer serves");
        let Overlay::Picker(p) = &app.overlay else { panic!("a picker") };
        assert!(!p.counting && p.kind == NameKey::Type);
    }
}
