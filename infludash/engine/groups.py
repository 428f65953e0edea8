"""The platforms of a relation's filtered accounts, and how many of them have a rate."""

from __future__ import annotations

from sqlglot import exp

from infludash.base.schema import PLATFORM
from infludash.engine import sql
from infludash.engine.accounts import usable
from infludash.engine.order_stats import Runner
from infludash.engine.relation import Relation, Shape

__all__ = ["PLATFORMS_FETCHED", "platforms_of", "rated_per_platform"]

#: Most platforms listed (each gets a trend): more is no platform column.
PLATFORMS_FETCHED = 50


def platforms_of(runner: Runner, relation: Relation, shape: Shape) -> tuple[str, ...]:
    """The platforms among the filtered accounts, sorted (as
    :func:`~infludash.analysis.aggregates.platforms_of`)."""
    if not relation.has(PLATFORM):
        return ()
    cell = relation.text(PLATFORM)
    present = exp.Not(this=exp.Is(this=cell, expression=exp.null()))
    statement = (
        exp.select(cell.as_("p"))
        .distinct()
        .from_(relation.source())
        .where(sql.and_all([usable(relation, shape), present]))
        .limit(PLATFORMS_FETCHED)
    )
    return tuple(sorted(str(p) for (p,) in runner.rows(statement)))


def rated_per_platform(runner: Runner, relation: Relation, shape: Shape) -> dict[str | None, int]:
    """Per platform (None: none), the filtered accounts with a positive rate and followers:
    a trend's ``total`` (its sample is drawn from them)."""
    cell = relation.text(PLATFORM) if relation.has(PLATFORM) else sql.text("")
    positive = sql.and_all(
        [
            usable(relation, shape),
            exp.GT(this=relation.followers(), expression=sql.double(0.0)),
            exp.GT(this=relation.rate(shape), expression=sql.double(0.0)),
        ]
    )
    statement = (
        exp.select(cell.as_("p"), exp.Count(this=exp.Star()).as_("n"))
        .from_(relation.source())
        .where(positive)
        .group_by(exp.column("p"))
    )
    return {(None if p is None else str(p)): int(n) for p, n in runner.rows(statement)}
