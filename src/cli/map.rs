//! `sitrep map`: the map as text, for reports, scripts and tests.

use super::{CliError, DataArgs};
use crate::map::{Camera, MapScene, MarkerKind, TextOptions, render_text};
use crate::query::{Compiled, Query};
use clap::Args;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct MapArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Width of the map in columns.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub width: u16,
    /// Height of the map in rows (the legend comes below).
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(1..=500))]
    pub height: u16,
    /// Plain ASCII markers and lines instead of braille.
    #[arg(long)]
    pub ascii: bool,
    /// Mark this event (by id) and keep it in view.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,
    /// Centre the map here instead of on the events: latitude and longitude in degrees.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_point, allow_hyphen_values = true)]
    pub center: Option<(f64, f64)>,
    /// Zoom: kilometres a column, from about 1000 (the whole world) down to 0.03 (a street).
    #[arg(long, value_name = "KM", value_parser = parse_km)]
    pub km: Option<f64>,
    /// Colour the map with ANSI escapes (off by default, and always off under NO_COLOR).
    #[arg(long)]
    pub color: bool,
    /// Show only the events that match (the query language of `sitrep query`).
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Vec<String>,
}

pub fn run(a: &MapArgs) -> Result<ExitCode, CliError> {
    super::query::check_words(&a.query)?;
    let (q, text) = Query::parse_args(&a.query).map_err(|err| CliError::Query { err, text: a.query.join(" ") })?;
    let ix = a.data.index()?;
    let shown = Compiled::new(&q, &ix).map_err(|err| CliError::Query { err, text })?.run(&ix);
    let selected = match &a.select {
        Some(id) => Some(ix.position(id).ok_or_else(|| {
            CliError::Usage(format!("--select {id:?}: no event has this id (sitrep query lists them)"))
        })?),
        None => None,
    };
    let mut view = Camera::overview(ix.cols().lat, ix.cols().lon, &shown, a.width, a.height);
    if let Some(km) = a.km {
        view.zoom_by(view.km_per_col() / km);
    }
    if let Some((lat, lon)) = a.center {
        view.center_on(lat, lon);
    } else if let Some((lat, lon)) = selected.and_then(|i| ix.lat_lon(i)) {
        view.ensure_visible(lat, lon, a.width, a.height, 2);
    }
    let mentioned = crate::map::rank::mentioned(&ix);
    let mut scene = MapScene::new(ix.cols().lat, ix.cols().lon, &shown, view);
    scene.mentioned = &mentioned;
    scene.marker = if a.ascii { MarkerKind::Ascii } else { MarkerKind::Braille };
    scene.color = a.color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    if let Some(i) = selected {
        scene.selected = Some(i);
        let e = ix.get(i);
        let place = e.place_name().unwrap_or("no location");
        let label = format!("{place}, {}", e.date().compact());
        scene.selected_label = if a.ascii { deunicode::deunicode(&label) } else { label };
    }
    let opts = TextOptions { ansi: scene.color, legend: true };
    let mut out = render_text(&scene, a.width, a.height, &opts);
    if let Some(i) = selected {
        let e = ix.get(i);
        let line = format!("  {}: {}\n", crate::text::inert(e.id()), crate::text::inert(e.title()));
        out.push_str(&if a.ascii { deunicode::deunicode(&line) } else { line });
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()).map_err(|e| CliError::io("writing the map", e))?;
    Ok(ExitCode::SUCCESS)
}

/// "35.93,36.63" -> (35.93, 36.63), with the range of each checked.
fn parse_point(s: &str) -> Result<(f64, f64), String> {
    let bad = || format!("{s:?} is not LAT,LON in degrees (for example 35.93,36.63)");
    let (la, lo) = s.split_once(',').ok_or_else(bad)?;
    let (lat, lon): (f64, f64) = (la.trim().parse().map_err(|_| bad())?, lo.trim().parse().map_err(|_| bad())?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("{s:?}: latitude must lie in -90..90 and longitude in -180..180"));
    }
    Ok((lat, lon))
}

/// A positive number of kilometres.
fn parse_km(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(km) if km.is_finite() && km > 0.0 => Ok(km),
        _ => Err(format!("{s:?} is not a positive number of kilometres (for example 2.5)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_scales_are_checked() {
        assert_eq!(parse_point("35.93,36.63"), Ok((35.93, 36.63)));
        assert_eq!(parse_point("-33.9, 18.4"), Ok((-33.9, 18.4)));
        assert!(parse_point("35.93").is_err() && parse_point("95,10").is_err() && parse_point("a,b").is_err());
        assert_eq!(parse_km("2.5"), Ok(2.5));
        assert!(parse_km("0").is_err() && parse_km("-1").is_err() && parse_km("NaN").is_err());
    }
}
