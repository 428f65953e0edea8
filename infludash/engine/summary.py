"""The tier summary of a table in an engine: the same :class:`~infludash.analysis.summary.Summary`
an upload gives, with where every row went, computed where the table lives."""

from __future__ import annotations

from sqlglot import exp

from infludash.analysis.benchmarks import estimate_notes
from infludash.analysis.codes import AnalysisError, EngagementNote
from infludash.analysis.summary import EngagementOptions, Summary
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import AVG_LIKES, AVG_VIEWS, PLATFORM, REPORTED_ER_PCT
from infludash.engine import sql
from infludash.engine.accounts import accounts, over, usable
from infludash.engine.codes import SourceError
from infludash.engine.estimates import estimates_of
from infludash.engine.figures import EngineFigures, engine_figures
from infludash.engine.order_stats import Runner
from infludash.engine.quality import Quality, quality
from infludash.engine.relation import Relation, Shape

__all__ = ["engine_summary", "resolve_basis", "summarized"]


def resolve_basis(relation: Relation, basis: str) -> str:
    """The basis the engine computes for ``basis`` (``auto`` as an upload picks it: measured,
    else the reported rate, else benchmark estimates)."""
    if basis == "auto" and relation.interactions:
        return "followers"
    if basis in ("auto", "benchmark") and not relation.has(REPORTED_ER_PCT):
        return "benchmark"
    if basis == "benchmark":
        return basis
    if basis == "followers" and not relation.interactions:
        raise InputError(Note(AnalysisError.BASIS_NEEDS_INTERACTIONS, basis=repr(basis)))
    if basis == "views" and not relation.has(AVG_VIEWS):
        raise InputError(Note(AnalysisError.BASIS_NEEDS_VIEWS, basis=repr(basis)))
    if basis in ("followers", "views"):
        return basis
    shown = "column" if basis == "auto" else basis
    raise InputError(Note(SourceError.BASIS, basis=shown))


def _sum_of(condition: exp.Expr, alias: str) -> exp.Expr:
    one = exp.Case().when(condition, sql.integer(1)).else_(sql.integer(0))
    return exp.Sum(this=one).as_(alias)


def _notes(runner: Runner, relation: Relation, shape: Shape) -> tuple[Note, ...]:
    """What an upload's summary says about its rates (``er_notes``), counted over every
    account (before the filters and the floor), in the same order."""
    base = accounts(relation, Shape(shape.scheme, basis=shape.basis))
    hidden = AVG_LIKES in relation.interactions
    floor = shape.min_followers
    parts = [
        _sum_of(exp.Is(this=exp.column("r"), expression=exp.null()), "unrated"),
        _sum_of(exp.column("h"), "hidden") if hidden else sql.integer(0),
        _sum_of(exp.LT(this=exp.column("f"), expression=sql.double(floor)), "low")
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
    notes: list[Note] = []
    if shape.basis == "views":
        notes.append(Note(EngagementNote.BASIS_VIEWS))
    if shape.basis == "benchmark":
        notes.append(Note(EngagementNote.BASIS_BENCHMARK))
        notes += _estimate_notes(runner, relation, shape)
    if hidden_n:
        notes.append(Note(EngagementNote.HIDDEN_LIKES, n=hidden_n))
    if shape.basis == "views" and unrated:
        notes.append(Note(EngagementNote.MISSING_VIEWS, n=unrated))
    if floor > 0:
        notes.append(Note(EngagementNote.FLOOR, n=below, floor=round(floor)))
    return tuple(notes)


def _estimate_notes(runner: Runner, relation: Relation, shape: Shape) -> list[Note]:
    """What an upload says about its estimates, from the accounts per platform (every account,
    before the filters)."""
    table = estimates_of(shape.scheme)
    platform = relation.text(PLATFORM) if relation.has(PLATFORM) else sql.text("")
    every = usable(relation, Shape(shape.scheme, basis=shape.basis))
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
) -> Summary:
    """The summary of ``relation`` (which knows its present interactions) under ``shape``
    (``keyed``: its table has a key, so it repeats no row; ``counted``: its quality, when the
    caller has counted it already)."""
    return summarized(runner, relation, shape, options, keyed=keyed, counted=counted)[0]


def summarized(
    runner: Runner,
    relation: Relation,
    shape: Shape,
    options: EngagementOptions,
    *,
    keyed: bool = False,
    counted: Quality | None = None,
) -> tuple[Summary, EngineFigures]:
    """:func:`engine_summary` and the figures it was made from (the charts' inputs too)."""
    counted = counted or quality(runner, relation, keyed=keyed)
    if counted.accounts == 0:
        raise InputError(Note(SourceError.NO_ACCOUNTS, table=repr(relation.table), n=counted.rows))
    unique = relation.deduplicated() if counted.duplicates else relation
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
        er_notes=_notes(runner, unique, shape),
        min_accounts=options.min_accounts,
    )
    return summary, found
