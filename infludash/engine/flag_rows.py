"""A page of flagged accounts from an engine, furthest from their platform's line first (as
:func:`~infludash.analysis.anomalies.furthest_first` orders an upload's), then those flagged
without a z (no engagement at all, hidden likes), largest first. Each account's z is numpy's,
computed from its exact followers and rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlglot import exp

from infludash.analysis.anomalies import HIDDEN, HIGH, LOW, ZERO
from infludash.base.schema import AVG_LIKES
from infludash.engine import sql
from infludash.engine.accounts import usable
from infludash.engine.flags import BAND, EngineFlags, z_expression
from infludash.engine.order_stats import Runner
from infludash.engine.relation import Relation, Shape
from infludash.engine.rows import PageRows, columns_of, frame_of
from infludash.engine.scores import Scored

__all__ = ["flagged_page"]


def _absolute(value: exp.Expr) -> exp.Expr:
    negative = exp.LT(this=value, expression=sql.double(0.0))
    return exp.Case().when(negative, exp.Neg(this=exp.Paren(this=value))).else_(value)


def _select(relation: Relation, shape: Shape, extra: dict[str, exp.Expr]) -> exp.Select:
    picks = {**columns_of(relation, shape), **extra}
    return exp.select(*(value.as_(name) for name, value in picks.items())).from_(relation.source())


def _fetch(
    runner: Runner, statement: exp.Select, relation: Relation, shape: Shape, extra: list[str]
) -> pd.DataFrame:
    names = [*columns_of(relation, shape), *extra]
    return frame_of(runner.rows(statement), names, shape)


def _with_z(frame: pd.DataFrame, scored: Scored, flags: EngineFlags) -> pd.DataFrame:
    fits = [f for f in flags.groups if f.scale > 0]
    g = frame.pop("_g").to_numpy(dtype=np.intp)
    f = frame["followers"].to_numpy(dtype="float64")
    r = frame["er_pct"].to_numpy(dtype="float64")
    centre = np.array([fits[i].centre for i in g], dtype="float64")
    scale = np.array([fits[i].scale for i in g], dtype="float64")
    z = (scored.numpy_residual(g, f, r) - centre) / scale
    return frame.assign(anomaly_z=z, anomaly=np.where(z < 0, LOW, HIGH))


def flagged_page(
    runner: Runner, relation: Relation, shape: Shape, flags: EngineFlags, *, number: int, size: int
) -> PageRows:
    """Page ``number`` (1-based, clamped) of ``size`` flagged accounts of ``flags``."""
    total = flags.flagged
    pages = max(1, -(-total // size))
    number = min(max(1, int(number)), pages)
    start, stop = (number - 1) * size, number * size
    fits = [f for f in flags.groups if f.scale > 0]
    definite = flags.counts[LOW] + flags.counts[HIGH] - len(flags.band)
    parts: list[pd.DataFrame] = []
    if fits:
        scored = Scored(relation, shape, fits)
        z, members = z_expression(relation, shape, flags.groups)
        if start < definite:
            far = exp.GT(this=_absolute(z), expression=sql.double(flags.z_limit + BAND))
            statement = (
                _select(relation, shape, {"_g": scored.group})
                .where(exp.and_(members, far))
                .order_by(
                    exp.Ordered(this=_absolute(z), desc=True),
                    exp.Ordered(this=scored.f, desc=True),
                    exp.Ordered(this=scored.r),
                )
                .limit(min(stop, definite) - start)
                .offset(start)
            )
            parts.append(_with_z(_fetch(runner, statement, relation, shape, ["_g"]), scored, flags))
        near = sorted(flags.band, key=lambda item: -abs(item[3]))
        wanted = near[max(0, start - definite) : max(0, stop - definite)]
        if wanted:
            picked = sql.either(
                [
                    exp.and_(
                        exp.EQ(this=scored.group, expression=sql.integer(g)),
                        exp.EQ(this=scored.f, expression=sql.double(f)),
                        exp.EQ(this=scored.r, expression=sql.double(r)),
                    )
                    for g, f, r, _ in wanted
                ]
            )
            statement = _select(relation, shape, {"_g": scored.group}).where(
                exp.and_(members, exp.Paren(this=picked))
            )
            found = _with_z(_fetch(runner, statement, relation, shape, ["_g"]), scored, flags)
            parts.append(found.sort_values("anomaly_z", key=np.abs, ascending=False))
    scored_total = flags.counts[LOW] + flags.counts[HIGH]
    if stop > scored_total and flags.counts[ZERO] + flags.counts[HIDDEN]:
        parts.append(_without_z(runner, relation, shape, start - scored_total, stop - scored_total))
    frame = pd.concat(parts, ignore_index=True) if parts else _empty(relation, shape)
    return PageRows(frame.head(size), start + 1, total)


def _without_z(
    runner: Runner, relation: Relation, shape: Shape, start: int, stop: int
) -> pd.DataFrame:
    f, r = relation.followers(), relation.rate(shape)
    zero = exp.and_(
        exp.EQ(this=r, expression=sql.double(0.0)), exp.GT(this=f, expression=sql.double(0.0))
    )
    hidden = relation.hidden_likes() if relation.has(AVG_LIKES) else exp.false()
    flagged = exp.Coalesce(this=exp.or_(zero, hidden), expressions=[exp.false()])
    statement = (
        _select(relation, shape, {"_hidden": exp.Coalesce(this=hidden, expressions=[exp.false()])})
        .where(exp.and_(usable(relation, shape), exp.Paren(this=flagged)))
        .order_by(exp.Ordered(this=f, desc=True), exp.Ordered(this=r))
        .limit(stop - max(0, start))
        .offset(max(0, start))
    )
    frame = _fetch(runner, statement, relation, shape, ["_hidden"])
    hidden_rows = frame.pop("_hidden").astype(bool).to_numpy()
    return frame.assign(anomaly_z=np.nan, anomaly=np.where(hidden_rows, HIDDEN, ZERO))


def _empty(relation: Relation, shape: Shape) -> pd.DataFrame:
    return frame_of([], list(columns_of(relation, shape)), shape).assign(
        anomaly_z=pd.Series(dtype="float64"), anomaly=pd.Series(dtype="object")
    )
