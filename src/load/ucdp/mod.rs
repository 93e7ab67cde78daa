//! UCDP Georeferenced Event Dataset (GED) CSV files.
//!
//! Each row is an event with a date range, a location precision, two sides and three death
//! estimates (low, best, high). The range of the three becomes the event's casualty claim, the
//! best estimate and the breakdown by side become figures. The mapping is in docs/formats.md.

mod sources;

use super::cells::{title_in, whole};
use super::csv::{BadField, Header, RowResult, collect, read_rows, text};
use super::{Loaded, Problem};
use crate::model::{Actor, Claim, Count, DatePrecision, Event, Figure, GeoPrecision, Place, Role, When};
use chrono::Datelike;
use csv::StringRecord;

/// The source named in every UCDP claim and figure.
pub const CLAIM_SOURCE: &str = "UCDP GED";

/// The columns read; any others are ignored.
const COLUMNS: [&str; 27] = [
    "id",
    "type_of_violence",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_article",
    "source_headline",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
];

const REQUIRED: [&str; 4] = ["id", "date_start", "date_end", "type_of_violence"];

/// The tag of an event whose low, best and high figures are not in order.
pub const UNORDERED_TAG: &str = "figures-unordered";

/// Figures other than the low–high range, with their labels; the sides' deaths are labelled
/// with the sides' names when the row gives them.
const FIGURES: [(&str, &str); 5] = [
    ("best", "deaths, best estimate"),
    ("deaths_a", "deaths on side A"),
    ("deaths_b", "deaths on side B"),
    ("deaths_civilians", "civilian deaths"),
    ("deaths_unknown", "deaths of unknown affiliation"),
];

/// Whether a header is a UCDP GED file's.
pub fn is_ucdp(h: &Header) -> bool {
    h.has_all(&["date_start", "type_of_violence"])
}

/// Column positions, in the order of [`COLUMNS`].
struct Columns([Option<usize>; 27]);

impl Columns {
    fn get<'r>(&self, rec: &'r StringRecord, name: &str) -> &'r str {
        COLUMNS.iter().position(|c| *c == name).and_then(|k| self.0[k]).map_or("", |i| text(rec, i))
    }
}

/// Parses a UCDP GED CSV file (without its byte order mark).
pub fn parse_ucdp(name: &str, bytes: &[u8], skip_bad: bool) -> Result<Loaded, Vec<Problem>> {
    let header = Header::read(bytes).ok_or_else(|| vec![Problem::error(name, "has no header row")])?;
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| header.find(c).is_none()).collect();
    if !missing.is_empty() {
        return Err(vec![
            Problem::error(name, format!("is not a UCDP GED file: the column {} is missing", missing.join(", ")))
                .at(1, 1)
                .hint("a UCDP GED CSV file names its columns on the first line: id, year, type_of_violence, ..."),
        ]);
    }
    let cols = Columns(COLUMNS.map(|c| header.find(c)));
    let duplicates = header.duplicates(name);
    let slots = read_rows(bytes, &header, |rec| row(rec, &cols));
    let mut loaded = collect(name, bytes, &header, slots, skip_bad)?;
    loaded.warnings.splice(0..0, duplicates);
    let unordered = loaded.events.iter().filter(|e| e.tags.iter().any(|t| t == UNORDERED_TAG)).count();
    if unordered > 0 {
        let rows = if unordered == 1 { "1 row gives".to_string() } else { format!("{unordered} rows give") };
        loaded.warnings.push(
            Problem::warning(
                name,
                format!("{rows} low, best and high deaths out of order; each figure is kept as given"),
            )
            .hint(format!(
                "nothing to do: UCDP publishes such rows; `killed:` matches anything from their smallest to their \
                 largest figure, and `tag:{UNORDERED_TAG}` finds them"
            )),
        );
    }
    Ok(loaded)
}

fn some(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn number(s: &str, field: &'static str) -> Result<Option<u32>, BadField> {
    if s.is_empty() {
        return Ok(None);
    }
    let s = whole(s);
    s.parse::<u32>().map(Some).map_err(|_| {
        BadField::new(field, format!("{s:?} is not a whole number"), "write a count of deaths, or leave it empty")
    })
}

fn row(rec: &StringRecord, c: &Columns) -> RowResult {
    let id = c.get(rec, "id");
    if id == "id" {
        return Ok(None);
    }
    if id.is_empty() {
        return Err(BadField::new("id", "is empty", "every UCDP event needs its id"));
    }
    let date = when(c.get(rec, "date_start"), c.get(rec, "date_end"), c.get(rec, "date_prec"))?;
    let (event_type, sub_type) = match c.get(rec, "type_of_violence") {
        "1" => ("Battles", "State-based conflict"),
        "2" => ("Battles", "Non-state conflict"),
        "3" => ("Violence against civilians", "One-sided violence"),
        other => {
            return Err(BadField::new(
                "type_of_violence",
                format!("{other:?} is not 1, 2 or 3"),
                "UCDP's type_of_violence is 1 (state-based), 2 (non-state) or 3 (one-sided violence)",
            ));
        }
    };
    let mut actors = Vec::with_capacity(2);
    for (field, role) in [("side_a", Role::Actor), ("side_b", Role::Target)] {
        let v = c.get(rec, field);
        if !v.is_empty() {
            actors.push(Actor { name: v.to_string(), role, aliases: vec![] });
        }
    }
    let place = place(rec, c)?;
    let articles = sources::articles(c.get(rec, "source_article"));
    let headlines = sources::headlines(c.get(rec, "source_headline"), &articles);
    let title = title(rec, c, sub_type, place.as_ref(), &headlines);
    let mut tags: Vec<String> = some(c.get(rec, "conflict_name")).into_iter().collect();
    if c.get(rec, "event_clarity") == "2" {
        tags.push("low clarity".to_string());
    }
    let (claim, unordered) = claim(rec, c)?;
    let mut figures = figures(rec, c)?;
    if unordered {
        tags.push(UNORDERED_TAG.to_string());
        for (field, label) in [("low", "deaths, low estimate"), ("high", "deaths, high estimate")] {
            if let Some(n) = number(c.get(rec, field), field)? {
                figures.push(Figure { label: label.into(), source: CLAIM_SOURCE.into(), count: Count::exact(n) });
            }
        }
    }
    Ok(Some(Event {
        id: id.to_string(),
        title,
        date,
        event_type: event_type.to_string(),
        sub_type: Some(sub_type.to_string()),
        actors,
        place,
        casualties: claim.into_iter().collect(),
        figures,
        sources: articles,
        notes: (!headlines.is_empty()).then(|| headlines.join("; ")),
        tags,
        row: None,
    }))
}

/// What the row says happened: its first headline when that tells something, else the dyad
/// (or the sides) and the place; the type when the row names neither.
fn title(rec: &StringRecord, c: &Columns, sub_type: &str, place: Option<&Place>, headlines: &[String]) -> String {
    if let Some(h) = headlines.first().filter(|h| sources::tells(h)) {
        return h.clone();
    }
    let sides = [c.get(rec, "side_a"), c.get(rec, "side_b")];
    let dyad = match c.get(rec, "dyad_name") {
        "" if sides.iter().all(|s| !s.is_empty()) => format!("{} - {}", sides[0], sides[1]),
        "" => sub_type.to_string(),
        d => d.to_string(),
    };
    match place.map(|p| p.name.as_str()).filter(|n| !n.is_empty()) {
        Some(at) => title_in(&dyad, at),
        None => dyad,
    }
}

/// The range of deaths from the smallest to the largest of low, best and high (UCDP's low–high
/// range when they are in order), and whether they are out of order.
fn claim(rec: &StringRecord, c: &Columns) -> Result<(Option<Claim>, bool), BadField> {
    let best = number(c.get(rec, "best"), "best")?;
    let low = number(c.get(rec, "low"), "low")?;
    let high = number(c.get(rec, "high"), "high")?;
    let given: Vec<u32> = [low, best, high].into_iter().flatten().collect();
    let (Some(&min), Some(&max)) = (given.iter().min(), given.iter().max()) else {
        return Ok((None, false));
    };
    let unordered = low.is_some_and(|l| high.is_some_and(|h| l > h))
        || best.is_some_and(|b| low.is_some_and(|l| b < l) || high.is_some_and(|h| b > h));
    // a low alone is all UCDP knows; a high alone leaves the floor at zero
    let floor = if low.is_none() && best.is_none() { 0 } else { min };
    let killed = Count { n: floor, qualifier: Default::default(), high: (max != floor).then_some(max) };
    Ok((Some(Claim { source: CLAIM_SOURCE.to_string(), killed: Some(killed), injured: None }), unordered))
}

fn figures(rec: &StringRecord, c: &Columns) -> Result<Vec<Figure>, BadField> {
    let mut out = Vec::new();
    for (field, label) in FIGURES {
        let side = match field {
            "deaths_a" => c.get(rec, "side_a"),
            "deaths_b" => c.get(rec, "side_b"),
            _ => "",
        };
        let label = if side.is_empty() { label.to_string() } else { format!("deaths of {side}") };
        match number(c.get(rec, field), field)? {
            Some(n) if n > 0 || field == "best" => {
                out.push(Figure { label, source: CLAIM_SOURCE.to_string(), count: Count::exact(n) })
            }
            _ => {}
        }
    }
    Ok(out)
}

fn place(rec: &StringRecord, c: &Columns) -> Result<Option<Place>, BadField> {
    let coord = |field: &'static str, max: f64| -> Result<Option<f64>, BadField> {
        let s = c.get(rec, field);
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= max => Ok(Some(v)),
            _ => Err(BadField::new(
                field,
                format!("{s:?} is not a number between -{max} and {max}"),
                "write decimal degrees; check that latitude and longitude are not swapped",
            )),
        }
    };
    let (lat, lon) = (coord("latitude", 90.0)?, coord("longitude", 180.0)?);
    if lat.is_some() != lon.is_some() {
        return Err(BadField::new("latitude", "and longitude must both be given or both empty", "fill in both"));
    }
    let precision = match c.get(rec, "where_prec") {
        "" | "1" => GeoPrecision::Town,
        "2" | "3" => GeoPrecision::District,
        "4" | "5" | "6" | "7" => GeoPrecision::Region,
        other => {
            return Err(BadField::new(
                "where_prec",
                format!("{other:?} is not a precision from 1 to 7"),
                "UCDP's where_prec runs from 1 (the exact place) to 7 (international waters or airspace)",
            ));
        }
    };
    let (adm1, adm2) = (c.get(rec, "adm_1"), c.get(rec, "adm_2"));
    let name = [c.get(rec, "where_coordinates"), adm2, adm1, c.get(rec, "country")].into_iter().find(|s| !s.is_empty());
    if name.is_none() && lat.is_none() {
        return Ok(None);
    }
    Ok(Some(Place {
        name: name.unwrap_or_default().to_string(),
        aliases: vec![],
        admin1: some(adm1),
        admin2: some(adm2),
        country: some(c.get(rec, "country")),
        lat,
        lon,
        precision,
        geo_source: some(c.get(rec, "where_description")),
    }))
}

/// The date part of `2019-03-13` or `2019-03-13 00:00:00.000`.
fn day_part(s: &str) -> &str {
    s.split([' ', 'T']).next().unwrap_or(s)
}

/// From date_start to date_end, whole days. UCDP's date_prec (1 the day, 2 a few days, 3 a week,
/// 4 up to a month, 5 longer) is checked, but the label comes from the days themselves, so that
/// a two-day span reads as two days: one day is a `day`, seven a `week`, a calendar month a
/// `month`, a calendar year a `year`, anything else a `span`.
fn when(start: &str, end: &str, prec: &str) -> Result<When, BadField> {
    let bad = |field: &'static str, s: &str| {
        BadField::new(field, format!("{s:?} is not a date"), "UCDP dates read 2019-03-13 (or 2019-03-13 00:00:00.000)")
    };
    let (a, b) = (day_part(start), day_part(end));
    let single = When::parse(a).map_err(|_| bad("date_start", start))?;
    if single.precision != DatePrecision::Day {
        return Err(bad("date_start", start));
    }
    let end_day = When::parse(if b.is_empty() { a } else { b }).map_err(|_| bad("date_end", end))?;
    if end_day.precision != DatePrecision::Day {
        return Err(bad("date_end", end));
    }
    if !matches!(prec, "" | "1" | "2" | "3" | "4" | "5") {
        return Err(BadField::new(
            "date_prec",
            format!("{prec:?} is not a precision from 1 to 5"),
            "UCDP's date_prec runs from 1 (the exact day) to 5 (a range longer than a month)",
        ));
    }
    if end_day.start < single.start {
        return Err(BadField::new(
            "date_end",
            format!("{b} is before date_start {a}"),
            "date_end is the last day of the event: it cannot come before date_start",
        ));
    }
    if end_day == single {
        return Ok(single);
    }
    let (first, last) = (single.first_day(), end_day.first_day());
    let whole_month =
        first.day() == 1 && last.month() == first.month() && last.succ_opt().is_some_and(|d| d.day() == 1);
    let whole_year = first.ordinal() == 1 && last.year() == first.year() && last.month() == 12 && last.day() == 31;
    let precision = if whole_year {
        DatePrecision::Year
    } else if whole_month && last.year() == first.year() {
        DatePrecision::Month
    } else if (last - first).num_days() == 6 {
        DatePrecision::Week
    } else {
        DatePrecision::Span
    };
    Ok(When { start: single.start, end: end_day.end, precision, text: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_ranges_keep_their_precision() {
        assert_eq!(when("2019-03-13", "2019-03-13", "1").unwrap(), When::parse("2019-03-13").unwrap());
        let w = when("2019-03-13 00:00:00.000", "2019-03-15 00:00:00.000", "2").unwrap();
        assert_eq!(
            (w.from_text(), w.to_text(), w.precision),
            ("2019-03-13".into(), "2019-03-15".into(), DatePrecision::Span),
            "three days are three days, whatever date_prec says"
        );
        assert_eq!(when("2019-03-13", "2019-03-14", "1").unwrap().precision, DatePrecision::Span);
        assert_eq!(when("2019-03-10", "2019-03-16", "3").unwrap().precision, DatePrecision::Week);
        assert_eq!(when("2019-03-01", "2019-03-31", "4").unwrap(), When::parse("2019-03").unwrap());
        assert_eq!(when("2019-01-01", "2019-12-31", "5").unwrap(), When::parse("2019").unwrap());
        // a 34-day span, date_prec 5 in UCDP's terms, is no year
        assert_eq!(when("2019-03-01", "2019-04-03", "5").unwrap().precision, DatePrecision::Span);
        assert_eq!(when("2019-03-13", "2019-03-01", "1").unwrap_err().field, "date_end");
        assert_eq!(when("2019-03-13", "2019-03-13", "9").unwrap_err().field, "date_prec");
    }
}
