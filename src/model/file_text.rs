//! Where the text of a block of rows stands in the file it was read from, so that a cell
//! borrowed from the block can be found again in the file.

/// A block of file number `file` (in the order the files were given), read from byte
/// `offset` of it.
#[derive(Debug, Clone, Copy)]
pub struct FileText<'b> {
    pub file: u32,
    pub bytes: &'b [u8],
    pub offset: u64,
}

impl FileText<'_> {
    /// Where `s` lies in the file, when it is borrowed from this block.
    pub fn offset_of(&self, s: &str) -> Option<u64> {
        let base = self.bytes.as_ptr() as usize;
        let at = (s.as_ptr() as usize).checked_sub(base)?;
        (at + s.len() <= self.bytes.len()).then_some(self.offset + at as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_the_block_is_found_and_other_text_is_not() {
        let bytes = b"id,notes\n1,shelling near Kafr Nabl\n";
        let block = FileText { file: 0, bytes, offset: 100 };
        let text = std::str::from_utf8(bytes).expect("utf-8");
        assert_eq!(block.offset_of(&text[11..35]), Some(111));
        assert_eq!(block.offset_of(&text[..0]), Some(100));
        let elsewhere = String::from("shelling");
        assert_eq!(block.offset_of(&elsewhere), None);
    }
}
