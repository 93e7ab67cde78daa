//! Reading an input whole, once: a regular file, standard input (`-`), a pipe such as
//! `<(cmd)`, or a FIFO. What is not a regular file is read up to [`STREAM_LIMIT`] bytes (so that
//! `/dev/zero` cannot fill the memory), and a FIFO that no program opens for writing is given
//! up after [`FIFO_WAIT`] instead of blocking for good.

use super::Problem;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// The most read from standard input, a pipe, a FIFO or a device.
pub const STREAM_LIMIT: u64 = 2 << 30;

/// How long to wait for a program to open a FIFO for writing.
pub const FIFO_WAIT: Duration = Duration::from_secs(10);
/// Overrides [`FIFO_WAIT`] (in milliseconds), so that tests need not wait ten seconds.
pub const FIFO_WAIT_VAR: &str = "SITREP_FIFO_WAIT_MS";

fn fifo_wait() -> Duration {
    std::env::var(FIFO_WAIT_VAR).ok().and_then(|v| v.parse().ok()).map_or(FIFO_WAIT, Duration::from_millis)
}

/// The name problems give standard input.
pub const STDIN_NAME: &str = "(standard input)";

/// Whether `path` names standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether `path` is a regular file (or a link to one): one that can be read more than once.
pub fn is_regular(path: &Path) -> bool {
    !is_stdin(path) && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The name problems give the input at `path`.
pub fn name_of(path: &Path) -> String {
    if is_stdin(path) { STDIN_NAME.to_string() } else { path.display().to_string() }
}

/// The bytes of the input at `path`, read once.
pub fn read_input(path: &Path) -> Result<Vec<u8>, Vec<Problem>> {
    let name = name_of(path);
    if is_stdin(path) {
        return read_bounded(&name, std::io::stdin().lock());
    }
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(&name, &e))?;
    if meta.is_dir() {
        return Err(vec![
            Problem::error(&name, "is a directory, not a file of events")
                .hint("name the event files inside it, e.g. DIR/*.json"),
        ]);
    }
    if meta.is_file() {
        return std::fs::read(path).map_err(|e| cannot_read(&name, &e));
    }
    let file = if is_fifo(&meta) { open_fifo(&name, path)? } else { std::fs::File::open(path) }
        .map_err(|e| cannot_read(&name, &e))?;
    read_bounded(&name, file)
}

#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::Metadata) -> bool {
    false
}

/// Opens a FIFO, which blocks until a program opens it for writing: in a thread, given up
/// after [`FIFO_WAIT`] (the thread stays blocked until the process ends or a writer comes).
fn open_fifo(name: &str, path: &Path) -> Result<std::io::Result<std::fs::File>, Vec<Problem>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::File::open(owned));
    });
    let wait = fifo_wait();
    rx.recv_timeout(wait).map_err(|_| {
        vec![
            Problem::error(
                name,
                format!("is a FIFO that no program opened for writing in {:.0} s", wait.as_secs_f64()),
            )
            .hint("start the program that writes to it first, or pass its output with `--data -` or <(command)"),
        ]
    })
}

fn read_bounded(name: &str, r: impl Read) -> Result<Vec<u8>, Vec<Problem>> {
    let mut bytes = Vec::new();
    r.take(STREAM_LIMIT + 1).read_to_end(&mut bytes).map_err(|e| cannot_read(name, &e))?;
    if bytes.len() as u64 > STREAM_LIMIT {
        return Err(vec![
            Problem::error(
                name,
                format!("goes on past {} GiB without ending; it was not read further", STREAM_LIMIT >> 30),
            )
            .hint("this is not a regular file (a device, pipe or FIFO): save the events to a file and name that"),
        ]);
    }
    Ok(bytes)
}

fn cannot_read(name: &str, e: &std::io::Error) -> Vec<Problem> {
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound => "check the path; `sitrep` alone opens the built-in dataset",
        std::io::ErrorKind::PermissionDenied => "check the file's permissions",
        _ => "check that the file can be read",
    };
    vec![Problem::error(name, format!("cannot be read: {e}")).hint(hint)]
}
