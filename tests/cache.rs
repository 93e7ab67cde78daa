//! The index cache through the real binary: hits, misses, what is never cached, and
//! `sitrep cache`. Every run gets its own cache directory (XDG_CACHE_HOME), never the user's,
//! and a threshold of one byte, so that small files are cached.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

mod common;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().expect("tmp") }
    }

    fn cache_dir(&self) -> PathBuf {
        self.dir.path().join("xdg").join("sitrep")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
        c.args(args).env("XDG_CACHE_HOME", self.dir.path().join("xdg")).env("SITREP_CACHE_MIN_BYTES", "1");
        c.stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().expect("run sitrep");
        said(out)
    }

    /// An ACLED export of `n` generated events.
    fn acled(&self, name: &str, n: usize) -> PathBuf {
        let p = self.dir.path().join(name);
        let (code, _, err) =
            self.run(&["generate", "-n", &n.to_string(), "--seed", "3", "--format", "acled", "-o", &s(&p)]);
        assert_eq!(code, 0, "{err}");
        p
    }

    /// The cache's entries (not temporary files).
    fn entries(&self) -> Vec<PathBuf> {
        let Ok(rd) = std::fs::read_dir(self.cache_dir()) else { return vec![] };
        rd.map(|e| e.expect("entry").path()).filter(|p| s(p).ends_with(".sitrep-index")).collect()
    }

    fn only_entry(&self) -> PathBuf {
        let e = self.entries();
        assert_eq!(e.len(), 1, "{e:?}");
        e[0].clone()
    }
}

fn said(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn inode(p: &Path) -> u64 {
    std::fs::metadata(p).expect("stat").ino()
}

#[test]
fn a_query_on_an_unchanged_file_is_answered_from_the_cache_once_it_is_written() {
    let env = Env::new();
    let f = env.acled("a.csv", 400);
    // a one-off question without an entry is read a block at a time, and writes nothing
    let streamed = env.run(&["query", "--format", "json", "--data", &s(&f), "actor:HTS"]);
    assert_eq!((streamed.0, env.entries().len()), (0, 0), "{}", streamed.2);
    assert_eq!(env.run(&["stats", "--data", &s(&f)]).0, 0);
    let first = env.run(&["query", "--format", "json", "--data", &s(&f), "actor:HTS"]);
    assert_eq!(first, streamed, "the same answer from the index as from the file");
    let entry = env.only_entry();
    let (ino, mtime) = (inode(&entry), std::fs::metadata(&entry).expect("stat").modified().expect("mtime"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = env.run(&["query", "--format", "json", "--data", &s(&f), "actor:HTS"]);
    assert_eq!(second, first, "the same answer, the same messages");
    // read, not written again: the same file, marked as used
    assert_eq!(inode(&entry), ino);
    assert!(std::fs::metadata(&entry).expect("stat").modified().expect("mtime") > mtime);
    // and the ACLED export, which needs the rows the events came from, is the same too
    let parsed = env.run(&["query", "--no-cache", "--format", "acled", "--data", &s(&f)]);
    assert_eq!(env.run(&["query", "--format", "acled", "--data", &s(&f)]), parsed);
}

#[test]
fn a_byte_changed_in_place_with_the_mtime_restored_is_a_miss() {
    let env = Env::new();
    let f = env.acled("a.csv", 400);
    assert_eq!(env.run(&["stats", "--data", &s(&f)]).0, 0);
    let before = env.run(&["query", "--format", "json", "--data", &s(&f)]);
    let entry = env.only_entry();
    let ino = inode(&entry);
    // `touch -r`: the same size and modification time, another letter in the middle
    let reference = env.dir.path().join("ref");
    std::fs::copy(&f, &reference).expect("copy");
    assert!(Command::new("touch").arg("-r").arg(&f).arg(&reference).status().expect("touch").success());
    let mut bytes = std::fs::read(&f).expect("read");
    let mid = bytes.len() / 2;
    let at = mid + bytes[mid..].windows(7).position(|w| w == b"clashes").expect("a word to change");
    bytes[at] = b'S';
    std::fs::write(&f, &bytes).expect("write");
    assert!(Command::new("touch").arg("-r").arg(&reference).arg(&f).status().expect("touch").success());
    let after = env.run(&["query", "--format", "json", "--data", &s(&f)]);
    assert_eq!(after, env.run(&["query", "--no-cache", "--format", "json", "--data", &s(&f)]));
    assert_ne!(after.1, before.1, "the changed word shows");
    assert_ne!(inode(&env.only_entry()), ino, "the entry was written again");
}

#[test]
fn no_cache_neither_reads_nor_writes() {
    let env = Env::new();
    let f = env.acled("a.csv", 100);
    for args in [
        vec!["query", "--no-cache", "--count", "--data", &s(&f)],
        vec!["stats", "--no-cache", "--data", &s(&f)],
        vec!["map", "--no-cache", "--data", &s(&f)],
        vec!["--no-cache", &s(&f)],
    ] {
        let (code, _, err) = env.run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    assert_eq!(env.entries(), Vec::<PathBuf>::new());
    // stats, map and the timeline in a pipe go through the cache too
    for args in [vec!["stats", "--data", &s(&f)], vec!["map", "--data", &s(&f)], vec![&s(&f)]] {
        let (code, _, err) = env.run(&args);
        assert_eq!((code, env.entries().len()), (0, 1), "{args:?}: {err}");
    }
}

#[test]
fn small_files_standard_input_and_the_built_in_data_are_not_cached() {
    let env = Env::new();
    let f = env.acled("a.csv", 100);
    let out = env.cmd(&["query", "--count", "--data", &s(&f)]).env_remove("SITREP_CACHE_MIN_BYTES").output();
    assert_eq!(said(out.expect("run")).0, 0);
    assert_eq!(env.run(&["query", "--count"]).0, 0);
    let piped = env.cmd(&["query", "--count", "--data", "-"]).stdin(std::fs::File::open(&f).expect("open")).output();
    let (code, out, err) = said(piped.expect("run"));
    assert_eq!((code, out.trim()), (0, "100"), "{err}");
    assert_eq!(env.entries(), Vec::<PathBuf>::new());
}

#[test]
fn a_damaged_entry_is_said_and_rebuilt() {
    let env = Env::new();
    let f = env.acled("a.csv", 200);
    assert_eq!(env.run(&["stats", "--data", &s(&f)]).0, 0);
    let first = env.run(&["query", "--count", "--data", &s(&f), "actor:HTS"]);
    let entry = env.only_entry();
    let mut bytes = std::fs::read(&entry).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&entry, &bytes).expect("write");
    let (code, out, err) = env.run(&["query", "--count", "--data", &s(&f), "actor:HTS"]);
    assert_eq!((code, out), (0, first.1.clone()));
    assert!(err.contains("is damaged (checksum)") && err.contains("built again"), "{err}");
    // rebuilt whole: the next run is quiet
    assert_eq!(env.run(&["query", "--count", "--data", &s(&f), "actor:HTS"]), first);
    // garbage in its place, or a file cut short: the same
    for bad in [b"not an index at all, not at all".to_vec(), bytes[..100].to_vec()] {
        std::fs::write(env.only_entry(), bad).expect("write");
        let (code, out, err) = env.run(&["query", "--count", "--data", &s(&f), "actor:HTS"]);
        assert_eq!((code, out), (0, first.1.clone()));
        assert!(err.contains("built again"), "{err}");
    }
}

#[test]
fn a_cached_open_says_the_same_skipped_records() {
    let env = Env::new();
    let f = env.acled("a.csv", 50);
    let mut text = std::fs::read_to_string(&f).expect("read");
    let second_row = text.find('\n').expect("header") + 1;
    let date_at = second_row + text[second_row..].find(",20").expect("a date") + 1;
    text.replace_range(date_at..date_at + 4, "20x9");
    std::fs::write(&f, text).expect("write");
    assert_eq!(env.run(&["stats", "--skip-bad", "--data", &s(&f)]).0, 0);
    let first = env.run(&["query", "--skip-bad", "--count", "--data", &s(&f)]);
    assert!(first.2.contains("skipped 1 bad record"), "{}", first.2);
    assert_eq!(env.entries().len(), 1);
    assert_eq!(env.run(&["query", "--skip-bad", "--count", "--data", &s(&f)]), first);
    // without --skip-bad the load is another entry, and fails as it should
    assert_eq!(env.run(&["query", "--count", "--data", &s(&f)]).0, 2);
}

#[test]
fn an_unusable_cache_directory_is_said_once_and_the_load_goes_on() {
    let env = Env::new();
    let f = env.acled("a.csv", 50);
    std::fs::write(env.dir.path().join("xdg"), b"a file where the directory would be").expect("write");
    let (code, out, err) = env.run(&["query", "--count", "--data", &s(&f)]);
    assert_eq!((code, out.trim()), (0, "50"));
    assert_eq!(err.matches("going on without the index cache").count(), 1, "{err}");
}

#[test]
fn two_processes_writing_one_entry_at_once_leave_it_whole() {
    let env = Env::new();
    let f = env.acled("a.csv", 2000);
    let runs: Vec<_> =
        (0..3).map(|_| env.cmd(&["stats", "--data", &s(&f)]).stdout(Stdio::piped()).spawn().expect("spawn")).collect();
    for r in runs {
        let (code, out, err) = said(r.wait_with_output().expect("wait"));
        assert!(code == 0 && out.contains("2000 events") || out.contains("2,000"), "{err}\n{out}");
    }
    assert_eq!(env.run(&["query", "--count", "--data", &s(&f)]).1.trim(), "2000");
    let names: Vec<_> = std::fs::read_dir(env.cache_dir()).expect("ls").map(|e| e.expect("e").file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    let (_, list, _) = env.run(&["cache", "list"]);
    assert!(list.contains(": valid"), "{list}");
}

#[test]
fn cache_list_tells_each_entry_and_clear_removes_only_sitreps_files() {
    let env = Env::new();
    let (code, list, _) = env.run(&["cache", "list"]);
    assert_eq!(code, 0);
    assert!(list.starts_with("no cached indexes in"), "{list}");
    let a = env.acled("a.csv", 120);
    let b = env.acled("b.csv", 80);
    env.run(&["stats", "--data", &s(&a)]);
    env.run(&["stats", "--data", &s(&b)]);
    let (_, list, _) = env.run(&["cache", "list"]);
    for want in [s(&a.canonicalize().expect("abs")), "120 events".into(), "80 events".into()] {
        assert!(list.contains(&want), "{want} in {list}");
    }
    assert_eq!(list.matches(": valid").count(), 2, "{list}");
    std::fs::write(&b, "not the same file").expect("write");
    let (_, list, _) = env.run(&["cache", "list"]);
    assert_eq!((list.matches(": valid").count(), list.matches("stale").count()), (1, 1), "{list}");
    let theirs = env.cache_dir().join("someone-elses.txt");
    std::fs::write(&theirs, "x").expect("write");
    let (code, _, err) = env.run(&["cache", "clear"]);
    assert_eq!(code, 0);
    assert!(err.contains("removed 2 files"), "{err}");
    assert!(env.entries().is_empty() && theirs.exists());
    // bad use: a usage error, exit 2
    let (code, _, err) = env.run(&["cache", "purge"]);
    assert_eq!(code, 2);
    assert!(err.contains("purge"), "{err}");
    assert_eq!(env.run(&["cache"]).0, 2);
}

/// The real UCDP GED sample (its out-of-order figures, its source articles, its warnings)
/// answers from the cache exactly as from the file, in every output format.
#[test]
fn a_real_ged_export_answers_from_the_cache_as_from_the_file() {
    let env = Env::new();
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/ucdp-ged231-sample-1000.csv");
    assert_eq!(env.run(&["stats", "--data", &s(&f)]).0, 0);
    let entry = env.only_entry();
    let made = std::fs::metadata(&entry).expect("stat").modified().expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    for format in ["json", "acled", "csv", "geojson"] {
        for q in ["killed:>=1", "source:SOHR", "tag:figures-unordered", "place:aleppo"] {
            let cached = env.run(&["query", "--format", format, "--data", &s(&f), q]);
            let parsed =
                env.run(&["query", "--no-cache", "--input-format", "ucdp", "--format", format, "--data", &s(&f), q]);
            assert_eq!(cached.0, 0, "{format} {q}: {}", cached.2);
            assert!(!cached.1.trim().is_empty(), "{format} {q}: nothing found");
            assert_eq!(cached, parsed, "{format} {q}");
        }
    }
    // the answers came from the entry: each read marks it as used
    assert!(std::fs::metadata(&entry).expect("stat").modified().expect("mtime") > made);
}

fn ged_sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/ucdp-ged231-sample-1000.csv")
}

/// Flips one byte in the middle of the events' records of the entry at `entry`, in a block
/// that lies wholly inside them (which no open checks any more); the byte's offset.
fn damage_a_record(entry: &Path) -> usize {
    let m = sitrep::cache::Mapped::open_unchecked(entry).expect("an entry");
    let (at, len) = m.section_span("records").expect("records");
    drop(m);
    let mut bytes = std::fs::read(entry).expect("read");
    let mid = at + len / 2;
    bytes[mid] ^= 0x20;
    std::fs::write(entry, &bytes).expect("write");
    mid
}

/// The records of the cache's events are checked as they are read. A byte damaged in one of
/// them: a count, which reads no record, still answers from the cache, rightly; a query that
/// prints events checks their records before it prints anything, says the damage, answers
/// exactly as from the file, and the entry is written again, whole.
#[test]
fn a_damaged_record_is_never_printed_and_its_entry_is_rebuilt() {
    let env = Env::new();
    let f = s(&ged_sample());
    assert_eq!(env.run(&["stats", "--data", &f]).0, 0);
    let entry = env.only_entry();
    damage_a_record(&entry);
    let (ino, damaged) = (inode(&entry), std::fs::read(&entry).expect("read"));
    let parsed = |args: &[&str]| {
        let mut all = vec!["query", "--no-cache", "--input-format", "ucdp", "--data", &f];
        all.extend(args);
        env.run(&all)
    };

    let counted = env.run(&["query", "--count", "--data", &f, "killed:>=1"]);
    assert_eq!((counted.0, &counted.1), (0, &parsed(&["--count", "killed:>=1"]).1));
    assert!(!counted.2.contains("damaged"), "the count read no record: {}", counted.2);
    assert_eq!(inode(&entry), ino, "answered from the entry");

    let printed = env.run(&["query", "--format", "json", "--data", &f]);
    let want = parsed(&["--format", "json"]);
    assert!(!want.1.trim().is_empty());
    assert_eq!((printed.0, &printed.1), (0, &want.1), "every event as the file has it");
    assert!(printed.2.contains("is damaged (checksum)") && printed.2.contains("built again"), "{}", printed.2);
    assert_eq!(printed.2.matches("give low, best and high deaths out of order").count(), 1, "{}", printed.2);
    let rebuilt = env.only_entry();
    assert_ne!(std::fs::read(&rebuilt).expect("read"), damaged, "the entry was written again");
    assert!(env.run(&["cache", "list"]).1.contains(": valid"), "and is whole");

    let again = env.run(&["query", "--format", "json", "--data", &f]);
    assert_eq!(again.1, want.1);
    assert!(!again.2.contains("damaged"), "{}", again.2);
    assert_eq!(inode(&env.only_entry()), inode(&rebuilt), "read, not written again");
    // `sitrep stats` checks every record before it counts: the same damage is said there too
    damage_a_record(&rebuilt);
    let (code, _, err) = env.run(&["stats", "--data", &f]);
    assert_eq!(code, 0);
    assert!(err.contains("is damaged (checksum)"), "{err}");
}

/// The browser opened from an entry with a damaged record: the event of that record shows
/// blank, never with its damaged bytes; the check of the rest of the file, begun after the
/// first frame, says so, removes the entry and loads the file again, whose events then show.
#[test]
fn the_browser_never_shows_a_damaged_record_and_loads_the_file_again() {
    use sitrep::app::{App, Options};
    use sitrep::cache::{Entry, Found, Recheck};
    use sitrep::load::{LoadOptions, load_files};
    let dir = tempfile::tempdir().expect("tmp");
    let f = ged_sample();
    let opts = LoadOptions::default();
    let entry = Entry::in_dir(dir.path(), std::slice::from_ref(&f), &opts).expect("cacheable");
    let loaded = load_files(std::slice::from_ref(&f), &opts).expect("loads");
    let built = sitrep::index::Index::new(loaded.events);
    entry.write(&built, &loaded.warnings, &loaded.skipped);

    // an event whose title, written once in the records, lies in the middle of them; a letter
    // of it changed, so that the damaged bytes would read as another title
    let bytes = std::fs::read(entry.path()).expect("read");
    let m = sitrep::cache::Mapped::open_unchecked(entry.path()).expect("an entry");
    let (at, len) = m.section_span("records").expect("records");
    let records = &bytes[at..at + len];
    let found = |title: &str| records.windows(title.len()).position(|w| w == title.as_bytes());
    let victim = built
        .iter()
        .filter(|e| e.title().len() > 20 && e.title().is_ascii())
        .find(|e| found(e.title()).is_some_and(|p| p > len / 3 && p < len * 2 / 3))
        .expect("a title in the middle");
    let title = victim.title().to_string();
    let p = found(&title).expect("there");
    assert_eq!(records[p + 1..].windows(title.len()).position(|w| w == title.as_bytes()), None, "once");
    let k = title.find(|c: char| c.is_ascii_alphabetic()).expect("a letter");
    let mut damaged_bytes = bytes.clone();
    damaged_bytes[at + p + k] ^= 0x20;
    let damaged_title = String::from_utf8(damaged_bytes[at + p..at + p + title.len()].to_vec()).expect("text");
    std::fs::write(entry.path(), &damaged_bytes).expect("write");
    let date = victim.date().start.format("%Y-%m-%d").to_string();
    drop(m);

    let hit = entry.read().expect("the open does not check the records");
    let file = Arc::clone(sitrep::index::persist::cache_file(&hit.index).expect("from the cache"));
    let options = Options { inputs: vec![f.clone()], query: Some(format!("date:{date}")), ..Options::default() };
    let mut app = App::new(hit.index, options);
    let screen = common::text(&common::draw(&mut app, 220, 50));
    assert!(!screen.contains(&damaged_title) && !screen.contains(&title), "{screen}");
    assert!(file.is_damaged(), "the first frame read the damaged block");

    let recheck = Recheck::new(file, entry.path().to_path_buf(), vec![f.clone()], opts);
    recheck.begin();
    let wait = || recheck.wait(std::time::Duration::from_secs(60)).expect("the check tells");
    let said = wait();
    assert!(matches!(&said, Found::Damaged(note) if note.contains("damaged")), "{said:?}");
    app.update(sitrep::tui::found_action(said, &Default::default()));
    let screen = common::text(&common::draw(&mut app, 220, 50));
    assert!(screen.contains("the cached index is damaged (checksum): loading the files again"), "{screen}");
    assert!(!entry.path().exists(), "the damaged entry is removed");
    app.update(sitrep::tui::found_action(wait(), &Default::default()));
    let screen = common::text(&common::draw(&mut app, 220, 50));
    assert!(screen.contains(&title) && !screen.contains(&damaged_title), "{screen}");
    assert!(screen.contains("reloaded: 1000 events (the cached index was damaged)"), "{screen}");
}
