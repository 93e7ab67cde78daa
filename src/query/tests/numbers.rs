//! `killed:` (comparisons and ranges on the figures the sources report), `is:disputed` (figures
//! that cannot all be true) and `id:`.

use super::*;
use crate::model::Claim;

fn figures() -> Set {
    let injured = |source: &str, n: u32, qualifier: Qualifier| Claim {
        source: source.into(),
        killed: None,
        injured: Some(Count { n, qualifier, high: None }),
    };
    Set::new(vec![
        ev("k0", "2019-03-13").killed("A", 0, Qualifier::Exact),
        ev("k3", "2019-03-13").killed("A", 3, Qualifier::Exact),
        ev("k10", "2019-03-13").killed("A", 10, AtLeast),
        // "15" and "at least 10" can both be true
        ev("k10-15", "2019-03-13").killed("A", 15, Qualifier::Exact).killed("B", 10, AtLeast),
        // "4" and "at least 12" cannot
        ev("k4-12", "2019-03-13").killed("A", 4, Qualifier::Exact).killed("B", 12, AtLeast),
        // 81 or more
        ev("k80", "2019-03-13").killed("A", 80, MoreThan),
        ev("k-at-most-5", "2019-03-13").killed("A", 5, AtMost),
        // a source that gives a range itself (UCDP low and high)
        ev("k15-20", "2019-03-13").claim(Claim {
            source: "UCDP".into(),
            killed: Some(Count { n: 15, qualifier: Qualifier::Exact, high: Some(20) }),
            injured: None,
        }),
        ev("k15-vs-17", "2019-03-13").killed("A", 15, Qualifier::Exact).killed("B", 17, Qualifier::Exact),
        ev("no-figures", "2019-03-13"),
        ev("injured-only", "2019-03-13").claim(injured("A", 7, Qualifier::Exact)),
        ev("injured-disputed", "2019-03-13").claim(injured("A", 4, Qualifier::Exact)).claim(injured("B", 12, AtLeast)),
        ev("figures-differ", "2019-03-13").figure("air strikes", "X", exact(12)).figure("air strikes", "Y", exact(14)),
        // one source giving two figures, or two labels, is no dispute between sources
        ev("figures-one-source", "2019-03-13").figure("air strikes", "X", exact(12)).figure(
            "air strikes",
            "X",
            exact(14),
        ),
        ev("figures-two-labels", "2019-03-13").figure("air strikes", "X", exact(12)).figure("rockets", "Y", exact(14)),
    ])
}

#[test]
fn killed_compares_with_what_some_source_reports() {
    figures().table(&[
        ("killed:>=10", &["k10", "k10-15", "k4-12", "k80", "k15-20", "k15-vs-17"], Both),
        // "at least 10" does not report more than 10
        ("killed:>10", &["k10-15", "k4-12", "k80", "k15-20", "k15-vs-17"], Both),
        ("killed:>=11", &["k10-15", "k4-12", "k80", "k15-20", "k15-vs-17"], Both),
        ("killed:<5", &["k0", "k3", "k4-12"], Both),
        ("killed:<=5", &["k0", "k3", "k4-12", "k-at-most-5"], Both),
        ("killed:<1", &["k0"], Both),
        ("killed:>=0", &["k0", "k3", "k10", "k10-15", "k4-12", "k80", "k-at-most-5", "k15-20", "k15-vs-17"], Both),
        ("killed:>1000", &[], Both),
    ]);
}

#[test]
fn killed_ranges_and_numbers_overlap_the_reported_range() {
    figures().table(&[
        ("killed:10..20", &["k10", "k10-15", "k4-12", "k15-20", "k15-vs-17"], Both),
        ("killed:12", &["k10-15", "k4-12"], Both),
        ("killed:16", &["k15-20", "k15-vs-17"], Both),
        ("killed:=3", &["k3"], Both),
        ("killed:0", &["k0"], Both),
        ("killed:0..0", &["k0"], Both),
        ("killed:21..79", &[], Both),
        ("killed:>=10 killed:<=12", &["k10", "k10-15", "k4-12"], Both),
    ]);
}

/// `killed:>80` missed an event whose source says "more than 80 killed", and `killed:80`
/// found it: "more than 80" was read as 80. It reports 81 or more.
#[test]
fn more_than_80_reports_81_or_more() {
    figures().table(&[
        ("killed:>80", &["k80"], Both),
        ("killed:>=81", &["k80"], Both),
        ("killed:80", &[], Both),
        ("killed:<=80", &["k0", "k3", "k10", "k10-15", "k4-12", "k-at-most-5", "k15-20", "k15-vs-17"], Both),
    ]);
}

#[test]
fn is_disputed_means_figures_that_cannot_all_be_true() {
    figures().table(&[
        ("is:disputed", &["k4-12", "k15-vs-17", "injured-disputed", "figures-differ"], Both),
        ("IS:Disputed", &["k4-12", "k15-vs-17", "injured-disputed", "figures-differ"], Both),
        ("is:disputed killed:>=12", &["k4-12", "k15-vs-17"], Both),
    ]);
}

#[test]
fn id_is_one_event_exactly() {
    figures().table(&[
        ("id:k3", &["k3"], Both),
        ("id:\"k10-15\"", &["k10-15"], Both),
        ("id:k10", &["k10"], Both),
        // neither a prefix nor another case
        ("id:k1", &[], Both),
        ("id:K3", &[], Both),
        ("id:k3 id:k0", &[], Both),
        ("id:k3 killed:3", &["k3"], Both),
    ]);
}
