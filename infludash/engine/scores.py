"""Robust residual scores of accounts in an engine, with numpy's exact values (see
:mod:`infludash.engine.flags` for why and how): the residual of each member of a fitted platform
group, and the median of any expression of it, made exact by numpy on the accounts near it."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlglot import exp

from infludash.engine import ranks, sql
from infludash.engine.accounts import as_float, usable
from infludash.engine.order_stats import Runner, values_at_ranks
from infludash.engine.relation import Relation, Shape

__all__ = ["HAIR", "RESIDUAL", "GroupFit", "Scored", "exact_median", "per_group"]

#: Relative half-width around an engine order statistic within which numpy decides.
HAIR = 1e-9
_LN10 = math.log(10.0)


def _col(name: str) -> exp.Column:
    return exp.column(name, quoted=True)


#: A member's residual in :meth:`Scored.source`'s expressions.
RESIDUAL = _col("res")


@dataclass(frozen=True)
class GroupFit:
    """One platform group's line and scale (``name`` "": accounts without a platform)."""

    name: str
    n: int
    slope: float
    intercept: float
    centre: float
    scale: float


def _log10(value: exp.Expr) -> exp.Expr:
    return exp.Div(this=exp.Ln(this=value), expression=sql.double(_LN10))


def per_group(names: Sequence[str], key: exp.Expr, values: Sequence[float]) -> exp.Expr:
    case = exp.Case()
    for name, value in zip(names, values, strict=True):
        case = case.when(exp.EQ(this=key, expression=sql.text(name)), sql.double(value))
    return case.else_(exp.Cast(this=exp.null(), to=exp.DataType.build("double")))


class Scored:
    """The members of the fitted groups with their engine residual ``v`` and group ``g``."""

    def __init__(self, relation: Relation, shape: Shape, fits: Sequence[GroupFit]) -> None:
        self.relation, self.shape, self.fits = relation, shape, fits
        names = [f.name for f in fits]
        key = relation.platform_group()
        self.f, self.r = relation.followers(), relation.rate(shape)
        line = exp.Add(
            this=per_group(names, key, [f.intercept for f in fits]),
            expression=exp.Mul(
                this=per_group(names, key, [f.slope for f in fits]), expression=_log10(self.f)
            ),
        )
        self.residual = exp.Sub(this=_log10(self.r), expression=exp.Paren(this=line))
        group = exp.Case()
        for i, name in enumerate(names):
            group = group.when(exp.EQ(this=key, expression=sql.text(name)), sql.integer(i))
        self.group = group.else_(sql.integer(-1))
        self.where = sql.and_all(
            [
                usable(relation, shape),
                exp.GT(this=self.f, expression=sql.double(0.0)),
                exp.GT(this=self.r, expression=sql.double(0.0)),
                exp.In(this=key, expressions=[sql.text(n) for n in names]),
            ]
        )

        # Every member once, with its residual: the medians' passes read this (a materialised
        # table expression, which the engine computes once) instead of the source.
        self.members = (
            exp.select(
                self.group.as_("g"), self.f.as_("f"), self.r.as_("r"), self.residual.as_("res")
            )
            .from_(self.relation.source())
            .where(self.where)
        )

    def of_member(self, values: Sequence[float]) -> exp.Expr:
        """Per member (a column ``g`` of :attr:`members`), its group's value of ``values``."""
        case = exp.Case()
        for i, value in enumerate(values):
            case = case.when(exp.EQ(this=_col("g"), expression=sql.integer(i)), sql.double(value))
        return case.else_(exp.Cast(this=exp.null(), to=exp.DataType.build("double")))

    def source(self, value: exp.Expr) -> exp.Select:
        """``g``, ``v`` (``value``, an expression of the columns of :attr:`members`: ``res``,
        the residual, and ``g``), ``f`` and ``r`` of every member."""
        return (
            exp.select(_col("g"), value.as_("v"), _col("f"), _col("r"))
            .from_("m")
            .with_("m", as_=self.members, materialized=True)
        )

    def numpy_residual(self, g: np.ndarray, f: np.ndarray, r: np.ndarray) -> np.ndarray:
        """The in-memory path's residuals of these accounts (its own numpy calls)."""
        slope = np.array([self.fits[i].slope for i in g], dtype="float64")
        intercept = np.array([self.fits[i].intercept for i in g], dtype="float64")
        x, y = np.log10(f), np.log10(r)
        return y - (intercept + slope * x)


def _exact(
    runner: Runner,
    source: exp.Select,
    found: Mapping[tuple[int, int], float],
    numpy_value: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
) -> dict[tuple[int, int], float]:
    """``found`` (engine values at ranks) as numpy would have them (see the module's
    docstring)."""
    if not found:
        return {}
    inner = source.subquery("s")
    g, v = _col("g"), _col("v")
    windows = {
        at: (value - HAIR * max(1.0, abs(value)), value + HAIR * max(1.0, abs(value)))
        for at, value in found.items()
    }
    below = [
        exp.Sum(
            this=exp.Case()
            .when(
                exp.and_(
                    exp.EQ(this=g, expression=sql.integer(group)),
                    exp.LT(this=v, expression=sql.double(low)),
                ),
                sql.integer(1),
            )
            .else_(sql.integer(0))
        ).as_(f"b{i}")
        for i, ((group, _), (low, _)) in enumerate(windows.items())
    ]
    (counts,) = runner.rows(exp.select(*below).from_(inner))
    near = sql.either(
        [
            exp.and_(
                exp.EQ(this=g, expression=sql.integer(group)),
                exp.Between(this=v, low=sql.double(low), high=sql.double(high)),
            )
            for (group, _), (low, high) in windows.items()
        ]
    )
    rows = runner.rows(
        exp.select(g, _col("f"), _col("r"), exp.Count(this=exp.Star()).as_("n"))
        .from_(inner)
        .where(near)
        .group_by(g, _col("f"), _col("r"))
    )
    groups = np.array([int(row[0]) for row in rows], dtype=np.intp)
    f = np.array([float(row[1]) for row in rows], dtype="float64")
    r = np.array([float(row[2]) for row in rows], dtype="float64")
    times = np.array([int(row[3]) for row in rows], dtype=np.intp)
    values = numpy_value(groups, f, r) if rows else np.array([], dtype="float64")
    out = {}
    for i, ((group, rank), (low, high)) in enumerate(windows.items()):
        inside = (groups == group) & (values >= low) & (values <= high)
        ordered = np.sort(np.repeat(values[inside], times[inside]))
        k = rank - int(counts[i] or 0) - 1
        # Out of the window only if the engine's logarithm were off by more than the hair.
        out[(group, rank)] = float(ordered[k]) if 0 <= k < ordered.size else found[(group, rank)]
    return out


def exact_median(
    runner: Runner,
    scored: Scored,
    value: exp.Expr,
    numpy_value: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
) -> list[float]:
    """Per fitted group, the numpy median of ``value`` (an engine expression of the residual,
    ``numpy_value`` the same in numpy)."""
    source = scored.source(value)
    inner = source.subquery("s")
    g, v = _col("g"), _col("v")
    spans = {
        int(group): (int(n), as_float(low), as_float(high))
        for group, n, low, high in runner.rows(
            exp.select(g, exp.Count(this=v), exp.Min(this=v), exp.Max(this=v))
            .from_(inner)
            .group_by(g)
        )
    }
    wanted = {group: ranks.mid(n) for group, (n, _, _) in spans.items()}
    at = _exact(runner, source, values_at_ranks(runner, source, wanted, spans), numpy_value)
    return [
        ranks.median(at, i, spans.get(i, (0, 0.0, 0.0))[0]) or 0.0 for i in range(len(scored.fits))
    ]
