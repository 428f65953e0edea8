"""The planner's numbers as text: spans (``12–40``), typical figures with their range, and the
per-tier table, in the analyst's language."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from infludash.present.i18n import Locale


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
    rows = []
    for r in planned.to_dict("records"):
        rows.append(
            {
                loc.t("table.tier"): ("★ " if r["tier"] == best else "") + str(r["label"]),
                loc.t("planner.col.accounts"): loc.num(r["accounts"]),
                loc.t("planner.col.posts"): span(loc, r["posts_low"], r["posts_high"]),
                loc.t("planner.col.reach_both"): _typical(
                    loc, r["reach_mid"], r["reach_low"], r["reach_high"]
                ),
                loc.t("planner.col.eng_both"): _typical(
                    loc, r["eng_mid"], r["eng_low"], r["eng_high"]
                ),
                loc.t("planner.col.cpe"): _costspan(loc, r["cpe_low"], r["cpe_high"]),
                loc.t("planner.col.cpm"): _costspan(loc, r["cpm_low"], r["cpm_high"]),
            }
        )
    return pd.DataFrame(rows)


def _typical(loc: Locale, mid: float, low: float, high: float) -> str:
    """``577k (76.1k–3.88M)``: the typical figure, then its range."""
    return f"{loc.compact(mid)} ({span(loc, low, high, 'compact')})"


def _costspan(loc: Locale, low: float, high: float) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return "–"
    decimals = 2 if high < 10 else 0
    return f"{loc.money(low, decimals)}–{loc.money(high, decimals)}"
