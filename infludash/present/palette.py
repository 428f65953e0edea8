"""Tier colours: one colour per tier, used by every chart and table.

Colours follow the tier's key, so "Micro" looks the same in every view and scheme; tiers of custom
schemes take colours in order. The hues are from the Okabe–Ito palette, which stays distinguishable
for the common forms of colour blindness; "below" tiers are grey because they sit outside
the scheme.
"""

from __future__ import annotations

from infludash.analysis.tiers import TierScheme

__all__ = ["BELOW_COLOR", "KEY_COLORS", "tier_colors"]

BELOW_COLOR = "#9AA0A6"
KEY_COLORS: dict[str, str] = {
    "below_nano": BELOW_COLOR,
    "below": BELOW_COLOR,
    "nano": "#56B4E9",
    "micro": "#009E73",
    "mid": "#0072B2",
    "macro": "#E69F00",
    "mega": "#D55E00",
}
# Custom tiers take the standard order first (Nano, Micro, Macro, Mega), so 1M+ looks the same.
_CYCLE = ("#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#0072B2", "#F0E442", "#000000")


def tier_colors(scheme: TierScheme) -> list[str]:
    """Colour per tier of ``scheme``, in tier order."""
    offset = 1 if scheme.keys[0].startswith("below") else 0  # a grey "below" tier comes first
    return [
        KEY_COLORS.get(key) or _CYCLE[(i - offset) % len(_CYCLE)]
        for i, key in enumerate(scheme.keys)
    ]
