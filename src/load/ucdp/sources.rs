//! UCDP's `source_article` and `source_headline` columns.
//!
//! `source_article` holds one entry per report, joined by `;`, each usually in literal double
//! quotes: `"SOHR,2019-04-27,Headline text";"Airwars,2019-04-28,Other headline"`. Older rows
//! write `Reuters 1989-05-17 "HEADLINE` (spaces, and an unbalanced quote). An entry is read as
//! outlet, date and headline around its first `yyyy-mm-dd`; an entry without one is an outlet.

use crate::load::cells::month_number;
use crate::model::Source;

/// The reports of a `source_article` cell.
pub fn articles(cell: &str) -> Vec<Source> {
    entries(cell).into_iter().flat_map(article).collect()
}

/// The entries of a `;`-joined list, split outside quotes; when the quotes do not pair up, at
/// every `;`.
fn entries(cell: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in cell.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&cell[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return cell.split(';').collect();
    }
    out.push(&cell[start..]);
    out
}

/// Text without the quotes, commas and spaces around it.
fn bare(s: &str) -> &str {
    s.trim_matches(|c: char| c == '"' || c == ',' || c.is_whitespace())
}

/// The first date in `s`, `yyyy-mm-dd` or, in rows of the 1990s, `21 March 1989` or
/// `19 Nov 1990`: its byte range and its ISO form.
fn first_date(s: &str) -> Option<(std::ops::Range<usize>, String)> {
    let iso = iso_date(s);
    let long = long_date(s);
    match (iso, long) {
        (Some(a), Some(b)) if b.0.start < a.start => Some(b),
        (Some(a), _) => Some((a.clone(), s[a].to_string())),
        (None, b) => b,
    }
}

/// The first `yyyy-mm-dd` in `s`.
fn iso_date(s: &str) -> Option<std::ops::Range<usize>> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(9))
        .find(|&i| {
            let w = &b[i..i + 10];
            let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
            let alone = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            let ends = b.get(i + 10).is_none_or(|c| !c.is_ascii_alphanumeric());
            alone && ends && digits(0..4) && w[4] == b'-' && digits(5..7) && w[7] == b'-' && digits(8..10)
        })
        .map(|i| i..i + 10)
}

/// The first `21 March 1989` (or `21 Mar 1989`) in `s`, as a range and `1989-03-21`.
fn long_date(s: &str) -> Option<(std::ops::Range<usize>, String)> {
    let words: Vec<(usize, &str)> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    words.windows(3).find_map(|w| {
        // the day may be glued to the outlet's name ("Reuters21 March 1989")
        let day_at = w[0].1.len() - w[0].1.bytes().rev().take_while(u8::is_ascii_digit).count();
        let day: u32 = w[0].1.get(day_at..)?.parse().ok()?;
        let month = month_number(w[1].1)?;
        // the year may run on into the next word ("1989\"")
        let year = w[2].1.get(..4).filter(|_| w[2].1.as_bytes().get(4).is_none_or(|b| !b.is_ascii_digit()));
        let year: i32 = year?.parse().ok()?;
        let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
        let start = w[0].0 + day_at;
        Some((start..w[2].0 + 4, date.format("%Y-%m-%d").to_string()))
    })
}

fn source(outlet: &str, published: Option<&str>, headline: &str) -> Source {
    Source {
        outlet: outlet.to_string(),
        author: None,
        published: published.map(str::to_string),
        headline: (!headline.is_empty()).then(|| headline.to_string()),
        url: None,
        quotes: vec![],
    }
}

/// One entry as reports: outlet, date and headline. An old entry may quote its headline and
/// name a second source after it (`Reuters 1989-01-14 "HEADLINE" African Defence March 1989`):
/// that is a report of its own.
fn article(entry: &str) -> Vec<Source> {
    let entry = bare(entry);
    if entry.is_empty() {
        return vec![];
    }
    let Some((r, date)) = first_date(entry).filter(|(r, _)| !bare(&entry[..r.start]).is_empty()) else {
        return vec![source(entry, None, "")];
    };
    let (outlet, date) = (bare(&entry[..r.start]), Some(date.as_str()));
    let rest = entry[r.end..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    if let Some(quoted) = rest.strip_prefix('"')
        && let Some((headline, after)) = quoted.split_once('"')
        && !bare(after).is_empty()
    {
        return vec![source(outlet, date, bare(headline)), source(bare(after), None, "")];
    }
    vec![source(outlet, date, bare(rest))]
}

/// The headlines of `source_headline` (joined by `;`), or else those of the articles.
pub fn headlines(cell: &str, articles: &[Source]) -> Vec<String> {
    let own: Vec<String> = cell.split(';').map(bare).filter(|h| !h.is_empty()).map(str::to_string).collect();
    if own.is_empty() { articles.iter().filter_map(|a| a.headline.clone()).collect() } else { own }
}

/// Whether a headline says something of the event: a few words, not only a date
/// ("Thursday 3 January 2013") or a name.
pub fn tells(headline: &str) -> bool {
    const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let words: Vec<String> = headline.split_whitespace().map(str::to_lowercase).collect();
    let dated = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .any(|w| WEEKDAYS.contains(&w) || (w.len() >= 3 && month_number(w).is_some()));
    words.len() >= 4 && !(dated && words.len() <= 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triples(cell: &str) -> Vec<(String, Option<String>, Option<String>)> {
        articles(cell).into_iter().map(|s| (s.outlet, s.published, s.headline)).collect()
    }

    fn t(o: &str, d: Option<&str>, h: Option<&str>) -> (String, Option<String>, Option<String>) {
        (o.into(), d.map(Into::into), h.map(Into::into))
    }

    #[test]
    fn entries_become_outlet_date_and_headline() {
        assert_eq!(
            triples(r#""Support Kurds in Syria,2013-01-03, Thursday 3 January 2013";"VDC,2013-01-03,Abdul Satar""#),
            [
                t("Support Kurds in Syria", Some("2013-01-03"), Some("Thursday 3 January 2013")),
                t("VDC", Some("2013-01-03"), Some("Abdul Satar")),
            ]
        );
        assert_eq!(
            triples(r#"Reuters 1989-05-17 "ANGOLAN UNITA REBELS BLOW UP POWER LINES"#),
            [t("Reuters", Some("1989-05-17"), Some("ANGOLAN UNITA REBELS BLOW UP POWER LINES"))]
        );
        assert_eq!(
            triples(r#"Reuters 1989-01-14 "REBELS SAY THEY HIT OIL PIPELINE" African Defence March 1989"#),
            [
                t("Reuters", Some("1989-01-14"), Some("REBELS SAY THEY HIT OIL PIPELINE")),
                t("African Defence March 1989", None, None)
            ]
        );
        assert_eq!(
            triples(r#"Reuters21 March 1989 "AFGHAN TROOPS CLEAR ROAD."#),
            [t("Reuters", Some("1989-03-21"), Some("AFGHAN TROOPS CLEAR ROAD."))]
        );
        assert_eq!(
            triples(r#"Svenska Dagbladet 6 May 1992  "Dödsoffer i Tajikistan"#),
            [t("Svenska Dagbladet", Some("1992-05-06"), Some("Dödsoffer i Tajikistan"))]
        );
        assert_eq!(triples(r#""SOHR,2019-04-27,Strikes; then shelling""#).len(), 1, "a ; inside quotes");
        assert_eq!(triples("SOHR;Airwars"), [t("SOHR", None, None), t("Airwars", None, None)]);
        assert_eq!(triples(r#"SOHR,2019-03-15;"#), [t("SOHR", Some("2019-03-15"), None)]);
        assert_eq!(triples(r#""2019-03-15,Only a date""#), [t("2019-03-15,Only a date", None, None)]);
        assert!(triples(" ; \"\" ").is_empty());
    }

    #[test]
    fn headlines_that_tell_something_become_titles() {
        assert!(tells("15 Afghan Taliban killed in 24 hours: MoI"));
        assert!(!tells("Thursday 3 January 2013"));
        assert!(!tells("Abdul Satar Mustafa"));
    }
}
