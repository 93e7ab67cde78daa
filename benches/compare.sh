#!/usr/bin/env bash
# The same question asked of the same file by sitrep, jq and DuckDB, end to end (start, read,
# parse, filter, count), each run RUNS times; prints each count (they must agree) and the median
# wall time and peak memory.
#
#   cargo build --release
#   target/release/sitrep generate --events 1000000 > big.json
#   benches/compare.sh big.json            # needs jq, python3 with duckdb (pip install duckdb), GNU time
#
# The question: events of HTS in March 2019 whose title, notes or quotes mention "shelling".
set -euo pipefail
file=${1:?usage: benches/compare.sh FILE [RUNS]}
runs=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
sitrep=${SITREP:-$here/target/release/sitrep}

jq_filter='[.[] | select(
  (if (.date|type) == "string" then (.date|startswith("2019-03"))
   else (.date.from < "2019-04-01" and .date.to > "2019-03-01") end)
  and any(.actors[]?; .name == "Hayat Tahrir al Sham" or any(.aliases[]?; . == "HTS"))
  and ((.title + " " + (.notes // "") + " " + ([.sources[]?.quotes[]?] | join(" "))) | ascii_downcase | contains("shelling"))
)] | length'

duck_sql="SELECT count(*) FROM read_json_auto('$file', format='array', maximum_object_size=1000000) WHERE
  (CASE WHEN json_type(date) = 'VARCHAR' THEN (date->>'\$') LIKE '2019-03%'
        ELSE (date->>'from') < '2019-04-01' AND (date->>'to') > '2019-03-01' END)
  AND len(list_filter(actors, lambda a: a.name = 'Hayat Tahrir al Sham' OR list_contains(a.aliases, 'HTS'))) > 0
  AND lower(title || ' ' || coalesce(notes, '') || ' ' ||
            coalesce(array_to_string(flatten(list_transform(sources, lambda s: coalesce(s.quotes, []))), ' '), '')) LIKE '%shelling%'"

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

measure() { # name, command...
  local name=$1; shift
  local times=() mems=() count=""
  for _ in $(seq "$runs"); do
    count=$(/usr/bin/time -f "%e %M" -o "$timing" "$@")
    read -r t m < "$timing"
    times+=("$t"); mems+=("$m")
  done
  local mt mm
  mt=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  mm=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-8s count %-8s median %6.2f s   peak %6d MB   (runs: %s)\n' "$name" "$count" "$mt" "$((mm / 1024))" "${times[*]}"
}

ls -l "$file"
measure sitrep "$sitrep" query --no-cache --count --data "$file" 'date:2019-03-01..2019-03-31' actor:HTS shelling
measure duckdb python3 -c "import duckdb; c = duckdb.connect(); c.execute('SET threads=2'); c.execute('SET enable_progress_bar=false'); print(c.execute(\"\"\"$duck_sql\"\"\").fetchone()[0])"
measure jq jq "$jq_filter" "$file"
