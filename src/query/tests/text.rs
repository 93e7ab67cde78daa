//! Free text: words and quoted phrases in the title, the notes and the sources' quotes (not the
//! headlines, not the authors), folded as names are; and terms of every kind together.

use super::*;
use crate::model::Role;

fn texts() -> Set {
    Set::new(vec![
        ev("prison", "2019-03-13").title("Air strike on the central prison").notes("Inmates fled.").source(
            "Field Notes",
            None,
            &["Witnesses said white phosphorous was used."],
        ),
        ev("camp", "2019-03-13").title("Shelling of Atmeh camp").source(
            "Field Notes",
            None,
            &["Barrel bombs fell near the camp."],
        ),
        ev("campaign", "2019-03-14").title("Campaign of barrel bombs").notes("The bombs were barrel-shaped"),
        ev("apart", "2019-03-14").title("Bombs and a barrel"),
        ev("halfaya", "2019-03-14")
            .title("Clashes in Ḩalfāyā")
            .notes("Hay'et Tahrir al-Sham fighters advanced.")
            .actor("Hayat Tahrir al-Sham", Role::Actor, &["HTS"]),
        // the source's headline and author are not searched
        ev("quiet", "2019-03-15").title("A quiet day at the café").source("Field Notes", Some("Jane Roe"), &[]),
        ev("imprisoned", "2019-03-15").title("Arrests").notes("He was imprisoned for a year."),
    ])
}

#[test]
fn a_word_is_found_in_title_notes_and_quotes() {
    texts().table(&[
        ("fled", &["prison"], Both),
        ("atmeh", &["camp"], Both),
        ("witnesses", &["prison"], Both),
        // inside longer words too: the search is for the letters, not for whole words
        ("prison", &["prison", "imprisoned"], Both),
        ("camp", &["camp", "campaign"], Both),
        ("PRISON", &["prison", "imprisoned"], Both),
        ("headline", &[], Both),
        ("jane", &[], Both),
    ]);
}

#[test]
fn text_is_folded_as_names_are() {
    texts().table(&[
        ("halfaya", &["halfaya"], Both),
        ("Ḩalfāyā", &["halfaya"], Both),
        ("café", &["quiet"], Both),
        ("cafe", &["quiet"], Both),
        ("hay'et", &["halfaya"], Both),
        ("\"Tahrir al-Sham\"", &["halfaya"], Both),
        ("\"Inmates fled.\"", &["prison"], Both),
        // a leading article is dropped from the search as from the text
        ("al-Sham", &["halfaya"], Both),
    ]);
}

#[test]
fn a_quoted_phrase_is_one_term_and_words_are_several() {
    texts().table(&[
        ("\"barrel bombs\"", &["camp", "campaign"], Both),
        ("barrel bombs", &["camp", "campaign", "apart"], Both),
        ("\"white phosphorous\"", &["prison"], Both),
        ("\"phosphorous white\"", &[], Both),
        ("bombs -\"barrel bombs\"", &["apart"], Both),
        ("prison -\"white phosphorous\"", &["imprisoned"], Both),
        ("-barrel -prison", &["halfaya", "quiet"], Both),
    ]);
}

/// Terms of every kind, ANDed: each narrows what the others find.
#[test]
fn terms_of_every_kind_together() {
    texts().table(&[
        ("camp date:2019-03-13", &["camp"], Both),
        ("camp -date:2019-03-13", &["campaign"], Both),
        ("barrel date:2019-03-13..2019-03-14 -\"barrel bombs\"", &["apart"], Both),
        ("source:\"Field Notes\" -prison", &["camp", "quiet"], Both),
        ("actor:HTS fighters", &["halfaya"], Both),
        ("actor:HTS -fighters", &[], Both),
        ("-actor:HTS advanced", &[], Both),
        ("overlaps:2019-03-15 -id:quiet", &["imprisoned"], Both),
    ]);
}

/// `"white phosphorous"` found an event whose title ends in "white" and whose notes begin with
/// "phosphorous": the parts of an event were searched as one run of text. A phrase stands
/// within one part, and a word can still be in any.
#[test]
fn a_phrase_does_not_run_from_one_part_into_the_next() {
    Set::new(vec![
        ev("split", "2019-03-13").title("Smoke, white").notes("Phosphorous was not confirmed.").source(
            "Field Notes",
            None,
            &["The smoke was white.", "Phosphorous, said one witness."],
        ),
        ev("whole", "2019-03-13").title("Strike").source("Field Notes", None, &["It was white phosphorous."]),
    ])
    .table(&[
        ("\"white phosphorous\"", &["whole"], Both),
        ("white phosphorous", &["split", "whole"], Both),
        ("\"smoke white\"", &["split"], Both),
        ("\"confirmed the smoke\"", &[], Both),
    ]);
}
