//! The ACLED API's JSON: `{"status": 200, "success": true, "count": N, "data": [{...}, ...]}`,
//! one object per event keyed by the export's column names, every value a string (numbers and
//! nulls are read too). Each object is read as a CSV row of the same columns is, by the same
//! checks (see [`super::acled::Row`]), so that an event reads the same from either form.

use super::acled::{Export, Record};
use super::csv_table::Header;
use super::{Loaded, Problem, line_col};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Whether `bytes` (without a byte order mark and leading space) looks like an API response: an
/// object with a `data` list of ACLED events, as far as its first bytes tell.
pub fn looks_like_api(head: &[u8]) -> bool {
    head.first() == Some(&b'{')
        && memchr::memmem::find(head, b"\"event_id_cnty\"").is_some()
        && memchr::memmem::find(head, b"\"data\"").is_some()
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
    let mut objects: Vec<(usize, serde_json::Map<String, Value>)> = Vec::with_capacity(data.len());
    for (i, raw) in data.iter().enumerate() {
        let Ok(obj) = serde_json::from_str(raw.get()) else {
            let (line, column) = at(offset(raw));
            return Err(vec![
                Problem::error(name, "is not an object of an event's values")
                    .at(line, column)
                    .record(i + 1)
                    .hint("every item of \"data\" is an object such as {\"event_id_cnty\": \"SYR1\", ...}"),
            ]);
        };
        objects.push((offset(raw), obj));
    }
    // the columns are the first event's keys, as a CSV export's header names them
    let names: Vec<String> =
        objects.first().map(|(_, o)| o.keys().map(|k| k.to_ascii_lowercase()).collect()).unwrap_or_default();
    let header = Header::of_names(names.clone());
    let Some(export) = Export::of_header(name, header) else {
        return Err(vec![
            Problem::error(name, "is an ACLED API response whose events lack event_id_cnty, event_date or event_type")
                .at(1, 1)
                .hint("ask the API for all fields, or leave \"fields\" out of the request"),
        ]);
    };
    let mut loaded = Loaded { warnings: export.warnings.clone(), ..Loaded::default() };
    let mut bad = Vec::new();
    for (i, (offset, obj)) in objects.iter().enumerate() {
        let problem = |message: String, field: &str| {
            let (line, column) = at(*offset);
            Problem::error(name, message).at(line, column).record(i + 1).field(field)
        };
        let mut fields = Vec::with_capacity(names.len());
        let mut wrong = None;
        for key in &names {
            let value =
                obj.get(key.as_str()).or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|kv| kv.1));
            fields.push(match value {
                None | Some(Value::Null) => Cow::Borrowed(""),
                Some(Value::String(s)) => Cow::Borrowed(s.as_str()),
                Some(Value::Number(n)) => Cow::Owned(n.to_string()),
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
        match export.row(&Fields(fields)) {
            Ok(Some(row)) => loaded.events.push(row.event()),
            Ok(None) => {}
            Err(f) => bad.push(problem(f.message, f.field).hint(f.hint)),
        }
    }
    if bad.is_empty() || skip_bad {
        loaded.skipped = bad;
        Ok(loaded)
    } else {
        Err(bad)
    }
}
