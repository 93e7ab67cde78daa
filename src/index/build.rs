//! The index built from events given in any order, a batch at a time: a file read block by
//! block is indexed as it is read, and never held whole as `Event` values (3.7 KB each for
//! an ACLED row against some 0.4 KB as a record).
//!
//! Records and columns are written in the order the events come; [`Builder::finish`] then
//! sorts one small key per event into date order, moves the fixed-width columns, renumbers
//! the posting lists, and lets the store find each event's record through an order column:
//! records, the bulk of the memory, are never moved.

use super::dict::{Entry, coalition_members};
use super::notes::Sources;
use super::store;
use super::{Dict, Index, Minute, killed_bounds};
use crate::model::{Count, Event, FileText, FlatEvent, GeoPrecision, Role, When};
use rayon::prelude::*;

/// An [`Index`] as it is built.
#[derive(Default)]
pub struct Builder {
    store: store::Builder,
    cols: Growing,
    /// The files the notes of rows are left in.
    sources: Sources,
}

/// The columns and dictionaries, in the order the events came.
#[derive(Default)]
struct Growing {
    /// Start and end to the second (the columns keep minutes), to sort as events are sorted.
    seconds: Vec<(i64, i64)>,
    lat: Vec<f32>,
    lon: Vec<f32>,
    geo_precision: Vec<GeoPrecision>,
    killed_low: Vec<u32>,
    killed_high: Vec<u32>,
    disputed: Vec<bool>,
    actors: Dict,
    actor_by: Vec<Vec<u32>>,
    actor_on: Vec<Vec<u32>>,
    places: Dict,
    types: Dict,
    sources: Dict,
    tags: Dict,
}

impl Builder {
    pub fn new() -> Builder {
        Builder { store: store::Builder::with_capacity(0), cols: Growing::default(), sources: Sources::default() }
    }

    /// Leaves the notes of rows read from `paths` (file `k` of a [`FileText`] is `paths[k]`)
    /// in their files, read from there when asked for: the files are opened now, before they
    /// are read, so that a file later replaced under its name is still read as it was.
    pub fn notes_from(&mut self, paths: &[impl AsRef<std::path::Path>]) {
        self.sources = Sources::open(paths);
    }

    /// The number of events added.
    pub fn len(&self) -> usize {
        self.cols.seconds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds events after those added before: their records and their columns side by side.
    pub fn add(&mut self, events: &[Event]) {
        let Builder { store, cols, .. } = self;
        rayon::join(
            || {
                for e in events {
                    store.push(e);
                }
            },
            || cols.add(events),
        );
    }

    /// [`Builder::add`] for the events of an export's rows, borrowed from `text` when given
    /// (their notes then left in the file: see [`Builder::notes_from`]).
    pub fn add_flat(&mut self, events: &[FlatEvent<'_>], text: Option<FileText<'_>>) {
        let Builder { store, cols, sources } = self;
        let text = text.filter(|t| sources.has(t.file));
        rayon::join(
            || {
                for e in events {
                    store.push_flat(e, text.as_ref());
                }
            },
            || cols.add_flat(events),
        );
    }

    /// The index, its events in date order (start, then end, then id; events alike in all
    /// three in the order they came).
    pub fn finish(self) -> Index {
        let Builder { store, cols, sources } = self;
        let n = cols.seconds.len();
        let mut from: Vec<u32> = (0..n as u32).collect();
        if !cols.seconds.windows(2).all(|w| w[0] < w[1]) {
            // Exports give many events one day: most comparisons reach the id, whose first
            // bytes are in the key, so that few read a record.
            let mut keys: Vec<(i64, i64, u128, u32)> = (0..n as u32)
                .into_par_iter()
                .map(|j| {
                    let (s, e) = cols.seconds[j as usize];
                    (s, e, prefix(store.id(j)), j)
                })
                .collect();
            keys.par_sort_unstable_by(|a, b| {
                (a.0, a.1, a.2)
                    .cmp(&(b.0, b.1, b.2))
                    .then_with(|| store.id(a.3).as_bytes().cmp(store.id(b.3).as_bytes()))
                    .then(a.3.cmp(&b.3))
            });
            from = keys.into_par_iter().map(|k| k.3).collect();
        }
        let sorted = from.iter().enumerate().all(|(k, &j)| k as u32 == j);
        if sorted {
            return cols.finish(store.finish(None, sources), None);
        }
        // the inverse beside the store's own reordering
        let (to, store) = rayon::join(
            || {
                let mut to = vec![0u32; n];
                for (k, &j) in from.iter().enumerate() {
                    to[j as usize] = k as u32;
                }
                to
            },
            || store.finish(Some(&from), sources),
        );
        cols.finish(store, Some((&from, &to)))
    }
}

/// The first 16 bytes of an id (ACLED's ids are shorter), as a number that sorts as they do
/// (a shorter id padded with zeros, so that a tie falls back on the whole ids).
fn prefix(id: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = id.len().min(16);
    b[..n].copy_from_slice(&id.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// `v` in the order `from` gives (item `k` is `v[from[k]]`).
fn gather<T: Copy + Send + Sync>(v: &[T], from: &[u32]) -> Vec<T> {
    from.par_iter().map(|&j| v[j as usize]).collect()
}

/// A posting list renumbered by `to`, sorted again.
fn renumber(list: &mut [u32], to: &[u32]) {
    // every event (the casualty claim's source of an ACLED export, its country): the same
    // list in any order
    if is_every(list, to.len()) {
        return;
    }
    if is_dense(list, to)
        && let Some(sorted) = dense_order(list, to)
    {
        list.copy_from_slice(&sorted);
        return;
    }
    for p in list.iter_mut() {
        *p = to[*p as usize];
    }
    list.sort_unstable();
}

/// An entry's postings renumbered by `to`, an actor's roles kept beside its postings.
fn renumber_entry(e: &mut Entry, to: &[u32]) {
    if e.roles.len() == e.postings.len() && !e.roles.is_empty() {
        if is_dense(&e.postings, to)
            && let Some(sorted) = dense_order(&e.postings, to)
        {
            let mut role_at = vec![Role::Actor; to.len()];
            for (&p, &r) in e.postings.iter().zip(&e.roles) {
                role_at[to[p as usize] as usize] = r;
            }
            e.roles = sorted.iter().map(|&q| role_at[q as usize]).collect();
            e.postings = sorted;
            return;
        }
        let mut pairs: Vec<(u32, crate::model::Role)> =
            e.postings.iter().map(|&p| to[p as usize]).zip(e.roles.iter().copied()).collect();
        pairs.sort_unstable_by_key(|p| p.0);
        (e.postings, e.roles) = pairs.into_iter().unzip();
    } else {
        renumber(&mut e.postings, to);
    }
}

/// Whether a posting list names each of `n` events once, in order.
fn is_every(list: &[u32], n: usize) -> bool {
    list.len() == n && list.iter().enumerate().all(|(k, &p)| p as usize == k)
}

/// Whether a posting list holds so many of the events (a 32nd or more: a type, a country, the
/// casualty claim's source of every ACLED event) that a pass over a bitmap of all the events
/// orders it sooner than a sort: a tenth of the time for a list of a million.
fn is_dense(list: &[u32], to: &[u32]) -> bool {
    list.len() >= 64 && list.len() * 32 >= to.len()
}

/// The numbers `to` gives the postings of `list`, in ascending order, read off a bitmap of all
/// the events; None when the list names an event twice or one `to` does not number.
fn dense_order(list: &[u32], to: &[u32]) -> Option<Vec<u32>> {
    let mut bits = vec![0u64; to.len().div_ceil(64)];
    for &p in list {
        let q = *to.get(p as usize)? as usize;
        *bits.get_mut(q / 64)? |= 1 << (q % 64);
    }
    let mut out = Vec::with_capacity(list.len());
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            out.push((w * 64) as u32 + word.trailing_zeros());
            word &= word - 1;
        }
    }
    (out.len() == list.len()).then_some(out)
}

/// The dictionaries of names without roles or aliases.
#[derive(Clone, Copy)]
enum Names {
    Types,
    Sources,
    Tags,
}

impl Growing {
    /// Adds event `i` to the `by:` or `on:` list of actor `id`, by the role the event gives it.
    fn post_role_list(&mut self, id: u32, i: u32, role: Role) {
        let lists = match role {
            Role::Actor | Role::Associated => &mut self.actor_by,
            Role::Target => &mut self.actor_on,
            Role::Reporter => return,
        };
        if lists.len() <= id as usize {
            lists.resize_with(id as usize + 1, Vec::new);
        }
        let list = &mut lists[id as usize];
        if list.last() != Some(&i) {
            list.push(i);
        }
    }

    /// Columns and dictionaries, one event after another (posting lists come out in the
    /// order of the events).
    fn add(&mut self, events: &[Event]) {
        for e in events {
            let killed = killed_bounds(e.casualties.iter().filter_map(|c| c.killed.as_ref()));
            let precision = e.place.as_ref().map_or(GeoPrecision::Region, |p| p.precision);
            let i = self.columns(&e.date, e.lat_lon(), precision, killed, e.disputed());
            for a in &e.actors {
                self.actor(i, &a.name, &a.aliases, a.role);
            }
            if let Some(p) = &e.place {
                self.place(i, &p.name, &p.aliases, [&p.admin1, &p.admin2, &p.country].map(Option::as_deref));
            }
            self.name(Names::Types, i, &e.event_type);
            if let Some(st) = &e.sub_type {
                self.name(Names::Types, i, st);
            }
            for src in &e.sources {
                // an author is a name of its own, not another name of the outlet: an author's
                // name finds what the author wrote, not every report of the outlet
                for name in std::iter::once(&src.outlet).chain(&src.author) {
                    self.name(Names::Sources, i, name);
                }
            }
            for c in &e.casualties {
                self.name(Names::Sources, i, &c.source);
            }
            for tag in &e.tags {
                self.name(Names::Tags, i, tag);
            }
        }
    }

    /// [`Growing::add`] for the events of an export's rows, as the events they stand for.
    fn add_flat(&mut self, events: &[FlatEvent<'_>]) {
        for e in events {
            let claim = e.killed.as_ref().map(|k| Count::exact(k.1));
            let killed = killed_bounds(claim.iter());
            let precision = e.place.as_ref().map_or(GeoPrecision::Region, |p| p.precision);
            // one claim, no figures: nothing to disagree
            let i = self.columns(&e.date, e.lat_lon(), precision, killed, false);
            for (name, role) in &e.actors {
                self.actor(i, name, &[], *role);
            }
            if let Some(p) = &e.place {
                self.place(i, &p.name, &[], [&p.admin1, &p.admin2, &p.country].map(Option::as_deref));
            }
            self.name(Names::Types, i, &e.event_type);
            if let Some(st) = &e.sub_type {
                self.name(Names::Types, i, st);
            }
            for outlet in &e.sources {
                self.name(Names::Sources, i, outlet);
            }
            if let Some((source, _)) = &e.killed {
                self.name(Names::Sources, i, source);
            }
            for tag in &e.tags {
                self.name(Names::Tags, i, tag);
            }
        }
    }

    /// The columns of the next event; its number.
    fn columns(
        &mut self,
        date: &When,
        at: Option<(f64, f64)>,
        precision: GeoPrecision,
        killed: (u32, u32),
        disputed: bool,
    ) -> u32 {
        let i = self.seconds.len() as u32;
        self.seconds.push((date.start.and_utc().timestamp(), date.end.and_utc().timestamp()));
        let (la, lo) = at.map_or((f32::NAN, f32::NAN), |(a, b)| (a as f32, b as f32));
        self.lat.push(la);
        self.lon.push(lo);
        self.geo_precision.push(precision);
        self.killed_low.push(killed.0);
        self.killed_high.push(killed.1);
        self.disputed.push(disputed);
        i
    }

    /// An actor of event `i`.
    fn actor(&mut self, i: u32, name: &str, aliases: &[String], role: Role) {
        let id = self.actors.intern(name, aliases);
        self.actors.post_role(id, i, role);
        self.post_role_list(id, i, role);
        // A coalition's members are actors of the event too, each findable and counted.
        if let Some(members) = coalition_members(name) {
            if self.actors.get(id).members.is_empty() {
                let ids = members.iter().map(|m| self.actors.intern(m, [])).collect();
                self.actors.set_members(id, ids);
            }
            for m in self.actors.get(id).members.clone() {
                self.actors.post_role(m, i, role);
                self.post_role_list(m, i, role);
            }
        }
    }

    /// The place of event `i`, and its governorate, district and country.
    fn place(&mut self, i: u32, name: &str, aliases: &[String], admins: [Option<&str>; 3]) {
        let id = self.places.intern(name, aliases);
        self.places.post(id, i);
        for admin in admins.into_iter().flatten() {
            let id = self.places.intern(admin, []);
            self.places.post(id, i);
        }
    }

    /// A type, source or tag of event `i`.
    fn name(&mut self, what: Names, i: u32, name: &str) {
        let d = match what {
            Names::Types => &mut self.types,
            Names::Sources => &mut self.sources,
            Names::Tags => &mut self.tags,
        };
        let id = d.intern(name, []);
        d.post(id, i);
    }

    /// The index of these columns and `store`, the events renumbered by `order` (`from[k]`:
    /// the event now numbered `k`; `to[j]`: the number of event `j`) when given.
    fn finish(mut self, store: store::Store, order: Option<(&[u32], &[u32])>) -> Index {
        if let Some((from, to)) = order {
            // The columns, the dictionaries' entries and the actors' lists, side by side: one
            // list of every event takes a core for a while, and the other finds other work.
            let Growing {
                seconds,
                lat,
                lon,
                geo_precision,
                killed_low,
                killed_high,
                disputed,
                actors,
                places,
                types,
                sources,
                tags,
                actor_by,
                actor_on,
            } = &mut self;
            let dicts = [actors, places, types, sources, tags];
            rayon::join(
                || {
                    dicts.into_par_iter().flat_map(|d| d.entries.par_iter_mut()).for_each(|e| renumber_entry(e, to));
                    actor_by.par_iter_mut().chain(actor_on.par_iter_mut()).for_each(|l| renumber(l, to));
                },
                || {
                    *seconds = gather(seconds, from);
                    *lat = gather(lat, from);
                    *lon = gather(lon, from);
                    *geo_precision = gather(geo_precision, from);
                    *killed_low = gather(killed_low, from);
                    *killed_high = gather(killed_high, from);
                    *disputed = gather(disputed, from);
                },
            );
        }
        // as `minute` reads a date
        let minutes = |secs: i64| -> Minute { secs.div_euclid(60) };
        let start: Vec<Minute> = self.seconds.par_iter().map(|s| minutes(s.0)).collect();
        let end: Vec<Minute> = self.seconds.par_iter().map(|s| minutes(s.1)).collect();
        let max_len = start.par_iter().zip(&end).map(|(s, e)| e - s).max().unwrap_or(0).max(0);
        Index {
            store,
            start: start.into(),
            end: end.into(),
            max_len,
            lat: self.lat.into(),
            lon: self.lon.into(),
            geo_precision: self.geo_precision,
            killed_low: self.killed_low.into(),
            killed_high: self.killed_high.into(),
            disputed: self.disputed,
            actors: self.actors,
            actor_by: self.actor_by,
            actor_on: self.actor_on,
            places: self.places,
            types: self.types,
            sources: self.sources,
            tags: self.tags,
            ..Index::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_file};

    /// Events given in any order, in batches of any size, make the index that `Index::new`
    /// makes: the same events in the same order, the same postings.
    fn builds_as_new(events: Vec<Event>, what: &str) {
        let old = Index::new(events.clone());
        // a fixed shuffle: reversed, then every third moved to the end
        let mut shuffled: Vec<Event> = events.into_iter().rev().collect();
        let (thirds, rest): (Vec<_>, Vec<_>) = shuffled.drain(..).enumerate().partition(|(i, _)| i % 3 == 0);
        shuffled = rest.into_iter().chain(thirds).map(|(_, e)| e).collect();
        for batch in [1, 7, 1000] {
            let mut b = Builder::new();
            for part in shuffled.chunks(batch) {
                b.add(part);
            }
            let new = b.finish();
            assert_eq!(new.len(), old.len(), "{what}");
            assert!(!new.store.order.is_empty(), "{what}: records were not moved, only ordered");
            for (a, o) in new.iter().zip(old.iter()) {
                assert_eq!(a.to_event(), o.to_event(), "{what}: event {} in batches of {batch}", o.number());
            }
            assert_eq!((&*new.start, &*new.end, new.max_len), (&*old.start, &*old.end, old.max_len), "{what}");
            for (d, o) in [(&new.places, &old.places), (&new.actors, &old.actors), (&new.sources, &old.sources)] {
                for e in o.entries() {
                    let id = d.id_of(&e.name).expect("the same names");
                    assert_eq!((&d.get(id).postings, &d.get(id).roles), (&e.postings, &e.roles), "{what}: {}", e.name);
                }
            }
        }
    }

    #[test]
    fn events_in_any_order_and_batches_build_the_index_of_index_new() {
        builds_as_new(crate::dataset::builtin().expect("built-in").events, "built-in");
        builds_as_new(crate::synth::events(2000, 21), "generated");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for f in ["real/ucdp-ged231-sample-1000.csv", "acled/current.csv", "real/acled-pandas.csv"] {
            builds_as_new(load_file(&dir.join(f), &LoadOptions::default()).expect(f).events, f);
        }
    }

    /// A posting list is renumbered to the same sorted list whether it takes the bitmap or
    /// the sort, with a list that names an event twice left to the sort.
    #[test]
    fn dense_lists_are_renumbered_as_sorted_lists_are() {
        // a fixed permutation of 5,000 events
        let n = 5000u32;
        let to: Vec<u32> = (0..n).map(|j| (j * 2_999 + 17) % n).collect();
        for step in [1, 2, 7, 31] {
            let list: Vec<u32> = (0..n).step_by(step).collect();
            assert!(is_dense(&list, &to), "every {step}th");
            let mut sorted: Vec<u32> = list.iter().map(|&p| to[p as usize]).collect();
            sorted.sort_unstable();
            assert_eq!(dense_order(&list, &to).as_ref(), Some(&sorted), "every {step}th");
            let mut renumbered = list.clone();
            renumber(&mut renumbered, &to);
            assert_eq!(renumbered, sorted, "every {step}th");
        }
        assert!(!is_dense(&[1, 2, 3], &to), "a short list is sorted");
        let mut every: Vec<u32> = (0..n).collect();
        assert!(is_every(&every, n as usize));
        renumber(&mut every, &to);
        assert_eq!(every, (0..n).collect::<Vec<_>>(), "every event: the same list");
        assert!(!is_every(&every[1..], n as usize) && !is_every(&[0, 2, 1], 3) && !is_every(&[0, 0, 2], 3));
        assert_eq!(dense_order(&[1, 1, 2], &to), None, "a posting twice");
        let mut twice = vec![1, 1, 2];
        renumber(&mut twice, &to);
        let mut want = vec![to[1], to[1], to[2]];
        want.sort_unstable();
        assert_eq!(twice, want);
    }

    /// Events added in date order keep their records in that order: no order column.
    #[test]
    fn events_in_date_order_need_no_order_column() {
        let ix = Index::new(crate::synth::events(500, 2));
        assert!(ix.store.order.is_empty());
    }
}
