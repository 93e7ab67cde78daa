//! The sitrep command: parse the command line, run it, report errors, exit.

// Loading allocates millions of small strings on every core; mimalloc does that with less
// contention and fewer page faults than the system allocator (see README, Measured).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sitrep::cli::main()
}
