//! A one-line text field with a cursor, shared by the query bar, the pickers and the prompt.

/// The text and a cursor at a char boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    pub text: String,
    /// Byte offset of the cursor, always at a char boundary.
    pub cursor: usize,
}

impl TextField {
    pub fn new(text: &str) -> TextField {
        TextField { text: text.to_string(), cursor: text.len() }
    }

    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    pub fn delete_back(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    /// Deletes back to the start of the word before the cursor, spaces first.
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches(' ');
        let start = trimmed.rfind(' ').map_or(0, |i| i + 1);
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }

    pub fn right(&mut self) {
        if let Some(c) = self.text[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }

    /// Replaces the bytes `range` with `with` and puts the cursor after it.
    pub fn splice(&mut self, range: std::ops::Range<usize>, with: &str) {
        self.text.replace_range(range.clone(), with);
        self.cursor = range.start + with.len();
    }

    /// Column of the cursor, in characters.
    pub fn cursor_chars(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_keeps_the_cursor_on_char_boundaries() {
        let mut f = TextField::new("place:إدلب");
        f.delete_back();
        f.left();
        f.insert('x');
        assert_eq!(f.text, "place:إدxل");
        f.end();
        f.delete_word();
        assert_eq!(f.text, "");
        let mut f = TextField::new("actor:HTS  date");
        f.delete_word();
        assert_eq!(f.text, "actor:HTS  ");
    }
}
