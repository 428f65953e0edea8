"""The engine table: one seeded account list as Parquet (10M, 50M, 200M rows), summarised by
the in-memory path (where it fits), by the engine path on DuckDB (``summarize FILE.parquet``)
and by hand-written DuckDB SQL for the same statistics (the engines' own exact ``quantile_disc``
per tier, which holds each tier in one place). Each is a whole process; time and peak RSS.

    .venv/bin/python bench/engines.py --rows 10000000 50000000 --repeat 1

Writes the table to stdout; the numbers in bench/RESULTS.md come from it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
CHUNK = 5_000_000

MEMORY = """
import sys, pandas as pd
from infludash.analysis.analysis import Analysis
from infludash.read.result import ReadResult
frame = pd.read_parquet(sys.argv[1], dtype_backend="numpy_nullable")
n = len(frame)
accounts = pd.DataFrame({
    "source": pd.array(["accounts.parquet"] * n, dtype="string"),
    "row": pd.RangeIndex(1, n + 1).to_numpy(),
    "handle": frame["account_handle"].astype("string"),
    "platform": frame["network"].astype("string"),
    "followers": frame["followers"].to_numpy(dtype="float64"),
    "avg_likes": frame["avg_likes"].to_numpy(dtype="float64"),
    "avg_comments": frame["avg_comments"].to_numpy(dtype="float64"),
})
del frame
empty = pd.DataFrame(columns=["source", "row", "reason", "detail", "value", "raw"])
summary = Analysis(ReadResult(accounts, empty, n, 0, ["accounts.parquet"])).summary
print(summary.median_er_pct)
"""

HANDWRITTEN = """
import sys, duckdb
con = duckdb.connect()
if len(sys.argv) > 2:
    con.execute(f"SET memory_limit='{sys.argv[2]}'")
con.execute(f"CREATE VIEW a AS SELECT * FROM read_parquet('{sys.argv[1]}')")
tiered = '''SELECT CASE WHEN followers >= 1000000 THEN 4 WHEN followers >= 100000 THEN 3
  WHEN followers >= 10000 THEN 2 WHEN followers >= 100 THEN 1 ELSE 0 END AS t,
  followers::DOUBLE AS f, (avg_likes + avg_comments)::DOUBLE AS e,
  CASE WHEN followers > 0 THEN (avg_likes + avg_comments)::DOUBLE / followers * 100 END AS r
  FROM a'''
rows = con.execute(f'''SELECT t, count(*), sum(f::BIGINT), count(r),
  quantile_disc(r, [0.025, 0.25, 0.5, 0.75, 0.975]), quantile_disc(f, 0.5),
  quantile_disc(e, 0.5), min(r), max(r) FROM ({tiered}) GROUP BY t ORDER BY t''').fetchall()
print(len(rows))
"""

#: The same statistics as the engine path's summary, hand-written with DuckDB's own functions:
#: the exact-duplicate count, the rejection counts, per tier and overall the rate's median,
#: interval ranks and quartiles and the followers' and interactions' medians (quantile_disc),
#: the histogram (a CASE over the edges), the whiskers (a second statement, from the quartiles)
#: and the notes' counts. Each statement reads the Parquet file, as a hand-writer's would.
HANDWRITTEN_FULL = (
    HANDWRITTEN.split("rows = con.execute", maxsplit=1)[0]
    + """
con.execute("SELECT count(*) FROM (SELECT DISTINCT * FROM a)").fetchall()
con.execute("SELECT sum(CASE WHEN followers IS NULL THEN 1 ELSE 0 END), "
  "sum(CASE WHEN followers < 0 THEN 1 ELSE 0 END) FROM a").fetchall()
q = "quantile_disc(r, [0.025, 0.25, 0.5, 0.75, 0.975])"
rows = con.execute(f"SELECT t, count(*), sum(f::BIGINT), count(r), {q}, quantile_disc(f, 0.5), "
  f"quantile_disc(e, 0.5), min(r), max(r), min(f), max(f) FROM ({tiered}) GROUP BY t ORDER BY t"
).fetchall()
overall = con.execute(f"SELECT {q}, quantile_disc(f, 0.5) FROM ({tiered})").fetchall()
edges = [10 ** (i / 4) for i in range(1, 40)]
case = "CASE " + " ".join(
  f"WHEN f >= {e} THEN {i + 1}" for i, e in reversed(list(enumerate(edges))))
con.execute(f"SELECT {case} ELSE 0 END AS b, count(*) FROM ({tiered}) GROUP BY b").fetchall()
fences = {row[0]: (row[4][1], row[4][3]) for row in rows if row[4][1] is not None}
parts = ", ".join(
  f"min(CASE WHEN t = {t} AND r >= {q1 - 1.5 * (q3 - q1)} THEN r END), "
  f"max(CASE WHEN t = {t} AND r <= {q3 + 1.5 * (q3 - q1)} THEN r END)"
  for t, (q1, q3) in fences.items())
con.execute(f"SELECT {parts} FROM ({tiered})").fetchall()
hidden = tiered.replace("FROM a", ", avg_likes FROM a")
con.execute("SELECT sum(CASE WHEN r IS NULL THEN 1 ELSE 0 END), "
  f"sum(CASE WHEN avg_likes = -1 THEN 1 ELSE 0 END) FROM ({hidden})").fetchall()
print(len(rows), overall[0][0][2])
"""
)


def dataset(rows: int) -> Path:
    """The Parquet file of ``rows`` accounts (written once, in chunks, by a child process)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"engine_{rows}.parquet"
    if not path.exists():
        code = f"""
import pyarrow as pa, pyarrow.parquet as pq
from tests.support.accounts import accounts_frame
writer = None
for start in range(0, {rows}, {CHUNK}):
    part = accounts_frame(min({CHUNK}, {rows} - start), seed=start // {CHUNK}, first=start)
    table = pa.Table.from_pandas(part, preserve_index=False)
    writer = writer or pq.ParquetWriter("{path}.tmp", table.schema)
    writer.write_table(table)
writer.close()
"""
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        Path(f"{path}.tmp").rename(path)
    return path


def measure(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {args[:3]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--memory-max", type=int, default=50_000_000, help="largest in memory")
    options = parser.parse_args()
    print("| rows | contender | time (s) | peak RSS (MB) |")
    print("| ---: | --- | ---: | ---: |")
    for rows in options.rows:
        path = str(dataset(rows))
        contenders = {
            "engine path, DuckDB (summarize FILE.parquet)": [
                "-m",
                "infludash",
                "summarize",
                path,
                "--json",
            ],
            "hand-written DuckDB SQL, the tier table only": ["-c", HANDWRITTEN, path],
            "hand-written DuckDB SQL, the same statistics": ["-c", HANDWRITTEN_FULL, path],
        }
        if rows <= options.memory_max:
            contenders["in memory (pandas, Analysis)"] = ["-c", MEMORY, path]
        for name, args in contenders.items():
            runs = [measure(args) for _ in range(options.repeat)]
            seconds = sorted(r[0] for r in runs)[len(runs) // 2]
            peak = max(r[1] for r in runs)
            print(f"| {rows:,} | {name} | {seconds:.1f} | {peak:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
