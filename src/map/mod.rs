//! The map: real coasts and borders of the whole world, the names of every country's towns and
//! provinces, and events counted per cell, as a marker, a count or density on a ramp.
//!
//! A [`Camera`] says what part of the world to show (a centre and a scale); a [`MapScene`]
//! holds everything one frame draws, with the events as columns so that a million of them cost
//! one pass; the scene is a ratatui widget, and [`render_text`] writes it as text.
//!
//! ```
//! use sitrep::map::{render_text, MapScene, Camera, MarkerKind, TextOptions};
//!
//! // Three events: Idlib, Saraqib, and one without a location.
//! let lat = [35.9306_f32, 35.8645, f32::NAN];
//! let lon = [36.6339_f32, 36.8059, f32::NAN];
//! let shown = [0, 1, 2];
//! let camera = Camera::fit_events(&lat, &lon, &shown, 60, 20).expect("two events have a location");
//! let mut scene = MapScene::new(&lat, &lon, &shown, camera);
//! scene.marker = MarkerKind::Ascii;
//! scene.selected = Some(1);
//! scene.selected_label = "Saraqib".into();
//! let text = render_text(&scene, 60, 20, &TextOptions::default());
//! assert!(text.contains("X selected: Saraqib") && text.contains("1 without location"));
//! ```

pub mod camera;
pub mod density;
pub mod events;
pub mod geometry;
pub mod labels;
pub mod projection;
pub mod rank;
pub mod raster;
pub mod style;
pub mod text;
pub mod widget;

pub use camera::{Camera, located_bounds};
pub use geometry::{Geography, LineKind, Polyline, detail_box};
pub use projection::{CELL_ASPECT, Projection};
pub use style::{MarkerKind, Palette};
pub use text::{TextOptions, render_text};
pub use widget::{MapFrame, MapScene};
