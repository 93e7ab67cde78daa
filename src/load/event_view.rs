//! A native event read without copying its text: [`EventView`] borrows its strings from the
//! line it was parsed from, so that a query over a million events need not allocate millions
//! of strings only to throw almost all of them away.
//!
//! The view accepts exactly the events that [`Event`] accepts and that have no unknown field:
//! every struct here mirrors one of the model, field by field, with the same names, defaults
//! and checks (dates through [`When`], coordinates through the model's own range checks), and
//! refuses unknown fields. An event it refuses is parsed again by the model's own parser,
//! which warns about unknown fields (tracking them costs a fifth of the time of a parse, so
//! the view does not) or says what is wrong. A field added to the model must be added here
//! too; the tests compare the two on many broken events.

use crate::model::{Count, DatePrecision, Event, GeoPrecision, Role, When, de_lat, de_lon};
use crate::model::{Minute, minute};
use serde::Deserialize;
use std::borrow::Cow;

/// A string of the input: borrowed, unless it holds escapes that had to be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Str<'a>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_string(V)
    }
}

/// A string no filter reads: checked to be a string, and not kept, so that the views stay small
/// (serde moves them whole a few times per event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unread;

impl<'de> Deserialize<'de> for Unread {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Unread, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Unread;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Unread, E> {
                Ok(Unread)
            }
        }
        d.deserialize_string(V)
    }
}

/// The view of an [`Event`](crate::model::Event).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventView<'a> {
    #[serde(borrow)]
    pub id: Str<'a>,
    #[serde(borrow)]
    pub title: Str<'a>,
    pub date: DateView,
    #[serde(rename = "type", borrow)]
    pub event_type: Str<'a>,
    #[serde(default, borrow)]
    pub sub_type: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub actors: Vec<ActorView<'a>>,
    #[serde(default, borrow)]
    pub place: Option<PlaceView<'a>>,
    #[serde(default, borrow)]
    pub casualties: Vec<ClaimView<'a>>,
    #[serde(default, borrow)]
    pub figures: Vec<FigureView<'a>>,
    #[serde(default, borrow)]
    pub sources: Vec<SourceView<'a>>,
    #[serde(default, borrow)]
    pub notes: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub tags: Vec<Str<'a>>,
}

/// The view of an [`Actor`](crate::model::Actor).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorView<'a> {
    #[serde(borrow)]
    pub name: Str<'a>,
    pub role: Role,
    #[serde(default, borrow)]
    pub aliases: Vec<Str<'a>>,
}

/// The view of a [`Place`](crate::model::Place).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceView<'a> {
    #[serde(borrow)]
    pub name: Str<'a>,
    #[serde(default, borrow)]
    pub aliases: Vec<Str<'a>>,
    #[serde(default, borrow)]
    pub admin1: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub admin2: Option<Str<'a>>,
    #[serde(default, borrow)]
    pub country: Option<Str<'a>>,
    #[serde(default, deserialize_with = "de_lat")]
    pub lat: Option<f64>,
    #[serde(default, deserialize_with = "de_lon")]
    pub lon: Option<f64>,
    #[serde(default)]
    pub precision: GeoPrecision,
    #[serde(default)]
    pub geo_source: Option<Unread>,
}

/// The view of a [`Claim`](crate::model::Claim).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimView<'a> {
    #[serde(borrow)]
    pub source: Str<'a>,
    #[serde(default)]
    pub killed: Option<Count>,
    #[serde(default)]
    pub injured: Option<Count>,
}

/// The view of a [`Figure`](crate::model::Figure).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureView<'a> {
    #[serde(borrow)]
    pub label: Str<'a>,
    #[serde(borrow)]
    pub source: Str<'a>,
    pub count: Count,
}

/// The view of a [`Source`](crate::model::Source).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceView<'a> {
    #[serde(borrow)]
    pub outlet: Str<'a>,
    #[serde(default, borrow)]
    pub author: Option<Str<'a>>,
    #[serde(default)]
    pub published: Option<Unread>,
    #[serde(default)]
    pub headline: Option<Unread>,
    #[serde(default)]
    pub url: Option<Unread>,
    #[serde(default, borrow)]
    pub quotes: Vec<Str<'a>>,
}

/// A [`When`] reduced to what a filter reads: its interval in minutes, as the index keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateView {
    pub start: Minute,
    pub end: Minute,
}

impl From<When> for DateView {
    fn from(w: When) -> DateView {
        DateView { start: minute(w.start), end: minute(w.end) }
    }
}

impl<'de> Deserialize<'de> for DateView {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DateView, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

/// The visitor of [`When`], with the long form's strings borrowed.
struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = DateView;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a date like \"2019-03-13\" or an object {\"from\", \"to\", \"precision\", \"text\"}")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateView, E> {
        When::parse(v).map(DateView::from).map_err(E::custom)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<DateView, A::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Long<'a> {
            #[serde(borrow)]
            from: Str<'a>,
            #[serde(borrow)]
            to: Str<'a>,
            #[serde(default = "span")]
            precision: DatePrecision,
            #[serde(default, borrow)]
            #[allow(dead_code)] // read for its checks only: the text does not filter
            text: Option<Str<'a>>,
        }
        let l = Long::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        When::span(&l.from, &l.to, l.precision, None).map(DateView::from).map_err(serde::de::Error::custom)
    }
}

fn span() -> DatePrecision {
    DatePrecision::Span
}

impl EventView<'_> {
    /// Coordinates as the index stores them (f32), when the event has both.
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        let p = self.place.as_ref()?;
        Some((p.lat? as f32 as f64, p.lon? as f32 as f64))
    }

    /// How precisely the event is placed, as the index reads it (Region without a place).
    pub fn geo_precision(&self) -> GeoPrecision {
        self.place.as_ref().map_or(GeoPrecision::Region, |p| p.precision)
    }
}

/// Parses one event's JSON into a view; None when the event does not parse or has a field the
/// model does not know.
pub fn parse_view(json: &str) -> Option<EventView<'_>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let v = EventView::deserialize(&mut de).ok()?;
    de.end().ok()?;
    // what the full load refuses though the types allow it (see `native::refused`)
    let point = v.place.as_ref().map(|p| (p.lat.is_some(), p.lon.is_some()));
    if v.id.trim().is_empty() || super::native::refused_place(point).is_some() {
        return None;
    }
    Some(v)
}

fn borrowed(s: &str) -> Str<'_> {
    Str(Cow::Borrowed(s))
}

fn borrowed_all(v: &[String]) -> Vec<Str<'_>> {
    v.iter().map(|s| borrowed(s)).collect()
}

impl<'a> From<&'a Event> for EventView<'a> {
    /// The view of an event parsed in full (one the view refused for an unknown field).
    fn from(e: &'a Event) -> EventView<'a> {
        let opt = |s: &'a Option<String>| s.as_deref().map(borrowed);
        EventView {
            id: borrowed(&e.id),
            title: borrowed(&e.title),
            date: DateView { start: minute(e.date.start), end: minute(e.date.end) },
            event_type: borrowed(&e.event_type),
            sub_type: opt(&e.sub_type),
            actors: e
                .actors
                .iter()
                .map(|a| ActorView { name: borrowed(&a.name), role: a.role, aliases: borrowed_all(&a.aliases) })
                .collect(),
            place: e.place.as_ref().map(|p| PlaceView {
                name: borrowed(&p.name),
                aliases: borrowed_all(&p.aliases),
                admin1: opt(&p.admin1),
                admin2: opt(&p.admin2),
                country: opt(&p.country),
                lat: p.lat,
                lon: p.lon,
                precision: p.precision,
                geo_source: p.geo_source.as_ref().map(|_| Unread),
            }),
            casualties: e
                .casualties
                .iter()
                .map(|c| ClaimView { source: borrowed(&c.source), killed: c.killed, injured: c.injured })
                .collect(),
            figures: e
                .figures
                .iter()
                .map(|f| FigureView { label: borrowed(&f.label), source: borrowed(&f.source), count: f.count })
                .collect(),
            sources: e
                .sources
                .iter()
                .map(|s| SourceView {
                    outlet: borrowed(&s.outlet),
                    author: opt(&s.author),
                    published: s.published.as_ref().map(|_| Unread),
                    headline: s.headline.as_ref().map(|_| Unread),
                    url: s.url.as_ref().map(|_| Unread),
                    quotes: borrowed_all(&s.quotes),
                })
                .collect(),
            notes: opt(&e.notes),
            tags: borrowed_all(&e.tags),
        }
    }
}
