//! Why the selected event is in the filter, where the user's alias file had a hand in it.

use super::App;
use crate::index::{Needle, coalition_members, spelling_keys};
use crate::query::{NameKey, Query, TermKind};

impl App {
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
