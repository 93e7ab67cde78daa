//! Why the selected event is in the filter: how the names of the filter met it, and where the
//! user's alias file had a hand in it.

use super::App;
use crate::index::{Index, Needle, coalition_members, spelling_keys};
use crate::query::{NameKey, Query, TermKind};
use std::cell::RefCell;
use std::sync::{Arc, Weak};

/// The lines of [`App::why_matched`], kept for the selection, query and index they were
/// worked out for: a frame draws them again without asking the dictionaries, and any other
/// selection, query or index works them out anew.
#[derive(Debug, Default)]
pub(super) struct WhyCache(RefCell<Option<WhyKey>>);

#[derive(Debug)]
struct WhyKey {
    event: u32,
    query: Option<String>,
    /// The index: a reload brings another (held weakly, so that its address is not reused).
    index: Weak<Index>,
    lines: Vec<String>,
}

impl App {
    /// How the names of the filter met the selected event, one line per value (for the details).
    pub fn why_matched(&self) -> Vec<String> {
        let Some(event) = self.selected() else { return Vec::new() };
        let mut cache = self.why.0.borrow_mut();
        match &*cache {
            Some(k)
                if k.event == event && std::ptr::eq(k.index.as_ptr(), Arc::as_ptr(&self.ix)) && k.query == self.ran =>
            {
                k.lines.clone()
            }
            _ => {
                let lines = self.ran.as_deref().map(|q| explained(&self.ix, event, q)).unwrap_or_default();
                let index = Arc::downgrade(&self.ix);
                *cache = Some(WhyKey { event, query: self.ran.clone(), index, lines: lines.clone() });
                lines
            }
        }
    }

    /// The actor values of the filter: the picks and the query bar's `actor:` terms.
    fn actor_values(&self) -> Vec<String> {
        let mut out = self.filter.actors.clone();
        if let Ok(q) = Query::parse(&self.filter.text) {
            for t in q.terms.iter().filter(|t| !t.negated) {
                if let TermKind::Name { key: NameKey::Actor, values } = &t.kind {
                    out.extend(values.iter().cloned());
                }
            }
        }
        out
    }

    /// "alias file: actor:HTS matched Syrian insurgents" when an actor value of the filter finds the selected event only by a spelling of the
    /// alias file; else, when an actor of the event has such spellings, what they are.
    pub fn alias_note(&self) -> Option<String> {
        let ev = self.selected_event()?.to_event();
        let names = ev.actors.iter().flat_map(|a| {
            let members = coalition_members(&a.name).unwrap_or_default();
            std::iter::once((a.name.as_str(), a.aliases.as_slice())).chain(members.into_iter().map(|m| (m, &[][..])))
        });
        let linked: Vec<(&str, &[String], &[String])> = names
            .filter_map(|(name, aliases)| {
                let e = self.ix.actors.get(self.ix.actors.id_of(name)?);
                (!e.linked.is_empty()).then_some((name, aliases, e.linked.as_slice()))
            })
            .collect();
        let (first, _, also) = linked.first()?;
        for v in self.actor_values() {
            let Some(needle) = Needle::new(&v) else { continue };
            for (name, aliases, also) in &linked {
                let own = spelling_keys(std::iter::once(*name).chain(aliases.iter().map(String::as_str)));
                let added = spelling_keys(also.iter().map(String::as_str));
                if !needle.matches(&own.0, &own.1) && needle.matches(&added.0, &added.1) {
                    return Some(format!("alias file: actor:{v} matched {name}"));
                }
            }
        }
        Some(format!("alias file: {first} = {}", also.join(" = ")))
    }
}

/// How the names of `query` met event `event`.
fn explained(ix: &Index, event: u32, query: &str) -> Vec<String> {
    Query::parse(query).map(|q| crate::query::explain(&q, ix, event)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Options};

    fn query(app: &mut App, text: &str) {
        app.update(Action::ClearFilters);
        app.update(Action::OpenQuery);
        for c in text.chars() {
            app.update(Action::Insert(c));
        }
        app.update(Action::Accept);
    }

    /// The lines are kept between frames: they must follow the selection and the query, never
    /// show those of the event or query before.
    #[test]
    fn why_matched_follows_the_selection_and_the_query() {
        let ix = Index::new(crate::dataset::builtin().expect("the built-in data").events);
        let mut app = App::new(ix, Options::default());
        app.update(Action::Resize { width: 120, height: 40 });
        let fresh = |app: &App| {
            explained(&app.ix, app.selected().expect("a selection"), app.ran.as_deref().unwrap_or_default())
        };
        for text in ["place:Idleb", "actor:HTS", "place:Idleb actor:HTS", "place:Idleb"] {
            query(&mut app, text);
            assert!(!app.why_matched().is_empty(), "{text}");
            for _ in 0..4 {
                assert_eq!(app.why_matched(), fresh(&app), "{text}");
                assert_eq!(app.why_matched(), fresh(&app), "{text}, drawn again");
                app.update(Action::Down);
            }
        }
        assert!(app.why_matched().iter().all(|l| l.starts_with("place:Idleb")), "{:?}", app.why_matched());
        app.update(Action::ClearFilters);
        assert_eq!(app.why_matched(), Vec::<String>::new());
    }
}
