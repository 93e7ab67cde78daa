//! GeoJSON FeatureCollections of points (RFC 7946), such as QGIS writes or sitrep exports.
//!
//! A feature's properties are read as an event in the native format, with the point as the
//! place's coordinates. Common names from other tools are read too: `event_date`, `event_type`,
//! `name` for the title, `location` for the place, `actor1`/`actor2`, `fatalities`, and `source`
//! and `tags` as `;`-separated lists. Only `date` is required.

use super::cells::{parse_date, split_list};
use super::{Loaded, Problem, line_col};
use crate::formats::geojson::{DERIVED_PROPERTIES, FIGURE_PREFIX};
use crate::model::Event;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow, default)]
    features: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    geometry: Option<Value>,
    #[serde(default)]
    properties: Option<Map<String, Value>>,
}

/// Why one feature cannot be read.
struct BadFeature {
    field: String,
    message: String,
    hint: &'static str,
}

fn bad(field: &str, message: impl Into<String>, hint: &'static str) -> BadFeature {
    BadFeature { field: field.to_string(), message: message.into(), hint }
}

/// Parses a GeoJSON FeatureCollection (without its byte order mark).
pub fn parse_geojson(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (l, c) = line_col(bytes, e.valid_up_to());
        vec![Problem::error(name, "is not UTF-8 text").at(l, c).hint("GeoJSON is UTF-8 (RFC 7946): save it as such")]
    })?;
    let doc: Collection = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let msg = super::native::plain(msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]).to_string());
        vec![
            Problem::error(name, msg)
                .at(e.line().max(1), e.column().max(1))
                .hint("check that the file is complete, valid JSON"),
        ]
    })?;
    if doc.kind != "FeatureCollection" {
        return Err(vec![
            Problem::error(name, format!("is a GeoJSON {:?}, not a FeatureCollection", doc.kind))
                .field("type")
                .hint("sitrep reads a FeatureCollection of Point features; save the layer as one"),
        ]);
    }
    let stem = std::path::Path::new(name).file_stem().map_or("feature".into(), |s| s.to_string_lossy().into_owned());
    let results: Vec<Result<(Event, Vec<String>), BadFeature>> =
        doc.features.par_iter().enumerate().map(|(i, raw)| feature(raw.get(), i + 1, &stem)).collect();
    let mut loaded = Loaded { events: Vec::with_capacity(results.len()), ..Loaded::default() };
    let mut bad_ones = Vec::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (r, raw)) in results.into_iter().zip(&doc.features).enumerate() {
        match r {
            Ok((e, ignored)) => {
                loaded.events.push(e);
                for f in ignored {
                    *unknown.entry(f).or_default() += 1;
                }
            }
            Err(b) => {
                let (l, c) = line_col(bytes, raw.get().as_ptr() as usize - text.as_ptr() as usize);
                bad_ones.push(Problem::error(name, b.message).at(l, c).record(i + 1).field(b.field).hint(b.hint));
            }
        }
    }
    for (field, n) in unknown {
        loaded.warnings.push(
            Problem::warning(name, format!("is not read (in {n} features)")).field(format!("properties.{field}")).hint(
                "sitrep reads the native event fields and date, type, name, location, actor1, actor2, fatalities",
            ),
        );
    }
    if bad_ones.is_empty() || skip_bad {
        loaded.skipped = bad_ones;
        Ok(loaded)
    } else {
        Err(bad_ones)
    }
}

/// One feature as an event, with the property paths that were not read.
fn feature(raw: &str, n: usize, stem: &str) -> Result<(Event, Vec<String>), BadFeature> {
    let f: Feature = serde_json::from_str(raw).map_err(|e| {
        bad(
            "",
            format!("is not a GeoJSON feature: {e}"),
            "a feature is {\"type\": \"Feature\", \"geometry\", \"properties\"}",
        )
    })?;
    if f.kind != "Feature" {
        return Err(bad("type", format!("{:?} is not \"Feature\"", f.kind), "each member of features is a Feature"));
    }
    let point = point(f.geometry.as_ref())?;
    let mut p = f.properties.unwrap_or_default();
    for k in DERIVED_PROPERTIES {
        p.remove(k);
    }
    // the figures sitrep's export repeats as numbers ("figure: civilian deaths (UCDP GED)")
    p.retain(|k, _| !k.starts_with(FIGURE_PREFIX));
    for (from, to) in
        [("event_date", "date"), ("event_type", "type"), ("sub_event_type", "sub_type"), ("name", "title")]
    {
        if !p.contains_key(to)
            && let Some(v) = p.remove(from)
        {
            p.insert(to.to_string(), v);
        }
    }
    if !p.contains_key("id") {
        let id = match f.id {
            Some(Value::String(s)) => s,
            Some(Value::Number(x)) => x.to_string(),
            _ => format!("{stem}-{n}"),
        };
        p.insert("id".into(), Value::String(id));
    }
    if !p.contains_key("date") {
        return Err(bad("properties.date", "is missing", "every feature needs a date, e.g. \"date\": \"2019-03-13\""));
    }
    if let Some(Value::String(d)) = p.get("date")
        && let Some(day) = parse_date(d.trim())
    {
        p.insert("date".into(), Value::String(day.format("%Y-%m-%d").to_string()));
    }
    p.entry("type").or_insert_with(|| json!("Unspecified"));
    lists(&mut p);
    place(&mut p, point);
    if !p.contains_key("title") {
        let what = p.get("sub_type").or(p.get("type")).and_then(Value::as_str).unwrap_or("Event").to_string();
        let at = p.get("place").and_then(|pl| pl.get("name")).and_then(Value::as_str).unwrap_or("");
        let title = if at.is_empty() { what } else { format!("{what} in {at}") };
        p.insert("title".into(), Value::String(title));
    }
    let mut ignored = Vec::new();
    let mut on_ignored = |path: serde_ignored::Path| ignored.push(path.to_string());
    let de = serde_ignored::Deserializer::new(Value::Object(p), &mut on_ignored);
    let event: Event = serde_path_to_error::deserialize(de).map_err(|e| {
        bad(
            &format!("properties.{}", e.path()),
            super::native::plain(e.inner().to_string()),
            "write the property as in sitrep's JSON format (see docs/native-format.md)",
        )
    })?;
    Ok((event, ignored))
}

/// `[lon, lat]` of a Point geometry; `None` for a null geometry.
fn point(g: Option<&Value>) -> Result<Option<(f64, f64)>, BadFeature> {
    let Some(g) = g.filter(|g| !g.is_null()) else { return Ok(None) };
    let kind = g.get("type").and_then(Value::as_str).unwrap_or("");
    if kind != "Point" {
        return Err(bad(
            "geometry.type",
            format!("{kind:?} is not a Point"),
            "sitrep places events at points: turn areas and lines into points first (QGIS: Vector > Geometry Tools > Centroids)",
        ));
    }
    let c = g.get("coordinates").and_then(Value::as_array);
    let (lon, lat) = match c.map(|c| (c.first().and_then(Value::as_f64), c.get(1).and_then(Value::as_f64))) {
        Some((Some(lon), Some(lat))) => (lon, lat),
        _ => {
            return Err(bad(
                "geometry.coordinates",
                "is not [longitude, latitude]",
                "a Point's coordinates are [lon, lat]",
            ));
        }
    };
    if lon.abs() > 180.0 || lat.abs() > 90.0 {
        return Err(bad(
            "geometry.coordinates",
            format!("[{lon}, {lat}] is out of range"),
            "GeoJSON writes longitude first, then latitude (RFC 7946), in WGS84 degrees",
        ));
    }
    Ok(Some((lon, lat)))
}

fn split(s: &str) -> impl Iterator<Item = Value> + '_ {
    split_list(s).map(|x| Value::String(x.to_string()))
}

/// Flat forms of the list fields: `actor1`/`actor2`/`actor`, `fatalities`/`killed`, `source`,
/// and `tags` as a `;`-separated string.
fn lists(p: &mut Map<String, Value>) {
    if !p.contains_key("actors") {
        let mut actors = Vec::new();
        for (k, role) in [("actor", "actor"), ("actor1", "actor"), ("actor2", "target")] {
            if let Some(Value::String(s)) = p.get(k).cloned() {
                p.remove(k);
                actors.extend(split(&s).map(|name| json!({"name": name, "role": role})));
            }
        }
        if !actors.is_empty() {
            p.insert("actors".into(), Value::Array(actors));
        }
    }
    if !p.contains_key("casualties")
        && let Some(n) = p.remove("fatalities").or_else(|| p.remove("killed"))
    {
        // the claim is the first named source's; a feature that names none gets "unknown"
        let source = p.get("source").and_then(Value::as_str).and_then(|s| split_list(s).next());
        let source = source.unwrap_or("unknown").to_string();
        p.insert("casualties".into(), json!([{"source": source, "killed": n}]));
    }
    if !p.contains_key("sources")
        && let Some(Value::String(s)) = p.remove("source")
    {
        p.insert("sources".into(), Value::Array(split(&s).map(|o| json!({"outlet": o})).collect()));
    }
    if let Some(Value::String(s)) = p.get("tags").cloned() {
        p.insert("tags".into(), Value::Array(split(&s).collect()));
    }
}

/// The place from `place` (an object or a name), `location`, `admin1`, `admin2`, `country` and
/// the point.
fn place(p: &mut Map<String, Value>, point: Option<(f64, f64)>) {
    let mut place = match p.remove("place").or_else(|| p.remove("location")) {
        Some(Value::Object(o)) => o,
        Some(Value::String(s)) => Map::from_iter([("name".to_string(), Value::String(s))]),
        Some(other) => Map::from_iter([("name".to_string(), other)]),
        None => Map::new(),
    };
    for k in ["admin1", "admin2", "country"] {
        if let Some(v) = p.remove(k) {
            place.entry(k).or_insert(v);
        }
    }
    if let Some((lon, lat)) = point {
        place.insert("lat".into(), json!(lat));
        place.insert("lon".into(), json!(lon));
    }
    if place.is_empty() {
        return;
    }
    if !place.contains_key("name") {
        let name = match point {
            Some((lon, lat)) => format!("{lat:.4}, {lon:.4}"),
            None => String::new(),
        };
        place.insert("name".into(), Value::String(name));
    }
    p.insert("place".into(), Value::Object(place));
}
