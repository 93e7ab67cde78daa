//! sitrep's own JSON format: an array of events, or JSON Lines (one event per line).
//!
//! Files that we write hold one event per line inside the array; such files (and JSON Lines)
//! are parsed line by line on every core. Anything else is parsed as one document. Either way,
//! a problem is reported with its line, column, record and field.

mod message;

use super::{Loaded, Problem, line_col};
use crate::model::Event;
pub(in crate::load) use message::plain;
use message::{bare_message, hint_for};
use rayon::prelude::*;
use serde::Deserialize;

/// The layouts a native file can have.
enum Layout<'a> {
    /// `[` alone on the first line, one event per line, `]` alone on the last.
    ArrayOfLines(Vec<(usize, &'a [u8])>),
    /// One event per non-empty line.
    JsonLines(Vec<(usize, &'a [u8])>),
    /// Anything else that may be JSON.
    Document,
}

pub(super) fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if !first.is_ascii_whitespace() {
            break;
        }
        s = rest;
    }
    while let [rest @ .., last] = s {
        if !last.is_ascii_whitespace() {
            break;
        }
        s = rest;
    }
    s
}

/// Numbered (1-based), non-blank lines.
fn lines(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::with_capacity(bytes.len() / 512);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for (i, end) in ends.enumerate() {
        let line = &bytes[start..end];
        if !trim(line).is_empty() {
            out.push((i + 1, line));
        }
        start = end + 1;
    }
    out
}

/// Whether a trimmed line may be one event of a JSON Lines file.
pub(super) fn is_json_line(t: &[u8]) -> bool {
    t.starts_with(b"{") && t.ends_with(b"}")
}

/// Whether a trimmed line may be one event of an array written one event per line.
pub(super) fn is_array_line(t: &[u8]) -> bool {
    t.starts_with(b"{") && (t.ends_with(b"},") || t.ends_with(b"}"))
}

fn layout(bytes: &[u8]) -> Layout<'_> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        let ls = lines(bytes);
        // a first line that is a whole object, and more lines: JSON Lines, even with a broken
        // line, which is then reported at its line
        if ls.iter().all(|(_, l)| is_json_line(trim(l))) || (ls.len() > 1 && is_json_line(trim(ls[0].1))) {
            return Layout::JsonLines(ls);
        }
        return Layout::Document;
    }
    let ls = lines(bytes);
    let ok = ls.len() >= 2
        && trim(ls[0].1) == b"["
        && trim(ls[ls.len() - 1].1) == b"]"
        && ls[1..ls.len() - 1].iter().all(|(_, l)| is_array_line(trim(l)));
    if ok { Layout::ArrayOfLines(ls[1..ls.len() - 1].to_vec()) } else { Layout::Document }
}

/// A field path from a serde path: `[3].place.lat` becomes record 4, field `place.lat`.
fn split_path(path: &str) -> (Option<usize>, String) {
    if let Some(rest) = path.strip_prefix('[')
        && let Some((n, tail)) = rest.split_once(']')
        && let Ok(i) = n.parse::<usize>()
    {
        return (Some(i + 1), tail.trim_start_matches('.').to_string());
    }
    (None, if path == "." { String::new() } else { path.to_string() })
}

/// One element: the event, or the problem that stopped it. (The same size as an event, so
/// that the good results become the list of events in place, without a second copy.)
type Parsed = Result<Event, Box<Problem>>;

/// Unknown fields met while parsing in parallel: (record index, field path).
type Unknown = std::sync::Mutex<Vec<(usize, String)>>;

/// Parses one event, noting its unknown fields.
fn parse_event(raw: &[u8], i: usize, unknown: &Unknown) -> Result<Event, ParseFail> {
    let (ev, fields) = parse_one::<Event>(raw)?;
    if let Some((path, message, hint)) = refused(&ev) {
        let (line, column) = field_at(raw, path);
        return Err(ParseFail { message: message.into(), hint, path: path.into(), line, column });
    }
    if !fields.is_empty()
        && let Ok(mut u) = unknown.lock()
    {
        u.extend(fields.into_iter().map(|f| (i, f)));
    }
    Ok(ev)
}

/// One event with the paths of its unknown fields, parsed as a full load parses it; None when
/// it does not parse or is refused.
pub(super) fn parse_record(raw: &[u8]) -> Option<(Event, Vec<String>)> {
    parse_one::<Event>(raw).ok().filter(|(ev, _)| refused(ev).is_none())
}

/// What the types alone let through but an event may not hold: an empty id, one coordinate
/// without the other. The field's path, the message and the hint.
pub(super) fn refused(ev: &Event) -> Option<(&'static str, &'static str, &'static str)> {
    if ev.id.trim().is_empty() {
        return Some(("id", "is empty", "every event needs an id of its own, e.g. \"idlib-2019-03-13-1\""));
    }
    let point = ev.place.as_ref().map(|p| (p.lat.is_some(), p.lon.is_some()));
    refused_place(point)
}

/// [`refused`] for a place's (lat given, lon given).
pub(super) fn refused_place(point: Option<(bool, bool)>) -> Option<(&'static str, &'static str, &'static str)> {
    match point {
        Some((true, false)) => Some(("place.lat", "is given without lon", "give both lat and lon, or neither")),
        Some((false, true)) => Some(("place.lon", "is given without lat", "give both lat and lon, or neither")),
        _ => None,
    }
}

/// The 1-based line and column of a field's key in an event's JSON (`place.lat`: the last
/// `"lat"`), or of the event's start.
fn field_at(raw: &[u8], path: &str) -> (usize, usize) {
    let key = format!("\"{}\"", path.rsplit('.').next().unwrap_or(path));
    let at = memchr::memmem::rfind(raw, key.as_bytes()).unwrap_or(0);
    line_col(raw, at)
}

/// Why a JSON value did not parse, and where.
struct ParseFail {
    message: String,
    hint: &'static str,
    /// The serde path of the failing field, e.g. `[3].place.lat`.
    path: String,
    line: usize,
    column: usize,
}

impl ParseFail {
    fn new(e: &serde_json::Error, path: String) -> ParseFail {
        let message = bare_message(e);
        let path = if path == "?" { String::new() } else { path };
        ParseFail { hint: hint_for(e, &message, &path), message, path, line: e.line(), column: e.column().max(1) }
    }
}

/// Parses one JSON value of type T, collecting unknown fields as warnings. The common case
/// (the value is good) runs without tracking field paths, which costs about as much as the
/// parse itself; a value that fails is parsed again with paths, to say which field is wrong.
fn parse_one<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<(T, Vec<String>), ParseFail> {
    let mut unknown = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut on_unknown = |p: serde_ignored::Path| unknown.push(p.to_string());
    let fast =
        T::deserialize(serde_ignored::Deserializer::new(&mut de, &mut on_unknown)).and_then(|v| de.end().map(|()| v));
    match fast {
        Ok(v) => Ok((v, unknown)),
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let e = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Ok(_) => match de.end() {
                    Ok(()) => {
                        return Err(ParseFail::new(
                            &serde::de::Error::custom("the value did not parse"),
                            String::new(),
                        ));
                    }
                    Err(e) => return Err(ParseFail::new(&e, String::new())),
                },
                Err(e) => e,
            };
            Err(ParseFail::new(e.inner(), e.path().to_string()))
        }
    }
}

pub(super) fn unknown_warning(name: &str, record: Option<usize>, field: String, line: Option<usize>) -> Problem {
    let mut p = Problem::warning(name, "unknown field, ignored")
        .field(field)
        .hint("check its spelling against docs/native-format.md; the rest of the event is loaded");
    p.record = record;
    p.line = line;
    p
}

/// Parses the events of one native file.
pub fn parse_native(name: &str, bytes: &[u8]) -> Result<Loaded, Vec<Problem>> {
    parse_native_skipping(name, bytes, false)
}

/// Parses a native file; with `skip_bad`, events that do not parse are left out and listed in
/// [`Loaded::skipped`] (a file that is not valid JSON as a whole still fails).
pub fn parse_native_skipping(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    if let Err(e) = std::str::from_utf8(bytes) {
        let (l, c) = line_col(bytes, e.valid_up_to());
        return Err(vec![
            Problem::error(name, "is not UTF-8 text")
                .at(l, c)
                .hint("save the file as UTF-8 (sitrep reads JSON in UTF-8)"),
        ]);
    }
    match layout(bytes) {
        Layout::ArrayOfLines(ls) | Layout::JsonLines(ls) => parse_lines(name, &ls, false).or_else(|errs| {
            // An array whose lines do not parse one by one may still be one valid document
            // (an event spread over lines that look whole): the whole-document parse decides.
            if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
                parse_document(name, bytes, skip_bad)
            } else if skip_bad {
                parse_lines(name, &ls, true)
            } else {
                Err(errs)
            }
        }),
        Layout::Document => parse_document(name, bytes, skip_bad),
    }
}

/// An array spread over lines in any other way: the array is split into its elements first
/// (which finds syntax errors), then every element is parsed on its own, so that every bad
/// event is reported, each at its own line and column.
fn parse_document(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    let raws: Vec<&serde_json::value::RawValue> = match parse_one(bytes) {
        Ok((raws, _)) => raws,
        Err(f) => {
            let (rec, field) = split_path(&f.path);
            let mut p = Problem::error(name, f.message).field(field).hint(f.hint);
            if f.line > 0 {
                p = p.at(f.line, f.column.max(1));
            }
            p.record = rec;
            return Err(vec![p]);
        }
    };
    let base = bytes.as_ptr() as usize;
    let elements: Vec<(usize, &[u8])> =
        raws.iter().map(|r| (r.get().as_ptr() as usize - base, r.get().as_bytes())).collect();
    let unknown = Unknown::default();
    let results: Vec<Parsed> = elements
        .par_iter()
        .enumerate()
        .map(|(i, &(offset, raw))| {
            parse_event(raw, i, &unknown).map_err(|f| {
                let (line, col) = line_col(bytes, offset + byte_of(raw, f.line, f.column));
                Box::new(
                    Problem::error(name, f.message)
                        .at(line, col)
                        .record(i + 1)
                        .field(f.path.trim_start_matches('.'))
                        .hint(f.hint),
                )
            })
        })
        .collect();
    // The line each element starts on, counting newlines from one element to the next.
    let mut starts = Vec::with_capacity(elements.len());
    let (mut line, mut at) = (1, 0);
    for &(offset, _) in &elements {
        line += memchr::memchr_iter(b'\n', &bytes[at..offset]).count();
        at = offset;
        starts.push(line);
    }
    collect(name, results, unknown, &starts, skip_bad)
}

/// The byte offset in `raw` of serde_json's 1-based line and column.
fn byte_of(raw: &[u8], line: usize, column: usize) -> usize {
    let mut at = 0;
    for _ in 1..line.max(1) {
        match memchr::memchr(b'\n', &raw[at..]) {
            Some(i) => at += i + 1,
            None => return raw.len(),
        }
    }
    (at + column.saturating_sub(1)).min(raw.len())
}

/// Events and warnings, or every error.
fn collect(
    name: &str,
    results: Vec<Parsed>,
    unknown: Unknown,
    lines: &[usize],
    skip_bad: bool,
) -> Result<Loaded, Vec<Problem>> {
    let mut skipped = Vec::new();
    if results.iter().any(Result::is_err) {
        if !skip_bad {
            return Err(results.into_iter().filter_map(Result::err).map(|p| *p).collect());
        }
        skipped = results.iter().filter_map(|r| r.as_ref().err()).map(|p| (**p).clone()).collect();
    }
    let mut unknown = unknown.into_inner().unwrap_or_default();
    unknown.sort();
    let warnings =
        unknown.into_iter().map(|(i, f)| unknown_warning(name, Some(i + 1), f, lines.get(i).copied())).collect();
    let events = results.into_iter().filter_map(Result::ok).collect();
    Ok(Loaded { events, warnings, skipped })
}

/// The event of one line of a lines layout: without the comma that follows it in an array.
pub(super) fn record_of_line(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., last] = line {
        if last.is_ascii_whitespace() || *last == b',' {
            line = rest;
        } else {
            break;
        }
    }
    line
}

fn parse_lines(name: &str, lines: &[(usize, &[u8])], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    let unknown = Unknown::default();
    let results: Vec<Parsed> = lines
        .par_iter()
        .enumerate()
        .map(|(i, (line_no, raw))| {
            parse_event(record_of_line(raw), i, &unknown).map_err(|mut f| {
                if f.message.starts_with("ends in the middle") {
                    f.hint = "each line of a JSON Lines file holds one whole event: this one is cut short, or spread over lines";
                }
                Box::new(
                    Problem::error(name, f.message)
                        .at(*line_no, f.column)
                        .record(i + 1)
                        .field(f.path.trim_start_matches('.'))
                        .hint(f.hint),
                )
            })
        })
        .collect();
    let line_numbers: Vec<usize> = lines.iter().map(|(l, _)| *l).collect();
    collect(name, results, unknown, &line_numbers, skip_bad)
}
