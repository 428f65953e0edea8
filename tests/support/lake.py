"""A seeded DuckDB table of accounts of any size, made by SQL inside DuckDB (ten million rows
in seconds): the browser test's and the app benchmark's configured source."""

from __future__ import annotations

from pathlib import Path

import duckdb

__all__ = ["write_lake"]


def write_lake(path: Path, rows: int) -> dict[str, int]:
    """Seeded accounts written by a writable connection of the test (the app only reads):
    platforms in turn, followers log-uniform from 3 to 30M, likes and comments from them, and
    the list's own engagement rate in percent (the computed one, give or take 30%; every 17th
    missing). Returns the accounts per platform."""
    with duckdb.connect(str(path)) as con:
        con.execute("SELECT setseed(0.25)")
        con.execute(
            f"""CREATE TABLE creators AS
            SELECT 'creator_' || i AS handle,
                   ['Instagram', 'TikTok', 'YouTube'][1 + i % 3] AS platform,
                   ['Beauty', 'Gaming', 'Food', 'Travel'][1 + (i // 3) % 4] AS category,
                   CAST(floor(pow(10, 0.5 + 7 * random())) AS BIGINT) AS followers,
                   random() AS u, random() AS v, i
            FROM range({rows}) t(i)"""
        )
        con.execute(
            """CREATE TABLE accounts AS
            SELECT handle, platform, category, followers,
                   CAST(floor(followers * (0.004 + 0.06 * u)) AS BIGINT) AS avg_likes,
                   CAST(floor(followers * 0.002 * u) AS BIGINT) AS avg_comments,
                   CASE WHEN i % 17 = 0 THEN NULL
                        ELSE round((0.4 + 6.2 * u) * (0.8 + 0.5 * v), 2) END AS engagement_rate
            FROM creators"""
        )
        con.execute("DROP TABLE creators")
        counts = con.execute("SELECT platform, count(*) FROM accounts GROUP BY 1").fetchall()
    return {str(p): int(n) for p, n in counts}
