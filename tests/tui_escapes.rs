//! Text from data files never reaches the terminal as control: a file whose titles, notes,
//! quotes and names hold escape sequences (SGR, OSC title, a C1 CSI, BEL, a full reset), a
//! bidirectional override and invisible characters is drawn through the real crossterm backend
//! into a byte buffer, and the bytes are checked to hold only the sequences the drawing itself
//! emits.

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use sitrep::app::{Action, App, Options};
use sitrep::index::Index;
use sitrep::load::{LoadOptions, load_files};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// A writer whose bytes stay readable after the backend took it.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes written to draw the app after `actions`.
fn bytes_after(actions: &[Action]) -> Vec<u8> {
    let loaded = load_files(&["tests/data/hostile-text.json"], &LoadOptions::default()).expect("loads");
    let mut app = App::new(Index::new(loaded.events), Options::default());
    app.update(Action::Resize { width: 140, height: 40 });
    for a in actions {
        app.update(a.clone());
    }
    let viewport = Viewport::Fixed(Rect::new(0, 0, 140, 40));
    let out = Shared::default();
    let mut t = Terminal::with_options(CrosstermBackend::new(out.clone()), TerminalOptions { viewport })
        .expect("a terminal over a byte buffer");
    t.draw(|f| f.render_widget(&app, f.area())).expect("draws");
    drop(t);
    out.0.lock().expect("not poisoned").clone()
}

/// Checks that every escape in `out` starts a CSI sequence ending in a cursor move or a style.
fn assert_only_drawing_sequences(out: &[u8], what: &str) {
    let text = String::from_utf8_lossy(out);
    // invisible characters too: line and paragraph separators, a zero-width space, U+FEFF, tag
    // characters, a soft hyphen (the one rule of text::shown)
    let invisible = ["\u{2028}", "\u{2029}", "\u{200b}", "\u{feff}", "\u{e0041}", "\u{e007f}", "\u{ad}"];
    let raw = ["\u{1b}[31mALERT", "\u{1b}]0;", "\u{1b}[2J", "\u{1b}[5m", "\u{1b}c", "\u{7}", "\u{9b}", "\u{202e}"];
    for bad in raw.into_iter().chain(invisible) {
        assert!(!text.contains(bad), "{what}: {bad:?} reached the terminal");
    }
    let mut i = 0;
    while i < out.len() {
        if out[i] == 0x1b {
            assert_eq!(out.get(i + 1), Some(&b'['), "{what}: an escape that is not a CSI at byte {i}");
            let mut j = i + 2;
            while j < out.len() && (out[j].is_ascii_digit() || out[j] == b';' || out[j] == b'?') {
                j += 1;
            }
            let last = out.get(j).copied().unwrap_or(0);
            assert!(
                matches!(last, b'm' | b'H' | b'h' | b'l' | b'J' | b'K'),
                "{what}: unexpected CSI final {:?} at byte {i}",
                last as char
            );
            if last == b'J' {
                assert_eq!(&out[i + 2..j], b"", "{what}: only the drawing's own clear");
            }
            i = j + 1;
        } else {
            assert!(out[i] >= 0x20 || out[i] == b'\n' || out[i] == b'\r', "{what}: control byte {:#x}", out[i]);
            i += 1;
        }
    }
    assert!(text.contains('\u{FFFD}'), "{what}: the hostile text is shown, made inert");
}

#[test]
fn escape_sequences_in_data_never_reach_the_terminal() {
    let screens: [(&str, Vec<Action>); 5] = [
        ("the panes", vec![]),
        ("the full details", vec![Action::Details]),
        ("the actor picker", vec![Action::OpenActors]),
        ("the query bar", vec![Action::OpenQuery, Action::Insert('R'), Action::Insert('e'), Action::Insert('d')]),
        ("the citation", vec![Action::Cite]),
    ];
    for (what, actions) in screens {
        let out = bytes_after(&actions);
        assert!(out.len() > 1000, "{what}: something was drawn");
        assert_only_drawing_sequences(&out, what);
    }
}

#[test]
fn the_check_itself_catches_raw_sequences() {
    for raw in [
        "ok \u{1b}]0;title\u{7} \u{FFFD}",
        "ok \u{1b}[31mALERT \u{FFFD}",
        "ok \u{9b}2J \u{FFFD}",
        "\u{202e} \u{FFFD}",
        "zero\u{200b}width \u{FFFD}",
        "tag\u{e0041} \u{FFFD}",
    ] {
        let caught = std::panic::catch_unwind(|| assert_only_drawing_sequences(raw.as_bytes(), "raw"));
        assert!(caught.is_err(), "{raw:?} should be refused");
    }
    assert_only_drawing_sequences("\u{1b}[1;1H\u{1b}[38;5;9mok \u{FFFD}\u{1b}[0m".as_bytes(), "drawing");
}
