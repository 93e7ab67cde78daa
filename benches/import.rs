//! Load and index the same synthetic events as an ACLED export and as sitrep's JSON, and report
//! both as throughput (MB/s of input) and time. Default 1,000,000 events; SITREP_BENCH_EVENTS
//! changes it. Run: `cargo bench --bench import`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sitrep::export::{ExportFormat, write};
use sitrep::index::Index;
use sitrep::load::{LoadOptions, load_bytes};
use std::hint::black_box;
use std::time::Duration;

fn events_wanted() -> usize {
    std::env::var("SITREP_BENCH_EVENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000)
}

fn bench(c: &mut Criterion) {
    let n = events_wanted();
    let events = sitrep::synth::events(n, 1);
    let refs: Vec<_> = events.iter().collect();
    let files: Vec<(&str, Vec<u8>)> = [("acled", ExportFormat::Acled), ("json", ExportFormat::Json)]
        .into_iter()
        .map(|(name, f)| {
            let mut bytes = Vec::new();
            write(&refs, f, &mut bytes).expect("write to memory");
            (name, bytes)
        })
        .collect();
    drop(refs);
    drop(events);

    let mut g = c.benchmark_group("import");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(20));
    for (name, bytes) in &files {
        eprintln!("{n} events as {name}: {} MB", bytes.len() / 1_000_000);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("{name} load+index {n}"), |b| {
            // freeing the events is not loading them: dropped outside the timing
            b.iter_with_large_drop(|| {
                let loaded = load_bytes("bench", black_box(bytes), &LoadOptions::default()).expect("loads");
                Index::new(loaded.events)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
