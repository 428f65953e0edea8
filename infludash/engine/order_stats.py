"""The values at given ranks of each group, selected inside the engine from counts alone.

An engine's own median or quantile interpolates in its own way, and sorting a group into one
place (a window, ``PERCENTILE_DISC``) holds the whole group in one task's memory. Here each pass
is a ``GROUP BY`` of counts, which every engine spreads over its workers: the values of each
window (at first a group's whole range) are counted in buckets (:mod:`~infludash.engine.
buckets`); the bucket that holds a wanted rank becomes the next window, with the values below
it as an offset. A window of few values (:data:`FETCH_AT_MOST`), or of one repeated value,
comes back whole, and Python picks the rank from the sorted values. The bucket expression only
has to be monotone in the value, so a bucket is a range of values, its smallest and largest
values bound it exactly, and the engine's rounding of the bucket number never changes which
values are returned.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from sqlglot import exp

from infludash.engine import sql
from infludash.engine.buckets import shared_bucket, window_bucket
from infludash.engine.windows import Parts, Window, col, per_group

__all__ = ["FETCH_AT_MOST", "FETCH_BATCH", "Runner", "values_at_ranks"]

#: A window with at most this many values is fetched whole.
FETCH_AT_MOST = 20_000
#: Most values one fetch asks for (windows are fetched together up to this many).
FETCH_BATCH = 100_000
#: Passes before giving up (a guard: spread values need 2 to 4).
MAX_PASSES = 64


class Runner(Protocol):
    """What selection needs of a backend: run a statement, get its rows."""

    def rows(self, statement: exp.Expr) -> list[tuple[Any, ...]]: ...


def values_at_ranks(
    runner: Runner,
    values: exp.Select | Parts,
    wanted: Mapping[int, Iterable[int]],
    spans: Mapping[int, tuple[int, float, float]],
) -> dict[tuple[int, int], float]:
    """``{(group, rank): value}`` for the 1-based ``wanted`` ranks of each group, in ascending
    order. ``values`` yields columns ``g`` (the group) and ``v`` (a double, never NULL), as one
    statement or in :class:`Parts`; ``spans`` gives each group's count, smallest and largest
    value (one aggregate the caller has already run)."""
    source = values if isinstance(values, Parts) else Parts(((values, frozenset(wanted)),))
    pending: dict[Window, set[int]] = {}
    found: dict[tuple[int, int], float] = {}
    for group, asked in wanted.items():
        count, low, high = spans.get(group, (0, 0.0, 0.0))
        ranks = {r for r in asked if 1 <= r <= count}
        if ranks:
            pending.setdefault(Window(group, low, high, count, 0), set()).update(ranks)
    first = True
    for _ in range(MAX_PASSES):
        if not pending:
            return found
        fetch = {w: r for w, r in pending.items() if w.count <= FETCH_AT_MOST or not w.divisible}
        narrow = {w: r for w, r in pending.items() if w not in fetch}
        found.update(_fetched(runner, source, fetch))
        step = _first_pass if first else _narrowed
        pending = step(runner, source, narrow) if narrow else {}
        first = False
    raise RuntimeError("order statistics did not converge")  # values that defeat bisection


def _fetched(
    runner: Runner, source: Parts, windows: Mapping[Window, set[int]]
) -> dict[tuple[int, int], float]:
    """The values at the ranks of windows small enough to fetch: each distinct value once,
    with how many times it occurs (ties are common: follower counts are whole numbers), in
    statements of at most :data:`FETCH_BATCH` values."""
    out: dict[tuple[int, int], float] = {}
    spread = {w: r for w, r in windows.items() if w.low != w.high}
    for window, ranks in windows.items():
        if window.low == window.high:  # one repeated value: known without fetching it
            out.update({(window.group, r): window.low for r in ranks})
    batch: dict[Window, set[int]] = {}
    for window, ranks in spread.items():
        if batch and sum(w.count for w in batch) + window.count > FETCH_BATCH:
            out.update(_fetch_batch(runner, source, batch))
            batch = {}
        batch[window] = ranks
    if batch:
        out.update(_fetch_batch(runner, source, batch))
    return out


def _fetch_batch(
    runner: Runner, source: Parts, windows: Mapping[Window, set[int]]
) -> dict[tuple[int, int], float]:
    g, v = col("g"), col("v")
    statement = (
        exp.select(g, v, exp.Count(this=exp.Star()).as_("n"))
        .from_(source.within(list(windows)).subquery("s"))
        .group_by(g, v)
    )
    values: dict[int, list[tuple[float, int]]] = {}
    for group, value, times in runner.rows(statement):
        values.setdefault(int(group), []).append((float(value), int(times)))
    out: dict[tuple[int, int], float] = {}
    for window, ranks in windows.items():
        inside = sorted(
            (x, n) for x, n in values.get(window.group, []) if window.low <= x <= window.high
        )
        ends = list(itertools.accumulate(n for _, n in inside))  # rank of each value's last copy
        if not ends or ends[-1] != window.count:
            raise RuntimeError("the engine returned another number of values than it counted")
        for r in ranks:
            out[(window.group, r)] = inside[bisect.bisect_left(ends, r - window.below)][0]
    return out


def _narrowed(
    runner: Runner, source: Parts, windows: Mapping[Window, set[int]]
) -> dict[Window, set[int]]:
    """One pass of counts: each window's ranks move to the bucket that holds them."""
    g, v = col("g"), col("v")
    order = list(windows)
    number = {window: i for i, window in enumerate(order)}
    which = exp.Case()
    bucket = exp.Case()
    for group, own in per_group(order).items():
        inner_which, inner_bucket = exp.Case(), exp.Case()
        for window in own:
            inner_which = inner_which.when(window.holds(v), sql.integer(number[window]))
            inner_bucket = inner_bucket.when(
                window.holds(v), window_bucket(v, window.low, window.high)
            )
        here = exp.EQ(this=g, expression=sql.integer(group))
        which = which.when(here, inner_which)
        bucket = bucket.when(here.copy(), inner_bucket)
    tagged = exp.select(which.as_("w"), bucket.as_("b"), v).from_(  # the windows' values only
        source.within(order).subquery("s")
    )
    statement = (
        exp.select(
            col("w"),
            col("b"),
            exp.Count(this=exp.Star()).as_("n"),
            exp.Min(this=v).as_("lo"),
            exp.Max(this=v).as_("hi"),
        )
        .from_(tagged.subquery("t"))
        .group_by(col("w"), col("b"))
    )
    return _assigned(runner.rows(statement), order, windows)


def _assigned(
    rows: Iterable[tuple[Any, ...]],
    order: list[Window],
    windows: Mapping[Window, set[int]],
    *,
    must_narrow: bool = True,
) -> dict[Window, set[int]]:
    """Each window's ranks moved to the bucket that holds them, from rows ``(window number,
    bucket, count, smallest, largest)``. A pass of per-window buckets always splits a window
    (its two ends fall in different buckets); the first, shared one may not."""
    buckets: dict[int, list[tuple[int, int, float, float]]] = {}
    for w, b, n, lo, hi in rows:
        buckets.setdefault(int(w), []).append((int(b), int(n), float(lo), float(hi)))
    out: dict[Window, set[int]] = {}
    for i, window in enumerate(order):
        below = window.below
        for _, n, lo, hi in sorted(buckets.get(i, [])):
            inside = {r for r in windows[window] if below < r <= below + n}
            if inside:
                unchanged = n == window.count and (lo, hi) == (window.low, window.high)
                if unchanged and must_narrow:
                    raise RuntimeError("a pass of counts did not narrow the values")
                out.setdefault(Window(window.group, lo, hi, n, below), set()).update(inside)
            below += n
    if sum(n for w in buckets.values() for _, n, _, _ in w) != sum(w.count for w in order):
        raise RuntimeError("the engine counted other values than the windows hold")
    return out


def _first_pass(
    runner: Runner, source: Parts, windows: Mapping[Window, set[int]]
) -> dict[Window, set[int]]:
    """The first pass, over whole groups (one window each): the same log-spaced buckets for
    every group, so the statement is one bucket expression per value, not a case per window.
    A group that is the union of others (:attr:`Parts.unions`) is not read again: its buckets
    are theirs added up."""
    g, v = col("g"), col("v")
    order = list(windows)
    derived = {w.group: source.unions[w.group] for w in order if w.group in source.unions}
    read = {w.group for w in order if w.group not in derived}.union(*derived.values())
    statement = (
        exp.select(
            g,
            shared_bucket(v).as_("b"),
            exp.Count(this=exp.Star()).as_("n"),
            exp.Min(this=v).as_("lo"),
            exp.Max(this=v).as_("hi"),
        )
        .from_(
            source.within([Window(group, 0.0, 0.0, 0, 0) for group in read], whole=True).subquery(
                "s"
            )
        )
        .group_by(g, exp.column("b"))
    )
    counted: dict[int, dict[int, tuple[int, float, float]]] = {}
    for group, b, n, lo, hi in runner.rows(statement):
        counted.setdefault(int(group), {})[int(b)] = (int(n), float(lo), float(hi))
    rows: list[tuple[int, int, int, float, float]] = []
    for i, window in enumerate(order):
        members = derived.get(window.group, {window.group})
        merged: dict[int, tuple[int, float, float]] = {}
        for member in members:
            for b, (n, lo, hi) in counted.get(member, {}).items():
                m, low, high = merged.get(b, (0, lo, hi))
                merged[b] = (m + n, min(low, lo), max(high, hi))
        rows += [(i, b, n, lo, hi) for b, (n, lo, hi) in merged.items()]
    return _assigned(rows, order, windows, must_narrow=False)
