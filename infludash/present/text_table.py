"""The per-tier summary as the command line prints it without ``--json``: an aligned plain-text
table under a one-line account of the rows, with the notes on the engagement basis below.

The command line speaks English; percentages are written the way the app writes them, without
thousands separators.
"""

from __future__ import annotations

import math

from infludash.analysis.summary import Summary
from infludash.analysis.tiers import compact_number
from infludash.present.i18n import get_locale
from infludash.present.wording import counted

__all__ = ["render_table"]

_ENGLISH = get_locale("en")


def _fmt(value: float | None, kind: str) -> str:
    """A table cell; percentages as the app writes them (``<0.01%`` for a rate too small to
    show, never ``0.00%``), without thousands separators as before."""
    if value is None or math.isnan(value):
        return "–"
    if kind == "pct":
        return _ENGLISH.pct(float(value)).replace(",", "")
    if kind == "share":
        return _ENGLISH.share(float(value))
    return compact_number(float(value), edge=False)


def render_table(summary: Summary) -> str:
    """The readable per-tier table printed without ``--json``."""
    head = [
        "tier",
        "range",
        "accounts",
        "share",
        "median followers",
        "median ER (estimated)" if summary.estimated else "median ER",
        "95% CI",
        "median eng./post",
        "reach",
    ]
    lines = [head]
    for i, row in enumerate(summary.tiers.to_dict("records")):
        ci = (
            f"{_ENGLISH.pct_number(row['er_ci95_low']).replace(',', '')}–"
            f"{_fmt(row['er_ci95_high'], 'pct')}"
            if row["er_ci95_low"] is not None and not math.isnan(row["er_ci95_low"])
            else "–"
        )
        lines.append(
            [
                summary.scheme.labels[i],
                summary.scheme.describe(i),
                f"{int(row['accounts']):,}",
                _fmt(row["share"], "share"),
                _fmt(row["median_followers"], "num"),
                "too few" if row["too_few"] and row["er_n"] else _fmt(row["median_er_pct"], "pct"),
                ci,
                _fmt(row["median_engagements"], "num"),
                _fmt(row["total_reach"], "num"),
            ]
        )
    widths = [max(len(r[c]) for r in lines) for c in range(len(head))]
    body = [
        "  ".join(
            cell.ljust(w) if c < 2 else cell.rjust(w)
            for c, (cell, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in lines
    ]
    header = (
        f"{counted(summary.rows_read, 'row')} read: {counted(summary.accounts, 'account')}, "
        f"{summary.rejected:,} rejected, {counted(summary.duplicates, 'duplicate')}. "
        f"Scheme: {summary.scheme.title}. Engagement basis: {summary.er_basis}."
    )
    notes = [f"note: {_ENGLISH.say(note)}" for note in summary.er_notes]
    if any(summary.tiers["too_few"] & (summary.tiers["er_n"] > 0)):
        notes.append(
            f"note: 'too few' marks tiers with fewer than {summary.min_accounts} accounts with an "
            "engagement rate (--min-accounts)"
        )
    return "\n".join([header, "", *body, *(["", *notes] if notes else [])])
