//! The fuzz targets of `fuzz/` under `cargo test`: every input of the committed corpus is run
//! through its target (the regression check for everything the fuzzer ever found), and, with
//! `--ignored`, a short mutation run of each target, which CI does (`.ci/run`). The long,
//! coverage-guided runs use the `fuzz/` crate itself; see docs/reliability.md.

#[path = "../fuzz/src/mutate.rs"]
mod mutate;
#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("a corpus directory per target").flatten().collect();
    files.sort_by_key(|e| e.file_name());
    files
        .into_iter()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("readable")))
        .collect()
}

#[test]
fn every_corpus_input_runs_through_its_target_without_a_panic() {
    for t in targets::TARGETS {
        let inputs = corpus(t.name);
        assert!(!inputs.is_empty(), "{}: the corpus has seeds", t.name);
        for (name, bytes) in inputs {
            let start = Instant::now();
            let r = std::panic::catch_unwind(|| (t.run)(&bytes));
            assert!(r.is_ok(), "{}/{name} panics", t.name);
            // an unoptimised build: ten times the one second the release build is held to
            assert!(start.elapsed() < Duration::from_secs(10), "{}/{name} took {:?}", t.name, start.elapsed());
        }
    }
}

/// Seconds of mutation per target (`SITREP_FUZZ_SECONDS`, 3 by default).
fn seconds() -> u64 {
    std::env::var("SITREP_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3)
}

#[test]
#[ignore = "a mutation run of a few seconds per target; CI runs it with --ignored"]
fn a_short_mutation_run_of_every_target_finds_no_panic() {
    for t in targets::TARGETS {
        let inputs: Vec<Vec<u8>> = corpus(t.name).into_iter().map(|(_, b)| b).collect();
        let mut rng = mutate::Rng::new(0x5175_7265);
        let deadline = Instant::now() + Duration::from_secs(seconds());
        let mut runs = 0;
        while Instant::now() < deadline {
            let (a, b) = (&inputs[rng.below(inputs.len())], &inputs[rng.below(inputs.len())]);
            let input = mutate::mutate(a, b, t.tokens, &mut rng);
            let r = std::panic::catch_unwind(|| (t.run)(&input));
            assert!(r.is_ok(), "{}: a panic on the input {:?}", t.name, String::from_utf8_lossy(&input));
            runs += 1;
        }
        eprintln!("{}: {runs} mutated inputs, no panic", t.name);
    }
}
