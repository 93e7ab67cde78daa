//! What a JSON parser says, in the user's words: the value expected, never the parser's own
//! types, and a hint of what to do.

/// The message of a serde_json error without its " at line L column C" tail, which we print in
/// our own form, and in the user's words rather than the parser's.
pub(super) fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let s = match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    };
    plain(s)
}

/// serde's wording of a wrong value, said for the user: "expected f64" names no type a user
/// writes, and "untagged enum CountRepr" is sitrep's inside.
pub(in crate::load) fn plain(s: String) -> String {
    if let Some(what) = s.strip_prefix("EOF while parsing ") {
        return format!("ends in the middle of {what}");
    }
    if s.contains("untagged enum CountRepr") {
        return "is not a count: write a whole number such as 12, or {\"n\": 12, \"qualifier\": \"at_least\"}".into();
    }
    if let Some(rest) = s.strip_prefix("unknown variant ")
        && let Some((got, one_of)) = rest.split_once(", expected one of ")
    {
        return format!("{} is not one of {}", got.replace('`', "\""), one_of.replace('`', ""));
    }
    let Some(rest) = s.strip_prefix("invalid type: ").or_else(|| s.strip_prefix("invalid value: ")) else {
        return s;
    };
    let Some((got, wanted)) = rest.split_once(", expected ") else { return s };
    let got = match got {
        "map" => "an object { ... }",
        "sequence" => "a list [ ... ]",
        g => g,
    };
    let wanted = match wanted {
        "f64" | "f32" => "a number",
        "u32" | "u64" | "u16" | "u8" | "usize" => "a whole number, 0 or more",
        "i32" | "i64" => "a whole number",
        "a string" => "text in quotes",
        w if w.starts_with("a sequence") => "a list [ ... ]",
        w if w.starts_with("struct ") || w.starts_with("a map") => "an object { ... }",
        w => w,
    };
    format!("{got} is not {wanted}")
}

pub(super) fn hint_for(e: &serde_json::Error, msg: &str, path: &str) -> &'static str {
    use serde_json::error::Category;
    let field = path.rsplit('.').next().unwrap_or("");
    match e.classify() {
        Category::Data if field == "date" => "write dates as 2019-03-13, 2019-03 or {\"from\", \"to\", \"precision\"}",
        Category::Data if field == "lat" || field == "lon" => {
            "check the coordinate: latitude (lat) lies in -90..90, longitude (lon) in -180..180"
        }
        Category::Eof => {
            "the file ends in the middle of the JSON: is it complete (was the download or copy cut short)?"
        }
        Category::Syntax => {
            "this is not valid JSON here; sitrep reads a JSON array of events (see docs/native-format.md)"
        }
        Category::Io => "check that the file can be read",
        Category::Data if msg.starts_with("missing field") => {
            "every event needs at least \"id\", \"title\", \"date\" and \"type\""
        }
        Category::Data if msg.contains("date") => {
            "write dates as 2019-03-13, 2019-03 or {\"from\", \"to\", \"precision\"}"
        }
        Category::Data if msg.contains("runs downwards") => {
            "a range is {\"n\": LOW, \"high\": HIGH} with HIGH at least LOW; swap the two if they are the wrong way round"
        }
        Category::Data if msg.starts_with("an object") && path.is_empty() => {
            "sitrep reads a JSON array of events [ {...}, {...} ] or one event per line (JSON Lines)"
        }
        Category::Data if msg.contains("out of range") => "check the coordinate; latitude comes first, then longitude",
        Category::Data => "fix the value's type or spelling (see docs/native-format.md)",
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn parser_words_become_the_users() {
        for (serde, user) in [
            ("invalid type: string \"x\", expected f64", "string \"x\" is not a number"),
            ("invalid type: integer `5`, expected a string", "integer `5` is not text in quotes"),
            ("invalid type: map, expected a sequence", "an object { ... } is not a list [ ... ]"),
            ("unknown variant `village`, expected one of `town`, `region`", "\"village\" is not one of town, region"),
            ("EOF while parsing an object", "ends in the middle of an object"),
            ("missing field `id`", "missing field `id`"),
        ] {
            assert_eq!(plain(serde.to_string()), user);
        }
        assert!(
            plain("data did not match any variant of untagged enum CountRepr".into()).starts_with("is not a count")
        );
    }
}
