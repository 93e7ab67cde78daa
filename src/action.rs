//! Everything that can change the browser's state: one [`Action`] per thing a user (or the
//! terminal) does.
//!
//! The actions sit below both the key map, which names them, and the app, which carries them
//! out, so that neither imports the other's insides: keymap → action ← app.
//!
//! The names a key map file uses are declared beside the variants, in one macro that writes
//! the enum and [`NAMED`] together. A variant without data cannot be declared without a name
//! (the macro's other list takes only variants that carry data), so no action a key could
//! run is ever left out of the key map's vocabulary.
//!
//! ```
//! use sitrep::action::{Action, NAMED};
//! assert_eq!(Action::from_name("fit"), Some(Action::FitMap));
//! assert_eq!(Action::FitMap.name(), Some("fit"));
//! assert!(NAMED.iter().any(|(name, _)| *name == "quit"));
//! ```

// A crate that derives names (strum) was weighed: its `EnumIter` must build every variant,
// and `Reloaded` holds a `Result` that has no `Default`; and the names are not the variants'
// in snake case ("query" runs `OpenQuery`, "fit" `FitMap`), so each would need an attribute
// anyway. A dozen lines of `macro_rules!` keep the name on the variant's own line.
macro_rules! actions {
    (
        $(#[$meta:meta])*
        pub enum $Action:ident {
            named {
                $( $(#[$nmeta:meta])* $named:ident = $name:literal, )*
            }
            with_data {
                $( $(#[$dmeta:meta])* $data:ident $payload:tt, )*
            }
        }
    ) => {
        $(#[$meta])*
        pub enum $Action {
            $( $(#[$nmeta])* $named, )*
            $( $(#[$dmeta])* $data $payload, )*
        }

        /// The names the key map uses, one per action without data, in declaration order.
        pub const NAMED: &[(&str, $Action)] = &[ $( ($name, $Action::$named), )* ];
    };
}

actions! {
    /// The only way [`App`](crate::app::App) changes: `App::update(action)`.
    ///
    /// Keys reach it through the key map, which names the variants without data; the terminal
    /// events (resize, mouse, tick) and the text typed into fields carry their data.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Action {
        named {
            Quit = "quit",
            Help = "help",
            /// Closes the overlay, or clears the message when there is none.
            Close = "close",
            FocusNext = "focus_next",
            FocusPrev = "focus_prev",
            Up = "up",
            Down = "down",
            PageUp = "page_up",
            PageDown = "page_down",
            First = "first",
            Last = "last",
            /// Opens the selected event full screen.
            Details = "details",
            OpenQuery = "query",
            OpenActors = "actors",
            OpenTypes = "types",
            PrevDay = "prev_day",
            NextDay = "next_day",
            PrevMonth = "prev_month",
            NextMonth = "next_month",
            ClearFilters = "clear",
            /// The histogram's bin: fitted to the width, then day, week, month, year.
            CycleBin = "bin",
            Cite = "cite",
            Export = "export",
            /// Asks for a date and selects the first event on or after it, the filter unchanged.
            GoToDate = "go_to_date",
            /// Asks for a search (the query language) whose matches `n`/`N` step through.
            Search = "search",
            NextMatch = "next_match",
            PrevMatch = "prev_match",
            PanLeft = "pan_left",
            PanRight = "pan_right",
            PanUp = "pan_up",
            PanDown = "pan_down",
            ZoomIn = "zoom_in",
            ZoomOut = "zoom_out",
            FitMap = "fit",
            /// Filters to the events near the place under the map's cross.
            NearHere = "near",
            /// Filters to the events in the part of the world the map shows.
            InView = "in_view",
            // The text fields: query bar, pickers, export prompt.
            Accept = "accept",
            Cancel = "cancel",
            Complete = "complete",
            Toggle = "toggle",
            DeleteBack = "delete_back",
            DeleteWord = "delete_word",
            ClearLine = "clear_line",
            CursorLeft = "cursor_left",
            CursorRight = "cursor_right",
            CursorHome = "cursor_home",
            CursorEnd = "cursor_end",
        }
        with_data {
            /// A character typed into a text field.
            Insert(char),
            // The terminal.
            Resize { width: u16, height: u16 },
            Click { column: u16, row: u16 },
            Wheel { column: u16, row: u16, down: bool },
            /// Time passed without a key: messages fade.
            Tick { ms: u32 },
            /// The files were loaded again (watched, or after damage in the cache file): their
            /// events indexed, or the first problem that stopped the load (the events on
            /// screen then stay).
            Reloaded(Result<crate::rebuilt::Rebuilt, String>),
            /// The cache file the events came from failed a checksum after the first frame:
            /// what to tell the user while the files load again (a `Reloaded` follows).
            CacheDamaged(String),
            /// An [`Effect::Export`](crate::app::Effect::Export) was carried out: what to tell
            /// the user, or why nothing was written (the prompt then stays open so that the
            /// name can be corrected).
            Exported(Result<String, String>),
            /// The answer of an [`Effect::Filter`](crate::app::Effect::Filter) run: dropped
            /// when a newer run was asked for since.
            Filtered(crate::query::Filtered),
        }
    }
}

impl Action {
    /// The action a key map name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        NAMED.iter().find(|(n, _)| *n == name).map(|(_, a)| a.clone())
    }

    /// The key map's name of an action without data.
    pub fn name(&self) -> Option<&'static str> {
        NAMED.iter().find(|(_, a)| a == self).map(|(n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips_and_names_one_action() {
        let mut seen = std::collections::HashSet::new();
        for (name, action) in NAMED {
            assert!(seen.insert(*name), "{name:?} names two actions");
            assert_eq!(Action::from_name(name).as_ref(), Some(action), "{name}");
            assert_eq!(action.name(), Some(*name), "{action:?}");
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name:?} is not snake case");
        }
        let distinct: std::collections::HashSet<String> = NAMED.iter().map(|(_, a)| format!("{a:?}")).collect();
        assert_eq!(distinct.len(), NAMED.len(), "an action has two names");
    }

    #[test]
    fn actions_with_data_have_no_name() {
        assert_eq!(Action::Insert('q').name(), None);
        assert_eq!(Action::Tick { ms: 5 }.name(), None);
        assert_eq!(Action::from_name("insert"), None);
        assert_eq!(Action::from_name("Quit"), None, "names are the key map's, not the variants'");
    }
}
