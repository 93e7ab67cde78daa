//! GeoJSON features as sitrep writes them (`export::geojson`) and reads them back
//! (`load::geojson`): the properties added for GIS tools, which the reader passes over.

/// Properties that sitrep's own GeoJSON export adds for GIS tools and that repeat the event.
pub const DERIVED_PROPERTIES: [&str; 4] = ["start", "end", "killed_low", "killed_high"];

/// The start of the name of a property that repeats one of an event's figures as a number.
pub const FIGURE_PREFIX: &str = "figure: ";
