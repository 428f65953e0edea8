"""Bucket numbers for rank selection (:mod:`infludash.engine.order_stats`): expressions that are
monotone in the value, so that a bucket is a range of values, whatever each engine's rounding."""

from __future__ import annotations

import math

from sqlglot import exp

from infludash.engine import sql

__all__ = ["BUCKETS", "shared_bucket", "window_bucket"]

#: Buckets per window and pass: one pass narrows a window of spread values about this much.
BUCKETS = 1024

#: Buckets per e-fold of the first, shared pass (0.56% apart): its windows then hold few enough
#: values that the next pass reads little (finer buckets cost the first pass almost nothing,
#: as every value is bucketed there anyway; a group returns at most a few thousand buckets).
SHARED_PER_E_FOLD = 178.0

#: How many e-folds below a window's width its log-spaced buckets reach (about 20 decades);
#: smaller distances to the window's start share its second bucket.
_E_FOLDS = 46.0


def window_bucket(v: exp.Expr, low: float, high: float) -> exp.Expr:
    """The bucket of ``v`` in the window ``[low, high]``, an integer expression monotone in ``v``.

    A window across zero is split by sign first. Otherwise the distance from the window's end
    nearest zero is bucketed on a log scale (:data:`BUCKETS` buckets over the :data:`_E_FOLDS`
    e-folds below the window's width, and as many more as smaller distances
    need), so counts that span many orders of magnitude narrow as fast as close ones; the end's
    own value (ties at the bottom) has a bucket of its own, below (or above) every other.
    Logarithms differ between engines in their last bits, but one engine's are monotone, and
    that is all a bucket needs. Nothing is clipped: a clip would repeat the logarithm in the
    statement (engines write ``LEAST`` and ``GREATEST`` out as cases).
    """
    if low < 0 < high:
        return (
            exp.Case()
            .when(exp.LT(this=v, expression=sql.double(0.0)), sql.integer(0))
            .when(exp.EQ(this=v, expression=sql.double(0.0)), sql.integer(1))
            .else_(sql.integer(2))
        )
    ascending = low >= 0
    start = low if ascending else high
    width = high - low
    distance = exp.Paren(
        this=exp.Sub(this=v, expression=sql.double(start))
        if ascending
        else exp.Sub(this=sql.double(start), expression=v)
    )
    floor = math.log(width) - _E_FOLDS
    scaled = exp.Floor(
        this=exp.Mul(
            this=exp.Paren(this=exp.Sub(this=exp.Ln(this=distance), expression=sql.double(floor))),
            expression=sql.double(BUCKETS / _E_FOLDS),
        )
    )
    numbered = scaled if ascending else exp.Neg(this=exp.Paren(this=scaled))
    at_start = exp.EQ(this=v, expression=sql.double(start))
    edge = sql.integer(-_AT_START if ascending else _AT_START)
    return exp.Case().when(at_start, edge).else_(numbered)


#: The bucket of a window's end value: beyond any logarithm's (a double's is within ±745).
_AT_START = 1_000_000_000


def shared_bucket(v: exp.Expr) -> exp.Expr:
    """A bucket number monotone in ``v`` for any double: zero alone, positive values by their
    logarithm, negative ones by their magnitude's, mirrored below zero's."""

    def log_bucket(x: exp.Expr) -> exp.Expr:
        per_e_fold = sql.double(SHARED_PER_E_FOLD)  # the same spacing whatever the range
        scaled = exp.Mul(this=exp.Ln(this=x), expression=per_e_fold)
        return exp.Floor(this=scaled)

    return (
        exp.Case()
        .when(exp.EQ(this=v, expression=sql.double(0.0)), sql.integer(-_AT_START))
        .when(exp.GT(this=v, expression=sql.double(0.0)), log_bucket(v))
        .else_(
            exp.Sub(
                this=exp.Neg(this=exp.Paren(this=log_bucket(exp.Neg(this=v)))),
                expression=sql.integer(2 * _AT_START),
            )
        )
    )
