"""Where every row of an engine's table went, counted in the engine: ``rows = accounts +
rejected + duplicates``, as for an upload. A row that repeats an earlier one exactly is a
duplicate; of the distinct rows, one without a usable follower count is rejected with the
reason an upload would give (missing, negative, not a whole number)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from infludash.engine import sql
from infludash.engine.order_stats import Runner
from infludash.engine.relation import Relation
from infludash.read.rejections import Reason

__all__ = ["Quality", "quality"]


@dataclass(frozen=True)
class Quality:
    """The table's rows, exact duplicates, rejected rows by reason and the accounts left."""

    rows: int
    duplicates: int
    rejected: tuple[tuple[Reason, int], ...]

    @property
    def rejected_total(self) -> int:
        return sum(n for _, n in self.rejected)

    @property
    def accounts(self) -> int:
        return self.rows - self.duplicates - self.rejected_total


def _count_where(condition: exp.Expr, alias: str) -> exp.Expr:
    one = exp.Case().when(condition, sql.integer(1)).else_(sql.integer(0))
    return exp.Sum(this=one).as_(alias)


def quality(runner: Runner, relation: Relation, *, keyed: bool = False) -> Quality:
    """Count the rows, the exact duplicates and the rejected rows of ``relation``'s table
    (``keyed``: the table has a primary key or a unique constraint, so no row repeats)."""
    (rows,) = runner.rows(exp.select(exp.Count(this=exp.Star())).from_(relation.table_itself()))[0]
    distinct = rows
    if not keyed:
        distinct_rows = exp.select(exp.Star()).distinct().from_(relation.table_itself())
        (distinct,) = runner.rows(
            exp.select(exp.Count(this=exp.Star())).from_(distinct_rows.subquery("d"))
        )[0]
    unique = relation.deduplicated() if distinct < rows else relation
    followers = unique.followers()
    missing = exp.Is(this=followers, expression=exp.null())
    negative = exp.LT(this=followers, expression=sql.double(0.0))
    fractional = exp.and_(
        exp.GTE(this=followers, expression=sql.double(0.0)),
        exp.NEQ(this=followers, expression=exp.Floor(this=followers)),
    )
    counts = runner.rows(
        exp.select(
            _count_where(missing, "missing"),
            _count_where(negative, "negative"),
            _count_where(fractional, "fractional"),
        ).from_(unique.source())
    )[0]
    reasons = (Reason.FOLLOWERS_MISSING, Reason.FOLLOWERS_NEGATIVE, Reason.FOLLOWERS_NOT_WHOLE)
    rejected = sorted(
        ((reason, int(n or 0)) for reason, n in zip(reasons, counts, strict=True) if n),
        key=lambda item: -item[1],
    )
    return Quality(int(rows), int(rows) - int(distinct), tuple(rejected))
