//! The browser's keystrokes at 1,000,000 events, as the terminal loop handles them: the action
//! through `App::update`, the filter run handed to the searcher's thread (and its answer taken
//! when it comes within `tui::PATIENCE`), and the frame drawn into a 200x60 `TestBackend`.
//!
//!     cargo bench --bench tui -- --warm-up-time 1 --measurement-time 3
//!
//! Each case is measured twice over, from the same keystrokes:
//! - "key": the keystroke, until the frame it causes is drawn (the letter echoed, the
//!   selection moved), which must fit in a 16 ms frame;
//! - "on screen": until the frame that shows its result is drawn (the same frame when the
//!   answer came in time, else the one drawn when it comes).
//!
//! A few cases are measured a third time with the filter run inside `update` ("in update"),
//! as the browser did before it had a searcher: key and result are then one frame.
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
use sitrep::app::{Action, App, Effect, Options, Searcher};
use std::hint::black_box;
use std::time::{Duration, Instant};

const EVENTS: usize = 1_000_000;
const SIZE: (u16, u16) = (200, 60);

/// The browser on its terminal, with the thread that runs its filter.
struct Browser {
    app: App,
    term: Terminal<TestBackend>,
    searcher: Searcher,
}

/// What a keystroke took: until its own frame, and until its result was on screen.
#[derive(Default, Clone, Copy)]
struct Took {
    key: Duration,
    on_screen: Duration,
}

impl std::ops::AddAssign for Took {
    fn add_assign(&mut self, other: Took) {
        self.key += other.key;
        self.on_screen += other.on_screen;
    }
}

impl Browser {
    fn new() -> Browser {
        let ix = sitrep::index::Index::new(sitrep::synth::events(EVENTS, 7));
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
        let term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("test terminal");
        Browser { app, term, searcher: Searcher::start() }
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.term.draw(|f| f.render_widget(app, f.area())).expect("draws");
    }

    /// Hands a filter run to the searcher, as the terminal loop does.
    fn hand_over(&mut self, effect: Option<Effect>) {
        match effect {
            Some(Effect::Filter(run)) => self.searcher.submit(run),
            Some(other) => panic!("the keystrokes measured ask for no {other:?}"),
            None => {}
        }
    }

    fn take(&mut self, answer: Action) {
        let effect = self.app.update(answer);
        self.hand_over(effect);
    }

    /// One keystroke as the terminal loop handles it, and then its result brought on screen.
    fn key(&mut self, action: &Action) -> Took {
        let start = Instant::now();
        let effect = self.app.update(action.clone());
        self.hand_over(effect);
        if self.app.awaiting()
            && let Some(answer) = self.searcher.answer(sitrep::tui::PATIENCE)
        {
            self.take(answer);
        }
        self.draw();
        let key = start.elapsed();
        if self.app.awaiting() {
            while self.app.awaiting() {
                let answer = self.searcher.answer(Duration::from_secs(60)).expect("the search answers");
                self.take(answer);
            }
            self.draw();
        }
        black_box(&self.app.shown);
        Took { key, on_screen: start.elapsed() }
    }

    /// Sets the state up (not timed): each action's result taken at once.
    fn prepare(&mut self, actions: impl IntoIterator<Item = Action>) {
        for a in actions {
            self.app.update_settled(a);
        }
    }

    /// Opens the query bar on an empty filter and types `text`.
    fn bar_with(&mut self, text: &str) {
        self.prepare([Action::ClearFilters, Action::OpenQuery]);
        self.prepare(text.chars().map(Action::Insert));
    }
}

/// Measures a case twice over (the keystroke, and its result on screen) with `sample`, which
/// runs `n` keystrokes' worth of the case and returns their total time.
fn measure(c: &mut Criterion, b: &mut Browser, name: &str, mut sample: impl FnMut(&mut Browser, u64) -> Took) {
    c.bench_function(&format!("{name}: key"), |bench| bench.iter_custom(|n| sample(b, n).key));
    c.bench_function(&format!("{name}: on screen"), |bench| bench.iter_custom(|n| sample(b, n).on_screen));
}

/// `pairs` of keystrokes `x` then `y`; the time of one.
fn alternate(b: &mut Browser, x: &Action, y: &Action, pairs: u64) -> Took {
    let mut took = Took::default();
    for _ in 0..pairs {
        took += b.key(x);
        took += b.key(y);
    }
    Took { key: took.key / 2, on_screen: took.on_screen / 2 }
}

fn type_into_bar(c: &mut Criterion, b: &mut Browser, typed: &str, last: char) {
    b.bar_with(typed);
    measure(c, b, &format!("query bar: type {last:?} after {typed:?}"), |b, n| {
        alternate(b, &Action::Insert(last), &Action::DeleteBack, n)
    });
    b.prepare([Action::Cancel]);
}

/// Like [`type_into_bar`] inside a quoted phrase: `last` is typed before the closing quote, so
/// that the bar holds a phrase at every keystroke.
fn type_into_phrase(c: &mut Criterion, b: &mut Browser, phrase: &str, last: char) {
    b.bar_with(&format!("\"{phrase}\""));
    b.prepare([Action::CursorLeft]);
    measure(c, b, &format!("query bar: type {last:?} in the phrase \"{phrase}\""), |b, n| {
        alternate(b, &Action::Insert(last), &Action::DeleteBack, n)
    });
    b.prepare([Action::Cancel]);
}

/// `n` times: the state set up by `before` (not timed), then keystroke `x`.
fn after(b: &mut Browser, before: &[Action], x: &Action, n: u64) -> Took {
    let mut took = Took::default();
    for _ in 0..n {
        b.prepare(before.iter().cloned());
        took += b.key(x);
    }
    took
}

/// The search of `F` for `text`: Enter in its prompt, with the filter cleared.
fn find(c: &mut Criterion, b: &mut Browser, text: &str) {
    b.prepare([Action::ClearFilters, Action::Search, Action::ClearLine]);
    b.prepare(text.chars().map(Action::Insert));
    b.prepare([Action::Accept]);
    let name = format!("{}find prompt: Enter on {text:?}", in_update(b));
    // F opens the prompt on the last search's text
    measure(c, b, &name, |b, n| after(b, &[Action::Search], &Action::Accept, n));
    let name = format!("{}step to the next match of {text:?} and back", in_update(b));
    measure(c, b, &name, |b, n| alternate(b, &Action::NextMatch, &Action::PrevMatch, n));
}

/// The actor picker opened over a filter of free text `text` and one picked actor: the
/// picker counts the actors within `text` alone.
fn picker_over_picks_and_text(c: &mut Criterion, b: &mut Browser, text: &str) {
    b.bar_with(text);
    b.prepare([Action::Accept, Action::OpenActors]);
    b.prepare("hayat".chars().map(Action::Insert));
    b.prepare([Action::Accept]);
    assert_eq!(b.app.filter.actors.len(), 1, "one actor picked");
    let name = format!("{}open the actor picker over {text:?} and a picked actor", in_update(b));
    measure(c, b, &name, |b, n| after(b, &[Action::Cancel], &Action::OpenActors, n));
    b.prepare([Action::Cancel, Action::ClearFilters]);
}

/// A reload of a million events with a free-text filter: the index built away from the keys
/// (not timed), handed over, and its filter run on the searcher; two reloads in turn. And the
/// same reload here and now, as it was done before: the index built and the filter run on the
/// keys' thread.
fn reload(c: &mut Criterion, b: &mut Browser) {
    b.bar_with("shelling");
    b.prepare([Action::Accept]);
    let events = sitrep::synth::events(EVENTS, 8);
    let aliases = b.app.aliases().clone();
    let rebuilt = [
        sitrep::app::Rebuilt::new(events.clone(), &aliases, "a.csv changed"),
        sitrep::app::Rebuilt::new(sitrep::synth::events(EVENTS, 9), &aliases, "a.csv changed"),
    ];
    let reloaded = |k: usize| Action::Reloaded(Ok(rebuilt[k].clone()));
    measure(c, b, "reload a million events, filtered to \"shelling\"", |b, n| {
        alternate(b, &reloaded(0), &reloaded(1), n)
    });
    c.bench_function("in update: reload a million events, filtered to \"shelling\"", |bench| {
        bench.iter_custom(|n| {
            let mut took = Duration::ZERO;
            for _ in 0..n {
                let copy = events.clone();
                let start = Instant::now();
                b.app.replace_events(copy);
                b.draw();
                took += start.elapsed();
            }
            took
        })
    });
    b.prepare([Action::ClearFilters]);
}

/// The name's start for a case measured with the searches inside `update`.
fn in_update(b: &Browser) -> &'static str {
    if b.app.run_apart_from == usize::MAX { "in update: " } else { "" }
}

/// A term typed letter by letter from an empty bar, each keystroke on the last one's result;
/// the mean of its keystrokes.
fn letter_by_letter(b: &mut Browser, text: &str, n: u64) -> Took {
    let mut took = Took::default();
    for _ in 0..n {
        b.bar_with("");
        for ch in text.chars() {
            took += b.key(&Action::Insert(ch));
        }
        b.prepare([Action::Cancel]);
    }
    let k = text.chars().count() as u32;
    Took { key: took.key / k, on_screen: took.on_screen / k }
}

/// A term typed faster than its searches answer, each key as soon as the last one's frame is
/// drawn: the mean keystroke, and the time from the last key to its result on screen (the
/// superseded searches stop rather than queue).
fn typed_ahead(b: &mut Browser, text: &str, n: u64) -> Took {
    let mut took = Took::default();
    let k = text.chars().count();
    for _ in 0..n {
        b.bar_with("");
        let mut keys = Duration::ZERO;
        for (i, ch) in text.chars().enumerate() {
            let start = Instant::now();
            let effect = b.app.update(Action::Insert(ch));
            b.hand_over(effect);
            b.draw();
            keys += start.elapsed();
            if i + 1 == k {
                while b.app.awaiting() {
                    let answer = b.searcher.answer(Duration::from_secs(60)).expect("the search answers");
                    b.take(answer);
                }
                b.draw();
                took.on_screen += start.elapsed();
            }
        }
        took.key += keys / k as u32;
        b.prepare([Action::Cancel]);
    }
    took
}

fn bench(c: &mut Criterion) {
    let mut b = Browser::new();
    let b = &mut b;
    measure(c, b, "move the selection one row (all events shown)", |b, n| alternate(b, &Action::Down, &Action::Up, n));
    type_into_bar(c, b, "actor:HT", 'S');
    type_into_bar(c, b, "place:Sara", 'q');
    type_into_bar(c, b, "killed:>=1", '0');
    type_into_bar(c, b, "actor:HTS date:2019-03-1", '3');
    type_into_bar(c, b, "prisu", 'n');
    type_into_bar(c, b, "", 'x');
    // a common word (most events hold it), a phrase of two common words (narrowed by their
    // pair), and a phrase of pieces that fit many words ("g" ends some, "i" begins many)
    type_into_bar(c, b, "shellin", 'g');
    type_into_bar(c, b, "barrel bomb", 's');
    type_into_bar(c, b, "g i", 'n');
    measure(c, b, "query bar: type \"g in\" letter by letter (per keystroke)", |b, n| letter_by_letter(b, "g in", n));
    measure(c, b, "query bar: type \"g in\" without waiting (per keystroke; the last one's result)", |b, n| {
        typed_ahead(b, "g in", n)
    });
    // unquoted, the words above are terms of their own, found anywhere in the text; quoted, a
    // phrase, whose neighbouring words the pair index narrows
    type_into_phrase(c, b, "barrel bomb", 's');
    type_into_phrase(c, b, "g i", 'n');
    b.prepare([Action::ClearFilters, Action::NextDay]);
    measure(c, b, "step the date filter one day", |b, n| alternate(b, &Action::NextDay, &Action::PrevDay, n));
    // a date typed in the query bar is stepped from and replaced: each step runs the rest of
    // the filter's query again only when it changed
    b.bar_with("actor:HTS date:2019-03-13");
    b.prepare([Action::Accept]);
    measure(c, b, "step a typed actor:HTS date:X one day", |b, n| alternate(b, &Action::NextDay, &Action::PrevDay, n));
    // the actor picker counts every name within the filter, with roles, when it opens
    b.prepare([Action::ClearFilters]);
    measure(c, b, "open the actor picker over all events, and close it", |b, n| {
        alternate(b, &Action::OpenActors, &Action::Cancel, n)
    });
    b.prepare([Action::OpenActors]);
    b.prepare("hayat".chars().map(Action::Insert));
    measure(c, b, "actor picker: type 't' after \"hayat\"", |b, n| {
        alternate(b, &Action::Insert('t'), &Action::DeleteBack, n)
    });
    b.prepare([Action::Cancel, Action::ClearFilters]);
    measure(c, b, "clear a one-day filter back to all events", |b, n| {
        alternate(b, &Action::NextDay, &Action::ClearFilters, n)
    });
    find(c, b, "shelling");
    find(c, b, "g in");
    picker_over_picks_and_text(c, b, "shelling");
    picker_over_picks_and_text(c, b, "g in");
    reload(c, b);
    // the filter run inside `update`, as before the searcher: the same keystrokes
    b.app.run_apart_from = usize::MAX;
    for (typed, last) in [("killed:>=1", '0'), ("", 'x'), ("shellin", 'g')] {
        b.bar_with(typed);
        c.bench_function(&format!("in update: query bar: type {last:?} after {typed:?}"), |bench| {
            bench.iter_custom(|n| alternate(b, &Action::Insert(last), &Action::DeleteBack, n).key)
        });
        b.prepare([Action::Cancel]);
    }
    c.bench_function("in update: query bar: type \"g in\" letter by letter (per keystroke)", |bench| {
        bench.iter_custom(|n| letter_by_letter(b, "g in", n).key)
    });
    b.prepare([Action::Cancel, Action::ClearFilters]);
    find(c, b, "shelling");
    find(c, b, "g in");
    picker_over_picks_and_text(c, b, "shelling");
    picker_over_picks_and_text(c, b, "g in");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
