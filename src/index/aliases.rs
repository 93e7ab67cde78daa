//! The user's alias file: names that different datasets give one actor.
//!
//! ```toml
//! [[actor]]
//! names = ["Hayat Tahrir al-Sham", "HTS", "Syrian insurgents"]
//! ```
//!
//! Every actor whose name or spelling is one of a group's names gets all of them as spellings,
//! so that `actor:HTS` also finds the events filed under "Syrian insurgents"; the spellings are
//! kept apart ([`super::Entry::linked`]) so that the browser can say which one matched.

use super::Index;
use crate::text::fold;
use serde::Deserialize;
use std::path::Path;

/// Groups of names, each meaning one actor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    pub groups: Vec<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    actor: Vec<toml::Spanned<Group>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    names: Vec<String>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

impl Aliases {
    /// Reads an alias file's text; problems come back as "file:line: message", and the file
    /// is then ignored whole or in the groups at fault.
    pub fn parse(file: &str, text: &str) -> (Aliases, Vec<String>) {
        let parsed: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let line = line_of(text, e.span().map_or(0, |s| s.start));
                return (
                    Aliases::default(),
                    vec![format!("{file}:{line}: {}; the alias file is ignored", e.message().trim())],
                );
            }
        };
        let mut problems = Vec::new();
        let mut groups = Vec::new();
        for g in parsed.actor {
            let line = line_of(text, g.span().start);
            let names: Vec<String> = g
                .into_inner()
                .names
                .into_iter()
                .map(|n| n.trim().to_string())
                .filter(|n| !fold(n).is_empty())
                .collect();
            if names.len() < 2 {
                problems.push(format!("{file}:{line}: an [[actor]] needs two names or more in `names`; it is ignored"));
            } else {
                groups.push(names);
            }
        }
        (Aliases { groups }, problems)
    }

    /// Reads the alias file at `path`; a missing file is no aliases and no problem.
    pub fn load(path: &Path) -> (Aliases, Vec<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Aliases::parse(&path.display().to_string(), &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Aliases::default(), Vec::new()),
            Err(e) => {
                (Aliases::default(), vec![format!("{}:1: cannot be read ({e}); no aliases apply", path.display())])
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

impl Index {
    /// Gives every actor named by a group of the alias file all of the group's names.
    pub fn link_aliases(&mut self, aliases: &Aliases) {
        for group in &aliases.groups {
            let folded: Vec<String> = group.iter().map(|n| fold(n)).collect();
            let ids: Vec<u32> = (0..self.actors.entries().len() as u32)
                .filter(|&id| self.actors.keys(id).iter().any(|k| folded.contains(k)))
                .collect();
            for id in ids {
                self.actors.link(id, group);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_links_the_names_of_different_datasets() {
        let text = "[[actor]]\nnames = [\"Hayat Tahrir al-Sham\", \"HTS\", \"Syrian insurgents\"]\n";
        let (aliases, problems) = Aliases::parse("aliases.toml", text);
        assert!(problems.is_empty(), "{problems:?}");
        let mut d = crate::index::Dict::default();
        let insurgents = d.intern("Syrian insurgents", []);
        let other = d.intern("Syrian Democratic Forces", []);
        let mut ix = Index { actors: d, ..Index::default() };
        ix.link_aliases(&aliases);
        assert_eq!(ix.actors.matching("HTS"), vec![insurgents]);
        assert_eq!(ix.actors.get(insurgents).linked, ["Hayat Tahrir al-Sham", "HTS"]);
        assert!(ix.actors.get(other).linked.is_empty());
    }

    #[test]
    fn problems_name_their_line() {
        let (a, p) = Aliases::parse("aliases.toml", "\n[[actor]]\nnames = [\"HTS\"]\n");
        assert!(a.is_empty());
        assert_eq!(p, ["aliases.toml:2: an [[actor]] needs two names or more in `names`; it is ignored"]);
        let (_, p) = Aliases::parse("aliases.toml", "[[actor]\n");
        assert!(p[0].starts_with("aliases.toml:1: "), "{p:?}");
    }
}
