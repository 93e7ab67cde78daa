use super::*;

const ID: &[u8] = b"the files as they were";

fn written(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("k.sitrep-index");
    let mut w = SectionWriter::create(dir, ID).expect("create");
    w.add::<u32>("numbers", &[1, 2, 3]).expect("add");
    w.add_bytes("text", b"hello").expect("add");
    w.add::<f64>("coords", &[1.5, f64::NAN, -2.25]).expect("add");
    w.finish(&path).expect("finish");
    path
}

fn miss(path: &Path) -> CacheMiss {
    Mapped::open(path, ID).expect_err("a miss")
}

#[test]
fn sections_read_back_in_place_and_aligned() {
    let dir = tempfile::tempdir().expect("tmp");
    let m = Mapped::open(&written(dir.path()), ID).expect("opens");
    assert_eq!(m.get::<u32>("numbers").expect("numbers"), &[1, 2, 3]);
    assert_eq!(m.bytes("text").expect("text"), b"hello");
    let c = m.get::<f64>("coords").expect("coords");
    assert_eq!((c[0], c[1].is_nan(), c[2]), (1.5, true, -2.25));
    assert_eq!(c.as_ptr() as usize % 64, 0, "sections start on 64 bytes");
    let m = Arc::new(m);
    let col = Col::<u32>::mapped(&m, "numbers").expect("column");
    assert_eq!(&*col, &[1, 2, 3]);
    assert_eq!(&*Col::from(vec![4u32]), &[4]);
}

#[test]
fn a_section_read_as_another_type_or_missing_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let m = Mapped::open(&written(dir.path()), ID).expect("opens");
    assert!(matches!(m.get::<u64>("numbers"), Err(CacheMiss::Damaged(_))));
    assert!(matches!(m.get::<u32>("nothing"), Err(CacheMiss::Damaged(_))));
}

#[test]
fn another_identity_is_stale() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = written(dir.path());
    assert_eq!(Mapped::open(&path, b"the files as they are now").expect_err("stale"), CacheMiss::Stale);
    assert_eq!(Mapped::open(&dir.path().join("none"), ID).expect_err("absent"), CacheMiss::Absent);
}

#[test]
fn every_flipped_byte_after_the_header_is_caught() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = written(dir.path());
    let good = std::fs::read(&path).expect("read");
    let header = 20 + env!("CARGO_PKG_VERSION").len() + 4 + ID.len();
    for at in (header..good.len()).step_by(7).chain([good.len() - 1]) {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        std::fs::write(&path, &bad).expect("write");
        assert!(matches!(miss(&path), CacheMiss::Damaged(_)), "byte {at}");
    }
}

#[test]
fn a_truncated_file_is_caught() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = written(dir.path());
    let good = std::fs::read(&path).expect("read");
    for len in [0, 7, 30, good.len() / 2, good.len() - 9, good.len() - 1] {
        std::fs::write(&path, &good[..len]).expect("write");
        assert!(matches!(miss(&path), CacheMiss::Damaged(_) | CacheMiss::Foreign), "cut at {len}");
    }
}

#[test]
fn garbage_and_other_versions_are_not_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = written(dir.path());
    let good = std::fs::read(&path).expect("read");
    std::fs::write(&path, vec![0x5a; good.len()]).expect("write");
    assert_eq!(miss(&path), CacheMiss::Foreign);
    let mut old = good.clone();
    old[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    std::fs::write(&path, &old).expect("write");
    assert_eq!(miss(&path), CacheMiss::OldVersion);
    let mut other = good.clone();
    other[20] ^= 1; // the first byte of sitrep's version
    std::fs::write(&path, &other).expect("write");
    assert_eq!(miss(&path), CacheMiss::OldVersion);
}

#[test]
fn a_writer_dropped_unfinished_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut w = SectionWriter::create(dir.path(), ID).expect("create");
    w.add_bytes("text", b"half").expect("add");
    drop(w);
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
}

#[test]
fn writers_of_one_entry_at_once_leave_one_whole_entry() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("k.sitrep-index");
    std::thread::scope(|s| {
        for t in 0..4u32 {
            let (dir, path) = (dir.path(), &path);
            s.spawn(move || {
                for round in 0..10u32 {
                    let mut w = SectionWriter::create(dir, ID).expect("create");
                    w.add::<u32>("n", &vec![t * 100 + round; 10_000]).expect("add");
                    w.finish(path).expect("finish");
                    // a reader at any moment sees one writer's whole file
                    let m = Mapped::open(path, ID).expect("whole");
                    let n = m.get::<u32>("n").expect("n");
                    assert!(n.len() == 10_000 && n.iter().all(|&v| v == n[0]));
                }
            });
        }
    });
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1, "no temporary file left");
}

#[test]
fn a_cancelled_write_stops_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut w = SectionWriter::create(dir.path(), ID).expect("create");
    let flag = Arc::new(AtomicBool::new(false));
    w.cancel_on(Arc::clone(&flag));
    w.add::<u32>("a", &[1, 2]).expect("add");
    flag.store(true, Ordering::Relaxed);
    // through a BufWriter and write_all too, which retry an interrupted write forever
    let streamed = w.add_with("s", |out| {
        let mut out = BufWriter::with_capacity(16, out);
        out.write_all(&[7u8; 100])?;
        out.flush()
    });
    assert!(streamed.is_err_and(|e| Stopped::is(&e)));
    let err = w.add::<u32>("b", &[3]).expect_err("stopped");

    assert!(Stopped::is(&err), "{err}");
    drop(w);
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 0);
}

/// A file of several checksum blocks, each checked: a bit flipped in any block, in a section
/// that spans two blocks, or a block cut off, is a miss; the whole file reads back.
#[test]
fn every_block_of_a_large_file_is_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("big.sitrep-index");
    let big: Vec<u64> = (0..(BLOCK * 5 / 2 / 8)).collect(); // two and a half blocks: three blocks
    let mut w = SectionWriter::create(dir.path(), ID).expect("create");
    w.add_bytes("small", b"before").expect("add");
    w.add("big", &big).expect("add");
    w.finish(&path).expect("finish");
    let m = Mapped::open(&path, ID).expect("opens");
    assert_eq!(m.blocks.len(), 3);
    assert_eq!(m.get::<u64>("big").expect("big"), &big[..]);
    let good = std::fs::read(&path).expect("read");
    for at in [(BLOCK as usize) - 1, BLOCK as usize, 2 * BLOCK as usize + 12_345, good.len() - 30] {
        let mut bad = good.clone();
        bad[at] ^= 1;
        std::fs::write(&path, &bad).expect("write");
        assert!(matches!(miss(&path), CacheMiss::Damaged(_)), "byte {at}");
    }
    std::fs::write(&path, &good[..2 * BLOCK as usize]).expect("write");
    assert!(matches!(miss(&path), CacheMiss::Damaged(_) | CacheMiss::Foreign), "cut at a block");
}

/// A section left for later is not checked at the open, but is when it is read; a bit flipped
/// anywhere else still fails the open.
#[test]
fn a_section_read_later_is_checked_when_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("lazy.sitrep-index");
    let big: Vec<u64> = (0..(BLOCK * 5 / 2 / 8)).collect(); // two and a half blocks
    let mut w = SectionWriter::create(dir.path(), ID).expect("create");
    w.add::<u32>("small", &[7; 1000]).expect("add");
    w.add("later", &big).expect("add");
    w.add::<u32>("after", &[9; 1000]).expect("add");
    w.finish(&path).expect("finish");
    let good = std::fs::read(&path).expect("read");
    let m = Mapped::open_except(&path, ID, &["later"]).expect("opens");
    assert_eq!(m.check_section("later"), Ok(()));
    // a bit in the middle of the later section: the open holds, the read of it does not
    let mut bad = good.clone();
    bad[(BLOCK + BLOCK / 2) as usize] ^= 1;
    std::fs::write(&path, &bad).expect("write");
    let m = Mapped::open_except(&path, ID, &["later"]).expect("opens");
    assert!(matches!(m.check_section("later"), Err(CacheMiss::Damaged(_))));
    assert!(matches!(Mapped::open(&path, ID), Err(CacheMiss::Damaged(_))), "a whole open checks it");
    // a bit in a block the later section shares with another: checked at the open
    let mut bad = good.clone();
    bad[good.len() - 200] ^= 1;
    std::fs::write(&path, &bad).expect("write");
    assert!(Mapped::open_except(&path, ID, &["later"]).is_err());
}

/// A section left for later is checked a block at a time as it is read: values in sound blocks
/// are served, a read that reaches into the damaged block is refused and the damage is known,
/// and the check of the rest finds it too; a sound file passes every check.
#[test]
fn a_later_section_is_checked_block_by_block_as_it_is_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("lazy.sitrep-index");
    let big: Vec<u64> = (0..(BLOCK * 4 / 8)).collect(); // four blocks
    let mut w = SectionWriter::create(dir.path(), ID).expect("create");
    w.add::<u32>("small", &[7; 100]).expect("add");
    w.add("later", &big).expect("add");
    w.finish(&path).expect("finish");
    let good = std::fs::read(&path).expect("read");
    let sound = Arc::new(Mapped::open_except(&path, ID, &["later"]).expect("opens"));
    let col = Col::<u64>::mapped(&sound, "later").expect("column");
    assert_eq!(col.checked(10..20), Some(&big[10..20]));
    assert!(sound.check_rest() && sound.check_whole() && !sound.is_damaged());

    let (at, _) = sound.section_span("later").expect("a section");
    let per_block = BLOCK as usize / 8;
    let hit = 2 * per_block + 5; // a value inside the third block of the section
    let mut bad = good.clone();
    bad[at + hit * 8] ^= 0x04;
    std::fs::write(&path, &bad).expect("write");
    let m = Arc::new(Mapped::open_except(&path, ID, &["later"]).expect("the open does not read it"));
    let col = Col::<u64>::mapped(&m, "later").expect("column");
    assert_eq!(col.checked(0..3), Some(&big[0..3]), "a sound block");
    assert!(!m.is_damaged(), "nothing read from the damaged block yet");
    assert_eq!(col.checked(hit..hit + 1), None);
    assert!(m.is_damaged());
    assert_eq!(col.checked(hit - per_block..hit - per_block + 2 * per_block), None, "a span reaching into it");
    let last = big.len() - 1;
    assert_eq!(col.checked(last..last + 1), Some(&big[last..]), "a sound block after it");
    assert_eq!(col.checked(last..last + 2), None, "out of range");
    assert!(!m.check_rest() && !m.check_whole());
    assert!(!m.check_spans(std::iter::once(at + hit * 8..at + hit * 8 + 8)));
    assert!(m.check_spans([at..at + 8, at + (last - 1) * 8..at + last * 8]));
}
