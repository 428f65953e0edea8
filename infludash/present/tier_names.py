"""Tier names beside tier keys: the analysis speaks of tiers by key, a reader by name."""

from __future__ import annotations

import pandas as pd

from infludash.analysis.tiers import TierScheme

__all__ = ["with_tier_names"]


def with_tier_names(frame: pd.DataFrame, scheme: TierScheme) -> pd.DataFrame:
    """``frame`` (one row per tier, keys in its ``tier`` column) with each tier's name in
    ``scheme``'s language as ``label``, right after the key."""
    names = dict(zip(scheme.keys, scheme.labels, strict=True))
    out = frame.copy()
    out.insert(list(out.columns).index("tier") + 1, "label", out["tier"].astype(str).map(names))
    return out
