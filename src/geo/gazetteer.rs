//! The GeoNames places of Syria (assets/places-sy.csv), embedded: the one source of place
//! coordinates and spellings for the query language and the map.

use crate::text::{fold, skeleton};
use std::sync::OnceLock;

/// One populated place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct GazPlace {
    /// GeoNames spelling, with diacritics.
    pub name: String,
    /// Diacritics stripped.
    pub ascii: String,
    pub lat: f64,
    pub lon: f64,
    /// Governorate.
    pub admin1: String,
    /// District, when GeoNames gives it.
    pub admin2: Option<String>,
    /// Population, when a GeoNames place of 1000 or more inhabitants matches by name and position.
    pub population: Option<u32>,
    folded: String,
    skeleton: String,
}

/// Places to look names up in.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<GazPlace>,
}

const EMBEDDED: &str = include_str!("../../assets/places-sy.csv");

impl Gazetteer {
    /// The embedded GeoNames places of Syria.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_csv(EMBEDDED))
    }

    /// Reads `name,ascii,lat,lon,admin1,admin2[,population]` rows; rows that do not parse are skipped (the
    /// embedded file is checked by a test).
    pub fn from_csv(text: &str) -> Gazetteer {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let places = rdr
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| {
                let name = r.get(0)?.to_string();
                let ascii = r.get(1)?.to_string();
                let folded = fold(&ascii);
                Some(GazPlace {
                    lat: r.get(2)?.parse().ok()?,
                    lon: r.get(3)?.parse().ok()?,
                    admin1: r.get(4)?.to_string(),
                    admin2: r.get(5).filter(|s| !s.is_empty()).map(str::to_string),
                    population: r.get(6).and_then(|s| s.parse().ok()),
                    skeleton: skeleton(&folded),
                    folded,
                    name,
                    ascii,
                })
            })
            .collect();
        Gazetteer { places }
    }

    pub fn places(&self) -> &[GazPlace] {
        &self.places
    }

    /// The place a name means: first an exact folded match ("Jisr al-Shughur" = "Jisr ash
    /// Shughūr"), then a match of consonant skeletons ("Sarqeb" = "Saraqib").
    pub fn find(&self, name: &str) -> Option<&GazPlace> {
        let f = fold(name);
        if f.is_empty() {
            return None;
        }
        let s = skeleton(&f);
        self.places.iter().find(|p| p.folded == f).or_else(|| self.places.iter().find(|p| p.skeleton == s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_gazetteer_is_whole() {
        let g = Gazetteer::embedded();
        assert_eq!(g.places().len(), 309, "every row of assets/places-sy.csv parses");
        assert!(g.places().iter().all(|p| (32.0..38.0).contains(&p.lat) && (35.0..43.0).contains(&p.lon)));
        let aleppo = g.find("Aleppo").and_then(|p| p.population);
        assert!(aleppo.is_some_and(|n| n > 1_000_000), "{aleppo:?}");
    }

    #[test]
    fn article_spellings_find_gazetteer_places() {
        let g = Gazetteer::embedded();
        let find = |s: &str| g.find(s).map(|p| p.ascii.as_str());
        assert_eq!(find("Sarqeb"), Some("Saraqib"));
        assert_eq!(find("Khan Sheikhon"), Some("Khan Shaykhun"));
        assert_eq!(find("Jisr al-Shughur"), Some("Jisr ash Shughur"));
        assert_eq!(find("Halafaya"), Some("Halfaya"));
        assert_eq!(find("Kafr Zeita"), Some("Kafr Zayta"));
        assert_eq!(find("idlib"), Some("Idlib"));
        assert_eq!(find("Atlantis"), None);
    }
}
