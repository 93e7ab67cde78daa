//! The browser without a terminal: sequences of actions into `App::update`, the screen drawn
//! into a `TestBackend` at a fixed size and compared with snapshots; the styles that snapshots
//! do not record (the highlighted row, the selected marker) asserted cell by cell.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use sitrep::app::{Action, App, DateStep, Options, Overlay};
use sitrep::index::Index;
use sitrep::load::{LoadOptions, load_files};
use std::path::PathBuf;

mod common;
use common::{draw, run, text, typed};

const FIXTURE: &str = "tests/data/fixture-events.json";

fn app_on(path: &str, opts: Options) -> App {
    let loaded = load_files(&[path], &LoadOptions::default()).expect("fixture loads");
    App::new(Index::new(loaded.events), Options { inputs: vec![PathBuf::from(path)], ..opts })
}

fn fixture() -> App {
    app_on(FIXTURE, Options::default())
}

fn ids(app: &App) -> Vec<&str> {
    app.shown.iter().map(|&i| app.ix.get(i).id()).collect()
}

/// The cell that holds `symbol`.
fn find(buf: &Buffer, symbol: &str) -> Option<(u16, u16)> {
    let w = buf.area.width;
    buf.content.iter().position(|c| c.symbol() == symbol).map(|i| (i as u16 % w, i as u16 / w))
}

#[test]
fn the_first_screen() {
    let mut app = fixture();
    let buf = draw(&mut app, 120, 36);
    insta::assert_snapshot!("first_screen_120x36", text(&buf));
}

#[test]
fn moving_highlights_the_row_and_the_marker() {
    let mut app = fixture();
    run(&mut app, [Action::Down, Action::Down]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-02"));
    let buf = draw(&mut app, 120, 36);
    insta::assert_snapshot!("moved_two_down_120x36", text(&buf));
    // The selected row: pointer, then the whole row in the selection style.
    let (px, py) = find(&buf, "▶").expect("a pointer");
    let row = &buf.content[(py * 120 + px) as usize..(py * 120 + px + 60) as usize];
    assert!(row.iter().map(|c| c.symbol()).collect::<String>().contains("Air strikes on a market"));
    for c in row {
        assert_eq!((c.fg, c.bg), (Color::Black, Color::Yellow), "{c:?}");
        assert!(c.modifier.contains(Modifier::BOLD));
    }
    // The map marks the same event, in its own style, at Idlib.
    let (mx, my) = find(&buf, "◉").expect("a selected marker");
    let marker = &buf[(mx, my)];
    let want = sitrep::map::Palette::new(true).selected;
    assert_eq!(Some(marker.fg), want.fg, "the map's selected colour");
    assert!(marker.modifier.contains(want.add_modifier), "the map's selected modifiers");
    let (la, lo) = sitrep::app::map::point(&app.map, app.map_area(), mx, my);
    assert!((la - 35.93).abs() < 0.1 && (lo - 36.63).abs() < 0.1, "{la},{lo}");
}

#[test]
fn without_colour_the_selection_stays_visible() {
    let mut app = app_on(FIXTURE, Options { no_color: true, ..Options::default() });
    let buf = draw(&mut app, 120, 36);
    assert!(buf.content.iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset), "no colour at all");
    let (px, py) = find(&buf, "▶").expect("a pointer");
    assert!(buf[(px + 3, py)].modifier.contains(Modifier::REVERSED));
    let (mx, my) = find(&buf, "◉").expect("a selected marker");
    assert!(buf[(mx, my)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_actor_picker_narrows_picks_and_keeps_the_selection() {
    let mut app = fixture();
    run(&mut app, [Action::Down, Action::Down, Action::Down, Action::Down]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-04"));
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("hts"));
    let buf = draw(&mut app, 100, 30);
    insta::assert_snapshot!("actor_picker_hts_100x30", text(&buf));
    run(&mut app, [Action::Toggle, Action::Accept]);
    assert_eq!(app.filter.actors, vec!["Hayat Tahrir al Sham".to_string()]);
    assert_eq!(ids(&app), ["fx-04", "fx-06", "fx-05", "fx-07", "fx-11"]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-04"), "the selection stays on its event");
}

#[test]
fn esc_in_the_picker_restores_the_picks() {
    let mut app = fixture();
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("hts"));
    run(&mut app, [Action::Toggle]);
    assert_eq!(app.shown.len(), 5, "picks apply as they are made");
    run(&mut app, [Action::Cancel]);
    assert!(app.filter.actors.is_empty());
    assert_eq!(app.shown.len(), 12);
}

#[test]
fn hts_on_13_march_from_the_keyboard() {
    let mut app = fixture();
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("hts"));
    run(&mut app, [Action::Toggle, Action::Accept, Action::NextDay]);
    let day = chrono::NaiveDate::from_ymd_opt(2019, 3, 13).expect("a day");
    assert_eq!(app.filter.date, Some(DateStep::Day(day)));
    assert_eq!(ids(&app), ["fx-04", "fx-06", "fx-05"]);
    let buf = draw(&mut app, 120, 36);
    insta::assert_snapshot!("hts_13_march_120x36", text(&buf));
    assert_eq!(
        app.citation(),
        "sitrep tests/data/fixture-events.json --query 'actor:\"Hayat Tahrir al Sham\" date:2019-03-13' --select fx-04"
    );
    // The next day with HTS events is the 14th, then the 20th; and back.
    run(&mut app, [Action::NextDay]);
    assert_eq!(ids(&app), ["fx-07"]);
    run(&mut app, [Action::NextDay]);
    assert_eq!(ids(&app), ["fx-11"]);
    run(&mut app, [Action::NextDay]);
    assert_eq!(ids(&app), ["fx-11"], "no day after the last");
    run(&mut app, [Action::PrevDay, Action::PrevDay]);
    assert_eq!(ids(&app), ["fx-04", "fx-06", "fx-05"]);
    run(&mut app, [Action::ClearFilters]);
    assert_eq!(app.shown.len(), 12);
}

#[test]
fn months_step_too() {
    let mut app = fixture();
    run(&mut app, [Action::NextMonth]);
    assert_eq!(app.shown.len(), 11, "March 2019, the month-long event included");
    run(&mut app, [Action::NextMonth]);
    assert_eq!(ids(&app), ["fx-12"]);
}

#[test]
fn the_query_bar_filters_live_and_shows_errors_under_the_term() {
    let mut app = fixture();
    run(&mut app, [Action::OpenQuery]);
    run(&mut app, typed("actor:HTS date:2019-03-1"));
    // "date:2019-03" was the last query that parsed: HTS in March.
    assert_eq!(ids(&app), ["fx-04", "fx-06", "fx-05", "fx-07", "fx-11"], "a bad term keeps the last good result");
    let buf = draw(&mut app, 100, 30);
    insta::assert_snapshot!("query_bar_error_100x30", text(&buf));
    run(&mut app, [Action::Accept]);
    assert!(matches!(app.overlay, Overlay::Query(_)), "Enter does not keep a bad query");
    let Overlay::Query(bar) = &app.overlay else { panic!("the bar is open") };
    assert_eq!(bar.error.as_ref().map(|e| e.span.clone()), Some(15..24));
    run(&mut app, typed("3"));
    assert_eq!(ids(&app), ["fx-04", "fx-06", "fx-05"]);
    run(&mut app, [Action::Accept]);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.filter.text, "actor:HTS date:2019-03-13");
    run(&mut app, [Action::OpenQuery, Action::ClearLine, Action::Cancel]);
    assert_eq!(ids(&app), ["fx-04", "fx-06", "fx-05"], "Esc restores the text from before");
}

#[test]
fn tab_completes_keys_and_names() {
    let mut app = fixture();
    run(&mut app, [Action::OpenQuery]);
    run(&mut app, typed("act"));
    run(&mut app, [Action::Complete]);
    run(&mut app, typed("hay"));
    run(&mut app, [Action::Complete]);
    let Overlay::Query(bar) = &app.overlay else { panic!("the bar is open") };
    assert_eq!(bar.field.text, "actor:\"Hayat Tahrir al Sham\"");
    assert_eq!(app.shown.len(), 5);
    run(&mut app, typed(" place:ma"));
    run(&mut app, [Action::Complete]);
    let Overlay::Query(bar) = &app.overlay else { panic!("the bar is open") };
    assert!(bar.field.text.ends_with("place:\"Ma'arrat an Nu'man\""), "{}", bar.field.text);
}

#[test]
fn the_map_selects_and_filters() {
    let mut app = fixture();
    draw(&mut app, 120, 36);
    run(&mut app, [Action::FocusNext]);
    assert_eq!(app.focus, sitrep::app::Pane::Map);
    // Centre the cross on Kafranbel: the event there is selected.
    app.map.lat = 35.62;
    app.map.lon = 36.56;
    run(&mut app, [Action::PanLeft, Action::PanRight]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-04"));
    run(&mut app, [Action::NearHere]);
    assert_eq!(app.filter.near.as_deref(), Some("Kafranbel,5km"));
    assert_eq!(ids(&app), ["fx-04"]);
    run(
        &mut app,
        [Action::ClearFilters, Action::ZoomIn, Action::ZoomIn, Action::ZoomIn, Action::ZoomIn, Action::InView],
    );
    assert!(app.filter.within.is_some());
    assert!(!app.shown.is_empty() && app.shown.len() < 12, "{:?}", ids(&app));
    let b = sitrep::app::map::bounds(&app.map, app.map_area());
    for &i in &app.shown {
        let (la, lo) = app.ix.lat_lon(i).expect("located");
        assert!(b.contains(la, lo));
    }
}

#[test]
fn clicks_select_rows_and_markers() {
    let mut app = fixture();
    let buf = draw(&mut app, 120, 36);
    let (_, y) = find(&buf, "▶").expect("a pointer");
    // Two rows down from the first event is the next day's event (a heading between).
    run(&mut app, [Action::Click { column: 10, row: y + 2 }]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-01"));
    let area = app.map_area();
    let (x, y) =
        app.map.projection(area.width, area.height).cell_of(35.81418, 36.31983).expect("Jisr ash Shughur in view");
    let (x, y) = (area.x + x, area.y + y);
    run(&mut app, [Action::Click { column: x, row: y }]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-10"));
    assert_eq!(app.focus, sitrep::app::Pane::Map);
    run(&mut app, [Action::Wheel { column: 10, row: 10, down: true }]);
}

#[test]
fn help_is_drawn_from_the_key_map() {
    let mut app = fixture();
    run(&mut app, [Action::Help]);
    let buf = draw(&mut app, 120, 40);
    insta::assert_snapshot!("help_120x40", text(&buf));
    let t = text(&buf);
    assert!(t.contains("Filter by actor: press a,"), "{t}");
    run(&mut app, [Action::Close]);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn the_details_show_each_source_side_by_side() {
    let mut app = fixture();
    run(&mut app, [Action::Down, Action::Down, Action::Details]);
    let buf = draw(&mut app, 100, 30);
    insta::assert_snapshot!("reader_disputed_100x30", text(&buf));
    let t = text(&buf);
    assert!(t.contains("≠ sources disagree"));
    assert!(t.contains("Fixture Monitor") && t.contains("at least 7"));
}

#[test]
fn small_screens_drop_panes_and_tiny_ones_show_a_note() {
    let mut app = fixture();
    insta::assert_snapshot!("narrow_70x20", text(&draw(&mut app, 70, 20)));
    insta::assert_snapshot!("smallest_40x12", text(&draw(&mut app, 40, 12)));
    insta::assert_snapshot!("too_small_30x6", text(&draw(&mut app, 30, 6)));
    for (w, h) in [(1, 1), (2, 1), (1, 2), (39, 11), (40, 11), (300, 3), (3, 300)] {
        draw(&mut app, w, h);
    }
    // Every overlay survives tiny sizes too.
    for open in [Action::Help, Action::OpenQuery, Action::OpenActors, Action::Export, Action::Cite, Action::Details] {
        let mut app = fixture();
        run(&mut app, [open]);
        for (w, h) in [(1, 1), (40, 12), (45, 13)] {
            draw(&mut app, w, h);
        }
    }
}

#[test]
fn export_writes_the_filtered_events_and_refuses_the_input() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("events.json");
    std::fs::copy(FIXTURE, &input).expect("copy");
    let mut app = app_on(input.to_str().expect("utf-8 path"), Options::default());
    run(&mut app, [Action::OpenQuery]);
    run(&mut app, typed("actor:HTS"));
    run(&mut app, [Action::Accept, Action::Export, Action::ClearLine]);
    run(&mut app, typed(input.to_str().expect("utf-8 path")));
    run(&mut app, [Action::Accept]);
    assert!(app.message.as_ref().is_some_and(|m| m.error && m.text.contains("is an input file")), "{:?}", app.message);
    assert!(matches!(app.overlay, Overlay::Prompt(..)), "the prompt stays open");
    let out = dir.path().join("hts.json");
    run(&mut app, [Action::ClearLine]);
    run(&mut app, typed(out.to_str().expect("utf-8 path")));
    run(&mut app, [Action::Accept]);
    assert_eq!(app.overlay, Overlay::None);
    let back = load_files(&[&out], &LoadOptions::default()).expect("the export loads");
    assert_eq!(back.events.len(), 5);
    // The extension names the format; an unknown one is refused with what to write instead.
    for (name, starts) in [("hts.csv", "id,"), ("hts.geojson", "{\"type\":\"FeatureCollection\"")] {
        let out = dir.path().join(name);
        run(&mut app, [Action::Export, Action::ClearLine]);
        run(&mut app, typed(out.to_str().expect("utf-8 path")));
        run(&mut app, [Action::Accept]);
        let written = std::fs::read_to_string(&out).expect("written");
        assert!(written.starts_with(starts), "{name}: {}", &written[..written.len().min(80)]);
    }
    run(&mut app, [Action::Export, Action::ClearLine]);
    run(&mut app, typed("hts.xlsx"));
    run(&mut app, [Action::Accept]);
    assert!(
        app.message.as_ref().is_some_and(|m| m.text.contains(".json, .csv, .acled.csv or .geojson")),
        "{:?}",
        app.message
    );
    run(&mut app, [Action::Cancel]);
    assert_eq!(std::fs::read(&input).expect("input"), std::fs::read(FIXTURE).expect("fixture"), "input untouched");
}

#[test]
fn a_view_opens_from_its_citation() {
    let opts =
        Options { query: Some("actor:HTS date:2019-03-13".into()), select: Some("fx-05".into()), ..Options::default() };
    let mut app = app_on(FIXTURE, opts);
    assert_eq!(ids(&app), ["fx-04", "fx-06", "fx-05"]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-05"));
    run(&mut app, [Action::Cite]);
    let Overlay::Cite(c) = &app.overlay else { panic!("the citation is shown") };
    assert_eq!(c, "sitrep tests/data/fixture-events.json --query 'actor:HTS date:2019-03-13' --select fx-05");
    let missing = app_on(FIXTURE, Options { select: Some("nope".into()), ..Options::default() });
    assert!(missing.message.as_ref().is_some_and(|m| m.text.contains("no event has the id")));
}

#[test]
fn a_watched_reload_replaces_the_events_or_reports_why_not() {
    let mut app = fixture();
    run(&mut app, [Action::OpenQuery]);
    run(&mut app, typed("actor:HTS"));
    run(&mut app, [Action::Accept, Action::Down]);
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-06"));
    let mut events = app.ix.iter().map(|e| e.to_event()).collect::<Vec<_>>();
    events.retain(|e| e.id != "fx-04");
    app.update(Action::Reloaded(Err("events.json:3:1: expected a value".into())));
    assert_eq!(app.ix.len(), 12, "a failed reload keeps the data");
    let status = text(&draw(&mut app, 120, 36));
    assert!(status.contains("reload failed, showing the last good data: events.json:3:1"), "{status}");
    app.update(Action::Reloaded(Ok(sitrep::app::Rebuilt::new(events, app.aliases(), "events.json changed"))));
    assert_eq!((app.ix.len(), app.shown.len()), (11, 4));
    assert_eq!(app.selected_event().map(|e| e.id()), Some("fx-06"), "the selection kept by id");
    assert!(app.reload_error.is_none());
}

#[test]
fn a_reload_keeps_the_filter_and_the_selection() {
    let mut app = fixture();
    run(&mut app, [Action::OpenQuery]);
    run(&mut app, typed("place:Idlib"));
    run(&mut app, [Action::Accept, Action::Down]);
    let id = app.selected_event().map(|e| e.id().to_string());
    let mut events = app.ix.iter().map(|e| e.to_event()).collect::<Vec<_>>();
    events.reverse();
    app.replace_events(events);
    assert_eq!(app.selected_event().map(|e| e.id().to_string()), id);
    assert_eq!(app.filter.text, "place:Idlib");
}

#[test]
fn keys_go_through_the_key_map() {
    use sitrep::keymap::Key;
    let mut app = fixture();
    let key = |s: &str| Key::parse(s).expect("a key");
    assert_eq!(app.action_for(key("j")), Some(Action::Down));
    assert_eq!(app.action_for(key("q")), Some(Action::Quit));
    run(&mut app, [Action::OpenQuery]);
    assert_eq!(app.action_for(key("q")), Some(Action::Insert('q')), "q types in the bar");
    assert_eq!(app.action_for(key("Ctrl-c")), Some(Action::Quit), "Ctrl-C quits from anywhere");
    run(&mut app, [Action::Cancel, Action::OpenActors]);
    // Regression: Space picked a name while the user typed "hayat tahrir"; now it types.
    assert_eq!(app.action_for(key("Space")), Some(Action::Insert(' ')));
    assert_eq!(app.action_for(key("Tab")), Some(Action::Toggle));
}

#[test]
fn the_documented_keys_are_the_key_map() {
    let doc = std::fs::read_to_string("docs/browser.md").expect("docs/browser.md");
    let table = sitrep::keymap::Keymap::default().markdown();
    let documented = doc
        .split("<!-- keys:begin -->")
        .nth(1)
        .and_then(|s| s.split("<!-- keys:end -->").next())
        .expect("the key table's markers");
    assert_eq!(
        documented.trim(),
        table.trim(),
        "docs/browser.md's key table differs from the key map; it should read:\n{table}"
    );
}

/// The path the help overlay teaches, on the built-in data: HTS on 13 March in a few keys.
#[test]
fn hts_on_13_march_in_the_built_in_data() {
    let loaded = sitrep::dataset::builtin().expect("the built-in data loads");
    let mut app = App::new(Index::new(loaded.events), Options::default());
    app.update(Action::Resize { width: 120, height: 36 });
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("hts"));
    run(&mut app, [Action::Toggle, Action::Accept, Action::NextDay]);
    let day = chrono::NaiveDate::from_ymd_opt(2019, 3, 13).expect("a day");
    assert_eq!(app.filter.date, Some(DateStep::Day(day)), "{:?}", ids(&app));
    assert!(ids(&app).contains(&"hts-recaptures-prisoners-2019-03"), "{:?}", ids(&app));
}

/// Whatever the moves and sizes, the selected event is one of the rows drawn.
#[test]
fn the_selection_is_always_on_screen() {
    let mut app = App::new(Index::new(sitrep::synth::events(2000, 3)), Options::default());
    let moves = [
        Action::PageDown,
        Action::Down,
        Action::PageDown,
        Action::Last,
        Action::Up,
        Action::PageUp,
        Action::First,
        Action::NextDay,
        Action::NextMonth,
        Action::ClearFilters,
        Action::Wheel { column: 5, row: 10, down: true },
    ];
    for (k, (w, h)) in [(120, 40), (40, 12), (80, 17), (200, 60), (45, 13)].into_iter().enumerate() {
        app.update(Action::Resize { width: w, height: h });
        for (i, a) in moves.iter().cycle().skip(k).take(40).enumerate() {
            app.update(a.clone());
            if i % 7 == 0 {
                app.update(Action::Down);
            }
            let rows = app.timeline.rows(&app.ix, &app.shown, app.timeline_height());
            assert!(
                rows.contains(&sitrep::app::Row::Event(app.timeline.sel)),
                "after {a:?} at {w}x{h}: selection {} not in {rows:?}",
                app.timeline.sel
            );
        }
    }
}

/// No events at all: every key and every overlay still draws.
#[test]
fn an_empty_set_of_events() {
    let mut app = App::new(Index::new(Vec::new()), Options::default());
    let all = sitrep::app::NAMED.iter().map(|(_, a)| a.clone()).filter(|a| *a != Action::Export).collect::<Vec<_>>();
    for a in &all {
        app.update(a.clone());
        draw(&mut app, 100, 30);
        if app.quit {
            app.quit = false;
        }
        app.update(Action::Close);
        app.update(Action::Cancel);
    }
    assert!(text(&draw(&mut app, 100, 30)).contains("No events loaded."));
}

/// Long deterministic random walks through every action, typed characters, clicks and sizes:
/// nothing panics, and the selection stays within the shown events.
#[test]
fn random_walks_never_panic() {
    // Export is left out: a walk must not write files (it is tested on its own).
    let mut actions: Vec<Action> =
        sitrep::app::NAMED.iter().map(|(_, a)| a.clone()).filter(|a| *a != Action::Export).collect();
    actions.extend("hts:-\" ,.0é".chars().map(Action::Insert));
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for walk in 0..8 {
        let mut app = fixture();
        app.update(Action::Resize { width: 100, height: 30 });
        for _ in 0..300 {
            let a = match next(20) {
                0 => Action::Resize { width: next(160) as u16, height: next(50) as u16 },
                1 => Action::Click { column: next(120) as u16, row: next(40) as u16 },
                2 => Action::Wheel { column: next(120) as u16, row: next(40) as u16, down: next(2) == 0 },
                _ => actions[next(actions.len())].clone(),
            };
            app.update(a.clone());
            app.quit = false;
            assert!(app.shown.is_empty() || app.timeline.sel < app.shown.len(), "walk {walk} after {a:?}");
            if next(4) == 0 {
                let (w, h) = app.size;
                draw(&mut app, w, h);
            }
        }
    }
}

/// Regression: with `--skip-bad`, the status line counted the listed rows as "more" warnings
/// ("and 101 more" for 100 rows); it now says how many were skipped and which key lists them.
#[test]
fn the_status_line_counts_skipped_records_once() {
    let mut warnings = vec!["skipped 121 bad rows of bad.csv (--skip-bad)".to_string()];
    warnings.extend((0..121).map(|i| format!("bad.csv:{}:1: a bad row", i + 2)));
    let opts = Options { warnings: warnings.clone(), skipped: 121, ..Options::default() };
    let mut app = app_on(FIXTURE, opts);
    let screen = text(&draw(&mut app, 120, 36));
    assert!(screen.contains("skipped 121 bad rows of bad.csv (--skip-bad): ? lists them"), "{screen}");
    assert!(!screen.contains("more"), "{screen}");
    // another warning besides the skipped rows is counted apart from them
    warnings.insert(1, "keys.toml:3: unknown action".to_string());
    let mut app = app_on(FIXTURE, Options { warnings, skipped: 121, ..Options::default() });
    let screen = text(&draw(&mut app, 120, 36));
    assert!(screen.contains("? lists them, with 1 other warning"), "{screen}");
    // without skipped records, the others are counted after the first
    let warnings = vec!["keys.toml:3: one".to_string(), "keys.toml:4: two".to_string()];
    let mut app = app_on(FIXTURE, Options { warnings, ..Options::default() });
    let screen = text(&draw(&mut app, 120, 36));
    assert!(screen.contains("keys.toml:3: one (and 1 more: ? lists them)"), "{screen}");
}

/// Regression: `App::update` stays pure: accepting the export prompt writes nothing, it returns
/// the writing as an effect, which the terminal loop carries out and answers.
#[test]
fn export_is_an_effect_that_update_returns_and_does_not_carry_out() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("all.json");
    let mut app = fixture();
    run(&mut app, [Action::Export, Action::ClearLine]);
    run(&mut app, typed(out.to_str().expect("utf-8 path")));
    let effect = app.update(Action::Accept).expect("an export effect");
    let sitrep::app::Effect::Export { path, shown, .. } = &effect else { panic!("an export, not {effect:?}") };
    assert_eq!((path, shown.len()), (&out, app.shown.len()));
    assert!(!out.exists(), "update wrote the file itself");
    assert!(matches!(app.overlay, Overlay::Prompt(..)), "the prompt stays open until written");
    let done = sitrep::tui::carry_out(&app, effect).expect("an answer");
    assert_eq!(app.update(done), None);
    assert_eq!(app.overlay, Overlay::None);
    let back = load_files(&[&out], &LoadOptions::default()).expect("the export loads");
    assert_eq!(back.events.len(), app.shown.len());
    assert!(app.message.as_ref().is_some_and(|m| !m.error && m.text.starts_with("wrote ")), "{:?}", app.message);
}

#[test]
fn an_export_to_a_named_pipe_nobody_reads_does_not_freeze_the_browser() {
    // Regression: the browser's export opened a FIFO with no reader and waited, frozen, until
    // some program read it.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let fifo = dir.path().join("pipe.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    // Should the export wait after all, a reader comes after 5 s so that the test ends (and
    // fails); otherwise it comes as soon as the test is done.
    let (finished, finished_rx) = std::sync::mpsc::channel::<()>();
    let late = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let _ = finished_rx.recv_timeout(std::time::Duration::from_secs(5));
            let _ = std::fs::read(&fifo);
        })
    };
    let mut app = fixture();
    run(&mut app, [Action::Export, Action::ClearLine]);
    run(&mut app, typed(fifo.to_str().expect("utf-8 path")));
    let effect = app.update(Action::Accept).expect("an export effect");
    let started = std::time::Instant::now();
    let done = sitrep::tui::carry_out(&app, effect).expect("an answer");
    let waited = started.elapsed();
    let sitrep::app::Action::Exported(result) = &done else { panic!("an Exported action, not {done:?}") };
    let err = result.as_ref().expect_err("no reader: the export is refused");
    assert!(err.contains("no program is reading"), "{err}");
    assert!(waited < std::time::Duration::from_secs(2), "waited {waited:?}");
    // A reader opens it (the late thread), so the thread ends.
    let _ = finished.send(());
    let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    late.join().expect("the late reader ends");
}

/// While the filter runs on the searcher's thread, the screen shows the last filter's events
/// under a "searching…" marker and claims no count it does not have; the answer brings the
/// events and the count.
#[test]
fn a_search_under_way_shows_the_last_events_marked_and_no_count() {
    let mut app = fixture();
    app.run_apart_from = 0;
    run(&mut app, [Action::OpenQuery]);
    run(&mut app, typed("shellin"));
    let before = ids(&app).join(" ");
    let Some(sitrep::app::Effect::Filter(asked)) = app.update(Action::Insert('g')) else {
        panic!("a filter run is handed out")
    };
    assert!(app.searching());
    let screen = text(&draw(&mut app, 100, 30));
    insta::assert_snapshot!("searching_100x30", screen);
    assert!(screen.contains(" searching… "), "{screen}");
    assert!(screen.contains("Timeline · searching… · the last filter's events"), "{screen}");
    assert!(!screen.contains(&format!(" of {} ", app.ix.len())), "no count while searching: {screen}");
    assert!(screen.contains("/ shelling"), "the letter is echoed at once: {screen}");
    assert_eq!(ids(&app).join(" "), before, "the last filter's events stay");
    let answer = sitrep::tui::carry_out(&app, sitrep::app::Effect::Filter(asked)).expect("the newest run answers");
    app.update(answer);
    assert!(!app.searching());
    let screen = text(&draw(&mut app, 100, 30));
    assert!(!screen.contains("searching"), "{screen}");
    assert!(screen.contains(&format!(" {} of {} events ", app.shown.len(), app.ix.len())), "{screen}");
}

/// A picker opened over picks of its own and free text, its counts coming from the searcher's
/// thread: it opens at once, its names in order of their events over all, no count within the
/// filter claimed until the answer brings them.
#[test]
fn a_picker_whose_counts_are_searched_opens_at_once_and_claims_no_count() {
    let mut app = fixture();
    run(&mut app, [Action::OpenQuery]);
    run(&mut app, typed("a"));
    run(&mut app, [Action::Accept, Action::OpenActors]);
    run(&mut app, typed("hts"));
    run(&mut app, [Action::Accept]);
    assert_eq!(app.filter.actors.len(), 1, "{:?}", app.filter);
    app.run_apart_from = 0;
    let Some(sitrep::app::Effect::Filter(asked)) = app.update(Action::OpenActors) else {
        panic!("the counts' run is handed out")
    };
    assert_eq!(asked.query, "a");
    assert!(app.awaiting() && !app.searching());
    let screen = text(&draw(&mut app, 100, 30));
    insta::assert_snapshot!("actor_picker_counting_100x30", screen);
    assert!(screen.contains("counting… / all"), "{screen}");
    assert!(!screen.contains("in filter / all"), "{screen}");
    let answer = sitrep::tui::carry_out(&app, sitrep::app::Effect::Filter(asked)).expect("the newest run answers");
    app.update(answer);
    assert!(!app.awaiting());
    let screen = text(&draw(&mut app, 100, 30));
    assert!(screen.contains("in filter / all") && !screen.contains("… / "), "{screen}");
}
