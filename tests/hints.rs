//! Every piece of advice `sitrep query` prints, followed: the suggested query runs and shows
//! what the advice promised. Regression: `sitrep query near:Idlib,10km` advised `overlaps:`
//! though there was no date term, and following it printed the same advice again.

use std::process::Command;

struct Run {
    code: i32,
    ids: Vec<String>,
    err: String,
}

fn query(args: &[&str]) -> Run {
    let mut a = vec!["query", "--format", "json"];
    a.extend_from_slice(args);
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(&a).output().expect("run sitrep");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1);
    let ids = if code == 0 {
        let events: Vec<sitrep::model::Event> = serde_json::from_slice(&out.stdout).expect("json output");
        events.into_iter().map(|e| e.id).collect()
    } else {
        Vec::new()
    };
    Run { code, ids, err }
}

/// The text between `before` and `after` in `s`, without the shell quotes around it.
fn between<'a>(s: &'a str, before: &str, after: &str) -> &'a str {
    let at = s.find(before).unwrap_or_else(|| panic!("no {before:?} in {s}")) + before.len();
    let end = s[at..].find(after).unwrap_or_else(|| panic!("no {after:?} after {before:?} in {s}")) + at;
    s[at..end].trim_matches('\'')
}

/// "N more events ... the query Q shows them too": Q gives the same events and N more, and
/// prints no such note again.
fn follow_more(args: &[&str]) {
    let first = query(args);
    assert_eq!(first.code, 0, "{}", first.err);
    let n: usize = between(&first.err, "note: ", " more event").parse().expect("a number of events");
    let suggested = between(&first.err, "the query ", " shows them too");
    let second = query(&[suggested]);
    assert_eq!(second.code, 0, "{suggested}: {}", second.err);
    assert_eq!(second.ids.len(), first.ids.len() + n, "{suggested} shows {n} more than {args:?}");
    assert!(first.ids.iter().all(|id| second.ids.contains(id)), "{suggested} keeps the first answer");
    assert!(!second.err.contains("more event"), "{suggested} repeats the advice: {}", second.err);
}

#[test]
fn near_without_dates_suggests_the_wider_place_reading_not_overlaps() {
    let run = query(&["near:Idlib,10km"]);
    assert!(!run.err.contains("overlaps"), "{}", run.err);
    follow_more(&["near:Idlib,10km"]);
}

#[test]
fn a_strict_date_suggests_overlaps() {
    follow_more(&["date:2019-03-13"]);
    follow_more(&["actor:Civilians", "date:2019-03-13"]);
}

#[test]
fn near_without_a_distance_suggests_one() {
    let run = query(&["near:Idlib"]);
    assert_eq!(run.code, 2);
    let fix = between(&run.err, "e.g. ", "\n");
    assert_eq!(fix, "near:Idlib,10km");
    let followed = query(&[fix]);
    assert_eq!(followed.code, 0, "{}", followed.err);
    assert!(!followed.ids.is_empty());
}

#[test]
fn a_name_that_is_no_whole_word_suggests_the_prefix_form() {
    let run = query(&["place:Shaykh"]);
    assert!(!run.ids.is_empty(), "read as the start of a word: {}", run.err);
    let asked = between(&run.err, "word, as ", " asks");
    assert_eq!(asked, "place:Shaykh*");
    let followed = query(&[asked]);
    assert_eq!(followed.ids, run.ids);
    assert!(followed.err.is_empty(), "{}", followed.err);
}

#[test]
fn a_name_found_only_in_the_text_suggests_searching_the_text() {
    let run = query(&["place:Atmeh"]);
    assert!(run.ids.is_empty());
    let n: usize = between(&run.err, "the text of ", " event").parse().expect("a count");
    let words = between(&run.err, "search them there with ", "\n");
    let followed = query(&[words.trim_matches('"')]);
    assert_eq!(followed.ids.len(), n, "{words}");
}

#[test]
fn a_place_with_province_is_read_without_it_and_says_so() {
    let run = query(&["place:Hama province"]);
    let read = between(&run.err, "read as \"", "\"");
    assert_eq!(read, "hama");
    let followed = query(&[&format!("place:{read}")]);
    assert_eq!(followed.ids, run.ids);
    assert!(run.ids.contains(&"kafr-zeita-attack-2019-03-13".to_string()));
}

#[test]
fn an_unknown_key_suggests_quoting_it() {
    let run = query(&["colour:red"]);
    assert_eq!(run.code, 2);
    let quoted = between(&run.err, "quote it: ", "\n");
    assert_eq!(query(&[quoted]).code, 0, "{quoted}");
}

#[test]
fn an_option_among_the_query_words_suggests_where_it_goes() {
    let run = query(&["actor:HTS", "-c"]);
    assert_eq!(run.code, 2);
    let cmd = between(&run.err, "e.g. sitrep ", "\n");
    let words: Vec<&str> = cmd.split_whitespace().collect();
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(&words).output().expect("run sitrep");
    assert!(out.status.success(), "{cmd}");
}

/// One shell word with spaces and commas: each comma-separated part is its own value.
#[test]
fn one_shell_word_with_spaces_and_commas_is_one_value_per_part() {
    let either = query(&["place:Khan Shaykhun,Kafr Zeita"]);
    let a = query(&["place:Khan Shaykhun"]);
    let b = query(&["place:Kafr Zeita"]);
    assert!(!a.ids.is_empty() && !b.ids.is_empty());
    assert_eq!(either.ids.len(), a.ids.len() + b.ids.len(), "{}", either.err);
    let near = query(&["near:Khan Shaykhun,10km"]);
    assert_eq!(near.code, 0, "{}", near.err);
    assert!(near.ids.contains(&"khan-shaykhun-ghost-city-2019-03".to_string()));
}

/// Roles: `by:` the actor (or one beside it), `on:` the target, `actor:` any role.
#[test]
fn by_and_on_tell_the_roles_apart() {
    let by = query(&["by:HTS", "date:2019-03-13"]);
    assert_eq!(by.ids, ["hts-recaptures-prisoners-2019-03"]);
    let on = query(&["on:HTS"]);
    assert_eq!(on.ids, ["russia-mod-statement-2019-03-13"]);
    let any = query(&["actor:HTS", "date:2019-03-13"]);
    assert!(any.ids.contains(&"russia-mod-statement-2019-03-13".to_string()));
    assert!(query(&["by:Turkey", "date:2019-03-13"]).ids.is_empty(), "Russia's claim gives Turkey no role");
}

/// `validate`, `query` and `map` name files the same way: `-d FILE`, `--input-format FORMAT`.
#[test]
fn the_commands_name_files_the_same_way() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/idlib-2019-03.json");
    for cmd in [&["validate"][..], &["query", "--count"], &["map", "--width", "20", "--height", "5"]] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.extend(["-d", data, "--input-format", "json"]);
        let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(&args).output().expect("run sitrep");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// `sitrep --query` takes one shell word as `sitrep query` does: each comma part its own name.
#[test]
fn the_browsers_query_reads_one_shell_word_as_query_does() {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["--query", "place:Khan Shaykhun,Kafr Zeita"])
        .output()
        .expect("run sitrep");
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("khan-shaykhun-ghost-city-2019-03") && table.contains("kafr-zeita-attack-2019-03-13"),
        "{table}"
    );
}
