//! The CSV readers: records read in chunks on every core (`rows.rs`, `chunks.rs`), and the
//! strict reader of the streaming scan (`strict.rs`).

pub mod chunks;
pub mod rows;
pub mod strict;
