//! The browser on the built-in data at the sizes a newcomer's terminal has (80x24, 60x20) and
//! under `--ascii`: what the screen says, as snapshots, and the rules that snapshots alone
//! would not guard (no title cut inside a word, no day heading over an imprecise event, nothing
//! but ASCII under `--ascii`).

use sitrep::app::{Action, App, Options};
use sitrep::index::Index;

mod common;
use common::{draw, rows};

fn builtin(query: &str, ascii: bool) -> App {
    let loaded = sitrep::dataset::builtin().expect("the built-in data loads");
    let query = (!query.is_empty()).then(|| query.to_string());
    App::new(Index::new(loaded.events), Options { query, ascii, ..Options::default() })
}

/// Every border row: a title that runs into a corner was cut inside a word ("Tab: stee┐").
fn assert_titles_whole(rows: &[String]) {
    for r in rows {
        let chars: Vec<char> = r.chars().collect();
        for (i, w) in chars.windows(2).enumerate() {
            let corner = matches!(w[1], '┐' | '┌' | '+');
            let letter = w[0].is_alphanumeric();
            assert!(!(corner && letter && i > 0), "a title runs into a corner: {r}");
        }
    }
}

#[test]
fn hts_at_80x24() {
    let mut app = builtin("actor:HTS", false);
    let rows = rows(&draw(&mut app, 80, 24));
    assert_titles_whole(&rows);
    let screen = rows.join("\n");
    // the month-precision bombing stands under a heading of its month, not of 1 February
    assert!(screen.contains("February 2019, day unknown"), "{screen}");
    assert!(!screen.contains("1 February 2019"), "{screen}");
    insta::assert_snapshot!("hts_80x24", screen);
}

#[test]
fn everything_at_60x20() {
    let mut app = builtin("", false);
    let rows = rows(&draw(&mut app, 60, 20));
    assert_titles_whole(&rows);
    let screen = rows.join("\n");
    // the year-precision agreement stood under "1 January 2018"
    assert!(screen.contains("2018, date unknown") && !screen.contains("1 January 2018"), "{screen}");
    insta::assert_snapshot!("everything_60x20", screen);
}

#[test]
fn the_whole_browser_in_ascii() {
    for (w, h) in [(120, 36), (80, 24)] {
        let mut app = builtin("place:Idlib", true);
        for action in [Action::Down, Action::Down] {
            app.update(action);
        }
        let rows = rows(&draw(&mut app, w, h));
        assert_titles_whole(&rows);
        for r in &rows {
            assert!(r.is_ascii(), "not ASCII at {w}x{h}: {r}");
        }
        if w == 80 {
            insta::assert_snapshot!("place_idlib_ascii_80x24", rows.join("\n"));
        }
    }
    // the help overlay too
    let mut app = builtin("", true);
    app.update(Action::Help);
    let rows = rows(&draw(&mut app, 100, 30));
    assert!(rows.iter().all(|r| r.is_ascii()), "{}", rows.join("\n"));
}

/// Under `--ascii` a title in Arabic is transliterated whole in the timeline, not cell by cell.
#[test]
fn ascii_transliterates_names_whole_in_the_timeline() {
    let loaded = sitrep::load::load_files(&["tests/data/fixture-events.json"], &Default::default()).expect("fixture");
    let mut app = App::new(Index::new(loaded.events), Options { ascii: true, ..Options::default() });
    let screen = rows(&draw(&mut app, 160, 40)).join("\n");
    let expected = deunicode::deunicode("مظاهرة في إدلب");
    assert!(screen.is_ascii());
    assert!(screen.contains(&expected[..8]), "{expected:?} in\n{screen}");
}
