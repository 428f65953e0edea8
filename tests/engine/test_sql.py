"""The statement allow-list: exact primitives and the engines' row hashes pass; an approximate
percentile, an unknown function and anything that writes are refused before they run."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from infludash.engine import sql


@pytest.mark.parametrize(
    "text",
    [
        "SELECT COUNT(*) FROM t",
        "SELECT HASH(a, b) AS k FROM t",
        "SELECT k, LAG(k) OVER (ORDER BY k) AS p FROM t",
        "SELECT MIN(CASE WHEN r >= 1 THEN r END) FROM t GROUP BY g",
    ],
)
def test_exact_primitives_render(text: str) -> None:
    assert sql.render(sqlglot.parse_one(text, read="duckdb"), "duckdb")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT APPROX_QUANTILE(r, 0.5) FROM t",
        "SELECT QUANTILE_CONT(r, 0.5) FROM t",
        "SELECT MEDIAN(r) FROM t",
        "SELECT MD5(a) FROM t",
        "SELECT READ_CSV('x')",
        "DROP TABLE t",
        "INSERT INTO t VALUES (1)",
        "CREATE TABLE u AS SELECT * FROM t",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(sql.UnsafeStatement):
        sql.render(sqlglot.parse_one(text, read="duckdb"), "duckdb")


def test_a_named_function_must_be_on_the_list() -> None:
    assert "hash" in sql.NAMED_FUNCTIONS
    statement = exp.select(exp.Anonymous(this="sleep", expressions=[sql.integer(1)]))
    with pytest.raises(sql.UnsafeStatement):
        sql.render(statement, "duckdb")
