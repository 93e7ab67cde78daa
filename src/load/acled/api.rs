//! The ACLED API's JSON: `{"status": 200, "success": true, "count": N, "data": [{...}, ...]}`,
//! one object per event keyed by the export's column names, every value a string (numbers and
//! nulls are read too). Each object is read as a CSV row of the same columns is, by the same
//! checks (see [`super::Row`]), so that an event reads the same from either form.

use super::{Export, Record};
use crate::load::csv::Header;
use crate::load::{Loaded, Problem, line_col};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Whether `bytes` (without a byte order mark and leading space) looks like an API response: an
/// object with a `data` list, and ACLED's events in it or the API's own keys beside it (`data`
/// may be empty, and need not come first), as far as its first bytes tell.
pub fn looks_like_api(head: &[u8]) -> bool {
    let has = |key: &[u8]| memchr::memmem::find(head, key).is_some();
    let envelope = has(b"\"success\"") && (has(b"\"status\"") || has(b"\"count\""));
    head.first() == Some(&b'{') && ((has(b"\"data\"") && has(b"\"event_id_cnty\"")) || envelope)
}

/// The parts of a response sitrep reads; the rest (`count`, `filename`, ...) is passed over.
#[derive(Deserialize)]
struct Response<'a> {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default, borrow)]
    data: Option<Vec<&'a RawValue>>,
    #[serde(default)]
    error: Option<Value>,
}

/// One event object's values, in the columns' order.
struct Fields<'a>(Vec<Cow<'a, str>>);

impl Record for Fields<'_> {
    fn field(&self, i: usize) -> &str {
        self.0.get(i).map_or("", |f| f)
    }
}

/// Parses an API response (without its byte order mark).
pub fn parse_acled_json(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    let at = |offset: usize| line_col(bytes, offset);
    let resp: Response = serde_json::from_slice(bytes).map_err(|e| {
        vec![
            Problem::error(name, format!("is not a whole ACLED API response: {e}"))
                .at(e.line().max(1), e.column().max(1))
                .hint("save the API's answer as it came, or export CSV from ACLED instead"),
        ]
    })?;
    let Some(data) = resp.data.filter(|_| resp.success != Some(false)) else {
        let why = resp.error.map(|e| format!(": {}", crate::text::inert(&e.to_string()))).unwrap_or_default();
        return Err(vec![
            Problem::error(name, format!("is an ACLED API response without events{why}"))
                .at(1, 1)
                .hint("check the request (key, e-mail, filters) and save a response whose \"data\" lists events"),
        ]);
    };
    let offset = |raw: &RawValue| raw.get().as_ptr() as usize - bytes.as_ptr() as usize;
    let mut bad = Vec::new();
    // each item with its record number and where it starts
    let mut objects: Vec<(usize, usize, serde_json::Map<String, Value>)> = Vec::with_capacity(data.len());
    for (i, raw) in data.iter().enumerate() {
        let Ok(obj) = serde_json::from_str(raw.get()) else {
            let (line, column) = at(offset(raw));
            bad.push(
                Problem::error(name, "is not an object of an event's values")
                    .at(line, column)
                    .record(i + 1)
                    .hint("every item of \"data\" is an object such as {\"event_id_cnty\": \"SYR1\", ...}"),
            );
            continue;
        };
        objects.push((i + 1, offset(raw), obj));
    }
    if data.is_empty() {
        let mut loaded = Loaded::default();
        loaded.warnings.push(
            Problem::warning(name, "is an ACLED API response with no events: its \"data\" is empty")
                .at(1, 1)
                .hint("nothing to do if the request's filters match nothing"),
        );
        return Ok(loaded);
    }
    // the columns are every key of any event, as a CSV export's header names them
    let mut names: Vec<String> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for (_, _, o) in &objects {
        for k in o.keys() {
            if seen.insert(k.as_str()) {
                let k = k.to_ascii_lowercase();
                if !names.contains(&k) {
                    names.push(k);
                }
            }
        }
    }
    let header = Header::of_names(names.clone());
    let Some(export) = Export::of_header(name, header) else {
        return Err(vec![
            Problem::error(name, "is an ACLED API response whose events lack event_id_cnty, event_date or event_type")
                .at(1, 1)
                .hint("ask the API for all fields, or leave \"fields\" out of the request"),
        ]);
    };
    let mut loaded = Loaded { warnings: export.warnings.clone(), ..Loaded::default() };
    for (record, offset, obj) in &objects {
        let problem = |message: String, field: &str| {
            let (line, column) = at(*offset);
            Problem::error(name, message).at(line, column).record(*record).field(field)
        };
        let mut fields = Vec::with_capacity(names.len());
        let mut wrong = None;
        for key in &names {
            let value =
                obj.get(key.as_str()).or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|kv| kv.1));
            fields.push(match value {
                None | Some(Value::Null) => Cow::Borrowed(""),
                Some(Value::String(s)) => Cow::Borrowed(s.as_str()),
                Some(Value::Number(n)) => Cow::Owned(number(n)),
                Some(Value::Bool(b)) => Cow::Owned(b.to_string()),
                Some(_) => {
                    wrong.get_or_insert(key.as_str());
                    Cow::Borrowed("")
                }
            });
        }
        if let Some(key) = wrong {
            bad.push(
                problem("is a list or an object, not a value".into(), key)
                    .hint("every value of an ACLED event is text or a number"),
            );
            continue;
        }
        let rec = Fields(fields);
        match export.row(&rec) {
            Ok(Some(row)) => loaded.events.push(export.event(&row, &rec)),
            Ok(None) => {}
            Err(f) => bad.push(problem(f.message, f.field).hint(f.hint)),
        }
    }
    bad.sort_by_key(|p| p.record);
    if bad.is_empty() || skip_bad {
        loaded.skipped = bad;
        Ok(loaded)
    } else {
        Err(bad)
    }
}

/// A number as an export would write it: `2.0` as `2`, so that a count written as a float reads.
fn number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}
