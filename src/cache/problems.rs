//! What a cache entry keeps beside the index: the load's warnings and skipped records (so that
//! an open from the cache says what the parse said), and a summary for `sitrep cache list`.

use super::{CacheMiss, Mapped, SectionWriter};
use crate::load::{Problem, Severity};
use serde_json::{Value, json};

const META: &str = "meta";
const PROBLEMS: &str = "problems";

pub fn write(w: &mut SectionWriter, warnings: &[Problem], skipped: &[Problem], events: usize) -> std::io::Result<()> {
    w.add_bytes(META, json!({ "events": events }).to_string().as_bytes())?;
    let all = json!({
        "warnings": warnings.iter().map(to_json).collect::<Vec<_>>(),
        "skipped": skipped.iter().map(to_json).collect::<Vec<_>>(),
    });
    w.add_bytes(PROBLEMS, all.to_string().as_bytes())
}

/// The warnings and the skipped records.
pub fn read(m: &Mapped) -> Result<(Vec<Problem>, Vec<Problem>), CacheMiss> {
    let bad = || CacheMiss::Damaged(PROBLEMS.into());
    let all: Value = serde_json::from_slice(m.bytes(PROBLEMS)?).map_err(|_| bad())?;
    let list = |key: &str| -> Result<Vec<Problem>, CacheMiss> {
        all[key].as_array().ok_or_else(bad)?.iter().map(|v| from_json(v).ok_or_else(bad)).collect()
    };
    Ok((list("warnings")?, list("skipped")?))
}

/// The number of events of an entry.
pub fn events(m: &Mapped) -> Option<usize> {
    let meta: Value = serde_json::from_slice(m.bytes(META).ok()?).ok()?;
    meta["events"].as_u64().map(|n| n as usize)
}

fn to_json(p: &Problem) -> Value {
    json!({
        "error": p.severity == Severity::Error,
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "record": p.record,
        "field": p.field,
        "message": p.message,
        "hint": p.hint,
    })
}

fn from_json(v: &Value) -> Option<Problem> {
    let num = |k: &str| v[k].as_u64().map(|n| n as usize);
    let text = |k: &str| v[k].as_str().map(str::to_string);
    let severity = if v["error"].as_bool()? { Severity::Error } else { Severity::Warning };
    Some(Problem {
        severity,
        file: text("file")?,
        line: num("line"),
        column: num("column"),
        record: num("record"),
        field: text("field"),
        message: text("message")?,
        hint: text("hint"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_back_whole() {
        let p = Problem::warning("a.csv", "odd").at(3, 4).record(2).field("lat").hint("fix it");
        let q = Problem::error("b.json", "bad");
        for x in [p, q] {
            assert_eq!(from_json(&to_json(&x)), Some(x));
        }
    }
}
