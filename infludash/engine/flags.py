"""Anomaly flags of a relation, computed in its engine, with the flags of the in-memory path.

Per platform, an account's residual from the platform's fitted line (log10 rate on log10
followers) is scored with a robust z: (residual − median) / (1.4826 · MAD), as
:func:`~infludash.analysis.anomalies.flag_anomalies` does. The engine computes residuals with
its own logarithm, which differs from numpy's in the last bits, so no engine figure decides a
flag by itself:

* the median and the MAD are located by the engine's order statistics, then made exact: the
  accounts whose engine value lies within a hair (:data:`HAIR`, relative) of the one found are
  fetched, with how many lie below, and numpy computes their values; the rank's value is
  numpy's, as if numpy had sorted every account;
* an account is counted as flagged by the engine only when its engine z is beyond the limit by
  more than :data:`BAND`; those within the band either side are fetched and numpy decides.

The logarithms differ by about 1e-16 relative, the hair and band are ten million times wider,
so every flag and count is the one numpy gives on the same fit (the hair is
:data:`~infludash.engine.scores.HAIR`). Only counts, the few accounts
in the band and a page of flagged accounts come back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlglot import exp

from infludash.analysis.anomalies import HIDDEN, HIGH, LOW, MAD_TO_SD, MIN_FIT, ZERO
from infludash.base.schema import AVG_LIKES
from infludash.engine import sql
from infludash.engine.accounts import usable
from infludash.engine.order_stats import Runner
from infludash.engine.relation import Relation, Shape
from infludash.engine.scores import RESIDUAL, GroupFit, Scored, exact_median, per_group

__all__ = ["BAND", "EngineFlags", "engine_flags", "z_expression"]

#: Half-width of z around the limit within which numpy decides a flag.
BAND = 1e-6
#: Most platform groups scored.
GROUPS_FETCHED = 50

Fit = Callable[[str], tuple[float, float] | None]  # group name -> (slope, intercept)


@dataclass(frozen=True)
class EngineFlags:
    """How many filtered accounts each flag has, and what scored them."""

    z_limit: float
    counts: Mapping[str, int]
    groups: tuple[GroupFit, ...]
    band: tuple[tuple[int, float, float, float], ...]  # group, followers, rate, z: flagged

    @property
    def flagged(self) -> int:
        return sum(self.counts.values())


def _groups(runner: Runner, relation: Relation, shape: Shape) -> list[tuple[str, int]]:
    """The platform groups with enough rated accounts for a fit, and how many they have."""
    key = relation.platform_group()
    f, r = relation.followers(), relation.rate(shape)
    rated = sql.and_all(
        [
            usable(relation, shape),
            exp.GT(this=f, expression=sql.double(0.0)),
            exp.GT(this=r, expression=sql.double(0.0)),
        ]
    )
    rows = runner.rows(
        exp.select(key.as_("k"), exp.Count(this=exp.Star()).as_("n"))
        .from_(relation.source())
        .where(rated)
        .group_by(exp.column("k"))
        .order_by(exp.column("k"))
        .limit(GROUPS_FETCHED)
    )
    return [(str(k), int(n)) for k, n in rows if int(n) >= MIN_FIT]


def engine_flags(
    runner: Runner, relation: Relation, shape: Shape, fit_of: Fit, z_limit: float
) -> EngineFlags:
    """The flags of ``relation``'s filtered accounts at ``z_limit``, each platform group scored
    against the line ``fit_of`` gives for it (the trend's fit on its seeded sample)."""
    fits: list[GroupFit] = []
    for name, n in _groups(runner, relation, shape):
        line = fit_of(name)
        if line is not None:
            fits.append(GroupFit(name, n, line[0], line[1], 0.0, 0.0))
    counts = dict.fromkeys((LOW, HIGH, ZERO, HIDDEN), 0)
    band: list[tuple[int, float, float, float]] = []
    if fits:
        scored = Scored(relation, shape, fits)
        centres = exact_median(runner, scored, RESIDUAL.copy(), scored.numpy_residual)
        fits = [
            GroupFit(f.name, f.n, f.slope, f.intercept, c, 0.0)
            for f, c in zip(fits, centres, strict=True)
        ]
        scored = Scored(relation, shape, fits)  # the same members: the same table
        distance = exp.Sub(this=RESIDUAL.copy(), expression=scored.of_member(centres))
        absolute = (
            exp.Case()
            .when(
                exp.LT(this=distance, expression=sql.double(0.0)),
                exp.Neg(this=exp.Paren(this=distance)),
            )
            .else_(distance)
        )

        def numpy_distance(g: np.ndarray, f: np.ndarray, r: np.ndarray) -> np.ndarray:
            centre = np.array([centres[i] for i in g], dtype="float64")
            return np.abs(scored.numpy_residual(g, f, r) - centre)

        mads = exact_median(runner, scored, absolute, numpy_distance)
        fits = [
            GroupFit(f.name, f.n, f.slope, f.intercept, f.centre, MAD_TO_SD * mad)
            for f, mad in zip(fits, mads, strict=True)
        ]
        low, high, band = _z_counts(runner, relation, shape, fits, z_limit)
        counts[LOW], counts[HIGH] = low, high
    counts[ZERO], counts[HIDDEN] = _no_z_counts(runner, relation, shape)
    return EngineFlags(float(z_limit), counts, tuple(fits), tuple(band))


def z_expression(
    relation: Relation, shape: Shape, fits: Sequence[GroupFit]
) -> tuple[exp.Expr, exp.Expr]:
    """The engine's robust z of a member of a scored group, and the condition of membership
    (groups whose scale is 0 score no account, as in memory)."""
    scored_fits = [f for f in fits if f.scale > 0]
    scored = Scored(relation, shape, scored_fits)
    names = [f.name for f in scored_fits]
    key = relation.platform_group()
    z = exp.Div(
        this=exp.Paren(
            this=exp.Sub(
                this=scored.residual,
                expression=per_group(names, key, [f.centre for f in scored_fits]),
            )
        ),
        expression=per_group(names, key, [f.scale for f in scored_fits]),
    )
    return z, scored.where if scored_fits else exp.false()


def _z_counts(
    runner: Runner, relation: Relation, shape: Shape, fits: Sequence[GroupFit], z_limit: float
) -> tuple[int, int, list[tuple[int, float, float, float]]]:
    """Accounts beyond the limit below and above, the engine's definite ones and numpy's
    decision on those in the band (returned, flagged ones only)."""
    scored_fits = [f for f in fits if f.scale > 0]
    if not scored_fits:
        return 0, 0, []
    z, members = z_expression(relation, shape, fits)
    outer = z_limit + BAND
    inner = z_limit - BAND

    def count(condition: exp.Expr, alias: str) -> exp.Expr:
        return exp.Sum(this=exp.Case().when(condition, sql.integer(1)).else_(sql.integer(0))).as_(
            alias
        )

    ((low, high),) = runner.rows(
        exp.select(
            count(exp.LT(this=z, expression=sql.double(-outer)), "low"),
            count(exp.GT(this=z, expression=sql.double(outer)), "high"),
        )
        .from_(relation.source())
        .where(members)
    )
    in_band = exp.or_(
        exp.Between(this=z, low=sql.double(-outer), high=sql.double(-inner)),
        exp.Between(this=z, low=sql.double(inner), high=sql.double(outer)),
    )
    scored = Scored(relation, shape, scored_fits)
    rows = runner.rows(
        exp.select(scored.group.as_("g"), scored.f.as_("f"), scored.r.as_("r"))
        .from_(relation.source())
        .where(exp.and_(members, in_band))
    )
    low, high = int(low or 0), int(high or 0)
    flagged = []
    if rows:
        g = np.array([int(row[0]) for row in rows], dtype=np.intp)
        f = np.array([float(row[1]) for row in rows], dtype="float64")
        r = np.array([float(row[2]) for row in rows], dtype="float64")
        centre = np.array([scored_fits[i].centre for i in g], dtype="float64")
        scale = np.array([scored_fits[i].scale for i in g], dtype="float64")
        zs = (scored.numpy_residual(g, f, r) - centre) / scale
        low += int((zs < -z_limit).sum())
        high += int((zs > z_limit).sum())
        flagged = [
            (int(gi), float(fi), float(ri), float(zi))
            for gi, fi, ri, zi in zip(g, f, r, zs, strict=True)
            if abs(zi) > z_limit
        ]
    return low, high, flagged


def _no_z_counts(runner: Runner, relation: Relation, shape: Shape) -> tuple[int, int]:
    """Accounts with no engagement at all, and with hidden likes (flagged without a z)."""
    f, r = relation.followers(), relation.rate(shape)
    zero = exp.and_(
        exp.EQ(this=r, expression=sql.double(0.0)), exp.GT(this=f, expression=sql.double(0.0))
    )
    hidden = relation.hidden_likes() if relation.has(AVG_LIKES) else exp.false()

    def count(condition: exp.Expr) -> exp.Expr:
        return exp.Sum(this=exp.Case().when(condition, sql.integer(1)).else_(sql.integer(0)))

    ((n_zero, n_hidden),) = runner.rows(
        exp.select(
            count(zero),
            count(hidden),  # hidden likes leave no rate: never both
        )
        .from_(relation.source())
        .where(usable(relation, shape))
    )
    return int(n_zero or 0), int(n_hidden or 0)
