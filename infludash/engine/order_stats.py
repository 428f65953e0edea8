"""The values at given ranks of each group, selected inside the engine from counts alone.

An engine's own median or quantile interpolates in its own way, and sorting a group into one
place (a window, ``PERCENTILE_DISC``) holds the whole group in one task's memory. Here each pass
is a ``GROUP BY`` of counts, which every engine spreads over its workers: the values of each
window (at first a group's whole range) are counted in :data:`BUCKETS` buckets (see
:func:`_bucket`); the bucket that holds a wanted rank becomes the next window, with the values
below it as an offset. A window of few values (:data:`FETCH_AT_MOST`), or of one repeated
value, comes back whole, and Python picks the rank from the sorted values. The bucket
expression only has to be monotone in the value, so a bucket is a range of values, its smallest
and largest values bound it exactly, and the engine's rounding of the bucket number never
changes which values are returned.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlglot import exp

from infludash.engine import sql

__all__ = ["BUCKETS", "FETCH_AT_MOST", "Runner", "values_at_ranks"]

#: Buckets per window and pass: one pass narrows a window of spread values about this much.
BUCKETS = 1024
#: A window with at most this many values is fetched whole.
FETCH_AT_MOST = 20_000
#: Passes before giving up (a guard: spread values need 2 to 4).
MAX_PASSES = 64


class Runner(Protocol):
    """What selection needs of a backend: run a statement, get its rows."""

    def rows(self, statement: exp.Expr) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class _Window:
    """Values ``low <= v <= high`` of group ``group``: ``count`` of them, ``below`` smaller ones
    in the group."""

    group: int
    low: float
    high: float
    count: int
    below: int

    @property
    def divisible(self) -> bool:
        """Whether buckets can split the window: its values are not all one, and its width is
        a finite positive double."""
        width = self.high - self.low
        return self.low < self.high and math.isfinite(width) and width > 0

    def holds(self, g: exp.Expr, v: exp.Expr) -> exp.Expr:
        return sql.and_all(
            [
                exp.EQ(this=g, expression=sql.integer(self.group)),
                exp.GTE(this=v, expression=sql.double(self.low)),
                exp.LTE(this=v, expression=sql.double(self.high)),
            ]
        )


def _col(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


def values_at_ranks(
    runner: Runner,
    source: exp.Select,
    wanted: Mapping[int, Iterable[int]],
    spans: Mapping[int, tuple[int, float, float]],
) -> dict[tuple[int, int], float]:
    """``{(group, rank): value}`` for the 1-based ``wanted`` ranks of each group, in ascending
    order. ``source`` yields columns ``g`` (the group) and ``v`` (a double, never NULL);
    ``spans`` gives each group's count, smallest and largest value (one aggregate the caller
    has already run)."""
    pending: dict[_Window, set[int]] = {}
    found: dict[tuple[int, int], float] = {}
    for group, asked in wanted.items():
        count, low, high = spans.get(group, (0, 0.0, 0.0))
        ranks = {r for r in asked if 1 <= r <= count}
        if ranks:
            pending.setdefault(_Window(group, low, high, count, 0), set()).update(ranks)
    for _ in range(MAX_PASSES):
        if not pending:
            return found
        fetch = {w: r for w, r in pending.items() if w.count <= FETCH_AT_MOST or not w.divisible}
        narrow = {w: r for w, r in pending.items() if w not in fetch}
        found.update(_fetched(runner, source, fetch))
        pending = _narrowed(runner, source, narrow) if narrow else {}
    raise RuntimeError("order statistics did not converge")  # values that defeat bisection


def _fetched(
    runner: Runner, source: exp.Select, windows: Mapping[_Window, set[int]]
) -> dict[tuple[int, int], float]:
    out: dict[tuple[int, int], float] = {}
    g, v = _col("g"), _col("v")
    spread = {w: r for w, r in windows.items() if w.low != w.high}
    for window, ranks in windows.items():
        if window.low == window.high:  # one repeated value: known without fetching it
            out.update({(window.group, r): window.low for r in ranks})
    if not spread:
        return out
    statement = (
        exp.select(g, v)
        .from_(source.subquery("s"))
        .where(sql.either([w.holds(g, v) for w in spread]))
    )
    values: dict[int, list[float]] = {}
    for group, value in runner.rows(statement):
        values.setdefault(int(group), []).append(float(value))
    for window, ranks in spread.items():
        inside = sorted(x for x in values.get(window.group, []) if window.low <= x <= window.high)
        if len(inside) != window.count:
            raise RuntimeError("the engine returned another number of values than it counted")
        out.update({(window.group, r): inside[r - window.below - 1] for r in ranks})
    return out


#: How many e-folds below a window's width its log-spaced buckets reach (about 20 decades);
#: smaller distances to the window's start share its second bucket.
_E_FOLDS = 46.0


def _bucket(v: exp.Expr, window: _Window) -> exp.Expr:
    """The bucket of ``v`` in ``window``, an expression monotone in ``v``.

    A window across zero is split by sign first. Otherwise the distance from the window's end
    nearest zero is bucketed on a log scale, so counts that span many orders of magnitude (the
    followers of a whole list) narrow as fast as close ones; the end's own value (ties at the
    bottom) has a bucket of its own. Logarithms differ between engines in their last bits, but
    one engine's are monotone, and that is all a bucket needs.
    """
    if window.low < 0 < window.high:
        return (
            exp.Case()
            .when(exp.LT(this=v, expression=sql.double(0.0)), sql.integer(0))
            .when(exp.EQ(this=v, expression=sql.double(0.0)), sql.integer(1))
            .else_(sql.integer(2))
        )
    ascending = window.low >= 0
    start = window.low if ascending else window.high
    width = window.high - window.low
    distance = exp.Paren(
        this=exp.Sub(this=v, expression=sql.double(start))
        if ascending
        else exp.Sub(this=sql.double(start), expression=v)
    )
    steps = BUCKETS - 2
    floor = math.log(width) - _E_FOLDS
    scaled = exp.Floor(
        this=exp.Mul(
            this=exp.Paren(this=exp.Sub(this=exp.Ln(this=distance), expression=sql.double(floor))),
            expression=sql.double(steps / _E_FOLDS),
        )
    )
    clipped = exp.Greatest(
        this=sql.integer(0), expressions=[exp.Least(this=scaled, expressions=[sql.integer(steps)])]
    )
    away = exp.Add(this=sql.integer(1), expression=clipped)
    numbered = (
        away if ascending else exp.Sub(this=sql.integer(BUCKETS), expression=exp.Paren(this=away))
    )
    at_start = exp.EQ(this=v, expression=sql.double(start))
    return exp.Case().when(at_start, sql.integer(0 if ascending else BUCKETS)).else_(numbered)


def _narrowed(
    runner: Runner, source: exp.Select, windows: Mapping[_Window, set[int]]
) -> dict[_Window, set[int]]:
    """One pass of counts: each window's ranks move to the bucket that holds them."""
    g, v = _col("g"), _col("v")
    order = list(windows)
    which = exp.Case()
    bucket = exp.Case()
    for i, window in enumerate(order):
        which = which.when(window.holds(g, v), sql.integer(i))
        clipped = _bucket(v, window)
        bucket = bucket.when(exp.EQ(this=_col("w"), expression=sql.integer(i)), clipped)
    tagged = exp.select(which.as_("w"), v).from_(source.subquery("s"))
    statement = (
        exp.select(
            _col("w"),
            bucket.as_("b"),
            exp.Count(this=exp.Star()).as_("n"),
            exp.Min(this=v).as_("lo"),
            exp.Max(this=v).as_("hi"),
        )
        .from_(tagged.subquery("t"))
        .where(exp.Not(this=exp.Is(this=_col("w"), expression=exp.null())))
        .group_by(_col("w"), exp.column("b"))
    )
    buckets: dict[int, list[tuple[int, int, float, float]]] = {}
    for w, b, n, lo, hi in runner.rows(statement):
        buckets.setdefault(int(w), []).append((int(b), int(n), float(lo), float(hi)))
    out: dict[_Window, set[int]] = {}
    for i, window in enumerate(order):
        below = window.below
        for _, n, lo, hi in sorted(buckets.get(i, [])):
            inside = {r for r in windows[window] if below < r <= below + n}
            if inside:
                if n == window.count and (lo, hi) == (window.low, window.high):
                    raise RuntimeError("a pass of counts did not narrow the values")
                out.setdefault(_Window(window.group, lo, hi, n, below), set()).update(inside)
            below += n
    return out
