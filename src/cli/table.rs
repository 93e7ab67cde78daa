//! Events as aligned text columns, for reading in a terminal or a pipe.

use crate::index::Index;
use crate::model::{Event, Role};
use crate::text::inert;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// `s` cut or padded to exactly `w` columns, cut with `ell` (`…`, or `.` in plain ASCII).
fn fit_with(s: &str, w: usize, ell: char) -> String {
    let mut out = String::new();
    let mut used = 0;
    if s.width() <= w {
        out.push_str(s);
        used = s.width();
    } else {
        for c in s.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + cw + 1 > w {
                break;
            }
            out.push(c);
            used += cw;
        }
        out.push(ell);
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// The actors of `e` in the roles `keep` picks, joined: "Hayat Tahrir al Sham, Rebels (Syria)".
fn in_role(e: &Event, keep: fn(Role) -> bool) -> String {
    let names: Vec<String> = e.actors.iter().filter(|a| keep(a.role)).map(|a| inert(&a.name).into_owned()).collect();
    names.join(", ")
}

fn by(e: &Event) -> String {
    in_role(e, |r| matches!(r, Role::Actor | Role::Associated))
}

fn on(e: &Event) -> String {
    in_role(e, |r| r == Role::Target)
}

/// One line per event: date, id, place, killed (the range of the sources' figures, `*` marking
/// figures that cannot all be true), who acted (BY: actors and associated actors), on whom (ON: targets), title.
/// With `ascii`, in plain ASCII: names transliterated ("Khān Shaykhūn" as "Khan Shaykhun"),
/// ranges with `-`, spans with `..`.
pub fn timeline<W: Write>(ix: &Index, shown: &[u32], ascii: bool, mut out: W) -> std::io::Result<()> {
    let tx = |s: &str| if ascii { deunicode::deunicode(s).replace("...", "..") } else { s.to_string() };
    let fit = |s: &str, w: usize| fit_with(&tx(s), w, if ascii { '.' } else { '…' });
    let events: Vec<Event> = shown.iter().map(|&i| ix.get(i).to_event_without_notes()).collect();
    let idw = events.iter().map(|e| tx(&e.id).width()).max().unwrap_or(2).clamp(2, 40);
    // Role columns as wide as their longest entry, within reason: names past 28 columns are cut.
    let col = |f: fn(&Event) -> String| events.iter().map(|e| tx(&f(e)).width()).max().unwrap_or(0).clamp(2, 28);
    let (byw, onw) = (col(by), col(on));
    writeln!(
        out,
        "{} {} {} {} {} {} TITLE",
        fit("DATE", 19),
        fit("ID", idw),
        fit("PLACE", 18),
        fit("KILLED", 7),
        fit("BY", byw),
        fit("ON", onw)
    )?;
    for e in &events {
        let place = e.place.as_ref().map_or("", |p| p.name.as_str());
        let killed = match e.killed() {
            Some(r) if r.disputed => format!("{}*", tx(&r.to_string())),
            Some(r) => tx(&r.to_string()),
            None => String::new(),
        };
        writeln!(
            out,
            "{} {} {} {} {} {} {}",
            fit(&e.date.compact(), 19),
            fit(&inert(&e.id), idw),
            fit(&inert(place), 18),
            fit(&killed, 7),
            fit(&by(e), byw),
            fit(&on(e), onw),
            tx(&inert(&e.title))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    fn fit(s: &str, w: usize) -> String {
        super::fit_with(s, w, '…')
    }

    /// `sitrep query --ascii` prints nothing but ASCII, names transliterated.
    #[test]
    fn the_table_in_ascii_is_ascii() {
        let ix = crate::index::Index::new(crate::dataset::builtin().expect("built-in").events);
        let all: Vec<u32> = (0..ix.len() as u32).collect();
        let mut out = Vec::new();
        super::timeline(&ix, &all, true, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("Khan Shaykhun") && text.contains("2019-02-01..03-14"), "{text}");
    }

    #[test]
    fn fit_pads_and_cuts_by_display_width() {
        assert_eq!(fit("Idlib", 7), "Idlib  ");
        assert_eq!(fit("Khan Shaykhun", 6), "Khan …");
        assert_eq!(fit("إدلب", 6).chars().count(), 6);
    }
}
