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
import hashlib
import itertools
import math
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.analysis.summary import ByFollowers, EngagementOptions, Summary, annotate, summarize
from infludash.analysis.tiers import SCHEMES, quantile_scheme
from infludash.base.errors import InputError
from infludash.present.i18n import Locale, get_locale
from infludash.read.arrowtext import arrow_text, distinct_codes
from infludash.read.reader import ReadResult

__all__ = [
    "MAX_FIT_POINTS",
    "Finding",
    "Trend",
    "findings",
    "fit_sample",
    "fit_trends",
    "platform_groups",
    "sensitivity",
    "theil_sen",
    "trend",
]

MAX_FIT_POINTS = 1_000
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


FALLS = "er_falls"
NANO_MICRO = "nano_micro"


@dataclass(frozen=True)
class Finding:
    """One plain-language sentence and the numbers it rests on; ``key`` and ``code`` name the
    claim and the verdict in every language, ``claim`` and ``verdict`` are their wording."""

    key: str
    code: str  # holds, partly_holds, not_supported, reversed, does_not_hold, not_testable
    sentence: str
    numbers: dict[str, object] = field(default_factory=dict)
    loc: Locale = field(default_factory=get_locale, repr=False, compare=False)

    @property
    def claim(self) -> str:
        return self.loc.t(f"findings.claim.{self.key}")

    @property
    def verdict(self) -> str:
        return self.loc.t(f"findings.verdict.{self.code}")


#: Recent fits by content: the findings and the anomaly flags fit the same platforms, and the
#: app asks again on every rerun; a fit of 1,000 points costs about ten milliseconds. A fit being
#: computed is a Future in the cache, so a second thread asking for it (the CLI fits the trends
#: and the flags side by side) waits for it instead of repeating it.
_FITS: dict[tuple[bytes, int], Future[tuple[float, float, float, float, int] | None]] = {}
_FITS_KEPT = 64
_FITS_LOCK = threading.Lock()


def fit_sample(size: int, seed: int = 0) -> npt.NDArray[np.intp] | None:
    """The positions :func:`theil_sen` fits among ``size`` finite points (None: all of them).

    Exposed so a caller can pick the sample before transforming a million values it would drop.
    """
    if size <= MAX_FIT_POINTS:
        return None
    return np.random.default_rng(seed).choice(size, MAX_FIT_POINTS, replace=False)


def theil_sen(
    x: npt.ArrayLike, y: npt.ArrayLike, seed: int = 0
) -> tuple[float, float, float, float, int] | None:
    """Slope, its 95% interval (Sen), intercept and n; None with fewer than 3 distinct x."""
    xs = np.asarray(x, dtype="float64")
    ys = np.asarray(y, dtype="float64")
    keep = np.isfinite(xs) & np.isfinite(ys)
    if not keep.all():
        xs, ys = xs[keep], ys[keep]
    pick = fit_sample(xs.size, seed)
    if pick is not None:
        xs, ys = xs[pick], ys[pick]
    # The fit depends on the sample alone, so the sample is the cache key.
    key = (hashlib.blake2b(xs.tobytes() + b"|" + ys.tobytes(), digest_size=16).digest(), seed)
    with _FITS_LOCK:
        pending = _FITS.get(key)
        if pending is None:
            mine: Future[tuple[float, float, float, float, int] | None] = Future()
            _FITS[key] = mine
            while len(_FITS) > _FITS_KEPT:
                _FITS.pop(next(iter(_FITS)))
    if pending is not None:
        return pending.result()
    try:
        fit = _theil_sen(xs, ys)
    except BaseException as err:  # never leave a waiting thread hanging
        with _FITS_LOCK:
            _FITS.pop(key, None)
        mine.set_exception(err)
        raise
    mine.set_result(fit)
    return fit


def platform_groups(annotated: pd.DataFrame) -> tuple[npt.NDArray[np.int32], list[str]]:
    """Each account's platform as a code, and the platforms (missing and empty: ``""``, one
    group). Computed once by a caller that fits the trends and the flags of the same accounts."""
    if "platform" not in annotated:
        return np.zeros(len(annotated), dtype=np.int32), [""]
    return distinct_codes(arrow_text(annotated["platform"]))


def _theil_sen(
    xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64]
) -> tuple[float, float, float, float, int] | None:
    n = int(xs.size)
    if n < 3 or np.unique(xs).size < 3:
        return None
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    # Every pair once: with x sorted, the pairs right of the diagonal have dx >= 0.
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    dx = np.subtract.outer(xs, xs).T
    upper &= dx != 0
    slopes = np.subtract.outer(ys, ys).T[upper] / dx[upper]
    count = slopes.size
    # Sen (1968): the interval's ranks come from the variance of Kendall's S (ties ignored).
    spread = _Z95 * math.sqrt(n * (n - 1) * (2 * n + 5) / 18.0)
    low_rank = max(math.floor((count - spread) / 2.0), 0)
    high_rank = min(math.ceil((count + spread) / 2.0), count - 1)
    middle = [(count - 1) // 2, count // 2]
    ranked = np.partition(slopes, sorted({low_rank, high_rank, *middle}))  # no full sort
    slope = float((ranked[middle[0]] + ranked[middle[1]]) / 2.0)
    intercept = float(np.median(ys - slope * xs))
    return slope, float(ranked[low_rank]), float(ranked[high_rank]), intercept, n


def trend(annotated: pd.DataFrame, group: str, mask: npt.NDArray[np.bool_]) -> Trend | None:
    """Robust log–log fit of ER on followers for the accounts in ``mask``."""
    followers = annotated["followers"].to_numpy(dtype="float64")
    er = annotated["er_pct"].to_numpy(dtype="float64")
    ok = mask & (followers > 0) & np.isfinite(followers) & (er > 0) & np.isfinite(er)
    rows = np.flatnonzero(ok)
    pick = fit_sample(rows.size)  # the sample theil_sen would take, before the logarithms
    if pick is not None:
        rows = rows[pick]
    fit = theil_sen(np.log10(followers[rows]), np.log10(er[rows]))
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


def _steps(summary: Summary, loc: Locale) -> list[str]:
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
            word = "flat"
        steps.append(
            loc.t(
                f"findings.step.{word}",
                a=a["label"],
                b=b["label"],
                a_er=loc.pct(a["median_er_pct"]),
                b_er=loc.pct(b["median_er_pct"]),
            )
        )
    return steps


def fit_trends(
    annotated: pd.DataFrame, groups: tuple[npt.NDArray[np.int32], list[str]] | None = None
) -> list[Trend]:
    """The log–log trend of all accounts (group ``"all"``, first when it can be fitted), then one
    per platform (``groups``: :func:`platform_groups` of the same accounts, when the caller has
    them). Independent of the tier summary, so it can run while that is computed."""
    trends: list[Trend] = []
    everyone = np.ones(len(annotated), dtype=bool)
    overall = trend(annotated, "all", everyone)
    if overall is not None:
        trends.append(overall)
    if "platform" in annotated:
        codes, names = platform_groups(annotated) if groups is None else groups
        for code, name in sorted(enumerate(names), key=lambda item: str(item[1])):
            if not name:
                continue
            fitted = trend(annotated, str(name), codes == code)
            if fitted is not None:
                trends.append(fitted)
    return trends


def findings(
    annotated: pd.DataFrame,
    summary: Summary,
    loc: Locale | None = None,
    trends: list[Trend] | None = None,
) -> tuple[list[Finding], list[Trend]]:
    """The findings for this data, and the per-platform trends behind the first one
    (``trends``: :func:`fit_trends` of the same accounts, when the caller has them already)."""
    loc = loc or get_locale()
    if summary.estimated:
        return [Finding(FALLS, "not_testable", loc.t("findings.estimated_untestable"), loc=loc)], []
    trends = fit_trends(annotated) if trends is None else trends
    overall = trends[0] if trends and trends[0].group == "all" else None
    out: list[Finding] = []
    medians = [
        float(m)
        for m, few in zip(summary.tiers["median_er_pct"], summary.tiers["too_few"], strict=True)
        if pd.notna(m) and not few
    ]
    rho = _spearman(medians)
    if overall is None:
        out.append(Finding(FALLS, "not_testable", loc.t("findings.too_few_trend"), loc=loc))
    else:
        verdicts = {"falls": "holds", "flat": "not_supported", "rises": "reversed"}
        sample = (
            loc.t("findings.fitted_on", n=loc.num(overall.n)) if overall.n < overall.total else ""
        )
        parts = [
            loc.t(
                "findings.slope_lower" if overall.slope < 0 else "findings.slope_higher",
                total=loc.num(overall.total),
                sample=sample,
                change=loc.pct(abs(overall.per_tenfold()), 0),
                slope=loc.num(overall.slope, 2),
                low=loc.num(overall.slope_low, 2),
                high=loc.num(overall.slope_high, 2),
            )
        ]
        by_platform = trends[1:]
        if by_platform:
            parts.append(
                loc.t(
                    "findings.by_platform",
                    list="; ".join(
                        loc.t(
                            "findings.platform_slope",
                            platform=t.group,
                            slope=loc.num(t.slope, 2),
                            low=loc.num(t.slope_low, 2),
                            high=loc.num(t.slope_high, 2),
                            direction=loc.t(f"findings.direction.{t.direction}"),
                        )
                        for t in by_platform
                    ),
                )
            )
        if rho is not None:
            parts.append(loc.t("findings.rank_correlation", rho=loc.num(rho, 2)))
        steps = _steps(summary, loc)
        if steps:
            parts.append(loc.t("findings.tier_by_tier", steps="; ".join(steps)))
        out.append(
            Finding(
                FALLS,
                verdicts[overall.direction],
                " ".join(parts),
                {
                    "slope": overall.slope,
                    "slope_ci95": [overall.slope_low, overall.slope_high],
                    "n": overall.n,
                    "spearman_tiers": rho,
                },
                loc=loc,
            )
        )
    out.append(_engage_vs_reach(summary, loc))
    return out, trends


def _engage_vs_reach(summary: Summary, loc: Locale) -> Finding:
    records = {row["tier"]: row for row in summary.tiers.to_dict("records")}
    claim = NANO_MICRO
    if "nano" not in records or "micro" not in records:
        return Finding(claim, "not_testable", loc.t("findings.no_nano_micro"), loc=loc)
    nano, micro = records["nano"], records["micro"]
    values = [
        nano["median_er_pct"],
        micro["median_er_pct"],
        nano["median_engagements"],
        micro["median_engagements"],
    ]
    if any(pd.isna(v) for v in values) or nano["too_few"] or micro["too_few"]:
        return Finding(claim, "not_testable", loc.t("findings.too_few_nano_micro"), loc=loc)
    if pd.notna(nano["er_ci95_low"]) and pd.notna(micro["er_ci95_high"]):
        engage = nano["er_ci95_low"] > micro["er_ci95_high"]  # the intervals do not overlap
    else:
        engage = nano["median_er_pct"] > micro["median_er_pct"]
    reach = micro["median_engagements"] > nano["median_engagements"]
    verdict = (
        "holds" if engage and reach else "partly_holds" if engage or reach else "does_not_hold"
    )
    per = summary.er_basis if summary.er_basis in ("views", "column") else "followers"
    sentence = loc.t(
        "findings.nano_micro_sentence",
        nano_er=loc.pct(nano["median_er_pct"]),
        per=loc.t(f"findings.per.{per}"),
        micro_er=loc.pct(micro["median_er_pct"]),
        overlap="" if engage else loc.t("findings.overlap"),
        micro_eng=loc.num(micro["median_engagements"]),
        nano_eng=loc.num(nano["median_engagements"]),
        nano=loc.t("tiers.name.nano"),
        micro=loc.t("tiers.name.micro"),
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
        loc=loc,
    )


def sensitivity(
    accounts: pd.DataFrame,
    result_rows: int,
    options: EngagementOptions,
    loc: Locale | None = None,
    annotated: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, str]:
    """The tier-based findings under every preset scheme side by side, and whether they agree.

    The robust slope is fitted on accounts, not tiers, so it cannot change with the scheme; what
    can change is the story the tier medians tell. ``annotated``: the same accounts already rated
    with ``options`` under any scheme (spares rating them again).
    """
    loc = loc or get_locale()
    schemes = [*SCHEMES.values()]
    with contextlib.suppress(InputError):  # too few accounts for quantile tiers
        schemes.append(quantile_scheme(accounts["followers"]))
    rows = []
    empty = pd.DataFrame({"reason": pd.Series([], dtype=object)})
    result = ReadResult(accounts=accounts, rejected=empty, rows_read=result_rows, duplicates=0)
    # Rate and sort once: measured rates do not depend on the scheme (estimates do).
    base = annotated if annotated is not None else annotate(accounts, schemes[0], options)
    estimated = base.attrs.get("er_basis") == "benchmark"
    shared = None if estimated else ByFollowers.of(base)
    for plain_scheme in schemes:
        scheme = loc.scheme(plain_scheme)
        annotated = annotate(accounts, scheme, options) if estimated else base
        summary = summarize(
            result, scheme, annotated=annotated, options=options, by_followers=shared
        )
        medians = [
            float(m)
            for m, few in zip(summary.tiers["median_er_pct"], summary.tiers["too_few"], strict=True)
            if pd.notna(m) and not few
        ]
        rho = _spearman(medians)
        # Fewer than two tiers with a median: falling cannot be tested (None), not "no".
        monotone = all(b < a for a, b in itertools.pairwise(medians)) if len(medians) >= 2 else None
        rows.append(
            {
                "scheme": scheme.short or scheme.title,
                "edges": " · ".join(loc.compact(e, edge=True) for e in scheme.edges),
                "tiers_with_median": len(medians),
                "rank_correlation": rho,
                "falls": monotone,
                "nano_micro": _engage_vs_reach(summary, loc).code,
            }
        )
    table = pd.DataFrame(rows)
    falls = set(table["falls"]) - {None}
    nano = set(table["nano_micro"]) - {"not_testable"}
    if not falls:
        sentence = loc.t("findings.sensitivity.none_testable")
    elif falls == {True}:
        sentence = loc.t("findings.sensitivity.all_fall")
    elif falls == {False}:
        sentence = loc.t("findings.sensitivity.none_fall")
    else:
        changes = ", ".join(table.loc[table["falls"].eq(False), "scheme"])
        sentence = loc.t("findings.sensitivity.depends", schemes=changes)
    if len(nano) == 1:
        sentence += " " + loc.t(
            "findings.sensitivity.nano_same",
            claim=loc.t("findings.claim.nano_micro"),
            verdict=loc.t(f"findings.verdict.{next(iter(nano))}"),
        )
    elif nano:
        sentence += " " + loc.t(
            "findings.sensitivity.nano_changes", claim=loc.t("findings.claim.nano_micro")
        )
    table["falls"] = [
        loc.t("findings.verdict.not_testable")
        if v is None
        else loc.t("words.yes")
        if v
        else loc.t("words.no")
        for v in table["falls"]
    ]
    table["nano_micro"] = [loc.t(f"findings.verdict.{v}") for v in table["nano_micro"]]
    return table, sentence
