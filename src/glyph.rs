//! The symbols of event types and of the screen, with ASCII stand-ins. Every symbol is one
//! column wide in every terminal (no emoji), so that rows stay aligned.

/// The symbol of an event's type (ACLED types and sub-types).
pub fn event_type(kind: &str, sub: Option<&str>, ascii: bool) -> char {
    let sub = sub.unwrap_or("").to_ascii_lowercase();
    let kind = kind.to_ascii_lowercase();
    let (u, a) = if sub.contains("air") || sub.contains("drone") {
        ('▲', '^')
    } else if sub.contains("shelling") || sub.contains("artillery") || sub.contains("missile") {
        ('✹', '*')
    } else if kind.contains("explosion") {
        ('✱', '*')
    } else if kind.contains("battle") {
        ('✕', 'x')
    } else if kind.contains("civilian") {
        ('■', '#')
    } else if kind.contains("protest") || kind.contains("riot") {
        ('◇', 'p')
    } else if kind.contains("strategic") {
        ('◆', '+')
    } else {
        ('•', 'o')
    };
    if ascii { a } else { u }
}

/// The legend for the help overlay.
pub const LEGEND: &[(&str, &str, &str)] = &[
    ("▲", "^", "air or drone strike"),
    ("✹", "*", "shelling, artillery, missile"),
    ("✱", "*", "other explosion"),
    ("✕", "x", "battle"),
    ("■", "#", "violence against civilians"),
    ("◇", "p", "protest, riot"),
    ("◆", "+", "strategic development"),
    ("•", "o", "other"),
];

/// The row marker of the selected event.
pub fn pointer(ascii: bool) -> &'static str {
    if ascii { ">" } else { "▶" }
}

/// A stand-in of plain ASCII for one non-ASCII character of the browser: box drawing becomes
/// `-`, `|` and `+`, arrows and marks their nearest ASCII, and names are transliterated by
/// deunicode ("ā" is "a"), one cell for one cell so that nothing moves.
pub fn ascii_char(c: char) -> char {
    match c {
        '─' | '━' | '═' | '╌' | '┄' | '╶' | '╴' => '-',
        '│' | '┃' | '║' | '╎' | '┆' | '╷' | '╵' => '|',
        '\u{2500}'..='\u{257F}' => '+',
        '▁' | '▂' => '.',
        '▃' | '▄' => ':',
        '▅' | '▆' => '|',
        '\u{2580}'..='\u{259F}' => '#',
        '\u{2800}' => ' ',
        '\u{2801}'..='\u{28FF}' => '.',
        '↓' | '▼' => 'v',
        '↑' | '▲' => '^',
        '←' | '◀' => '<',
        '→' | '▶' => '>',
        '·' | '–' | '—' | '−' => '-',
        '…' => '.',
        '≈' | '~' => '~',
        '≠' => '#',
        '≥' => '>',
        '≤' => '<',
        '†' => '+',
        '“' | '”' | '„' => '"',
        '‘' | '’' | '‚' => '\'',
        '•' | '●' | '◦' | '○' => 'o',
        '◉' => '@',
        '◆' => '+',
        '◇' => 'p',
        '■' => '#',
        '✕' | '×' => 'x',
        '✹' | '✱' => '*',
        c => deunicode::deunicode_char(c)
            .and_then(|t| t.chars().find(|d| d.is_ascii_graphic()))
            .unwrap_or(if c.is_whitespace() { ' ' } else { '?' }),
    }
}

/// Every cell of `area` in plain ASCII (see [`ascii_char`]), for terminals and fonts without
/// Unicode (`--ascii`).
pub fn to_ascii(buf: &mut ratatui::buffer::Buffer, area: ratatui::layout::Rect) {
    let mut tmp = [0u8; 4];
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            let sym = cell.symbol();
            if sym.is_ascii() {
                continue;
            }
            let c = sym.chars().next().map_or(' ', ascii_char);
            cell.set_symbol(c.encode_utf8(&mut tmp));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_stand_ins_are_ascii_and_one_cell() {
        for c in "┌─┐│└┘├┤▶▲↓↑…≈≠†·–—“”‘’●◦◉█▄⣿ĀḨāʿ‘مظاهرة إدلب中".chars()
        {
            let a = ascii_char(c);
            assert!(a.is_ascii() && !a.is_ascii_control(), "{c} -> {a:?}");
        }
        assert_eq!(ascii_char('ā'), 'a');
        assert_eq!(ascii_char('Ḩ'), 'H');
        assert_eq!(ascii_char('┌'), '+');
    }
}
