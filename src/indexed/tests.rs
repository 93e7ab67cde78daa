//! The index read block by block is the index of the full load: the same events in the same
//! order, the same columns and posting lists, the same answers and warnings; and what the
//! block reader does not take is loaded in full, with the full load's words.

use super::*;
use crate::export::{ExportFormat, write};
use crate::load::{LoadOptions, load_files};
use std::path::{Path, PathBuf};

/// Blocks of a few hundred bytes to a whole small file: records cut by block ends everywhere.
const BLOCKS: [usize; 4] = [300, 1 << 10, 4099, 1 << 16];

const QUERIES: [&str; 14] = [
    "killed:>=10",
    "killed:1..3",
    "date:2019-03",
    "date:..2019-03-10",
    "type:shelling",
    "type:battles",
    "actor:hts",
    "by:Russia",
    "on:civilians",
    "place:Idlib",
    "is:located",
    "near:Idlib,20km",
    "market",
    "-place:Hama killed:>=1",
];

fn fixture(f: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(f)
}

/// Files to load, and how.
#[derive(Default)]
struct Data {
    data: Vec<PathBuf>,
    opts: LoadOptions,
}

fn data(paths: &[PathBuf]) -> Data {
    Data { data: paths.to_vec(), ..Data::default() }
}

/// [`super::stream_index`] of `d`.
fn stream_index(d: &Data, block: usize) -> Result<Option<Streamed>, Vec<Problem>> {
    super::stream_index(&d.data, &d.opts, block)
}

fn text(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

/// Everything a user can read of two indexes is the same.
fn assert_same(new: &Index, old: &Index, what: &str) {
    assert_eq!(new.len(), old.len(), "{what}: events");
    for (a, b) in new.iter().zip(old.iter()) {
        assert_eq!(a.to_event(), b.to_event(), "{what}: event {}", b.number());
        assert_eq!((a.id(), a.title(), a.place_name()), (b.id(), b.title(), b.place_name()), "{what}");
        assert_eq!(
            (a.date_precision(), a.geo_precision(), a.disputed()),
            (b.date_precision(), b.geo_precision(), b.disputed())
        );
    }
    let (c, d) = (new.cols(), old.cols());
    assert_eq!(
        (c.start, c.end, c.killed_low, c.killed_high, c.max_len),
        (d.start, d.end, d.killed_low, d.killed_high, d.max_len)
    );
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!((bits(c.lat), bits(c.lon)), (bits(d.lat), bits(d.lon)), "{what}: coordinates");
    for (n, o) in [(&new.actors, &old.actors), (&new.places, &old.places), (&new.types, &old.types)]
        .into_iter()
        .chain([(&new.sources, &old.sources), (&new.tags, &old.tags)])
    {
        assert_eq!(n.entries().len(), o.entries().len(), "{what}: names");
        for e in o.entries() {
            let id = n.id_of(&e.name).unwrap_or_else(|| panic!("{what}: {} missing", e.name));
            let f = n.get(id);
            assert_eq!(
                (&f.postings, &f.roles, f.members.len()),
                (&e.postings, &e.roles, e.members.len()),
                "{what}: {}",
                e.name
            );
        }
    }
    for e in old.actors.entries() {
        let (id, old_id) = (new.actors.id_of(&e.name).expect("an actor"), old.actors.id_of(&e.name).expect("an actor"));
        for by in [true, false] {
            assert_eq!(new.actor_in_role(id, by), old.actor_in_role(old_id, by), "{what}: {} by {by}", e.name);
        }
    }
    let mut found = 0;
    for q in QUERIES {
        let hits = old.query(q).ok();
        found += hits.as_ref().map_or(0, Vec::len);
        assert_eq!(new.query(q).ok(), hits, "{what}: {q}");
    }
    assert!(found > 0, "{what}: no query finds anything");
}

/// Reads the files block by block at every size of [`BLOCKS`] and compares with the full load.
fn streams_as_loaded(paths: &[PathBuf], what: &str) {
    let full = load_files(paths, &LoadOptions::default()).expect(what);
    let warnings = text(&full.warnings);
    let old = Index::new(full.events);
    assert!(old.len() > 1, "{what}: too few events to tell");
    for block in BLOCKS {
        let s = stream_index(&data(paths), block).expect(what).unwrap_or_else(|| panic!("{what}: not streamed"));
        assert_eq!(text(&s.warnings), warnings, "{what}: warnings");
        assert_same(&s.index, &old, &format!("{what} in blocks of {block}"));
    }
}

/// A file of generated events in `format`, written to `dir`.
fn generated(dir: &Path, name: &str, n: usize, seed: u64, format: ExportFormat) -> PathBuf {
    let events = crate::synth::events(n, seed);
    let path = dir.join(name);
    let mut out = Vec::new();
    write(&events.iter().collect::<Vec<_>>(), format, &mut out).expect("written");
    std::fs::write(&path, out).expect("written");
    path
}

#[test]
fn acled_exports_read_block_by_block_give_the_index_of_the_full_load() {
    for f in [
        "acled/current.csv",
        "acled/old_layout.csv",
        "acled/shuffled.csv",
        "acled/semicolon.csv",
        "real/acled-pandas.csv",
    ] {
        streams_as_loaded(&[fixture(f)], f);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    // many events on one day: their order comes from their ids
    let big = generated(dir.path(), "gen.csv", 1500, 7, ExportFormat::Acled);
    streams_as_loaded(std::slice::from_ref(&big), "generated ACLED");
    streams_as_loaded(&[fixture("acled/current.csv"), big], "two files");
}

#[test]
fn native_files_read_block_by_block_give_the_index_of_the_full_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = generated(dir.path(), "gen.json", 800, 5, ExportFormat::Json);
    streams_as_loaded(&[path], "generated JSON");
}

/// A file the block reader does not take, opened whole: the outcome of the full load, word
/// for word, whether it succeeds with warnings or fails.
fn opens_as_loaded(paths: &[PathBuf], skip_bad: bool, what: &str) {
    let d = Data { opts: LoadOptions { skip_bad, ..LoadOptions::default() }, ..data(paths) };
    assert!(stream_index(&d, 1 << 10).expect(what).is_none(), "{what}: streamed");
    let full = load_files(paths, &d.opts);
    let opened = index_reading(paths, &d.opts, Some(1 << 10));
    match (opened, full) {
        (Ok(o), Ok(l)) => {
            assert_eq!((text(&o.warnings), text(&o.skipped)), (text(&l.warnings), text(&l.skipped)), "{what}");
            assert_same(&o.index, &Index::new(l.events), what);
        }
        (Err(e), Err(l)) => assert_eq!(text(&e), text(&l), "{what}"),
        (o, l) => panic!("{what}: {:?} against {:?}", o.err().map(|e| text(&e)), l.err()),
    }
}

#[test]
fn what_the_block_reader_does_not_take_is_loaded_whole_with_its_messages() {
    opens_as_loaded(&[fixture("real/acled-spreadsheet.csv")], false, "spreadsheet dates");
    opens_as_loaded(&[fixture("acled/bad_rows.csv")], false, "bad rows");
    opens_as_loaded(&[fixture("acled/bad_rows.csv")], true, "bad rows skipped");
    opens_as_loaded(&[fixture("real/acled-cut-off.csv")], false, "a row cut off");
    opens_as_loaded(&[fixture("acled/api.json")], false, "the API's JSON");
    opens_as_loaded(&[fixture("real/ucdp-ged231-sample-1000.csv")], false, "UCDP GED");
}

#[test]
fn duplicate_ids_read_block_by_block_are_refused_as_the_full_load_refuses_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = generated(dir.path(), "a.csv", 300, 3, ExportFormat::Acled);
    let paths = [a.clone(), a];
    let full = load_files(&paths, &LoadOptions::default()).expect_err("duplicates");
    for block in BLOCKS {
        let Err(e) = stream_index(&data(&paths), block) else { panic!("duplicates streamed in blocks of {block}") };
        assert_eq!(text(&e), text(&full));
    }
}

/// A named format the content does not show is read as named, by the full load.
#[test]
fn a_format_named_goes_to_the_block_reader_only_when_the_content_shows_it() {
    let f = fixture("acled/current.csv");
    let named = |format| Data {
        opts: LoadOptions { format: Some(format), ..LoadOptions::default() },
        ..data(std::slice::from_ref(&f))
    };
    assert!(stream_index(&named(crate::load::Format::Acled), 1 << 10).expect("read").is_some());
    assert!(stream_index(&named(crate::load::Format::Native), 1 << 10).expect("read").is_none());
}

/// Regression: an index whose records stay in file order (an order column) reads back from a
/// cache file event for event, in date order.
#[test]
fn an_index_read_block_by_block_reads_back_from_the_cache() {
    use crate::container::{Mapped, SectionWriter};
    let dir = tempfile::tempdir().expect("temp dir");
    let file = generated(dir.path(), "gen.csv", 600, 9, ExportFormat::Acled);
    let s = stream_index(&data(std::slice::from_ref(&file)), 2000).expect("read").expect("streamed");
    let path = dir.path().join("k.sitrep-index");
    let mut w = SectionWriter::create(dir.path(), b"id").expect("create");
    crate::index::persist::write_index(&s.index, &mut w).expect("written");
    w.finish(&path).expect("finished");
    let mut back = crate::index::persist::read_index(std::sync::Arc::new(Mapped::open(&path, b"id").expect("opens")))
        .expect("read back");
    back.notes_from(std::slice::from_ref(&file));
    let old = Index::new(load_files(&[file], &LoadOptions::default()).expect("loads").events);
    assert_same(&back, &old, "read back from the cache");
}

/// The notes of an export's rows stay in the export: the records hold where they lie, and
/// read them from there, exactly; notes changed in place since read as words that say so,
/// never as other text, and are counted.
#[test]
fn notes_stay_in_the_export_and_changed_ones_read_as_gone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = generated(dir.path(), "gen.csv", 2000, 5, ExportFormat::Acled);
    let size = std::fs::metadata(&file).expect("size").len() as usize;
    let s = stream_index(&data(std::slice::from_ref(&file)), 1 << 12).expect("read").expect("streamed");
    let loaded = load_files(std::slice::from_ref(&file), &LoadOptions::default()).expect("loads").events;
    let full = Index::new(loaded);
    // the notes are most of an export's bytes: kept inline, the store would be most of its size
    assert!(full.store_bytes() > size / 2, "{} of {size}", full.store_bytes());
    assert!(s.index.store_bytes() < size / 3, "{} of {size}", s.index.store_bytes());
    assert_same(&s.index, &full, "notes read from the export");
    // free text, folded from notes read from the file, with and without the word index
    for built in [false, true] {
        if built {
            s.index.words();
            full.words();
        }
        for q in ["shelling", "-shelling", "\"air strike\"", "g in", "place:Idlib shelling", "market -killed:0"] {
            assert_eq!(s.index.query(q).ok(), full.query(q).ok(), "{q}, word index built: {built}");
        }
    }
    assert_eq!(s.index.notes_gone(), 0);
    // one note changed in place, the file's size kept
    let e = full.iter().find(|e| e.to_event().notes.is_some_and(|n| n.len() > 10)).expect("notes");
    let notes = e.to_event().notes.expect("notes");
    let mut bytes = std::fs::read(&file).expect("read");
    let at = memchr::memmem::find(&bytes, notes.as_bytes()).expect("in the file");
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(&file, &bytes).expect("written in place");
    let read = s.index.get(e.number()).to_event().notes.expect("notes");
    assert_eq!(
        read,
        format!("[the notes are not shown: {} has changed since it was opened; open it again]", file.display())
    );
    assert_eq!(s.index.notes_gone(), 1);
    // the other events' notes read as they are
    let other = full.iter().find(|o| o.number() != e.number() && o.to_event().notes.is_some()).expect("another");
    assert_eq!(s.index.get(other.number()).to_event().notes, other.to_event().notes);
}

/// A file large enough is indexed block by block wherever it is loaded (a reload of a watched
/// file, a load after damage in the cache): its notes stay in the file; a small one is loaded
/// whole, as before.
#[test]
fn large_files_are_indexed_block_by_block_wherever_they_are_loaded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = generated(dir.path(), "big.csv", 30_000, 8, ExportFormat::Acled);
    let size = std::fs::metadata(&big).expect("size").len();
    assert!(size >= STREAM_FROM, "{size} bytes: not large");
    let got = index_files(std::slice::from_ref(&big), &LoadOptions::default()).expect("indexed");
    assert_eq!(got.index.len(), 30_000);
    assert!(got.index.store_bytes() < size as usize / 3, "notes copied: {} of {size}", got.index.store_bytes());
    let e = got.index.get(123).to_event();
    let notes = e.notes.expect("notes");
    assert!(memchr::memmem::find(&std::fs::read(&big).expect("read"), notes.as_bytes()).is_some());
    let small = generated(dir.path(), "small.csv", 300, 8, ExportFormat::Acled);
    let got = index_files(std::slice::from_ref(&small), &LoadOptions::default()).expect("indexed");
    let loaded = load_files(std::slice::from_ref(&small), &LoadOptions::default()).expect("loads");
    assert_eq!(got.index.store_bytes(), Index::new(loaded.events).store_bytes());
}
