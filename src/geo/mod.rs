//! Geography: the gazetteer of places, and (in the map) projection and region geometry.

pub mod gazetteer;
pub use gazetteer::{GazPlace, Gazetteer};
