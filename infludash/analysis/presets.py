"""The published tier schemes, by name, and how a name or ``--tiers`` text finds a scheme.

A preset is a :class:`~infludash.analysis.tiers.TierScheme` value added to :data:`SCHEMES`; its
words in ``present/locales/*.toml`` under ``[schemes]`` (``title`` with ``{edges}``, ``short``,
``source``) are what every screen shows. The English words here are what a scheme says before a
language is applied; ``tests/present/test_i18n.py`` holds them equal to the English catalogue.
"""

from __future__ import annotations

import numpy.typing as npt

from infludash.analysis.codes import TierError
from infludash.analysis.tiers import (
    QUANTILE,
    TierScheme,
    compact_number,
    quantile_scheme,
    scheme_from_text,
)
from infludash.base.errors import InputError
from infludash.base.notes import Note

__all__ = ["DEFAULT_SCHEME", "SCHEMES", "SCHEME_ALIASES", "get_scheme", "listed", "resolve_tiers"]

_ARTICLE = TierScheme(
    name="article",
    title="Standard: 100 · 10k · 100k · 1M",
    short="Standard (Nano to Mega)",
    edges=(100.0, 10_000.0, 100_000.0, 1_000_000.0),
    keys=("below_nano", "nano", "micro", "macro", "mega"),
    labels=("below Nano", "Nano", "Micro", "Macro", "Mega"),
    source="The four-tier split used across the influencer-marketing trade press.",
)

_FIVE_TIER = TierScheme(
    name="five_tier",
    title="Mediakix five tiers: 1k · 10k · 50k · 500k · 1M",
    short="Mediakix (with Mid-tier)",
    edges=(1_000.0, 10_000.0, 50_000.0, 500_000.0, 1_000_000.0),
    keys=("below_nano", "nano", "micro", "mid", "macro", "mega"),
    labels=("below Nano", "Nano", "Micro", "Mid-tier", "Macro", "Mega"),
    source="Mediakix's five tiers with a Mid-tier (also used by Influencer Marketing Hub).",
)

_HYPEAUDITOR = TierScheme(
    name="hypeauditor",
    title="HypeAuditor: 1k · 5k · 20k · 100k · 1M",
    short="HypeAuditor (with Mid-tier)",
    edges=(1_000.0, 5_000.0, 20_000.0, 100_000.0, 1_000_000.0),
    keys=("below_nano", "nano", "micro", "mid", "macro", "mega"),
    labels=("below Nano", "Nano", "Micro", "Mid-tier", "Macro", "Mega"),
    source="HypeAuditor's tiers in its State of Influencer Marketing reports.",
)

_LATER = TierScheme(
    name="later",
    title="Later: 10k · 100k · 500k · 1M",
    short="Later (Nano under 10k)",
    edges=(10_000.0, 100_000.0, 500_000.0, 1_000_000.0),
    keys=("nano", "micro", "mid", "macro", "mega"),
    labels=("Nano", "Micro", "Mid-tier", "Macro", "Mega"),
    source="Later's tiers: everything under 10k is Nano.",
)

SCHEMES: dict[str, TierScheme] = {s.name: s for s in (_ARTICLE, _FIVE_TIER, _HYPEAUDITOR, _LATER)}
#: Other names analysts use for the same schemes (the app calls the default "Standard").
SCHEME_ALIASES: dict[str, str] = {
    "standard": "article",
    "default": "article",
    "five": "five_tier",
    "mediakix": "five_tier",
}


def resolve_tiers(spec: str, followers: npt.ArrayLike | None = None) -> TierScheme:
    """``--tiers``: a scheme name, ``quantile`` (needs the data) or edges like ``1k,10k,100k``."""
    text = spec.strip()
    if not text:
        raise InputError(Note(TierError.TIERS_EMPTY))
    if text.casefold() == QUANTILE:
        if followers is None:
            raise InputError(Note(TierError.QUANTILE_NEEDS_DATA))
        return quantile_scheme(followers)
    if any(ch.isdigit() for ch in text):
        return scheme_from_text(text)
    if text.casefold() not in SCHEMES and text.casefold() not in SCHEME_ALIASES:
        raise InputError(  # --tiers also takes quantile, which get_scheme's list leaves out
            Note(TierError.UNKNOWN_TIERS, name=repr(text), schemes=", ".join(sorted(SCHEMES)))
        )
    return get_scheme(text)


DEFAULT_SCHEME: TierScheme = _ARTICLE


def get_scheme(name: str) -> TierScheme:
    """Look up a named scheme, with an error that lists the valid names."""
    try:
        return SCHEMES[SCHEME_ALIASES.get(name.casefold(), name.casefold())]
    except KeyError:
        raise InputError(
            Note(TierError.UNKNOWN_SCHEME, name=repr(name), schemes=", ".join(sorted(SCHEMES)))
        ) from None


def listed() -> str:
    """Every preset by name with its edges (``article (100/10k/100k/1M)``), for help texts."""
    return ", ".join(
        f"{s.name} ({'/'.join(compact_number(e) for e in s.edges)})" for s in SCHEMES.values()
    )
