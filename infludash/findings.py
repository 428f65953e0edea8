"""The trade press's claims, tested on the analyst's own data, with the numbers behind each one.

- "Engagement rate falls as followers rise": per platform, the Theil–Sen slope of log10(ER) on
  log10(followers) with Sen's distribution-free 95% interval, plus Spearman's rank correlation of
  the tier medians with tier order. Consecutive tiers whose median intervals overlap are called
  flat rather than falling.
- "Nano influencers engage more, micro influencers reach more": median rate and median
  engagements per post side by side.

Theil–Sen is robust to the outliers that follower lists are full of (bought followers, viral
posts); pairs are formed on a seeded random sample of at most ``MAX_FIT_POINTS`` accounts, so
the cost is bounded whatever the file size.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.errors import InputError
from infludash.reader import ReadResult
from infludash.summary import EngagementOptions, Summary, annotate, summarize
from infludash.tiers import SCHEMES, compact_number, quantile_scheme

__all__ = [
    "MAX_FIT_POINTS",
    "Finding",
    "Trend",
    "findings",
    "sensitivity",
    "theil_sen",
    "trend",
]

MAX_FIT_POINTS = 2_000
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class Trend:
    """log10(ER) = intercept + slope · log10(followers), fitted robustly, for one group."""

    group: str
    n: int  # accounts in the fit (a seeded sample of at most MAX_FIT_POINTS)
    total: int  # accounts with a rate in the group
    slope: float
    slope_low: float
    slope_high: float
    intercept: float

    @property
    def direction(self) -> str:
        """``falls`` / ``rises`` when the interval excludes 0, else ``flat``."""
        if self.slope_high < 0:
            return "falls"
        if self.slope_low > 0:
            return "rises"
        return "flat"

    def per_tenfold(self) -> float:
        """Change of the rate, in percent, for ten times the followers (e.g. -35.2)."""
        return (10.0**self.slope - 1.0) * 100.0


@dataclass(frozen=True)
class Finding:
    """One plain-language sentence and the numbers it rests on."""

    claim: str
    verdict: str
    sentence: str
    numbers: dict[str, object] = field(default_factory=dict)


def theil_sen(
    x: npt.ArrayLike, y: npt.ArrayLike, seed: int = 0
) -> tuple[float, float, float, float, int] | None:
    """Slope, its 95% interval (Sen), intercept and n; None with fewer than 3 distinct x."""
    xs = np.asarray(x, dtype="float64")
    ys = np.asarray(y, dtype="float64")
    keep = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    if xs.size > MAX_FIT_POINTS:
        pick = np.random.default_rng(seed).choice(xs.size, MAX_FIT_POINTS, replace=False)
        xs, ys = xs[pick], ys[pick]
    n = int(xs.size)
    if n < 3 or np.unique(xs).size < 3:
        return None
    i, j = np.triu_indices(n, k=1)
    dx = xs[j] - xs[i]
    valid = dx != 0
    slopes = np.sort((ys[j] - ys[i])[valid] / dx[valid])
    count = slopes.size
    slope = float(np.median(slopes))
    # Sen (1968): the interval's ranks come from the variance of Kendall's S (ties ignored).
    spread = _Z95 * math.sqrt(n * (n - 1) * (2 * n + 5) / 18.0)
    low_rank = max(math.floor((count - spread) / 2.0), 0)
    high_rank = min(math.ceil((count + spread) / 2.0), count - 1)
    intercept = float(np.median(ys - slope * xs))
    return slope, float(slopes[low_rank]), float(slopes[high_rank]), intercept, n


def trend(annotated: pd.DataFrame, group: str, mask: npt.NDArray[np.bool_]) -> Trend | None:
    """Robust log–log fit of ER on followers for the accounts in ``mask``."""
    followers = annotated["followers"].to_numpy(dtype="float64")[mask]
    er = annotated["er_pct"].to_numpy(dtype="float64")[mask]
    ok = (followers > 0) & (er > 0) & np.isfinite(er)
    fit = theil_sen(np.log10(followers[ok]), np.log10(er[ok]))
    if fit is None:
        return None
    slope, low, high, intercept, n = fit
    return Trend(group, n, int(ok.sum()), slope, low, high, intercept)


def _spearman(values: list[float]) -> float | None:
    """Rank correlation of values with their order (tiers are ordered by size)."""
    if len(values) < 3:
        return None
    ranks = pd.Series(values).rank().to_numpy()
    order = np.arange(1, len(values) + 1, dtype="float64")
    if np.std(ranks) == 0:
        return None
    return float(np.corrcoef(order, ranks)[0, 1])


def _steps(summary: Summary) -> list[str]:
    """Tier to tier: falls / rises where the medians' intervals do not overlap, else flat."""
    rows = summary.tiers[
        summary.tiers["median_er_pct"].notna()
        & summary.tiers["er_ci95_low"].notna()
        & ~summary.tiers["too_few"]
    ].to_dict("records")
    steps = []
    for a, b in itertools.pairwise(rows):
        if b["er_ci95_high"] < a["er_ci95_low"]:
            word = "falls"
        elif b["er_ci95_low"] > a["er_ci95_high"]:
            word = "rises"
        else:
            word = "is flat (the intervals overlap)"
        steps.append(
            f"from {a['label']} to {b['label']} it {word}: "
            f"{a['median_er_pct']:.2f}% → {b['median_er_pct']:.2f}%"
        )
    return steps


def findings(annotated: pd.DataFrame, summary: Summary) -> tuple[list[Finding], list[Trend]]:
    """The findings for this data, and the per-platform trends behind the first one."""
    if summary.estimated:
        return [
            Finding(
                "Engagement rate falls as followers rise",
                "not testable",
                "The engagement rates here are estimated from benchmarks, so they cannot test a "
                "claim about measured engagement.",
            )
        ], []
    trends: list[Trend] = []
    everyone = np.ones(len(annotated), dtype=bool)
    overall = trend(annotated, "all accounts", everyone)
    if overall is not None:
        trends.append(overall)
    if "platform" in annotated:
        platforms = annotated["platform"].astype("string").fillna("")
        for name in sorted(p for p in platforms.unique() if p):
            fitted = trend(annotated, str(name), (platforms == name).to_numpy(dtype=bool))
            if fitted is not None:
                trends.append(fitted)
    out: list[Finding] = []
    medians = [
        float(m)
        for m, few in zip(summary.tiers["median_er_pct"], summary.tiers["too_few"], strict=True)
        if pd.notna(m) and not few
    ]
    rho = _spearman(medians)
    if overall is None:
        out.append(
            Finding(
                "Engagement rate falls as followers rise",
                "not testable",
                "Too few accounts with an engagement rate to fit a trend.",
            )
        )
    else:
        verdicts = {"falls": "holds", "flat": "not supported", "rises": "reversed"}
        parts = [
            f"Across {overall.total:,} accounts with a rate"
            + (f" (fitted on a random {overall.n:,} of them)" if overall.n < overall.total else "")
            + ", each tenfold increase in followers goes with a "
            f"{abs(overall.per_tenfold()):.0f}% {'lower' if overall.slope < 0 else 'higher'} "
            f"engagement rate (log–log slope {overall.slope:.2f}, 95% CI {overall.slope_low:.2f} "
            f"to {overall.slope_high:.2f})."
        ]
        by_platform = trends[1:]
        if by_platform:
            parts.append(
                "By platform: "
                + "; ".join(
                    f"{t.group} {t.slope:.2f} [{t.slope_low:.2f}, {t.slope_high:.2f}] "
                    f"({t.direction})"
                    for t in by_platform
                )
                + "."
            )
        if rho is not None:
            parts.append(f"Across tiers the medians' rank correlation with size is {rho:.2f}.")
        steps = _steps(summary)
        if steps:
            parts.append("Tier by tier, " + "; ".join(steps) + ".")
        out.append(
            Finding(
                "Engagement rate falls as followers rise",
                verdicts[overall.direction],
                " ".join(parts),
                {
                    "slope": overall.slope,
                    "slope_ci95": [overall.slope_low, overall.slope_high],
                    "n": overall.n,
                    "spearman_tiers": rho,
                },
            )
        )
    out.append(_engage_vs_reach(summary))
    return out, trends


def _engage_vs_reach(summary: Summary) -> Finding:
    records = {row["tier"]: row for row in summary.tiers.to_dict("records")}
    claim = "Nano influencers engage more, micro influencers reach more"
    if "nano" not in records or "micro" not in records:
        return Finding(claim, "not testable", "This tier scheme has no Nano and Micro tiers.")
    nano, micro = records["nano"], records["micro"]
    values = [
        nano["median_er_pct"],
        micro["median_er_pct"],
        nano["median_engagements"],
        micro["median_engagements"],
    ]
    if any(pd.isna(v) for v in values) or nano["too_few"] or micro["too_few"]:
        return Finding(claim, "not testable", "Too few Nano or Micro accounts with a rate.")
    if pd.notna(nano["er_ci95_low"]) and pd.notna(micro["er_ci95_high"]):
        engage = nano["er_ci95_low"] > micro["er_ci95_high"]  # the intervals do not overlap
    else:
        engage = nano["median_er_pct"] > micro["median_er_pct"]
    reach = micro["median_engagements"] > nano["median_engagements"]
    verdict = (
        "holds" if engage and reach else "partly holds" if engage or reach else "does not hold"
    )
    per = {"views": "of its views", "column": "(as reported)"}.get(
        summary.er_basis, "of its followers"
    )
    sentence = (
        f"A typical Nano account engages {nano['median_er_pct']:.2f}% {per} per post, a typical "
        f"Micro account {micro['median_er_pct']:.2f}%"
        + ("" if engage else " (the two medians' intervals overlap, so Nano is not clearly ahead)")
        + f"; a Micro post gets {micro['median_engagements']:,.0f} engagements against "
        f"{nano['median_engagements']:,.0f} for a Nano post."
    )
    return Finding(
        claim,
        verdict,
        sentence,
        {
            "nano_median_er_pct": float(nano["median_er_pct"]),
            "micro_median_er_pct": float(micro["median_er_pct"]),
            "nano_median_engagements": float(nano["median_engagements"]),
            "micro_median_engagements": float(micro["median_engagements"]),
        },
    )


def sensitivity(
    accounts: pd.DataFrame, result_rows: int, options: EngagementOptions
) -> tuple[pd.DataFrame, str]:
    """The tier-based findings under every preset scheme side by side, and whether they agree.

    The robust slope is fitted on accounts, not tiers, so it cannot change with the scheme; what
    can change is the story the tier medians tell.
    """
    schemes = [*SCHEMES.values()]
    with contextlib.suppress(InputError):  # too few accounts for quantile tiers
        schemes.append(quantile_scheme(accounts["followers"]))
    rows = []
    empty = pd.DataFrame({"reason": pd.Series([], dtype=object)})
    result = ReadResult(accounts=accounts, rejected=empty, rows_read=result_rows, duplicates=0)
    for scheme in schemes:
        annotated = annotate(accounts, scheme, options)
        summary = summarize(result, scheme, annotated=annotated, options=options)
        medians = [
            float(m)
            for m, few in zip(summary.tiers["median_er_pct"], summary.tiers["too_few"], strict=True)
            if pd.notna(m) and not few
        ]
        rho = _spearman(medians)
        monotone = len(medians) >= 2 and all(b < a for a, b in itertools.pairwise(medians))
        rows.append(
            {
                "Scheme": scheme.short or scheme.title,
                "Edges": " · ".join(compact_number(e) for e in scheme.edges),
                "Tiers with a median": len(medians),
                "Rank correlation": rho,
                "Medians fall tier by tier": "yes" if monotone else "no",
                "Nano engage more, Micro reach more": _engage_vs_reach(summary).verdict,
            }
        )
    table = pd.DataFrame(rows)
    falls = set(table["Medians fall tier by tier"])
    nano = set(table["Nano engage more, Micro reach more"]) - {"not testable"}
    if falls == {"yes"}:
        sentence = "Under every scheme the tier medians fall from each tier to the next."
    elif falls == {"no"}:
        sentence = "Under no scheme do the tier medians fall from each tier to the next."
    else:
        changes = ", ".join(table.loc[table["Medians fall tier by tier"] == "no", "Scheme"])
        sentence = (
            f"Whether the medians fall tier by tier depends on the scheme: not under {changes}."
        )
    if len(nano) == 1:
        sentence += f" 'Nano engage more, Micro reach more' {next(iter(nano))} wherever it applies."
    elif nano:
        sentence += " 'Nano engage more, Micro reach more' changes with the scheme."
    return table, sentence
