//! Which town names the map prefers when not all fit, and where province names go.
//!
//! Towns come from two GeoNames extracts (assets/PROVENANCE.md): Syria's 309 places, ranked by
//! administrative role (governorate capitals, then district seats, each of Syria's districts being
//! named after its seat town, then the other places), and the populated places of every other
//! country, ranked by role too (capitals of countries and provinces first, then seats of the next
//! division and towns of 100,000 or more) and within a role by population. Province names stand
//! at the mean position of their places, since no open boundary data is at hand to find a true
//! middle.

use crate::geo::{GazPlace, Gazetteer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

const WORLD_TOWNS: &str = include_str!("../../assets/towns-world.tsv");
const WORLD_AREAS: &str = include_str!("../../assets/admin1-world.tsv");

/// A town this populous ranks with the seats of districts.
const SEAT_POPULATION: u32 = 100_000;

/// A place's administrative role, most prominent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Capital,
    Seat,
    Town,
}

/// Governorate and the GeoNames ASCII name of its capital. Rif Dimashq's capital is Damascus,
/// listed under its own governorate.
const CAPITALS: [(&str, &str); 13] = [
    ("Aleppo", "Aleppo"),
    ("Al-Hasakah", "Al Hasakah"),
    ("Damascus Governorate", "Damascus"),
    ("Daraa", "Dar'a"),
    ("Deir ez-Zor", "Deir ez-Zor"),
    ("Hama", "Hamah"),
    ("Homs", "Homs"),
    ("Idlib", "Idlib"),
    ("Latakia", "Latakia"),
    ("Quneitra", "Al Qunaytirah"),
    ("Raqqa", "Ar Raqqah"),
    ("Suwayda", "As-Suwayda"),
    ("Tartus", "Tartus"),
];

/// Seats of the other districts, as GeoNames spells them, with their governorate. Seats that are
/// not among the gazetteer's places are left out.
const SEATS: [(&str, &str); 49] = [
    ("Aleppo", "'Afrin"),
    ("Aleppo", "I'zaz"),
    ("Aleppo", "Al Bab"),
    ("Aleppo", "Jarabulus"),
    ("Aleppo", "Manbij"),
    ("Aleppo", "'Ayn al 'Arab"),
    ("Aleppo", "Dayr Hafir"),
    ("Aleppo", "As Safirah"),
    ("Aleppo", "Al Atarib"),
    ("Al-Hasakah", "Al Qamishli"),
    ("Al-Hasakah", "Al Malikiyah"),
    ("Al-Hasakah", "Ra's al 'Ayn"),
    ("Daraa", "Izra'"),
    ("Daraa", "As Sanamayn"),
    ("Deir ez-Zor", "Albu Kamal"),
    ("Deir ez-Zor", "Al Mayadin"),
    ("Hama", "Masyaf"),
    ("Hama", "Maharda"),
    ("Hama", "As Salamiyah"),
    ("Hama", "As Suqaylibiyah"),
    ("Homs", "Ar Rastan"),
    ("Homs", "Tallkalakh"),
    ("Homs", "Al Qusayr"),
    ("Homs", "Tadmur"),
    ("Homs", "Mukharram al Fawqani"),
    ("Idlib", "Ariha"),
    ("Idlib", "Harim"),
    ("Idlib", "Jisr ash Shughur"),
    ("Idlib", "Ma'arrat an Nu'man"),
    ("Latakia", "Jablah"),
    ("Latakia", "Al Qardahah"),
    ("Latakia", "Al Haffah"),
    ("Raqqa", "Tall Abyad"),
    ("Raqqa", "Al-Tabqa"),
    ("Rif-dimashq", "Duma"),
    ("Rif-dimashq", "Darayya"),
    ("Rif-dimashq", "Qatana"),
    ("Rif-dimashq", "At Tall"),
    ("Rif-dimashq", "Yabrud"),
    ("Rif-dimashq", "An Nabk"),
    ("Rif-dimashq", "Az Zabadani"),
    ("Rif-dimashq", "Al Qutayfah"),
    ("Rif-dimashq", "Qadsayya"),
    ("Suwayda", "Salkhad"),
    ("Suwayda", "Shahba"),
    ("Tartus", "Baniyas"),
    ("Tartus", "Safita"),
    ("Tartus", "Ad Duraykish"),
    ("Tartus", "Al Qadmus"),
];

/// A labelled place of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// An ASCII spelling (GeoNames', diacritics stripped): one cell per character in any terminal.
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub tier: Tier,
    /// GeoNames population; 0 when unknown.
    pub population: u32,
    /// ISO 3166 country code.
    pub country: &'static str,
    /// The capital of its country.
    pub national: bool,
}

/// A province's (governorate's) name at the mean position of its places.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166 country code.
    pub country: &'static str,
}

pub fn tier_of(p: &GazPlace) -> Tier {
    let is = |list: &[(&str, &str)]| list.iter().any(|&(gov, name)| gov == p.admin1 && name == p.ascii);
    if is(&CAPITALS) {
        Tier::Capital
    } else if is(&SEATS) {
        Tier::Seat
    } else {
        Tier::Town
    }
}

/// ASCII for sure: the few GeoNames names the build left with letters beyond ASCII.
fn ascii(s: &str) -> String {
    if s.is_ascii() { s.to_string() } else { deunicode::deunicode(s) }
}

/// A row of towns-world.tsv: name, lat, lon, population, country, admin1 code, role (C capital
/// of a country, A of a province, S seat of a district, empty otherwise).
struct WorldRow<'a> {
    town: Town,
    admin1: &'a str,
}

fn world_rows() -> impl Iterator<Item = WorldRow<'static>> {
    // The embedded file is checked by a test: a row that does not parse is skipped.
    WORLD_TOWNS.lines().skip(1).filter_map(|line| {
        let mut f = line.split('\t');
        let name = f.next()?;
        let lat: f64 = f.next()?.parse().ok()?;
        let lon: f64 = f.next()?.parse().ok()?;
        let population: u32 = f.next()?.parse().ok()?;
        let country = f.next()?;
        let admin1 = f.next()?;
        let role = f.next()?;
        let national = role == "C";
        let tier = match role {
            "C" | "A" => Tier::Capital,
            _ if population >= SEAT_POPULATION => Tier::Seat,
            "S" => Tier::Seat,
            _ => Tier::Town,
        };
        Some(WorldRow { town: Town { name: ascii(name), lat, lon, tier, population, country, national }, admin1 })
    })
}

/// Every town of the map, most prominent first: by tier, then population, then name (so that
/// the choice is stable while panning).
pub fn towns() -> &'static [Town] {
    static T: OnceLock<Vec<Town>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: Vec<Town> = Gazetteer::embedded()
            .places()
            .iter()
            .map(|p| Town {
                name: p.ascii.clone(),
                lat: p.lat,
                lon: p.lon,
                tier: tier_of(p),
                population: p.population.unwrap_or(0),
                country: "SY",
                national: p.ascii == "Damascus",
            })
            .collect();
        t.extend(world_rows().map(|r| r.town));
        t.sort_by(|a, b| a.tier.cmp(&b.tier).then(b.population.cmp(&a.population)).then_with(|| a.name.cmp(&b.name)));
        t
    })
}

/// Province names at the mean position of their places: Syria's governorates ("Damascus
/// Governorate" shortened to "Damascus") and the first-level divisions of every other country.
pub fn areas() -> &'static [Area] {
    static A: OnceLock<Vec<Area>> = OnceLock::new();
    A.get_or_init(|| {
        let mut sums: Vec<(String, f64, f64, f64)> = Vec::new();
        for p in Gazetteer::embedded().places() {
            let name = p.admin1.trim_end_matches(" Governorate");
            if name.is_empty() {
                continue;
            }
            match sums.iter_mut().find(|s| s.0 == name) {
                Some(s) => (s.1, s.2, s.3) = (s.1 + p.lat, s.2 + p.lon, s.3 + 1.0),
                None => sums.push((name.to_string(), p.lat, p.lon, 1.0)),
            }
        }
        let names: FxHashMap<&str, &str> = WORLD_AREAS.lines().skip(1).filter_map(|l| l.split_once('\t')).collect();
        let mut world: FxHashMap<String, (&'static str, f64, f64, f64)> = FxHashMap::default();
        for r in world_rows() {
            let s = world.entry(format!("{}.{}", r.town.country, r.admin1)).or_insert((r.town.country, 0.0, 0.0, 0.0));
            *s = (s.0, s.1 + r.town.lat, s.2 + r.town.lon, s.3 + 1.0);
        }
        let mut out: Vec<Area> = sums
            .into_iter()
            .map(|(name, lat, lon, n)| Area { name, lat: lat / n, lon: lon / n, country: "SY" })
            .collect();
        let mut rest: Vec<Area> = world
            .into_iter()
            .filter_map(|(code, (country, lat, lon, n))| {
                let name = ascii(names.get(code.as_str())?);
                Some(Area { name, lat: lat / n, lon: lon / n, country })
            })
            .collect();
        // Stable order, whatever the hash map's.
        rest.sort_by(|a, b| a.name.cmp(&b.name).then(a.lat.total_cmp(&b.lat)));
        out.extend(rest);
        out
    })
}

/// Word runs of up to this many words are looked up as town names.
const MAX_WORDS: usize = 5;

/// Every run of up to [`MAX_WORDS`] whole words of `s` (split on blanks).
fn word_runs<'a>(s: &'a str, out: &mut FxHashSet<&'a str>) {
    let starts: Vec<usize> = std::iter::once(0).chain(s.match_indices(' ').map(|(i, _)| i + 1)).collect();
    for (k, &a) in starts.iter().enumerate() {
        for &b in starts.iter().skip(k + 1).take(MAX_WORDS - 1) {
            out.insert(&s[a..b - 1]);
        }
        if starts.len() - k <= MAX_WORDS {
            out.insert(&s[a..]);
        }
    }
}

/// Each town's name of [`towns`] folded, and its consonant skeleton: made once (40,000 names),
/// and on another thread while the browser opens its index (see `cli/browse.rs`).
pub fn town_spellings() -> &'static [(String, String)] {
    static S: OnceLock<Vec<(String, String)>> = OnceLock::new();
    S.get_or_init(|| {
        towns()
            .iter()
            .map(|t| {
                let f = crate::text::fold(&t.name);
                let s = crate::text::skeleton(&f);
                (f, s)
            })
            .collect()
    })
}

/// The towns that the loaded events name anywhere: as a place, in a place's or an actor's aliases
/// ("civil defence worker in Sarqeb"). Matched by folded spelling and by consonant skeleton, like
/// the query language. Sorted, for lookup by binary search.
pub fn mentioned(ix: &crate::index::Index) -> Vec<String> {
    use crate::text::skeleton;
    let mut keys: Vec<&str> = Vec::new();
    for d in [&ix.places, &ix.actors] {
        for id in 0..d.entries().len() as u32 {
            keys.extend(d.keys(id).iter().map(String::as_str));
        }
    }
    let skeletons: Vec<String> = keys.iter().map(|k| skeleton(k)).collect();
    let mut words = FxHashSet::default();
    for k in &keys {
        word_runs(k, &mut words);
    }
    let mut skeleton_words = FxHashSet::default();
    for k in &skeletons {
        word_runs(k, &mut skeleton_words);
    }
    let mut out: Vec<String> = towns()
        .iter()
        .zip(town_spellings())
        .filter(|(_, (f, s))| {
            // whole words only: "Suran" is not named by "surance"
            let distinct = s.replace(' ', "").len() >= 4;
            words.contains(f.as_str()) || (distinct && skeleton_words.contains(s.as_str()))
        })
        .map(|(t, _)| t.name.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_capital_and_seat_is_a_gazetteer_place() {
        let g = Gazetteer::embedded();
        for (gov, name) in CAPITALS.iter().chain(SEATS.iter()) {
            assert!(
                g.places().iter().any(|p| p.admin1 == *gov && p.ascii == *name),
                "{name} in {gov} is not in places-sy.csv"
            );
        }
        let count = |t: Tier| towns().iter().filter(|x| x.tier == t && x.country == "SY").count();
        assert_eq!(count(Tier::Capital), CAPITALS.len());
        assert_eq!(count(Tier::Seat), SEATS.len());
    }

    #[test]
    fn capitals_come_first() {
        let t = towns();
        assert_eq!(t.iter().filter(|x| x.country == "SY").count(), 309);
        assert!(t.windows(2).all(|w| w[0].tier <= w[1].tier));
        let syria: Vec<&Town> = t.iter().filter(|x| x.country == "SY").collect();
        assert!(syria.iter().take(CAPITALS.len()).any(|x| x.name == "Idlib"));
    }

    #[test]
    fn every_country_has_its_towns_ranked_by_population() {
        let t = towns();
        assert!(t.len() > 30_000, "{}", t.len());
        let of = |cc: &str| t.iter().filter(|x| x.country == cc).collect::<Vec<_>>();
        for (cc, at_least) in [("AF", 100), ("SD", 50), ("UA", 300), ("MM", 50), ("CD", 50)] {
            assert!(of(cc).len() >= at_least, "{cc}: {}", of(cc).len());
        }
        let af = of("AF");
        assert_eq!(af.first().map(|x| x.name.as_str()), Some("Kabul"), "the national capital leads");
        assert!(af.iter().any(|x| x.name == "Kandahar" && x.tier == Tier::Capital));
        // Within a tier, the larger town first.
        assert!(af.windows(2).all(|w| w[0].tier < w[1].tier || w[0].population >= w[1].population));
        assert!(t.iter().all(|x| x.name.is_ascii() && !x.name.is_empty()), "names are ASCII");
        assert!(t.iter().all(|x| (-90.0..=90.0).contains(&x.lat) && (-180.0..=180.0).contains(&x.lon)));
    }

    #[test]
    fn mentioned_finds_whole_words_only() {
        let mut set = FxHashSet::default();
        word_runs("civil defence worker in sarqeb", &mut set);
        assert!(set.contains("sarqeb") && set.contains("worker in sarqeb") && set.contains("civil"));
        assert!(!set.contains("arqeb") && !set.contains("in sar"));
        let mut set = FxHashSet::default();
        word_runs("a b c d e f g", &mut set);
        assert!(set.contains("c d e f g") && !set.contains("b c d e f g"));
    }

    #[test]
    fn governorate_names_sit_among_their_places() {
        let a = areas();
        assert!(a.len() > 3000, "{}", a.len());
        assert!(a.iter().take(14).all(|x| (32.0..38.0).contains(&x.lat)), "Syria's come first");
        let kandahar = a.iter().find(|x| x.name == "Kandahar").unwrap();
        assert!((30.5..32.5).contains(&kandahar.lat) && (64.5..67.0).contains(&kandahar.lon), "{kandahar:?}");
        let idlib = a.iter().find(|x| x.name == "Idlib").unwrap();
        assert!((35.4..36.3).contains(&idlib.lat) && (36.1..37.1).contains(&idlib.lon));
        let hama = a.iter().find(|x| x.name == "Hama").unwrap();
        assert!(hama.lat < idlib.lat, "Hama governorate lies south of Idlib's");
        assert!(a.iter().any(|x| x.name == "Damascus"));
    }
}
