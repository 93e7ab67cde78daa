//! One frame of the map: 200x60 cells with a million events in the filter, and with thirty; and
//! the whole world with a million events spread over it (every country's lines and towns in view).

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use sitrep::map::events::EventGrid;
use sitrep::map::{Camera, MapScene, MarkerKind};
use std::hint::black_box;

/// Numbers in 0..1 from `seed`, the same on every run (xorshift64*: deterministic, good enough
/// to scatter points).
fn uniform(mut state: u64) -> impl FnMut() -> f32 {
    move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// `n` points spread over Idlib and Hama (lon 35.7–37.5, lat 34.8–36.7), the same on every run;
/// one in a hundred has no location.
fn synthetic(n: u32) -> (Vec<f32>, Vec<f32>) {
    let mut next = uniform(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| if i % 100 == 99 { (f32::NAN, f32::NAN) } else { (34.8 + next() * 1.9, 35.7 + next() * 1.8) })
        .unzip()
}

fn frame(c: &mut Criterion, name: &str, n: u32, marker: MarkerKind) {
    let (lat, lon) = synthetic(n);
    let shown: Vec<u32> = (0..n).collect();
    let area = Rect::new(0, 0, 200, 60);
    let view = Camera::fit_events(&lat, &lon, &shown, area.width, area.height).unwrap_or(Camera::new(35.7, 36.6, 40.0));
    let mut scene = MapScene::new(&lat, &lon, &shown, view);
    scene.marker = marker;
    scene.selected = Some(n / 2);
    scene.selected_label = "selected".into();
    let mut buf = Buffer::empty(area);
    // Parse and simplify the embedded geometry before timing.
    (&scene).render(area, &mut buf);
    c.bench_function(name, |b| {
        b.iter(|| {
            black_box(&scene).render(area, &mut buf);
            black_box(&buf);
        })
    });
}

/// Only the counting of events into cells, the part that grows with the filter.
fn grid(c: &mut Criterion) {
    let (lat, lon) = synthetic(1_000_000);
    let shown: Vec<u32> = (0..1_000_000).collect();
    let proj = Camera::new(35.75, 36.6, 90.0).projection(200, 60);
    // The floor: reading both columns once, for judging the numbers on a busy machine.
    c.bench_function("reference_gather_1m", |b| {
        b.iter(|| black_box(shown.iter().map(|&i| lat[i as usize] + lon[i as usize]).sum::<f32>()))
    });
    c.bench_function("event_grid_200x60_1m_events", |b| {
        b.iter(|| black_box(EventGrid::build(&proj, black_box(&lat), black_box(&lon), black_box(&shown))))
    });
}

/// `n` points over the inhabited world (lat -55..70, every longitude), the same on every run.
fn world_points(n: u32) -> (Vec<f32>, Vec<f32>) {
    let mut next = uniform(0x2545_F491_4F6C_DD1D);
    (0..n).map(|_| (-55.0 + next() * 125.0, -180.0 + next() * 360.0)).unzip()
}

/// A frame at world zoom: 1M events, the coarsest lines of every country, every town in view as
/// a candidate label.
fn world(c: &mut Criterion) {
    let (lat, lon) = world_points(1_000_000);
    let shown: Vec<u32> = (0..1_000_000).collect();
    let area = Rect::new(0, 0, 200, 60);
    let view = Camera::overview(&lat, &lon, &shown, area.width, area.height);
    for (name, marker) in [
        ("frame_world_200x60_1m_events", MarkerKind::Braille),
        ("frame_world_200x60_1m_events_ascii", MarkerKind::Ascii),
    ] {
        let mut scene = MapScene::new(&lat, &lon, &shown, view);
        scene.marker = marker;
        let mut buf = Buffer::empty(area);
        (&scene).render(area, &mut buf);
        c.bench_function(name, |b| {
            b.iter(|| {
                black_box(&scene).render(area, &mut buf);
                black_box(&buf);
            })
        });
    }
}

fn map(c: &mut Criterion) {
    frame(c, "frame_200x60_1m_events", 1_000_000, MarkerKind::Braille);
    frame(c, "frame_200x60_1m_events_ascii", 1_000_000, MarkerKind::Ascii);
    frame(c, "frame_200x60_30_events", 30, MarkerKind::Braille);
}

criterion_group!(benches, world, map, grid);
criterion_main!(benches);
