//! Everything that can change the state: one [`Action`] per thing a user (or the terminal) does.

/// The only way [`App`](super::App) changes: `App::update(action)`.
///
/// Keys reach it through the key map, which names the variants without data; the terminal
/// events (resize, mouse, tick) and the text typed into fields carry their data.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    Help,
    /// Closes the overlay, or clears the message when there is none.
    Close,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// Opens the selected event full screen.
    Details,
    OpenQuery,
    OpenActors,
    OpenTypes,
    PrevDay,
    NextDay,
    PrevMonth,
    NextMonth,
    ClearFilters,
    /// The histogram's bin: fitted to the width, then day, week, month, year.
    CycleBin,
    Cite,
    Export,
    /// Asks for a date and selects the first event on or after it, the filter unchanged.
    GoToDate,
    /// Asks for a search (the query language) whose matches `n`/`N` step through.
    Search,
    NextMatch,
    PrevMatch,
    PanLeft,
    PanRight,
    PanUp,
    PanDown,
    ZoomIn,
    ZoomOut,
    FitMap,
    /// Filters to the events near the place under the map's cross.
    NearHere,
    /// Filters to the events in the map's view.
    InView,
    // The text fields: query bar, pickers, export prompt.
    Accept,
    Cancel,
    Complete,
    Toggle,
    Insert(char),
    DeleteBack,
    DeleteWord,
    ClearLine,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    // The terminal.
    Resize {
        width: u16,
        height: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// Time passed without a key: messages fade.
    Tick {
        ms: u32,
    },
    /// The watched files were loaded again: their events, or the first problem that stopped
    /// the load (the events on screen then stay).
    Reloaded(Result<Vec<crate::model::Event>, String>),
    /// An [`Effect::Export`] was carried out: what to tell the user, or why nothing was written
    /// (the prompt then stays open so that the name can be corrected).
    Exported(Result<String, String>),
}

/// What `App::update` asks of the world outside it, carried out by the terminal loop
/// (`tui::carry_out`), which answers with an [`Action`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the events `shown` (numbers in the index) to `path`, whole or not at all, never
    /// over a file being browsed.
    Export { path: std::path::PathBuf, format: crate::export::ExportFormat, shown: Vec<u32> },
}

/// The names the key map uses, one per action without data.
pub const NAMED: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("help", Action::Help),
    ("close", Action::Close),
    ("focus_next", Action::FocusNext),
    ("focus_prev", Action::FocusPrev),
    ("up", Action::Up),
    ("down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("first", Action::First),
    ("last", Action::Last),
    ("details", Action::Details),
    ("query", Action::OpenQuery),
    ("actors", Action::OpenActors),
    ("types", Action::OpenTypes),
    ("prev_day", Action::PrevDay),
    ("next_day", Action::NextDay),
    ("prev_month", Action::PrevMonth),
    ("next_month", Action::NextMonth),
    ("clear", Action::ClearFilters),
    ("bin", Action::CycleBin),
    ("cite", Action::Cite),
    ("export", Action::Export),
    ("go_to_date", Action::GoToDate),
    ("search", Action::Search),
    ("next_match", Action::NextMatch),
    ("prev_match", Action::PrevMatch),
    ("pan_left", Action::PanLeft),
    ("pan_right", Action::PanRight),
    ("pan_up", Action::PanUp),
    ("pan_down", Action::PanDown),
    ("zoom_in", Action::ZoomIn),
    ("zoom_out", Action::ZoomOut),
    ("fit", Action::FitMap),
    ("near", Action::NearHere),
    ("in_view", Action::InView),
    ("accept", Action::Accept),
    ("cancel", Action::Cancel),
    ("complete", Action::Complete),
    ("toggle", Action::Toggle),
    ("delete_back", Action::DeleteBack),
    ("delete_word", Action::DeleteWord),
    ("clear_line", Action::ClearLine),
    ("cursor_left", Action::CursorLeft),
    ("cursor_right", Action::CursorRight),
    ("cursor_home", Action::CursorHome),
    ("cursor_end", Action::CursorEnd),
];

impl Action {
    /// The action a key map name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        NAMED.iter().find(|(n, _)| *n == name).map(|(_, a)| a.clone())
    }
}
