"""Shared chart styling: the font, and ink colours that stay readable on light and dark themes.

Tier colours come from :mod:`infludash.palette`; this module holds the neutral colours (text,
medians, guide lines), which must flip with the theme: a near-black median diamond vanishes on
Streamlit's dark background.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FONT", "Ink"]

FONT = dict(family="Source Sans Pro, sans-serif", size=13)


@dataclass(frozen=True)
class Ink:
    """Neutral colours for one theme."""

    strong: str  # medians, fit lines
    text: str  # annotations such as n = …
    muted: str  # guide lines, box outlines
    paper: str  # bar outlines that separate neighbours

    @classmethod
    def for_theme(cls, dark: bool) -> Ink:
        if dark:
            return cls(strong="#F5F5F5", text="#E0E0E0", muted="#9E9E9E", paper="#0E1117")
        return cls(strong="#111111", text="#333333", muted="#555555", paper="#FFFFFF")
