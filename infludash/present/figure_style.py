"""Shared chart styling: the font, and neutral ink that reads on light and dark themes alike.

Tier colours come from :mod:`infludash.present.palette`; this module holds the neutral colours
(medians,
guide lines, annotations). The app follows the viewer's light or dark theme, and the server does
not reliably know which one the browser shows on the first run, so the neutral colours are
chosen to read on both: a mid grey for text and guides, and a near-black median mark with a
white outline (the outline carries it on a dark background, the fill on a light one).
"""

from __future__ import annotations

__all__ = ["FONT", "GUIDE", "HALO", "STRONG", "TEXT"]

FONT = dict(family="Source Sans Pro, sans-serif", size=13)
STRONG = "#1F1F1F"  # medians, intervals, fit lines
HALO = "#FFFFFF"  # outline around strong marks
TEXT = "#8A8A8A"  # annotations such as n = …
GUIDE = "#8A8A8A"  # tier-edge lines, box outlines
