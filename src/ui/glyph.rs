//! The symbols of event types and of the map, with ASCII stand-ins. Every symbol is one
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
