//! Coverage feedback without a nightly toolchain. The fuzzer is built with LLVM's
//! SanitizerCoverage pass, which rustc stable runs on request:
//!
//!     RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=3 \
//!                -Cllvm-args=-sanitizer-coverage-inline-8bit-counters"
//!
//! Every edge of the compiled code then increments a byte counter, and the program's start
//! hands the counters to [`__sanitizer_cov_8bit_counters_init`] below. After each run the
//! fuzzer reads them: an input that reaches an edge, or an edge a number of times (in AFL's
//! buckets: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), not seen before joins the corpus.
//! Built without the flags, there are no counters and the fuzzer mutates blind.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};

/// The counter arrays, as (start, end) addresses.
static REGIONS: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

/// Called by the instrumented code before `main`, once per module, with its counters.
///
/// # Safety
/// The range is LLVM's counter section: valid for the life of the program.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn __sanitizer_cov_8bit_counters_init(start: *mut u8, end: *mut u8) {
    if let Ok(mut r) = REGIONS.lock() {
        let region = (start as usize, end as usize);
        if end > start && !r.contains(&region) {
            r.push(region);
        }
    }
}

/// The counters of every instrumented module, as one view.
pub struct Counters {
    regions: Vec<(usize, usize)>,
    /// Per counter, the buckets already seen.
    seen: Vec<u8>,
}

fn bucket(n: u8) -> u8 {
    match n {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 4,
        4..=7 => 8,
        8..=15 => 16,
        16..=31 => 32,
        32..=127 => 64,
        _ => 128,
    }
}

impl Counters {
    pub fn new() -> Counters {
        let regions = REGIONS.lock().map(|r| r.clone()).unwrap_or_default();
        let len = regions.iter().map(|(s, e)| e - s).sum();
        Counters { regions, seen: vec![0; len] }
    }

    /// How many counters there are: 0 when the build is not instrumented.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// How many edges have been reached so far.
    pub fn edges(&self) -> usize {
        self.seen.iter().filter(|&&b| b != 0).count()
    }

    fn each(&self, mut f: impl FnMut(usize, &AtomicU8)) {
        let mut i = 0;
        for &(start, end) in &self.regions {
            for addr in start..end {
                // SAFETY: LLVM's counter section, handed over by the init call above, lives as
                // long as the program; read and written as atomics, since code under test may
                // run on worker threads (an AtomicU8 has the layout of a u8)
                let c = unsafe { AtomicU8::from_ptr(addr as *mut u8) };
                f(i, c);
                i += 1;
            }
        }
    }

    /// Sets every counter to zero, before a run.
    pub fn reset(&self) {
        self.each(|_, c| c.store(0, Ordering::Relaxed));
    }

    /// Whether the last run reached anything new; records it.
    pub fn novel(&mut self) -> bool {
        let mut new = false;
        let mut seen = std::mem::take(&mut self.seen);
        self.each(|i, c| {
            let b = bucket(c.load(Ordering::Relaxed));
            if b & !seen[i] != 0 {
                seen[i] |= b;
                new = true;
            }
        });
        self.seen = seen;
        new
    }
}

impl Default for Counters {
    fn default() -> Counters {
        Counters::new()
    }
}
