//! `actor:`, `by:`, `on:`, `type:`, `source:` and `tag:`: whole words of a name or an alias,
//! the consonants of a whole spelling, the start of a word with `*` (or when nothing else
//! matches), several values ORed, and the roles each key looks at.

use super::*;
use crate::model::Role;

/// Actors in every role. HTS is given the same aliases wherever it appears.
fn actors() -> Set {
    let hts = ["HTS", "Hay'et Tahrir al-Sham"];
    Set::new(vec![
        ev("hts-strikes", "2019-03-13").actor("Hayat Tahrir al-Sham", Role::Actor, &hts).actor(
            "Military Forces of Russia (2000-)",
            Target,
            &[],
        ),
        ev("russia-strikes-hts", "2019-03-13")
            .actor("Military Forces of Russia (2000-)", Role::Actor, &["Russia"])
            .actor("Hayat Tahrir al-Sham", Target, &hts),
        ev("turkey-shells", "2019-03-14").actor("Military Forces of Turkey (2016-)", Role::Actor, &["Turkey"]).actor(
            "Jaish al-Izza",
            Associated,
            &[],
        ),
        ev("civil-defence-reports", "2019-03-14").actor("Syria Civil Defense", Reporter, &["White Helmets"]).actor(
            "Civilians (Syria)",
            Target,
            &[],
        ),
        ev("no-actors", "2019-03-15"),
        ev("hezbollah-joins", "2019-03-15").actor("Military Forces of Syria (2000-)", Role::Actor, &[]).actor(
            "Hezbollah",
            Associated,
            &["Hizballah"],
        ),
    ])
}

#[test]
fn actor_finds_a_name_or_alias_in_any_role() {
    actors().table(&[
        ("actor:HTS", &["hts-strikes", "russia-strikes-hts"], Both),
        ("actor:hts", &["hts-strikes", "russia-strikes-hts"], Both),
        // an alias, its apostrophe folded away
        ("actor:Hayet", &["hts-strikes", "russia-strikes-hts"], Both),
        ("actor:\"Tahrir al-Sham\"", &["hts-strikes", "russia-strikes-hts"], Both),
        // "al" is an article: "Jaish al Izza" and "Jaish al-Izza" are one name
        ("actor:\"Jaish al Izza\"", &["turkey-shells"], Both),
        ("actor:Russia", &["hts-strikes", "russia-strikes-hts"], Both),
        // the one who reported it is an actor too
        ("actor:\"White Helmets\"", &["civil-defence-reports"], Both),
        ("actor:Syria", &["civil-defence-reports", "hezbollah-joins"], Both),
        ("actor:\"Forces of\"", &["hts-strikes", "russia-strikes-hts", "turkey-shells", "hezbollah-joins"], Both),
        ("actor:2000", &["hts-strikes", "russia-strikes-hts", "hezbollah-joins"], Both),
    ]);
}

#[test]
fn several_values_of_a_key_are_ored_and_several_keys_anded() {
    actors().table(&[
        ("actor:Russia,Turkey", &["hts-strikes", "russia-strikes-hts", "turkey-shells"], Both),
        ("actor:HTS,Hezbollah", &["hts-strikes", "russia-strikes-hts", "hezbollah-joins"], Both),
        ("actor:\"Jaish al Izza\",\"White Helmets\"", &["turkey-shells", "civil-defence-reports"], Both),
        ("actor:HTS actor:Russia", &["hts-strikes", "russia-strikes-hts"], Both),
        ("actor:HTS actor:Turkey", &[], Both),
        ("actor:Syria -actor:Hezbollah", &["civil-defence-reports"], Both),
        ("-actor:HTS -actor:Syria", &["turkey-shells", "no-actors"], Both),
    ]);
}

#[test]
fn by_and_on_look_at_one_role() {
    actors().table(&[
        ("by:HTS", &["hts-strikes"], Both),
        ("on:HTS", &["russia-strikes-hts"], Both),
        ("by:Russia", &["russia-strikes-hts"], Both),
        ("on:Russia", &["hts-strikes"], Both),
        ("by:HTS on:Russia", &["hts-strikes"], Both),
        ("by:HTS on:HTS", &[], Both),
        // who acted beside the actor counts as acting
        ("by:\"Jaish al-Izza\"", &["turkey-shells"], Both),
        ("on:\"Jaish al-Izza\"", &[], Both),
        ("by:Hizballah", &["hezbollah-joins"], Both),
        // the reporter neither acted nor was the target
        ("by:\"White Helmets\"", &[], Both),
        ("on:\"White Helmets\"", &[], Both),
        ("on:Civilians", &["civil-defence-reports"], Both),
        ("by:Russia,Turkey", &["russia-strikes-hts", "turkey-shells"], Both),
    ]);
}

#[test]
fn another_transliteration_matches_by_its_consonants() {
    actors().table(&[
        // h-z-b-l-h both: another spelling of the same name
        ("actor:Hizbullah", &["hezbollah-joins"], Both),
        ("actor:Hizbollah", &["hezbollah-joins"], Both),
        // whole words, not the start of a longer one
        ("actor:Russian", &[], IndexOnly),
        ("actor:Hay", &["hts-strikes", "russia-strikes-hts"], IndexOnly),
    ]);
}

#[test]
fn the_start_of_a_word_with_a_star_or_when_nothing_else_matches() {
    let s = actors();
    s.table(&[
        ("actor:\"Hayat Tah*\"", &["hts-strikes", "russia-strikes-hts"], Both),
        ("actor:Tur*", &["turkey-shells"], Both),
        // no word "tah": read as its start, which one event alone cannot decide
        ("actor:Tah", &["hts-strikes", "russia-strikes-hts"], IndexOnly),
        ("actor:Zzz", &[], IndexOnly),
    ]);
    assert!(s.notes("actor:Tah")[0].contains("read as the start of a word"), "{:?}", s.notes("actor:Tah"));
    assert_eq!(s.notes("actor:Zzz"), ["no actor matches \"Zzz\""]);
}

/// A value of punctuation alone folds to nothing: it matches no name, with a note, rather
/// than every name.
#[test]
fn a_value_that_folds_to_nothing_matches_nothing() {
    let s = actors();
    s.table(&[("actor:\"...\"", &[], Both), ("by:\"-\"", &[], Both)]);
    assert_eq!(s.notes("actor:\"...\""), ["no actor matches \"...\""]);
}

/// The index gathers every alias any event gives a name: `actor:Nusra` finds the event whose
/// Hayat Tahrir al-Sham has no alias. One event alone cannot know that, so the stream hands over.
/// Initials need no alias: `actor:HTS` is read as Hayat Tahrir al-Sham on both paths.
#[test]
fn aliases_given_by_other_events_count() {
    Set::new(vec![
        ev("with-alias", "2019-03-13").actor("Hayat Tahrir al-Sham", Role::Actor, &["Nusra Front"]),
        ev("without-alias", "2019-03-13").actor("Hayat Tahrir al-Sham", Role::Actor, &[]),
        ev("other", "2019-03-13").actor("Free Syrian Army", Role::Actor, &["FSA"]),
    ])
    .table(&[
        ("actor:Nusra", &["with-alias", "without-alias"], IndexOnly),
        ("actor:HTS", &["with-alias", "without-alias"], Both),
        ("actor:\"Tahrir al-Sham\"", &["with-alias", "without-alias"], Both),
        ("actor:FSA", &["other"], Both),
    ]);
}

#[test]
fn type_finds_a_type_or_sub_type_by_its_words() {
    Set::new(vec![
        ev("air", "2019-03-13").kind("Explosions/Remote violence", Some("Air/drone strike")),
        ev("shelling", "2019-03-13").kind("Explosions/Remote violence", Some("Shelling/artillery/missile attack")),
        ev("clash", "2019-03-13").kind("Battles", Some("Armed clash")),
        ev("strategic", "2019-03-13").kind("Strategic developments", None),
        ev("attack", "2019-03-13").kind("Violence against civilians", Some("Attack")),
    ])
    .table(&[
        ("type:\"Air/drone strike\"", &["air"], Both),
        ("type:air", &["air"], Both),
        ("type:drone", &["air"], Both),
        ("type:shelling", &["shelling"], Both),
        ("type:explosions", &["air", "shelling"], Both),
        ("type:\"Remote violence\"", &["air", "shelling"], Both),
        ("type:violence", &["air", "shelling", "attack"], Both),
        ("type:attack", &["shelling", "attack"], Both),
        ("type:\"Strategic developments\"", &["strategic"], Both),
        ("type:shelling,Battles", &["shelling", "clash"], Both),
        ("type:Battles -type:clash", &[], Both),
        // "battle" is not the word "battles": read as its start
        ("type:battle", &["clash"], IndexOnly),
        ("type:Protests", &[], IndexOnly),
    ]);
}

fn sources_and_tags() -> Set {
    Set::new(vec![
        ev("independent", "2019-03-13")
            .source("The Independent", Some("Suleiman Al-Khalidi"), &["Rescuers said ..."])
            .killed("Syrian Civil Defence", 10, Qualifier::Exact),
        ev("reuters", "2019-03-13").source("Reuters", None, &[]),
        ev("jane", "2019-03-14").source("Field Notes", Some("Jane Roe"), &[]),
        ev("john", "2019-03-14").source("Field Notes", Some("John Doe"), &[]),
        ev("tagged", "2019-03-15").tag("date-inferred").tag("night raid"),
        ev("located", "2019-03-15").tag("location-inferred"),
    ])
}

#[test]
fn source_finds_an_outlet_an_author_or_who_gives_a_figure() {
    sources_and_tags().table(&[
        ("source:Independent", &["independent"], Both),
        ("source:\"The Independent\"", &["independent"], Both),
        ("source:Reuters,Independent", &["independent", "reuters"], Both),
        ("source:\"Field Notes\"", &["jane", "john"], Both),
        // who gives a casualty figure is a source too
        ("source:\"Syrian Civil Defence\"", &["independent"], Both),
        ("source:Khalidi", &["independent"], Both),
        ("source:Reuter", &["reuters"], IndexOnly),
    ]);
}

/// `source:"Jane Roe"` found John Doe's report too: an author was kept as another name of
/// the outlet, so every author of an outlet found all of its reports. An author is a name
/// of its own.
#[test]
fn an_author_finds_only_what_the_author_wrote() {
    sources_and_tags().table(&[
        ("source:\"Jane Roe\"", &["jane"], Both),
        ("source:Doe", &["john"], Both),
        ("source:\"Jane Roe\",\"John Doe\"", &["jane", "john"], Both),
    ]);
}

#[test]
fn tag_finds_a_tag_by_its_words() {
    sources_and_tags().table(&[
        ("tag:date-inferred", &["tagged"], Both),
        ("tag:\"date inferred\"", &["tagged"], Both),
        ("tag:inferred", &["tagged", "located"], Both),
        ("tag:\"night raid\"", &["tagged"], Both),
        ("tag:raid,location-inferred", &["tagged", "located"], Both),
        ("tag:infer", &["tagged", "located"], IndexOnly),
        ("tag:inferred -tag:night", &["located"], Both),
    ]);
}
