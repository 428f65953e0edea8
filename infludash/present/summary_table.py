"""The per-tier summary as analysts read it: a table with readable ranges (numbers kept numeric for
the screen), one written in a language (the app, the report, the download), and where every row
went ("6 rows read = 3 kept + 2 rejected + 1 duplicate")."""

from __future__ import annotations

import pandas as pd

from infludash.analysis.summary import Summary
from infludash.present.i18n import Locale, get_locale
from infludash.read.reader import ReadResult

__all__ = ["DISPLAY_COLUMNS", "display_table", "localized_table", "row_equation", "summary_export"]


#: Columns of :func:`display_table`; their headings are ``table.<id>`` in the catalogue.
DISPLAY_COLUMNS: tuple[str, ...] = (
    "tier",
    "range",
    "accounts",
    "share",
    "median_followers",
    "median_er",
    "ci",
    "er_n",
    "median_eng",
    "reach",
)


def display_table(summary: Summary, loc: Locale | None = None) -> pd.DataFrame:
    """The per-tier table as analysts read it: one row per tier, readable ranges, numbers kept
    numeric (the UI formats them), the interval as text because it is a pair. Columns are the
    stable ids of :data:`DISPLAY_COLUMNS`; headings come from the catalogue where it is shown."""
    loc = loc or get_locale()
    tiers = summary.tiers
    too_few = tiers["too_few"].to_numpy(dtype=bool) & (tiers["er_n"].to_numpy() > 0)
    ci = []
    for lo, hi, n, few in zip(
        tiers["er_ci95_low"], tiers["er_ci95_high"], tiers["er_n"], too_few, strict=True
    ):
        if few:
            ci.append(loc.t("table.ci_too_few"))
        elif pd.notna(lo) and pd.notna(hi):
            ci.append(f"{loc.pct_number(lo)}–{loc.pct(hi)}")
        elif summary.estimated and n:
            ci.append(loc.t("table.ci_estimate"))
        else:
            ci.append(loc.t("table.ci_small") if n else "–")
    median_er = tiers["median_er_pct"].astype("float64").mask(too_few)
    return pd.DataFrame(
        {
            "tier": list(summary.scheme.labels),
            "range": [loc.tier_range(summary.scheme, i) for i in range(len(tiers))],
            "accounts": tiers["accounts"].astype("int64"),
            "share": tiers["share"].astype("float64"),
            "median_followers": tiers["median_followers"].astype("float64"),
            "median_er": median_er,
            "ci": ci,
            "er_n": tiers["er_n"].astype("int64"),
            "median_eng": tiers["median_engagements"].astype("float64"),
            "reach": tiers["total_reach"].astype("float64"),
        }
    )


def localized_table(summary: Summary, loc: Locale | None = None) -> pd.DataFrame:
    """The per-tier table with headings and every number written in ``loc``'s language (the
    app's table, the report and the tier-summary download)."""
    loc = loc or get_locale()
    table = display_table(summary, loc)
    return pd.DataFrame(
        {
            loc.t("table.tier"): table["tier"],
            loc.t("table.range"): table["range"],
            loc.t("table.accounts"): [loc.num(v) for v in table["accounts"]],
            loc.t("table.share"): [loc.share(v) for v in table["share"]],
            loc.t("table.median_followers"): [loc.num(v) for v in table["median_followers"]],
            loc.t("table.median_er_estimated" if summary.estimated else "table.median_er"): [
                loc.pct(v) for v in table["median_er"]
            ],
            loc.t("table.ci"): table["ci"],
            loc.t("table.er_n"): [loc.num(v) for v in table["er_n"]],
            loc.t("table.median_eng"): [loc.num(v) for v in table["median_eng"]],
            loc.t("table.reach"): [loc.num(v) for v in table["reach"]],
        }
    )


def summary_export(
    summary: Summary, loc: Locale | None = None, *, units: bool = True
) -> pd.DataFrame:
    """The per-tier table for a spreadsheet: headings in ``loc``'s language, numbers as numbers
    (share as a fraction, rates in percent), the interval as text. ``units``: the headings say
    them (a CSV has no number formats to show that 0.08 is a share and 3.4 a percentage)."""
    loc = loc or get_locale()
    table = display_table(summary, loc).round(
        {"share": 4, "median_followers": 1, "median_er": 3, "median_eng": 1, "reach": 0}
    )
    headings = {column: loc.t(f"table.{column}") for column in DISPLAY_COLUMNS}
    if summary.estimated:
        headings["median_er"] = loc.t("table.median_er_estimated")
    if units:
        headings["share"] = loc.t("table.share_fraction")
        headings["median_er"] = loc.t(
            "table.median_er_estimated_pct" if summary.estimated else "table.median_er_pct"
        )
    return table.rename(columns=headings)


def row_equation(result: ReadResult, loc: Locale | None = None) -> str:
    """ "6 rows read = 3 kept + 2 rejected + 1 duplicate": where every row went, in ``loc``'s
    language (the Data quality page and the report say it the same way)."""
    loc = loc or get_locale()
    return loc.n(
        "quality.equation",
        result.duplicates,
        rows=loc.num(result.rows_read),
        kept=loc.num(len(result.accounts)),
        rejected=loc.num(len(result.rejected)),
    )
