//! A deterministic generator of synthetic events, for benchmarks and load tests.
//!
//! The events are plainly synthetic (ids `syn-…`, outlet "Synthetic"), but shaped like real
//! data of north-west Syria 2017–2023: places are real GeoNames towns of Idlib, Hama, Aleppo
//! and Latakia at their gazetteer coordinates, actors follow a Zipf-like law (a few act in most
//! events, a long tail in few), and notes run to a few hundred bytes of English words drawn
//! by Zipf's law (s = 1, the shape of word frequencies in English text) from a list of the
//! 58,110 most used English words, with the conflict vocabulary ("shelling", "barrel bombs")
//! mixed in among the most frequent ranks, as it is in real reports.

use crate::geo::Gazetteer;
use crate::model::{Actor, Claim, Count, DatePrecision, Event, GeoPrecision, Place, Qualifier, Role, Source, When};
use chrono::{Duration, NaiveDate};
use diceware_wordlists::MINILOCK_WORDLIST;

/// SplitMix64: a tiny, fixed generator, so that a seed gives the same file on every machine
/// and every version (library generators promise no such stability).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Zipf-like rank in 0..n: rank r is drawn about 1/(r+1) as often as rank 0.
    fn zipf(&mut self, n: usize) -> usize {
        self.zipf_ln(n, (n as f64 + 1.0).ln())
    }
    /// [`Rng::zipf`] with `ln(n + 1)` computed once by the caller: (n+1)^u as exp(u·ln(n+1)).
    fn zipf_ln(&mut self, n: usize, ln_n1: f64) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * ln_n1).exp() - 1.0).floor() as usize % n.max(1)
    }
}

const ACTORS: &[(&str, &[&str])] = &[
    ("Military Forces of Syria (2000-)", &["Syrian army", "Syrian government forces", "SAA"]),
    ("Military Forces of Russia (2000-)", &["Russia", "Russian", "Russian Air Force"]),
    ("Hayat Tahrir al Sham", &["HTS", "Hay'et Tahrir al-Sham", "Hayat Tahrir al-Sham"]),
    ("Civilians (Syria)", &["civilians"]),
    ("National Liberation Front", &["NLF"]),
    ("Military Forces of Turkey (2016-)", &["Turkey", "Turkish forces"]),
    ("Syrian Civil Defence (White Helmets)", &["White Helmets", "Syria Civil Defence"]),
    ("Hurras al Din", &["Hurras al-Din"]),
    ("Jaish al Izza", &["Jaish al-Izza"]),
    ("Islamic State (Syria)", &["ISIS", "IS", "Daesh"]),
    ("Turkistan Islamic Party", &["TIP"]),
    ("Ahrar al Sham", &["Ahrar al-Sham"]),
];

const TYPES: &[(&str, &str)] = &[
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Strategic developments", "Other"),
    ("Strategic developments", "Change to group/activity"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Arrests"),
    ("Strategic developments", "Agreement"),
];

const WORDS: &[&str] = &[
    "shelling",
    "artillery",
    "village",
    "outskirts",
    "reported",
    "residents",
    "fighters",
    "positions",
    "drone",
    "strike",
    "market",
    "school",
    "hospital",
    "displaced",
    "families",
    "road",
    "checkpoint",
    "frontline",
    "countryside",
    "southern",
    "northern",
    "rebels",
    "government",
    "forces",
    "killed",
    "injured",
    "houses",
    "damaged",
    "according",
    "local",
    "sources",
    "camp",
    "rocket",
    "launchers",
    "clashes",
    "attempted",
    "advance",
    "repelled",
    "convoy",
    "patrol",
    "cluster",
    "munitions",
    "barrel",
    "bombs",
    "helicopter",
    "warplanes",
    "civil",
    "defence",
    "teams",
    "rubble",
    "bakery",
    "mosque",
    "farm",
    "olive",
    "grove",
];

/// Phrases that reports repeat word for word: one note in three holds one of them.
const PHRASES: &[&str] = &[
    "barrel bombs",
    "air strike",
    "air strikes",
    "civil defence teams",
    "cluster munitions",
    "rocket launchers",
    "olive grove",
    "displaced families",
    "according to local sources",
    "government forces",
];

/// The words of the notes, most frequent first: the English list in a fixed shuffled order (the
/// list is alphabetical, and how often a word is drawn should not depend on its spelling), with
/// the conflict words of [`WORDS`] at every third rank from the third, so that "shelling" is
/// about as common as "in" is in English and the last of them still in one note in ten.
struct Vocabulary(Vec<&'static str>);

impl Vocabulary {
    fn new() -> Vocabulary {
        let mut general: Vec<&str> = MINILOCK_WORDLIST.iter().copied().filter(|w| !WORDS.contains(w)).collect();
        let mut rng = Rng(0x5EED_0FE4_C111_5170);
        for i in (1..general.len()).rev() {
            general.swap(i, rng.below(i + 1));
        }
        let (mut general, mut conflict) = (general.into_iter(), WORDS.iter().copied());
        let mut ranked = Vec::with_capacity(MINILOCK_WORDLIST.len() + WORDS.len());
        loop {
            let next = match ranked.len() % 3 {
                2 => conflict.next().or_else(|| general.next()),
                _ => general.next().or_else(|| conflict.next()),
            };
            match next {
                Some(w) => ranked.push(w),
                None => break,
            }
        }
        Vocabulary(ranked)
    }

    /// A note of `n` words drawn by rank, and in one note of three a phrase of [`PHRASES`].
    fn note(&self, rng: &mut Rng, n: usize) -> String {
        let ln_n1 = (self.0.len() as f64 + 1.0).ln();
        let mut words: Vec<&str> = (0..n).map(|_| self.0[rng.zipf_ln(self.0.len(), ln_n1)]).collect();
        if rng.below(3) == 0 {
            let at = rng.below(words.len() + 1);
            words.insert(at, *rng.pick(PHRASES));
        }
        words.join(" ")
    }
}

const OUTLETS: &[&str] = &["Synthetic Observer", "Synthetic Wire", "Synthetic Monitor", "Synthetic Daily"];

/// `n` synthetic events from `seed`, in no particular order.
pub fn events(n: usize, seed: u64) -> Vec<Event> {
    let towns: Vec<_> = Gazetteer::embedded()
        .places()
        .iter()
        .filter(|p| matches!(p.admin1.as_str(), "Idlib" | "Hama" | "Aleppo" | "Latakia"))
        .collect();
    let first = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap_or_default();
    let days = 7 * 365 + 1;
    let mut rng = Rng(seed);
    let vocabulary = Vocabulary::new();
    (0..n)
        .map(|i| {
            let day = first + Duration::days(rng.below(days) as i64);
            let date = match rng.below(20) {
                0 => When::span(
                    &day.format("%Y-%m").to_string(),
                    &day.format("%Y-%m").to_string(),
                    DatePrecision::Month,
                    None,
                ),
                1 => {
                    let d = day.format("%Y-%m-%d").to_string();
                    let next = (day + Duration::days(1)).format("%Y-%m-%d").to_string();
                    When::span(
                        &format!("{d}T18:00"),
                        &format!("{next}T06:00"),
                        DatePrecision::Night,
                        Some("overnight".into()),
                    )
                }
                2 => When::parse(&format!("{}T{:02}:{:02}", day.format("%Y-%m-%d"), rng.below(24), rng.below(60))),
                _ => Ok(When::day(day)),
            }
            .unwrap_or_else(|_| When::day(day));
            let town = *rng.pick(&towns);
            let (etype, sub) = TYPES[rng.zipf(TYPES.len())];
            let actor = |rng: &mut Rng, role| {
                let k = rng.zipf(ACTORS.len() + 200);
                match ACTORS.get(k) {
                    Some((name, aliases)) => {
                        Actor { name: name.to_string(), role, aliases: aliases.iter().map(|a| a.to_string()).collect() }
                    }
                    None => Actor { name: format!("Local armed group {k}"), role, aliases: vec![] },
                }
            };
            let mut actors = vec![actor(&mut rng, Role::Actor)];
            if rng.below(3) > 0 {
                actors.push(actor(&mut rng, Role::Target));
            }
            let note_words = 30 + rng.below(40);
            let notes = vocabulary.note(&mut rng, note_words);
            let mut casualties = Vec::new();
            if etype != "Strategic developments" && rng.below(2) == 0 {
                let k = rng.zipf(40) as u32;
                casualties.push(Claim { source: OUTLETS[0].into(), killed: Some(Count::exact(k)), injured: None });
                if rng.below(4) == 0 {
                    let q =
                        Count { n: k.saturating_sub(rng.below(3) as u32), qualifier: Qualifier::AtLeast, high: None };
                    casualties.push(Claim { source: OUTLETS[1].into(), killed: Some(q), injured: None });
                }
            }
            let outlet = *rng.pick(OUTLETS);
            Event {
                id: format!("syn-{seed}-{i:07}"),
                title: format!("{sub} in {}", town.ascii),
                date,
                event_type: etype.into(),
                sub_type: Some(sub.into()),
                actors,
                place: Some(Place {
                    name: town.ascii.clone(),
                    aliases: if town.name != town.ascii { vec![town.name.clone()] } else { vec![] },
                    admin1: Some(town.admin1.clone()),
                    admin2: town.admin2.clone(),
                    country: None,
                    lat: Some(town.lat),
                    lon: Some(town.lon),
                    precision: GeoPrecision::Town,
                    geo_source: Some(format!("GeoNames: {}", town.ascii)),
                }),
                casualties,
                figures: vec![],
                sources: vec![Source {
                    outlet: outlet.into(),
                    author: None,
                    published: Some(day.format("%Y-%m-%d").to_string()),
                    headline: None,
                    url: None,
                    quotes: vec![format!("{} reported in {}.", sub, town.ascii)],
                }],
                notes: Some(notes),
                tags: vec!["synthetic".into()],
                row: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_events() {
        assert_eq!(events(50, 7), events(50, 7));
        assert_ne!(events(50, 7), events(50, 8));
    }

    #[test]
    fn notes_draw_a_large_vocabulary_by_zipfs_law() {
        let evs = events(5000, 3);
        let mut counts = rustc_hash::FxHashMap::default();
        for e in &evs {
            for w in e.notes.as_deref().unwrap().split(' ') {
                *counts.entry(w).or_insert(0usize) += 1;
            }
        }
        assert!(counts.len() > 20_000, "{} distinct words", counts.len());
        // rank r is drawn about 1/(r+1) as often as rank 0: rank 99 about 70 times less often
        let v = Vocabulary::new();
        let ratio = counts[v.0[0]] as f64 / counts[v.0[99]] as f64;
        assert!((50.0..100.0).contains(&ratio), "{ratio}");
        // the conflict vocabulary is still there, and its phrases word for word
        let with = |s: &str| evs.iter().filter(|e| e.notes.as_deref().unwrap().contains(s)).count();
        assert!(
            with("shelling") > 2500 && with("olive") > 250 && with("barrel bombs") > 50,
            "{}",
            with("barrel bombs")
        );
    }

    #[test]
    fn events_lie_in_the_region_and_period() {
        for e in events(500, 1) {
            let (lat, lon) = e.lat_lon().unwrap();
            assert!((34.5..37.5).contains(&lat) && (35.5..38.5).contains(&lon), "{lat},{lon}");
            assert!(e.date.start.date() >= NaiveDate::from_ymd_opt(2017, 1, 1).unwrap());
            assert!(e.date.start.date() <= NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        }
    }
}
