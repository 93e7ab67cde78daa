//! GeoJSON (RFC 7946): a FeatureCollection with one Point feature per event, coordinates as
//! [longitude, latitude] in WGS84, `"geometry": null` for an event without coordinates.
//!
//! A feature's properties are the event in sitrep's JSON form without the place's coordinates,
//! which the geometry holds, so the file loads back to the same events. For GIS tools it adds
//! `start` and `end` (ISO 8601 instants, end exclusive, for a time slider) and `killed_low` and
//! `killed_high` (numbers, for symbol sizes) and each figure as a number (`"figure: deaths, best
//! estimate (UCDP GED)": 11`); sitrep ignores these when it reads the file.

use crate::formats::geojson::FIGURE_PREFIX;
use crate::model::Event;
use serde_json::{Map, Value, json};
use std::io::Write;

/// One event as a Feature.
pub fn feature(e: &Event) -> serde_json::Result<Value> {
    let mut props = match serde_json::to_value(e)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let point = e.lat_lon();
    if point.is_some()
        && let Some(Value::Object(place)) = props.get_mut("place")
    {
        place.remove("lat");
        place.remove("lon");
    }
    let instant = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S").to_string();
    props.insert("start".into(), json!(instant(e.date.start)));
    props.insert("end".into(), json!(instant(e.date.end)));
    if let Some(k) = e.killed() {
        props.insert("killed_low".into(), json!(k.low));
        props.insert("killed_high".into(), json!(k.high));
    }
    // every figure a source gives (UCDP's best estimate, civilian deaths) as a number of its own
    for f in &e.figures {
        let key = format!("{}{} ({})", FIGURE_PREFIX, f.label, f.source);
        props.entry(key).or_insert(json!(f.count.n));
    }
    let geometry = match point {
        Some((lat, lon)) => json!({"type": "Point", "coordinates": [lon, lat]}),
        None => Value::Null,
    };
    Ok(json!({"type": "Feature", "id": e.id, "geometry": geometry, "properties": props}))
}

/// Writes the FeatureCollection, one feature per line.
pub fn write_geojson<W: Write>(events: &[&Event], mut w: W) -> std::io::Result<()> {
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    for (i, e) in events.iter().enumerate() {
        serde_json::to_writer(&mut w, &feature(e)?)?;
        w.write_all(if i + 1 < events.len() { b",\n" } else { b"\n" })?;
    }
    w.write_all(b"]}\n")?;
    w.flush()
}
