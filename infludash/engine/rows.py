"""Rows of accounts fetched from an engine: a page in a true order (sorted by the engine over
every account that passes the filters, then cut with a limit), and the seeded sample the trends
are fitted on. Never more than a page or a sample comes back."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sqlglot import exp

from infludash.analysis.engagement import disagreements
from infludash.analysis.fits import MAX_FIT_POINTS
from infludash.base.schema import (
    CATEGORY,
    COUNTRY,
    ENGAGEMENTS,
    ER_DISAGREES,
    ER_PCT,
    FOLLOWERS,
    PLATFORM,
    REPORTED_ER_PCT,
    TIER,
    TIER_INDEX,
)
from infludash.engine import sql
from infludash.engine.accounts import usable
from infludash.engine.order_stats import Runner
from infludash.engine.relation import Relation, Shape
from infludash.engine.reported import compares_reported
from infludash.read.columns import RATE_COLUMN

__all__ = ["SORTABLE", "PageRows", "columns_of", "frame_of", "page_rows", "sample_rows"]

#: Text columns shown as the reader keeps them (trimmed, one platform spelling).
TEXT_SHOWN = (PLATFORM, CATEGORY, COUNTRY)
#: Computed columns a page can be sorted by, with the canonical columns of the table.
SORTABLE = (FOLLOWERS, ER_PCT, ENGAGEMENTS)
#: The per-follower rate a page fetches to mark disagreeing reported rates (then dropped).
_PER_FOLLOWER = "__infludash_per_follower_rate__"

#: Weyl-sequence multipliers of the sample's key (see :func:`_sample_key`).
_PHI = 0.6180339887498949
_PSI = 0.7548776662466927
_THETA = 0.5698402909980532


@dataclass(frozen=True)
class PageRows:
    """One page: its rows (canonical column names where the table's are mapped), the 1-based
    rank of its first row, and how many rows the whole order holds."""

    frame: pd.DataFrame
    first: int
    total: int


def _computed(relation: Relation, shape: Shape) -> dict[str, exp.Expr]:
    return {
        TIER_INDEX: relation.tier(shape.scheme),
        FOLLOWERS: relation.followers(),
        ENGAGEMENTS: relation.engagements(),
        ER_PCT: relation.rate(shape),
    }


def columns_of(relation: Relation, shape: Shape) -> dict[str, exp.Expr]:
    """What a page of accounts shows: every column of the table (canonical names where
    mapped; the reported rate in percent), then tier, followers, engagements and rate as the
    analysis computes them (and the per-follower rate, whether the reported one disagrees)."""
    computed = _computed(relation, shape)
    canonical = {
        c: relation.text(c) if c in TEXT_SHOWN else relation.raw(c)
        for c in relation.mapping
        if c not in computed
    }
    if relation.reported is not None:
        del canonical[RATE_COLUMN]
        canonical[REPORTED_ER_PCT] = relation.reported_rate()
    if compares_reported(relation, shape):
        computed[_PER_FOLLOWER] = relation.rate(replace(shape, basis="followers", min_followers=0))
    own = {
        name: sql.column(name, relation.columns)
        for name in relation.columns
        if name not in relation.mapping.values()
    }
    return {**canonical, **own, **computed}


def frame_of(rows: list[tuple[object, ...]], names: list[str], shape: Shape) -> pd.DataFrame:
    """Fetched rows of :func:`columns_of` as a frame of accounts, the tier a categorical."""
    frame = pd.DataFrame.from_records(rows, columns=names)
    for name in (TIER_INDEX, FOLLOWERS, ENGAGEMENTS, ER_PCT, REPORTED_ER_PCT):
        if name in frame:  # the reported rate, where the table has one
            frame[name] = pd.to_numeric(frame[name], errors="coerce")
    frame[TIER_INDEX] = frame[TIER_INDEX].astype("int64")
    if _PER_FOLLOWER in frame:  # as an upload marks them: numpy's logarithm on both rates
        computed = pd.to_numeric(frame.pop(_PER_FOLLOWER), errors="coerce")
        frame[ER_DISAGREES] = disagreements(
            computed.to_numpy(dtype="float64", na_value=np.nan),
            frame[REPORTED_ER_PCT].to_numpy(dtype="float64", na_value=np.nan),
        )
    frame[TIER] = pd.Categorical.from_codes(
        frame[TIER_INDEX].to_numpy(dtype="int64"),
        dtype=pd.CategoricalDtype(list(shape.scheme.keys)),
    )
    return frame


def _where(relation: Relation, shape: Shape, tier: int | None) -> exp.Expr:
    parts = [usable(relation, shape)]
    if tier is not None:
        parts.append(exp.EQ(this=relation.tier(shape.scheme), expression=sql.integer(tier)))
    return sql.and_all(parts)


def page_rows(
    runner: Runner,
    relation: Relation,
    shape: Shape,
    *,
    tier: int | None,
    sort: str,
    descending: bool,
    number: int,
    size: int,
    total: int,
) -> PageRows:
    """Page ``number`` (1-based, clamped) of ``size`` rows of the accounts (of tier index
    ``tier``; None: all ``total`` of them), sorted by ``sort`` (a computed column of
    :data:`SORTABLE`, a canonical column the table maps, or "file": the table's own order is
    not defined in an engine, so rows go by followers then). Missing values last either way;
    ties broken by every computed column, so a page never changes between reruns."""
    computed = _computed(relation, shape)
    picks = columns_of(relation, shape)
    key = computed.get(sort) if sort in computed else picks.get(sort)
    key = key if key is not None else computed[FOLLOWERS]
    pages = max(1, -(-total // size))
    number = min(max(1, int(number)), pages)
    order = [
        exp.Ordered(this=exp.Is(this=key, expression=exp.null())),  # missing last
        exp.Ordered(this=key, desc=descending),
        *(exp.Ordered(this=computed[c], desc=descending) for c in (FOLLOWERS, ER_PCT)),
    ]
    statement = (
        exp.select(*(value.as_(name) for name, value in picks.items()))
        .from_(relation.source())
        .where(_where(relation, shape, tier))
        .order_by(*order)
        .limit(size)
        .offset((number - 1) * size)
    )
    frame = frame_of(runner.rows(statement), list(picks), shape)
    return PageRows(frame, (number - 1) * size + 1, total)


def _sample_key(shape: Shape, relation: Relation, seed: int) -> exp.Expr:
    """A pseudo-random key in [0, 1) from the account's own numbers: the fractional part of a
    Weyl sum. Multiplication and addition of doubles are correctly rounded on every engine,
    so the key, and with it the sample, is the same everywhere for the same data and seed."""
    weyl = exp.Add(
        this=exp.Paren(
            this=exp.Add(
                this=exp.Mul(this=relation.followers(), expression=sql.double(_PHI)),
                expression=exp.Mul(this=relation.rate(shape), expression=sql.double(_PSI)),
            )
        ),
        expression=sql.double(seed * _THETA),
    )
    return exp.Sub(this=weyl, expression=exp.Floor(this=weyl))


def sample_rows(
    runner: Runner,
    relation: Relation,
    shape: Shape,
    platform: str | None,
    *,
    seed: int = 0,
    size: int = MAX_FIT_POINTS,
) -> pd.DataFrame:
    """Up to ``size`` accounts with a positive rate and followers (of ``platform``; None: of
    every platform), picked by the seeded key: ``followers``, ``er_pct`` and ``tier_index``
    (accounts that tie on the key have the same numbers, so the sample is the same on every
    engine, whichever of them an engine returns first)."""
    followers, rate = relation.followers(), relation.rate(shape)
    parts = [
        _where(relation, shape, None),
        exp.GT(this=followers, expression=sql.double(0.0)),
        exp.GT(this=rate, expression=sql.double(0.0)),
    ]
    if platform is not None:  # "": the accounts without a platform
        parts.append(exp.EQ(this=relation.platform_group(), expression=sql.text(platform)))
    statement = (
        exp.select(
            followers.as_(FOLLOWERS),
            rate.as_(ER_PCT),
            relation.tier(shape.scheme).as_(TIER_INDEX),
        )
        .from_(relation.source())
        .where(sql.and_all(parts))
        .order_by(
            exp.Ordered(this=_sample_key(shape, relation, seed)),
            exp.Ordered(this=followers),
            exp.Ordered(this=rate),
        )
        .limit(size)
    )
    rows = runner.rows(statement)
    frame = pd.DataFrame.from_records(rows, columns=[FOLLOWERS, ER_PCT, TIER_INDEX])
    return frame.astype({FOLLOWERS: "float64", ER_PCT: "float64", TIER_INDEX: "int64"})
