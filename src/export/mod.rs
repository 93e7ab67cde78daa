//! Writing events out: sitrep's JSON, a flat CSV for spreadsheets, ACLED CSV that loads back to
//! the same events, and a GeoJSON FeatureCollection for GIS tools. The command line's `query
//! --format` and the TUI's export key both come here.
//!
//! ```
//! use sitrep::export::{ExportFormat, write};
//! use sitrep::model::{Event, When};
//! let e = Event {
//!     id: "SYR1".into(),
//!     title: "Air/drone strike in Saraqib".into(),
//!     date: When::parse("2019-03-13").unwrap(),
//!     event_type: "Explosions/Remote violence".into(),
//!     sub_type: None, actors: vec![], place: None, casualties: vec![], figures: vec![],
//!     sources: vec![], notes: None, tags: vec![], row: None,
//! };
//! let mut out = Vec::new();
//! write(&[&e], ExportFormat::GeoJson, &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().starts_with("{\"type\":\"FeatureCollection\""));
//! ```

mod acled;
mod atomic;
mod flat;
mod geojson;
mod native;

pub use acled::write_acled;
pub use atomic::{WriteError, remove_partial_files, write_atomic};
pub use flat::write_csv;
pub use geojson::write_geojson;
pub use native::write_native;

use crate::model::Event;
use std::io::Write;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// sitrep's JSON, one event per line inside the array: loads back unchanged.
    Json,
    /// One row per event, the lists joined with "; ", for spreadsheets.
    Csv,
    /// ACLED's columns: loads back to the same events when they came from ACLED.
    Acled,
    /// An RFC 7946 FeatureCollection of points, for QGIS and other GIS tools.
    GeoJson,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] =
        [ExportFormat::Json, ExportFormat::Csv, ExportFormat::Acled, ExportFormat::GeoJson];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Acled => "acled",
            ExportFormat::GeoJson => "geojson",
        }
    }

    /// The format a file name asks for: `.json`, `.geojson`, `.acled.csv` (ACLED's columns) or
    /// `.csv` (the flat CSV).
    pub fn from_path(path: &std::path::Path) -> Option<ExportFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".acled.csv") {
            return Some(ExportFormat::Acled);
        }
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" | "jsonl" => Some(ExportFormat::Json),
            "geojson" => Some(ExportFormat::GeoJson),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }

    /// The usual file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv | ExportFormat::Acled => "csv",
            ExportFormat::GeoJson => "geojson",
        }
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<ExportFormat, String> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("{s:?} is not an output format: use json, csv, acled or geojson"))
    }
}

/// Writes `events` in `format`.
pub fn write<W: Write>(events: &[&Event], format: ExportFormat, w: W) -> std::io::Result<()> {
    match format {
        ExportFormat::Json => write_native(events, w),
        ExportFormat::Csv => write_csv(events, w),
        ExportFormat::Acled => write_acled(events, w),
        ExportFormat::GeoJson => write_geojson(events, w),
    }
}

/// A csv error as an io error, for writers that return io results.
fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
