//! The sitrep command: parse the command line, run it, report errors, exit.

fn main() -> std::process::ExitCode {
    sitrep::cli::main()
}
