//! Why an event answers a query's name terms: which of its names each value met, and how
//! (as words, by its consonants, as the start of a word), for the details pane.

use super::compile::{dict, readings};
use super::{NameKey, Query, TermKind};
use crate::index::{Index, Met};
use crate::model::{Event, Role};

/// The names of `e` that a term of `key` looks at.
fn names(e: &Event, key: NameKey) -> Vec<&str> {
    let actors = |keep: fn(Role) -> bool| e.actors.iter().filter(|a| keep(a.role)).map(|a| a.name.as_str()).collect();
    match key {
        NameKey::Actor => actors(|_| true),
        NameKey::By => actors(|r| matches!(r, Role::Actor | Role::Associated)),
        NameKey::On => actors(|r| r == Role::Target),
        NameKey::Place => e
            .place
            .iter()
            .flat_map(|p| [Some(&p.name), p.admin2.as_ref(), p.admin1.as_ref(), p.country.as_ref()])
            .flatten()
            .map(String::as_str)
            .collect(),
        NameKey::Type => std::iter::once(e.event_type.as_str()).chain(e.sub_type.as_deref()).collect(),
        NameKey::Source => {
            let reports = e.sources.iter().flat_map(|s| std::iter::once(s.outlet.as_str()).chain(s.author.as_deref()));
            reports.chain(e.casualties.iter().map(|c| c.source.as_str())).collect()
        }
        NameKey::Tag => e.tags.iter().map(String::as_str).collect(),
    }
}

/// One line per value of a positive name term that a name of event `ev` meets: the value,
/// the name, and how the value met it ("place:Idleb → Idlib, by its consonants (idlib)").
pub fn explain(q: &Query, ix: &Index, ev: u32) -> Vec<String> {
    let e = &ix.get(ev).to_event();
    let mut out = Vec::new();
    for t in q.terms.iter().filter(|t| !t.negated) {
        let TermKind::Name { key, values } = &t.kind else { continue };
        let d = dict(ix, *key);
        for v in values {
            // the reading the query used: the first that meets any name of the whole set
            let Some((needle, _)) = readings(*key, v).into_iter().find(|(n, _)| !d.matching_needle(n).is_empty())
            else {
                continue;
            };
            let met = names(e, *key)
                .into_iter()
                .find_map(|name| d.id_of(name).and_then(|id| d.how(&needle, id)).map(|(m, s)| (name, m, s)));
            let Some((name, how, spelling)) = met else { continue };
            let plain = how == Met::Words && crate::text::fold(v) == crate::text::fold(name);
            if plain {
                continue;
            }
            // the spelling met, when it is not the name itself (an alias, a transliteration)
            let detail = if spelling == crate::text::fold(name) {
                how.as_str().to_string()
            } else {
                format!("{}: \"{spelling}\"", how.as_str())
            };
            out.push(format!("{}:{v} → {name} ({detail})", key.as_str()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README said names whose consonants agree match only when words fail; they always
    /// match, as another transliteration of the same name, and the details say so.
    #[test]
    fn the_details_say_how_a_name_matched() {
        let ix = Index::new(crate::dataset::builtin().expect("the built-in data").events);
        let q = Query::parse("place:Idleb actor:HTS").unwrap();
        let ev = ix.position("idlib-city-bombings-2019-02").unwrap();
        let why = explain(&q, &ix, ev);
        assert_eq!(
            why,
            ["place:Idleb → Idlib (same consonants)", "actor:HTS → Hayat Tahrir al Sham (as words: \"hts\")"]
        );
        // a name asked for as it is written needs no explaining
        assert!(explain(&Query::parse("place:Idlib").unwrap(), &ix, ev).is_empty());
    }
}
