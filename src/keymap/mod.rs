//! The key map: one table of bindings (keys, action, context, description) that drives the
//! dispatch of keys, the footer's hints and the help overlay, so that none of them can drift
//! from the others.
//!
//! The table is `assets/keymap-default.toml`, embedded; a user file overrides rows of it.
//!
//! ```
//! use sitrep::keymap::{Context, Key, Keymap};
//! use sitrep::action::Action;
//! let km = Keymap::default();
//! let j = Key::parse("j").unwrap();
//! assert_eq!(km.action(&[Context::Timeline, Context::Global], j), Some(Action::Down));
//! assert_eq!(km.action(&[Context::Map, Context::Global], j), Some(Action::PanDown));
//! ```

mod file;
mod key;

pub use key::{Code, Key};

use crate::action::Action;
use file::{line_of, read};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const DEFAULT: &str = include_str!("../../assets/keymap-default.toml");

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Timeline,
    Map,
    Details,
    Reader,
    Help,
    Cite,
    Query,
    Picker,
    Prompt,
}

impl Context {
    pub const ALL: [Context; 10] = [
        Context::Global,
        Context::Timeline,
        Context::Map,
        Context::Details,
        Context::Reader,
        Context::Help,
        Context::Cite,
        Context::Query,
        Context::Picker,
        Context::Prompt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Timeline => "timeline",
            Context::Map => "map",
            Context::Details => "details",
            Context::Reader => "reader",
            Context::Help => "help",
            Context::Cite => "cite",
            Context::Query => "query",
            Context::Picker => "picker",
            Context::Prompt => "prompt",
        }
    }

    /// A heading for the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Timeline => "Timeline",
            Context::Map => "Map",
            Context::Details => "Details pane",
            Context::Reader => "Full details",
            Context::Help => "This help",
            Context::Cite => "Cite the view",
            Context::Query => "Query bar (other keys type)",
            Context::Picker => "Actor and type pickers (other keys narrow the list)",
            Context::Prompt => "Prompts: export, go to date, find (other keys type)",
        }
    }

    fn parse(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether printable keys type into a field here rather than run bindings of outer contexts.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Query | Context::Picker | Context::Prompt)
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    /// The action's name in the table.
    pub name: String,
    pub context: Context,
    pub description: String,
    /// The short label of the status line's hint, for the rows shown there.
    pub footer: Option<String>,
}

impl Binding {
    /// The keys as the footer and help show them: "j/↓".
    pub fn keys_text(&self) -> String {
        self.keys.iter().map(Key::to_string).collect::<Vec<_>>().join("/")
    }
}

/// Something wrong in a key map file, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KeymapProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    rows: Vec<Binding>,
    lookup: HashMap<(Context, Key), Action>,
}

impl Default for Keymap {
    /// The embedded table alone.
    fn default() -> Keymap {
        Keymap::with_user(None).0
    }
}

impl Keymap {
    /// The embedded table overridden by a user file (name and text): a user row replaces the
    /// keys of the default row with the same action and context, or adds a binding. Unknown
    /// keys, actions and contexts, and a key bound twice in one context, are reported with
    /// their line; the rest of the file still applies.
    pub fn with_user(user: Option<(&str, &str)>) -> (Keymap, Vec<KeymapProblem>) {
        let mut problems = Vec::new();
        let mut rows: Vec<Binding> =
            read("keymap-default.toml", DEFAULT, &mut problems).into_iter().map(|r| r.0).collect();
        let defaults = rows.len();
        let mut taken: HashMap<(Context, Key), usize> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            for k in &r.keys {
                taken.entry((r.context, *k)).or_insert(i);
            }
        }
        if let Some((file, text)) = user {
            for (mut b, at, footer_given) in read(file, text, &mut problems) {
                let replaced = rows[..defaults].iter().position(|r| r.context == b.context && r.action == b.action);
                if let Some(i) = replaced {
                    for k in &rows[i].keys {
                        taken.remove(&(b.context, *k));
                    }
                    if b.description.is_empty() {
                        b.description = rows[i].description.clone();
                    }
                    if !footer_given {
                        b.footer = rows[i].footer.clone();
                    }
                }
                let slot = replaced.unwrap_or(rows.len());
                let mut kept = Vec::new();
                for k in b.keys {
                    match taken.get(&(b.context, k)) {
                        Some(&other) if other != slot => problems.push(KeymapProblem {
                            file: file.to_string(),
                            line: line_of(text, at),
                            message: format!(
                                "{k} is already bound to {:?} in {}; this binding of it is ignored",
                                rows[other].name,
                                b.context.as_str()
                            ),
                        }),
                        _ => {
                            taken.insert((b.context, k), slot);
                            kept.push(k);
                        }
                    }
                }
                b.keys = kept;
                if b.description.is_empty() {
                    b.description = b.name.replace('_', " ");
                }
                match replaced {
                    Some(i) => rows[i] = b,
                    None => rows.push(b),
                }
            }
        }
        problems.sort_by_key(|p| p.line);
        let lookup = taken.into_iter().map(|(ck, i)| (ck, rows[i].action.clone())).collect();
        (Keymap { rows, lookup }, problems)
    }

    /// The user's key map file: `$XDG_CONFIG_HOME/sitrep/keys.toml`, else
    /// `$HOME/.config/sitrep/keys.toml`.
    pub fn user_path() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| Path::new(&h).join(".config")))?;
        Some(base.join("sitrep").join("keys.toml"))
    }

    /// The user's alias file, beside the key map file: `aliases.toml`.
    pub fn aliases_path() -> Option<PathBuf> {
        Keymap::user_path().map(|p| p.with_file_name("aliases.toml"))
    }

    /// The embedded table and the user's file, when there is one.
    pub fn load_user() -> (Keymap, Vec<KeymapProblem>) {
        let Some(path) = Keymap::user_path() else { return Keymap::with_user(None) };
        match std::fs::read_to_string(&path) {
            Ok(text) => Keymap::with_user(Some((&path.display().to_string(), &text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Keymap::with_user(None),
            Err(e) => {
                let (km, mut p) = Keymap::with_user(None);
                p.push(KeymapProblem {
                    file: path.display().to_string(),
                    line: 1,
                    message: format!("cannot be read ({e}); the default keys apply"),
                });
                (km, p)
            }
        }
    }

    /// The action of `key` in the first of `contexts` (innermost first) that binds it.
    pub fn action(&self, contexts: &[Context], key: Key) -> Option<Action> {
        contexts.iter().find_map(|c| self.lookup.get(&(*c, key)).cloned())
    }

    /// What a key does in `contexts` (innermost first). In a text field a printable key types;
    /// in an overlay, keys with Ctrl or Alt that the overlay does not bind fall through to the
    /// global ones (Ctrl-C quits from anywhere).
    pub fn resolve(&self, contexts: &[Context], key: Key) -> Option<Action> {
        if let Some(a) = self.action(contexts, key) {
            return Some(a);
        }
        if contexts.iter().any(|c| c.takes_text())
            && let Some(c) = key.typed()
        {
            return Some(Action::Insert(c));
        }
        if (key.ctrl || key.alt) && !contexts.contains(&Context::Global) {
            return self.action(&[Context::Global], key);
        }
        None
    }

    pub fn rows(&self) -> &[Binding] {
        &self.rows
    }

    /// The rows of one context, in table order, without the ones left with no key.
    pub fn of(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.rows.iter().filter(move |r| r.context == context && !r.keys.is_empty())
    }

    /// The table as Markdown, one section per context, for the documentation (a test keeps
    /// docs/browser.md equal to it).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for c in Context::ALL {
            let rows: Vec<&Binding> = self.of(c).collect();
            if rows.is_empty() {
                continue;
            }
            out.push_str(&format!("\n**{}**\n\n| keys | action | what it does |\n| --- | --- | --- |\n", c.title()));
            for b in rows {
                let keys: Vec<String> =
                    b.keys.iter().map(|k| format!("`{}`", k.to_string().replace('|', "\\|"))).collect();
                out.push_str(&format!("| {} | `{}` | {} |\n", keys.join(" "), b.name, b.description));
            }
        }
        out
    }

    /// The first key bound to `action` in `context`, as shown to the user.
    pub fn key_for(&self, context: Context, action: &Action) -> Option<String> {
        self.of(context).find(|r| r.action == *action).and_then(|r| r.keys.first()).map(Key::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_is_clean() {
        let (km, problems) = Keymap::with_user(None);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(km.rows().iter().all(|r| !r.description.is_empty() && !r.keys.is_empty()));
    }

    /// Every action a key can run is bound in the embedded table, so that each is reachable
    /// and listed in the help without a user file.
    #[test]
    fn every_named_action_has_a_default_key() {
        let km = Keymap::default();
        for (name, action) in crate::action::NAMED {
            assert!(km.rows().iter().any(|r| r.action == *action && !r.keys.is_empty()), "{name} has no default key");
        }
    }

    #[test]
    fn inner_contexts_shadow_global() {
        let km = Keymap::default();
        let tab = Key::plain(Code::Tab);
        assert_eq!(km.action(&[Context::Query, Context::Global], tab), Some(Action::Complete));
        assert_eq!(km.action(&[Context::Timeline, Context::Global], tab), Some(Action::FocusNext));
    }

    #[test]
    fn text_fields_take_printable_keys_and_ctrl_falls_through_to_global() {
        let km = Keymap::default();
        let key = |k: &str| Key::parse(k).unwrap();
        assert_eq!(km.resolve(&[Context::Query], key("q")), Some(Action::Insert('q')));
        assert_eq!(km.resolve(&[Context::Timeline, Context::Global], key("q")), Some(Action::Quit));
        assert_eq!(km.resolve(&[Context::Query], key("Ctrl-c")), Some(Action::Quit));
        assert_eq!(km.resolve(&[Context::Help], key("Ctrl-c")), Some(Action::Quit));
        assert_eq!(km.resolve(&[Context::Help], key("z")), None, "an overlay without a field types nothing");
    }

    #[test]
    fn a_user_row_replaces_the_default_keys_of_its_action() {
        let user = "[[key]]\nkeys = [\"n\"]\naction = \"down\"\ncontext = \"timeline\"\n";
        let (km, problems) = Keymap::with_user(Some(("keys.toml", user)));
        assert!(problems.is_empty(), "{problems:?}");
        let ctx = [Context::Timeline, Context::Global];
        assert_eq!(km.action(&ctx, Key::parse("n").unwrap()), Some(Action::Down));
        assert_eq!(km.action(&ctx, Key::parse("j").unwrap()), None);
        assert_eq!(km.of(Context::Timeline).find(|r| r.action == Action::Down).unwrap().description, "next event");
    }

    #[test]
    fn unknown_and_conflicting_keys_are_reported_with_their_line() {
        let user = "\
[[key]]
keys = [\"Ctrl-Foo\"]
action = \"quit\"

[[key]]
keys = [\"k\"]
action = \"down\"
context = \"timeline\"

[[key]]
keys = [\"x\"]
action = \"fly\"
";
        let (km, problems) = Keymap::with_user(Some(("keys.toml", user)));
        let lines: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[0].0, 2);
        assert!(lines[0].1.contains("\"Ctrl-Foo\" is not a key"));
        assert_eq!(lines[1].0, 5);
        assert!(lines[1].1.contains("already bound to \"up\""), "{}", lines[1].1);
        assert_eq!(lines[2].0, 12);
        assert!(lines[2].1.contains("unknown action \"fly\""));
        // The conflicting row lost its key; the default `k` still moves up.
        assert_eq!(km.action(&[Context::Timeline], Key::parse("k").unwrap()), Some(Action::Up));
    }

    #[test]
    fn a_broken_file_is_reported_and_the_defaults_apply() {
        let (km, problems) = Keymap::with_user(Some(("keys.toml", "[[key]\nkeys = 3")));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 1);
        assert_eq!(km.action(&[Context::Global], Key::parse("q").unwrap()), Some(Action::Quit));
    }
}
