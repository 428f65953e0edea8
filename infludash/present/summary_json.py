"""The documented ``summarize --json`` shape of a :class:`~infludash.analysis.summary.Summary`:
plain JSON values (no NaN, no numpy scalars), keys that may be added to but are never renamed."""

from __future__ import annotations

from typing import Any

import numpy as np

from infludash.analysis.summary import Summary

__all__ = ["clean", "to_json"]


def clean(value: Any) -> Any:
    """JSON-safe scalar: NaN/inf become None, numpy scalars become Python numbers."""
    if value is None:
        return None
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if not np.isfinite(f):
            return None
        return round(f, 6)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _edge(value: Any) -> int | float | None:
    """Follower bounds print as whole numbers (``10000``), not ``10000.0``."""
    cleaned = clean(value)
    if isinstance(cleaned, float) and cleaned.is_integer():
        return int(cleaned)
    return cleaned


def to_json(summary: Summary) -> dict[str, Any]:
    """The documented ``summarize --json`` shape (keys may be added, never renamed)."""
    tiers = []
    labels = summary.scheme.labels
    for i, row in enumerate(summary.tiers.to_dict("records")):
        low, high = row["er_ci95_low"], row["er_ci95_high"]
        tiers.append(
            {
                "tier": row["tier"],
                "label": labels[i],
                "min_followers": _edge(row["min_followers"]),
                "max_followers": _edge(row["max_followers"]),
                "accounts": int(row["accounts"]),
                "share": clean(row["share"]),
                "median_followers": clean(row["median_followers"]),
                "median_er_pct": clean(row["median_er_pct"]),
                "er_ci95_pct": [clean(low), clean(high)]
                if low is not None and high is not None and np.isfinite(low)
                else None,
                "er_n": int(row["er_n"]),
                "too_few": bool(row["too_few"]),
                "median_engagements": clean(row["median_engagements"]),
                "total_reach": clean(row["total_reach"]),
            }
        )
    return {
        "rows_read": summary.rows_read,
        "accounts": summary.accounts,
        "rejected": summary.rejected,
        "duplicates": summary.duplicates,
        "er_basis": summary.er_basis,
        "er_notes": list(summary.er_notes),
        "min_accounts": summary.min_accounts,
        "scheme": {"name": summary.scheme.name, "edges": [_edge(e) for e in summary.scheme.edges]},
        "median_er_pct": clean(summary.median_er_pct),
        "total_reach": clean(summary.total_reach),
        "median_followers": clean(summary.median_followers),
        "rejected_reasons": dict(summary.rejected_reasons),
        "possible_duplicates": summary.possible_duplicates,
        "warnings": list(summary.warnings),
        "tiers": tiers,
    }
