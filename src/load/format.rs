//! The input formats, and how a file's content tells which one it holds.

use super::Problem;
use super::csv::Header;

/// The input formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// sitrep's own JSON: an array of events (or one event per line).
    Native,
    /// An ACLED CSV export.
    Acled,
    /// A UCDP Georeferenced Event Dataset (GED) CSV file.
    Ucdp,
    /// A GeoJSON FeatureCollection of points.
    GeoJson,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Native, Format::Acled, Format::Ucdp, Format::GeoJson];

    /// The name on the command line (`--format acled`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "json",
            Format::Acled => "acled",
            Format::Ucdp => "ucdp",
            Format::GeoJson => "geojson",
        }
    }

    /// The name for people.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Native => "sitrep JSON",
            Format::Acled => "ACLED CSV",
            Format::Ucdp => "UCDP GED CSV",
            Format::GeoJson => "GeoJSON",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "json" | "native" | "jsonl" => Ok(Format::Native),
            "acled" => Ok(Format::Acled),
            "ucdp" | "ged" => Ok(Format::Ucdp),
            "geojson" => Ok(Format::GeoJson),
            _ => Err(format!("{s:?} is not an input format: use json, acled, ucdp or geojson")),
        }
    }
}

impl Format {
    /// The format a file name's extension suggests, for content that is none of them: a `.json`
    /// file that is not JSON is best told what JSON wants.
    pub fn from_extension(name: &str) -> Option<Format> {
        let ext = std::path::Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" | "jsonl" | "ndjson" => Some(Format::Native),
            "geojson" => Some(Format::GeoJson),
            _ => None,
        }
    }
}

/// How far into a JSON file to look for `"FeatureCollection"`, at each end.
const JSON_PEEK: usize = 4096;

/// Which format a file holds, from its content (the extension is not trusted); `None` when it is
/// none of them. A byte order mark and leading blank space are passed over.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let bytes = &bytes[start..];
    match bytes[0] {
        b'{' | b'[' => {
            let head = &bytes[..bytes.len().min(JSON_PEEK)];
            let tail = &bytes[bytes.len().saturating_sub(JSON_PEEK)..];
            let is_geo = |s: &[u8]| memchr::memmem::find(s, b"\"FeatureCollection\"").is_some();
            Some(if bytes[0] == b'{' && (is_geo(head) || is_geo(tail)) {
                Format::GeoJson
            } else if super::acled::looks_like_api(head) {
                Format::Acled
            } else {
                Format::Native
            })
        }
        _ => {
            let h = Header::read(bytes)?;
            if super::acled::is_acled(&h) {
                Some(Format::Acled)
            } else if super::ucdp::is_ucdp(&h) {
                Some(Format::Ucdp)
            } else {
                None
            }
        }
    }
}

/// The problem of a file of no known format, naming what its first line holds.
pub fn unrecognised(name: &str, bytes: &[u8]) -> Problem {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut shown: String = String::from_utf8_lossy(first).trim().chars().take(80).collect();
    if first.len() > shown.len() {
        shown.push('…');
    }
    Problem::error(name, format!("is in no format sitrep reads; its first line is {shown:?}")).at(1, 1).hint(
        "sitrep reads its own JSON, GeoJSON, ACLED CSV (with columns event_id_cnty and event_date) and UCDP GED \
         CSV (with date_start and type_of_violence); name the format with --format if the header differs",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_format() {
        assert_eq!(detect(b"\xEF\xBB\xBF  [\n{\"id\":1}\n]"), Some(Format::Native));
        assert_eq!(detect(b"{\"id\":\"a\"}\n{\"id\":\"b\"}\n"), Some(Format::Native));
        assert_eq!(detect(br#"{"type": "FeatureCollection", "features": []}"#), Some(Format::GeoJson));
        assert_eq!(detect(b"\xEF\xBB\xBFevent_date,event_id_cnty,x\r\n"), Some(Format::Acled));
        assert_eq!(detect(b"\"event_id_cnty\";\"event_date\"\n"), Some(Format::Acled));
        assert_eq!(detect(b"id,date_start,date_end,type_of_violence,best\n"), Some(Format::Ucdp));
        assert_eq!(detect(b"name,lat,lon\n"), None);
        assert_eq!(detect(b"   "), None);
    }

    #[test]
    fn names_parse_back() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert!("xls".parse::<Format>().is_err());
    }
}
