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
}
