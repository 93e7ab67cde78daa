//! Reading a key map file: rows with the line each came from, and a problem for every key,
//! action or context that is not one.

use super::{Binding, Context, Key, KeymapProblem};
use crate::action::{Action, NAMED};
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    key: Vec<Spanned<Row>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    keys: Vec<Spanned<String>>,
    action: Spanned<String>,
    #[serde(default)]
    context: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    footer: Option<String>,
}

pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Reads a table; problems are collected, and the rows that are sound are kept.
pub(super) fn read(file: &str, text: &str, problems: &mut Vec<KeymapProblem>) -> Vec<(Binding, usize, bool)> {
    let problem =
        |at: usize, message: String| KeymapProblem { file: file.to_string(), line: line_of(text, at), message };
    let parsed: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            problems.push(problem(at, format!("{}; the file is ignored", e.message().trim())));
            return Vec::new();
        }
    };
    let mut rows = Vec::new();
    for row in parsed.key {
        let at = row.span().start;
        let row = row.into_inner();
        let Some(action) = Action::from_name(row.action.get_ref()) else {
            let names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
            problems.push(problem(
                row.action.span().start,
                format!("unknown action {:?}; actions are {}", row.action.get_ref(), names.join(", ")),
            ));
            continue;
        };
        let context = match &row.context {
            None => Context::Global,
            Some(c) => match Context::parse(c.get_ref()) {
                Some(c) => c,
                None => {
                    let names: Vec<&str> = Context::ALL.iter().map(|c| c.as_str()).collect();
                    problems.push(problem(
                        c.span().start,
                        format!("unknown context {:?}; contexts are {}", c.get_ref(), names.join(", ")),
                    ));
                    continue;
                }
            },
        };
        let mut keys = Vec::new();
        for k in &row.keys {
            match Key::parse(k.get_ref()) {
                Some(key) => keys.push(key),
                None => problems.push(problem(
                    k.span().start,
                    format!("{:?} is not a key: write a character, a name like PageDown, or Ctrl-x", k.get_ref()),
                )),
            }
        }
        let binding = Binding {
            keys,
            action,
            name: row.action.get_ref().clone(),
            context,
            description: row.description.unwrap_or_default(),
            footer: row.footer.clone(),
        };
        let footer_given = row.footer.is_some();
        rows.push((binding, at, footer_given));
    }
    rows
}
