"""DuckDB's table load of a CSV file, the mark for sitrep's first open (benches/measure_scale.sh)."""
import sys
import time

import duckdb

t = time.time()
con = duckdb.connect()
con.execute("SET threads=2")
con.execute("CREATE TABLE t AS SELECT * FROM read_csv_auto(?)", [sys.argv[1]])
n = con.execute("SELECT count(*) FROM t").fetchone()[0]
print(n, f"rows, table load {time.time() - t:.2f} s")
