use std::time::Instant;
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap();
    eprintln!("read {:?}", t.elapsed());
    if std::env::var("PLAIN").is_ok() {
        plain(&bytes);
        return;
    }
    let t = Instant::now();
    let l = sitrep::load::load_bytes("x", &bytes, &Default::default()).unwrap();
    eprintln!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let ix = sitrep::index::Index::new(l.events);
    eprintln!("index {:?}", t.elapsed());
    let t = Instant::now();
    let n = ix.query("date:2019-03-01..2019-03-31 actor:HTS shelling").unwrap().len();
    eprintln!("query {:?} {n}", t.elapsed());
    let t = Instant::now();
    let n = ix.query("shelling").unwrap().len();
    eprintln!("query text {:?} {n}", t.elapsed());
    let t = Instant::now();
    drop(ix);
    eprintln!("drop {:?}", t.elapsed());
}

#[allow(dead_code)]
fn plain(bytes: &[u8]) {
    use rayon::prelude::*;
    let t = Instant::now();
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|l| l.len() > 2).collect();
    let evs: Vec<sitrep::model::Event> = lines
        .par_iter()
        .map(|l| {
            let l = l.strip_suffix(b",").unwrap_or(l);
            serde_json::from_slice(l).unwrap()
        })
        .collect();
    eprintln!("plain parse {:?} {}", t.elapsed(), evs.len());
    std::mem::forget(evs);
}
