//! The map widget rendered into buffers: both marker kinds, the selected event's style, the
//! places of north-west Syria relative to each other, and panes too small to draw in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::Widget;
use sitrep::geo::Gazetteer;
use sitrep::map::text::buffer_lines;
use sitrep::map::{MapScene, MapView, MarkerKind, TextOptions, render_text};

/// Event columns for gazetteer towns; an unknown name gets no location.
fn events(names: &[&str]) -> (Vec<f32>, Vec<f32>) {
    let g = Gazetteer::embedded();
    names.iter().map(|n| g.find(n).map_or((f32::NAN, f32::NAN), |p| (p.lat as f32, p.lon as f32))).unzip()
}

fn render(scene: &MapScene<'_>, w: u16, h: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    scene.render(buf.area, &mut buf);
    buf
}

/// Where a glyph is in a buffer.
fn find(buf: &Buffer, glyph: &str) -> Option<(u16, u16)> {
    let a = buf.area;
    (a.top()..a.bottom()).flat_map(|y| (a.left()..a.right()).map(move |x| (x, y))).find(|&p| buf[p].symbol() == glyph)
}

const TOWNS: [&str; 6] = ["Jisr ash Shughur", "Jisr ash Shughur", "Latakia", "Idlib", "Saraqib", "Nowhere"];

fn scene<'a>(lat: &'a [f32], lon: &'a [f32], shown: &'a [u32], marker: MarkerKind) -> MapScene<'a> {
    let mut s = MapScene::new(lat, lon, shown, MapView::new(35.75, 36.2, 28.0));
    s.marker = marker;
    s.color = false;
    s.selected = Some(3);
    s.selected_label = "Idlib".into();
    s
}

#[test]
fn ascii_map_at_a_fixed_size() {
    let (lat, lon) = events(&TOWNS);
    let shown: Vec<u32> = (0..6).collect();
    let buf = render(&scene(&lat, &lon, &shown, MarkerKind::Ascii), 40, 12);
    let expected = Buffer::with_lines([
        r"            \\          ...             ",
        r"              |         .Al Ataribo     ",
        r"               /      . .               ",
        r"              /     .....     @Idlib    ",
        r"          Al Janudiyaho     IDLIB *     ",
        r"           \|-   ...   2Jisr ash Shughur",
        r"            /                           ",
        r"          |/Al Haffah          o        ",
        r"         /|     o     Ma'arrat an Nu'man",
        r"         \-*Latakia                     ",
        r"            \LATAKIA                    ",
        r"              |       1 without location",
    ]);
    assert_eq!(buffer_lines(&buf, false), buffer_lines(&expected, false));
}

#[test]
fn braille_map_at_a_fixed_size() {
    let (lat, lon) = events(&TOWNS);
    let shown: Vec<u32> = (0..6).collect();
    let buf = render(&scene(&lat, &lon, &shown, MarkerKind::Braille), 40, 12);
    let expected = Buffer::with_lines([
        r"            ⠈⢣          ⠏ ⠁             ",
        r"              ⢣         ⠃Al Atarib◦     ",
        r"              ⠈⡆      ⢀ ⠃               ",
        r"              ⡜     ⡠⠄⠆ ⠁     ◉Idlib    ",
        r"          Al Janudiyah◦     IDLIB ●     ",
        r"           ⠹⡍⠁   ⠈⠁⠐   2Jisr ash Shughur",
        r"            ⡇                           ",
        r"          ⢠⠎Al Haffah          ◦        ",
        r"         ⢀⡸     ◦     Ma'arrat an Nu'man",
        r"         ⠈⢲●Latakia                     ",
        r"            ⠱LATAKIA                    ",
        r"              ⡇       1 without location",
    ]);
    assert_eq!(buffer_lines(&buf, false), buffer_lines(&expected, false));
}

#[test]
fn selected_marker_is_unmistakable_with_and_without_colour() {
    let (lat, lon) = events(&TOWNS);
    let shown: Vec<u32> = (0..6).collect();
    for (marker, glyph) in [(MarkerKind::Ascii, "@"), (MarkerKind::Braille, "◉")] {
        for color in [true, false] {
            let mut s = scene(&lat, &lon, &shown, marker);
            s.color = color;
            let buf = render(&s, 40, 12);
            let at = find(&buf, glyph).expect("the selected marker is drawn");
            let cell = &buf[at];
            assert!(cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD), "{marker:?} {color}");
            assert_eq!(cell.fg, if color { Color::LightMagenta } else { Color::Reset });
            // Its label follows it, in the selected style.
            let label = &buf[(at.0 + 1, at.1)];
            assert_eq!(label.symbol(), "I");
            assert!(label.modifier.contains(Modifier::BOLD));
            // Other events are plain without colour, coloured with it.
            let other = find(&buf, marker.glyphs().event.encode_utf8(&mut [0; 4])).expect("Saraqib");
            assert!(!buf[other].modifier.contains(Modifier::REVERSED));
            assert_eq!(buf[other].fg, if color { Color::Yellow } else { Color::Reset });
        }
    }
}

#[test]
fn towns_land_where_a_paper_map_has_them() {
    let names = ["Idlib", "Hamah", "Saraqib", "Khan Shaykhun", "Jisr ash Shughur"];
    let (lat, lon) = events(&names);
    let shown: Vec<u32> = (0..5).collect();
    let (w, h) = (100, 40);
    let mut view = MapView::fit_events(&lat, &lon, &shown, w, h).expect("all five are in the gazetteer");
    // One step out, so that the coast west of them is in view too.
    view.zoom_out();
    let mut s = MapScene::new(&lat, &lon, &shown, view);
    s.marker = MarkerKind::Ascii;
    let buf = render(&s, w, h);
    let frame = s.layout(w, h);
    let cell = |i: usize| frame.proj.cell_of(f64::from(lat[i]), f64::from(lon[i])).expect("in view");
    let [idlib, hama, saraqib, khan, jisr] = [0, 1, 2, 3, 4].map(cell);
    for (c, r) in [idlib, hama, saraqib, khan, jisr] {
        assert_eq!(buf[(c, r)].symbol(), "*", "an event marker at {c},{r}");
    }
    assert!(jisr.0 < idlib.0, "Jisr al-Shughur is west of Idlib");
    assert!(hama.1 > idlib.1, "Hama is south of Idlib");
    assert!(khan.1 > idlib.1 && khan.1 < hama.1, "Khan Shaykhun lies between them");
    assert!(saraqib.0 > idlib.0, "Saraqib is east of Idlib");
    assert!(hama.0 > jisr.0, "Hama is east of Jisr al-Shughur");
    // The coast: a coast stroke west of Jisr al-Shughur on its row or near it.
    let coast = (jisr.1.saturating_sub(2)..=jisr.1 + 2)
        .any(|r| (0..jisr.0).any(|c| matches!(buf[(c, r)].symbol(), "-" | "|" | "/" | "\\")));
    assert!(coast, "the coast lies west of Jisr al-Shughur");
    // The aspect: Idlib to Hama is 0.80 degrees south and 0.12 east; rows are half as many as
    // columns for one degree of latitude's distance.
    let rows = f64::from(hama.1) - f64::from(idlib.1);
    let want = 0.799 * view.cols_per_deg / 2.0;
    assert!((rows - want).abs() <= 1.0, "{rows} rows, want {want}");
}

#[test]
fn many_events_in_one_cell_show_a_count_then_plus() {
    let lat = vec![35.93_f32; 12];
    let lon = vec![36.63_f32; 12];
    for (n, glyph) in [(1, "*"), (2, "2"), (9, "9"), (10, "+"), (12, "+")] {
        let shown: Vec<u32> = (0..n).collect();
        let mut s = MapScene::new(&lat, &lon, &shown, MapView::new(35.93, 36.63, 40.0));
        s.marker = MarkerKind::Ascii;
        let buf = render(&s, 20, 10);
        assert_eq!(buf[(10, 5)].symbol(), glyph, "{n} events");
    }
}

#[test]
fn degenerate_scenes_do_not_panic() {
    let (lat, lon) = events(&["Idlib", "Idlib", "Idlib", "Nowhere"]);
    let all: Vec<u32> = (0..4).collect();
    let one = [0u32];
    let cases: [(&[u32], Option<u32>); 5] =
        [(&all, Some(0)), (&one, None), (&[], None), (&all, Some(3)), (&[99, 3], Some(77))];
    for (shown, selected) in cases {
        let view = MapView::fit_events(&lat, &lon, shown, 30, 10).unwrap_or(MapView::new(35.0, 38.0, 5.0));
        for marker in [MarkerKind::Braille, MarkerKind::Ascii] {
            let mut s = MapScene::new(&lat, &lon, shown, view);
            s.marker = marker;
            s.selected = selected;
            s.selected_label = "a label longer than the pane is wide".into();
            for (w, h) in [(30, 10), (1, 1), (0, 0), (5, 0), (0, 5), (2, 40)] {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                s.render(buf.area, &mut buf);
                let _ = render_text(&s, w, h, &TextOptions::default());
            }
            // An area that overhangs the buffer, and one that starts inside it.
            let mut buf = Buffer::empty(Rect::new(0, 0, 10, 4));
            s.render(Rect::new(5, 2, 40, 40), &mut buf);
            s.render(Rect::new(20, 20, 5, 5), &mut buf);
        }
    }
}

#[test]
fn one_event_gets_a_map_around_it() {
    let (lat, lon) = events(&["Saraqib"]);
    let view = MapView::fit_events(&lat, &lon, &[0], 60, 20).expect("located");
    let mut s = MapScene::new(&lat, &lon, &[0], view);
    s.marker = MarkerKind::Ascii;
    let text = render_text(&s, 60, 20, &TextOptions::default());
    let map: Vec<&str> = text.lines().take(20).collect();
    assert_eq!(map.get(10).and_then(|l| l.chars().nth(30)), Some('*'), "{text}");
    assert!(text.contains("Saraqib") && text.contains("Sarmin"), "neighbouring towns are named:\n{text}");
}

#[test]
fn unlocated_events_are_counted_in_a_corner_and_the_legend() {
    let (lat, lon) = events(&["Idlib", "Nowhere", "Nowhere", "Nowhere"]);
    let shown: Vec<u32> = (0..4).collect();
    let mut s = MapScene::new(&lat, &lon, &shown, MapView::new(35.93, 36.63, 40.0));
    s.marker = MarkerKind::Ascii;
    let text = render_text(&s, 60, 20, &TextOptions::default());
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.get(19).is_some_and(|l| l.ends_with("3 without location")), "{text}");
    assert!(text.contains("4 events shown, 3 without location"), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn ansi_only_when_asked() {
    let (lat, lon) = events(&TOWNS);
    let shown: Vec<u32> = (0..6).collect();
    let s = scene(&lat, &lon, &shown, MarkerKind::Braille);
    let plain = render_text(&s, 40, 12, &TextOptions { ansi: false, legend: true });
    let ansi = render_text(&s, 40, 12, &TextOptions { ansi: true, legend: false });
    assert!(!plain.contains('\x1b'));
    assert!(ansi.contains("\x1b[0;1;7m◉"), "reverse video marks the selection without colour");
    assert!(plain.contains("◉ selected: Idlib") && plain.contains("GeoNames (geonames.org)"));
    assert_eq!(ansi.lines().count(), 12);
}

#[test]
fn labels_never_cover_markers_in_a_dense_scene() {
    // Every 0.02 degrees over Idlib and Hama: most cells hold events.
    let (lat, lon): (Vec<f32>, Vec<f32>) =
        (0..4000).map(|i| (34.9 + (i / 80) as f32 * 0.035, 35.9 + (i % 80) as f32 * 0.02)).unzip();
    let shown: Vec<u32> = (0..4000).step_by(3).collect();
    let view = MapView::fit_events(&lat, &lon, &shown, 100, 40).expect("located");
    let mut s = MapScene::new(&lat, &lon, &shown, view);
    s.marker = MarkerKind::Ascii;
    s.selected = Some(0);
    s.selected_label = "first".into();
    let frame = s.layout(100, 40);
    for l in &frame.placed {
        for c in l.col..l.col + l.width {
            assert_eq!(frame.grid.count(c, l.row), 0, "{l:?}");
        }
    }
}

#[test]
fn beyond_the_detailed_region_the_world_lines_take_over() {
    // Italy and Rome's coast, far from the 1:10m box: the 1:110m lines are drawn.
    let s = MapScene::new(&[], &[], &[], MapView::new(42.0, 12.0, 6.0));
    let buf = render(&s, 80, 20);
    let drawn = buf.content().iter().filter(|c| c.symbol() != " ").count();
    assert!(drawn > 60, "{drawn} cells drawn");
    // The whole world at the smallest scale.
    let s = MapScene::new(&[], &[], &[], MapView::new(0.0, 0.0, MapView::MIN_SCALE));
    let buf = render(&s, 60, 20);
    assert!(buf.content().iter().any(|c| c.symbol() != " "));
}

#[test]
fn governorate_names_show_only_when_zoomed_out() {
    let s = MapScene::new(&[], &[], &[], MapView::new(35.5, 36.8, 20.0));
    let text = render_text(&s, 100, 40, &TextOptions { ansi: false, legend: false });
    assert!(text.contains("IDLIB") && text.contains("HAMA") && text.contains("LATAKIA"), "{text}");
    let s = MapScene::new(&[], &[], &[], MapView::new(35.9, 36.6, 300.0));
    let text = render_text(&s, 100, 40, &TextOptions { ansi: false, legend: false });
    assert!(!text.contains("IDLIB") && text.contains("Idlib"), "{text}");
}
