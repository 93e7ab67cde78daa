#!/bin/bash
# Figures at scale (docs/performance.md, "The index cache, and scale"): for each ACLED export
# given, DuckDB's table load, sitrep's full load, the browser's first frame without the cache,
# the same until the browser is idle (the word index built), the first open (which writes the
# cache), a cached open and a cached query; three runs each.
# Run from the repository after `cargo build --release`, with tmux, bc and Python's duckdb:
#   sitrep generate --format acled --events 1000000 -o acled-1m.csv
#   benches/measure_scale.sh acled-1m.csv
set -u
export XDG_CACHE_HOME=$(mktemp -d)
bin=target/release/sitrep
here=$(dirname "$0")
for f in "$@"; do
  echo "== $f, $(stat -c %s "$f") bytes"
  # the table load alone (after "rows"), then the whole process with Python's start
  for k in 1 2 3; do
    /usr/bin/time -f "duckdb process %e s %M KB" python3 "$here/duckdb_table.py" "$f" 2>&1 | tr '\n' ' '; echo
  done
  for k in 1 2 3; do
    /usr/bin/time -f "full load+index+query %e s %M KB" $bin query --no-cache --input-format acled --count --data "$f" 'killed:>=10' 2>&1 | tail -1
  done
  for k in 1 2 3; do "$here/first_frame.sh" "$f" --no-cache | tr '\n' ' '; echo; done
  for k in 1 2 3; do
    SETTLE=1 "$here/first_frame.sh" "$f" --no-cache | tr '\n' ' '; echo " (no cache, until the word index is built)"
  done
  rm -rf "${XDG_CACHE_HOME:?}"/*
  "$here/first_frame.sh" "$f" | tr '\n' ' '; echo " (first open, writes the cache)"
  ls -l "$XDG_CACHE_HOME"/sitrep | grep index
  for k in 1 2 3; do "$here/first_frame.sh" "$f" | tr '\n' ' '; echo " (cached)"; done
  for k in 1 2 3; do /usr/bin/time -f "cached query %e s %M KB" $bin query --count --data "$f" 'killed:>=10' 2>&1 | tail -1; done
  rm -rf "${XDG_CACHE_HOME:?}"/*
done
rm -rf "$XDG_CACHE_HOME"
