//! Fuzzing sitrep on the stable toolchain: the targets, the mutations, and coverage feedback
//! from LLVM's SanitizerCoverage counters (see docs/reliability.md).

pub mod coverage;
pub mod mutate;
pub mod targets;
