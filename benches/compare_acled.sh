#!/usr/bin/env bash
# One question asked of one ACLED export by sitrep and by DuckDB's read_csv_auto, end to end
# (start, read, parse, filter, count; sitrep reads and checks every row, as a full load would,
# and builds only the matching events), each run RUNS times, alternating. Prints both counts (they must agree), median wall time and peak memory, and the
# ratio of the medians.
#
#   cargo build --release
#   target/release/sitrep generate --events 1000000 --format acled -o acled-1m.csv
#   benches/compare_acled.sh acled-1m.csv          # needs python3 with duckdb, GNU time
#
# The question: events from 1 to 31 March 2019 in which Hayat Tahrir al Sham took part (as
# actor1 or actor2) and whose notes mention "bakery". sitrep's actor: matches any actor of an
# event, so DuckDB is asked about both actor columns; "bakery" stands in no title (sub-event
# type and location), so sitrep's text search and DuckDB's notes column see the same words.
set -euo pipefail
file=${1:?usage: benches/compare_acled.sh FILE [RUNS]}
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
sitrep=${SITREP:-$here/target/release/sitrep}
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

sql="SELECT count(*) FROM read_csv_auto('$file')
  WHERE event_date BETWEEN DATE '2019-03-01' AND DATE '2019-03-31'
    AND (actor1 ILIKE '%Hayat Tahrir al Sham%' OR actor2 ILIKE '%Hayat Tahrir al Sham%')
    AND notes ILIKE '%bakery%'"
duck=(python3 -c "import duckdb, sys; c = duckdb.connect(); c.execute('SET threads=$(nproc)'); print(c.execute(sys.argv[1]).fetchone()[0])" "$sql")
sit=("$sitrep" query --no-cache --count --data "$file" 'date:2019-03-01..2019-03-31' 'actor:Hayat Tahrir al Sham' bakery)

declare -A times mems counts
run() { # name, command...
  local name=$1; shift
  counts[$name]=$(/usr/bin/time -f "%e %M" -o "$timing" "$@")
  read -r t m < "$timing"
  times[$name]+="$t "; mems[$name]+="$m "
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ls -l "$file"
for _ in $(seq "$runs"); do
  run sitrep "${sit[@]}"
  run duckdb "${duck[@]}"
done
for name in sitrep duckdb; do
  t=$(echo "${times[$name]}" | median); m=$(echo "${mems[$name]}" | median)
  printf '%-7s count %-7s median %6.2f s   peak %6d MB   (runs: %s)\n' "$name" "${counts[$name]}" "$t" "$((m / 1024))" "${times[$name]}"
done
st=$(echo "${times[sitrep]}" | median); dt=$(echo "${times[duckdb]}" | median)
awk -v s="$st" -v d="$dt" 'BEGIN { printf "sitrep / duckdb wall time: %.2f (below 1: sitrep is faster)\n", s / d }'
