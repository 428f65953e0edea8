"""Benchmark estimates of the engagement rate, computed in an engine: each account gets its
platform's published figure for its tier (:func:`~infludash.analysis.benchmarks.estimate_er`),
as a ``CASE`` on the platform and the tier with the figures Python chose; an account on another
platform, or none, gets their geometric mean for its tier."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from sqlglot import exp

from infludash.analysis.benchmarks import Estimates, benchmark_estimates
from infludash.analysis.tiers import TierScheme
from infludash.base.schema import PLATFORM
from infludash.engine import sql

if TYPE_CHECKING:
    from infludash.engine.relation import Relation

__all__ = ["estimated_rate", "estimates_of"]


@functools.lru_cache(maxsize=16)
def estimates_of(scheme: TierScheme) -> Estimates:
    """The figures per platform and tier under ``scheme`` (kept: statements ask often)."""
    return benchmark_estimates(scheme)


def _per_tier(tier: exp.Expr, figures: list[float] | tuple[float, ...]) -> exp.Expr:
    case = exp.Case()
    for index, figure in enumerate(figures):
        case = case.when(exp.EQ(this=tier, expression=sql.integer(index)), sql.double(figure))
    return case.else_(exp.Cast(this=exp.null(), to=exp.DataType.build("double")))


def estimated_rate(relation: Relation, scheme: TierScheme) -> exp.Expr:
    """The estimate of each account (NULL without a tier, or when no platform has figures)."""
    table = estimates_of(scheme)
    if not table.known:
        return exp.Cast(this=exp.null(), to=exp.DataType.build("double"))
    tier = relation.tier(scheme)
    platform = relation.text(PLATFORM) if relation.has(PLATFORM) else sql.text("")
    case = exp.Case()
    for name in table.known:
        on = exp.EQ(this=platform, expression=sql.text(name))
        case = case.when(on, _per_tier(tier, table.figures(name)))
    return case.else_(_per_tier(tier, table.other))
