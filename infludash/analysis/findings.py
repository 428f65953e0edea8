"""The trade press's claims, tested on the analyst's own data: verdicts and the numbers behind
them (the sentences are written in :mod:`infludash.present.findings_text`).

- "Engagement rate falls as followers rise": the robust log–log trend of all accounts and per
  platform (:mod:`infludash.analysis.trends`), plus Spearman's rank correlation of the tier
  medians with tier order. Consecutive tiers whose median intervals overlap are called flat
  rather than falling.
- "Nano influencers engage more, micro influencers reach more": median rate and median
  engagements per post side by side.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from infludash.analysis.annotated import BENCHMARK, Annotated
from infludash.analysis.by_followers import ByFollowers
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions, annotate, tier_figures
from infludash.analysis.tiers import TierScheme, quantile_scheme
from infludash.analysis.trends import Trend
from infludash.analysis.verdicts import Claim, Untestable, Verdict
from infludash.base.errors import InputError
from infludash.base.schema import FOLLOWERS

__all__ = [
    "FallsEvidence",
    "Finding",
    "NanoMicro",
    "SchemeStory",
    "Step",
    "findings",
    "nano_micro",
    "scheme_story",
    "sensitivity",
]


@dataclass(frozen=True)
class Step:
    """From tier ``a`` to the next tier with a median, ``b`` (positions in the scheme): falls /
    rises where the medians' intervals do not overlap, else flat."""

    a: int
    b: int
    a_er: float
    b_er: float
    direction: str


@dataclass(frozen=True)
class FallsEvidence:
    """What the "engagement falls" verdict rests on: the trend of all accounts, those of the
    platforms, the rank correlation of the tier medians, and the steps from tier to tier."""

    overall: Trend
    platforms: tuple[Trend, ...]
    rho: float | None
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class NanoMicro:
    """Nano against micro: medians of rate and engagements, whether nano engages more beyond
    the intervals' overlap, and what the rate is per (``followers``, ``views``, ``column``)."""

    nano_er: float
    micro_er: float
    nano_eng: float
    micro_eng: float
    engage: bool
    per: str


@dataclass(frozen=True)
class Finding:
    """One claim's verdict and the numbers it rests on: ``evidence`` for a tested claim, the
    reason (:class:`~infludash.analysis.verdicts.Untestable`) for one that cannot be tested;
    ``numbers`` are the figures the JSON output carries."""

    claim: Claim
    verdict: Verdict
    evidence: FallsEvidence | NanoMicro | Untestable
    numbers: dict[str, object] = field(default_factory=dict)


def _spearman(values: list[float]) -> float | None:
    """Rank correlation of values with their order (tiers are ordered by size)."""
    if len(values) < 3:
        return None
    ranks = pd.Series(values).rank().to_numpy()
    order = np.arange(1, len(values) + 1, dtype="float64")
    if np.std(ranks) == 0:
        return None
    return float(np.corrcoef(order, ranks)[0, 1])


def _medians(tiers: pd.DataFrame) -> list[float]:
    """The tier medians that count: tiers with enough accounts."""
    return [
        float(m)
        for m, few in zip(tiers["median_er_pct"], tiers["too_few"], strict=True)
        if pd.notna(m) and not few
    ]


def _steps(tiers: pd.DataFrame) -> tuple[Step, ...]:
    """Tier to tier: falls / rises where the medians' intervals do not overlap, else flat."""
    usable = tiers["median_er_pct"].notna() & tiers["er_ci95_low"].notna() & ~tiers["too_few"]
    rows = [
        (int(i), row)
        for i, row in zip(np.flatnonzero(usable), tiers[usable].to_dict("records"), strict=True)
    ]
    steps = []
    for (i, a), (j, b) in itertools.pairwise(rows):
        if b["er_ci95_high"] < a["er_ci95_low"]:
            direction = "falls"
        elif b["er_ci95_low"] > a["er_ci95_high"]:
            direction = "rises"
        else:
            direction = "flat"
        steps.append(Step(i, j, float(a["median_er_pct"]), float(b["median_er_pct"]), direction))
    return tuple(steps)


_DIRECTION_VERDICTS = {
    "falls": Verdict.HOLDS,
    "flat": Verdict.NOT_SUPPORTED,
    "rises": Verdict.REVERSED,
}


def findings(tiers: pd.DataFrame, basis: str, trends: list[Trend]) -> list[Finding]:
    """The findings for accounts whose per-tier figures are ``tiers`` (a summary's) and whose
    trends are ``trends`` (:func:`~infludash.analysis.trends.fit_trends` of the same accounts),
    rated on ``basis``."""
    if basis == BENCHMARK:
        return [Finding(Claim.ER_FALLS, Verdict.NOT_TESTABLE, Untestable.ESTIMATED)]
    overall = trends[0] if trends and trends[0].group == "all" else None
    out: list[Finding] = []
    if overall is None:
        out.append(Finding(Claim.ER_FALLS, Verdict.NOT_TESTABLE, Untestable.TOO_FEW_TREND))
    else:
        rho = _spearman(_medians(tiers))
        evidence = FallsEvidence(overall, tuple(trends[1:]), rho, _steps(tiers))
        numbers: dict[str, object] = {
            "slope": overall.slope,
            "slope_ci95": [overall.slope_low, overall.slope_high],
            "n": overall.n,
            "spearman_tiers": rho,
        }
        out.append(
            Finding(Claim.ER_FALLS, _DIRECTION_VERDICTS[overall.direction], evidence, numbers)
        )
    out.append(nano_micro(tiers, basis))
    return out


def nano_micro(tiers: pd.DataFrame, basis: str) -> Finding:
    """The nano-against-micro claim on per-tier figures ``tiers`` rated on ``basis``."""
    records = {row["tier"]: row for row in tiers.to_dict("records")}
    claim = Claim.NANO_MICRO
    if "nano" not in records or "micro" not in records:
        return Finding(claim, Verdict.NOT_TESTABLE, Untestable.NO_NANO_MICRO)
    nano, micro = records["nano"], records["micro"]
    values = [
        nano["median_er_pct"],
        micro["median_er_pct"],
        nano["median_engagements"],
        micro["median_engagements"],
    ]
    if any(pd.isna(v) for v in values) or nano["too_few"] or micro["too_few"]:
        return Finding(claim, Verdict.NOT_TESTABLE, Untestable.TOO_FEW_NANO_MICRO)
    if pd.notna(nano["er_ci95_low"]) and pd.notna(micro["er_ci95_high"]):
        engage = bool(nano["er_ci95_low"] > micro["er_ci95_high"])  # the intervals do not overlap
    else:
        engage = bool(nano["median_er_pct"] > micro["median_er_pct"])
    reach = micro["median_engagements"] > nano["median_engagements"]
    verdict = (
        Verdict.HOLDS
        if engage and reach
        else Verdict.PARTLY_HOLDS
        if engage or reach
        else Verdict.DOES_NOT_HOLD
    )
    evidence = NanoMicro(
        nano_er=float(nano["median_er_pct"]),
        micro_er=float(micro["median_er_pct"]),
        nano_eng=float(nano["median_engagements"]),
        micro_eng=float(micro["median_engagements"]),
        engage=engage,
        per=basis if basis in ("views", "column") else "followers",
    )
    numbers: dict[str, object] = {
        "nano_median_er_pct": evidence.nano_er,
        "micro_median_er_pct": evidence.micro_er,
        "nano_median_engagements": evidence.nano_eng,
        "micro_median_engagements": evidence.micro_eng,
    }
    return Finding(claim, verdict, evidence, numbers)


@dataclass(frozen=True)
class SchemeStory:
    """What the tier medians say under one scheme: how many tiers have a median, their rank
    correlation with tier order, whether they fall at every step (None: fewer than two
    medians, not testable) and the nano-against-micro verdict."""

    scheme: TierScheme
    tiers_with_median: int
    rank_correlation: float | None
    falls: bool | None
    nano_micro: Verdict


def sensitivity(
    annotated: Annotated,
    options: EngagementOptions,
    accounts: pd.DataFrame | None = None,
) -> list[SchemeStory]:
    """The tier-based findings under every preset scheme (and quantile tiers, when there are
    enough accounts), for accounts rated with ``options`` under any scheme.

    The robust slope is fitted on accounts, not tiers, so it cannot change with the scheme; what
    can change is the story the tier medians tell. Measured rates do not depend on the scheme,
    so the accounts are sorted once; estimates do, so with estimates ``accounts`` (the same
    accounts as read) are rated again under each scheme.
    """
    schemes = [*SCHEMES.values()]
    with contextlib.suppress(InputError):  # too few accounts for quantile tiers
        schemes.append(quantile_scheme(annotated.frame[FOLLOWERS]))
    if annotated.estimated and accounts is None:
        raise ValueError("estimated rates depend on the scheme: pass the accounts as read")
    shared = None if annotated.estimated else ByFollowers.of(annotated.frame)
    stories = []
    for scheme in schemes:
        if shared is None:
            assert accounts is not None  # checked above
            tiers = tier_figures(annotate(accounts, scheme, options), options).tiers
        else:
            tiers = tier_figures(annotated, options, scheme, by_followers=shared).tiers
        stories.append(scheme_story(scheme, tiers, annotated.basis))
    return stories


def scheme_story(scheme: TierScheme, tiers: pd.DataFrame, basis: str) -> SchemeStory:
    """What the tier medians ``tiers`` (a summary's table under ``scheme``) say."""
    medians = _medians(tiers)
    # Fewer than two tiers with a median: falling cannot be tested (None), not "no".
    monotone = all(b < a for a, b in itertools.pairwise(medians)) if len(medians) >= 2 else None
    return SchemeStory(
        scheme=scheme,
        tiers_with_median=len(medians),
        rank_correlation=_spearman(medians),
        falls=monotone,
        nano_micro=nano_micro(tiers, basis).verdict,
    )
