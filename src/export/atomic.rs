//! Writing a file whole or not at all: into a temporary file beside the target, then renamed over
//! it. A reader never sees half a file, a failed export leaves the old file as it was, and an
//! input file is never the target.
//!
//! Only a regular file is replaced. A symbolic link is followed and the file it names is
//! replaced, in that file's directory, so the link stays a link. A character device, a named
//! pipe (FIFO) or `/dev/stdout` is not a file to replace: it is written to directly (and
//! through [`crate::text::InertWriter`] when it is a terminal). A block device or a directory
//! is refused. The temporary file is removed when the export fails, and, through
//! [`remove_partial_files`], when the process is stopped by a signal.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Why an output file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: is an input file; sitrep does not write over its input", shown(.0))]
    IsInput(PathBuf),
    #[error("{}: is a directory", shown(.0))]
    IsDirectory(PathBuf),
    #[error("{}: is {what}; sitrep writes files, terminals, pipes and character devices", shown(path))]
    NotWritable { path: PathBuf, what: &'static str },
    #[error("{}: cannot be written: {source}", shown(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A file name as it may be shown: it is data too, and may hold escape sequences.
fn shown(p: &Path) -> String {
    crate::text::inert(&p.to_string_lossy()).into_owned()
}

impl WriteError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            WriteError::IsInput(_) => "write to another file name",
            WriteError::IsDirectory(_) => "name a file inside it",
            WriteError::NotWritable { .. } => "name a regular file",
            WriteError::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => "check that the directory exists",
                std::io::ErrorKind::PermissionDenied => "check the directory's permissions, or write elsewhere",
                std::io::ErrorKind::StorageFull => "free some space, or write elsewhere",
                _ => "check the disk and the directory",
            },
        }
    }

    /// The underlying error, when it is one of input or output.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match self {
            WriteError::Io { source, .. } => Some(source),
            _ => None,
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

/// Where the bytes of an export go.
enum Target {
    /// The process's own standard output or error (`/dev/stdout`, `/dev/fd/2`...), written
    /// through the descriptor it already has, so that `>>` still appends.
    Stdout,
    Stderr,
    /// A character device or a FIFO: opened and written in place.
    Direct(PathBuf),
    /// A regular file, or a name to create: replaced through a temporary file.
    File(PathBuf),
}

/// The path after following symbolic links one by one (a link to a file that does not exist
/// yet gives the name to create).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // the limit of Linux (MAXSYMLINKS)
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

fn target(path: &Path) -> Result<Target, WriteError> {
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    match path.to_str() {
        Some("/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1") => return Ok(Target::Stdout),
        Some("/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2") => return Ok(Target::Stderr),
        _ => {}
    }
    // what the name stands for, links followed by the system
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        // a name to create, or a link to one
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::File(follow_links(path).map_err(io)?)),
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        return Err(WriteError::IsDirectory(path.to_path_buf()));
    }
    if meta.is_file() {
        return Ok(Target::File(follow_links(path).map_err(io)?));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_block_device() {
            return Err(WriteError::NotWritable { path: path.to_path_buf(), what: "a block device (a disk)" });
        }
        if t.is_socket() {
            return Err(WriteError::NotWritable { path: path.to_path_buf(), what: "a socket" });
        }
    }
    // opened by its name, which the system follows to the pipe or device, whatever the links
    Ok(Target::Direct(path.to_path_buf()))
}

/// Writes `path` through `fill`: into a temporary file in the same directory, flushed and synced,
/// then renamed over `path`. Refuses when `path` is one of `inputs`. A new file gets the usual
/// permissions (rw-r--r--), a replaced one keeps its own. A link, a device, a FIFO and
/// `/dev/stdout` are handled as the module's documentation says.
pub fn write_atomic(
    path: &Path,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    if is_input(path, inputs) {
        return Err(WriteError::IsInput(path.to_path_buf()));
    }
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    match target(path)? {
        Target::Stdout => write_stream(std::io::stdout().lock(), fill).map_err(io),
        Target::Stderr => write_stream(std::io::stderr().lock(), fill).map_err(io),
        Target::Direct(real) => {
            let file = std::fs::OpenOptions::new().write(true).open(real).map_err(io)?;
            write_stream(file, fill).map_err(io)
        }
        Target::File(real) => replace_file(path, &real, fill),
    }
}

/// Fills a stream that is written in place, cleaned for a terminal if it is one.
fn write_stream<W: Write + IsTerminal>(
    w: W,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if w.is_terminal() {
        let mut w = BufWriter::new(crate::text::InertWriter::new(w));
        fill(&mut w)?;
        w.flush()
    } else {
        let mut w = BufWriter::with_capacity(1 << 16, w);
        fill(&mut w)?;
        w.flush()
    }
}

/// The temporary files being written, for [`remove_partial_files`].
static PARTIAL: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary files of the exports under way. For a signal handler's thread, just
/// before the process exits: the export's own clean-up will not run then.
pub fn remove_partial_files() {
    // a poisoned lock still holds the names
    let parts = PARTIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for p in parts.iter() {
        let _ = std::fs::remove_file(p);
    }
}

/// Forgets a temporary file once it is renamed or removed.
struct Partial(PathBuf);

impl Partial {
    fn new(p: &Path) -> Partial {
        PARTIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(p.to_path_buf());
        Partial(p.to_path_buf())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        PARTIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|p| *p != self.0);
    }
}

/// Writes `real` (the regular file, or the name to create, that `path` stands for) through a
/// temporary file in `real`'s directory renamed over it.
fn replace_file(
    path: &Path,
    real: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    let dir = match real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sitrep-").suffix(".part");
    let permissions = std::fs::metadata(real).map(|m| m.permissions()).ok().or_else(default_permissions);
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let tmp = builder.tempfile_in(dir).map_err(io)?;
    let partial = Partial::new(tmp.path());
    let mut w = BufWriter::new(tmp);
    fill(&mut w).map_err(io)?;
    let tmp = w.into_inner().map_err(|e| io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io)?;
    // held across the rename, so that a signal's clean-up sees the file either before or after
    let held = PARTIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let renamed = tmp.persist(real);
    drop(held);
    drop(partial);
    renamed.map_err(|e| io(e.error))?;
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

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let real = dir.path().join("real").join("out.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real/out.json", &link).unwrap();
        write_atomic(&link, &[], |w| w.write_all(b"new")).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        // a dangling link creates the file it names
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("real/new.json", &dangling).unwrap();
        write_atomic(&dangling, &[], |w| w.write_all(b"made")).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("real").join("new.json")).unwrap(), "made");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3, "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_in_place_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        write_atomic(&fifo, &[], |w| w.write_all(b"through the pipe")).unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_device_is_an_error_and_stays_a_device() {
        let err = write_atomic(Path::new("/dev/full"), &[], |w| w.write_all(&[b'x'; 100_000])).unwrap_err();
        assert_eq!(err.io_error().map(std::io::Error::kind), Some(std::io::ErrorKind::StorageFull));
        assert_eq!(err.hint(), "free some space, or write elsewhere");
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata("/dev/full").unwrap().file_type().is_char_device());
        write_atomic(Path::new("/dev/null"), &[], |w| w.write_all(b"gone")).unwrap();
        assert!(std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device());
        // through a link: the link stays, the device stays
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("sink.csv");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        write_atomic(&link, &[], |w| w.write_all(b"gone")).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert!(std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_name_with_an_escape_is_shown_inert() {
        let err = WriteError::IsDirectory(PathBuf::from("dir\u{1b}]0;owned\u{7}"));
        assert_eq!(err.to_string(), "dir\u{FFFD}]0;owned\u{FFFD}: is a directory");
    }
}
