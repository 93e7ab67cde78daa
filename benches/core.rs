//! Load, index and query a large synthetic set (default 1,000,000 events; set
//! SITREP_BENCH_EVENTS to change it), and stream a query over it as `sitrep query` does;
//! then build the word index of the free-text search, and query with it.
//! Run: `cargo bench --bench core` (`cargo bench --bench core -- words` for the word index).

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::export::write_native;
use sitrep::index::{Index, Words};
use sitrep::load::{Keep, LoadOptions, load_bytes};
use sitrep::query::{Query, stream_files};
use std::hint::black_box;
use std::time::Duration;

fn events_wanted() -> usize {
    std::env::var("SITREP_BENCH_EVENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000)
}

/// The benchmark's question: HTS in March 2019 with "shelling" in the text.
pub const QUERY: &str = "date:2019-03-01..2019-03-31 actor:HTS shelling";

fn bench(c: &mut Criterion) {
    let n = events_wanted();
    let events = sitrep::synth::events(n, 1);
    let mut file = Vec::new();
    write_native(&events.iter().collect::<Vec<_>>(), &mut file).expect("write to memory");
    drop(events);
    eprintln!("{n} events, {} MB of JSON", file.len() / 1_000_000);

    let mut g = c.benchmark_group("load");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(20));
    g.bench_function(format!("parse+index {n}"), |b| {
        b.iter(|| {
            let loaded = load_bytes("bench", black_box(&file), &LoadOptions::default()).expect("loads");
            Index::new(loaded.events)
        })
    });
    g.finish();

    // `sitrep query` on a file: read a block at a time, only the matches parsed in full
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("events.json");
    std::fs::write(&path, &file).expect("write the events");
    let query = Query::parse(QUERY).expect("valid query");
    let mut g = c.benchmark_group("stream");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    g.bench_function(format!("{QUERY} ({n})"), |b| {
        b.iter(|| stream_files(&[&path], black_box(&query), Keep::Events).expect("loads").expect("streams").count)
    });
    g.finish();

    let ix = Index::new(load_bytes("bench", &file, &LoadOptions::default()).expect("loads").events);
    drop(file);
    let mut g = c.benchmark_group("filter");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for q in [QUERY, "actor:HTS", "date:2019", "shelling", "near:Idlib,10km", "killed:>=10 -type:Battles"] {
        g.bench_function(format!("{q} ({n})"), |b| b.iter(|| ix.query(black_box(q)).expect("valid query").len()));
    }
    g.finish();

    // The browser builds the word index in the background once the data is loaded: its time
    // and its memory, then free-text queries answered with it.
    let col = ix.text_column();
    let words = Words::build(col);
    eprintln!(
        "word index of {n} events: {} words, {} postings, {} MB (text column {} MB); \
         pair index: {} pairs, {} postings, {} MB",
        words.len(),
        words.postings_len(),
        words.heap_bytes() / 1_000_000,
        col.heap_bytes() / 1_000_000,
        words.pairs_len(),
        words.pair_postings_len(),
        words.pairs_heap_bytes() / 1_000_000
    );
    drop(words);
    let mut g = c.benchmark_group("words");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    // the words alone, then with the pairs of neighbouring common words: the difference is
    // what the pair index adds to the build
    g.bench_function(format!("build without pairs ({n})"), |b| {
        b.iter(|| Words::build_without_pairs(black_box(col)).len())
    });
    g.bench_function(format!("build ({n})"), |b| b.iter(|| Words::build(black_box(col)).len()));
    ix.words();
    g.measurement_time(Duration::from_secs(3));
    for q in ["shelling", "x", "prisun", "white phosphorus", "g in ", "e", "\"barrel bombs\"", "\"g in\""] {
        g.bench_function(format!("{q:?} ({n})"), |b| b.iter(|| ix.query(black_box(q)).expect("valid query").len()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
