//! The real binary in a real terminal: tmux runs a shell, the shell runs `sitrep`, keys are
//! sent with `send-keys` and the screen read back with `capture-pane`, polled until the
//! expected text appears. After quitting (q, Ctrl-C, SIGTERM) the shell's own terminal must be
//! back: the alternate screen left, the cursor shown, the mouse released, echo on.
//!
//! They need tmux (CI installs it): without it they fail, saying so, rather than pass having
//! tested nothing.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const FIXTURE: &str = "tests/data/fixture-events.json";
const TIMEOUT: Duration = Duration::from_secs(20);

/// A tmux server of its own (a private socket), with one window of a fixed size running a shell.
struct Tmux {
    socket: String,
    /// An empty config directory, so that no user key map applies.
    _config: tempfile::TempDir,
}

/// True, or a failed test that says to install tmux: a missing tmux must not pass unnoticed.
fn have_tmux() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(
        found,
        "tmux is not installed: these tests run sitrep in tmux. Install it (apt-get install tmux) and run again"
    );
    found
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16) -> Tmux {
        let config = tempfile::tempdir().expect("a config directory");
        let socket = format!("sitrep-test-{}-{name}", std::process::id());
        let shell = format!(
            "env -u NO_COLOR PS1='shell> ' XDG_CONFIG_HOME='{}' HOME='{}' sh",
            config.path().display(),
            config.path().display()
        );
        let t = Tmux { socket, _config: config };
        let (w, h) = (width.to_string(), height.to_string());
        t.tmux(&["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", &w, "-y", &h, &shell]);
        t.tmux(&["set-option", "-g", "status", "off"]);
        t.wait_for("shell>");
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs");
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    }

    /// Types a line into the shell.
    fn line(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
        self.tmux(&["send-keys", "-t", "t", "Enter"]);
    }

    /// Sends keys by tmux name ("j", "Enter", "C-c", "Space").
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn format(&self, f: &str) -> String {
        String::from_utf8_lossy(&self.tmux(&["display-message", "-p", "-t", "t", f]).stdout).trim().to_string()
    }

    /// Polls the screen until `pred` holds; the screen then.
    fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; the screen:\n{s}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Polls until every one of `texts` is on the screen at once: a screen caught halfway
    /// through a redraw holds some of them only.
    fn wait_all(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("{texts:?}"), |s| texts.iter().all(|t| s.contains(t)))
    }

    fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    fn open(&self, args: &str) -> String {
        let bin = env!("CARGO_BIN_EXE_sitrep");
        self.line(&format!("{bin} {args}"));
        self.wait_for("Timeline ·")
    }

    /// Checks that the shell has its terminal back after the browser ended.
    fn assert_restored(&self) {
        self.wait_until("the alternate screen to be left", |_| self.format("#{alternate_on}") == "0");
        assert_eq!(self.format("#{cursor_flag}"), "1", "the cursor is shown");
        assert_eq!(self.format("#{mouse_any_flag}"), "0", "the mouse is released");
        // The output differs from the typed line, so that the wait is for the shell's answer.
        self.line("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo state-$((1+1))");
        let s = self.wait_for("state-2");
        assert!(s.contains("icanon echo state-2"), "the terminal is in cooked mode with echo:\n{s}");
        assert!(!s.contains("Timeline ·"), "the browser's screen is gone:\n{s}");
    }

    /// The row and column of a character on the screen.
    fn find(screen: &str, c: char) -> Option<(usize, usize)> {
        screen.lines().enumerate().find_map(|(y, l)| l.chars().position(|x| x == c).map(|x| (y, x)))
    }

    /// The process id of the shell's child (the browser).
    fn child_pid(&self) -> Option<String> {
        let shell = self.format("#{pane_pid}");
        std::fs::read_dir("/proc").ok()?.flatten().find_map(|d| {
            let stat = std::fs::read_to_string(d.path().join("stat")).ok()?;
            // pid (comm) state ppid ...: the name may hold spaces, the fields after ")" do not.
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?;
            (ppid == shell).then(|| d.file_name().to_string_lossy().into_owned())
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

fn fixture() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(FIXTURE).display().to_string()
}

#[test]
fn first_screen_moving_and_the_linked_marker_then_q_restores() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("first", 120, 36);
    t.open(&fixture());
    // The whole first screen: the panes, the first day, the footer naming the help key.
    let expected = ["Timeline · 12 of 12", "March 2019, day unknown", "Map ·", "Details ·", "Events per day", "? help"];
    t.wait_until("the first screen", |s| expected.iter().all(|e| s.contains(e)));
    // Down to Saraqib, then to Idlib: the details follow and the map's marker moves.
    t.keys(&["j"]);
    let at_saraqib = t.wait_all(&["Date     2019-03-10 (day)", "◉", "Events per day"]);
    t.keys(&["j"]);
    let a = Tmux::find(&at_saraqib, '◉');
    assert!(a.is_some(), "the selected event has a marker:\n{at_saraqib}");
    // The marker moves (the wait fails with the screen if it never does).
    t.wait_until("the selected marker to move", |s| {
        s.contains("Date     2019-03-11 09:30") && Tmux::find(s, '◉').is_some_and(|b| Some(b) != a)
    });
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn filtering_by_actor_and_by_date_from_the_keyboard() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("filter", 120, 36);
    t.open(&fixture());
    t.keys(&["a"]);
    t.wait_for("Actors ·");
    t.keys(&["h", "t", "s"]);
    t.wait_for("1 of 5 names");
    t.keys(&["Enter"]);
    t.wait_for("5 of 12 events");
    t.keys(&["]"]);
    t.wait_all(&["3 of 12 events", "date:2019-03-13", "Wed 13 March 2019 · 3 events"]);
    // The same from the query bar, applied as it is typed.
    t.keys(&["c", "/"]);
    t.tmux(&["send-keys", "-t", "t", "-l", "actor:HTS date:2019-03-14"]);
    t.wait_for("1 of 12 events");
    t.keys(&["Enter", "C-c"]);
    t.assert_restored();
}

/// The filter run on the searcher's thread (as on a set of 100,000 events or more), the whole
/// loop: typed fast, the answers are drawn as they come, and only the last query's stays.
#[test]
fn the_query_bar_answers_from_the_searcher_thread() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("searcher", 120, 36);
    let bin = env!("CARGO_BIN_EXE_sitrep");
    t.line(&format!("SITREP_SEARCH_APART_FROM=0 {bin} {}", fixture()));
    t.wait_for("Timeline · 12 of 12");
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", "t", "-l", "actor:HTS date:2019-03-14"]);
    t.wait_all(&["1 of 12 events", "Timeline · 1 of 12"]);
    t.keys(&["C-u"]);
    t.tmux(&["send-keys", "-t", "t", "-l", "shelling"]);
    t.wait_for("4 of 12 events");
    t.keys(&["Escape"]);
    t.wait_for("12 of 12 events");
    let screen = t.wait_gone("searching");
    assert!(screen.contains("no filter"), "{screen}");
    // a search of F, and a picker's counts over picks of its own and free text, from there too
    t.keys(&["F"]);
    t.wait_for("Find:");
    t.tmux(&["send-keys", "-t", "t", "-l", "shelling"]);
    t.keys(&["Enter"]);
    t.wait_all(&["shelling: match ", " of 4", "12 of 12 events"]);
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", "t", "-l", "shelling"]);
    t.keys(&["Enter"]);
    t.wait_for("4 of 12 events");
    t.keys(&["a"]);
    t.wait_for("Actors ·");
    t.tmux(&["send-keys", "-t", "t", "-l", "hts"]);
    t.keys(&["Enter"]);
    t.wait_for("actor:\"Hayat Tahrir al Sham\"");
    t.keys(&["a"]);
    t.wait_all(&["Actors · 1 picked", "in filter / all"]);
    t.keys(&["Escape", "q"]);
    t.assert_restored();
}

/// Opens the browser with the debug builds' panic key set to `setting`, presses `key`, and
/// checks that `message` is printed and the terminal restored.
fn panic_restores(name: &str, setting: &str, key: &str, message: &str) {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(name, 120, 36);
    let bin = env!("CARGO_BIN_EXE_sitrep");
    t.line(&format!("SITREP_TEST_PANIC={setting} {bin} {}", fixture()));
    t.wait_for("Timeline ·");
    t.keys(&[key]);
    t.wait_for(message);
    t.assert_restored();
}

/// A panic restores the terminal before its message.
#[test]
fn a_panic_restores_the_terminal() {
    panic_restores("panic", "P", "P", "the test panic key 'P' was pressed");
}

/// A panic on a worker thread of the pool reaches the main thread: the terminal is restored
/// and the worker's message printed after it.
#[test]
fn a_panic_on_a_worker_restores_the_terminal() {
    panic_restores("pool-panic", "pool:W", "W", "the test panic key 'W' was pressed, on a worker");
}

#[test]
fn help_opens_and_closes() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("help", 120, 36);
    t.open(&fixture());
    t.keys(&["?"]);
    t.wait_all(&["Filter by actor:", "Help ·", "next event"]);
    t.keys(&["Escape"]);
    t.wait_gone("Filter by actor:");
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn resizing_drops_and_restores_panes() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("resize", 120, 36);
    t.open(&fixture());
    t.tmux(&["resize-window", "-t", "t", "-x", "60", "-y", "16"]);
    // The map goes first; the timeline and the details stay.
    t.wait_until("the map to go", |s| !s.contains("Map ·") && s.contains("Timeline ·") && s.contains("Details"));
    t.tmux(&["resize-window", "-t", "t", "-x", "20", "-y", "6"]);
    t.wait_for("needs a");
    t.tmux(&["resize-window", "-t", "t", "-x", "120", "-y", "36"]);
    t.wait_until("the map to come back", |s| s.contains("Map ·") && s.contains("Timeline ·"));
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("term", 100, 30);
    t.open(&fixture());
    let pid = t.child_pid().expect("the browser's process");
    let killed = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(killed.success());
    t.assert_restored();
}

/// Regression: with its terminal gone (the tmux server killed, a window closed), the browser
/// used to spin on the dead terminal forever, deaf to SIGTERM.
#[test]
fn closing_the_terminal_ends_the_browser() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("hangup", 100, 30);
    t.open(&fixture());
    let pid = t.child_pid().expect("the browser's process");
    drop(t);
    let start = Instant::now();
    let alive = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|s| s.rsplit_once(')').is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z')))
    };
    while alive() {
        if start.elapsed() > TIMEOUT {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("the browser outlived its terminal");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watched_files_reload_in_place() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("events.json");
    let all = std::fs::read_to_string(fixture()).expect("the fixture");
    std::fs::write(&file, &all).expect("write");
    let t = Tmux::start("watch", 120, 36);
    // the reload's filter runs on the searcher's thread, as it does at 100,000 events and more
    let bin = env!("CARGO_BIN_EXE_sitrep");
    t.line(&format!("SITREP_SEARCH_APART_FROM=0 {bin} --watch {}", file.display()));
    t.wait_for("12 of 12 events");
    let mut events: Vec<serde_json::Value> = serde_json::from_str(&all).expect("json");
    events.pop();
    std::fs::write(&file, serde_json::to_string(&events).expect("json")).expect("write");
    t.wait_all(&["11 of 11 events", "reloaded: 11 events (events.json changed)"]);
    std::fs::write(&file, "[{\"id\": ").expect("write");
    // The last good data stays.
    t.wait_all(&["reload failed", "11 of 11 events"]);
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn skipped_rows_are_counted_in_the_status_line() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("skipped", 120, 30);
    let bad = format!("{}/tests/fixtures/acled/bad_rows.csv", env!("CARGO_MANIFEST_DIR"));
    t.open(&format!("--skip-bad {bad}"));
    t.wait_all(&["3 of 3 events", "skipped 5 bad rows of"]);
    t.keys(&["q"]);
    t.assert_restored();
}

/// The analyst's path on real UCDP GED rows: a typed date stepped through, a coalition member
/// found in the picker by words with spaces, a date gone to and a search stepped through
/// without filtering, and an alias file's link shown in the details.
#[test]
fn the_analysts_workflow_on_ged_rows() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("workflow", 120, 40);
    let dir = t._config.path().join("sitrep");
    std::fs::create_dir_all(&dir).expect("a config directory");
    let aliases = "[[actor]]\nnames = [\"Hayat Tahrir al-Sham\", \"HTS\", \"Syrian insurgents\"]\n";
    std::fs::write(dir.join("aliases.toml"), aliases).expect("an alias file");
    let ged = format!("{}/tests/fixtures/workflow/ged-syria.csv", env!("CARGO_MANIFEST_DIR"));
    t.open(&ged);
    t.wait_for("61 of 61 events");
    // Regression: `]` after a typed date showed the date twice and found no later day.
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", "t", "-l", "date:2017-04-10"]);
    t.keys(&["Enter"]);
    t.wait_all(&["1 of 61 events date:2017-04-10"]);
    t.keys(&["]"]);
    let s = t.wait_for("1 of 61 events date:2017-04-16");
    assert!(!s.contains("date:2017-04-10"), "the date stepped from is replaced:\n{s}");
    t.keys(&["c"]);
    t.wait_for("61 of 61 events no filter");
    // Space types in the picker; Enter takes the name under the cursor.
    t.keys(&["a"]);
    t.wait_for("Actors ·");
    t.tmux(&["send-keys", "-t", "t", "-l", "jabhat fateh"]);
    t.wait_all(&["> jabhat fateh", "Jabhat Fateh al-Sham", "coalition of"]);
    t.keys(&["Enter"]);
    t.wait_for("9 of 61 events actor:\"Jabhat Fateh al-Sham\"");
    // Go to a date and find, without filtering.
    t.keys(&["c", ":"]);
    t.wait_for("Go to date:");
    t.tmux(&["send-keys", "-t", "t", "-l", "2019-05"]);
    t.keys(&["Enter"]);
    t.wait_all(&["61 of 61 events no filter", "Date     2019-05-10 (day)"]);
    t.keys(&["F"]);
    t.wait_for("Find:");
    t.tmux(&["send-keys", "-t", "t", "-l", "place:Idlib"]);
    t.keys(&["Enter"]);
    t.wait_all(&["61 of 61 events", "match 7 of 11"]);
    t.keys(&["n"]);
    t.wait_all(&["match 8 of 11", "Date     2019-12-07 (day)"]);
    // The alias file: actor:HTS finds the events filed under "Syrian insurgents", and says so.
    t.keys(&["/"]);
    t.tmux(&["send-keys", "-t", "t", "-l", "actor:HTS"]);
    t.keys(&["Enter"]);
    t.wait_all(&["27 of 61 events actor:HTS", "alias file: actor:HTS matched Syrian insurgents"]);
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn the_browser_writes_the_index_cache_and_opens_from_it_the_next_time() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("a.csv");
    let bin = env!("CARGO_BIN_EXE_sitrep");
    let made = Command::new(bin).args(["generate", "-n", "300", "--format", "acled", "-o"]).arg(&data).output();
    assert!(made.expect("generate runs").status.success());
    let cache = dir.path().join("xdg");
    let entries = || -> Vec<PathBuf> {
        std::fs::read_dir(cache.join("sitrep")).map_or(vec![], |rd| rd.flatten().map(|e| e.path()).collect())
    };
    let t = Tmux::start("cache", 120, 36);
    let env = format!("XDG_CACHE_HOME='{}' SITREP_CACHE_MIN_BYTES=1", cache.display());
    t.line(&format!("{env} {bin} '{}'", data.display()));
    t.wait_all(&["Timeline · 300 of 300"]);
    t.keys(&["q"]);
    t.assert_restored();
    // written beside the browser, finished by the time the shell is back
    let written = entries();
    assert_eq!(written.len(), 1, "{written:?}");
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&written[0]).expect("stat"));
    t.line(&format!("{env} {bin} '{}'", data.display()));
    t.wait_all(&["Timeline · 300 of 300"]);
    t.keys(&["q"]);
    t.assert_restored();
    // read, not written again
    let again = entries();
    assert_eq!(again, written);
    assert_eq!(std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&again[0]).expect("stat")), inode);
}

/// The real binary opened from an entry whose events' records are damaged in one block (which
/// no open checks any more): the check begun after the first frame finds it, the entry is
/// removed, and the file is loaded again in the browser, which says so.
#[test]
fn a_damaged_cache_entry_found_after_the_first_frame_is_reloaded_from_the_file() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/ucdp-ged231-sample-1000.csv");
    let bin = env!("CARGO_BIN_EXE_sitrep");
    let cache = dir.path().join("xdg");
    let made = Command::new(bin)
        .args(["stats", "--data"])
        .arg(&data)
        .env("XDG_CACHE_HOME", &cache)
        .env("SITREP_CACHE_MIN_BYTES", "1")
        .output();
    assert!(made.expect("stats runs").status.success());
    let entry = std::fs::read_dir(cache.join("sitrep"))
        .expect("the cache")
        .flatten()
        .map(|e| e.path())
        .next()
        .expect("an entry");
    let m = sitrep::cache::Mapped::open_unchecked(&entry).expect("an entry");
    let (at, len) = m.section_span("records").expect("records");
    drop(m);
    let mut bytes = std::fs::read(&entry).expect("read");
    bytes[at + len / 2] ^= 0x20;
    std::fs::write(&entry, &bytes).expect("write");
    let t = Tmux::start("damaged", 160, 40);
    let env = format!("XDG_CACHE_HOME='{}' SITREP_CACHE_MIN_BYTES=1", cache.display());
    t.line(&format!("{env} {bin} '{}'", data.display()));
    t.wait_all(&["Timeline · 1000 of 1000", "reloaded: 1000 events (the cached index was damaged)"]);
    assert!(!entry.exists(), "the damaged entry is removed");
    t.keys(&["q"]);
    t.assert_restored();
}
