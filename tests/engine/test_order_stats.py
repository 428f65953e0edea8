"""Values at ranks from counts alone: equal to sorting, whatever the values (ties, one value
repeated, negatives, neighbouring doubles, huge spreads), over several passes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from infludash.engine import buckets, order_stats
from infludash.engine.backends import DuckDB
from infludash.engine.order_stats import values_at_ranks


class _Counting:
    """A DuckDB over one table ``v`` (columns g, v) that counts the statements it runs."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.db = DuckDB()
        con = self.db._con  # a private in-memory database
        con.register("given", frame)
        con.execute("CREATE TABLE values_frame AS SELECT * FROM given")
        self.statements = 0

    def rows(self, statement: exp.Expr) -> list[tuple[Any, ...]]:
        self.statements += 1
        return self.db.rows(statement)


def _source() -> exp.Select:
    return exp.select(exp.column("g"), exp.column("v")).from_(exp.to_table("values_frame"))


def _check(groups: dict[int, list[float]], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(buckets, "BUCKETS", 8)  # many passes on few values
    monkeypatch.setattr(order_stats, "FETCH_AT_MOST", 3)
    frame = pd.DataFrame(
        [(g, v) for g, values in groups.items() for v in values], columns=["g", "v"]
    ).astype({"g": "int64", "v": "float64"})
    runner = _Counting(frame)
    spans = {g: (len(v), min(v), max(v)) for g, v in groups.items()}
    wanted = {g: set(range(1, len(v) + 1)) for g, v in groups.items()}
    found = values_at_ranks(runner, _source(), wanted, spans)
    for g, values in groups.items():
        ordered = sorted(values)
        assert [found[(g, r)] for r in range(1, len(values) + 1)] == ordered
    return runner.statements


doubles = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.integers(0, 4),
        st.lists(
            st.one_of(doubles, st.sampled_from([0.0, 1.0, 1.0 + 2**-52, 5e-324])),
            min_size=1,
            max_size=40,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_every_rank_is_the_sorted_value(groups: dict[int, list[float]]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        _check(groups, patch)


@pytest.mark.parametrize(
    "values",
    [
        [3.0] * 50,  # one value: known from the span, never fetched
        [1.0, 1.0 + 2**-52] * 20,  # neighbouring doubles
        [0.0, 1e-300, 1e300] * 5,  # a spread that overflows nothing
        list(np.geomspace(1, 1e9, 200)),
    ],
)
def test_hard_values(values: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    _check({0: values, 3: values[::-1]}, monkeypatch)


def test_a_large_group_needs_few_passes() -> None:
    rng = np.random.default_rng(1)
    values = np.floor(10 ** rng.normal(3.6, 1.1, 300_000))
    frame = pd.DataFrame({"g": 0, "v": values})
    runner = _Counting(frame)
    n = len(values)
    wanted = {0: {1, n // 2, n // 2 + 1, n}}
    found = values_at_ranks(runner, _source(), wanted, {0: (n, values.min(), values.max())})
    ordered = np.sort(values)
    assert [found[(0, r)] for r in sorted(wanted[0])] == [ordered[r - 1] for r in sorted(wanted[0])]
    assert runner.statements <= 6  # passes of counts plus one fetch, not one per value


def test_windows_are_fetched_in_batches_of_distinct_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small windows together hold more values than one fetch may return (a filtered
    tier of whole follower counts, every rank of every group wanted): they come in batches,
    each value once with its count, and the ranks are still those of sorting."""
    monkeypatch.setattr(order_stats, "FETCH_AT_MOST", 40)
    monkeypatch.setattr(order_stats, "FETCH_BATCH", 70)
    rng = np.random.default_rng(4)
    groups = {g: rng.integers(0, 9, 35).astype(float).tolist() for g in range(6)}
    frame = pd.DataFrame(
        [(g, v) for g, values in groups.items() for v in values], columns=["g", "v"]
    ).astype({"g": "int64", "v": "float64"})
    runner = _Counting(frame)
    returned: list[int] = []
    plain = runner.rows

    def rows(statement: exp.Expr) -> list[tuple[Any, ...]]:
        out = plain(statement)
        returned.append(len(out))
        return out

    runner.rows = rows  # type: ignore[method-assign]
    spans = {g: (len(v), min(v), max(v)) for g, v in groups.items()}
    wanted = {g: set(range(1, len(v) + 1)) for g, v in groups.items()}
    found = values_at_ranks(runner, _source(), wanted, spans)
    for g, values in groups.items():
        assert [found[(g, r)] for r in range(1, len(values) + 1)] == sorted(values)
    assert len(returned) == 3  # 6 windows of 35 values, at most 70 values a fetch
    assert max(returned) <= 2 * 9  # distinct values of two groups, not their 70 values
