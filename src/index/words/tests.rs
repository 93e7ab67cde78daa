use super::*;
use crate::index::Index;

/// A text column of the given event texts, as the index would hold them.
fn column(texts: &[&str]) -> TextColumn {
    TextColumn::of_texts(texts)
}

/// What a search of each event's own text finds: the answer every lookup must give.
fn per_event(col: &TextColumn, range: Range<u32>, needle: &[u8]) -> Vec<u32> {
    let f = Finder::new(needle);
    range.filter(|&i| f.find(col.of(i)).is_some()).collect()
}

fn find(words: &Words, col: &TextColumn, range: Range<u32>, needle: &str) -> Vec<u32> {
    words.find(col, range, &Finder::new(needle.as_bytes()))
}

#[test]
fn words_are_runs_of_letters_digits_and_non_ascii_bytes() {
    let w: Vec<&[u8]> = words_of(" white-phosphorus, 12:45 café  naïve ".as_bytes()).collect();
    let expected: Vec<&[u8]> = vec![b"white", b"phosphorus", b"12", b"45", "café".as_bytes(), "naïve".as_bytes()];
    assert_eq!(w, expected);
    assert_eq!(words_of(b"").count(), 0);
    assert_eq!(words_of(b" -- ").count(), 0);
    assert_eq!(words_of(b"one").collect::<Vec<_>>(), vec![b"one"]);
}

#[test]
fn the_dictionary_holds_each_word_once_with_its_events_in_order() {
    let col = column(&["shelling on shelling ", "on the road ", "shelling "]);
    let words = Words::build(&col);
    assert_eq!(words.len(), 4);
    let all = 0..3;
    let shelling = words.matching(b"shelling", Fit::Whole);
    assert_eq!(shelling.len(), 1);
    assert_eq!(words.word(shelling[0]), b"shelling");
    assert_eq!(words.events_of(shelling[0]), [0, 2]);
    let keys: Vec<Key> = shelling.iter().map(|&w| Key::Word(w)).collect();
    assert_eq!(words.list(&keys, &all), Vec::<u32>::new(), "in 2 events of 3: a bitset, not a list");
    assert_eq!(words.postings_len(), 2 + 2 + 1 + 1);
    let on: Vec<&[u8]> = words.matching(b"o", Fit::Inside).into_iter().map(|w| words.word(w)).collect();
    assert_eq!(on, vec![&b"on"[..], b"road"]);
}

#[test]
fn needles_with_separators_match_whole_words_between_their_ends() {
    let col = column(&[
        "ends with white ",
        "phosphorus begins this one ",
        "white phosphorus in the camp ",
        "café au lait, naïve-word ",
        "shelling on shelling ",
        "x ",
    ]);
    let words = Words::build(&col);
    let all = 0..col.event_count() as u32;
    let cases: &[(&str, &[u32])] = &[
        // a phrase across two events' texts is in neither
        ("white phosphorus", &[2]),
        ("e phosph", &[2]),
        ("hite", &[0, 2]),
        (" x", &[]),
        ("x ", &[5]),
        ("x", &[5]),
        ("ng on sh", &[4]),
        ("s in the ca", &[2]),
        (" in ", &[2]),
        ("in ", &[2]),
        ("é au", &[3]),
        ("ïve-w", &[3]),
        // the needle's separator must be the text's
        ("ïve w", &[]),
        ("lait,", &[3]),
        ("lait ", &[]),
        (" ", &[0, 1, 2, 3, 4, 5]),
        ("  ", &[]),
        ("absent", &[]),
        ("white absent", &[]),
    ];
    for &(needle, expected) in cases {
        assert_eq!(find(&words, &col, all.clone(), needle), expected, "{needle:?}");
        assert_eq!(per_event(&col, all.clone(), needle.as_bytes()), expected, "{needle:?} by scan");
    }
    assert_eq!(find(&words, &col, 1..3, "white"), [2]);
    assert_eq!(find(&words, &col, 3..3, "white"), Vec::<u32>::new());
}

/// Needles of every kind: letters, fragments, words, phrases, spaces at the ends, absent and
/// non-ASCII ones, and pieces cut from the events' own text at pseudo-random places.
fn needles(col: &TextColumn) -> Vec<Vec<u8>> {
    let fixed = [
        "e",
        "x",
        "s",
        "1",
        "in",
        "ell",
        "shelling",
        "shell",
        "market",
        "prisun",
        "idlib",
        "white phosphorus",
        "air drone strike",
        "g in ",
        " in ",
        " a",
        "a ",
        "killed in",
        "ing on th",
        "zzzz",
        "no such words",
        "café",
        "é",
        "ḩalfāyā",
        " ",
        "2019",
        "s ",
        "barrel bombs",
        "barrel bomb",
        "rel bo",
        "g i",
        "g in",
        "bombs barrel",
        "in idlib",
        "reported in a",
    ];
    let mut out: Vec<Vec<u8>> = fixed.iter().map(|s| s.as_bytes().to_vec()).collect();
    let mut next = numbers(0x2545_f491_4f6c_dd1d);
    for _ in 0..60 {
        let t = col.of(next(col.event_count()) as u32);
        let from = next(t.len());
        let len = 1 + next(14);
        out.push(t[from..(from + len).min(t.len())].to_vec());
    }
    out
}

/// Every lookup path gives what a search of each event's text gives, over several ranges;
/// returns how often the cost rule chose the index and how often the scan.
fn lookups_agree_with_a_scan(ix: &Index) -> (usize, usize) {
    let words = ix.words();
    let col = ix.text_column();
    let n = ix.len() as u32;
    let (mut by_index, mut by_scan) = (0, 0);
    for needle in needles(col) {
        let f = Finder::new(&needle);
        for range in [0..n, 17..n - 5, n / 3..n / 2, 5..5, 9..10] {
            let expected = per_event(col, range.clone(), &needle);
            let shown = String::from_utf8_lossy(&needle);
            assert_eq!(words.find(col, range.clone(), &f), expected, "{shown:?} in {range:?}");
            assert_eq!(ix.text_scan(range.clone(), &f), expected, "{shown:?} in {range:?} by scan");
            match words.find_if_cheaper(col, range.clone(), &f) {
                Some(found) => {
                    assert_eq!(found, expected, "{shown:?} in {range:?} if cheaper");
                    by_index += 1;
                }
                None => by_scan += 1,
            }
            assert_eq!(ix.text_find(range.clone(), &f), expected, "{shown:?} in {range:?} by text_find");
        }
    }
    (by_index, by_scan)
}

#[test]
fn the_word_index_finds_what_a_scan_finds_in_synthetic_events() {
    let ix = Index::new(crate::synth::events(1000, 11));
    let words = ix.words();
    // words of both kinds: common ones as bitsets, rare ones (towns) as lists
    assert!(words.bitsets() > 0 && words.bitsets() < words.len(), "{words:?}");
    for w in 0..words.len() as u32 {
        let listed = words.postings_in(Key::Word(w), &(0..1000)).len();
        assert_eq!(words.events_of(w).len(), words.postings.count(w));
        assert!(listed == 0 || listed == words.postings.count(w));
    }
    let (by_index, by_scan) = lookups_agree_with_a_scan(&ix);
    // both paths of the cost rule were compared
    assert!(by_index > 0 && by_scan > 0, "index {by_index}, scan {by_scan}");
    // a phrase of two common words is narrowed by their pair
    assert!(words.pairs_len() > 0, "{words:?}");
    assert!(words.narrows_by_pairs(b"barrel bombs", &(0..1000)));
    assert!(words.narrows_by_pairs(b"elling vil", &(100..900)));
}

#[test]
fn the_word_index_finds_what_a_scan_finds_in_the_built_in_dataset() {
    let events = crate::dataset::builtin().expect("the built-in dataset loads").events;
    let ix = Index::new(events);
    lookups_agree_with_a_scan(&ix);
}

#[test]
fn queries_answer_the_same_before_and_after_the_word_index_is_built() {
    let ix = Index::new(crate::synth::events(30_000, 5));
    let queries = [
        "shelling",
        "e",
        "prisun",
        "white phosphorus",
        "market school",
        "date:2019 bakery",
        "x",
        "-x drone",
        // several free-text terms: each narrowed through the index once it is built
        "barrel bombs",
        "barrel bombs shelling market",
        "\"barrel bombs\" market",
        "barrel -bombs school",
        "e a o",
        "shelling prisun",
        "g in",
    ];
    let before: Vec<Vec<u32>> = queries.iter().map(|q| ix.query(q).expect("valid query")).collect();
    assert!(!ix.has_words());
    ix.words();
    let after: Vec<Vec<u32>> = queries.iter().map(|q| ix.query(q).expect("valid query")).collect();
    assert_eq!(before, after);
    assert!(!after[0].is_empty() && after[2].is_empty());
}

/// Event texts of a few common words and many rare ones, joined by separators of every kind,
/// from a seed.
fn phrases(events: usize, seed: u64) -> Vec<String> {
    const COMMON: &[&str] = &["barrel", "bombs", "shelling", "in", "idlib", "road", "camp", "café"];
    const SEPARATORS: &[&str] = &[" ", " ", " ", "  ", "-", ", ", " -- ", "/", ". "];
    let mut next = numbers(seed);
    (0..events)
        .map(|_| {
            let mut t = String::new();
            for k in 0..1 + next(12) {
                if k > 0 {
                    t.push_str(SEPARATORS[next(SEPARATORS.len())]);
                }
                match next(4) {
                    0 => t.push_str(&format!("town{}", next(400))),
                    _ => t.push_str(COMMON[next(COMMON.len())]),
                }
            }
            // most texts end with a separator, as the folded text does; some end in a word,
            // so that a word ending one text touches the word beginning the next
            if next(3) > 0 {
                t.push(' ');
            }
            t
        })
        .collect()
}

#[test]
fn pairs_never_run_from_one_event_into_the_next() {
    let col = column(&[
        "ends with white",
        "phosphorus begins this one ",
        "white phosphorus in the camp ",
        "white -- phosphorus, twice ",
        "phosphorus white ",
    ]);
    let words = Words::build(&col);
    let id = |w: &str| words.matching(w.as_bytes(), Fit::Whole)[0];
    let (white, phosphorus) = (id("white"), id("phosphorus"));
    // few events: every word has a bitset, so every pair is indexed
    assert_eq!(words.bitsets(), words.len());
    let pair = words.pairs.get(white, phosphorus).expect("the pair is indexed");
    assert_eq!(
        words.bits(&[Key::Pair(pair)], &(0..5), Wanted::ALWAYS).expect("wanted always").events(),
        [2, 3],
        "not event 0 nor 1"
    );
    let reversed = words.pairs.get(phosphorus, white).expect("the pair is indexed");
    assert_eq!(words.bits(&[Key::Pair(reversed)], &(0..5), Wanted::ALWAYS).expect("wanted always").events(), [4]);
    assert_eq!(words.pairs.get(id("ends"), id("begins")), None);
    let all = 0..5;
    // the needle, its events, and whether a pair narrows it best ("tw" is in one event alone)
    for (needle, expected, by_pairs) in [
        ("white phosphorus", &[2][..], true),
        ("e -- ph", &[3], true),
        ("white -- phosphorus, t", &[3], true),
        ("ite -- phosphorus, tw", &[3], false),
        ("white pho", &[2], true),
        ("whitephosphorus", &[], false),
    ] {
        assert_eq!(find(&words, &col, all.clone(), needle), expected, "{needle:?}");
        assert_eq!(per_event(&col, all.clone(), needle.as_bytes()), expected, "{needle:?} by scan");
        assert_eq!(words.narrows_by_pairs(needle.as_bytes(), &all), by_pairs, "{needle:?}");
    }
}

#[test]
fn the_pair_index_finds_what_a_scan_finds_across_separators_and_event_boundaries() {
    let texts = phrases(3000, 0x9e37_79b9_7f4a_7c15);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let col = column(&refs);
    let words = Words::build(&col);
    assert!(words.bitsets() > 0 && words.bitsets() < words.len(), "{words:?}");
    let n = col.event_count() as u32;
    let mut needles: Vec<Vec<u8>> =
        ["barrel bombs", "barrel  bombs", "barrel-bombs", "l bo", "s, sh", "é -- in", "n town3"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
    let mut next = numbers(0x2545_f491_4f6c_dd1d);
    for _ in 0..150 {
        // pieces of one text, and pieces across the end of a text and the start of the next
        let i = next(col.event_count() - 1) as u32;
        let t = col.of(i);
        let from = next(t.len());
        needles.push(t[from..(from + 3 + next(20)).min(t.len())].to_vec());
        let both = [col.of(i), col.of(i + 1)].concat();
        let at = col.of(i).len();
        needles.push(both[at.saturating_sub(1 + next(10))..(at + 1 + next(10)).min(both.len())].to_vec());
    }
    let (mut by_pairs, mut several_separators) = (0, 0);
    for needle in &needles {
        let f = Finder::new(needle);
        let shown = String::from_utf8_lossy(needle);
        for range in [0..n, 17..n - 5, n / 3..n / 2, 9..10, 5..5] {
            let expected = per_event(&col, range.clone(), needle);
            assert_eq!(words.find(&col, range.clone(), &f), expected, "{shown:?} in {range:?}");
            if let Some(found) = words.find_if_cheaper(&col, range.clone(), &f) {
                assert_eq!(found, expected, "{shown:?} in {range:?} if cheaper");
            }
            if words.narrows_by_pairs(needle, &range) {
                by_pairs += 1;
                let seps = needle.windows(2).filter(|w| !is_word_byte(w[0]) && !is_word_byte(w[1])).count();
                several_separators += usize::from(seps > 0);
            }
        }
    }
    // the pair index was used, with several separators between words too
    assert!(by_pairs > 100, "{by_pairs} lookups by pairs");
    assert!(several_separators > 5, "{several_separators} lookups by pairs across several separators");
}

/// Numbers below `n` (0 when `n` is 0), the same from the same seed: xorshift, so that the
/// tests need no crate of random numbers.
fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    }
}

/// The index built from the records, folded a run of events at a time, is the one built from
/// the text column: the same words in the same order, each with the same events, and the same
/// pairs; and building it through the index leaves the column unbuilt.
#[test]
fn words_folded_from_the_records_are_the_words_of_the_column() {
    // several jobs of the build, and a last one cut short
    let ix = Index::new(crate::synth::events(build::EVENTS_PER_JOB * 2 + 700, 31));
    let folded = Words::build_from(crate::index::Folded::Records(&ix.store));
    assert!(!ix.has_text_column(), "folding for the words built no column");
    let col = ix.text_column();
    let built = Words::build(col);
    assert_eq!((&folded.dict, &folded.starts), (&built.dict, &built.starts));
    assert!(folded.len() > 100 && folded.bitsets() > 0, "{} words, {} bitsets", folded.len(), folded.bitsets());
    for w in 0..built.len() as u32 {
        assert_eq!(folded.events_of(w), built.events_of(w), "{:?}", String::from_utf8_lossy(built.word(w)));
    }
    assert_eq!((folded.pairs_len(), folded.pair_postings_len()), (built.pairs_len(), built.pair_postings_len()));
    assert!(built.pairs_len() > 0, "no pairs to compare");
    let all = 0..ix.len() as u32;
    for (&key, &p) in &built.pairs.ids {
        assert_eq!(folded.pairs.ids.get(&key), Some(&p));
        let events = |w: &Words| w.bits(&[Key::Pair(p)], &all, Wanted::ALWAYS).map(|b| b.events()).unwrap_or_default();
        assert_eq!(events(&folded), events(&built));
    }
}

/// The browser's word index is built without the text column, and answers as a scan does.
#[test]
fn the_word_index_of_an_index_needs_no_text_column() {
    let ix = Index::new(crate::synth::events(6000, 8));
    let words = ix.words();
    assert!(!ix.has_text_column(), "the words were built from the records");
    let col = ix.text_column();
    let all = 0..ix.len() as u32;
    for needle in ["shelling", "air strike", "e", "idlib ", " in ", "killed"] {
        let expected = per_event(col, all.clone(), needle.as_bytes());
        assert_eq!(find(words, col, all.clone(), needle), expected, "{needle}");
        assert_eq!(ix.text_find(all.clone(), &Finder::new(needle.as_bytes())), expected, "{needle}");
    }
}
