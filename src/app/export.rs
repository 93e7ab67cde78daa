//! Writing the filtered events to a file: native JSON, atomically (a temporary file beside the
//! target, then a rename), never over one of the files being browsed.

use crate::load::write_native;
use crate::model::Event;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} is one of the files being browsed; name another file", .0.display())]
    InputFile(PathBuf),
    #[error("cannot write {} files yet; name a .json file", .0)]
    Format(String),
    #[error("no file name given")]
    NoName,
    #[error("cannot write {}: {err}", .path.display())]
    Io { path: PathBuf, err: std::io::Error },
}

/// Whether two paths name the same file (both existing), or the same path.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Writes `events` to `path`, refusing to replace any of `inputs`.
pub fn write_events(path: &Path, events: &[&Event], inputs: &[PathBuf]) -> Result<(), ExportError> {
    if path.as_os_str().is_empty() {
        return Err(ExportError::NoName);
    }
    if let Some(input) = inputs.iter().find(|i| same_file(i, path)) {
        return Err(ExportError::InputFile(input.clone()));
    }
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase) {
        None => {}
        Some(e) if e == "json" => {}
        Some(e) => return Err(ExportError::Format(e)),
    }
    let io = |err| ExportError::Io { path: path.to_path_buf(), err };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        write_native(events, &mut w).map_err(io)?;
        w.flush().map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
