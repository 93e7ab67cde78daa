//! The event model and its native JSON form.
//!
//! An [`Event`] keeps what a report says, with its uncertainty: a date that is an interval with a
//! precision ([`When`]), a place with a location precision ([`Place`]), casualty figures as one
//! [`Claim`] per source, and the [`Source`] quotes the event rests on.

use serde::{Deserialize, Serialize};

mod file_text;
mod flat;
mod minute;
mod row;
mod when;
pub use file_text::FileText;
pub use flat::{Few, FlatEvent, FlatPlace, FlatRow, RowCells, Title, push_title};
pub use minute::{Minute, day_minute, minute, minute_day, next_month};
pub use row::SourceRow;
pub use when::{DatePrecision, When, WhenError};

/// One incident, statement or development.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique within a loaded set.
    pub id: String,
    /// A one-line summary.
    pub title: String,
    /// When it happened, as an interval with a precision.
    pub date: When,
    /// ACLED event type, e.g. "Explosions/Remote violence", "Strategic developments".
    #[serde(rename = "type")]
    pub event_type: String,
    /// ACLED sub-event type, e.g. "Air/drone strike", "Agreement".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// Casualty figures, one claim per source that gives any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub casualties: Vec<Claim>,
    /// Other reported numbers, one per source and label ("air strikes", "residents"), kept side by
    /// side when the sources disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The CSV row the event was read from (ACLED), written back unchanged by the ACLED export;
    /// not part of sitrep's JSON.
    #[serde(skip)]
    pub row: Option<std::sync::Arc<SourceRow>>,
}

/// A party to an event and its role in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub role: Role,
    /// Other spellings and short names ("HTS", "Hay'et Tahrir al-Sham").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Who acted (ACLED actor1).
    Actor,
    /// Who was acted upon (ACLED actor2).
    Target,
    /// Who reported or claimed it (a rescue service, a ministry, residents).
    Reporter,
    /// Fought or acted beside the actor (ACLED assoc_actor).
    Associated,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Actor => "actor",
            Role::Target => "target",
            Role::Reporter => "reporter",
            Role::Associated => "associated",
        }
    }
}

/// Where it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    /// Transliterations and other spellings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Governorate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// District.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    /// Country, as the source names it ("Syria").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// WGS84 degrees, -90..=90.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_lat")]
    pub lat: Option<f64>,
    /// WGS84 degrees, -180..=180.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "de_lon")]
    pub lon: Option<f64>,
    /// How precise the coordinates are.
    #[serde(default)]
    pub precision: GeoPrecision,
    /// Where the coordinates come from and why they stand where they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_source: Option<String>,
}

fn de_degrees<'de, D: serde::Deserializer<'de>>(d: D, what: &str, max: f64) -> Result<Option<f64>, D::Error> {
    use serde::de::Error;
    let v = Option::<f64>::deserialize(d)?;
    match v {
        Some(x) if !x.is_finite() || x.abs() > max => {
            Err(D::Error::custom(format_args!("{what} {x} is out of range: it must lie between -{max} and {max}")))
        }
        v => Ok(v),
    }
}

pub(crate) fn de_lat<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    de_degrees(d, "latitude", 90.0)
}

pub(crate) fn de_lon<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    de_degrees(d, "longitude", 180.0)
}

impl Place {
    /// Both coordinates, when the place has them.
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }
}

/// How precise a location is, after ACLED's geo_precision (1 = town, 2 = nearby town, 3 = region).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    /// The exact site (a building, a camp).
    Exact,
    /// The named town or village itself (ACLED 1).
    #[default]
    Town,
    /// A nearby town or the district (ACLED 2).
    District,
    /// Only the governorate or a wider region is known (ACLED 3).
    Region,
}

impl GeoPrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            GeoPrecision::Exact => "exact",
            GeoPrecision::Town => "town",
            GeoPrecision::District => "district",
            GeoPrecision::Region => "region",
        }
    }
}

/// One source's casualty figures for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Who gives these figures: an outlet, or a body quoted by one.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<Count>,
}

/// A reported number. In JSON either a bare integer (exact) or an object with a qualifier, and,
/// for a source that gives a range itself (UCDP low–high), an upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CountRepr", into = "CountRepr")]
pub struct Count {
    pub n: u32,
    pub qualifier: Qualifier,
    /// The upper end when the source gives a range (n is then its lower end).
    pub high: Option<u32>,
}

impl Count {
    pub fn exact(n: u32) -> Count {
        Count { n, qualifier: Qualifier::Exact, high: None }
    }
    /// The highest figure this count states.
    pub fn upper(&self) -> u32 {
        self.high.unwrap_or(self.n).max(self.n)
    }

    /// The true values this count allows, as an inclusive interval (`None` above: no upper
    /// bound). "At least 10" allows 10 and more, "more than 80" 81 and more, "about N" N give
    /// or take a tenth, "at most N" 0 to N, an exact N (or a source's own range) just that.
    pub fn allows(&self) -> (u64, Option<u64>) {
        let (n, hi) = (u64::from(self.n), u64::from(self.upper()));
        match self.qualifier {
            Qualifier::Exact => (n, Some(hi)),
            Qualifier::AtLeast => (n, None),
            Qualifier::MoreThan => (n + 1, None),
            Qualifier::AtMost => (0, Some(hi)),
            Qualifier::About => (n - n / 10, Some(hi + hi / 10)),
        }
    }

    /// Whether this count and `other` can both be true: whether the values they allow meet.
    /// "At least 10" and "15" can; "4" and "at least 12" cannot.
    pub fn compatible(&self, other: &Count) -> bool {
        let ((a_lo, a_hi), (b_lo, b_hi)) = (self.allows(), other.allows());
        a_hi.is_none_or(|h| b_lo <= h) && b_hi.is_none_or(|h| a_lo <= h)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    AtLeast,
    /// "More than 80": 81 or more; not the same claim as "at least 80".
    MoreThan,
    AtMost,
    About,
}

impl Qualifier {
    /// The words a reader sees before the number.
    pub fn prefix(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::AtLeast => "at least ",
            Qualifier::MoreThan => "more than ",
            Qualifier::AtMost => "at most ",
            Qualifier::About => "about ",
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.qualifier.prefix(), self.n)?;
        if let Some(h) = self.high {
            write!(f, "–{h}")?;
        }
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum CountRepr {
    Bare(u32),
    Full {
        n: u32,
        #[serde(default, skip_serializing_if = "is_exact")]
        qualifier: Qualifier,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<u32>,
    },
}

fn is_exact(q: &Qualifier) -> bool {
    *q == Qualifier::Exact
}

impl TryFrom<CountRepr> for Count {
    type Error = String;
    /// A range that runs downwards (`{"n": 10, "high": 5}`) is refused.
    fn try_from(r: CountRepr) -> Result<Count, String> {
        match r {
            CountRepr::Bare(n) => Ok(Count::exact(n)),
            CountRepr::Full { n, high: Some(h), .. } if h < n => {
                Err(format!("the range runs downwards: high {h} is below n {n}"))
            }
            CountRepr::Full { n, qualifier, high } => Ok(Count { n, qualifier, high }),
        }
    }
}

impl From<Count> for CountRepr {
    fn from(c: Count) -> CountRepr {
        if c.qualifier == Qualifier::Exact && c.high.is_none() {
            CountRepr::Bare(c.n)
        } else {
            CountRepr::Full { n: c.n, qualifier: c.qualifier, high: c.high }
        }
    }
}

/// A number other than casualties that a source reports ("at least 12 aerial strikes").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// What is counted, in the plural: "air strikes", "residents", "rocket strikes".
    pub label: String,
    pub source: String,
    pub count: Count,
}

/// A report the event rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub outlet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date, ISO 8601 (a day or a day and time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The sentences of the report that the event rests on, verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<String>,
}

/// How far the sources' figures for one count spread: the lowest and the highest number any
/// source gives, and whether they can all be true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    pub low: u32,
    pub high: u32,
    /// Whether the sources give figures that cannot all be true ("4" and "at least 12"; not
    /// "15" and "at least 10").
    pub disputed: bool,
    /// Whether a figure is open upwards ("at least", "more than").
    pub open: bool,
}

impl Spread {
    /// The spread of some counts (one per source), or None when there are none.
    pub fn over<'a>(counts: impl Iterator<Item = &'a Count>) -> Option<Spread> {
        let mut r: Option<Spread> = None;
        // The values every count so far allows: intervals on a line that meet pairwise meet all
        // together, so one running intersection tells whether all claims can be true.
        let mut common: (u64, Option<u64>) = (0, None);
        for c in counts {
            let (lo, hi) = (c.n, c.upper());
            let open = matches!(c.qualifier, Qualifier::AtLeast | Qualifier::MoreThan);
            let (a, b) = c.allows();
            common = (
                common.0.max(a),
                match (common.1, b) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                },
            );
            let disputed = common.1.is_some_and(|h| common.0 > h);
            r = Some(match r {
                None => Spread { low: lo, high: hi, disputed, open },
                Some(r) => Spread { low: r.low.min(lo), high: r.high.max(hi), disputed, open: r.open || open },
            });
        }
        r
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.low == self.high {
            write!(f, "{}{}", if self.open { "≥" } else { "" }, self.low)
        } else {
            write!(f, "{}–{}", self.low, self.high)
        }
    }
}

impl Event {
    /// Killed over all sources' claims, if any source gives a figure.
    pub fn killed(&self) -> Option<Spread> {
        Spread::over(self.casualties.iter().filter_map(|c| c.killed.as_ref()))
    }
    /// Injured over all sources' claims.
    pub fn injured(&self) -> Option<Spread> {
        Spread::over(self.casualties.iter().filter_map(|c| c.injured.as_ref()))
    }
    /// Whether the sources give different casualty figures, or different other figures under one label.
    pub fn disputed(&self) -> bool {
        let figures = self.figures.iter().map(|f| (f.label.as_str(), f.source.as_str(), f.count));
        disputed(figures, self.killed(), self.injured())
    }
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        self.place.as_ref().and_then(Place::lat_lon)
    }
}

/// The rule of [`Event::disputed`] over figures given as (label, source, count), so that a
/// reader of events not parsed into [`Event`] applies the very same rule: two sources give
/// figures under one label, or casualty figures, that cannot both be true.
pub fn disputed<'a>(
    figures: impl Iterator<Item = (&'a str, &'a str, Count)> + Clone,
    killed: Option<Spread>,
    injured: Option<Spread>,
) -> bool {
    let figures_differ =
        figures.clone().any(|a| figures.clone().any(|b| a.0 == b.0 && a.1 != b.1 && !a.2.compatible(&b.2)));
    figures_differ || killed.is_some_and(|r| r.disputed) || injured.is_some_and(|r| r.disputed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_reads_bare_and_qualified_forms() {
        let c: Count = serde_json::from_str("15").unwrap();
        assert_eq!(c, Count::exact(15));
        let c: Count = serde_json::from_str(r#"{"n":10,"qualifier":"at_least"}"#).unwrap();
        assert_eq!(c.qualifier, Qualifier::AtLeast);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"n":10,"qualifier":"at_least"}"#);
        assert_eq!(serde_json::to_string(&Count::exact(3)).unwrap(), "3");
    }

    #[test]
    fn killed_range_spans_disagreeing_sources() {
        let claim = |s: &str, k: Count| Claim { source: s.into(), killed: Some(k), injured: None };
        let ev = Event {
            id: "x".into(),
            title: "t".into(),
            date: When::parse("2019-03-13").unwrap(),
            event_type: "Explosions/Remote violence".into(),
            sub_type: None,
            actors: vec![],
            place: None,
            casualties: vec![
                claim("a", Count::exact(15)),
                claim("b", Count { n: 10, qualifier: Qualifier::AtLeast, high: None }),
            ],
            figures: vec![],
            sources: vec![],
            notes: None,
            tags: vec![],
            row: None,
        };
        let r = ev.killed().unwrap();
        assert_eq!((r.low, r.high), (10, 15));
        assert_eq!(r.to_string(), "10–15");
        assert!(!r.disputed && !ev.disputed(), "at least 10 and 15 can both be true");
    }

    fn q(n: u32, qualifier: Qualifier) -> Count {
        Count { n, qualifier, high: None }
    }

    #[test]
    fn disputed_means_claims_that_cannot_all_be_true() {
        use Qualifier::*;
        let range = |cs: &[Count]| Spread::over(cs.iter()).unwrap().disputed;
        assert!(!range(&[q(15, Exact), q(10, AtLeast)]));
        assert!(range(&[q(4, Exact), q(12, AtLeast)]));
        assert!(range(&[q(15, Exact), q(17, Exact)]));
        assert!(!range(&[q(10, AtLeast), q(12, AtLeast)]));
        assert!(range(&[q(80, Exact), q(80, MoreThan)]), "more than 80 is not 80");
        assert!(!range(&[q(80, AtLeast), q(80, Exact)]));
        assert!(range(&[q(3_000_000, Exact), q(4_000_000, About)]));
        assert!(!range(&[q(3_900_000, Exact), q(4_000_000, About)]));
        assert!(range(&[q(5, AtMost), q(6, AtLeast)]));
        assert!(!range(&[Count { n: 15, qualifier: Exact, high: Some(20) }, q(18, Exact)]));
        // pairwise meeting is enough on a line, but the running check sees all three
        assert!(range(&[q(10, AtLeast), q(12, AtMost), q(13, Exact)]));
    }

    #[test]
    fn more_than_reads_writes_and_shows_as_such() {
        let c: Count = serde_json::from_str(r#"{"n":80,"qualifier":"more_than"}"#).unwrap();
        assert_eq!(c, q(80, Qualifier::MoreThan));
        assert_eq!(c.to_string(), "more than 80");
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"n":80,"qualifier":"more_than"}"#);
    }
}
