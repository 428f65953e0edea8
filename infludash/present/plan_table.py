"""The planner's numbers as text: spans (``12–40``), typical figures with their range, the
per-tier table, the mix and the planner's sentences, in the analyst's language. The planner page
and the HTML report both write them here, so the report says what the page said.

Tier names arrive in the frames' ``label`` column (:func:`~infludash.present.tier_names.
with_tier_names`). Sentences take a ``quote`` for them: the page makes a name safe for Markdown,
the report escapes the whole sentence for HTML instead.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from infludash.analysis.campaign import Comparison
from infludash.present.i18n import Locale

__all__ = [
    "best_sentence",
    "comparison_sentence",
    "mix_table",
    "mix_totals_table",
    "per_tier_table",
    "span",
    "typical",
]

Quote = Callable[[str], str]


def _same(text: str) -> str:
    return text


def span(loc: Locale, low: float, high: float, fmt: str = "num") -> str:
    """``12–40`` (or one number when both ends agree) in the language's format."""
    formats: dict[str, Callable[[float], str]] = {
        "num": loc.num,
        "money": loc.money,
        "compact": loc.compact,
    }
    show = formats[fmt]
    if not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    return show(low) if show(low) == show(high) else f"{show(low)}–{show(high)}"


def per_tier_table(planned: pd.DataFrame, loc: Locale, best: str | None) -> pd.DataFrame:
    """All of the budget in each tier, one row per tier, the best one starred."""
    rows = []
    for r in planned.to_dict("records"):
        rows.append(
            {
                loc.t("table.tier"): ("★ " if r["tier"] == best else "") + str(r["label"]),
                loc.t("planner.col.accounts"): loc.num(r["accounts"]),
                loc.t("planner.col.posts"): span(loc, r["posts_low"], r["posts_high"]),
                loc.t("planner.col.reach_both"): typical(
                    loc, r["reach_mid"], r["reach_low"], r["reach_high"]
                ),
                loc.t("planner.col.eng_both"): typical(
                    loc, r["eng_mid"], r["eng_low"], r["eng_high"]
                ),
                loc.t("planner.col.cpe"): _costspan(loc, r["cpe_low"], r["cpe_high"]),
                loc.t("planner.col.cpm"): _costspan(loc, r["cpm_low"], r["cpm_high"]),
            }
        )
    return pd.DataFrame(rows)


def _typicals(loc: Locale, frame: pd.DataFrame, name: str) -> list[str]:
    columns = (frame[f"{name}_{bound}"] for bound in ("mid", "low", "high"))
    return [typical(loc, m, lo, hi) for m, lo, hi in zip(*columns, strict=True)]


def mix_table(mix: pd.DataFrame, loc: Locale) -> pd.DataFrame:
    """The mix tier by tier: each share of the budget and what it buys."""
    posts = zip(mix["posts_low"], mix["posts_high"], strict=True)
    return pd.DataFrame(
        {
            loc.t("table.tier"): mix["label"].astype(str).to_numpy(),
            loc.t("planner.share"): [loc.share(s) for s in mix["share"]],
            loc.t("planner.col.posts"): [span(loc, lo, hi) for lo, hi in posts],
            loc.t("planner.col.reach_both"): _typicals(loc, mix, "reach"),
            loc.t("planner.col.eng_both"): _typicals(loc, mix, "eng"),
        }
    )


def mix_totals_table(totals: dict[str, float], loc: Locale) -> pd.DataFrame:
    """The mix's totals in one row, the figures the page shows as metrics."""
    return pd.DataFrame(
        {
            loc.t("planner.col.posts"): [span(loc, totals["posts_low"], totals["posts_high"])],
            loc.t("planner.col.reach_both"): [
                typical(loc, totals["reach_mid"], totals["reach_low"], totals["reach_high"])
            ],
            loc.t("planner.col.eng_both"): [
                typical(loc, totals["eng_mid"], totals["eng_low"], totals["eng_high"])
            ],
            loc.t("planner.cpe_mid"): [loc.money(totals["cpe_mid"], 2)],
            loc.t("planner.cpm_mid"): [loc.money(totals["cpm_mid"], 2)],
        }
    )


def best_sentence(
    planned: pd.DataFrame, best: str | None, objective: str, loc: Locale, quote: Quote = _same
) -> str:
    """Which tier serves the objective at the lowest typical cost, or that the budget buys no
    post at the middle price anywhere."""
    if best is None:
        return loc.t("planner.no_best")
    row = planned[planned["tier"] == best].iloc[0]
    cost = row["cpm_mid"] if objective == "reach" else row["cpe_mid"]
    return loc.t(
        f"planner.best_{objective}", tier=quote(str(row["label"])), cost=loc.money(float(cost), 2)
    )


def comparison_sentence(
    comparison: Comparison, labels: dict[str, str], loc: Locale, quote: Quote = _same
) -> str:
    """ "One Mega post costs as much as 489 Nano posts…", ``labels`` naming the tier keys."""
    numbers = comparison.numbers
    return loc.t(
        "planner.comparison",
        dear=quote(labels[comparison.dear]),
        cheap=quote(labels[comparison.cheap]),
        posts=loc.num(numbers["posts"]),
        price=loc.money(numbers["expensive_price"]),
        cheap_reach=loc.compact(numbers["cheap_reach"]),
        cheap_eng=loc.compact(numbers["cheap_eng"]),
        dear_reach=loc.compact(numbers["expensive_reach"]),
        dear_eng=loc.compact(numbers["expensive_eng"]),
    )


def typical(loc: Locale, mid: float, low: float, high: float) -> str:
    """``577k (76.1k–3.88M)``: the typical figure, then its range."""
    return f"{loc.compact(mid)} ({span(loc, low, high, 'compact')})"


def _costspan(loc: Locale, low: float, high: float) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    decimals = 2 if high < 10 else 0
    return f"{loc.money(low, decimals)}–{loc.money(high, decimals)}"
