//! The analyst's workflow on real UCDP GED rows (tests/fixtures/workflow): stepping through
//! time, jumping and searching without filtering, the pickers, the histogram and the status
//! line, through `App::update` and the screen drawn into a `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use sitrep::app::{Action, App, DateStep, Options, Overlay};
use sitrep::index::Index;
use sitrep::load::{LoadOptions, load_files};
use std::path::PathBuf;

const GED: &str = "tests/fixtures/workflow/ged-syria.csv";

fn ged() -> App {
    let loaded = load_files(&[GED], &LoadOptions::default()).expect("the GED rows load");
    let mut app = App::new(Index::new(loaded.events), Options { inputs: vec![PathBuf::from(GED)], ..Options::default() });
    app.update(Action::Resize { width: 120, height: 40 });
    app
}

fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for a in actions {
        app.update(a);
    }
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.update(Action::Resize { width, height });
    let mut t = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    t.draw(|f| f.render_widget(&*app, f.area())).expect("draws");
    t.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    buf.content.chunks(w).map(|row| row.iter().map(|c| c.symbol()).collect::<String>()).collect::<Vec<_>>().join("\n")
}

fn days(app: &App) -> Vec<String> {
    let mut d: Vec<String> = app.shown.iter().map(|&i| app.ix.event(i).date.first_day().to_string()).collect();
    d.dedup();
    d
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a day")
}

fn query(app: &mut App, q: &str) {
    run(app, [Action::OpenQuery, Action::ClearLine]);
    run(app, typed(q));
    run(app, [Action::Accept]);
}

#[test]
fn stepping_from_a_typed_date_replaces_it() {
    // Regression: `]` after typing date:X showed "date:X  date:X" and found no later day.
    let mut app = ged();
    query(&mut app, "date:2017-04-10");
    assert_eq!(days(&app), ["2017-04-10"]);
    run(&mut app, [Action::NextDay]);
    assert_eq!(app.filter.text, "");
    assert_eq!(app.filter.date, Some(DateStep::Day(day("2017-04-16"))));
    assert_eq!(app.filter.terms(), ["date:2017-04-16"], "one date term, never two");
    assert_eq!(days(&app), ["2017-04-16"]);
    run(&mut app, [Action::PrevDay, Action::PrevDay]);
    assert_eq!(days(&app), ["2017-04-07"]);
}

#[test]
fn stepping_keeps_the_rest_of_a_typed_filter() {
    let mut app = ged();
    query(&mut app, "place:Idlib date:2017");
    run(&mut app, [Action::NextMonth]);
    assert_eq!(app.filter.text, "place:Idlib");
    let first = days(&app);
    assert!(first.iter().all(|d| d.starts_with("2017-0")), "{first:?}");
    // Month by month through Idlib's events, past 2017: every month stepped to has some.
    let mut months = vec![first[0][..7].to_string()];
    for _ in 0..20 {
        run(&mut app, [Action::NextMonth]);
        let m = days(&app)[0][..7].to_string();
        if months.last() == Some(&m) {
            break;
        }
        months.push(m);
    }
    assert_eq!(months, ["2017-03", "2017-04", "2017-05", "2018-01", "2019-03", "2019-05", "2019-12", "2020-06", "2021-06", "2021-12"]);
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("no month with events after December 2021")), "{:?}", app.message);
}

#[test]
fn stepping_from_a_month_by_day_starts_at_the_selected_event() {
    let mut app = ged();
    query(&mut app, "date:2017-04");
    run(&mut app, [Action::Last, Action::NextDay]);
    assert_eq!(days(&app), ["2017-04-24"]);
    assert!(app.filter.text.is_empty());
}

#[test]
fn the_selected_event_stays_on_the_map_when_stepping() {
    let mut app = ged();
    run(&mut app, [Action::NextDay]);
    for _ in 0..30 {
        run(&mut app, [Action::NextDay]);
        let area = app.map_area();
        let ev = app.selected().expect("a selection");
        let (la, lo) = app.ix.lat_lon(ev).expect("located");
        let b = sitrep::app::map::bounds(&app.map, area);
        assert!(b.contains(la, lo), "{} at {la},{lo} outside {b:?}", app.ix.event(ev).id);
    }
}
