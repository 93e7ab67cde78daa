//! The layers of the crate, checked: each module may name only the modules below it, so that
//! a change low in the house never has to reach up, and no two modules import each other.
//!
//! model, text, glyph, formats, container → load, export → action, index, map, geo, query → cache → keymap → app → ui → tui → cli
//!
//! The check reads the sources: every `crate::name` outside comments and test modules.

use std::path::Path;

/// For each module, the modules it must not name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("model", &["action", "app", "cli", "export", "geo", "index", "keymap", "load", "map", "query", "tui", "ui"]),
    ("text", &["action", "app", "cli", "index", "keymap", "load", "map", "model", "query", "tui", "ui"]),
    ("glyph", &["action", "app", "cli", "index", "keymap", "load", "map", "query", "tui", "ui"]),
    ("action", &["app", "cli", "keymap", "tui", "ui"]),
    ("keymap", &["app", "cli", "index", "load", "map", "query", "tui", "ui"]),
    ("container", &["action", "app", "cache", "cli", "export", "index", "keymap", "load", "map", "query", "tui", "ui"]),
    ("index", &["action", "app", "cache", "cli", "export", "keymap", "load", "query", "tui", "ui"]),
    ("cache", &["action", "app", "cli", "keymap", "tui", "ui"]),
    ("query", &["action", "app", "cli", "keymap", "tui", "ui"]),
    ("map", &["action", "app", "cli", "keymap", "query", "tui", "ui"]),
    ("geo", &["action", "app", "cli", "keymap", "query", "tui", "ui"]),
    ("formats", &["action", "app", "cli", "export", "index", "keymap", "load", "map", "query", "tui", "ui"]),
    ("load", &["action", "app", "cli", "export", "index", "keymap", "map", "query", "tui", "ui"]),
    ("export", &["action", "app", "cli", "index", "keymap", "load", "map", "query", "tui", "ui"]),
    ("app", &["cli", "tui", "ui"]),
    ("ui", &["cli", "tui"]),
    ("tui", &["cli"]),
];

/// The `crate::` paths of a source file's code, with their line numbers: comments and the
/// `#[cfg(test)]` module at the end are left out, since tests may build from anywhere.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let name: String = rest[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            if !name.is_empty() {
                out.push((n + 1, name));
            }
            rest = &rest[i + 7..];
        }
        // `use crate::{a, b}` names several modules at once.
        if let Some(i) = code.find("crate::{") {
            let inner = code[i + 8..].split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                out.push((n + 1, name));
            }
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (module, forbidden) in FORBIDDEN {
        let mut files = Vec::new();
        let file = src.join(format!("{module}.rs"));
        if file.exists() {
            files.push(file);
        }
        sources(&src.join(module), &mut files);
        assert!(!files.is_empty(), "no source of module {module}");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for (line, name) in crate_paths(&text) {
                if forbidden.contains(&name.as_str()) {
                    wrong.push(format!(
                        "src/{}:{line}: {module} names crate::{name}",
                        f.strip_prefix(&src).unwrap_or(&f).display()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports that point up:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_paths_in_code_only() {
    let text = "use crate::ui::x;\n// crate::tui in a comment\nlet a = crate::app::f(); // crate::cli\nuse crate::{model, query::Q};\n#[cfg(test)]\nuse crate::cli;\n";
    let names: Vec<String> = crate_paths(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["ui", "app", "model", "query"]);
}
