//! What a format's reader and its writer must agree on, kept below both (`load` reads, `export`
//! writes, and neither imports the other): ACLED's columns, its week and the apostrophe that
//! keeps a cell from running as a spreadsheet formula; the properties GeoJSON features carry
//! for GIS tools only.

pub mod acled;
pub mod geojson;
