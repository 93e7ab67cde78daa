//! `App::update` while an overlay is open: help, the full details, the citation, and the text
//! fields (query bar, pickers, export prompt).

use super::{Action, App, Ask, Effect, Overlay, TextField};
use crate::export::ExportFormat;
use crate::query::NameKey;
use std::path::PathBuf;

/// Edits a text field; `true` when the text changed.
fn edit(field: &mut TextField, action: &Action) -> bool {
    let before = field.text.len();
    match action {
        Action::Insert(c) => field.insert(*c),
        Action::DeleteBack => field.delete_back(),
        Action::DeleteWord => field.delete_word(),
        Action::ClearLine => field.clear(),
        Action::CursorLeft => field.left(),
        Action::CursorRight => field.right(),
        Action::CursorHome => field.home(),
        Action::CursorEnd => field.end(),
        _ => return false,
    }
    field.text.len() != before || matches!(action, Action::Insert(_))
}

impl App {
    pub(super) fn update_overlay(&mut self, action: Action) -> Option<Effect> {
        let page = self.size.1.saturating_sub(4).max(1);
        let help_end =
            matches!(self.overlay, Overlay::Help { .. }).then(|| super::help::help_max_scroll(self, self.size));
        match &mut self.overlay {
            Overlay::Help { scroll } | Overlay::Reader { scroll } => {
                match action {
                    Action::Close | Action::Help | Action::Details => {
                        self.overlay = Overlay::None;
                        return None;
                    }
                    Action::Down => *scroll = scroll.saturating_add(1),
                    Action::Up => *scroll = scroll.saturating_sub(1),
                    Action::PageDown => *scroll = scroll.saturating_add(page),
                    Action::PageUp => *scroll = scroll.saturating_sub(page),
                    Action::First => *scroll = 0,
                    Action::Last => *scroll = help_end.unwrap_or(*scroll),
                    _ => {}
                }
                // The help stops at its last row, so that the keys back up act at once.
                if let Some(end) = help_end {
                    *scroll = (*scroll).min(end);
                }
            }
            Overlay::Cite(_) => {
                if matches!(action, Action::Close | Action::Accept) {
                    self.overlay = Overlay::None;
                }
            }
            Overlay::Query(_) => self.update_query(action),
            Overlay::Picker(_) => self.update_picker(action),
            Overlay::Prompt(..) => return self.update_prompt(action),
            Overlay::None => {}
        }
        None
    }

    fn update_query(&mut self, action: Action) {
        let Overlay::Query(bar) = &mut self.overlay else { return };
        match action {
            Action::Accept if bar.error.is_none() => {
                self.overlay = Overlay::None;
                return;
            }
            // A bad query is not kept: Enter shows where it is wrong and stays.
            Action::Accept => return,
            Action::Cancel | Action::Close => {
                self.filter.text = bar.before.clone();
                self.overlay = Overlay::None;
                self.apply_filter();
                return;
            }
            Action::Complete => {
                bar.complete(&self.ix);
            }
            ref a => {
                if !edit(&mut bar.field, a) {
                    return;
                }
                bar.cycle = None;
            }
        }
        self.live_query();
    }

    /// Applies the bar's text as the user types: a bad term leaves the last good result on
    /// screen and shows where it is wrong. The text is checked at once; its events may come
    /// later, from the searcher's thread.
    fn live_query(&mut self) {
        let Overlay::Query(bar) = &mut self.overlay else { return };
        let text = bar.field.text.clone();
        if let Err(e) = crate::query::Query::parse(&text) {
            bar.error = Some(e);
            return;
        }
        bar.error = None;
        let previous = std::mem::replace(&mut self.filter.text, text);
        self.filter_changed(Some(previous));
    }

    fn update_picker(&mut self, action: Action) {
        let Overlay::Picker(p) = &mut self.overlay else { return };
        match action {
            // Enter with nothing picked takes the name under the cursor, as fzf does.
            Action::Accept if p.picked.is_empty() && !p.field.text.trim().is_empty() && p.current().is_some() => {
                p.toggle();
                let (kind, picked) = (p.kind, p.picked.clone());
                self.overlay = Overlay::None;
                self.set_picks(kind, picked);
            }
            Action::Accept => self.overlay = Overlay::None,
            Action::Cancel | Action::Close => {
                let (kind, before) = (p.kind, p.before.clone());
                self.overlay = Overlay::None;
                self.set_picks(kind, before);
            }
            Action::Up => p.move_by(-1),
            Action::Down => p.move_by(1),
            Action::PageUp => p.move_by(-10),
            Action::PageDown => p.move_by(10),
            Action::Toggle => {
                p.toggle();
                let (kind, picked) = (p.kind, p.picked.clone());
                self.set_picks(kind, picked);
            }
            ref a => {
                if edit(&mut p.field, a) {
                    p.narrow(&self.ix);
                }
            }
        }
    }

    /// Picked names become the filter's actor or type term, applied at once.
    fn set_picks(&mut self, kind: NameKey, picked: Vec<String>) {
        match kind {
            NameKey::Type => self.filter.types = picked,
            _ => self.filter.actors = picked,
        }
        self.apply_filter();
    }

    /// The writing of the shown events to `path`, in the format its extension names; or what
    /// is wrong with the name.
    fn export(&self, path: PathBuf) -> Result<Effect, String> {
        if path.as_os_str().is_empty() {
            return Err("name the file to write".into());
        }
        if self.searching() {
            return Err("the filter is still searching: press Enter again once the count is back".into());
        }
        let format = ExportFormat::from_path(&path)
            .ok_or("name a .json, .csv, .acled.csv or .geojson file: its extension sets the format")?;
        Ok(Effect::Export { path, format, shown: self.shown.clone() })
    }

    fn update_prompt(&mut self, action: Action) -> Option<Effect> {
        let Overlay::Prompt(what, field) = &mut self.overlay else { return None };
        match action {
            Action::Cancel | Action::Close => self.overlay = Overlay::None,
            Action::Accept if *what != Ask::Export => {
                let (what, text) = (*what, field.text.clone());
                let outcome = if what == Ask::Date { self.jump_to(&text) } else { self.search_for(&text) };
                match outcome {
                    Ok(()) => self.overlay = Overlay::None,
                    Err(e) => self.error(e),
                }
            }
            Action::Accept => {
                // The prompt stays open until the file is written (Action::Exported), so that
                // the name can be corrected.
                let path = PathBuf::from(field.text.trim());
                match self.export(path) {
                    Ok(effect) => return Some(effect),
                    Err(text) => self.error(text),
                }
            }
            ref a => {
                edit(field, a);
            }
        }
        None
    }
}
