//! A key as the key map writes it ("j", "Ctrl-c", "PageDown"), independent of the terminal
//! library: the event loop translates terminal events into [`Key`]s.

use std::fmt;

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

/// A key with its modifiers. Shift is part of the character ("G", "?"), never a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: Code) -> Key {
        Key { code, ctrl: false, alt: false }
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: Code::Char(c), ctrl: true, alt: false }
    }

    /// The character this key types in a text field, if it types one.
    pub fn typed(&self) -> Option<char> {
        match self.code {
            Code::Char(c) if !self.ctrl && !self.alt && !c.is_control() => Some(c),
            _ => None,
        }
    }

    /// Reads the key map's notation; `None` for a name that is not a key.
    pub fn parse(s: &str) -> Option<Key> {
        let mut key = Key::plain(Code::Esc);
        let mut rest = s;
        loop {
            if let Some(r) = strip_prefix_ci(rest, "ctrl-") {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = strip_prefix_ci(rest, "alt-") {
                key.alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                // Ctrl-C and Ctrl-c are one key: terminals report the letter in lower case.
                if key.ctrl { Code::Char(c.to_ascii_lowercase()) } else { Code::Char(c) }
            }
            _ => NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)).map(|&(_, c)| c).or_else(|| {
                let n: u8 = strip_prefix_ci(rest, "f")?.parse().ok()?;
                (1..=12).contains(&n).then_some(Code::F(n))
            })?,
        };
        Some(key)
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

const NAMES: &[(&str, Code)] = &[
    ("Enter", Code::Enter),
    ("Esc", Code::Esc),
    ("Tab", Code::Tab),
    ("BackTab", Code::BackTab),
    ("Backspace", Code::Backspace),
    ("Delete", Code::Delete),
    ("Up", Code::Up),
    ("Down", Code::Down),
    ("Left", Code::Left),
    ("Right", Code::Right),
    ("PageUp", Code::PageUp),
    ("PageDown", Code::PageDown),
    ("Home", Code::Home),
    ("End", Code::End),
    ("Space", Code::Char(' ')),
];

impl fmt::Display for Key {
    /// The short form the footer and help show: "j", "C-c", "PgDn", "↑".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("M-")?;
        }
        match self.code {
            Code::Char(' ') => f.write_str("Space"),
            Code::Char(c) => write!(f, "{c}"),
            Code::Enter => f.write_str("Enter"),
            Code::Esc => f.write_str("Esc"),
            Code::Tab => f.write_str("Tab"),
            Code::BackTab => f.write_str("S-Tab"),
            Code::Backspace => f.write_str("Bksp"),
            Code::Delete => f.write_str("Del"),
            Code::Up => f.write_str("↑"),
            Code::Down => f.write_str("↓"),
            Code::Left => f.write_str("←"),
            Code::Right => f.write_str("→"),
            Code::PageUp => f.write_str("PgUp"),
            Code::PageDown => f.write_str("PgDn"),
            Code::Home => f.write_str("Home"),
            Code::End => f.write_str("End"),
            Code::F(n) => write!(f, "F{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_round_trips_the_common_keys() {
        assert_eq!(Key::parse("j"), Some(Key::plain(Code::Char('j'))));
        assert_eq!(Key::parse("G"), Some(Key::plain(Code::Char('G'))));
        assert_eq!(Key::parse("Ctrl-C"), Some(Key::ctrl('c')));
        assert_eq!(Key::parse("pagedown"), Some(Key::plain(Code::PageDown)));
        assert_eq!(Key::parse("Space"), Some(Key::plain(Code::Char(' '))));
        assert_eq!(Key::parse("F5"), Some(Key::plain(Code::F(5))));
        assert_eq!(Key::parse("Ctrl-Foo"), None);
        assert_eq!(Key::parse("F13"), None);
        assert_eq!(Key::parse(""), None);
        assert_eq!(Key::ctrl('c').to_string(), "C-c");
    }
}
