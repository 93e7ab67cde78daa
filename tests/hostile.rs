//! The real binary against hostile terminals, paths and outputs: an export never runs an escape
//! sequence on a terminal, never replaces what is not a regular file, leaves no partial file
//! when stopped, and a closed pipe or a full disk ends a command with a message, not a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

/// What a hostile data file puts in every text field: an SGR colour, an OSC title, an OSC 52
/// clipboard write, a C1 CSI (U+009B), DEL, BEL, a carriage return, a bidi override, line and
/// paragraph separators, a zero-width space, U+FEFF and tag characters.
const NASTY: &str = "A\u{1b}[31mred\u{1b}]0;title\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{9b}2J\u{7f}\r\u{202e}\u{2028}\u{2029}\u{200b}\u{feff}\u{e0041}\u{e007f}Z";

/// The bytes that must not reach a terminal: ESC, the C1 CSI in UTF-8, BEL, DEL, and the
/// invisible characters above in UTF-8.
const FORBIDDEN: [&[u8]; 9] = [
    b"\x1b",
    b"\xc2\x9b",
    b"\x07",
    b"\x7f",
    "\u{202e}".as_bytes(),
    "\u{2028}".as_bytes(),
    "\u{200b}".as_bytes(),
    "\u{feff}".as_bytes(),
    "\u{e0041}".as_bytes(),
];

fn hostile_file(dir: &Path) -> PathBuf {
    let event = serde_json::json!({
        "id": "hx-1",
        "title": format!("title {NASTY}"),
        "date": "2019-03-13",
        "type": format!("type {NASTY}"),
        "actors": [{ "name": format!("actor {NASTY}"), "role": "actor" }],
        "place": { "name": format!("place {NASTY}"), "admin1": "Idlib", "precision": "town", "lat": 35.93, "lon": 36.63 },
        "notes": format!("notes {NASTY}"),
    });
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_string(&[event]).expect("json")).expect("write the fixture");
    path
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `command` run by `script` with its standard output on a pseudo-terminal; what the terminal
/// received, byte for byte.
fn on_a_terminal(command: &str) -> Vec<u8> {
    let out = Command::new("script")
        .args(["-q", "-e", "-c", command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    assert!(out.status.success(), "{command}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn quoted(p: &Path) -> String {
    format!("'{}'", p.display())
}

#[test]
fn every_query_format_shows_control_characters_inert_on_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = hostile_file(dir.path());
    for format in ["table", "csv", "acled", "json", "geojson"] {
        let seen = on_a_terminal(&format!("{BIN} query -d {} --format {format}", quoted(&file)));
        let text = String::from_utf8_lossy(&seen);
        assert!(text.contains("hx-1"), "{format}: the event is printed:\n{text}");
        for bad in FORBIDDEN {
            assert!(!contains(&seen, bad), "{format}: {bad:?} reached the terminal:\n{text:?}");
        }
        // the reader still sees that something was there
        assert!(text.contains('\u{FFFD}'), "{format}: {text:?}");
    }
}

#[test]
fn to_a_pipe_or_a_file_every_format_keeps_the_bytes_exact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = hostile_file(dir.path());
    for format in ["csv", "acled", "geojson"] {
        let out = Command::new(BIN).args(["query", "-d"]).arg(&file).args(["--format", format]).output().expect("runs");
        assert!(out.status.success(), "{format}");
        // JSON writers escape C0 characters as \u001b; the C1 CSI and the rest pass as UTF-8
        assert!(contains(&out.stdout, b"\xc2\x9b2J"), "{format}: the data's bytes are kept");
        assert!(contains(&out.stdout, "\u{200b}\u{feff}\u{e0041}".as_bytes()), "{format}");
    }
    let out = Command::new(BIN).args(["query", "-d"]).arg(&file).args(["--format", "csv"]).output().expect("runs");
    assert!(contains(&out.stdout, b"\x1b]52;c;"), "CSV keeps ESC in a pipe");
}

#[test]
fn a_file_name_with_an_escape_is_shown_inert_in_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("evil\u{1b}]0;owned\u{7}.json");
    let out = Command::new(BIN).arg("validate").arg(&missing).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    for bad in [&b"\x1b"[..], b"\x07"] {
        assert!(!contains(&out.stderr, bad) && !contains(&out.stdout, bad), "{:?}", out);
    }
    let target = dir.path().join("sub\u{1b}[2Jdir");
    std::fs::create_dir(&target).expect("mkdir");
    let out = Command::new(BIN).args(["query", "-o"]).arg(&target).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sub\u{FFFD}[2Jdir: is a directory"), "{err}");
}

fn run_sh(script: &str) -> Output {
    Command::new("bash").args(["-c", script]).output().expect("bash runs")
}

fn assert_no_panic(out: &Output, what: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("failed printing"), "{what}: {err}");
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    // the reader is gone before sitrep writes a byte
    for cmd in ["validate data/idlib-2019-03.json", "query", "query --format json", "stats", "map"] {
        let out = run_sh(&format!("(sleep 0.3; exec {BIN} {cmd}) | true; echo \"${{PIPESTATUS[0]}}\""));
        assert_no_panic(&out, cmd);
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0", "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_exit_2_with_a_message() {
    for cmd in ["validate data/idlib-2019-03.json", "query", "query --format csv", "stats", "map"] {
        let out = run_sh(&format!("{BIN} {cmd} > /dev/full"));
        assert_no_panic(&out, cmd);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("No space left on device"), "{cmd}: {out:?}");
    }
    let out = Command::new(BIN).args(["query", "-o", "/dev/full"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/dev/full: cannot be written: No space left on device"), "{err}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/full").expect("exists").file_type().is_char_device());
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_or_closed_stderr_does_not_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[{\"id\": 3}]").expect("write");
    let b = quoted(&bad);
    for cmd in [format!("validate {b}"), format!("query -d {b}"), "query nosuchkey:x".into()] {
        for redirect in ["2>/dev/full", "2>&-"] {
            let out = run_sh(&format!("{BIN} {cmd} {redirect}"));
            assert_eq!(out.status.code(), Some(2), "{cmd} {redirect}: {out:?}");
        }
    }
}

#[test]
fn stdout_as_a_target_is_written_through_and_appends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_file = dir.path().join("out.csv");
    std::fs::write(&out_file, "before\n").expect("write");
    let out = run_sh(&format!("{BIN} query --format csv -o /dev/stdout actor:HTS >> {}", quoted(&out_file)));
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(&out_file).expect("read");
    assert!(text.starts_with("before\n") && text.lines().count() > 2, "{text}");
}

#[test]
fn a_stopped_export_leaves_no_partial_file() {
    for signal in ["TERM", "INT"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("out.json");
        // large enough to be caught while it writes (about 100 MB)
        let mut child = Command::new(BIN)
            .args(["generate", "-n", "100000", "-o"])
            .arg(&target)
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        let partial = || {
            std::fs::read_dir(dir.path())
                .expect("list")
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().starts_with(".sitrep-"))
        };
        let start = std::time::Instant::now();
        while !partial() {
            assert!(start.elapsed().as_secs() < 120, "the export began");
            assert!(child.try_wait().expect("waits").is_none(), "stopped before it was caught writing");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        // bash's own kill: a fresh machine may lack procps
        let killed = Command::new("bash").args(["-c", &format!("kill -{signal} {}", child.id())]).status();
        assert!(killed.expect("kill runs").success());
        let status = child.wait().expect("ends");
        assert_eq!(status.code(), Some(if signal == "TERM" { 143 } else { 130 }), "{signal}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").filter_map(Result::ok).collect();
        assert!(left.is_empty(), "{signal}: {:?}", left.iter().map(|e| e.file_name()).collect::<Vec<_>>());
    }
}

#[test]
fn near_finds_events_across_the_antimeridian_and_at_the_pole_on_both_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let event = |id: &str, lat: f64, lon: f64| {
        serde_json::json!({ "id": id, "title": id, "date": "2019-03-13", "type": "Battles",
            "place": { "name": id, "precision": "exact", "lat": lat, "lon": lon } })
    };
    let events = [event("dateline", 0.0, -180.0), event("pole", 90.0, 0.0), event("far", 0.0, 170.0)];
    let file = dir.path().join("edges.json");
    std::fs::write(&file, serde_json::to_string(&events).expect("json")).expect("write");
    // streamed from the file, and through the whole index (--skip-bad takes that path)
    for extra in [&[][..], &["--skip-bad"][..]] {
        for (query, want) in
            [("near:0,179.99,50km", "dateline"), ("near:90,0,1km", "pole"), ("near:89.995,120,1km", "pole")]
        {
            let out = Command::new(BIN)
                .args(["query", "--format", "csv", "-d"])
                .arg(&file)
                .args(extra)
                .arg(query)
                .output()
                .expect("runs");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{query}: {}", String::from_utf8_lossy(&out.stderr));
            let ids: Vec<&str> = text.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
            assert_eq!(ids, [want], "{query} {extra:?}");
        }
    }
}

/// An event whose note is `bytes` long: words of every length, and one word with no space.
fn event_with_a_huge_note(bytes: usize) -> sitrep::model::Event {
    let mut note = String::with_capacity(bytes + 64);
    let mut n = 0u32;
    while note.len() < bytes / 2 {
        n = n.wrapping_mul(1_103_515_245).wrapping_add(12345);
        note.push_str(&"word"[..1 + (n >> 16) as usize % 4]);
        note.push(if n.is_multiple_of(7) { '\n' } else { ' ' });
    }
    note.extend(std::iter::repeat_n('x', bytes / 2));
    let mut e: sitrep::model::Event = serde_json::from_value(serde_json::json!({
        "id": "huge", "title": "A huge note", "date": "2019-03-13", "type": "Battles",
        "place": { "name": "Idlib", "precision": "town", "lat": 35.93, "lon": 36.63 }
    }))
    .expect("an event");
    e.notes = Some(note);
    e
}

#[test]
fn a_ten_megabyte_note_does_not_slow_the_frames() {
    use ratatui::{Terminal, backend::TestBackend};
    use sitrep::app::{Action, App, Options};
    use std::time::{Duration, Instant};
    let ix = sitrep::index::Index::new(vec![event_with_a_huge_note(10_000_000)]);
    let mut app = App::new(ix, Options::default());
    app.update(Action::Resize { width: 160, height: 48 });
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("test terminal");
    let draw = |app: &App, term: &mut Terminal<TestBackend>| {
        let start = Instant::now();
        term.draw(|f| f.render_widget(app, f.area())).expect("draws");
        start.elapsed()
    };
    let first = draw(&app, &mut term);
    // idle frames (the tick) and scrolling keys in the details pane
    let mut frames: Vec<Duration> = (0..20).map(|_| draw(&app, &mut term)).collect();
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    for _ in 0..10 {
        app.update(Action::Down);
        frames.push(draw(&app, &mut term));
    }
    frames.sort();
    let median = frames[frames.len() / 2];
    eprintln!("10 MB note: first frame {first:?}, median of {} later frames {median:?}", frames.len());
    // an unoptimised build on a busy machine: a wrap of the whole note at every frame took
    // 4.5 s a frame; now a frame takes milliseconds (that only the rows shown are cut is
    // checked in src/ui/details.rs)
    assert!(median < Duration::from_millis(250), "a frame re-wraps the note: {median:?} (first {first:?})");
}
