//! sitrep: browse an incident timeline beside a map of the region.
//!
//! The library holds everything under the screen: the event [`model`], the loaders, the
//! in-memory index, the query language, the map and the TUI state. The binary is a thin shell.

pub mod geo;
pub mod map;
pub mod model;
pub mod text;
