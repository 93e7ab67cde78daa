//! Where cached indexes live, and how many are kept.
//!
//! `$XDG_CACHE_HOME/sitrep`, or `~/.cache/sitrep` when that is unset (or not an absolute path,
//! as the XDG specification asks), created readable by its owner alone. An entry is one file,
//! `KEY.sitrep-index`; a write in progress is a temporary file beginning with
//! [`TEMP_PREFIX`], which no reader opens.
//!
//! Bounded: after each write, the entries beyond the [`KEEP`] most recently used, and then the
//! least recently used ones while all together exceed [`MAX_BYTES`], are removed (an entry
//! read is marked used by its modification time); so are temporary files left for an hour by a
//! process that was killed while writing.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub use crate::container::TEMP_PREFIX;
pub const SUFFIX: &str = ".sitrep-index";
/// Entries kept: an analyst's few exports, each opened day after day.
pub const KEEP: usize = 8;
/// Bytes kept in all: a million events take about 1 GB.
pub const MAX_BYTES: u64 = 16 << 30;
const ABANDONED: Duration = Duration::from_secs(3600);

/// The cache directory, from the environment (not created).
pub fn location() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    let base = xdg.or_else(|| std::env::home_dir().map(|h| h.join(".cache")))?;
    Some(base.join("sitrep"))
}

/// The cache directory, created (0700) when missing.
pub fn create() -> std::io::Result<PathBuf> {
    let dir = location().ok_or_else(|| std::io::Error::other("neither XDG_CACHE_HOME nor HOME is set"))?;
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(&dir)?;
    Ok(dir)
}

/// The file of the entry with this key.
pub fn entry_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}{SUFFIX}"))
}

/// One file of sitrep's in the cache directory.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub size: u64,
    pub modified: SystemTime,
    /// A write that was under way or abandoned, not an entry.
    pub temporary: bool,
}

/// sitrep's files in `dir` (entries and temporary files), most recently used first; other
/// files are not sitrep's and are left alone.
pub fn files(dir: &Path) -> std::io::Result<Vec<Found>> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name();
        let name = name.to_string_lossy();
        let temporary = name.starts_with(TEMP_PREFIX);
        if !temporary && !name.ends_with(SUFFIX) {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        found.push(Found { path: e.path(), size: meta.len(), modified, temporary });
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.modified));
    Ok(found)
}

/// Marks an entry as just used, for the eviction order.
pub fn touch(path: &Path) {
    if let Ok(f) = std::fs::File::options().append(true).open(path) {
        let _ = f.set_modified(SystemTime::now());
    }
}

/// Removes the least recently used entries beyond the bounds, and abandoned temporary files.
pub fn evict(dir: &Path) {
    let Ok(found) = files(dir) else { return };
    let now = SystemTime::now();
    let (mut kept, mut bytes) = (0, 0u64);
    for f in found {
        let remove = if f.temporary {
            now.duration_since(f.modified).is_ok_and(|age| age > ABANDONED)
        } else {
            kept += 1;
            bytes += f.size;
            // the newest entry stays, however large
            kept > 1 && (kept > KEEP || bytes > MAX_BYTES)
        };
        if remove {
            let _ = std::fs::remove_file(&f.path);
        }
    }
}
