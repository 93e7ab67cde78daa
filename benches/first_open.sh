#!/usr/bin/env bash
# The first open of an export against DuckDB's table load of it, alternated RUNS times (5 unless
# given): DuckDB's `CREATE TABLE t AS SELECT * FROM read_csv_auto(FILE)` as its Python API times
# it, then sitrep's first frame without the cache (benches/first_frame.sh). Prints each pair, the
# medians and their ratio. Alternating the two keeps a machine whose speed drifts within the
# hour from favouring either. Run from the repository after `cargo build --release`, with tmux,
# bc, GNU time and Python's duckdb:
#   benches/first_open.sh acled-1m.csv [RUNS]
set -euo pipefail
file=${1:?usage: benches/first_open.sh FILE [RUNS]}
runs=${2:-5}
here=$(dirname "$0")
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-$(mktemp -d)}
duck=() ours=()
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
for _ in $(seq "$runs"); do
  d=$(python3 "$here/duckdb_table.py" "$file" | sed -n 's/.*table load \([0-9.]*\) s.*/\1/p')
  s=$("$here/first_frame.sh" "$file" --no-cache | sed -n 's/^first frame \([0-9.]*\) s.*/\1/p')
  echo "duckdb $d s   sitrep $s s"
  duck+=("$d") ours+=("$s")
done
md=$(median "${duck[@]}") ms=$(median "${ours[@]}")
echo "medians of $runs: DuckDB's table load $md s, sitrep's first frame $ms s, ratio $(echo "scale=2; $ms / $md" | bc)"
