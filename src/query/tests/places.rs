//! `place:` (a place by name or alias, its governorate, district or country) and `near:`
//! (great-circle distance from a point or a place, leaving out events placed only by their
//! governorate unless `,any` asks for them).

use super::*;

/// Coordinates of towns as GeoNames gives them.
const IDLIB: (f64, f64) = (35.93062, 36.63393);
const SARAQIB: (f64, f64) = (35.86447, 36.80591);

fn places() -> Set {
    Set::new(vec![
        ev("idlib-city", "2019-03-13").place("Idlib", "Idlib", Some(IDLIB), Town).place_with(|p| {
            p.aliases = vec!["Idleb".into()];
            p.country = Some("Syria".into());
        }),
        ev("saraqib", "2019-03-13").place("Saraqib", "Idlib", Some(SARAQIB), Town),
        ev("khan-shaykhun", "2019-03-13").place("Khān Shaykhūn", "Idlib", Some((35.44208, 36.65095)), Town).place_with(
            |p| {
                p.aliases = vec!["Khan Sheikhoun".into()];
                p.admin2 = Some("Maarrat al-Numan".into());
            },
        ),
        ev("hama-city", "2019-03-13").place("Hama", "Hama", Some((35.13179, 36.75783)), Town),
        ev("abu-hamam", "2019-03-13").place("Abu Hamam", "Deir ez-Zor", Some((34.84, 40.87)), Town),
        // placed only by its governorate: the coordinates are those of Idlib city
        ev("idlib-governorate", "2019-03-13").place("Idlib Governorate", "Idlib", Some(IDLIB), Region),
        ev("unplaced", "2019-03-13"),
        ev("no-coordinates", "2019-03-13").place("Kafr Nabl", "Idlib", None, Town),
        ev("halfaya", "2019-03-13").place("Ḩalfāyā", "Hama", Some((35.26, 36.605)), District),
        ev("jurin", "2019-03-13").place("Jurin", "Hama", Some((35.6, 36.4)), Exact),
    ])
}

#[test]
fn place_finds_a_name_alias_or_the_area_around_it() {
    let idlib_governorate = ["idlib-city", "saraqib", "khan-shaykhun", "idlib-governorate", "no-coordinates"];
    places().table(&[
        ("place:Idlib", &idlib_governorate, Both),
        ("place:idlib", &idlib_governorate, Both),
        // Idleb is an alias of the city, and has Idlib's consonants
        ("place:Idleb", &idlib_governorate, Both),
        ("place:\"Idlib Governorate\"", &["idlib-governorate"], Both),
        // whole words: Hama, not Abu Hamam
        ("place:Hama", &["hama-city", "halfaya", "jurin"], Both),
        ("place:\"Khan Sheikhoun\"", &["khan-shaykhun"], Both),
        // accents folded
        ("place:\"Khan Shaykhun\"", &["khan-shaykhun"], Both),
        ("place:\"Maarrat al-Numan\"", &["khan-shaykhun"], Both),
        ("place:Syria", &["idlib-city"], Both),
        ("place:\"Deir ez-Zor\"", &["abu-hamam"], Both),
        ("place:Saraqib,Hama", &["saraqib", "hama-city", "halfaya", "jurin"], Both),
        ("place:Idlib -place:Saraqib", &["idlib-city", "khan-shaykhun", "idlib-governorate", "no-coordinates"], Both),
    ]);
}

#[test]
fn place_matches_other_transliterations_by_their_consonants() {
    places().table(&[
        ("place:Sarqeb", &["saraqib"], Both),
        ("place:\"Khan Sheikhon\"", &["khan-shaykhun"], Both),
        ("place:Halafaya", &["halfaya"], Both),
        ("place:Joreen", &["jurin"], Both),
        // Kafranbel is one word where Kafr Nabl is two: not the same spelling
        ("place:Kafranbel", &[], IndexOnly),
    ]);
}

#[test]
fn place_reads_a_value_loosely_only_when_nothing_matches_it() {
    let s = places();
    s.table(&[
        ("place:Ham*", &["hama-city", "abu-hamam", "halfaya", "jurin"], Both),
        ("place:Ham", &["hama-city", "abu-hamam", "halfaya", "jurin"], IndexOnly),
        ("place:\"northern Hama countryside\"", &["hama-city", "halfaya", "jurin"], IndexOnly),
        (
            "place:\"Idlib province\"",
            &["idlib-city", "saraqib", "khan-shaykhun", "idlib-governorate", "no-coordinates"],
            IndexOnly,
        ),
        // a whole word matches, so no prefix is tried
        ("place:Abu", &["abu-hamam"], Both),
    ]);
    let note = s.notes("place:\"northern Hama countryside\"");
    assert!(note[0].contains("read as \"hama\""), "{note:?}");
}

#[test]
fn near_a_point_measures_great_circle_distance() {
    // around 35°N 36°E: a tenth of a degree of latitude is 11.1 km, of longitude 9.1 km
    let s = Set::new(vec![
        ev("north-5.6km", "2019-03-13").place("A", "", Some((35.05, 36.0)), Town),
        ev("north-11.1km", "2019-03-13").place("B", "", Some((35.1, 36.0)), Town),
        ev("east-9.1km", "2019-03-13").place("C", "", Some((35.0, 36.1)), Town),
        ev("east-10.9km", "2019-03-13").place("D", "", Some((35.0, 36.12)), Town),
        // 5.6 km south and 4.6 km west: 7.2 km
        ev("southwest-7.2km", "2019-03-13").place("E", "", Some((34.95, 35.95)), Exact),
        ev("governorate-only", "2019-03-13").place("F", "", Some((35.0, 36.0)), Region),
        ev("nearby-town", "2019-03-13").place("G", "", Some((35.0, 36.0)), District),
        ev("no-coordinates", "2019-03-13").place("H", "", None, Town),
        ev("unplaced", "2019-03-13"),
    ]);
    s.table(&[
        ("near:35,36,10km", &["north-5.6km", "east-9.1km", "southwest-7.2km", "nearby-town"], Both),
        ("near:35.0,36.0,10000m", &["north-5.6km", "east-9.1km", "southwest-7.2km", "nearby-town"], Both),
        (
            "near:35,36,10km,any",
            &["north-5.6km", "east-9.1km", "southwest-7.2km", "governorate-only", "nearby-town"],
            Both,
        ),
        (
            "near:35,36,12km",
            &["north-5.6km", "north-11.1km", "east-9.1km", "east-10.9km", "southwest-7.2km", "nearby-town"],
            Both,
        ),
        ("near:35,36,500m", &["nearby-town"], Both),
        ("near:35,36,0km", &["nearby-town"], Both),
        ("near:35,36,0km,ANY", &["governorate-only", "nearby-town"], Both),
        ("near:35.05,36,1km", &["north-5.6km"], Both),
        ("near:0,0,100km", &[], Both),
        ("near:35,36,10km -near:35,36,6km", &["east-9.1km", "southwest-7.2km"], Both),
    ]);
}

#[test]
fn near_a_place_locates_it_among_the_events_then_in_the_gazetteer() {
    // Saraqib lies 17.1 km from Idlib
    places().table(&[
        ("near:Idlib,10km", &["idlib-city"], IndexOnly),
        ("near:Idlib,10km,any", &["idlib-city", "idlib-governorate"], IndexOnly),
        ("near:Idleb,10km", &["idlib-city"], IndexOnly),
        ("near:Saraqib,20km", &["idlib-city", "saraqib"], IndexOnly),
        ("near:\"Khan Shaykhun\",1km", &["khan-shaykhun"], IndexOnly),
        // not among the events: GeoNames' Armanaz, 20.7 km from Idlib and 36.5 km from Saraqib
        ("near:Armanaz,25km", &["idlib-city"], IndexOnly),
        ("near:35.93062,36.63393,20km", &["idlib-city", "saraqib"], Both),
    ]);
}

/// A place without coordinates, and not in the gazetteer, is refused with what to write.
#[test]
fn near_a_place_that_cannot_be_located_is_refused() {
    let s = places();
    let e = s.ix.query("near:\"Kafr Nabl\",10km").unwrap_err();
    assert!(e.message.contains("no place named \"Kafr Nabl\" with coordinates"), "{}", e.message);
    assert!(e.hint.unwrap_or_default().contains("near:LAT,LON,10km"));
}

#[test]
fn is_located_means_coordinates() {
    places().table(&[(
        "is:located",
        &["idlib-city", "saraqib", "khan-shaykhun", "hama-city", "abu-hamam", "idlib-governorate", "halfaya", "jurin"],
        Both,
    )]);
}
