//! The browser's cost per keystroke at 1,000,000 events: the action through `App::update`
//! (the re-filter when the filter changes) and one frame drawn into a 200x60 `TestBackend`.
//!
//!     cargo bench --bench tui -- --warm-up-time 1 --measurement-time 3
//!
//! Each case alternates two keystrokes (type a character and erase it, down and up, next
//! day and previous day) so that the state never drifts, and reports the time of one.
//!
//! The browser is measured as a user meets it a few seconds after it opens: the browser builds
//! the word index of the free-text search in the background as soon as the data is loaded, so
//! the set-up here builds it (and the text column under it) before anything is timed. Until it
//! is built, free text is found by a scan of the text column, which `cargo bench --bench core`
//! measures ("filter"), with the build itself ("words").

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitrep::app::{Action, App, Options};
use sitrep::index::Index;
use std::hint::black_box;
use std::time::{Duration, Instant};

const EVENTS: usize = 1_000_000;
const SIZE: (u16, u16) = (200, 60);

fn app() -> App {
    let ix = Index::new(sitrep::synth::events(EVENTS, 7));
    let mut app = App::new(ix, Options::default());
    app.update(Action::Resize { width: SIZE.0, height: SIZE.1 });
    let start = Instant::now();
    let text = app.ix.text_column().heap_bytes();
    let folded = start.elapsed();
    let words = app.ix.words();
    eprintln!(
        "text column: {} MB, folded in {folded:.1?}; word index: {} words, {} postings, {} MB; \
         pair index: {} pairs, {} postings, {} MB; built in {:.1?}",
        text / 1_000_000,
        words.len(),
        words.postings_len(),
        words.heap_bytes() / 1_000_000,
        words.pairs_len(),
        words.pair_postings_len(),
        words.pairs_heap_bytes() / 1_000_000,
        start.elapsed() - folded
    );
    app
}

/// Times `pairs` of keystrokes `a` then `b`, each followed by a frame; the time of one keystroke.
fn keystrokes(app: &mut App, term: &mut Terminal<TestBackend>, a: &Action, b: &Action, pairs: u64) -> Duration {
    let start = Instant::now();
    for _ in 0..pairs {
        for action in [a, b] {
            app.update(action.clone());
            term.draw(|f| f.render_widget(&*app, f.area())).expect("draws");
        }
    }
    black_box(&app.shown);
    start.elapsed() / 2
}

fn type_into_bar(c: &mut Criterion, app: &mut App, term: &mut Terminal<TestBackend>, typed: &str, last: char) {
    app.update(Action::ClearFilters);
    app.update(Action::OpenQuery);
    for ch in typed.chars() {
        app.update(Action::Insert(ch));
    }
    c.bench_function(&format!("query bar: type {last:?} after {typed:?}"), |b| {
        b.iter_custom(|n| keystrokes(app, term, &Action::Insert(last), &Action::DeleteBack, n))
    });
    app.update(Action::Cancel);
}

/// Like [`type_into_bar`] inside a quoted phrase: `last` is typed before the closing quote, so
/// that the bar holds a phrase at every keystroke.
fn type_into_phrase(c: &mut Criterion, app: &mut App, term: &mut Terminal<TestBackend>, phrase: &str, last: char) {
    app.update(Action::ClearFilters);
    app.update(Action::OpenQuery);
    for ch in format!("\"{phrase}\"").chars() {
        app.update(Action::Insert(ch));
    }
    app.update(Action::CursorLeft);
    c.bench_function(&format!("query bar: type {last:?} in the phrase \"{phrase}\""), |b| {
        b.iter_custom(|n| keystrokes(app, term, &Action::Insert(last), &Action::DeleteBack, n))
    });
    app.update(Action::Cancel);
}

fn bench(c: &mut Criterion) {
    let mut app = app();
    let mut term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("test terminal");
    c.bench_function("move the selection one row (all events shown)", |b| {
        b.iter_custom(|n| keystrokes(&mut app, &mut term, &Action::Down, &Action::Up, n))
    });
    type_into_bar(c, &mut app, &mut term, "actor:HT", 'S');
    type_into_bar(c, &mut app, &mut term, "place:Sara", 'q');
    type_into_bar(c, &mut app, &mut term, "killed:>=1", '0');
    type_into_bar(c, &mut app, &mut term, "actor:HTS date:2019-03-1", '3');
    type_into_bar(c, &mut app, &mut term, "prisu", 'n');
    type_into_bar(c, &mut app, &mut term, "", 'x');
    // a common word (most events hold it), a phrase of two common words (narrowed by their
    // pair), and a phrase of pieces that fit many words ("g" ends some, "i" begins many)
    type_into_bar(c, &mut app, &mut term, "shellin", 'g');
    type_into_bar(c, &mut app, &mut term, "barrel bomb", 's');
    type_into_bar(c, &mut app, &mut term, "g i", 'n');
    // unquoted, the words above are terms of their own, found anywhere in the text; quoted, a
    // phrase, whose neighbouring words the pair index narrows
    // a term typed letter by letter from an empty bar, each keystroke on the last one's result
    // (not alternated with an erase): the mean of the four
    c.bench_function("query bar: type \"g in\" letter by letter (per keystroke)", |b| {
        b.iter_custom(|n| {
            let mut spent = Duration::ZERO;
            for _ in 0..n {
                app.update(Action::ClearFilters);
                app.update(Action::OpenQuery);
                let start = Instant::now();
                for ch in "g in".chars() {
                    app.update(Action::Insert(ch));
                    term.draw(|f| f.render_widget(&app, f.area())).expect("draws");
                }
                spent += start.elapsed();
                app.update(Action::Cancel);
            }
            spent / 4
        })
    });
    type_into_phrase(c, &mut app, &mut term, "barrel bomb", 's');
    type_into_phrase(c, &mut app, &mut term, "g i", 'n');
    app.update(Action::ClearFilters);
    app.update(Action::NextDay);
    c.bench_function("step the date filter one day", |b| {
        b.iter_custom(|n| keystrokes(&mut app, &mut term, &Action::NextDay, &Action::PrevDay, n))
    });
    // a date typed in the query bar is stepped from and replaced: each step runs the rest of
    // the filter's query again only when it changed
    app.update(Action::ClearFilters);
    app.update(Action::OpenQuery);
    for ch in "actor:HTS date:2019-03-13".chars() {
        app.update(Action::Insert(ch));
    }
    app.update(Action::Accept);
    c.bench_function("step a typed actor:HTS date:X one day", |b| {
        b.iter_custom(|n| keystrokes(&mut app, &mut term, &Action::NextDay, &Action::PrevDay, n))
    });
    // the actor picker counts every name within the filter, with roles, when it opens
    app.update(Action::ClearFilters);
    c.bench_function("open the actor picker over all events, and close it", |b| {
        b.iter_custom(|n| keystrokes(&mut app, &mut term, &Action::OpenActors, &Action::Cancel, n))
    });
    app.update(Action::OpenActors);
    for ch in "hayat".chars() {
        app.update(Action::Insert(ch));
    }
    c.bench_function("actor picker: type 't' after \"hayat\"", |b| {
        b.iter_custom(|n| keystrokes(&mut app, &mut term, &Action::Insert('t'), &Action::DeleteBack, n))
    });
    app.update(Action::Cancel);
    app.update(Action::ClearFilters);
    c.bench_function("clear a one-day filter back to all events", |b| {
        b.iter_custom(|n| keystrokes(&mut app, &mut term, &Action::NextDay, &Action::ClearFilters, n))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
