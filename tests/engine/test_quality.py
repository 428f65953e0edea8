"""The exact-duplicate count of an engine's table: by sorted row hashes where the engine hashes
rows, by ``SELECT DISTINCT`` elsewhere, and equal to pandas' count of repeated rows either way,
also when different rows share a hash (a deliberately weak hash forces that)."""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from sqlglot import exp

from infludash.engine import quality, sql
from infludash.engine.relation import Relation


class _Runner:
    """Statements on a plain DuckDB connection, with a chosen row hash (or none)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, row_hash: str | None) -> None:
        self.con = con
        self.row_hash = row_hash
        self.statements: list[str] = []

    def rows(self, statement: exp.Expr) -> list[tuple[Any, ...]]:
        text = sql.render(statement, "duckdb")
        self.statements.append(text)
        return self.con.execute(text).fetchall()


def _table(seed: int, repeats: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 400
    frame = pd.DataFrame(
        {
            "handle": pd.array([f"@a{i % 150}" for i in range(n)], dtype="string"),
            "followers": pd.array(rng.integers(0, 5, n), dtype="Int64"),
            "likes": pd.array(rng.choice([1.5, -0.0, 0.0, np.nan], n), dtype="float64"),
        }
    )
    frame.loc[rng.choice(n, 40, replace=False), "handle"] = pd.NA
    copies = frame.sample(repeats, replace=True, random_state=seed)
    return pd.concat([frame, copies], ignore_index=True)


@pytest.mark.parametrize("row_hash", ["hash", "weak", None])
@pytest.mark.parametrize(("seed", "repeats"), [(1, 0), (2, 1), (3, 37), (4, 300)])
def test_duplicates_are_counted_exactly(
    row_hash: str | None, seed: int, repeats: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _table(seed, repeats)
    con = duckdb.connect()
    con.register("frame", frame)
    con.execute("CREATE TABLE accounts AS SELECT * FROM frame")
    # Three hash values for every row: distinct rows collide all the time.
    con.execute("CREATE MACRO weak(a, b, c) AS hash(a, b, c) % 3")
    monkeypatch.setattr(sql, "NAMED_FUNCTIONS", sql.NAMED_FUNCTIONS | {"weak"})
    runner = _Runner(con, row_hash)
    relation = Relation.of("accounts", list(frame.columns), {"followers": "followers"})
    # pandas treats NaN as equal to NaN and -0.0 as 0.0, as DISTINCT does
    expected = int(con.execute("SELECT count(*) FROM accounts").fetchone()[0]) - int(
        con.execute("SELECT count(*) FROM (SELECT DISTINCT * FROM accounts)").fetchone()[0]
    )
    assert expected == int(frame.duplicated().sum())
    assert quality.duplicates(runner, relation) == expected
    if row_hash is None:
        assert any("DISTINCT *" in s for s in runner.statements)
    else:
        assert "LAG(" in runner.statements[0]
        # no repeated hash: one statement; else only the rows that share a hash are compared
        assert len(runner.statements) == (1 if expected == 0 and row_hash == "hash" else 2)
