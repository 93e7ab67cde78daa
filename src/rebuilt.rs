//! The index of reloaded events, built away from the keys: what a reload hands the browser
//! ([`Action::Reloaded`](crate::action::Action::Reloaded)).

use crate::index::{Aliases, Index};
use crate::model::Event;
use std::sync::Arc;

/// The index of reloaded events, built away from the keys, with what else the browser derives
/// from it, and why the files were loaded again.
#[derive(Clone)]
pub struct Rebuilt {
    pub ix: Arc<Index>,
    /// The towns its events name ([`crate::map::rank::mentioned`]).
    pub mentioned: Vec<String>,
    /// Why the files were loaded again, for the status line: "events.csv changed".
    pub why: String,
}

impl Rebuilt {
    /// Indexes `events`, with the actors of one alias group linked: the work of a reload, seconds
    /// at a million events, for a thread other than the keys'.
    pub fn new(events: Vec<Event>, aliases: &Aliases, why: impl Into<String>) -> Rebuilt {
        Rebuilt::of(Index::new(events), aliases, why)
    }

    /// [`Rebuilt::new`] for events already indexed.
    pub fn of(mut ix: Index, aliases: &Aliases, why: impl Into<String>) -> Rebuilt {
        ix.link_aliases(aliases);
        ix.keep_scanned_text();
        let mentioned = crate::map::rank::mentioned(&ix);
        Rebuilt { ix: Arc::new(ix), mentioned, why: why.into() }
    }
}

impl std::fmt::Debug for Rebuilt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rebuilt").field("events", &self.ix.len()).field("why", &self.why).finish()
    }
}

impl PartialEq for Rebuilt {
    fn eq(&self, other: &Rebuilt) -> bool {
        Arc::ptr_eq(&self.ix, &other.ix) && self.why == other.why
    }
}
