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
                if self.word_start.is_none() {
                    if let Some(a) = self.article_at.take() {
                        out.truncate(a);
                    }
                    self.word_start = Some(out.len());
                }
                out.push(c.to_ascii_lowercase());
            }
            _ => self.end_word(out),
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

/// Text from a data file made safe for a terminal cell: control characters (C0, DEL, C1),
/// including ESC, become U+FFFD, and bidirectional overrides become U+FFFD too, so that a
/// name can neither move the cursor nor reorder the line around it. Newlines and tabs become
/// spaces.
pub fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() || is_bidi_control(c);
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' => ' ',
                c if bad(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(inert("plain"), "plain");
    }
}
