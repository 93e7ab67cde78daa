//! Table tests of every query key, against small sets of events built by hand.
//!
//! The expected answers are read off the events, not taken from a run of the code: the index's
//! evaluation and the streaming one share their checks (`check.rs`), so comparing the two
//! with each other cannot catch a mistake in what they share. Every case runs through both
//! paths, and through the index again with its text column built; a case marked
//! [`Via::Index`] is one that the streaming path must hand over to the index, and does.
//! A query of one term is also run negated: `-term` must give every other event.

mod dates;
mod names;
mod numbers;
mod places;
mod text;

use super::{Query, stream_files};
use crate::index::Index;
use crate::load::Keep;
use crate::model::{Actor, Claim, Count, Event, Figure, GeoPrecision, Place, Qualifier, Role, Source, When};
use std::collections::BTreeSet;

/// Which paths answer a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    /// The index, and the streaming path gives the same answer.
    Both,
    /// The index alone: one event at a time cannot tell (a name that matches nothing as
    /// written, spellings that other events give a name, a place located from the whole set).
    Index,
}

/// One event, built up by the methods below.
pub(super) struct Ev(Event);

pub(super) fn ev(id: &str, date: &str) -> Ev {
    Ev(Event {
        id: id.into(),
        title: format!("Event {id}"),
        date: When::parse(date).expect("a date of the test"),
        event_type: "Explosions/Remote violence".into(),
        sub_type: None,
        actors: vec![],
        place: None,
        casualties: vec![],
        figures: vec![],
        sources: vec![],
        notes: None,
        tags: vec![],
        row: None,
    })
}

impl Ev {
    /// An interval from `from` to `to` (a day given as `to` counts whole).
    pub(super) fn span(mut self, from: &str, to: &str) -> Ev {
        self.0.date = When::span(from, to, crate::model::DatePrecision::Span, None).expect("a span of the test");
        self
    }
    pub(super) fn title(mut self, t: &str) -> Ev {
        self.0.title = t.into();
        self
    }
    pub(super) fn notes(mut self, n: &str) -> Ev {
        self.0.notes = Some(n.into());
        self
    }
    pub(super) fn kind(mut self, event_type: &str, sub_type: Option<&str>) -> Ev {
        self.0.event_type = event_type.into();
        self.0.sub_type = sub_type.map(Into::into);
        self
    }
    pub(super) fn actor(mut self, name: &str, role: Role, aliases: &[&str]) -> Ev {
        let aliases = aliases.iter().map(|a| a.to_string()).collect();
        self.0.actors.push(Actor { name: name.into(), role, aliases });
        self
    }
    /// A place with its governorate and coordinates.
    pub(super) fn place(mut self, name: &str, admin1: &str, at: Option<(f64, f64)>, precision: GeoPrecision) -> Ev {
        self.0.place = Some(Place {
            name: name.into(),
            aliases: vec![],
            admin1: (!admin1.is_empty()).then(|| admin1.into()),
            admin2: None,
            country: None,
            lat: at.map(|a| a.0),
            lon: at.map(|a| a.1),
            precision,
            geo_source: None,
        });
        self
    }
    /// Changes the place set by [`Ev::place`].
    pub(super) fn place_with(mut self, f: impl FnOnce(&mut Place)) -> Ev {
        f(self.0.place.as_mut().expect("a place first"));
        self
    }
    /// A source's killed figure.
    pub(super) fn killed(mut self, source: &str, n: u32, qualifier: Qualifier) -> Ev {
        let killed = Some(Count { n, qualifier, high: None });
        self.0.casualties.push(Claim { source: source.into(), killed, injured: None });
        self
    }
    pub(super) fn claim(mut self, c: Claim) -> Ev {
        self.0.casualties.push(c);
        self
    }
    pub(super) fn figure(mut self, label: &str, source: &str, count: Count) -> Ev {
        self.0.figures.push(Figure { label: label.into(), source: source.into(), count });
        self
    }
    /// A report the event rests on, by an outlet (and an author), with quotes.
    pub(super) fn source(mut self, outlet: &str, author: Option<&str>, quotes: &[&str]) -> Ev {
        self.0.sources.push(Source {
            outlet: outlet.into(),
            author: author.map(Into::into),
            published: None,
            headline: Some("A headline is not searched".into()),
            url: None,
            quotes: quotes.iter().map(|q| q.to_string()).collect(),
        });
        self
    }
    pub(super) fn tag(mut self, t: &str) -> Ev {
        self.0.tags.push(t.into());
        self
    }
}

/// A set of events, indexed, and written to a native file for the streaming path.
pub(super) struct Set {
    ix: Index,
    /// The same events with the text column built: text is searched in it, not folded per event.
    ix_text: Index,
    ids: BTreeSet<String>,
    _dir: tempfile::TempDir,
    file: std::path::PathBuf,
}

impl Set {
    pub(super) fn new(events: Vec<Ev>) -> Set {
        let events: Vec<Event> = events.into_iter().map(|e| e.0).collect();
        let dir = tempfile::tempdir().expect("a temporary directory");
        let file = dir.path().join("events.json");
        // sitrep's own layout, one event a line, which the streaming path reads block by block
        let lines: Vec<String> = events.iter().map(|e| serde_json::to_string(e).expect("an event as JSON")).collect();
        std::fs::write(&file, format!("[\n{}\n]\n", lines.join(",\n"))).expect("write the file");
        let ids = events.iter().map(|e| e.id.clone()).collect();
        let ix_text = Index::new(events.clone());
        ix_text.words();
        Set { ix: Index::new(events), ix_text, ids, _dir: dir, file }
    }

    fn by_index(ix: &Index, q: &str) -> Result<BTreeSet<String>, String> {
        let found = ix.query(q).map_err(|e| e.render(q))?;
        Ok(found.into_iter().map(|i| ix.get(i).id().to_string()).collect())
    }

    /// What is wrong with the answers to `q`, if anything: one line per path that differs.
    fn check(&self, q: &str, want: &[&str], via: Via) -> Vec<String> {
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        let mut wrong = Vec::new();
        let mut expect = |path: &str, got: Result<BTreeSet<String>, String>| match got {
            Ok(got) if got == want => {}
            got => wrong.push(format!("{q:?} by {path}: want {want:?}, got {got:?}")),
        };
        expect("the index", Set::by_index(&self.ix, q));
        expect("the index with its text column", Set::by_index(&self.ix_text, q));
        let parsed = match Query::parse(q) {
            Ok(p) => p,
            Err(e) => return vec![e.render(q)],
        };
        match (stream_files(&[&self.file], &parsed, Keep::Events), via) {
            (Ok(Some(s)), Via::Both) => expect("the stream", Ok(s.index.iter().map(|e| e.id().to_string()).collect())),
            (Ok(None), Via::Index) => {}
            (Ok(Some(_)), Via::Index) => wrong.push(format!("{q:?}: the stream answered; it should hand over")),
            (Ok(None), Via::Both) => wrong.push(format!("{q:?}: the stream handed over; it should answer")),
            (Err(problems), _) => wrong.push(format!("{q:?}: the stream failed: {problems:?}")),
        }
        wrong
    }

    /// Runs a table of cases (query, the ids it must find, the paths that answer it); panics
    /// with every case that fails, not only the first.
    pub(super) fn table(&self, cases: &[(&str, &[&str], Via)]) {
        let mut wrong = Vec::new();
        for &(q, want, via) in cases {
            wrong.extend(self.check(q, want, via));
            let one_term = Query::parse(q).is_ok_and(|p| p.terms.len() == 1 && !p.terms[0].negated);
            if one_term {
                let rest: Vec<&str> = self.ids.iter().map(String::as_str).filter(|id| !want.contains(id)).collect();
                wrong.extend(self.check(&format!("-{q}"), &rest, via));
            }
        }
        assert!(wrong.is_empty(), "{} wrong:\n{}", wrong.len(), wrong.join("\n"));
    }

    /// The notes the index gives for `q`.
    pub(super) fn notes(&self, q: &str) -> Vec<String> {
        let parsed = Query::parse(q).expect("a query of the test");
        super::Compiled::new(&parsed, &self.ix).expect("the query resolves").notes
    }
}

/// Shorthands for the tables.
pub(super) use GeoPrecision::{District, Exact, Region, Town};
pub(super) use Qualifier::{AtLeast, AtMost, MoreThan};
pub(super) use Role::{Associated, Reporter, Target};
pub(super) use Via::{Both, Index as IndexOnly};

pub(super) fn exact(n: u32) -> Count {
    Count::exact(n)
}
