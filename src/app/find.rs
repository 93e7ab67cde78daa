//! Moving the selection without filtering: to a date typed after a key, and to the next or
//! previous event that a search matches (`n`/`N`, as in less and lnav). The filter (`/`)
//! stays as it is.

use super::{App, Overlay, TextField};
use crate::model::When;

/// What a one-line prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// The name of the file to export to.
    Export,
    /// A date to move the selection to.
    Date,
    /// A query whose matches `n` and `N` step through.
    Search,
}

/// The last search: its text and the events it matches (all of them, in date order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub text: String,
    pub hits: Vec<u32>,
}

impl App {
    pub(super) fn ask(&mut self, what: Ask) {
        let start = match what {
            Ask::Export => "sitrep-export.json".to_string(),
            Ask::Date => String::new(),
            Ask::Search => self.search.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
        };
        self.overlay = Overlay::Prompt(what, TextField::new(&start));
    }

    /// Selects the first shown event that starts on or after the date; `Err` says why not.
    pub(super) fn jump_to(&mut self, text: &str) -> Result<(), String> {
        let when =
            When::parse(text.trim()).map_err(|e| format!("{e}: type a date such as 2019-05-07, 2019-05 or 2019"))?;
        let at = crate::model::minute(when.start);
        let ix = &self.ix;
        let start = ix.cols().start;
        let p = self.shown.partition_point(|&i| start[i as usize] < at);
        if self.shown.is_empty() {
            return Err("no events are shown".into());
        }
        if p == self.shown.len() {
            self.select_pos(p - 1);
            self.info(format!("no shown event starts on or after {}: the last one is selected", text.trim()));
        } else {
            self.select_pos(p);
            self.message = None;
        }
        Ok(())
    }

    /// Runs a search and moves to its first match from the selection on.
    pub(super) fn search_for(&mut self, text: &str) -> Result<(), String> {
        let text = text.trim();
        if text.is_empty() {
            self.search = None;
            self.info("search cleared");
            return Ok(());
        }
        self.find(text.to_string(), true)
    }

    /// `n` / `N`: the next (previous) shown event the search matches, wrapping at the end as
    /// less does; `here` counts the selected event itself.
    pub(super) fn next_match(&mut self, forward: bool, here: bool) {
        let Some(s) = &self.search else {
            self.info("no search yet: press F (or Ctrl-f) and type what to find");
            return;
        };
        let matching = positions_of(&self.shown, &s.hits);
        let text = s.text.clone();
        if matching.is_empty() {
            let beyond = if s.hits.is_empty() { "no event" } else { "no shown event (others are filtered out)" };
            self.info(format!("{beyond} matches {text:?}"));
            return;
        }
        let sel = self.timeline.sel;
        let (found, wrapped) = if forward {
            match matching.iter().find(|&&p| p > sel || (here && p == sel)) {
                Some(&p) => (p, false),
                None => (matching[0], true),
            }
        } else {
            match matching.iter().rev().find(|&&p| p < sel) {
                Some(&p) => (p, false),
                None => (matching[matching.len() - 1], true),
            }
        };
        self.select_pos(found);
        let k = matching.iter().position(|&p| p == found).map_or(0, |k| k + 1);
        let wrap = match (wrapped, forward) {
            (true, true) => " (wrapped to the top)",
            (true, false) => " (wrapped to the bottom)",
            _ => "",
        };
        self.info(format!("{text}: match {k} of {}{wrap}", matching.len()));
    }
}

/// The positions in `shown` of the events of `hits` (both ascending event numbers): each hit
/// looked up when they are few, else one pass over both. At a million events shown and 700,000
/// hits the pass takes a few milliseconds, where looking up every shown event took tens.
fn positions_of(shown: &[u32], hits: &[u32]) -> Vec<usize> {
    if hits.len().saturating_mul(16) < shown.len() {
        return hits.iter().filter_map(|ev| shown.binary_search(ev).ok()).collect();
    }
    let mut out = Vec::new();
    let mut rest = hits.iter().peekable();
    for (p, &ev) in shown.iter().enumerate() {
        while rest.next_if(|&&h| h < ev).is_some() {}
        match rest.peek() {
            None => break,
            Some(&&h) if h == ev => out.push(p),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::positions_of;

    #[test]
    fn positions_of_hits_are_found_by_either_way() {
        let shown: Vec<u32> = (0..200).map(|i| i * 3).collect();
        for hits in [vec![], vec![3, 4, 9, 597, 600], (0..400).collect::<Vec<u32>>(), vec![0, 1, 2]] {
            let want: Vec<usize> =
                shown.iter().enumerate().filter(|(_, ev)| hits.binary_search(ev).is_ok()).map(|(p, _)| p).collect();
            assert_eq!(positions_of(&shown, &hits), want, "{hits:?}");
        }
    }
}
