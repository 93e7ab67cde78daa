//! From query text to terms.

use super::{Cmp, Flag, NameKey, Origin, Query, QueryError, Term, TermKind};
use crate::model::When;
use chrono::NaiveDateTime;
use std::ops::Range;

/// Every key of a term, as typed before its `:`.
pub const KEYS: &[&str] =
    &["date", "overlaps", "actor", "by", "on", "place", "type", "source", "tag", "near", "killed", "id", "is"];

/// The values `is:` takes.
pub const FLAGS: &[&str] = &["disputed", "located"];

/// Splits on whitespace outside double quotes; each token with its byte range.
fn tokens(text: &str) -> Result<Vec<(Range<usize>, &str)>, QueryError> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if let Some(s) = start.take() {
                out.push((s..i, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    if quoted {
        let at = text.rfind('"').unwrap_or(0);
        return Err(QueryError::new("this quote is never closed", at..text.len())
            .hint("close the phrase with another \", e.g. \"white phosphorous\""));
    }
    Ok(out)
}

/// Splits a value on commas outside quotes and removes the quotes.
fn values(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in v.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

pub fn parse(text: &str) -> Result<Query, QueryError> {
    let mut terms = Vec::new();
    for (span, tok) in tokens(text)? {
        let (negated, body, body_at) = match tok.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (true, rest, span.start + 1),
            _ => (false, tok, span.start),
        };
        let kind = match body.split_once(':') {
            Some((key, value)) if !key.contains('"') && key.chars().all(|c| c.is_ascii_alphabetic()) => {
                let vspan = body_at + key.len() + 1..span.end;
                keyed(&key.to_ascii_lowercase(), value, vspan, span.clone())?
            }
            _ => {
                let phrase = body.replace('"', "");
                let folded = crate::text::fold(&phrase);
                if folded.is_empty() {
                    return Err(QueryError::new("there is nothing to search for in this term", span)
                        .hint("search words need letters or digits"));
                }
                TermKind::Text(folded)
            }
        };
        terms.push(Term { negated, kind, span });
    }
    Ok(Query { terms })
}

fn keyed(key: &str, value: &str, vspan: Range<usize>, span: Range<usize>) -> Result<TermKind, QueryError> {
    let key_span = span.start..vspan.start.saturating_sub(1);
    if value.trim_matches('"').is_empty() {
        return Err(QueryError::new(format!("{key}: needs a value"), span).hint(example(key)));
    }
    let name = |k| Ok(TermKind::Name { key: k, values: values(value) });
    match key {
        "date" | "overlaps" => date(value.trim_matches('"'), key == "overlaps", vspan),
        "actor" => name(NameKey::Actor),
        "by" => name(NameKey::By),
        "on" => name(NameKey::On),
        "place" => name(NameKey::Place),
        "type" => name(NameKey::Type),
        "source" => name(NameKey::Source),
        "tag" => name(NameKey::Tag),
        "near" => near(value, vspan),
        "killed" => killed(value, vspan).map(TermKind::Killed),
        "id" => Ok(TermKind::Id(value.trim_matches('"').to_string())),
        "is" => match value.to_ascii_lowercase().as_str() {
            "disputed" => Ok(TermKind::Is(Flag::Disputed)),
            "located" => Ok(TermKind::Is(Flag::Located)),
            _ => Err(QueryError::new(format!("is:{value} is not a flag"), vspan)
                .hint("use is:disputed (figures that cannot all be true) or is:located (has coordinates)")),
        },
        _ => Err(QueryError::new(format!("unknown key {key:?}"), key_span)
            .hint(format!("keys are {}; to search the word itself, quote it: \"{key}:{value}\"", KEYS.join(", ")))),
    }
}

fn example(key: &str) -> String {
    match key {
        "date" | "overlaps" => format!("e.g. {key}:2019-03-13, {key}:2019-03, {key}:2019-03-01..2019-03-14"),
        "near" => {
            "e.g. near:Idlib,10km or near:35.93,36.63,10km (add ,any for events placed only by their governorate)"
                .into()
        }
        "killed" => "e.g. killed:>=10, killed:<5, killed:10..20".into(),
        "is" => "e.g. is:disputed".into(),
        _ => format!("e.g. {key}:NAME, or {key}:A,B for either"),
    }
}

/// A point of a range: its interval (start, end) as a date short form.
fn point(s: &str, span: &Range<usize>) -> Result<When, QueryError> {
    When::parse(s).map_err(|e| QueryError::new(e.to_string(), span.clone()))
}

fn date(v: &str, overlap: bool, span: Range<usize>) -> Result<TermKind, QueryError> {
    let (from, to): (Option<NaiveDateTime>, Option<NaiveDateTime>) = match v.split_once("..") {
        Some((a, b)) => {
            let from = (!a.is_empty()).then(|| point(a, &span)).transpose()?.map(|w| w.start);
            let to = (!b.is_empty()).then(|| point(b, &span)).transpose()?.map(|w| w.end);
            if from.is_none() && to.is_none() {
                return Err(QueryError::new("a date range needs at least one end", span).hint(example("date")));
            }
            (from, to)
        }
        None => {
            let w = point(v, &span)?;
            (Some(w.start), Some(w.end))
        }
    };
    if let (Some(a), Some(b)) = (from, to)
        && b <= a
    {
        return Err(QueryError::new("this range ends before it starts", span).hint("write the earlier date first"));
    }
    Ok(TermKind::Date { from, to, overlap })
}

fn near(v: &str, span: Range<usize>) -> Result<TermKind, QueryError> {
    let mut parts = values(v);
    let bad = || {
        QueryError::new(format!("near:{v} is not PLACE,DISTANCE or LAT,LON,DISTANCE"), span.clone())
            .hint(example("near"))
    };
    // `any` at the end also takes events placed only by their governorate
    let any_precision = parts.last().is_some_and(|p| p.eq_ignore_ascii_case("any"));
    if any_precision {
        parts.pop();
    }
    let (dist, rest) = parts.split_last().ok_or_else(bad)?;
    let Some(km) = distance(dist) else {
        // No distance at all ("near:Idlib", "near:35.93,36.63"): say what to add.
        let is_coordinate = dist.parse::<f64>().is_ok() && rest.len() == 1;
        if rest.is_empty() || is_coordinate {
            let with = format!("near:{},10km", parts.iter().map(|p| quote_part(p)).collect::<Vec<_>>().join(","));
            return Err(QueryError::new(format!("near:{v} needs a distance"), span).hint(format!("e.g. {with}")));
        }
        return Err(QueryError::new(format!("{dist:?} is not a distance"), span).hint("write it as 10km or 500m"));
    };
    let origin = match rest {
        [place] => Origin::Place(place.clone()),
        [lat, lon] => {
            let (lat, lon): (f64, f64) = (lat.parse().map_err(|_| bad())?, lon.parse().map_err(|_| bad())?);
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(QueryError::new(format!("{lat},{lon} is not on Earth"), span)
                    .hint("latitude lies in -90..90 and comes first, longitude in -180..180"));
            }
            Origin::Point { lat, lon }
        }
        _ => return Err(bad()),
    };
    Ok(TermKind::Near { origin, km, any_precision })
}

/// A value as it is written back into a query: quoted when it holds a space.
pub(super) fn quote_part(p: &str) -> String {
    if p.contains(char::is_whitespace) { format!("\"{p}\"") } else { p.to_string() }
}

fn distance(s: &str) -> Option<f64> {
    let s = s.to_ascii_lowercase();
    let (num, scale) = if let Some(n) = s.strip_suffix("km") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 0.001)
    } else {
        return None;
    };
    let x: f64 = num.trim().parse().ok()?;
    (x.is_finite() && x >= 0.0).then_some(x * scale)
}

fn killed(v: &str, span: Range<usize>) -> Result<Cmp, QueryError> {
    let bad = || QueryError::new(format!("killed:{v} is not a comparison"), span.clone()).hint(example("killed"));
    let num = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
    if let Some(n) = v.strip_prefix(">=") {
        Ok(Cmp::AtLeast(num(n)?))
    } else if let Some(n) = v.strip_prefix("<=") {
        Ok(Cmp::AtMost(num(n)?))
    } else if let Some(n) = v.strip_prefix('>') {
        Ok(Cmp::MoreThan(num(n)?))
    } else if let Some(n) = v.strip_prefix('<') {
        Ok(Cmp::LessThan(num(n)?))
    } else if let Some((a, b)) = v.split_once("..") {
        let (a, b) = (num(a)?, num(b)?);
        if b < a {
            return Err(bad());
        }
        Ok(Cmp::Between(a, b))
    } else {
        let n = num(v.strip_prefix('=').unwrap_or(v))?;
        Ok(Cmp::Between(n, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<TermKind> {
        parse(q).unwrap().terms.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn keys_values_and_negation() {
        let q = parse("actor:Russia,Turkey -type:\"Air/drone strike\" prison").unwrap();
        assert_eq!(q.terms.len(), 3);
        assert_eq!(
            q.terms[0].kind,
            TermKind::Name { key: NameKey::Actor, values: vec!["Russia".into(), "Turkey".into()] }
        );
        assert!(q.terms[1].negated);
        assert_eq!(q.terms[1].kind, TermKind::Name { key: NameKey::Type, values: vec!["Air/drone strike".into()] });
        assert_eq!(q.terms[2].kind, TermKind::Text("prison".into()));
        assert_eq!(q.terms[2].span, 45..51);
    }

    #[test]
    fn phrases_are_one_term() {
        assert_eq!(
            kinds("\"white phosphorous\" camp"),
            vec![TermKind::Text("white phosphorous".into()), TermKind::Text("camp".into())]
        );
    }

    #[test]
    fn dates_and_ranges() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap().and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(
            kinds("date:2019-03-13"),
            vec![TermKind::Date { from: Some(d("2019-03-13")), to: Some(d("2019-03-14")), overlap: false }]
        );
        assert_eq!(
            kinds("date:2019-03"),
            vec![TermKind::Date { from: Some(d("2019-03-01")), to: Some(d("2019-04-01")), overlap: false }]
        );
        assert_eq!(
            kinds("date:2019-03-01..2019-03-14"),
            vec![TermKind::Date { from: Some(d("2019-03-01")), to: Some(d("2019-03-15")), overlap: false }]
        );
        assert_eq!(
            kinds("overlaps:..2019-03-10"),
            vec![TermKind::Date { from: None, to: Some(d("2019-03-11")), overlap: true }]
        );
    }

    #[test]
    fn near_killed_and_flags() {
        let place = |p: &str, km: f64, any_precision: bool| TermKind::Near {
            origin: Origin::Place(p.into()),
            km,
            any_precision,
        };
        assert_eq!(kinds("near:Idlib,10km"), vec![place("Idlib", 10.0, false)]);
        assert_eq!(kinds("near:Idlib,10km,any"), vec![place("Idlib", 10.0, true)]);
        assert_eq!(kinds("near:\"Khan Shaykhun\",500m"), vec![place("Khan Shaykhun", 0.5, false)]);
        assert_eq!(
            kinds("near:35.93,36.63,5km"),
            vec![TermKind::Near { origin: Origin::Point { lat: 35.93, lon: 36.63 }, km: 5.0, any_precision: false }]
        );
        assert_eq!(kinds("killed:>=10"), vec![TermKind::Killed(Cmp::AtLeast(10))]);
        assert_eq!(kinds("killed:3..5"), vec![TermKind::Killed(Cmp::Between(3, 5))]);
        assert_eq!(kinds("killed:7"), vec![TermKind::Killed(Cmp::Between(7, 7))]);
        assert_eq!(kinds("is:disputed"), vec![TermKind::Is(Flag::Disputed)]);
        // The flags the query bar offers are the ones the parser reads.
        for f in FLAGS {
            assert!(matches!(kinds(&format!("is:{f}"))[..], [TermKind::Is(_)]), "is:{f}");
        }
    }

    #[test]
    fn errors_point_at_the_term() {
        let q = "actor:HTS date:2019-02-30 camp";
        let e = parse(q).unwrap_err();
        assert_eq!(&q[e.span.clone()], "2019-02-30");
        assert!(e.message.contains("not a day"), "{}", e.message);
        let rendered = e.render(q);
        assert!(rendered.contains("\n                 ^^^^^^^^^^\n"), "{rendered}");

        let e = parse("colour:red").unwrap_err();
        assert_eq!(e.span, 0..6);
        assert!(e.message.contains("unknown key"));
        for bad in [
            "near:Idlib",
            "near:Idlib,far",
            "killed:lots",
            "date:2019-03-10..2019-03-01",
            "date:..",
            "is:happy",
            "\"open",
            "actor:",
            "near:95,36,1km",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
    }

    /// `near:Idlib` said only that "Idlib" is not a distance: it names the distance to add, and
    /// the hint, followed, parses.
    #[test]
    fn near_without_a_distance_says_what_to_add() {
        for (q, fix) in [
            ("near:Idlib", "near:Idlib,10km"),
            ("near:\"Khan Shaykhun\"", "near:\"Khan Shaykhun\",10km"),
            ("near:35.93,36.63", "near:35.93,36.63,10km"),
        ] {
            let e = parse(q).unwrap_err();
            let hint = e.hint.clone().unwrap_or_default();
            assert!(e.message.contains("needs a distance") && hint.contains(fix), "{q}: {} / {hint}", e.message);
            assert!(parse(fix).is_ok(), "{fix}");
        }
    }

    /// Every example a hint gives is a query that parses: advice that works when followed.
    #[test]
    fn every_example_in_a_hint_parses() {
        for key in KEYS {
            let hint = example(key);
            let examples = hint.trim_start_matches("e.g. ").split([',', ' ']).filter(|w| w.contains(':'));
            for ex in examples.filter(|e| !e.contains("NAME")) {
                // "near:Idlib,10km" was split at its comma: rebuild the values that follow
                let whole = hint.split(' ').find(|w| w.trim_end_matches(',').starts_with(ex)).unwrap_or(ex);
                let q = whole.trim_end_matches(',');
                assert!(parse(q).is_ok(), "{key}: the hint's {q:?} does not parse");
            }
        }
        assert!(parse("actor:A,B").is_ok());
    }

    #[test]
    fn a_url_or_time_is_searched_as_text() {
        assert_eq!(kinds("12:45"), vec![TermKind::Text("12 45".into())]);
    }
}
