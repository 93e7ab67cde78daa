//! The built-in dataset: the bombardment of Idlib and northern Hama in March 2019, as two news
//! reports tell it (see data/PROVENANCE.md). Embedded, so `sitrep` works from any directory.

use crate::load::{LoadOptions, Loaded, Problem, load_bytes};

/// The name problems and the status line give the built-in data.
pub const NAME: &str = "built-in:idlib-2019-03.json";

const BYTES: &[u8] = include_bytes!("../data/idlib-2019-03.json");

/// The built-in events.
pub fn builtin() -> Result<Loaded, Vec<Problem>> {
    load_bytes(NAME, BYTES, &LoadOptions::default())
}
