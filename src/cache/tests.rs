use super::*;
use crate::export::{ExportFormat, write};

/// A written entry read back: the events, in order, with the rows they came from.
fn round_trip(ix: &Index, warnings: &[Problem], skipped: &[Problem]) -> (Index, Vec<Problem>, Vec<Problem>) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("k.sitrep-index");
    let mut w = SectionWriter::create(dir.path(), b"id").expect("create");
    problems::write(&mut w, warnings, skipped, ix.len()).expect("problems");
    crate::index::persist::write_index(ix, &mut w).expect("index");
    w.finish(&path).expect("finish");
    let m = Arc::new(Mapped::open(&path, b"id").expect("opens"));
    assert_eq!(problems::events(&m), Some(ix.len()));
    let (warnings, skipped) = problems::read(&m).expect("problems");
    (crate::index::persist::read_index(m).expect("index"), warnings, skipped)
}

/// The cached index is the built one: every event, every column, every name with its events,
/// the text, and the answers to queries of every kind.
fn same(back: &Index, ix: &Index) {
    assert_eq!(back.len(), ix.len());
    for (a, b) in back.iter().zip(ix.iter()) {
        assert_eq!(a.to_event(), b.to_event());
    }
    let (a, b) = (back.cols(), ix.cols());
    assert_eq!(
        (a.start, a.end, a.killed_low, a.killed_high, a.disputed),
        (b.start, b.end, b.killed_low, b.killed_high, b.disputed)
    );
    assert_eq!((a.geo_precision, a.max_len), (b.geo_precision, b.max_len));
    assert!(a.lat.iter().zip(b.lat).chain(a.lon.iter().zip(b.lon)).all(|(x, y)| x.to_bits() == y.to_bits()));
    for (da, db) in [
        (&back.actors, &ix.actors),
        (&back.places, &ix.places),
        (&back.types, &ix.types),
        (&back.sources, &ix.sources),
        (&back.tags, &ix.tags),
    ] {
        let names = |d: &crate::index::Dict| {
            d.entries()
                .iter()
                .map(|e| (e.name.clone(), e.postings.clone(), e.roles.clone(), e.members.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(da), names(db));
    }
    for q in [
        "killed:>=5",
        "actor:hts",
        "by:hts",
        "on:civilians",
        "place:idlib",
        "type:air",
        "source:sohr",
        "tag:date-inferred",
        "shelling",
        "\"air strike\"",
        "near:Idlib,20km",
        "is:disputed",
        "date:2019-03",
        "-type:battles is:located",
    ] {
        assert_eq!(back.query(q).ok(), ix.query(q).ok(), "{q}");
    }
}

#[test]
fn an_acled_load_reads_back_from_the_cache_event_for_event_with_its_rows() {
    let mut events = crate::synth::events(300, 7);
    // a cell that JSON must escape, read back by the slower path
    events[0].actors[0].name = "Jaish \"al\" \\ Izza".into();
    let mut csv = Vec::new();
    write(&events.iter().collect::<Vec<_>>(), ExportFormat::Acled, &mut csv).expect("export");
    let loaded = crate::load::load_bytes("x.csv", &csv, &LoadOptions::default()).expect("loads");
    assert!(loaded.events.iter().all(|e| e.row.is_some()));
    let quoted = |e: &crate::model::Event| e.actors.iter().any(|a| a.name.contains('\\'));
    assert!(loaded.events.iter().any(quoted));
    let ix = Index::new(loaded.events);
    let warning = Problem::warning("x.csv", "odd column").at(1, 3).hint("none");
    let skipped = Problem::error("x.csv", "bad date").record(4).field("event_date");
    let (back, w, s) = round_trip(&ix, std::slice::from_ref(&warning), std::slice::from_ref(&skipped));
    same(&back, &ix);
    assert_eq!((w, s), (vec![warning], vec![skipped]));
}

#[test]
fn native_events_read_back_with_coordinates_bit_for_bit() {
    let mut events = crate::synth::events(200, 3);
    // coordinates that a plain JSON reading can get one bit off
    for (i, e) in events.iter_mut().enumerate() {
        if let Some(p) = &mut e.place {
            p.lat = Some(35.0 + (i as f64) * 0.001_234_567_890_123_4);
            p.lon = Some(36.0 + 1.0 / (i as f64 + 3.0));
        }
    }
    let ix = Index::new(events);
    let (back, ..) = round_trip(&ix, &[], &[]);
    same(&back, &ix);
}

/// The user's alias file is linked into the browser's index before the cache is written:
/// its spellings are not the data's, and a cached index must not keep them.
#[test]
fn spellings_from_the_alias_file_are_not_cached() {
    let mut ix = Index::new(crate::dataset::builtin().expect("built-in").events);
    let plain = ix.actors.matching("Bearded Ones");
    assert!(plain.is_empty());
    let (aliases, problems) =
        crate::index::Aliases::parse("aliases.toml", "[[actor]]\nnames = [\"HTS\", \"Bearded Ones\"]\n");
    assert!(problems.is_empty(), "{problems:?}");
    ix.link_aliases(&aliases);
    assert!(!ix.actors.matching("Bearded Ones").is_empty());
    let (back, ..) = round_trip(&ix, &[], &[]);
    assert!(back.actors.matching("Bearded Ones").is_empty());
    assert_eq!(back.actors.matching("HTS"), ix.actors.matching("HTS"));
}

/// The folded text is read from the file only when a search needs it, and checked then: a
/// damaged text section is folded again from the records, and searches find the same events.
#[test]
fn a_damaged_text_section_is_folded_again() {
    let ix = Index::new(crate::synth::events(400, 5));
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("k.sitrep-index");
    let mut w = SectionWriter::create(dir.path(), b"id").expect("create");
    crate::index::persist::write_index(&ix, &mut w).expect("index");
    w.finish(&path).expect("finish");
    let m = Mapped::open_unchecked(&path).expect("opens");
    let (at, len) = m.section_span("text").expect("a text section");
    let mut bytes = std::fs::read(&path).expect("read");
    bytes[at + len / 2] ^= 0x20;
    std::fs::write(&path, &bytes).expect("write");
    // a small file's text shares its blocks with other sections, so that the open would see
    // the damage itself: opened unchecked here, to damage the text alone
    let m = Arc::new(Mapped::open_unchecked(&path).expect("opens"));
    assert!(m.check_section("text").is_err());
    let back = crate::index::persist::read_index(m).expect("index");
    for q in ["shelling", "\"barrel bombs\"", "village -shelling"] {
        assert_eq!(back.query(q).ok(), ix.query(q).ok(), "{q}");
    }
}

#[test]
fn damaged_misses_have_a_note_and_ordinary_ones_are_silent() {
    assert_eq!(CacheMiss::Stale.note(), None);
    assert_eq!(CacheMiss::OldVersion.note(), None);
    assert_eq!(CacheMiss::Absent.note(), None);
    assert!(CacheMiss::Damaged("checksum".into()).note().is_some_and(|n| n.contains("checksum")));
    assert!(CacheMiss::Foreign.note().is_some());
}

#[test]
fn options_that_change_the_load_are_in_the_key() {
    let plain = options_text(&LoadOptions::default());
    assert_ne!(plain, options_text(&LoadOptions { skip_bad: true, ..LoadOptions::default() }));
    let acled = LoadOptions { format: Some(crate::load::Format::Acled), ..LoadOptions::default() };
    assert_ne!(plain, options_text(&acled));
}

#[test]
fn eviction_keeps_the_newest_entries_and_others_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let now = std::time::SystemTime::now();
    let file = |name: &str, age_s: u64| {
        let p = dir.path().join(name);
        std::fs::write(&p, b"x").expect("write");
        let f = std::fs::File::options().append(true).open(&p).expect("open");
        f.set_modified(now - std::time::Duration::from_secs(age_s)).expect("mtime");
    };
    for i in 0..KEEP as u64 + 3 {
        file(&format!("{i:02}{}", dir::SUFFIX), i * 10);
    }
    file(&format!("{}old", dir::TEMP_PREFIX), 7200);
    file(&format!("{}writing", dir::TEMP_PREFIX), 5);
    file("notes.txt", 9999);
    dir::evict(dir.path());
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into())
        .collect();
    left.sort();
    let mut want: Vec<String> = (0..KEEP).map(|i| format!("{i:02}{}", dir::SUFFIX)).collect();
    want.extend([format!("{}writing", dir::TEMP_PREFIX), "notes.txt".into()]);
    want.sort();
    assert_eq!(left, want);
}

/// The events' records are not checked at the open but as they are read: an event whose
/// record lies in a damaged block reads blank (never its bytes), the others read whole, and
/// the damage is known to whoever shows them; a check of the events to print finds it first.
#[test]
fn a_record_in_a_damaged_block_reads_blank_and_the_damage_is_known() {
    damaged_record_reads_blank(Index::new(crate::synth::events(3000, 8)));
}

/// The same of an index read block by block, whose records stay in file order and are reached
/// through its order column: the check before printing finds an event's record through it too.
#[test]
fn a_damaged_record_reached_through_the_order_column_is_known_before_printing() {
    let mut events = crate::synth::events(3000, 8);
    events.reverse();
    let mut b = crate::index::Builder::new();
    for batch in events.chunks(700) {
        b.add(batch);
    }
    damaged_record_reads_blank(b.finish());
}

fn damaged_record_reads_blank(ix: Index) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("k.sitrep-index");
    let mut w = SectionWriter::create(dir.path(), b"id").expect("create");
    crate::index::persist::write_index(&ix, &mut w).expect("index");
    w.finish(&path).expect("finish");
    let (at, len) = Mapped::open_unchecked(&path).expect("opens").section_span("records").expect("records");
    assert!(len > 6 * (64 << 10), "records of several blocks: {len}");
    let mut bytes = std::fs::read(&path).expect("read");
    bytes[at + len / 2] ^= 0x20;
    std::fs::write(&path, &bytes).expect("write");
    let later = crate::index::persist::READ_LATER;
    let m = Arc::new(Mapped::open_except(&path, b"id", &later).expect("the open does not check the records"));
    let back = crate::index::persist::read_index(Arc::clone(&m)).expect("index");
    let (first, last) = (0, ix.len() as u32 - 1);
    assert!(crate::index::persist::check_records(&back, &[first, last]));
    assert!(!m.is_damaged());
    let mut blank = Vec::new();
    for (a, b) in back.iter().zip(ix.iter()) {
        if a.to_event() == b.to_event() {
            continue;
        }
        assert_eq!((a.id(), a.title(), a.place_name()), ("", "", b.place_name()), "{}", b.id());
        let e = a.to_event();
        assert!(e.actors.is_empty() && e.sources.is_empty() && e.notes.is_none() && e.row.is_none());
        blank.push(a.number());
    }
    assert!(!blank.is_empty() && blank.len() < ix.len() / 10, "the events of one block: {}", blank.len());
    assert!(m.is_damaged());
    assert!(!crate::index::persist::check_records(&back, &blank[..1]));
    assert!(crate::index::persist::check_records(&back, &[first, last]));
}
