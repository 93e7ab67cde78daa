//! When one query can only match fewer events than another: typing one more letter of a word,
//! or one more term. The browser then checks the earlier answer's events alone, rather than
//! every event.

use super::{Query, Term, TermKind};

/// Whether every event `t` matches, `earlier` matches too.
fn implies(t: &Term, earlier: &Term) -> bool {
    if t.negated != earlier.negated {
        return false;
    }
    match (&t.kind, &earlier.kind) {
        // a text that holds "shelling" holds "shellin"; one without "shellin" is without
        // "shelling" as well
        (TermKind::Text(now), TermKind::Text(before)) if !t.negated => now.contains(before.as_str()),
        (TermKind::Text(now), TermKind::Text(before)) => before.contains(now.as_str()),
        (now, before) => now == before,
    }
}

impl Query {
    /// Whether this query matches only events that `earlier` matches: each term of `earlier`
    /// is implied by one of this query's (the same term, or a longer piece of text). Terms are
    /// ANDed, so a term added narrows too. `false` when it cannot tell, never wrongly `true`.
    pub fn narrows(&self, earlier: &Query) -> bool {
        earlier.terms.iter().all(|e| self.terms.iter().any(|t| implies(t, e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrows(now: &str, before: &str) -> bool {
        let q = |s: &str| Query::parse(s).expect("a query");
        q(now).narrows(&q(before))
    }

    #[test]
    fn one_more_letter_or_one_more_term_narrows() {
        assert!(narrows("shelling", "shellin"));
        assert!(narrows("g in", "g i"), "two terms, the last one longer");
        assert!(narrows("shelling a", "shelling"), "a term added");
        assert!(narrows("actor:HTS shelling", "actor:HTS shell"));
        assert!(narrows("\"barrel bombs\"", "\"barrel bomb\""));
        assert!(narrows("-sh", "-shelling"), "without a shorter piece is without the longer one");
        assert!(narrows("x", ""), "every query narrows the empty one");
    }

    #[test]
    fn what_may_match_more_does_not_narrow() {
        assert!(!narrows("shellin", "shelling"), "a letter erased");
        assert!(!narrows("shelling", "shelling a"), "a term dropped");
        assert!(!narrows("actor:HTS", "actor:HT"), "a name is not a piece of text");
        assert!(!narrows("killed:>=10", "killed:>=1"), "figures are compared only as equal");
        assert!(!narrows("-shelling", "-sh"));
        assert!(!narrows("shelling", "-shellin"));
        assert!(!narrows("", "x"));
    }

    /// SplitMix64, for the cases below: the same cases on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n.max(1) as u64) as usize
        }
    }

    /// Property: a query that narrows another, run on the other's events alone, finds exactly
    /// what it finds run on every event: pieces of the events' own titles, one letter or one
    /// word longer, quoted or not, beside other terms.
    #[test]
    fn a_narrowed_run_finds_what_a_full_run_finds() {
        use crate::index::{Index, Wanted};
        use crate::query::Compiled;
        let ix = Index::new(crate::synth::events(8_000, 9));
        ix.text_column();
        let mut rng = Rng(12);
        let others = ["", "killed:>=1 ", "-type:Battles ", "date:2019..2020 ", "is:located "];
        let mut checked = 0;
        for _ in 0..160 {
            let title = crate::text::fold(ix.get(rng.below(ix.len()) as u32).title());
            let chars: Vec<char> = title.chars().filter(|c| c.is_ascii_alphanumeric() || *c == ' ').collect();
            if chars.len() < 4 {
                continue;
            }
            let from = rng.below(chars.len() - 3);
            let len = 1 + rng.below(4.min(chars.len() - from - 1));
            let piece: String = chars[from..from + len].iter().collect();
            let longer: String = chars[from..from + len + 1].iter().collect();
            let quoted = rng.below(3) == 0;
            let quote = |s: &str| if quoted { format!("\"{s}\"") } else { s.to_string() };
            let other = others[rng.below(others.len())];
            let (before, now) = match rng.below(3) {
                0 => (format!("{other}{}", quote(&piece)), format!("{other}{}", quote(&longer))),
                1 => (format!("{other}{piece}"), format!("{other}{piece} {longer}")),
                _ => (piece.clone(), format!("{other}{longer}")),
            };
            let (Ok(b), Ok(n)) = (Query::parse(&before), Query::parse(&now)) else { continue };
            if b.terms.is_empty() || !n.narrows(&b) {
                continue;
            }
            let earlier = Compiled::new(&b, &ix).expect("compiles").run(&ix);
            let c = Compiled::new(&n, &ix).expect("compiles");
            let narrowed = c.run_within(&ix, &earlier, Wanted::ALWAYS).expect("wanted");
            assert_eq!(narrowed, c.run(&ix), "{now:?} within {before:?}");
            checked += 1;
        }
        assert!(checked > 100, "only {checked} cases");
    }
}
