//! A reload of the files (watched, or after damage found in the cache file) without a freeze.
//!
//! The new events' index is built where they were loaded, away from the keys
//! ([`Rebuilt::new`]), and the filter runs over it on the searcher's thread like any other
//! change of the filter. Until its answer comes, the index is staged: the screen goes on showing
//! the events before, whole, marked "searching"; then the index and the events shown change
//! together, the selected event kept by id. A small index is put in place at once, its filter
//! run here.

use super::{App, Timeline};
use crate::index::{Aliases, Index};
use crate::model::Event;
use crate::rebuilt::Rebuilt;
use std::sync::Arc;

impl App {
    /// The user's alias file, for indexing reloaded events the way the first ones were.
    pub fn aliases(&self) -> &Aliases {
        &self.aliases
    }

    /// Takes a reload's index: staged until the filter's answer over it comes (see the module).
    pub(super) fn reloaded(&mut self, rebuilt: Rebuilt) {
        self.reload_error = None;
        self.staged = Some(rebuilt);
        self.filter_changed(None);
    }

    /// Replaces the events here and now (a reload), keeping the filter and the selected event by
    /// id: the index is built, and the filter run, before it returns.
    pub fn replace_events(&mut self, events: Vec<Event>) {
        let rebuilt = Rebuilt::new(events, &self.aliases, "replaced");
        self.staged = Some(rebuilt);
        if let Err(e) = self.refilter() {
            self.error(format!("bad query: {}", e.message));
        }
    }

    /// The index the next filter run is for: the staged one, when a reload brought one.
    pub(super) fn next_index(&self) -> &Arc<Index> {
        self.staged.as_ref().map_or(&self.ix, |s| &s.ix)
    }

    /// Puts a staged index in place, if any: the answer of the last query is forgotten, and must
    /// be found again over it before the events are shown. The id of the event selected before,
    /// to select again.
    pub(super) fn swap_in_staged(&mut self) -> Option<String> {
        let rebuilt = self.staged.take()?;
        let id = self.selected_event().map(|e| e.id().to_string());
        self.drop_side_runs();
        // what is shown now are numbers in the index before
        self.shown = Vec::new();
        self.ix = rebuilt.ix;
        self.mentioned = rebuilt.mentioned;
        self.ran = None;
        self.matched = Arc::default();
        self.base = None;
        self.timeline = Timeline::default();
        self.info(format!("reloaded: {} events ({})", self.ix.len(), rebuilt.why));
        id
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{Action, App, Effect, FilterRun, Options};
    use crate::index::Index;
    use crate::model::Event;
    use crate::rebuilt::Rebuilt;
    use std::sync::Arc;

    /// An app whose filter runs are handed out, however small its index, filtered to `q`, with
    /// the selection moved off the first event.
    fn app(q: &str) -> App {
        let opts = Options { query: Some(q.into()), ..Options::default() };
        let mut app = App::new(Index::new(crate::synth::events(3000, 4)), opts);
        app.run_apart_from = 0;
        for _ in 0..5 {
            app.update(Action::Down);
        }
        app
    }

    /// The events again, some left out, so that the numbers of those kept change.
    fn fewer(app: &App) -> Vec<Event> {
        app.ix.iter().map(|e| e.to_event()).enumerate().filter(|(i, _)| i % 7 != 3).map(|(_, e)| e).collect()
    }

    fn asked(effect: Option<Effect>) -> FilterRun {
        match effect {
            Some(Effect::Filter(run)) => run,
            other => panic!("a filter run, not {other:?}"),
        }
    }

    fn selected_id(app: &App) -> Option<String> {
        app.selected_event().map(|e| e.id().to_string())
    }

    #[test]
    fn a_reload_above_the_threshold_hands_its_filter_run_out_and_keeps_the_selection_by_id() {
        let mut app = app("sh");
        let (before, id, shown) = (Arc::clone(&app.ix), selected_id(&app), app.shown.clone());
        assert!(id.is_some());
        let rebuilt = Rebuilt::new(fewer(&app), app.aliases(), "events.csv changed");
        let run = asked(app.update(Action::Reloaded(Ok(rebuilt.clone()))));
        assert!(Arc::ptr_eq(&run.ix, &rebuilt.ix), "the run is over the new index");
        assert_eq!(run.within, None, "the last answer is of the index before");
        // until the answer, the events before are shown whole, marked as searched
        assert!(app.searching());
        assert!(Arc::ptr_eq(&app.ix, &before));
        assert_eq!((app.shown.clone(), selected_id(&app)), (shown, id.clone()));
        app.update(run.answer().expect("the newest run"));
        assert!(!app.searching());
        assert!(Arc::ptr_eq(&app.ix, &rebuilt.ix));
        assert_eq!(app.shown, app.ix.query("sh").expect("a good query"));
        assert_ne!(app.ix.len(), before.len());
        assert_eq!(selected_id(&app), id, "the selection kept by id");
        let said = app.message.as_ref().map(|m| m.text.clone());
        assert_eq!(said, Some(format!("reloaded: {} events (events.csv changed)", app.ix.len())));
    }

    #[test]
    fn a_filter_change_while_a_reload_is_searched_runs_over_the_new_index() {
        let mut app = app("sh");
        let rebuilt = Rebuilt::new(fewer(&app), app.aliases(), "events.csv changed");
        let first = asked(app.update(Action::Reloaded(Ok(rebuilt.clone()))));
        app.update(Action::OpenQuery);
        let run = asked(app.update(Action::Insert('e')));
        assert!(first.superseded());
        assert!(Arc::ptr_eq(&run.ix, &rebuilt.ix) && run.within.is_none());
        app.update(run.answer().expect("the newest run"));
        assert!(Arc::ptr_eq(&app.ix, &rebuilt.ix));
        assert_eq!(app.shown, app.ix.query("she").expect("a good query"));
    }

    #[test]
    fn a_reload_below_the_threshold_is_shown_at_once() {
        let mut app = app("sh");
        app.run_apart_from = usize::MAX;
        let id = selected_id(&app);
        let rebuilt = Rebuilt::new(fewer(&app), app.aliases(), "events.csv changed");
        assert_eq!(app.update(Action::Reloaded(Ok(rebuilt.clone()))), None);
        assert!(Arc::ptr_eq(&app.ix, &rebuilt.ix) && !app.searching());
        assert_eq!(app.shown, app.ix.query("sh").expect("a good query"));
        assert_eq!(selected_id(&app), id);
    }

    #[test]
    fn a_query_the_new_events_cannot_answer_shows_none_of_them_and_says_why() {
        // a place that only the events before name
        let mut events = crate::synth::events(3000, 4);
        let named = events[10].place.as_mut().expect("a place");
        named.name = "Zzyzx".into();
        let opts = Options { query: Some("near:Zzyzx,5km".into()), ..Options::default() };
        let mut app = App::new(Index::new(events.clone()), opts);
        app.run_apart_from = 0;
        assert!(!app.shown.is_empty() && app.message.is_none(), "{:?}", app.message);
        let rebuilt = Rebuilt::new(crate::synth::events(2000, 4), app.aliases(), "events.csv changed");
        let run = asked(app.update(Action::Reloaded(Ok(rebuilt.clone()))));
        assert_eq!(app.update(run.answer().expect("the newest run")), None, "asked once, not again and again");
        assert!(!app.searching() && Arc::ptr_eq(&app.ix, &rebuilt.ix));
        assert!(app.shown.is_empty());
        let said = app.message.as_ref().expect("a message");
        assert!(said.error && said.text.contains("Zzyzx"), "{said:?}");
    }

    /// Regression: the matches of `n` and `N` stayed numbers of the index before a reload.
    #[test]
    fn a_search_made_before_a_reload_is_found_again_over_the_new_events() {
        let mut app = app("sh");
        app.update_settled(Action::Search);
        for c in "shelling".chars() {
            app.update_settled(Action::Insert(c));
        }
        app.update_settled(Action::Accept);
        let id = selected_id(&app);
        assert!(app.search.as_ref().is_some_and(|s| !s.hits.is_empty()));
        let rebuilt = Rebuilt::new(fewer(&app), app.aliases(), "events.csv changed");
        app.update_settled(Action::Reloaded(Ok(rebuilt.clone())));
        assert!(Arc::ptr_eq(&app.ix, &rebuilt.ix) && !app.awaiting());
        assert_eq!(selected_id(&app), id, "kept by id, not moved to a match");
        assert_eq!(app.search.map(|s| s.hits), Some(app.ix.query("shelling").expect("a good query")));
    }
}
