//! README's tour, run as written: every `$ sitrep ...` line of its `console` blocks prints the
//! lines shown under it (the notes on standard error, the rest on standard output).

use std::process::Command;

const README: &str = include_str!("../README.md");

/// The words of a command line as a POSIX shell splits them (single quotes only).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut any) = (false, false);
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// (command, expected lines) for every `$ ` line of every console block.
fn tour() -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_block = false;
    for line in README.lines() {
        if line.starts_with("```console") {
            in_block = true;
        } else if line.starts_with("```") {
            in_block = false;
        } else if in_block {
            match line.strip_prefix("$ ") {
                Some(cmd) => out.push((cmd.to_string(), Vec::new())),
                None => out.last_mut().expect("output under a command").1.push(line.to_string()),
            }
        }
    }
    out
}

#[test]
fn the_tour_prints_what_the_readme_shows() {
    let tour = tour();
    assert!(tour.len() >= 4, "the tour has its commands");
    for (cmd, expected) in tour {
        let w = words(&cmd);
        assert_eq!(w[0], "sitrep", "{cmd}");
        let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(&w[1..]).output().expect("run sitrep");
        assert!(out.status.success(), "{cmd}");
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let (notes, rows): (Vec<&String>, Vec<&String>) = expected.iter().partition(|l| l.starts_with("sitrep: "));
        assert_eq!(stdout.lines().collect::<Vec<_>>(), rows, "{cmd}");
        assert_eq!(stderr.lines().collect::<Vec<_>>(), notes, "{cmd}");
    }
}

#[test]
fn the_front_page_is_short_and_links_the_reference() {
    assert!(README.lines().count() < 400);
    for doc in ["docs/query.md", "docs/browser.md", "docs/cli.md", "docs/formats.md", "docs/limits.md"] {
        assert!(README.contains(&format!("]({doc})")), "README links {doc}");
        assert!(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(doc).exists(), "{doc} exists");
    }
    assert!(README.contains("cargo install --path ."));
    assert!(README.contains("cargo run --release") && README.contains("cargo test"));
}
