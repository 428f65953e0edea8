"""Campaign planner core: what a budget buys per tier, from published prices and the data's yields.

Prices come from published per-post rate cards mapped onto any tier scheme
(:mod:`infludash.analysis.prices`).
Yields (reach and engagements per post) come from the analyst's own accounts, as quartiles, because
an analyst books individual creators, not the tier average. Every figure is a low/mid/high band:
"low" pairs the highest price with the first quartile (the cautious case), "high" the lowest price
with the third quartile. A whole post is the unit: a budget below one post buys nothing.
Numbers and keys only; the UI writes the sentences from its translation catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.annotated import Annotated
from infludash.analysis.codes import PlannerError
from infludash.analysis.prices import RATE_CARDS_PATH, default_prices, load_rate_cards
from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import AVG_VIEWS, ENGAGEMENTS, ER_PCT, FOLLOWERS, TIER_INDEX

__all__ = [
    "OBJECTIVES",
    "RATE_CARDS_PATH",
    "best_tier",
    "compare_tiers",
    "compared_tiers",
    "default_prices",
    "default_shares",
    "load_rate_cards",
    "mix_totals",
    "plan",
    "planned_tiers",
    "tier_yields",
]

_BOUNDS = ("low", "mid", "high")
_REACH_BASES = {"followers": FOLLOWERS, "views": AVG_VIEWS}
_OBJECTIVES = {"reach": "cpm_mid", "engagements": "cpe_mid"}
#: What a plan can be best at: the cheapest reach or the cheapest engagements.
OBJECTIVES: tuple[str, ...] = tuple(_OBJECTIVES)

FloatArray = npt.NDArray[np.float64]


def _finite(values: pd.Series | FloatArray) -> FloatArray:
    """Float array with non-finite and negative values as NaN (a count cannot be below zero)."""
    array = np.asarray(values, dtype="float64").copy()
    array[~np.isfinite(array) | (array < 0)] = np.nan
    return array


def tier_yields(annotated: Annotated, reach_basis: str = "followers") -> pd.DataFrame:
    """Quartiles of reach and of engagements per post, per tier of the accounts' own scheme (all
    tiers, in order).

    Reach is followers per account, or average views with ``reach_basis="views"``. Engagements are
    the measured interactions where present; otherwise the rate times its denominator (followers,
    or views when the rate is per view), which covers reported and benchmark-estimated rates.
    A benchmark estimate for YouTube is per view (data/README.md), so on followers it overstates a
    channel with fewer views than subscribers. NaN where no account has a value.
    """
    if reach_basis not in _REACH_BASES:
        raise InputError(Note(PlannerError.UNKNOWN_REACH_BASIS, basis=repr(reach_basis)))
    column = _REACH_BASES[reach_basis]
    accounts, scheme = annotated.frame, annotated.scheme
    if column not in accounts.columns:
        raise InputError(Note(PlannerError.REACH_NEEDS, basis=reach_basis, column=column))
    followers = _finite(accounts[FOLLOWERS])
    measured = _finite(accounts[ENGAGEMENTS])
    rate = _finite(accounts[ER_PCT])
    per_view = annotated.basis == "views" and AVG_VIEWS in accounts.columns
    denominator = _finite(accounts[AVG_VIEWS]) if per_view else followers
    estimated = denominator * rate / 100.0
    frame = pd.DataFrame(
        {
            "tier_index": accounts[TIER_INDEX].to_numpy(),
            "reach": _finite(accounts[column]),
            "eng": np.where(np.isfinite(measured), measured, estimated),
        }
    )
    tiers = pd.RangeIndex(len(scheme.keys))  # accounts without followers (tier -1) fall outside
    grouped = frame.groupby("tier_index")
    quartiles = {q: grouped[["reach", "eng"]].quantile(q).reindex(tiers) for q in (0.25, 0.5, 0.75)}
    out = pd.DataFrame({"tier": list(scheme.keys)})
    out["accounts"] = grouped.size().reindex(tiers, fill_value=0).to_numpy(dtype="int64")
    for name in ("reach", "eng"):
        for q, suffix in ((0.25, "q1"), (0.5, "median"), (0.75, "q3")):
            out[f"{name}_{suffix}"] = quartiles[q][name].to_numpy(dtype="float64")
        out[f"{name}_n"] = grouped[name].count().reindex(tiers, fill_value=0).to_numpy()
    return out


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """``numerator / denominator`` with NaN (never inf) where the denominator is 0 or missing."""
    num, den = np.asarray(numerator, dtype="float64"), np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = num / den
    out[~np.isfinite(out)] = np.nan
    return out


def _whole_posts(budget: FloatArray, price: FloatArray) -> FloatArray:
    """Whole posts at ``price`` that ``budget`` pays for.

    Money is decimal and floats are binary: 699.12 / 38.84 comes out a hair under 18, yet 18 posts
    of $38.84 cost exactly $699.12. The quotient is nudged up by a relative 1e-12 before the floor,
    so an exact fit counts; spend can then exceed the budget only by that rounding error.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.floor(budget / price * (1 + 1e-12))


def _check_budget(budget: float) -> float:
    try:
        value = float(budget)
    except (TypeError, ValueError):
        raise InputError(Note(PlannerError.BUDGET_NOT_A_NUMBER, budget=repr(budget))) from None
    if not np.isfinite(value) or value < 0:
        raise InputError(Note(PlannerError.BUDGET_INVALID))
    return value


def _shares(keys: list[str], shares: Mapping[str, float] | None) -> FloatArray:
    """Share of the budget per tier: 1 each without ``shares``; else normalised to sum to 1."""
    if shares is None:
        return np.ones(len(keys))
    unknown = sorted(set(shares) - set(keys))
    if unknown:
        raise InputError(Note(PlannerError.SHARES_UNKNOWN, tiers=", ".join(unknown)))
    values = np.array([float(shares.get(k, 0.0)) for k in keys])
    if not np.isfinite(values).all() or (values < 0).any():
        raise InputError(Note(PlannerError.SHARES_INVALID))
    if values.sum() <= 0:
        raise InputError(Note(PlannerError.SHARES_ZERO))
    return values / values.sum()


def plan(
    budget: float,
    prices: pd.DataFrame,
    yields: pd.DataFrame,
    shares: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Posts, spend, reach, engagements, CPE and CPM per tier at low/mid/high, for a budget.

    Without ``shares`` every tier gets the whole budget (the "all in one tier" comparison); with
    them the budget is split. The mid price is the geometric mean of the range, because published
    ranges span up to 10× and the arithmetic midpoint would sit near the top of the range.
    """
    total = _check_budget(budget)
    low = prices["price_low"].to_numpy(dtype="float64")
    high = prices["price_high"].to_numpy(dtype="float64")
    bad = (low <= 0) | (high < low) | np.isinf(low) | np.isinf(high)
    if bad.any():
        tier = prices["tier"].to_numpy()[np.argmax(bad)]
        raise InputError(Note(PlannerError.TIER_PRICES_INVALID, tier=str(tier)))
    keys = [str(k) for k in prices["tier"]]
    out = prices[["tier", *(["label"] if "label" in prices else [])]].reset_index(drop=True)
    out["share"] = _shares(keys, shares)
    out["tier_budget"] = total * out["share"]
    stats = yields.set_index("tier").reindex(keys)
    column = {c: stats[c].to_numpy(dtype="float64") for c in stats.columns if "_" in str(c)}
    out["accounts"] = stats["accounts"].fillna(0).to_numpy(dtype="int64")
    price = {"low": high, "mid": np.sqrt(low * high), "high": low}  # price paid at each bound
    quart = {"low": "q1", "mid": "median", "high": "q3"}
    out["price_low"], out["price_mid"], out["price_high"] = low, price["mid"], high
    tier_budget = out["tier_budget"].to_numpy(dtype="float64")
    for bound in _BOUNDS:
        posts = _whole_posts(tier_budget, price[bound])
        out[f"posts_{bound}"] = posts
        out[f"spend_{bound}"] = posts * price[bound]
        out[f"reach_{bound}"] = posts * column[f"reach_{quart[bound]}"]
        out[f"eng_{bound}"] = posts * column[f"eng_{quart[bound]}"]
    # Cost per unit pairs the cheapest price with the best quartile for "low", and vice versa.
    unit_price = {"low": low, "mid": price["mid"], "high": high}
    best = {"low": "q3", "mid": "median", "high": "q1"}
    for bound in _BOUNDS:
        out[f"cpe_{bound}"] = _ratio(unit_price[bound], column[f"eng_{best[bound]}"])
        out[f"cpm_{bound}"] = _ratio(unit_price[bound] * 1000.0, column[f"reach_{best[bound]}"])
    return out


def _total(planned: pd.DataFrame, name: str, bound: str) -> float:
    """Sum over tiers; NaN when a tier that buys posts has no figure (unknown, not zero)."""
    values = planned[f"{name}_{bound}"].to_numpy(dtype="float64")
    buys = planned[f"posts_{bound}"].to_numpy(dtype="float64") > 0
    if np.isnan(values[buys]).any():
        return float("nan")
    return float(np.nansum(np.where(buys, values, 0.0)))


def mix_totals(planned: pd.DataFrame) -> dict[str, float]:
    """Totals of a planned mix at low/mid/high, and its overall CPE and CPM at mid."""
    totals: dict[str, float] = {}
    for name in ("posts", "spend", "reach", "eng"):
        for bound in _BOUNDS:
            totals[f"{name}_{bound}"] = _total(planned, name, bound)
    spend, eng, reach = totals["spend_mid"], totals["eng_mid"], totals["reach_mid"]
    totals["cpe_mid"] = spend / eng if eng > 0 else float("nan")  # NaN > 0 is False
    totals["cpm_mid"] = spend * 1000.0 / reach if reach > 0 else float("nan")
    return totals


def _lookup(frame: pd.DataFrame, key: str, columns: list[str]) -> FloatArray:
    rows = frame.loc[frame["tier"].astype(str) == key, columns]
    if rows.empty:
        raise InputError(Note(PlannerError.UNKNOWN_TIER, tier=repr(key)))
    return rows.to_numpy(dtype="float64")[0]


def compare_tiers(
    prices: pd.DataFrame, yields: pd.DataFrame, expensive: str, cheap: str
) -> dict[str, float] | None:
    """One ``expensive`` post against the whole ``cheap`` posts its mid price buys (median yields).

    None when either tier has no price or no account with a reach; engagements may be NaN.
    """
    mid = [
        np.sqrt(np.prod(_lookup(prices, k, ["price_low", "price_high"])))
        for k in (expensive, cheap)
    ]
    (exp_reach, exp_eng), (cheap_reach, cheap_eng) = (
        _lookup(yields, k, ["reach_median", "eng_median"]) for k in (expensive, cheap)
    )
    if not np.isfinite([*mid, exp_reach, cheap_reach]).all() or min(mid) <= 0:
        return None
    posts = float(_whole_posts(np.array([mid[0]]), np.array([mid[1]]))[0])
    return {
        "posts": posts,
        "expensive_price": float(mid[0]),
        "cheap_price": float(mid[1]),
        "cheap_spend": posts * float(mid[1]),
        "cheap_reach": posts * float(cheap_reach),
        "cheap_eng": posts * float(cheap_eng),
        "expensive_reach": float(exp_reach),
        "expensive_eng": float(exp_eng),
    }


def best_tier(planned: pd.DataFrame, objective: str) -> str | None:
    """Tier key with the lowest mid cost per thousand reach ("reach") or per engagement, among
    the tiers where the budget buys at least one post at the middle price (a cheap rate that the
    budget cannot pay for is no recommendation)."""
    if objective not in _OBJECTIVES:
        raise InputError(Note(PlannerError.UNKNOWN_OBJECTIVE, objective=repr(objective)))
    costs = planned[_OBJECTIVES[objective]].to_numpy(dtype="float64").copy()
    costs[planned["posts_mid"].to_numpy(dtype="float64") < 1] = np.nan
    if not np.isfinite(costs).any():
        return None
    return str(planned["tier"].to_numpy()[int(np.nanargmin(costs))])


def planned_tiers(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a per-tier table (prices, yields) worth planning: not the "below" tier (under
    the first edge nobody publishes a price, and nobody books an account of 50 followers)."""
    keep = ~frame["tier"].astype(str).str.startswith("below")
    return frame[keep.to_numpy()].reset_index(drop=True)


def default_shares(prices: pd.DataFrame, yields: pd.DataFrame, budget: float) -> FloatArray:
    """The mix to start from: an equal split over the tiers with accounts whose share buys at
    least one post at the middle price (the dearest tiers drop out until the rest fit), in
    percent, one decimal."""
    middle = np.sqrt(prices["price_low"].to_numpy(float) * prices["price_high"].to_numpy(float))
    chosen = yields["accounts"].to_numpy() > 0
    while chosen.sum() > 1 and np.nanmax(np.where(chosen, middle, 0)) > budget / chosen.sum():
        chosen[int(np.nanargmax(np.where(chosen, middle, -np.inf)))] = False
    return np.where(chosen, 100.0 / max(int(chosen.sum()), 1), 0.0).round(1)


def compared_tiers(yields: pd.DataFrame, scheme: TierScheme) -> tuple[str, str] | None:
    """The tiers the plainest comparison sets side by side: the cheapest and the dearest tier
    (keys, in scheme order) with accounts that have a reach, "below" tiers left out; None with
    fewer than two."""
    usable = yields[(yields["accounts"] > 0) & yields["reach_median"].notna()]
    present = set(usable["tier"])
    keys = [k for k in scheme.keys if k in present and not k.startswith("below")]
    if len(keys) < 2:
        return None
    return keys[0], keys[-1]
