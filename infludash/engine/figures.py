"""The tier table, the headline and the chart inputs of a relation, computed in its engine.

Three kinds of statement run: one aggregate of counts, integer sums and extremes per tier; the
passes of :func:`~infludash.engine.order_stats.values_at_ranks` for the medians, their interval
ends and the quartiles; and one aggregate for the whiskers and the histogram. Every figure is
then made in Python from those exact values by the in-memory path's own arithmetic (the same
numpy calls), so the numbers are equal, not close.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sqlglot import exp

from infludash.analysis.aggregates import MIN_BOX_ACCOUNTS, ChartInputs, TierRates, follower_bins
from infludash.analysis.annotated import BENCHMARK
from infludash.analysis.stats import BoxStats, median_ci_ranks
from infludash.analysis.summary import EngagementOptions, TierFigures
from infludash.analysis.tier_rows import tier_row
from infludash.engine import ranks, sql
from infludash.engine.accounts import NONE, Spans, as_float, col, over
from infludash.engine.accounts import accounts as accounts_of
from infludash.engine.accounts import spans as spans_of
from infludash.engine.order_stats import Runner, values_at_ranks
from infludash.engine.relation import Relation, Shape
from infludash.engine.windows import Parts

__all__ = [
    "EngineFigures",
    "engine_figures",
    "engine_tiers",
    "select_ranks",
    "values_of",
]


@dataclass(frozen=True)
class EngineFigures:
    """What the in-memory path's tier figures and chart inputs hold, from an engine."""

    figures: TierFigures
    charts: ChartInputs
    accounts: int
    total_reach: float


def values_of(accounts: exp.Select, column: str, everyone: int | None = None) -> exp.Select:
    """``g`` (the tier, or the constant ``everyone``) and ``v`` (``column``), where set."""
    group = sql.integer(everyone).as_("g") if everyone is not None else col("t").as_("g")
    return over(exp.select(group, col(column).as_("v")), accounts).where(
        exp.Not(this=exp.Is(this=col(column), expression=exp.null()))
    )


def _whiskers(
    runner: Runner, accounts: exp.Select, fences: Mapping[int, tuple[float, float]]
) -> dict[int, tuple[float, float]]:
    """Per tier, the smallest rate at or above its lower fence and the largest at or below its
    upper one (one grouped pass: each row compared with its own tier's fences)."""
    if not fences:
        return {}
    t, r = col("t"), col("r")

    def fence(which: int) -> exp.Expr:
        case = exp.Case()
        for tier, ends in fences.items():
            case = case.when(exp.EQ(this=t, expression=sql.integer(tier)), sql.double(ends[which]))
        return case

    low = exp.Min(this=exp.Case().when(exp.GTE(this=r, expression=fence(0)), r))
    high = exp.Max(this=exp.Case().when(exp.LTE(this=r, expression=fence(1)), r))
    statement = over(exp.select(t, low.as_("lo"), high.as_("hi")), accounts)
    statement = statement.where(exp.In(this=t, expressions=[sql.integer(i) for i in fences]))
    found = {
        int(i): (as_float(lo), as_float(hi)) for i, lo, hi in runner.rows(statement.group_by(t))
    }
    return {tier: found.get(tier, (float("nan"), float("nan"))) for tier in fences}


def _bin_of(f: exp.Expr, edges: list[float], low: int, high: int) -> exp.Expr:
    """The number of ``edges`` (ascending) at or below ``f``, known to lie in ``[low, high]``:
    a tree of comparisons, a handful per account instead of one per edge."""
    if low == high:
        return sql.integer(low)
    middle = (low + high + 1) // 2
    return (
        exp.Case()
        .when(
            exp.GTE(this=f, expression=sql.double(edges[middle - 1])),
            _bin_of(f, edges, middle, high),
        )
        .else_(_bin_of(f, edges, low, middle - 1))
    )


def _bins(
    runner: Runner, accounts: exp.Select, shape: Shape, *, low: float, high: float, n: int
) -> pd.DataFrame:
    """The follower histogram: the in-memory grid (from the smallest and largest count), its
    bins counted in the engine."""
    probe = np.array([low, high]) if n else np.array([], dtype="float64")
    grid = follower_bins(probe, shape.scheme)
    edges = [*grid["low"].tolist()[1:]]  # bin i is [edge i, edge i+1); the first takes all below
    which = _bin_of(col("f"), edges, 0, len(edges))
    statement = over(
        exp.select(which.as_("bin"), exp.Count(this=exp.Star()).as_("n")), accounts
    ).group_by(exp.column("bin"))
    counts = np.zeros(len(grid), dtype=np.int64)
    for index, count in runner.rows(statement):
        counts[min(int(index), len(grid) - 1)] += int(count)
    return grid.assign(count=counts)


def select_ranks(
    runner: Runner,
    accounts: exp.Select,
    spans: Spans,
    wanted: Mapping[str, Mapping[int, set[int]]],
    *,
    everyone: int,
) -> dict[str, dict[tuple[int, int], float]]:
    """Per column, the values at the ``wanted`` ranks of each tier and of ``everyone``, all in
    one selection: every pass is one statement over the accounts, whatever the columns."""
    names = list(wanted)
    key = {name: i for i, name in enumerate(names)}
    parts: list[tuple[exp.Select, frozenset[int]]] = []
    for name in names:
        tiers = [g for g in wanted[name] if g != everyone]
        for group in ([None] if tiers else []) + ([everyone] if everyone in wanted[name] else []):
            tier = col("t") if group is None else sql.integer(group)
            numbered = exp.Add(
                this=exp.Mul(this=tier, expression=sql.integer(len(names))),
                expression=sql.integer(key[name]),
            )
            values = (
                exp.select(numbered.as_("g"), col(name).as_("v"))
                .from_("a")
                .where(exp.Not(this=exp.Is(this=col(name), expression=exp.null())))
            )
            held = tiers if group is None else [everyone]
            parts.append((values, frozenset(t * len(names) + key[name] for t in held)))
    if not parts:
        return {name: {} for name in names}
    tiers_of = {  # every tier's values of a column together are all accounts' values
        everyone * len(names) + key[name]: frozenset(
            t * len(names) + key[name] for t in wanted[name] if t != everyone
        )
        for name in names
        if everyone in wanted[name] and set(spans.columns[name]) - {everyone} <= set(wanted[name])
    }
    source = Parts(tuple(parts), accounts, tiers_of)
    asked = {
        group * len(names) + key[name]: ranks_
        for name in names
        for group, ranks_ in wanted[name].items()
    }
    spread = {
        group * len(names) + key[name]: spans.columns[name].get(group, NONE)
        for name in names
        for group in wanted[name]
    }
    found = values_at_ranks(runner, source, asked, spread)
    out: dict[str, dict[tuple[int, int], float]] = {name: {} for name in names}
    for (combined, rank), value in found.items():
        group, which = divmod(combined, len(names))
        out[names[which]][(group, rank)] = value
    return out


@dataclass(frozen=True)
class _Found:
    """The tier figures, and what the charts are made from next."""

    figures: TierFigures
    accounts: exp.Select
    spans: Spans
    at_rate: dict[tuple[int, int], float]


def _tier_figures(
    runner: Runner, relation: Relation, shape: Shape, options: EngagementOptions
) -> _Found:
    scheme = shape.scheme
    tiers = range(len(scheme.keys))
    everyone = len(scheme.keys)  # the group of all accounts together
    accounts = accounts_of(relation, shape)
    spans = spans_of(runner, accounts, everyone)
    n_rate = {t: spans.count("r", t) for t in (*tiers, everyone)}
    overall_ranks = median_ci_ranks(n_rate[everyone]) if n_rate[everyone] else None
    wanted = {t: ranks.rate_ranks(n_rate[t]) for t in tiers}
    wanted[everyone] = ranks.mid(n_rate[everyone]) | set(overall_ranks[:2] if overall_ranks else ())
    found = select_ranks(
        runner,
        accounts,
        spans,
        {
            "r": wanted,
            "f": {t: ranks.mid(spans.count("f", t)) for t in (*tiers, everyone)},
            "e": {t: ranks.mid(spans.count("e", t)) for t in tiers},
        },
        everyone=everyone,
    )
    at_r, at_f, at_e = found["r"], found["f"], found["e"]
    total = sum(spans.accounts.values())
    rows = []
    estimated = shape.basis == BENCHMARK  # an estimate has no confidence interval
    for i in tiers:
        ci = ranks.interval(at_r, i, n_rate[i])
        if estimated:
            ci = replace(ci, low=None, high=None, coverage=None)
        rows.append(
            tier_row(
                scheme,
                i,
                count=spans.accounts.get(i, 0),
                total=total,
                median_followers=ranks.median(at_f, i, spans.count("f", i)),
                er=ci,
                median_engagements=ranks.median(at_e, i, spans.count("e", i)),
                reach=float(spans.reach.get(i, 0)),
                too_few=ci.n < options.min_accounts and not estimated,
            )
        )
    overall = ranks.interval(at_r, everyone, n_rate[everyone])
    if estimated:
        overall = replace(overall, low=None, high=None, coverage=None)
    figures = TierFigures(
        tiers=pd.DataFrame(rows),
        overall=overall,
        median_followers=ranks.median(at_f, everyone, spans.count("f", everyone)),
    )
    return _Found(figures, accounts, spans, at_r)


def engine_tiers(
    runner: Runner, relation: Relation, shape: Shape, options: EngagementOptions
) -> pd.DataFrame:
    """The tier table alone (what the findings under another scheme need)."""
    return _tier_figures(runner, relation, shape, options).figures.tiers


def engine_figures(
    runner: Runner, relation: Relation, shape: Shape, options: EngagementOptions
) -> EngineFigures:
    """Tier figures, the headline's overall median and chart inputs of ``relation`` under
    ``shape``, equal to :func:`~infludash.analysis.summary.tier_figures` and
    :func:`~infludash.analysis.aggregates.chart_inputs` on the same accounts."""
    found = _tier_figures(runner, relation, shape, options)
    spans, accounts = found.spans, found.accounts
    tiers = range(len(shape.scheme.keys))
    everyone = len(shape.scheme.keys)
    n_f, low_f, high_f = spans.columns["f"][everyone]
    charts = ChartInputs(
        bins=_bins(runner, accounts, shape, low=low_f, high=high_f, n=n_f),
        rates=_tier_rates(runner, accounts, spans, found.at_rate, tiers),
        platforms=(),
    )
    total = sum(spans.accounts.values())
    return EngineFigures(found.figures, charts, total, float(sum(spans.reach.values())))


def _tier_rates(
    runner: Runner,
    accounts: exp.Select,
    spans: Spans,
    at: Mapping[tuple[int, int], float],
    tiers: range,
) -> list[TierRates]:
    """What the engagement chart draws per tier, as
    :func:`~infludash.analysis.aggregates.tier_rates`."""
    quartiles = {
        i: ranks.quartiles(at, i, spans.count("r", i))
        for i in tiers
        if spans.count("r", i) >= MIN_BOX_ACCOUNTS
    }
    fences = {
        i: (q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)) for i, (q1, _, q3) in quartiles.items()
    }
    whiskers = _whiskers(runner, accounts, fences)
    rates: list[TierRates] = []
    for i in tiers:
        n, smallest, largest = spans.columns["r"].get(i, NONE)
        if n == 0:
            rates.append(None)
        elif n < MIN_BOX_ACCOUNTS:
            rates.append(tuple(at[(i, r)] for r in range(1, n + 1)))
        else:
            q1, median, q3 = quartiles[i]
            low, high = whiskers[i]
            rates.append(
                BoxStats(n, q1, median, q3, min(low, q1), max(high, q3), smallest, largest)
            )
    return rates
