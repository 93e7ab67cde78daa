//! What the screen tests share: actions run in order, keys typed, and a frame drawn into a
//! buffer and read back as text.
// Each test crate that includes this module uses only some of it.
#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use sitrep::app::{Action, App};

pub fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        // what the terminal loop does with an effect (a file written, the filter run: here,
        // so that the answer is in before the next action)
        let mut effect = app.update(a);
        while let Some(done) = effect.and_then(|e| sitrep::tui::carry_out(app, e)) {
            effect = app.update(done);
        }
    }
}

/// The actions of typing `text` in a text field.
pub fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

/// Resizes the app and draws it; the buffer.
pub fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.update(Action::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    t.draw(|f| f.render_widget(&*app, f.area())).expect("draws");
    t.backend().buffer().clone()
}

/// The buffer's rows, each as its text.
pub fn rows(buf: &Buffer) -> Vec<String> {
    let w = buf.area.width as usize;
    buf.content.chunks(w).map(|row| row.iter().map(|c| c.symbol()).collect::<String>()).collect()
}

/// The buffer as text, a line a row.
pub fn text(buf: &Buffer) -> String {
    rows(buf).join("\n")
}
