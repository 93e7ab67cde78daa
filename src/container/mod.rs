//! The container file of a cached index: a header, sections of little-endian arrays, the
//! section table, and a checksum of everything.
//!
//! ```text
//! header   "SITREPIX", format version (u32), header length (u32),
//!          sitrep's version (u32 length + bytes), source identity (u32 length + bytes)
//! sections each at an offset that is a multiple of 64, so that a typed array can be viewed
//!          in place from the memory map (pages are 4096-aligned, so the offset decides)
//! table    the number of sections (u32); per section: name (u16 length + bytes), offset (u64),
//!          length in bytes (u64), element size (u32), element alignment (u32); then the
//!          xxh3-64 of each block of 64 KiB of the file before the table (u64 each)
//! trailer  table offset (u64), table length (u64), xxh3-64 of the table and these two (u64)
//! ```
//!
//! The table comes last because sections are streamed to disk as they are added; the header,
//! first, lets a stale entry be told apart before the whole file is read. A checksum per block
//! rather than one for the file lets every core check a part of it, and lets a large section
//! be checked a block at a time as it is read (see `blocks.rs`).

mod blocks;

use blocks::Blocks;
use bytemuck::Pod;
use std::hash::Hasher;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use twox_hash::XxHash3_64 as Xxh3;

pub const MAGIC: &[u8; 8] = b"SITREPIX";
/// The name every file being written starts with, until it is whole and renamed.
pub const TEMP_PREFIX: &str = ".sitrep-tmp-";

/// Why an entry was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheMiss {
    /// No entry for these files yet.
    Absent,
    /// The files changed since the entry was written.
    Stale,
    /// Written by another version of sitrep or of the container.
    OldVersion,
    /// Not a sitrep index file.
    Foreign,
    /// Cut short or changed on disk: `what` failed its check.
    Damaged(String),
    /// The entry could not be opened or mapped.
    Unreadable(String),
}

impl CacheMiss {
    /// What to tell the user about it: nothing for the ordinary misses.
    pub fn note(&self) -> Option<String> {
        match self {
            CacheMiss::Absent | CacheMiss::Stale | CacheMiss::OldVersion => None,
            CacheMiss::Foreign => Some("is not a sitrep index".into()),
            CacheMiss::Damaged(what) => Some(format!("is damaged ({what})")),
            CacheMiss::Unreadable(e) => Some(format!("cannot be read ({e})")),
        }
    }
}

/// The layout of the container and of what is in it; a file of another version is rebuilt.
/// (3: blocks of 64 KiB, checked as they are read; records reached through an order column.
/// 4: the notes of an export's rows left in the export, the records saying where.)
pub const FORMAT_VERSION: u32 = 4;
const ALIGN: u64 = 64;
const TRAILER: usize = 24;
/// The bytes each checksum of the file's body covers (see `blocks.rs`).
const BLOCK: u64 = blocks::BLOCK as u64;

/// Writes one container file: to a temporary file beside its final name, which takes that name
/// only when it is whole and on disk ([`SectionWriter::finish`]). Dropped unfinished, the
/// temporary file is removed; a process that dies leaves it under a name no reader opens.
pub struct SectionWriter {
    out: BufWriter<tempfile::NamedTempFile>,
    /// The checksum of the block being written, and those of the blocks before it.
    block: Xxh3,
    blocks: Vec<u64>,
    at: u64,
    table: Vec<(String, u64, u64, u32, u32)>,
    /// Set from elsewhere to stop the write: the next write fails, and the temporary file
    /// goes with the writer.
    cancel: Option<Arc<AtomicBool>>,
}

impl SectionWriter {
    /// Starts a file in `dir` for a source of this identity (see `identity.rs`).
    pub fn create(dir: &Path, identity: &[u8]) -> std::io::Result<SectionWriter> {
        let tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
        let mut w = SectionWriter {
            out: BufWriter::with_capacity(1 << 20, tmp),
            block: Xxh3::new(),
            blocks: Vec::new(),
            at: 0,
            table: vec![],
            cancel: None,
        };
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        let header_len = 8 + 4 + 4 + 4 + version.len() + 4 + identity.len();
        w.put(MAGIC)?;
        w.put(&FORMAT_VERSION.to_le_bytes())?;
        w.put(&(header_len as u32).to_le_bytes())?;
        w.put(&(version.len() as u32).to_le_bytes())?;
        w.put(version)?;
        w.put(&(identity.len() as u32).to_le_bytes())?;
        w.put(identity)?;
        Ok(w)
    }

    /// Makes the write stop, unfinished, once `flag` is set.
    pub fn cancel_on(&mut self, flag: Arc<AtomicBool>) {
        self.cancel = Some(flag);
    }

    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed)) {
            // not ErrorKind::Interrupted: `write_all` and `BufWriter` retry those
            return Err(std::io::Error::other(Stopped));
        }
        self.out.write_all(bytes)?;
        let mut rest = bytes;
        while !rest.is_empty() {
            let room = (BLOCK - self.at % BLOCK) as usize;
            let (now, later) = rest.split_at(room.min(rest.len()));
            self.block.write(now);
            self.at += now.len() as u64;
            if self.at.is_multiple_of(BLOCK) {
                self.blocks.push(self.block.finish());
                self.block = Xxh3::new();
            }
            rest = later;
        }
        Ok(())
    }

    fn pad(&mut self) -> std::io::Result<()> {
        let n = (ALIGN - self.at % ALIGN) % ALIGN;
        self.put(&[0u8; ALIGN as usize][..n as usize])
    }

    /// Adds an array of plain values, stored little-endian (as every machine sitrep runs on
    /// holds them: the reader refuses a big-endian build rather than misread one).
    pub fn add<T: Pod>(&mut self, name: &str, values: &[T]) -> std::io::Result<()> {
        self.section(name, bytemuck::cast_slice(values), size_of::<T>() as u32, align_of::<T>() as u32)
    }

    /// Adds bytes (text, JSON) as a section.
    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.section(name, bytes, 1, 1)
    }

    /// Adds a section of bytes written by `write` straight to the file, for a section too
    /// large to build in memory first.
    pub fn add_with(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.begin(name, 1, 1)?;
        let start = self.at;
        write(&mut Hashing(self))?;
        let len = self.at - start;
        if let Some(s) = self.table.last_mut() {
            s.2 = len;
        }
        Ok(())
    }

    fn section(&mut self, name: &str, bytes: &[u8], size: u32, align: u32) -> std::io::Result<()> {
        self.begin(name, size, align)?;
        if let Some(s) = self.table.last_mut() {
            s.2 = bytes.len() as u64;
        }
        self.put(bytes)
    }

    /// Starts a section at the next aligned offset (its length is set by the caller).
    fn begin(&mut self, name: &str, size: u32, align: u32) -> std::io::Result<()> {
        if self.table.iter().any(|s| s.0 == name) || name.len() > usize::from(u16::MAX) {
            return Err(std::io::Error::other(format!("section {name:?} twice, or its name is too long")));
        }
        self.pad()?;
        self.table.push((name.to_string(), self.at, 0, size, align));
        Ok(())
    }

    /// Writes the table and the checksum, flushes the file to disk, and gives it its final
    /// name in one rename: a reader sees the old entry or the new one, never part of one.
    pub fn finish(mut self, path: &Path) -> std::io::Result<()> {
        self.pad()?;
        let table_at = self.at;
        if !table_at.is_multiple_of(BLOCK) {
            self.blocks.push(self.block.finish());
        }
        let mut table = Vec::new();
        table.extend_from_slice(&(self.table.len() as u32).to_le_bytes());
        for (name, offset, len, size, align) in &self.table {
            table.extend_from_slice(&(name.len() as u16).to_le_bytes());
            table.extend_from_slice(name.as_bytes());
            for v in [offset, len] {
                table.extend_from_slice(&v.to_le_bytes());
            }
            for v in [size, align] {
                table.extend_from_slice(&v.to_le_bytes());
            }
        }
        for b in &self.blocks {
            table.extend_from_slice(&b.to_le_bytes());
        }
        table.extend_from_slice(&table_at.to_le_bytes());
        table.extend_from_slice(&((table.len() - 8) as u64).to_le_bytes());
        let sum = Xxh3::oneshot(&table);
        self.out.write_all(&table)?;
        self.out.write_all(&sum.to_le_bytes())?;
        let tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The error of a write stopped by [`SectionWriter::cancel_on`].
#[derive(Debug, thiserror::Error)]
#[error("the write was stopped")]
pub struct Stopped;

impl Stopped {
    /// Whether `e` is a stopped write.
    pub fn is(e: &std::io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<Stopped>())
    }
}

/// The writer's file seen as a `Write`, every byte counted and hashed.
struct Hashing<'a>(&'a mut SectionWriter);

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.put(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One section of a mapped file.
#[derive(Debug, Clone)]
struct Section {
    name: String,
    offset: usize,
    len: usize,
    size: u32,
}

/// A container file mapped read-only, its blocks checked at the open or, in the sections left
/// for later, as they are read.
#[derive(Debug)]
pub struct Mapped {
    map: memmap2::Mmap,
    identity: std::ops::Range<usize>,
    sections: Vec<Section>,
    /// Where the table starts (the body is what comes before), and the body's blocks.
    table_at: usize,
    blocks: Blocks,
}

/// Maps `file` read-only.
fn map_file(file: &std::fs::File) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: a map is undefined behaviour if the file changes under it. This file is sitrep's
    // own entry in its private cache directory (created 0700), opened read-only and never
    // written in place: writers write a new file and rename it over the old name, and a reader
    // that had the old file mapped keeps the old inode, whole, until it unmaps. Only another
    // program writing into sitrep's cache file could break this, as it could any program's.
    #[allow(unsafe_code)]
    unsafe {
        memmap2::Mmap::map(file)
    }
}

impl Mapped {
    /// Maps the entry at `path` and checks it: a miss unless it is a whole, undamaged file of
    /// this format and version whose identity is `expected` (see `identity.rs`).
    pub fn open(path: &Path, expected: &[u8]) -> Result<Mapped, CacheMiss> {
        Mapped::open_except(path, expected, &[])
    }

    /// [`Mapped::open`], but the blocks that lie wholly inside the sections named in `later`
    /// are left unchecked: whoever reads such a section checks what it reads first
    /// ([`Mapped::check_section`], [`Col::checked`]), and [`Mapped::check_rest`] checks all
    /// that is left. A large section that a use reads only in part (the events' records, of
    /// which a first frame shows fifty) or not at all (the folded text, for a free-text
    /// search) then costs an open nothing.
    pub fn open_except(path: &Path, expected: &[u8], later: &[&str]) -> Result<Mapped, CacheMiss> {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(CacheMiss::Absent),
            Err(e) => return Err(CacheMiss::Unreadable(e.to_string())),
        };
        let map = map_file(&file).map_err(|e| CacheMiss::Unreadable(e.to_string()))?;
        let m = Mapped::read_header(map)?;
        if m.identity() != expected {
            return Err(CacheMiss::Stale);
        }
        let m = m.read_table()?;
        let skip: Vec<std::ops::Range<usize>> = m
            .sections
            .iter()
            .filter(|s| later.contains(&s.name.as_str()))
            .map(|s| Blocks::inside(s.offset..s.offset + s.len))
            .collect();
        m.check_blocks(|k| !skip.iter().any(|r| r.contains(&k)))?;
        Ok(m)
    }

    /// Whether the blocks under the bytes `span` of the file are whole: those not checked yet
    /// are checked now, on this thread (a block of 64 KiB in about 10 µs); those checked cost
    /// an atomic load each.
    pub fn check_span(&self, span: std::ops::Range<usize>) -> bool {
        self.blocks.check_span(&self.map[..self.table_at], span)
    }

    /// Whether the blocks under all of `spans` are whole, those not
    /// checked yet checked now on every core: before many events are printed.
    pub fn check_spans(&self, spans: impl IntoIterator<Item = std::ops::Range<usize>>) -> bool {
        let mut wanted = vec![false; self.blocks.len()];
        for s in spans {
            if s.end > self.table_at {
                return false;
            }
            for k in Blocks::under(s) {
                wanted[k] = true;
            }
        }
        self.blocks.check_par(&self.map[..self.table_at], |k| wanted[k])
    }

    /// Whether the whole body is sound, the blocks not checked yet checked now on this thread
    /// alone: the browser checks the rest of its file so in the background after its first
    /// frame.
    pub fn check_rest(&self) -> bool {
        self.blocks.check_rest(&self.map[..self.table_at])
    }

    /// Whether the whole body is sound, the blocks not checked yet checked now on every core.
    pub fn check_whole(&self) -> bool {
        self.blocks.check_par(&self.map[..self.table_at], |_| true)
    }

    /// Whether some block of the file was found damaged (by an open, a read or a check).
    pub fn is_damaged(&self) -> bool {
        self.blocks.damaged()
    }

    /// Where section `name` lies in the file: its offset and length.
    pub fn section_span(&self, name: &str) -> Option<(usize, usize)> {
        self.sections.iter().find(|s| s.name == name).map(|s| (s.offset, s.len))
    }

    /// Checks the blocks of section `name` against their checksums.
    pub fn check_section(&self, name: &str) -> Result<(), CacheMiss> {
        let s = self.sections.iter().find(|s| s.name == name).ok_or_else(|| damaged(&format!("no section {name}")))?;
        let blocks = Blocks::under(s.offset..s.offset + s.len);
        self.check_blocks(|k| blocks.contains(&k))
    }

    /// Maps `path` and reads its header and section table, bounds checked but without the
    /// checksum or the identity: for `sitrep cache list`, to say what an entry was made from.
    pub fn open_unchecked(path: &Path) -> Result<Mapped, CacheMiss> {
        let file = std::fs::File::open(path).map_err(|e| CacheMiss::Unreadable(e.to_string()))?;
        let map = map_file(&file).map_err(|e| CacheMiss::Unreadable(e.to_string()))?;
        Mapped::read_header(map)?.read_table()
    }

    fn read_header(map: memmap2::Mmap) -> Result<Mapped, CacheMiss> {
        if cfg!(target_endian = "big") {
            return Err(CacheMiss::Foreign);
        }
        let b: &[u8] = &map;
        if b.len() < 16 + TRAILER || &b[..8] != MAGIC {
            return Err(CacheMiss::Foreign);
        }
        let version = u32_at(b, 8)?;
        if version != FORMAT_VERSION {
            return Err(CacheMiss::OldVersion);
        }
        let header_len = u32_at(b, 12)? as usize;
        let sitrep_len = u32_at(b, 16)? as usize;
        let sitrep = b.get(20..20 + sitrep_len).ok_or_else(|| damaged("header"))?;
        if sitrep != env!("CARGO_PKG_VERSION").as_bytes() {
            return Err(CacheMiss::OldVersion);
        }
        let id_at = 20 + sitrep_len;
        let id_len = u32_at(b, id_at)? as usize;
        let identity = id_at + 4..id_at + 4 + id_len;
        if identity.end != header_len || header_len > b.len() - TRAILER {
            return Err(damaged("header"));
        }
        Ok(Mapped { map, identity, sections: Vec::new(), table_at: 0, blocks: Blocks::default() })
    }

    /// The checksums of the body's blocks that `which` picks, each checked on some core: a
    /// flipped bit in any of them is a miss.
    fn check_blocks(&self, which: impl Fn(usize) -> bool + Sync) -> Result<(), CacheMiss> {
        let body = &self.map[..self.table_at];
        if body.len().div_ceil(BLOCK as usize) == self.blocks.len() && self.blocks.check_par(body, which) {
            Ok(())
        } else {
            Err(damaged("checksum"))
        }
    }

    fn read_table(mut self) -> Result<Mapped, CacheMiss> {
        let b: &[u8] = &self.map;
        let trailer = b.len() - TRAILER;
        let table_at = u64_at(b, trailer)? as usize;
        let table_len = u64_at(b, trailer + 8)? as usize;
        if table_at.checked_add(table_len) != Some(trailer) || table_at < self.identity.end {
            return Err(damaged("section table"));
        }
        let stored = u64_at(b, trailer + 16)?;
        if Xxh3::oneshot(&b[table_at..trailer + 16]) != stored {
            return Err(damaged("checksum"));
        }
        let count = u32_at(b, table_at)?;
        let mut at = table_at + 4;
        let mut sections = Vec::new();
        for _ in 0..count {
            let name_len = usize::from(u16::from_le_bytes(bytes_at::<2>(b, at)?));
            let name = b.get(at + 2..at + 2 + name_len).ok_or_else(|| damaged("section table"))?;
            let name = std::str::from_utf8(name).map_err(|_| damaged("section name"))?.to_string();
            at += 2 + name_len;
            let (offset, len) = (u64_at(b, at)? as usize, u64_at(b, at + 8)? as usize);
            let (size, align) = (u32_at(b, at + 16)?, u32_at(b, at + 20)?);
            at += 24;
            let fits = offset.checked_add(len).is_some_and(|end| end <= table_at) && offset >= self.identity.end;
            if !fits || offset % ALIGN as usize != 0 || size == 0 || len % size as usize != 0 || align > 64 {
                return Err(damaged("section table"));
            }
            sections.push(Section { name, offset, len, size });
        }
        let sums = b.get(at..trailer).ok_or_else(|| damaged("section table"))?;
        if sums.len() != table_at.div_ceil(BLOCK as usize) * 8 {
            return Err(damaged("section table"));
        }
        self.blocks =
            Blocks::new(sums.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())).collect());
        (self.sections, self.table_at) = (sections, table_at);
        Ok(self)
    }

    /// The source identity this file was written for.
    pub fn identity(&self) -> &[u8] {
        &self.map[self.identity.clone()]
    }

    /// The bytes of a section.
    pub fn bytes(&self, name: &str) -> Result<&[u8], CacheMiss> {
        let s = self.sections.iter().find(|s| s.name == name).ok_or_else(|| damaged(&format!("no section {name}")))?;
        Ok(&self.map[s.offset..s.offset + s.len])
    }

    /// A section as an array of `T`, in place: no copy.
    pub fn get<T: Pod>(&self, name: &str) -> Result<&[T], CacheMiss> {
        let s = self.sections.iter().find(|s| s.name == name).ok_or_else(|| damaged(&format!("no section {name}")))?;
        if s.size as usize != size_of::<T>() {
            return Err(damaged(&format!("section {name} holds {}-byte values", s.size)));
        }
        bytemuck::try_cast_slice(&self.map[s.offset..s.offset + s.len]).map_err(|e| damaged(&format!("{name}: {e}")))
    }

    /// The size of the mapped file.
    pub fn file_len(&self) -> usize {
        self.map.len()
    }
}

fn damaged(what: &str) -> CacheMiss {
    CacheMiss::Damaged(what.to_string())
}

fn bytes_at<const N: usize>(b: &[u8], at: usize) -> Result<[u8; N], CacheMiss> {
    b.get(at..at + N).and_then(|s| s.try_into().ok()).ok_or_else(|| damaged("header"))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, CacheMiss> {
    bytes_at::<4>(b, at).map(u32::from_le_bytes)
}

fn u64_at(b: &[u8], at: usize) -> Result<u64, CacheMiss> {
    bytes_at::<8>(b, at).map(u64::from_le_bytes)
}

/// A column of plain values: built in memory, or viewed in place in a mapped cache file.
#[derive(Debug, Clone)]
pub enum Col<T: Pod> {
    Owned(Vec<T>),
    Mapped { file: Arc<Mapped>, offset: usize, len: usize },
}

impl<T: Pod> Default for Col<T> {
    fn default() -> Col<T> {
        Col::Owned(Vec::new())
    }
}

impl<T: Pod> Col<T> {
    /// The memory the column holds of its own (none when mapped: the file's pages are the
    /// kernel's to keep or drop).
    pub fn heap_bytes(&self) -> usize {
        match self {
            Col::Owned(v) => v.capacity() * size_of::<T>(),
            Col::Mapped { .. } => 0,
        }
    }

    /// The values `range`, once the blocks of the file under them have passed their checksum
    /// (see [`Mapped::check_span`]); None when they are out of range or a block is damaged.
    /// The reader of a section left unchecked at the open reads it through this alone.
    pub fn checked(&self, range: std::ops::Range<usize>) -> Option<&[T]> {
        match self {
            Col::Owned(v) => v.get(range),
            Col::Mapped { file, offset, len } => {
                if range.start > range.end || range.end > *len {
                    return None;
                }
                let span = offset + range.start * size_of::<T>()..offset + range.end * size_of::<T>();
                file.check_span(span.clone()).then(|| bytemuck::cast_slice(&file.map[span]))
            }
        }
    }

    /// The cache file the column is viewed in, when it is.
    pub fn file(&self) -> Option<&Arc<Mapped>> {
        match self {
            Col::Owned(_) => None,
            Col::Mapped { file, .. } => Some(file),
        }
    }

    /// The section `name` of `file` as a column, bounds and type checked here; reading it
    /// through `Deref` is a plain slice, so a section left for later is read through
    /// [`Col::checked`].
    pub fn mapped(file: &Arc<Mapped>, name: &str) -> Result<Col<T>, CacheMiss> {
        let s = file.get::<T>(name)?;
        let offset = s.as_ptr() as usize - file.map.as_ptr() as usize;
        Ok(Col::Mapped { file: Arc::clone(file), offset, len: s.len() })
    }
}

impl<T: Pod> From<Vec<T>> for Col<T> {
    fn from(v: Vec<T>) -> Col<T> {
        Col::Owned(v)
    }
}

impl<T: Pod> std::ops::Deref for Col<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Col::Owned(v) => v,
            // checked by `Col::mapped`: in bounds, aligned, whole values
            Col::Mapped { file, offset, len } => {
                bytemuck::cast_slice(&file.map[*offset..*offset + *len * size_of::<T>()])
            }
        }
    }
}

#[cfg(test)]
mod tests;
