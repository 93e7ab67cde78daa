//! The map widget rendered into buffers: both marker kinds, the selected event's style, single
//! events, counts and the density ramp, the places of north-west Syria relative to each other,
//! towns of other countries, and panes too small to draw in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::Widget;
use sitrep::geo::Gazetteer;
use sitrep::map::rank::towns;
use sitrep::map::text::buffer_lines;
use sitrep::map::{Camera, MapScene, MarkerKind, TextOptions, render_text};

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
    let mut s = MapScene::new(lat, lon, shown, Camera::new(35.75, 36.2, 28.0));
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
    // Syrian places first, the Turkish town across the border where there is air; the count "2"
    // at Jisr ash Shughur keeps a blank cell from its name, so that it cannot read as part of it.
    let expected = Buffer::with_lines([
        r"            Antakyao    '''             ",
        r"              |         'Al Ataribo     ",
        r"               /      ' '               ",
        r"              /  Darkusho     XIdlib    ",
        r"             /'''' '        IDLIB *     ",
        r"      Jisr ash Shughur 2     o Saraqib  ",
        r"            /              Ariha        ",
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
        r"            Antakya◦    ⠏ ⠁             ",
        r"              ⢣         ⠃Al Atarib◦     ",
        r"              ⠈⡆      ⢀ ⠃               ",
        r"              ⡜  Darkush◦     ◉Idlib    ",
        r"             ⡸ ⠹⣀⢀ ⢨        IDLIB ●     ",
        r"      Jisr ash Shughur 2     ◦ Saraqib  ",
        r"            ⡇              Ariha        ",
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
    for (marker, glyph) in [(MarkerKind::Ascii, "X"), (MarkerKind::Braille, "◉")] {
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
    let mut view = Camera::fit_events(&lat, &lon, &shown, w, h).expect("all five are in the gazetteer");
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

/// A row of the buffer as text.
fn row(buf: &Buffer, r: u16) -> String {
    (0..buf.area.width).map(|c| buf[(c, r)].symbol().to_string()).collect()
}

#[test]
fn a_cell_alone_shows_one_event_or_its_count() {
    let lat = vec![35.93_f32; 120];
    let lon = vec![36.63_f32; 120];
    for (marker, single) in [(MarkerKind::Ascii, "*"), (MarkerKind::Braille, "●")] {
        for (n, text) in [(1, single), (2, "2"), (9, "9"), (12, "12"), (120, "120")] {
            let shown: Vec<u32> = (0..n).collect();
            let mut s = MapScene::new(&lat, &lon, &shown, Camera::new(35.93, 36.63, 40.0));
            s.marker = marker;
            let buf = render(&s, 20, 10);
            let drawn: String = (10..20).map(|c| buf[(c, 5)].symbol().to_string()).collect();
            // The count, then no other digit (the name of Idlib may follow after a blank).
            let after = drawn.chars().nth(text.chars().count());
            assert!(
                drawn.starts_with(text) && !after.is_some_and(|c| c.is_ascii_digit()),
                "{marker:?}, {n}: {drawn:?}"
            );
        }
    }
}

#[test]
fn crowded_cells_show_density_on_a_ramp() {
    // A row of 20 touching cells holding 1, 1, 2, 2, 4, ... events: too crowded for counts.
    let (mut lat, mut lon) = (Vec::new(), Vec::new());
    for i in 0..20 {
        for _ in 0..1u32 << (i / 2) {
            lat.push(0.0_f32);
            // One column a degree at the equator, so cell i is at column 10 + i.
            lon.push(i as f32);
        }
    }
    let shown: Vec<u32> = (0..lat.len() as u32).collect();
    for (marker, ramp) in [(MarkerKind::Ascii, ".:+#@"), (MarkerKind::Braille, "░▒▓█")] {
        for color in [false, true] {
            let mut s = MapScene::new(&lat, &lon, &shown, Camera::new(0.0, 10.0, 1.0));
            s.marker = marker;
            s.color = color;
            let buf = render(&s, 40, 9);
            let cells: Vec<String> = (10..30).map(|c| buf[(c, 4)].symbol().to_string()).collect();
            // Every glyph of the row is a ramp glyph, and a darker never comes before a lighter.
            let level = |g: &str| ramp.chars().position(|r| r.to_string() == g);
            let levels: Vec<usize> =
                cells.iter().map(|g| level(g).unwrap_or_else(|| panic!("{g:?} in {cells:?}"))).collect();
            assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{cells:?}");
            assert_eq!((levels[0], levels[19]), (0, ramp.chars().count() - 1), "{cells:?}");
            // Colour follows density when on; without it the glyphs carry it alone.
            let (first, last) = (&buf[(10, 4)], &buf[(29, 4)]);
            assert_eq!(first.fg != last.fg, color, "{:?} {:?}", first.fg, last.fg);
            // The scale is in the legend, its top "or more".
            let text = render_text(&s, 40, 9, &TextOptions::default());
            assert!(text.contains("events per cell:") && text.contains("or more"), "{text}");
        }
    }
}

#[test]
fn no_two_counts_run_together_and_labels_keep_clear_of_them() {
    // Two to four events at each spot of a grid over Idlib and Hama, 0.1 degrees apart, and
    // beside every third spot another spot a cell away: wherever two counts would be written
    // side by side or a name would touch a count, density or a blank comes between.
    let (mut lat, mut lon) = (Vec::new(), Vec::new());
    for i in 0..100u32 {
        let (la, lo) = (35.1 + (i / 10) as f32 * 0.1, 36.1 + (i % 10) as f32 * 0.1);
        let spots: &[(f32, f32)] = if i % 3 == 0 { &[(la, lo), (la, lo + 0.02)] } else { &[(la, lo)] };
        for &(a, o) in spots {
            for _ in 0..(2 + i % 3) {
                lat.push(a);
                lon.push(o);
            }
        }
    }
    let shown: Vec<u32> = (0..lat.len() as u32).collect();
    let mut s = MapScene::new(&lat, &lon, &shown, Camera::new(35.6, 36.6, 60.0));
    s.marker = MarkerKind::Ascii;
    let buf = render(&s, 100, 40);
    let frame = s.layout(100, 40);
    let mut counts = 0;
    for r in 0..40 {
        let line = row(&buf, r);
        // A run of digits is one count: the number of one cell, never two glued together.
        for run in line.split(|c: char| !c.is_ascii_digit()).filter(|t| !t.is_empty()) {
            let n: u32 = run.parse().expect("digits");
            assert!((2..=4).contains(&n), "row {r}: {run:?} in {line:?}");
            counts += 1;
        }
        // A count never touches a letter.
        let b = line.as_bytes();
        for w in b.windows(2) {
            let glued = (w[0].is_ascii_digit() && w[1].is_ascii_alphabetic())
                || (w[0].is_ascii_alphabetic() && w[1].is_ascii_digit());
            assert!(!glued, "row {r}: {line:?}");
        }
    }
    assert!(counts > 3, "some counts stand alone");
    assert!(frame.marks.dense, "and the crowded ones are density");
    for l in &frame.placed {
        for c in l.col..l.col + l.width {
            assert_eq!(frame.grid.count(c, l.row), 0, "a label hides an event: {l:?}");
        }
    }
}

#[test]
fn degenerate_scenes_stay_in_bounds_and_keep_the_selection() {
    let (lat, lon) = events(&["Idlib", "Idlib", "Idlib", "Nowhere"]);
    let all: Vec<u32> = (0..4).collect();
    let one = [0u32];
    let cases: [(&[u32], Option<u32>); 5] =
        [(&all, Some(0)), (&one, None), (&[], None), (&all, Some(3)), (&[99, 3], Some(77))];
    for (shown, selected) in cases {
        let view = Camera::fit_events(&lat, &lon, shown, 30, 10).unwrap_or(Camera::new(35.0, 38.0, 5.0));
        for marker in [MarkerKind::Braille, MarkerKind::Ascii] {
            let mut s = MapScene::new(&lat, &lon, shown, view);
            s.marker = marker;
            s.selected = selected;
            s.selected_label = "a label longer than the pane is wide".into();
            for (w, h) in [(30, 10), (1, 1), (0, 0), (5, 0), (0, 5), (2, 40)] {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                s.render(buf.area, &mut buf);
                // The text map (the legend below it aside) stays within its size.
                let text = render_text(&s, w, h, &TextOptions::default());
                let map = text.lines().take(usize::from(h));
                assert!(map.clone().all(|l| l.chars().count() <= usize::from(w)), "{w}x{h}: {text:?}");
            }
            // Where there is room, a selected event that has a place is drawn as selected.
            let buf = render(&s, 30, 10);
            let drawn = find(&buf, if marker == MarkerKind::Ascii { "X" } else { "◉" });
            let located =
                selected.is_some_and(|i| shown.contains(&i) && lat.get(i as usize).is_some_and(|l| !l.is_nan()));
            assert!(drawn.is_some() || !located, "{shown:?} {selected:?} {marker:?}");
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
    let view = Camera::fit_events(&lat, &lon, &[0], 60, 20).expect("located");
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
    let mut s = MapScene::new(&lat, &lon, &shown, Camera::new(35.93, 36.63, 40.0));
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
    let view = Camera::fit_events(&lat, &lon, &shown, 100, 40).expect("located");
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
fn coasts_and_borders_are_drawn_everywhere() {
    // Italy and Rome's coast.
    let s = MapScene::new(&[], &[], &[], Camera::new(42.0, 12.0, 6.0));
    let buf = render(&s, 80, 20);
    let drawn = buf.content().iter().filter(|c| c.symbol() != " ").count();
    assert!(drawn > 60, "{drawn} cells drawn");
    // The whole world at the smallest scale.
    let s = MapScene::new(&[], &[], &[], Camera::new(0.0, 0.0, Camera::MIN_SCALE));
    let buf = render(&s, 60, 20);
    assert!(buf.content().iter().any(|c| c.symbol() != " "));
}

#[test]
fn governorate_names_show_only_when_zoomed_out() {
    let s = MapScene::new(&[], &[], &[], Camera::new(35.5, 36.8, 20.0));
    let text = render_text(&s, 100, 40, &TextOptions { ansi: false, legend: false });
    assert!(text.contains("IDLIB") && text.contains("HAMA") && text.contains("LATAKIA"), "{text}");
    let s = MapScene::new(&[], &[], &[], Camera::new(35.9, 36.6, 300.0));
    let text = render_text(&s, 100, 40, &TextOptions { ansi: false, legend: false });
    assert!(!text.contains("IDLIB") && text.contains("Idlib"), "{text}");
}

/// Events at the real GeoNames towns of a country (the 60 most prominent), the bigger the town
/// the more events, and one in 500 misplaced at (0, 0) as real exports have.
fn events_at_towns_of(country: &str, n: usize) -> (Vec<f32>, Vec<f32>) {
    let mine: Vec<_> = towns().iter().filter(|t| t.country == country).take(60).collect();
    assert!(mine.len() >= 40, "{country}: {}", mine.len());
    let mut out = (Vec::new(), Vec::new());
    for i in 0..n {
        let k = (i * 7919) % mine.len();
        let k = k * k / mine.len();
        let (la, lo) = if i % 500 == 499 { (0.0, 0.0) } else { (mine[k].lat as f32, mine[k].lon as f32) };
        out.0.push(la);
        out.1.push(lo);
    }
    out
}

#[test]
fn a_country_export_frames_the_country_and_names_its_towns() {
    // Country, towns it must name, and the box its view's centre lies in (south, north, west, east).
    type Case<'a> = (&'a str, &'a [&'a str], (f64, f64, f64, f64));
    let cases: [Case; 2] = [
        ("AF", &["Kabul", "Kandahar", "Herat", "Mazar-e Sharif"], (29.0, 39.0, 60.0, 75.0)),
        ("SD", &["Khartoum", "Nyala", "Port Sudan", "Kassala", "El Obeid"], (8.0, 23.0, 21.0, 39.0)),
    ];
    for (country, want, (s0, n0, w0, e0)) in cases {
        let (lat, lon) = events_at_towns_of(country, 3000);
        let shown: Vec<u32> = (0..lat.len() as u32).collect();
        let view = Camera::overview(&lat, &lon, &shown, 120, 40);
        assert!((s0..n0).contains(&view.lat) && (w0..e0).contains(&view.lon), "the view is on {country}: {view:?}");
        for marker in [MarkerKind::Braille, MarkerKind::Ascii] {
            let mut s = MapScene::new(&lat, &lon, &shown, view);
            s.marker = marker;
            let text = render_text(&s, 120, 40, &TextOptions::default());
            for town in want {
                assert!(text.contains(town), "{country}: {town} is named:\n{text}");
            }
            assert!(text.contains("outside the view"), "the misplaced events are counted:\n{text}");
            if marker == MarkerKind::Ascii {
                assert!(text.is_ascii(), "all ASCII:\n{text}");
            }
        }
    }
}

#[test]
fn zoom_runs_from_the_world_to_a_town() {
    let (lat, lon) = events_at_towns_of("AF", 2000);
    let shown: Vec<u32> = (0..lat.len() as u32).collect();
    let mut view = Camera::new(20.0, 0.0, Camera::MIN_SCALE);
    let world = view.visible_bounds(100, 40);
    assert!(world.width() >= 360.0, "{world:?}");
    view.center_on(31.6133, 65.7101);
    while view.km_per_col() > 0.1 {
        let before = view.cols_per_deg;
        view.zoom_in();
        assert!(view.cols_per_deg > before, "zoom goes on to a town");
        let s = MapScene::new(&lat, &lon, &shown, view);
        let text = render_text(&s, 100, 40, &TextOptions { ansi: false, legend: false });
        if view.km_per_col() < 3.0 {
            assert!(text.contains("Kandahar"), "at {} km a column:\n{text}", view.km_per_col());
        }
    }
}

#[test]
fn zoomed_out_to_the_world_only_capitals_and_cities_are_named() {
    let s = MapScene::new(&[], &[], &[], Camera::new(20.0, 0.0, 0.4));
    let frame = s.layout(160, 50);
    assert!(frame.placed.len() > 10, "{}", frame.placed.len());
    for l in &frame.placed {
        let big = towns().iter().any(|t| t.name == l.text && (t.national || t.population >= 200_000));
        assert!(big, "{} is named at world zoom", l.text);
    }
}
