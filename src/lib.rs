//! sitrep: browse an incident timeline beside a map of the region.
//!
//! The library holds everything under the screen: the event [`model`], the loaders, the
//! in-memory index, the query language, the map and the TUI state. The binary is a thin shell.

pub mod action;
pub mod app;
pub mod cache;
pub mod cli;
pub mod container;
pub mod dataset;
pub mod export;
pub mod formats;
pub mod geo;
pub mod glyph;
pub mod index;
pub mod indexed;
pub mod keymap;
#[cfg(test)]
mod layers;
pub mod load;
pub mod map;
pub mod model;
pub mod query;
pub mod rebuilt;
pub mod synth;
pub mod text;
pub mod tui;
pub mod ui;
pub mod watch;
