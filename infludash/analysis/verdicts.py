"""The codes of the findings: which claim, what the data says about it, and why a claim cannot be
tested. Their words are in the catalogues (``findings.claim.<claim>``,
``findings.verdict.<verdict>``, and the key each :class:`Untestable` names), said in
:mod:`infludash.present.findings_text`."""

from __future__ import annotations

from enum import Enum

__all__ = ["Claim", "Untestable", "Verdict"]


class Claim(Enum):
    """A claim of the trade press, tested on the analyst's data."""

    ER_FALLS = "er_falls"  # engagement rate falls as followers rise
    NANO_MICRO = "nano_micro"  # nano influencers engage more, micro influencers reach more


class Verdict(Enum):
    """What the data says about a claim."""

    HOLDS = "holds"
    PARTLY_HOLDS = "partly_holds"
    NOT_SUPPORTED = "not_supported"
    REVERSED = "reversed"
    DOES_NOT_HOLD = "does_not_hold"
    NOT_TESTABLE = "not_testable"


class Untestable(Enum):
    """Why a claim cannot be tested on this data (the value is the catalogue key)."""

    ESTIMATED = "findings.estimated_untestable"  # benchmark estimates are not measurements
    TOO_FEW_TREND = "findings.too_few_trend"
    NO_NANO_MICRO = "findings.no_nano_micro"  # the scheme has no nano and micro tiers
    TOO_FEW_NANO_MICRO = "findings.too_few_nano_micro"
