"""Quantile tiers of a relation's followers, cut where the table lives: the quartiles as
:func:`~infludash.analysis.tiers.quantile_scheme` takes them, from values at ranks."""

from __future__ import annotations

from sqlglot import exp

from infludash.analysis.codes import TierError
from infludash.analysis.filters import Filters
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.tiers import TierScheme, scheme_at_quantiles
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.engine import ranks
from infludash.engine.accounts import accounts as accounts_of
from infludash.engine.accounts import col
from infludash.engine.figures import values_of
from infludash.engine.order_stats import Runner, values_at_ranks
from infludash.engine.relation import Relation, Shape

__all__ = ["quantile_tiers"]


def quantile_tiers(
    runner: Runner, relation: Relation, tiers: int = 4, filters: Filters | None = None
) -> TierScheme:
    """The quantile scheme of every account of ``relation`` (that passes ``filters``), as
    :func:`~infludash.analysis.tiers.quantile_scheme` makes it of the same followers."""
    if tiers != 4:  # the quartiles' fractions are exact in binary; other cuts are not here yet
        raise ValueError("the engine cuts quantile tiers at the quartiles")
    followers = accounts_of(relation, Shape(DEFAULT_SCHEME, filters=filters or Filters()))
    f = col("f")
    ((n, low, high),) = runner.rows(
        exp.select(exp.Count(this=f), exp.Min(this=f), exp.Max(this=f)).from_(
            followers.subquery("a")
        )
    )
    n = int(n)
    if n < tiers:
        raise InputError(Note(TierError.QUANTILE_TOO_FEW, n=tiers))
    at = values_at_ranks(
        runner, values_of(followers, "f", 0), {0: ranks.quartile_ranks(n)}, {0: (n, low, high)}
    )
    return scheme_at_quantiles(ranks.quartiles(at, 0, n))
