"""The floor: the least work that answers the question, for ``bench/run.py`` to compare against.

A bare ``pyarrow.csv.read_csv`` of a clean file, ``np.searchsorted`` tiers on the standard edges
and per-tier median followers and engagement rate. No validation, no duplicates, no number
formats: nothing an analyst could trust on a real export, which is why it is a floor.

    python bench/floor.py FILE
"""

from __future__ import annotations

import json
import sys

import numpy as np
import pyarrow.csv as pv

EDGES = np.array([100, 10_000, 100_000, 1_000_000])
LABELS = ["below Nano", "Nano", "Micro", "Macro", "Mega"]


def main() -> None:
    table = pv.read_csv(sys.argv[1])
    followers = table.column("followers").to_numpy().astype(np.float64)
    engagements = table.column("avg_likes").to_numpy().astype(np.float64) + table.column(
        "avg_comments"
    ).to_numpy().astype(np.float64)
    tier = np.searchsorted(EDGES, followers, side="right")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(followers > 0, engagements / followers * 100, np.nan)
    out = []
    for index, label in enumerate(LABELS):
        in_tier = tier == index
        out.append(
            {
                "tier": label,
                "accounts": int(in_tier.sum()),
                "median_followers": float(np.median(followers[in_tier])) if in_tier.any() else None,
                "median_er_pct": float(np.nanmedian(rate[in_tier])) if in_tier.any() else None,
            }
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
