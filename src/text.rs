//! Text folding for tolerant matching, and cleaning of untrusted text for display.
//!
//! Names reach us in many transliterations: "Khan Sheikhon", "Khān Shaykhūn", "khan shaykhun".
//! [`fold`] maps each to one comparable form; [`skeleton`] drops vowels as well, so that
//! "Sarqeb" and "Saraqib" meet.

/// Lowercase ASCII with diacritics, ayn/hamza marks and punctuation removed, words separated by
/// one space, and a leading Arabic article ("al-", "ash ", "el-") dropped from each word.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appending to `out`; allocation-free for the ASCII text of a million notes.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        return fold_ascii(s, out);
    }
    fold_chars(s, out);
}

/// [`fold_into`] for ASCII text: each run of letters and digits is copied whole and lowered in
/// place, rather than a character at a time (the notes that make most of a large export's text
/// are ASCII). The same text as [`fold_chars`] gives.
fn fold_ascii(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut st = FoldState { word_start: None, article_at: None };
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() {
            let end = b[i..].iter().position(|c| !c.is_ascii_alphanumeric()).map_or(b.len(), |n| i + n);
            st.start_word(out);
            let at = out.len();
            out.push_str(&s[i..end]);
            out[at..].make_ascii_lowercase();
            i = end;
        } else {
            // ayn and hamza marks vanish inside a word (see `FoldState::push`)
            if !matches!(b[i], b'\'' | b'`' | b'"') {
                st.end_word(out);
            }
            i += 1;
        }
    }
    st.end_word(out);
    if out.ends_with(' ') {
        out.pop();
    }
}

/// [`fold_into`] a character at a time.
fn fold_chars(s: &str, out: &mut String) {
    let mut st = FoldState { word_start: None, article_at: None };
    for c in s.chars() {
        if c.is_ascii() {
            st.push(c, out);
        } else if let Some(t) = deunicode::deunicode_char(c) {
            for d in t.chars() {
                st.push(d, out);
            }
        } else {
            st.push(' ', out);
        }
    }
    st.end_word(out);
    if out.ends_with(' ') {
        out.pop();
    }
}

struct FoldState {
    /// Where the word being written starts in the output.
    word_start: Option<usize>,
    /// Where a finished article word starts, to drop it if another word follows.
    article_at: Option<usize>,
}

impl FoldState {
    fn push(&mut self, c: char, out: &mut String) {
        match c {
            // ayn and hamza marks, in their ASCII renderings, vanish inside a word
            '\'' | '`' | '"' => {}
            c if c.is_ascii_alphanumeric() => {
                self.start_word(out);
                out.push(c.to_ascii_lowercase());
            }
            _ => self.end_word(out),
        }
    }

    /// Before a letter or digit: a word starts unless one is under way, and an article
    /// before it is dropped.
    fn start_word(&mut self, out: &mut String) {
        if self.word_start.is_none() {
            if let Some(a) = self.article_at.take() {
                out.truncate(a);
            }
            self.word_start = Some(out.len());
        }
    }

    fn end_word(&mut self, out: &mut String) {
        if let Some(w) = self.word_start.take() {
            self.article_at = is_article(&out[w..]).then_some(w);
            out.push(' ');
        }
    }
}

fn is_article(w: &str) -> bool {
    matches!(w, "al" | "el" | "ash" | "as" | "at" | "ad" | "an" | "az" | "ar" | "ath" | "adh" | "ag")
}

/// The folded form without vowels (a, e, i, o, u, y after the first letter of each word) and
/// without doubled letters: "saraqib" and "sarqeb" both become "srqb".
pub fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut last = None;
        for (i, c) in word.chars().enumerate() {
            let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w');
            if (i > 0 && vowel) || last == Some(c) {
                continue;
            }
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// Whether `needle` (folded) stands in `hay` (folded) as whole words: "hama" in "northern hama"
/// but not in "abu hamam".
pub fn contains_words(hay: &str, needle: &str) -> bool {
    !needle.is_empty()
        && hay.match_indices(needle).any(|(i, _)| {
            let end = i + needle.len();
            (i == 0 || hay.as_bytes()[i - 1] == b' ') && (end == hay.len() || hay.as_bytes()[end] == b' ')
        })
}

/// Whether `needle` (folded) stands in `hay` (folded) at the start of a word.
pub fn contains_at_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    hay.match_indices(needle).any(|(i, _)| i == 0 || hay.as_bytes()[i - 1] == b' ')
}

/// What one character of untrusted text becomes on a terminal: the one rule behind every
/// output that a person reads (the browser's cells, the table, `stats`, errors, and any format
/// printed to a terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Printed as it is.
    Keep,
    /// Printed as this character instead.
    As(char),
    /// Left out.
    Drop,
}

/// The marker that stands for a character that would act on the terminal.
pub const MARKER: char = '\u{FFFD}';

/// How `c` is shown. Control characters (C0, DEL, C1 such as U+009B, the single-byte CSI) and
/// bidirectional controls become [`MARKER`], so that a name can neither drive the terminal nor
/// reorder the line around it, and the reader sees that something was there. Line breaks and
/// tabs (`\n`, `\r`, `\t`, U+2028, U+2029) become a space: they are layout, not content.
/// Invisible characters (zero-width spaces and joiners, the word joiner and invisible
/// operators, U+FEFF, soft hyphens, Hangul fillers, tag characters U+E0000–U+E007F) are left
/// out: they carry nothing a reader can see, terminals disagree on their width, and they let
/// two names that look the same differ.
pub fn shown(c: char) -> Shown {
    match c {
        ' '..='~' => Shown::Keep,
        '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Shown::As(' '),
        c if c.is_control() || is_bidi_control(c) => Shown::As(MARKER),
        c if is_invisible(c) => Shown::Drop,
        _ => Shown::Keep,
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Text from a data file made safe for one line of a terminal, by [`shown`].
pub fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    inert_with(s, false)
}

/// [`inert`] for text of several lines (an error message, a whole export printed to a
/// terminal): newlines and tabs stay, everything else follows [`shown`].
pub fn inert_lines(s: &str) -> std::borrow::Cow<'_, str> {
    inert_with(s, true)
}

fn inert_with(s: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    // in several lines a carriage return is dropped: CSV ends its rows with one, and alone it
    // would let a line print over the one before
    let show = |c: char| match c {
        '\n' | '\t' if lines => Shown::Keep,
        '\r' if lines => Shown::Drop,
        c => shown(c),
    };
    if s.chars().all(|c| show(c) == Shown::Keep) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match show(c) {
            Shown::Keep => out.push(c),
            Shown::As(d) => out.push(d),
            Shown::Drop => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A writer that passes everything through [`inert_lines`] on its way to a terminal; bytes
/// that are not UTF-8 become [`MARKER`]. Output to a file or a pipe is not wrapped, so that
/// it stays byte for byte what was asked for.
pub struct InertWriter<W: std::io::Write> {
    inner: W,
    /// The start of a character cut by the end of the last write.
    carry: Vec<u8>,
}

impl<W: std::io::Write> InertWriter<W> {
    pub fn new(inner: W) -> InertWriter<W> {
        InertWriter { inner, carry: Vec::new() }
    }

    fn emit(&mut self, bytes: &[u8], at_end: bool) -> std::io::Result<()> {
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => return self.inner.write_all(inert_lines(s).as_bytes()),
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // from_utf8 just checked these bytes
                    self.inner.write_all(inert_lines(std::str::from_utf8(good).unwrap_or_default()).as_bytes())?;
                    match e.error_len() {
                        Some(n) => {
                            write!(self.inner, "{MARKER}")?;
                            rest = &bad[n..];
                        }
                        None if at_end => return write!(self.inner, "{MARKER}"),
                        None => {
                            self.carry.extend_from_slice(bad);
                            return Ok(());
                        }
                    }
                }
            }
        }
    }
}

impl<W: std::io::Write> std::io::Write for InertWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.carry.is_empty() {
            self.emit(buf, false)?;
        } else {
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(buf);
            self.emit(&joined, false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.carry.is_empty() {
            let cut = std::mem::take(&mut self.carry);
            self.emit(&cut, true)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ASCII text folds as a character at a time would fold it: random texts of letters,
    /// digits, articles, ayn marks and separators, and every fixture's notes and titles.
    #[test]
    fn ascii_text_folds_as_characters_do() {
        let both = |s: &str| {
            let (mut fast, mut slow) = (String::from("x "), String::from("x "));
            fold_ascii(s, &mut fast);
            fold_chars(s, &mut slow);
            assert_eq!(fast, slow, "{s:?}");
        };
        let pieces = [
            "al",
            "Al-",
            "ash ",
            "el",
            "Idlib",
            "SHELLING",
            "x",
            "9",
            "12:45",
            "'",
            "`",
            "\"",
            " ",
            "  ",
            ",",
            "-",
            "(",
            "Ma'arrat",
            "an-Nu'man",
            "\n",
            "at",
            "ad",
            ".",
            "a",
            "AZ",
            "\t",
        ];
        let mut seed = 7u64;
        for _ in 0..20_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 9) {
                s.push_str(pieces[((seed >> (k * 5)) % pieces.len() as u64) as usize]);
            }
            both(&s);
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let events = crate::load::load_file(&dir.join("acled/current.csv"), &crate::load::LoadOptions::default())
            .expect("loads")
            .events;
        let texts = events.iter().flat_map(|e| [Some(e.title.as_str()), e.notes.as_deref()]).flatten();
        let mut n = 0;
        for t in texts.filter(|t| t.is_ascii()) {
            both(t);
            n += 1;
        }
        assert!(n > 10);
    }

    #[test]
    fn transliterations_fold_together() {
        assert_eq!(fold("Khān Shaykhūn"), "khan shaykhun");
        assert_eq!(fold("Jisr ash Shughūr"), "jisr shughur");
        assert_eq!(fold("Jisr al-Shughur"), "jisr shughur");
        assert_eq!(fold("al Tamana"), "tamana");
        assert_eq!(fold("Hay’et Tahrir al-Sham"), "hayet tahrir sham");
        assert_eq!(fold("Ḩalfāyā"), "halfaya");
        assert_eq!(fold("Al"), "al");
    }

    #[test]
    fn skeletons_meet_across_vowel_variants() {
        assert_eq!(skeleton(&fold("Sarqeb")), skeleton(&fold("Saraqib")));
        assert_eq!(skeleton(&fold("Halafaya")), skeleton(&fold("Ḩalfāyā")));
        assert_eq!(skeleton(&fold("Joreen")), skeleton(&fold("Jurin")));
        assert_eq!(skeleton(&fold("Kafr Zeita")), skeleton(&fold("Kafr Zaytā")));
        assert_ne!(skeleton(&fold("Idlib")), skeleton(&fold("Hama")));
    }

    #[test]
    fn word_start_matching() {
        assert!(contains_at_word("russian air force", "russia"));
        assert!(!contains_at_word("belarussia", "russia"));
        assert!(contains_words("northern hama", "hama"));
        assert!(contains_words("khan shaykhun", "khan shaykhun"));
        assert!(!contains_words("abu hamam town", "hama"));
        assert!(!contains_words("russian air force", "russia"));
    }

    #[test]
    fn control_characters_become_inert() {
        assert_eq!(inert("a\x1b[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(inert("x\u{202E}y\u{9b}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(inert("del\x7f nul\0"), "del\u{FFFD} nul\u{FFFD}");
        assert_eq!(inert("plain"), "plain");
        assert!(matches!(inert("Khān Shaykhūn إدلب"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn line_breaks_are_spaces_and_invisible_characters_are_left_out() {
        assert_eq!(inert("a\nb\tc\u{2028}d\u{2029}e"), "a b c d e");
        assert_eq!(inert("Id\u{200B}lib\u{FEFF}"), "Idlib");
        assert_eq!(inert("x\u{E0041}\u{E007F}y\u{2060}z\u{200D}"), "xyz");
        assert_eq!(inert_lines("one\ntwo\tthree\r\x1b]0;t\x07"), "one\ntwo\tthree\u{FFFD}]0;t\u{FFFD}");
    }

    #[test]
    fn the_inert_writer_cleans_across_writes_and_keeps_lines() {
        use std::io::Write;
        let mut w = InertWriter::new(Vec::new());
        let text = "a,\u{9b}31m\n\u{1b}]52;c;eA==\u{7}\u{200B}é\n".as_bytes();
        // cut inside the two bytes of U+009B and of é
        for piece in [&text[..3], &text[3..14], &text[14..text.len() - 2], &text[text.len() - 2..]] {
            w.write_all(piece).unwrap();
        }
        w.write_all(b"bad \xff byte, cut \xc3").unwrap();
        w.flush().unwrap();
        let out = String::from_utf8(w.inner).unwrap();
        assert_eq!(out, "a,\u{FFFD}31m\n\u{FFFD}]52;c;eA==\u{FFFD}é\nbad \u{FFFD} byte, cut \u{FFFD}");
    }
}
