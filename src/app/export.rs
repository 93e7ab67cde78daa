//! Writing the filtered events to a file, in the format its name asks for (`.json`, `.geojson`,
//! `.csv`, `.acled.csv`), atomically and never over one of the files being browsed: the same
//! writers as `sitrep query --format ... -o FILE`.

use crate::export::{ExportFormat, WriteError, write, write_atomic};
use crate::model::Event;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} is one of the files being browsed; name another file", .0.display())]
    InputFile(PathBuf),
    #[error("cannot write .{0} files; name a .json, .geojson, .csv or .acled.csv file")]
    Format(String),
    #[error("no file name given")]
    NoName,
    #[error("cannot write {}: {err}", .path.display())]
    Io { path: PathBuf, err: std::io::Error },
}

/// Writes `events` to `path`, refusing to replace any of `inputs`. A name without an extension
/// gets sitrep's JSON.
pub fn write_events(path: &Path, events: &[&Event], inputs: &[PathBuf]) -> Result<(), ExportError> {
    if path.as_os_str().is_empty() {
        return Err(ExportError::NoName);
    }
    let format = match path.extension() {
        None => ExportFormat::Json,
        Some(ext) => ExportFormat::from_path(path)
            .ok_or_else(|| ExportError::Format(ext.to_string_lossy().to_ascii_lowercase()))?,
    };
    write_atomic(path, inputs, |w| write(events, format, w)).map_err(|e| match e {
        WriteError::IsInput(p) => ExportError::InputFile(p),
        WriteError::IsDirectory(p) => ExportError::Io { path: p, err: std::io::ErrorKind::IsADirectory.into() },
        WriteError::Io { path, source } => ExportError::Io { path, err: source },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_picks_the_format_and_inputs_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let events = crate::synth::events(3, 1);
        let refs: Vec<&Event> = events.iter().collect();
        let input = dir.path().join("in.json");
        std::fs::write(&input, "[]").unwrap();
        let inputs = vec![input.clone()];
        assert!(matches!(write_events(&input, &refs, &inputs), Err(ExportError::InputFile(_))));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "[]");
        for (name, start) in [
            ("a.geojson", "{\"type\":\"FeatureCollection\""),
            ("b.acled.csv", "event_id_cnty,"),
            ("c.csv", "id,title,"),
        ] {
            let out = dir.path().join(name);
            write_events(&out, &refs, &inputs).unwrap();
            assert!(std::fs::read_to_string(&out).unwrap().starts_with(start), "{name}");
        }
        let err = write_events(&dir.path().join("d.xlsx"), &refs, &inputs).unwrap_err();
        assert_eq!(err.to_string(), "cannot write .xlsx files; name a .json, .geojson, .csv or .acled.csv file");
    }
}
