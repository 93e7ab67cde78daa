//! Which town names the map prefers when not all fit, and where governorate names go.
//!
//! GeoNames gives no population for these places, so administrative role stands in for size:
//! governorate capitals first, then district seats (each of Syria's districts is named after its
//! seat town), then the other places. Within a role, a town with events in its cell goes first.
//! Governorate names stand at the mean position of their gazetteer places, since no open
//! boundary data is at hand to find a true middle.

use crate::geo::{GazPlace, Gazetteer};
use std::sync::OnceLock;

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
    /// The GeoNames ASCII spelling: one cell per character in any terminal.
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub tier: Tier,
}

/// A governorate's name at the mean position of its places.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
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

/// The gazetteer's places, most prominent first (ties in name order, so that the choice is
/// stable while panning).
pub fn towns() -> &'static [Town] {
    static T: OnceLock<Vec<Town>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t: Vec<Town> = Gazetteer::embedded()
            .places()
            .iter()
            .map(|p| Town { name: p.ascii.clone(), lat: p.lat, lon: p.lon, tier: tier_of(p) })
            .collect();
        t.sort_by(|a, b| a.tier.cmp(&b.tier).then_with(|| a.name.cmp(&b.name)));
        t
    })
}

/// Governorate names ("Damascus Governorate" shortened to "Damascus") at the mean position of
/// their places.
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
        sums.into_iter().map(|(name, lat, lon, n)| Area { name, lat: lat / n, lon: lon / n }).collect()
    })
}

/// The towns of the gazetteer that the loaded events name anywhere: as a place, in a place's or
/// an actor's aliases ("civil defence worker in Sarqeb"). Matched by folded spelling and by
/// consonant skeleton, like the query language.
pub fn mentioned(ix: &crate::index::Index) -> Vec<String> {
    use crate::text::{fold, skeleton};
    // whole words only: "Suran" is not named by "surance"
    let has_words = |hay: &str, needle: &str| {
        hay.match_indices(needle).any(|(i, _)| {
            let end = i + needle.len();
            (i == 0 || hay.as_bytes()[i - 1] == b' ') && (end == hay.len() || hay.as_bytes()[end] == b' ')
        })
    };
    let mut keys: Vec<&str> = Vec::new();
    for d in [&ix.places, &ix.actors] {
        for id in 0..d.entries().len() as u32 {
            keys.extend(d.keys(id).iter().map(String::as_str));
        }
    }
    let skeletons: Vec<String> = keys.iter().map(|k| skeleton(k)).collect();
    towns()
        .iter()
        .filter(|t| {
            let f = fold(&t.name);
            let s = skeleton(&f);
            let distinct = s.replace(' ', "").len() >= 4;
            keys.iter().any(|k| has_words(k, &f)) || (distinct && skeletons.iter().any(|k| has_words(k, &s)))
        })
        .map(|t| t.name.clone())
        .collect()
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
        let count = |t: Tier| towns().iter().filter(|x| x.tier == t).count();
        assert_eq!(count(Tier::Capital), CAPITALS.len());
        assert_eq!(count(Tier::Seat), SEATS.len());
    }

    #[test]
    fn capitals_come_first() {
        let t = towns();
        assert_eq!(t.len(), 309);
        assert!(t.windows(2).all(|w| w[0].tier <= w[1].tier));
        assert!(t.iter().take(CAPITALS.len()).any(|x| x.name == "Idlib"));
    }

    #[test]
    fn governorate_names_sit_among_their_places() {
        let a = areas();
        assert_eq!(a.len(), 14);
        let idlib = a.iter().find(|x| x.name == "Idlib").unwrap();
        assert!((35.4..36.3).contains(&idlib.lat) && (36.1..37.1).contains(&idlib.lon));
        let hama = a.iter().find(|x| x.name == "Hama").unwrap();
        assert!(hama.lat < idlib.lat, "Hama governorate lies south of Idlib's");
        assert!(a.iter().any(|x| x.name == "Damascus"));
    }
}
