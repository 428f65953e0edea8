"""The tier summary of a table in an engine: the same :class:`~infludash.analysis.summary.Summary`
an upload gives, with where every row went, computed where the table lives."""

from __future__ import annotations

from sqlglot import exp

from infludash.analysis.benchmarks import estimate_notes
from infludash.analysis.codes import EngagementNote
from infludash.analysis.engagement import DISAGREEMENT_FACTOR
from infludash.analysis.summary import EngagementOptions, Summary
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import AVG_LIKES, PLATFORM
from infludash.engine import sql
from infludash.engine.accounts import accounts, kept, over
from infludash.engine.codes import SourceError
from infludash.engine.estimates import estimates_of
from infludash.engine.figures import EngineFigures, engine_figures
from infludash.engine.order_stats import Runner
from infludash.engine.quality import Quality, quality
from infludash.engine.relation import Relation, Shape
from infludash.engine.reported import (
    ReportedUnit,
    compares_reported,
    disagreeing,
    reported_unit,
)

__all__ = ["engine_summary", "summarized"]


def _notes(
    runner: Runner, relation: Relation, shape: Shape, unit_note: Note | None
) -> tuple[Note, ...]:
    """What an upload's summary says about its rates (``er_notes``), counted over every
    account (before the filters and the floor), in the same order (``unit_note``: the
    computed rates corrected the reported rate's unit)."""
    base = accounts(relation, Shape(shape.scheme, basis=shape.basis))
    hidden = AVG_LIKES in relation.interactions
    floor = shape.min_followers
    parts = [
        sql.count_where(exp.Is(this=exp.column("r"), expression=exp.null()), "unrated"),
        sql.count_where(exp.column("h"), "hidden") if hidden else sql.integer(0),
        sql.count_where(exp.LT(this=exp.column("f"), expression=sql.double(floor)), "low")
        if floor > 0
        else sql.integer(0),
    ]
    counted = exp.select(*parts)
    if base == accounts(relation, shape):  # the figures' own accounts, computed already
        statement = over(counted, base)
    else:  # other accounts, read once: not worth keeping
        statement = counted.from_(base.subquery("a"))
    row = runner.rows(statement)[0]
    unrated, hidden_n, below = (int(n or 0) for n in row)
    notes: list[Note] = [unit_note] if unit_note else []
    if shape.basis == "views":
        notes.append(Note(EngagementNote.BASIS_VIEWS))
    if shape.basis == "column":
        notes.append(Note(EngagementNote.BASIS_COLUMN))
    if shape.basis == "benchmark":
        notes.append(Note(EngagementNote.BASIS_BENCHMARK))
        notes += _estimate_notes(runner, relation, shape)
    if hidden_n:
        notes.append(Note(EngagementNote.HIDDEN_LIKES, n=hidden_n))
    if shape.basis in ("views", "column") and unrated:
        missing = (
            EngagementNote.MISSING_VIEWS
            if shape.basis == "views"
            else EngagementNote.MISSING_COLUMN
        )
        notes.append(Note(missing, n=unrated))
    if floor > 0:
        notes.append(Note(EngagementNote.FLOOR, n=below, floor=round(floor)))
    if compares_reported(relation, shape):
        n = disagreeing(runner, relation)
        if n:
            factor = float(DISAGREEMENT_FACTOR)
            notes.append(Note(EngagementNote.DISAGREE, n=n, factor=factor))
    return tuple(notes)


def _estimate_notes(runner: Runner, relation: Relation, shape: Shape) -> list[Note]:
    """What an upload says about its estimates, from the accounts per platform (every account,
    before the filters)."""
    table = estimates_of(shape.scheme)
    platform = relation.text(PLATFORM) if relation.has(PLATFORM) else sql.text("")
    every = kept(relation)
    statement = exp.select(platform.as_("p"), exp.Count(this=exp.Star()).as_("n"))
    statement = statement.from_(relation.source()).where(every)
    counts = {p: int(n) for p, n in runner.rows(statement.group_by(exp.column("p")))}
    present = {name: counts.get(name, 0) for name in table.known}
    other = sum(counts.values()) - sum(present.values())
    return estimate_notes(table, shape.scheme, present, other)


def engine_summary(
    runner: Runner,
    relation: Relation,
    shape: Shape,
    options: EngagementOptions,
    *,
    keyed: bool = False,
    counted: Quality | None = None,
    reported: ReportedUnit | None = None,
) -> Summary:
    """The summary of ``relation`` (which knows its present interactions) under ``shape``
    (``keyed``: its table has a key, so it repeats no row; ``counted``: its quality, when the
    caller has counted it already; ``reported``: the unit of its reported rate, likewise)."""
    found = summarized(
        runner, relation, shape, options, keyed=keyed, counted=counted, reported=reported
    )
    return found[0]


def summarized(
    runner: Runner,
    relation: Relation,
    shape: Shape,
    options: EngagementOptions,
    *,
    keyed: bool = False,
    counted: Quality | None = None,
    reported: ReportedUnit | None = None,
) -> tuple[Summary, EngineFigures]:
    """:func:`engine_summary` and the figures it was made from (the charts' inputs too;
    ``reported``: the reported rate's unit, when the caller has decided it already)."""
    counted = counted or quality(runner, relation, keyed=keyed)
    if counted.accounts == 0:
        raise InputError(Note(SourceError.NO_ACCOUNTS, table=repr(relation.table), n=counted.rows))
    unique = relation.deduplicated() if counted.duplicates else relation
    reported = reported or reported_unit(runner, unique)
    unique = reported.relation
    found = engine_figures(runner, unique, shape, options)
    overall = found.figures.overall
    known = overall.low is not None and overall.high is not None
    summary = Summary(
        scheme=shape.scheme,
        er_basis=shape.basis,
        rows_read=counted.rows,
        accounts=found.accounts,
        rejected=counted.rejected_total,
        duplicates=counted.duplicates,
        tiers=found.figures.tiers,
        median_er_pct=overall.median,
        er_ci95_pct=(overall.low, overall.high) if known else None,  # type: ignore[arg-type]
        total_reach=found.total_reach,
        median_followers=found.figures.median_followers,
        er_accounts=overall.n,
        rejected_reasons=tuple((str(reason), n) for reason, n in counted.rejected),
        er_notes=_notes(runner, unique, shape, reported.unit_note),
        min_accounts=options.min_accounts,
    )
    return summary, found
