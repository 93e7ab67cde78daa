//! `sitrep-fuzz TARGET SECONDS`: mutates the target's corpus for that long, keeping the inputs
//! that reach new code, and stops at the first panic, hang or runaway allocation, saving the
//! input that caused it. `all` runs every target in turn, each for SECONDS.
//!
//!     sitrep-fuzz native 60 [--corpus fuzz/corpus] [--out fuzz/out] [--seed N]

use sitrep_fuzz::coverage::Counters;
use sitrep_fuzz::mutate::{Rng, mutate};
use sitrep_fuzz::targets::{TARGETS, Target};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Counts the bytes allocated, to bound each run's memory.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's layout, passed on
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: the caller's pointer and layout, passed on
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A run slower than this is recorded as a hang (the promise is one second).
const SLOW: Duration = Duration::from_secs(1);
/// A run this long is stopped: the input is saved and the process aborted.
const STUCK: Duration = Duration::from_secs(10);
/// A run may allocate this much beyond 256 times its input before it is a finding.
const MEMORY_FLOOR: usize = 64 << 20;

struct Args {
    targets: Vec<&'static Target>,
    seconds: u64,
    corpus: PathBuf,
    out: PathBuf,
    seed: u64,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let usage = "usage: sitrep-fuzz TARGET|all SECONDS [--corpus DIR] [--out DIR] [--seed N]";
    let name = it.next().ok_or(usage)?;
    let targets = if name == "all" {
        TARGETS.iter().collect()
    } else {
        vec![TARGETS.iter().find(|t| t.name == name).ok_or_else(|| format!("no target {name:?}; {usage}"))?]
    };
    let seconds = it.next().and_then(|s| s.parse().ok()).ok_or(usage)?;
    let mut a = Args { targets, seconds, corpus: "fuzz/corpus".into(), out: "fuzz/out".into(), seed: 1 };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(usage)?;
        match flag.as_str() {
            "--corpus" => a.corpus = value.into(),
            "--out" => a.out = value.into(),
            "--seed" => a.seed = value.parse().map_err(|_| usage)?,
            _ => return Err(usage.into()),
        }
    }
    Ok(a)
}

fn main() -> std::process::ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    // one thread: runs stay comparable, and a machine shared with others stays usable
    // SAFETY: no other thread runs yet
    unsafe { std::env::set_var("RAYON_NUM_THREADS", "1") };
    let mut failed = false;
    for t in &a.targets {
        failed |= !fuzz(t, &a);
    }
    if failed { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}

/// The processor time of the process so far, in clock ticks (1/100 s), from /proc; 0 where
/// there is no /proc. A run is judged by it as well as by the clock, since on a busy machine a
/// run can wait for a processor for longer than it works.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // the fields after the command name, which is in parentheses and may hold spaces
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are the 14th and 15th fields of the line, 12th and 13th after the name
    field(11) + field(12)
}

/// The input being run and when it started, for the watchdog.
struct Current {
    input: Mutex<Vec<u8>>,
    started_ms: AtomicU64,
    running: AtomicBool,
}

fn save(dir: &Path, kind: &str, input: &[u8]) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in input {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let path = dir.join(format!("{kind}-{h:016x}"));
    let _ = std::fs::write(&path, input);
    path
}

fn read_dir(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files.iter().filter(|p| p.is_file()).filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Fuzzes one target; false when it found a panic, a hang or a runaway allocation.
fn fuzz(t: &Target, a: &Args) -> bool {
    let out = a.out.join(t.name);
    let mut corpus = read_dir(&a.corpus.join(t.name));
    let seeds = corpus.len();
    corpus.extend(read_dir(&out.join("queue")));
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let mut counters = Counters::new();
    let epoch = Instant::now();
    let current = Arc::new(Current {
        input: Mutex::new(Vec::new()),
        started_ms: AtomicU64::new(0),
        running: AtomicBool::new(false),
    });
    let watchdog = {
        let current = Arc::clone(&current);
        let out = out.clone();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                let since = epoch.elapsed().as_millis() as u64 - current.started_ms.load(Ordering::Relaxed);
                if current.running.load(Ordering::Relaxed) && since > STUCK.as_millis() as u64 {
                    let input = current.input.lock().map(|i| i.clone()).unwrap_or_default();
                    let p = save(&out, "hang", &input);
                    eprintln!("sitrep-fuzz: a run took over {STUCK:?}: input saved as {}", p.display());
                    std::process::abort();
                }
            }
        })
    };
    drop(watchdog);
    let mut rng = Rng::new(a.seed ^ t.name.len() as u64);
    let (mut execs, mut slow, mut waited) = (0u64, 0usize, 0usize);
    let (mut worst_mem, mut worst_time) = ((0usize, 0usize), Duration::ZERO);
    let mut last_report = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(a.seconds);
    let mut ok = true;
    // the seeds first, as they are, then mutations
    let mut pending: Vec<Vec<u8>> = corpus.clone();
    eprintln!(
        "sitrep-fuzz {}: {} seeds, {} queued, {} coverage counters{}",
        t.name,
        seeds,
        corpus.len() - seeds,
        counters.len(),
        if counters.is_empty() { " (not instrumented: blind mutation)" } else { "" }
    );
    while Instant::now() < deadline {
        let input = pending.pop().unwrap_or_else(|| {
            let i = rng.below(corpus.len());
            let j = rng.below(corpus.len());
            mutate(&corpus[i], &corpus[j], t.tokens, &mut rng)
        });
        if let Ok(mut c) = current.input.lock() {
            c.clone_from(&input);
        }
        counters.reset();
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        current.started_ms.store(epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
        current.running.store(true, Ordering::Relaxed);
        let start = Instant::now();
        let cpu_start = cpu_ticks();
        let result = std::panic::catch_unwind(|| (t.run)(&input));
        let took = start.elapsed();
        let cpu = Duration::from_millis(10 * cpu_ticks().saturating_sub(cpu_start));
        current.running.store(false, Ordering::Relaxed);
        execs += 1;
        let used = PEAK.load(Ordering::Relaxed).saturating_sub(base);
        if result.is_err() {
            let p = save(&out, "crash", &input);
            eprintln!("sitrep-fuzz {}: a panic; input saved as {}", t.name, p.display());
            ok = false;
            break;
        }
        // slow by the clock and by the processor: a run that only waited is not a finding
        if took > SLOW && (cpu > SLOW || cpu_start == 0) {
            slow += 1;
            let p = save(&out, "slow", &input);
            eprintln!(
                "sitrep-fuzz {}: a run took {took:?}, {cpu:?} of processor ({} bytes): saved as {}",
                t.name,
                input.len(),
                p.display()
            );
            ok = false;
        } else if took > SLOW {
            waited += 1;
        }
        worst_time = worst_time.max(cpu);
        if used > worst_mem.0 {
            worst_mem = (used, input.len());
        }
        if used > MEMORY_FLOOR + 256 * input.len() {
            let p = save(&out, "memory", &input);
            eprintln!(
                "sitrep-fuzz {}: {used} bytes for {} bytes of input: saved as {}",
                t.name,
                input.len(),
                p.display()
            );
            ok = false;
        }
        if counters.novel() {
            save(&out.join("queue"), "id", &input);
            corpus.push(input);
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            eprintln!("sitrep-fuzz {}: {execs} runs, corpus {}, {} edges", t.name, corpus.len(), counters.edges());
            last_report = Instant::now();
        }
    }
    eprintln!(
        "sitrep-fuzz {}: {} in {}s: {execs} runs, corpus {}, {} edges, {slow} slow, {waited} over 1 s by the clock only (waiting for a processor), slowest {worst_time:?} of processor, most memory {} KB (for {} bytes of input)",
        t.name,
        if ok { "ok" } else { "FOUND PROBLEMS" },
        a.seconds,
        corpus.len(),
        counters.edges(),
        worst_mem.0 / 1024,
        worst_mem.1
    );
    ok
}
