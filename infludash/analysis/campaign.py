"""A campaign plan as the planner page shows it, from the analyst's inputs: one computation for
the page and for the HTML report, so the report can never hold a plan the page did not.

The inputs (:class:`PlanInputs`: budget, objective, the analyst's own prices, the mix they typed)
are small and frozen: the planner page keeps them in the session, the report is handed them.
Everything else is computed again from the analysis the report is of: prices in force (the
published rate card for the scheme and the platforms shown, in whole dollars as the page's
editor shows them, with the analyst's prices over it), the data's yields, the plan with all of
the budget in each tier, the best tier for the objective, the plainest comparison and the mix.
A plan computed when the planner was last drawn would go stale the moment a filter changed; the
inputs do not. Keys and numbers only: names and words are added in ``present/``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.planner import (
    best_tier,
    compare_tiers,
    compared_tiers,
    default_prices,
    default_shares,
    mix_totals,
    plan,
    planned_tiers,
)
from infludash.analysis.price_edits import Edits, with_edits
from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError

__all__ = [
    "CampaignPlan",
    "Comparison",
    "PlanInputs",
    "campaign_plan",
    "mix_start",
    "prices_in_force",
    "published_prices",
    "tier_comparison",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PlanInputs:
    """What the analyst gave the planner: the budget (USD), the objective (``reach`` or
    ``engagements``), their own prices per tier key (``(key, low, high)``) and the mix they typed
    (``(key, percent)``; empty: the default split, which follows the budget and the data)."""

    budget: float
    objective: str = "reach"
    edits: tuple[tuple[str, float, float], ...] = ()
    shares: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(
        cls,
        budget: float,
        objective: str,
        edits: Mapping[str, tuple[float, float]],
        shares: Mapping[str, float] | None = None,
    ) -> PlanInputs:
        """The inputs from the session's shapes (dicts), sorted so equal inputs compare equal."""
        return cls(
            float(budget),
            objective,
            tuple(sorted((str(k), float(lo), float(hi)) for k, (lo, hi) in edits.items())),
            tuple(sorted((str(k), float(v)) for k, v in (shares or {}).items())),
        )

    @property
    def edit_map(self) -> Edits:
        return {key: (low, high) for key, low, high in self.edits}

    @property
    def share_map(self) -> dict[str, float]:
        return dict(self.shares)


@dataclass(frozen=True)
class Comparison:
    """One post of the ``dear`` tier against the ``cheap`` posts its middle price buys (tier
    keys; ``numbers`` as :func:`~infludash.analysis.planner.compare_tiers` gives them)."""

    dear: str
    cheap: str
    numbers: dict[str, float]


@dataclass(frozen=True)
class CampaignPlan:
    """The planner's result (frames with tier keys, no names). ``error``: the prices cannot be
    used (then nothing is planned); ``mix`` is None when every share is 0."""

    inputs: PlanInputs
    prices: pd.DataFrame
    yields: pd.DataFrame
    per_tier: pd.DataFrame | None
    best: str | None
    comparison: Comparison | None
    shares: FloatArray
    mix: pd.DataFrame | None
    totals: dict[str, float] | None
    error: InputError | None = None

    @property
    def edited(self) -> list[str]:
        """Keys of the tiers planned at the analyst's own prices, in scheme order."""
        prices = self.prices
        return [str(k) for k, e in zip(prices["tier"], prices["edited"], strict=True) if e]


def published_prices(scheme: TierScheme, platforms: Sequence[str]) -> pd.DataFrame:
    """The published rate card of the planned tiers, in whole dollars: what the price editor
    shows and the page plans with (a cent more or less is no quote)."""
    card = planned_tiers(default_prices(scheme, platforms))
    card["price_low"] = card["price_low"].round(0)
    card["price_high"] = card["price_high"].round(0)
    return card


def prices_in_force(
    scheme: TierScheme, platforms: Sequence[str], edits: Mapping[str, tuple[float, float]]
) -> pd.DataFrame:
    """The published card with the analyst's prices over it, and which tiers those are
    (``edited``)."""
    return with_edits(published_prices(scheme, platforms), edits)


def mix_start(
    prices: pd.DataFrame, yields: pd.DataFrame, budget: float, typed: Mapping[str, float]
) -> FloatArray:
    """The shares (percent, one per row of ``prices``) the mix starts from: the analyst's, when
    they name exactly these tiers (a mix typed under another scheme does not fit this one), else
    the default split."""
    keys = prices["tier"].astype(str).tolist()
    if typed and set(typed) == set(keys):
        return np.array([float(typed[k]) for k in keys], dtype="float64")
    return default_shares(prices, yields, budget)


def tier_comparison(
    prices: pd.DataFrame, yields: pd.DataFrame, scheme: TierScheme
) -> Comparison | None:
    """The plainest comparison (cheapest against dearest tier with accounts), when the dear
    post's price buys at least one cheap post."""
    pair = compared_tiers(yields, scheme)
    if pair is None:
        return None
    cheap, dear = pair
    numbers = compare_tiers(prices, yields, dear, cheap)
    if numbers is None or numbers["posts"] < 1:
        return None
    return Comparison(dear, cheap, numbers)


class Planned(Protocol):
    """What a plan reads of an analysis (an upload's, or one computed in an engine)."""

    @property
    def scheme(self) -> TierScheme: ...
    @property
    def platforms(self) -> tuple[str, ...]: ...
    @property
    def yields(self) -> pd.DataFrame: ...


def campaign_plan(analysis: Planned, inputs: PlanInputs) -> CampaignPlan:
    """The plan the planner page shows for ``inputs`` on ``analysis`` (its filtered accounts)."""
    scheme = analysis.scheme
    prices = prices_in_force(scheme, list(analysis.platforms), inputs.edit_map)
    yields = planned_tiers(analysis.yields)
    budget = inputs.budget
    shares = mix_start(prices, yields, budget, inputs.share_map)
    try:
        per_tier = plan(budget, prices, yields)
    except InputError as err:
        return CampaignPlan(inputs, prices, yields, None, None, None, shares, None, None, err)
    best = best_tier(per_tier, inputs.objective)
    comparison = tier_comparison(prices, yields, scheme)
    mix = totals = None
    if shares.sum() > 0:
        mix = plan(budget, prices, yields, dict(zip(prices["tier"], shares, strict=True)))
        totals = mix_totals(mix)
    return CampaignPlan(inputs, prices, yields, per_tier, best, comparison, shares, mix, totals)
