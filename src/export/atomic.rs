//! Writing a file whole or not at all: into a temporary file beside the target, then renamed over
//! it. A reader never sees half a file, a failed export leaves the old file as it was, and an
//! input file is never the target.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why an output file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: is an input file; sitrep does not write over its input", .0.display())]
    IsInput(PathBuf),
    #[error("{}: is a directory", .0.display())]
    IsDirectory(PathBuf),
    #[error("{}: cannot be written: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl WriteError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            WriteError::IsInput(_) => "write to another file name",
            WriteError::IsDirectory(_) => "name a file inside it",
            WriteError::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => "check that the directory exists",
                std::io::ErrorKind::PermissionDenied => "check the directory's permissions, or write elsewhere",
                _ => "check the disk and the directory",
            },
        }
    }
}

/// The path a file name stands for once links and `..` are resolved; for a file that does not
/// exist yet, its resolved directory and its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Whether writing `path` would replace one of `inputs` (the same path after resolving links, or
/// another name of the same file).
pub fn is_input(path: &Path, inputs: &[PathBuf]) -> bool {
    let target = resolved(path);
    inputs.iter().any(|i| (target.is_some() && i.canonicalize().ok() == target) || same_file(path, i))
}

/// Writes `path` through `fill`: into a temporary file in the same directory, flushed and synced,
/// then renamed over `path`. Refuses when `path` is one of `inputs`. A new file gets the usual
/// permissions (rw-r--r--), a replaced one keeps its own.
pub fn write_atomic(
    path: &Path,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    if is_input(path, inputs) {
        return Err(WriteError::IsInput(path.to_path_buf()));
    }
    if path.is_dir() {
        return Err(WriteError::IsDirectory(path.to_path_buf()));
    }
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sitrep-").suffix(".part");
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok().or_else(default_permissions);
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let tmp = builder.tempfile_in(dir).map_err(io)?;
    let mut w = BufWriter::new(tmp);
    fill(&mut w).map_err(io)?;
    let tmp = w.into_inner().map_err(|e| io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_an_input_under_another_name() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("events.csv");
        std::fs::write(&input, "keep").unwrap();
        let other_name = dir.path().join("sub").join("..").join("events.csv");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let err = write_atomic(&other_name, std::slice::from_ref(&input), |w| w.write_all(b"x")).unwrap_err();
        assert!(matches!(err, WriteError::IsInput(_)));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::fs::hard_link(&input, &link).unwrap();
            assert!(is_input(&link, std::slice::from_ref(&input)));
        }
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "keep");
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        std::fs::write(&out, "old").unwrap();
        let err = write_atomic(&out, &[], |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        write_atomic(&out, &[], |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
