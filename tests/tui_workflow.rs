//! The analyst's workflow on real UCDP GED rows (tests/fixtures/workflow): stepping through
//! time, jumping and searching without filtering, the pickers, the histogram and the status
//! line, through `App::update` and the screen drawn into a `TestBackend`.

use sitrep::app::{Action, App, DateStep, Options, Overlay};
use sitrep::index::Index;
use sitrep::load::{LoadOptions, load_files};
use std::path::PathBuf;

mod common;
use common::{draw, run, text, typed};

const GED: &str = "tests/fixtures/workflow/ged-syria.csv";

fn ged() -> App {
    let loaded = load_files(&[GED], &LoadOptions::default()).expect("the GED rows load");
    let mut app =
        App::new(Index::new(loaded.events), Options { inputs: vec![PathBuf::from(GED)], ..Options::default() });
    app.update(Action::Resize { width: 120, height: 40 });
    app
}

fn days(app: &App) -> Vec<String> {
    let mut d: Vec<String> = app.shown.iter().map(|&i| app.ix.get(i).date().first_day().to_string()).collect();
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
    assert_eq!(
        months,
        ["2017-03", "2017-04", "2017-05", "2018-01", "2019-03", "2019-05", "2019-12", "2020-06", "2021-06", "2021-12"]
    );
    assert!(
        app.message.as_ref().is_some_and(|m| m.text.contains("no month with events after December 2021")),
        "{:?}",
        app.message
    );
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
        assert!(b.contains(la, lo), "{} at {la},{lo} outside {b:?}", app.ix.get(ev).id());
    }
}

fn picker(app: &App) -> &sitrep::app::Picker {
    match &app.overlay {
        Overlay::Picker(p) => p,
        o => panic!("no picker open: {o:?}"),
    }
}

#[test]
fn the_actor_picker_counts_within_the_filter_with_the_total_beside() {
    // Regression: the picker counted over all events, so it could not say who was active here.
    let mut app = ged();
    query(&mut app, "place:Idlib");
    run(&mut app, [Action::OpenActors]);
    let p = picker(&app);
    let gov = p.items.iter().find(|it| it.name == "Government of Syria").expect("listed");
    assert_eq!((gov.count, gov.total), (10, 33));
    assert_eq!(gov.by, 10, "the government is side A, the actor, in all ten");
    let first = &p.items[p.visible[0]];
    assert_eq!(first.name, "Government of Syria", "the most active within the filter first");
    let buf = draw(&mut app, 120, 40);
    insta::assert_snapshot!("actor_picker_in_idlib_120x40", text(&buf));
}

#[test]
fn a_coalition_is_listed_with_its_members_each_findable() {
    let mut app = ged();
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("jabhat fateh"));
    let p = picker(&app);
    let names: Vec<&str> = p.visible.iter().map(|&i| p.items[i].name.as_str()).collect();
    assert_eq!(names[0], "Jabhat Fateh al-Sham", "the member, first, as its name is the words typed");
    let member = &p.items[p.visible[0]];
    assert_eq!((member.count, member.by, member.on), (9, 6, 3), "named in nine coalitions, on either side");
    assert!(names.contains(&"Islamic Front, Jabhat Fateh al-Sham"), "{names:?}");
    let coalition = p.items.iter().find(|it| it.name == "Islamic Front, Jabhat Fateh al-Sham").expect("listed");
    assert_eq!(coalition.members, 2);
    // Space types: the words stay one search, and nothing is picked until Enter.
    assert!(p.picked.is_empty());
    assert_eq!(p.field.text, "jabhat fateh");
    run(&mut app, [Action::Accept]);
    assert_eq!(app.filter.actors, ["Jabhat Fateh al-Sham"]);
    assert_eq!(app.shown.len(), 9);
}

#[test]
fn hts_ranks_the_names_it_stands_for_first() {
    let mut app = ged();
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("hts"));
    let p = picker(&app);
    let names: Vec<&str> = p.visible.iter().map(|&i| p.items[i].name.as_str()).collect();
    assert_eq!(names, ["HTS"], "no loose matches such as Islamic State");
    // The query bar reads a name as the picker does.
    run(&mut app, [Action::Cancel]);
    query(&mut app, "actor:hts");
    assert_eq!(app.shown.len(), 1);
    query(&mut app, "actor:Hay");
    assert_eq!(app.notes.len(), 1);
    assert!(
        app.notes[0].starts_with("no actor matches \"Hay\""),
        "GED names HTS only by its initials: {:?}",
        app.notes
    );
}

#[test]
fn picks_stay_in_view_while_narrowing_for_more() {
    let mut app = ged();
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("sdf"));
    run(&mut app, [Action::Toggle, Action::ClearLine]);
    run(&mut app, typed("islamic front"));
    run(&mut app, [Action::Toggle]);
    let buf = draw(&mut app, 100, 30);
    let screen = text(&buf);
    assert!(screen.contains("picked: SDF · Islamic Front"), "{screen}");
    assert_eq!(app.filter.actors, ["SDF", "Islamic Front"]);
}

#[test]
fn the_alias_file_makes_names_of_different_datasets_one_actor() {
    let file = "[[actor]]\nnames = [\"Hayat Tahrir al-Sham\", \"HTS\", \"Syrian insurgents\"]\n";
    let (aliases, problems) = sitrep::index::Aliases::parse("aliases.toml", file);
    assert!(problems.is_empty(), "{problems:?}");
    let loaded = load_files(&[GED], &LoadOptions::default()).expect("the GED rows load");
    let mut app = App::new(Index::new(loaded.events), Options { aliases, ..Options::default() });
    query(&mut app, "actor:HTS");
    assert_eq!(app.shown.len(), 27, "HTS's one event and the 26 of Syrian insurgents");
    run(&mut app, [Action::First]);
    let note = app.alias_note().expect("a note");
    assert_eq!(note, "alias file: actor:HTS matched Syrian insurgents");
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.contains(" alias file: actor:HTS matched Syrian insurgents "), "{screen}");
    // Without an actor term, the note says what the alias file links.
    query(&mut app, "");
    run(&mut app, [Action::GoToDate]);
    run(&mut app, typed("2017-02-04"));
    run(&mut app, [Action::Accept]);
    assert_eq!(
        app.alias_note().as_deref(),
        Some("alias file: Syrian insurgents = Hayat Tahrir al-Sham = HTS"),
        "{:?}",
        app.selected_event().map(|e| e.to_event().actors)
    );
    // The picker finds them by any of the names, and shows the alias file's beside the data's.
    run(&mut app, [Action::OpenActors]);
    run(&mut app, typed("hayat"));
    let p = picker(&app);
    let names: Vec<&str> = p.visible.iter().map(|&i| p.items[i].name.as_str()).collect();
    assert_eq!(names, ["Syrian insurgents", "HTS"], "the busier first");
}

#[test]
fn the_histogram_fits_its_bin_to_the_span_and_labels_the_axis() {
    // Regression: over a year the strip showed weeks with no axis nor scale, in half its width.
    let mut app = ged();
    let buf = draw(&mut app, 120, 40);
    let screen = text(&buf);
    let strip: Vec<&str> = screen.lines().take(4).collect();
    insta::assert_snapshot!("histogram_ged_2013_2022_120x40", strip.join("\n"));
    assert_eq!(app.histogram.unit, sitrep::app::histogram::Unit::Year, "ten years of months outnumber 64 columns");
    assert!(strip[0].contains("Events per year · tallest 22 "), "{}", strip[0]);
    assert!(strip[2].contains("╵2015  ╵2016"), "{}", strip[2]);
    // The bars reach the right edge: the last bin is drawn in the last column.
    let inner_last = strip[1].chars().nth(64).expect("a column");
    assert_ne!(inner_last, ' ', "{}", strip[1]);
    // b changes the bin, and round again to the fitted one.
    run(&mut app, [Action::CycleBin]);
    assert_eq!(app.histogram.unit, sitrep::app::histogram::Unit::Day);
    run(&mut app, [Action::CycleBin, Action::CycleBin]);
    assert_eq!(app.histogram.unit, sitrep::app::histogram::Unit::Month);
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.lines().nth(2).is_some_and(|l| l.contains("▲ ╵May 2013 ╵Jan 2015")), "{screen}");
    run(&mut app, [Action::CycleBin, Action::CycleBin]);
    assert_eq!(app.bin, None);
    assert_eq!(app.histogram.unit, sitrep::app::histogram::Unit::Year);
    // A month of the filter: days, each bin over several columns.
    query(&mut app, "date:2017-04");
    assert_eq!(app.histogram.unit, sitrep::app::histogram::Unit::Day);
}

#[test]
fn going_to_a_date_moves_the_selection_and_keeps_the_filter() {
    let mut app = ged();
    query(&mut app, "place:Idlib");
    run(&mut app, [Action::GoToDate]);
    run(&mut app, typed("2019-05"));
    run(&mut app, [Action::Accept]);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.filter.text, "place:Idlib", "the filter stays");
    assert_eq!(app.shown.len(), 11);
    let e = app.selected_event().expect("a selection");
    assert_eq!(e.date().first_day().to_string(), "2019-05-10");
    // A date that is not one says so, and the prompt stays open to correct it.
    run(&mut app, [Action::GoToDate]);
    run(&mut app, typed("May"));
    run(&mut app, [Action::Accept]);
    assert!(matches!(app.overlay, Overlay::Prompt(..)));
    assert!(app.message.as_ref().is_some_and(|m| m.error), "{:?}", app.message);
}

#[test]
fn a_search_moves_with_n_and_shift_n_without_filtering() {
    let mut app = ged();
    run(&mut app, [Action::Search]);
    run(&mut app, typed("place:Idlib"));
    run(&mut app, [Action::Accept]);
    assert_eq!(app.shown.len(), 61, "nothing filtered");
    let day = |app: &App| app.selected_event().map(|e| e.date().first_day().to_string()).unwrap_or_default();
    assert_eq!(day(&app), "2017-03-10", "the first Idlib event from the top");
    assert_eq!(app.message.as_ref().map(|m| m.text.as_str()), Some("place:Idlib: match 1 of 11"));
    run(&mut app, [Action::NextMatch]);
    assert_eq!(day(&app), "2017-03-30");
    run(&mut app, [Action::PrevMatch, Action::PrevMatch]);
    assert_eq!(day(&app), "2021-12-12", "back past the first wraps to the last, as in less");
    assert!(app.message.as_ref().is_some_and(|m| m.text.contains("wrapped to the bottom")));
    // `/` filters; the search still steps within what is shown.
    query(&mut app, "date:2019");
    run(&mut app, [Action::First]);
    assert_eq!(day(&app), "2019-03-20", "an Idlib event itself");
    run(&mut app, [Action::NextMatch]);
    assert_eq!(day(&app), "2019-05-10");
    assert_eq!(app.message.as_ref().map(|m| m.text.as_str()), Some("place:Idlib: match 2 of 3"));
}

fn status_line(app: &mut App) -> String {
    let buf = draw(app, 120, 40);
    text(&buf).lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_status_line_always_shows_the_filter_and_messages_fade() {
    // Regression: "filters cleared" stayed while two filters were active, and "no event under
    // the cross" outlived the keys after it.
    let mut app = ged();
    run(&mut app, [Action::ClearFilters]);
    assert!(status_line(&mut app).contains("no filter · filters cleared"), "{}", status_line(&mut app));
    query(&mut app, "place:Idlib");
    run(&mut app, [Action::NextMonth]);
    let line = status_line(&mut app);
    assert!(line.contains("place:Idlib  date:2017-03"), "{line}");
    assert!(!line.contains("cleared"), "{line}");
    // A message stays for a few seconds without keys, then fades; the filter stays.
    run(&mut app, [Action::NextMonth, Action::NextMonth, Action::NextMonth, Action::NextMonth]);
    let found = (0..30).map(|_| {
        app.update(Action::NextMonth);
        app.message.clone()
    });
    let msg = found.flatten().next().expect("the end of the months says so");
    assert!(msg.text.starts_with("no month with events after"), "{msg:?}");
    app.update(Action::Tick { ms: 3000 });
    assert!(app.message.is_some(), "still there after three seconds");
    app.update(Action::Tick { ms: 3000 });
    assert!(app.message.is_none(), "gone after six");
    assert!(status_line(&mut app).contains("place:Idlib  date:2021-12"));
    // The next key clears a message too.
    app.update(Action::NextMonth);
    assert!(app.message.is_some());
    app.update(Action::Down);
    assert!(app.message.is_none());
}

#[test]
fn the_help_scrolls_with_the_timeline_keys() {
    let mut app = ged();
    app.update(Action::Resize { width: 100, height: 24 });
    run(&mut app, [Action::Help]);
    let key = |app: &App, s: &str| app.action_for(sitrep::keymap::Key::parse(s).expect("a key")).expect("bound");
    for (k, a) in [("G", Action::Last), ("End", Action::Last), ("g", Action::First), ("PageDown", Action::PageDown)] {
        assert_eq!(key(&app, k), a, "{k}");
    }
    run(&mut app, [Action::Last]);
    let Overlay::Help { scroll: end } = app.overlay else { panic!("help open") };
    assert!(end > 20, "the end is well below: {end}");
    let screen = text(&draw(&mut app, 100, 24));
    assert!(screen.contains("† killed, as a range (low–high) when the sources disagree"), "the last line: {screen}");
    assert!(screen.contains("· 100%"), "{screen}");
    // One key up moves at once: the scroll stopped at the end.
    run(&mut app, [Action::Up]);
    assert_eq!(app.overlay, Overlay::Help { scroll: end - 1 });
    run(&mut app, [Action::First]);
    assert_eq!(app.overlay, Overlay::Help { scroll: 0 });
}

#[test]
fn the_histogram_arrow_never_lands_inside_an_axis_label() {
    // Regression: the selected bin's ▲ was written over a date of the axis ("╵11▲Mar").
    let mut app = ged();
    query(&mut app, "date:2017-04");
    for step in 0..12 {
        let screen = text(&draw(&mut app, 120, 40));
        let axis = screen.lines().nth(2).expect("the axis row");
        let chars: Vec<char> = axis.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == '▲' {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                assert!(
                    before.is_none_or(|b| b == ' ' || b == '│') && after.is_none_or(|a| a == ' ' || a == '│'),
                    "step {step}: the arrow touches a label: {axis}"
                );
            }
        }
        run(&mut app, [Action::Down]);
    }
}
