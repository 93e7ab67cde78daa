//! Prints the map of north-west Syria with a few gazetteer towns as events.
//!
//!     cargo run --example map_text -- [WIDTH] [HEIGHT] [--ascii] [--color]

use sitrep::geo::Gazetteer;
use sitrep::map::{Camera, MapScene, MarkerKind, TextOptions, render_text};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut nums = args.iter().take_while(|a| *a != "--view").filter_map(|a| a.parse::<u16>().ok());
    let width = nums.next().unwrap_or(100);
    let height = nums.next().unwrap_or(40);
    let flag = |f: &str| args.iter().any(|a| a == f);

    // Events at towns of Idlib and Hama (two at Saraqib, three at Khan Shaykhun), and two
    // without a location.
    let towns = [
        "Idlib",
        "Saraqib",
        "Saraqib",
        "Khan Shaykhun",
        "Khan Shaykhun",
        "Khan Shaykhun",
        "Jisr ash Shughur",
        "Hamah",
        "Ma'arrat an Nu'man",
        "Kafr Zayta",
        "Ariha",
    ];
    let g = Gazetteer::embedded();
    let (mut lat, mut lon) = (Vec::new(), Vec::new());
    for name in towns {
        let p = g.find(name);
        lat.push(p.map_or(f32::NAN, |p| p.lat as f32));
        lon.push(p.map_or(f32::NAN, |p| p.lon as f32));
    }
    lat.extend([f32::NAN, f32::NAN]);
    lon.extend([f32::NAN, f32::NAN]);
    let shown: Vec<u32> = (0..lat.len() as u32).collect();

    let fitted = Camera::fit_events(&lat, &lon, &shown, width, height).unwrap_or(Camera::new(35.5, 36.6, 40.0));
    // --view LAT,LON,COLS_PER_DEGREE shows another part of the map.
    let view = args
        .iter()
        .position(|a| a == "--view")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| {
            let n: Vec<f64> = v.split(',').filter_map(|x| x.parse().ok()).collect();
            (n.len() == 3).then(|| Camera::new(n[0], n[1], n[2]))
        })
        .unwrap_or(fitted);
    let mut scene = MapScene::new(&lat, &lon, &shown, view);
    scene.marker = if flag("--ascii") { MarkerKind::Ascii } else { MarkerKind::Braille };
    scene.color = flag("--color");
    scene.selected = Some(3);
    scene.selected_label = "2019-05-06 Khan Shaykhun: air strikes".to_string();
    print!("{}", render_text(&scene, width, height, &TextOptions { ansi: flag("--color"), legend: true }));
}
