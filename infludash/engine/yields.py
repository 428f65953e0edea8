"""The planner's yields of a relation, computed in its engine: per tier, the quartiles of reach
(followers) and of engagements per post, equal to
:func:`~infludash.analysis.planner.tier_yields` on the same accounts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from infludash.engine import ranks
from infludash.engine.accounts import accounts as accounts_of
from infludash.engine.accounts import spans as spans_of
from infludash.engine.figures import select_ranks
from infludash.engine.order_stats import Runner
from infludash.engine.relation import Relation, Shape

__all__ = ["engine_yields"]

_QUARTILES = ((0.25, "q1"), (0.5, "median"), (0.75, "q3"))


def _quantile(at: dict[tuple[int, int], float], tier: int, n: int, q: float) -> float:
    """As pandas' grouped ``quantile(q)`` (linear) of ``n`` values: its own call on the pair
    around the virtual index, at the same fraction (with two values the index is the
    fraction itself, so the arithmetic is the same)."""
    if not n:
        return float("nan")
    virtual = q * (n - 1)
    below = int(np.floor(virtual))
    pair = pd.DataFrame({"g": [0, 0], "v": [at[(tier, below + 1)], at[(tier, min(below + 2, n))]]})
    return float(pair.groupby("g")["v"].quantile(virtual - below).iloc[0])


def engine_yields(runner: Runner, relation: Relation, shape: Shape) -> pd.DataFrame:
    """Quartiles of reach and engagements per post, per tier (all tiers, in order). On the
    bases an engine computes, every rate is measured, so engagements are the interactions."""
    keys = shape.scheme.keys
    tiers = range(len(keys))
    everyone = len(keys)
    accounts = accounts_of(relation, shape)
    spans = spans_of(runner, accounts, everyone)
    wanted = {
        column: {t: ranks.quartile_ranks(spans.count(column, t)) for t in tiers}
        for column in ("f", "e")
    }
    found = select_ranks(runner, accounts, spans, wanted, everyone=everyone)
    out = pd.DataFrame({"tier": list(keys)})
    out["accounts"] = np.array([spans.accounts.get(t, 0) for t in tiers], dtype="int64")
    for name, column in (("reach", "f"), ("eng", "e")):
        for q, suffix in _QUARTILES:
            out[f"{name}_{suffix}"] = np.array(
                [_quantile(found[column], t, spans.count(column, t), q) for t in tiers],
                dtype="float64",
            )
        out[f"{name}_n"] = np.array([spans.count(column, t) for t in tiers], dtype="int64")
    return out
