"""A table's own engagement-rate column, read in an engine as an upload reads it.

The unit is decided for the whole column by the reader's rules
(:func:`~infludash.read.rates.reported_er_percent`: rates all at most 1 are fractions; a
median under 0.2 beside larger rates is read as fractions, with a warning), then checked
against the per-follower rates where the table has interactions
(:func:`~infludash.read.rates.reconcile_reported_unit`). Each rule turns on a median only near
a threshold, and two counts say which side of it the middle pair lies on: the median itself
(the values at two ranks) is selected only when the counts leave it open. The unit becomes the
reader's own arithmetic on the column (``* 100.0``, then ``/ 100.0``), in its order, so the
rates are the same doubles.

Accounts whose reported and computed rates disagree (:func:`~infludash.analysis.engagement.
disagreements`, a logarithm, which engines round differently in the last bit) are counted by the
ratio of the two, a division every engine rounds alike: far from the factor the engine decides;
the few distinct ratios within a relative 1e-12 of it come back and numpy decides them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from sqlglot import exp

from infludash.analysis.engagement import DISAGREEMENT_FACTOR, disagreements
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.base.notes import Fixed, Note
from infludash.engine import sql
from infludash.engine.accounts import kept
from infludash.engine.order_stats import FETCH_BATCH, Runner, values_at_ranks
from infludash.engine.ranks import median, mid
from infludash.engine.relation import LARGEST, Relation, Shape, Steps
from infludash.read.columns import RATE_COLUMN
from infludash.read.rates import (
    AMBIGUOUS_MEDIAN,
    FRACTION_RATIOS,
    FRACTIONS_AT_MOST,
    PERCENT_RATIOS,
    RECONCILE_AT_LEAST,
    unit_of_ratio,
)
from infludash.read.warning_codes import RateNote

__all__ = ["ReportedUnit", "compares_reported", "disagreeing", "reported_unit"]

TO_PERCENT: Steps = (("*", 100.0),)
#: Ratios this close to the factor (relatively) are decided by numpy, not by the engine.
BAND = 1e-12


@dataclass(frozen=True)
class ReportedUnit:
    """The relation with its reported rate's unit (``reported`` None: no rate to read), the
    reader's note on the unit, and the analysis' note when the computed rates corrected it."""

    relation: Relation
    read_notes: tuple[Note, ...] = ()
    unit_note: Note | None = None


def _v() -> exp.Column:
    return exp.column("v", quoted=True)


def _spread(
    runner: Runner, values: exp.Select, conditions: dict[str, exp.Expr]
) -> tuple[int, float, float, list[int]]:
    """How many values ``v`` of ``values`` there are, their least and greatest, and how many
    meet each of ``conditions`` (on ``v``): one pass."""
    v = _v()
    counts = exp.select(
        exp.Count(this=v).as_("n"),
        exp.Min(this=v.copy()).as_("lo"),
        exp.Max(this=v.copy()).as_("hi"),
        *(sql.count_where(c, name) for name, c in conditions.items()),
    ).from_(values.subquery("s"))
    n, low, high, *met = runner.rows(counts)[0]
    return int(n or 0), float(low or 0.0), float(high or 0.0), [int(m or 0) for m in met]


def _median_of(runner: Runner, values: exp.Select, n: int, low: float, high: float) -> float:
    """The median (numpy's) of the ``n`` values ``v`` of ``values``, between ``low`` and
    ``high``, selected by rank."""
    grouped = exp.select(sql.integer(0).as_("g"), _v()).from_(values.subquery("m"))
    at = values_at_ranks(runner, grouped, {0: mid(n)}, {0: (n, low, high)})
    found = median(at, 0, n)
    assert found is not None  # n > 0
    return found


def _lower_under(counted: int, n: int) -> bool:
    """Whether the lower of the middle pair of ``n`` values is under a threshold that
    ``counted`` of them are under (if not, neither is the median)."""
    return counted >= (n - 1) // 2 + 1


def _percent_steps(runner: Runner, relation: Relation) -> tuple[Steps, tuple[Note, ...]]:
    """The reader's unit over every row of the table (the reader decides it over every row of
    the file, before any is rejected or found to repeat)."""
    rate = replace(relation, reported=()).reported_rate()
    values = exp.select(rate.as_("v")).from_(relation.table_itself())
    n, low, high, (above, small) = _spread(
        runner,
        values,
        {
            "above": exp.GT(this=_v(), expression=sql.double(FRACTIONS_AT_MOST)),
            "small": exp.LT(this=_v(), expression=sql.double(AMBIGUOUS_MEDIAN)),
        },
    )
    if not n:
        raise LookupError("no rate")
    if high <= FRACTIONS_AT_MOST:
        return TO_PERCENT, ()
    if not _lower_under(small, n):
        return (), ()
    values = values.where(exp.Not(this=exp.Is(this=rate.copy(), expression=exp.null())))
    middle = _median_of(runner, values, n, low, high)
    if middle >= AMBIGUOUS_MEDIAN:
        return (), ()
    note = Note(RateNote.ER_FRACTIONS_AMBIGUOUS, median=Fixed(middle, 3), n=above)
    return TO_PERCENT, (note,)


def _ratios(relation: Relation, *, reported_first: bool) -> exp.Select:
    """Per account with both rates positive (every account, before the filters and the floor)
    the ratio ``v`` of its reported to its computed (per-follower) rate, or the inverse."""
    computed = relation.rate(Shape(DEFAULT_SCHEME, basis="followers"))
    reported = relation.reported_rate()
    both = exp.and_(
        exp.GT(this=computed.copy(), expression=sql.double(0.0)),
        exp.GT(this=reported.copy(), expression=sql.double(0.0)),
    )
    top, bottom = (reported, computed) if reported_first else (computed, reported)
    ratio = exp.Div(this=top, expression=bottom)
    return exp.select(ratio.as_("v")).from_(relation.source()).where(exp.and_(kept(relation), both))


def _reconciled(runner: Runner, relation: Relation) -> tuple[Steps, Note | None]:
    """The analysis' check of the unit against the per-follower rates: the median ratio of
    reported to computed rate over the accounts that have both."""
    values = _ratios(relation, reported_first=True)
    n, low, high, (at_most, under) = _spread(
        runner,
        values,
        {
            "low": exp.LTE(this=_v(), expression=sql.double(PERCENT_RATIOS[0])),
            "tiny": exp.LT(this=_v(), expression=sql.double(FRACTION_RATIOS[1])),
        },
    )
    if n < RECONCILE_AT_LEAST:
        return (), None
    # The upper of the middle pair at most 30 keeps the median there; the lower at least 1/30
    # keeps it there: then neither range can hold it.
    upper_ok = at_most >= n // 2 + 1
    lower_ok = not _lower_under(under, n)
    if upper_ok and lower_ok:
        return (), None
    fix = unit_of_ratio(_median_of(runner, values, n, low, high))
    if fix is None:
        return (), None
    op, note = fix
    return ((op, 100.0),), note


def reported_unit(runner: Runner, relation: Relation) -> ReportedUnit:
    """``relation`` (the distinct rows, their interactions known) with its reported rate's unit
    decided as an upload decides it."""
    if not relation.has(RATE_COLUMN):
        return ReportedUnit(relation)
    try:
        steps, notes = _percent_steps(runner, relation)
    except LookupError:  # no rate in the column: as an upload, no rate basis
        return ReportedUnit(relation)
    relation = replace(relation, reported=steps)
    if not relation.interactions:
        return ReportedUnit(relation, notes)
    more, unit_note = _reconciled(runner, relation)
    return ReportedUnit(replace(relation, reported=steps + more), notes, unit_note)


def compares_reported(relation: Relation, shape: Shape) -> bool:
    """Whether an upload compares the reported rates with the computed ones under ``shape``
    (it has both, and the rates shown are per follower or the reported ones)."""
    measured = bool(relation.interactions) and relation.reported is not None
    return measured and shape.basis in ("followers", "column")


def disagreeing(runner: Runner, relation: Relation) -> int:
    """The accounts (every one, before the filters and the floor) whose reported and computed
    rates differ by more than :data:`~infludash.analysis.engagement.DISAGREEMENT_FACTOR`."""
    values = _ratios(relation, reported_first=False)
    v = _v()
    factor = float(DISAGREEMENT_FACTOR)
    high, low = factor, 1.0 / factor

    def near(edge: float) -> exp.Expr:
        return exp.Between(
            this=v.copy(),
            low=sql.double(edge * (1 - BAND)),
            high=sql.double(edge * (1 + BAND)),
        )

    finite = exp.and_(
        exp.GT(this=v.copy(), expression=sql.double(0.0)),
        exp.LTE(this=v.copy(), expression=sql.double(LARGEST)),
    )
    beyond = exp.or_(
        exp.GT(this=v.copy(), expression=sql.double(high * (1 + BAND))),
        exp.LT(this=v.copy(), expression=sql.double(low * (1 - BAND))),
    )
    definite = exp.select(sql.count_where(exp.and_(finite, beyond), "n")).from_(
        values.subquery("d")
    )
    (n,) = runner.rows(definite)[0]
    close = (
        exp.select(v.copy(), exp.Count(this=exp.Star()).as_("k"))
        .from_(values.subquery("c"))
        .where(exp.or_(near(high), near(low)))
        .group_by(v.copy())
        .limit(FETCH_BATCH)  # never reached: a band of 1e-12 holds some 27,000 doubles at most
    )
    rows = runner.rows(close)
    if not rows:
        return int(n or 0)
    ratios = np.array([float(r) for r, _ in rows])
    flagged = disagreements(ratios, np.ones(len(ratios)))
    return int(n or 0) + int(sum(int(k) for (_, k), f in zip(rows, flagged, strict=True) if f))
