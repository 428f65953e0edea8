"""What the analysis says, as codes: notes on how engagement was measured or estimated, and why
a tier scheme, an engagement basis, a rate card or a budget cannot be used.

Each member's value is its catalogue key, its parameters the values every note of it fills (see
:class:`~infludash.base.notes.Code`); ``n`` of a plural family picks its form.
"""

from __future__ import annotations

from infludash.base.notes import Code, Note

__all__ = [
    "AnalysisError",
    "EngagementNote",
    "PlannerError",
    "Statistic",
    "Table",
    "TierError",
    "Wording",
]


class Statistic(Code):
    """A benchmark's statistic in words (``median``; ``Median`` in German)."""

    MEDIAN = "words.statistic.median"
    MEAN = "words.statistic.mean"


class Wording(Code):
    """What a benchmark's rate is divided by, in words (``followers``; ``Follower``)."""

    FOLLOWERS = "words.per.followers"
    VIEWS = "words.per.views"


class EngagementNote(Code):
    """How the engagement rates on screen were made (the summary's ``er_notes``)."""

    BASIS_VIEWS = "notes.basis_views"
    BASIS_COLUMN = "notes.basis_column"
    BASIS_BENCHMARK = "notes.basis_benchmark"
    NO_BENCHMARK = "notes.no_benchmark"
    ESTIMATED_FROM = (
        "notes.estimated_from",
        {"platform": str, "source": str, "year": str, "statistic": Note, "formula": Note},
    )
    EXTRAPOLATED = "notes.extrapolated", {"tiers": str}
    UNKNOWN_PLATFORM = "notes.unknown_platform", {"n": int, "platforms": str}
    HIDDEN_LIKES = "notes.hidden_likes", {"n": int}
    MISSING_VIEWS = "notes.missing_views", {"n": int}
    MISSING_COLUMN = "notes.missing_column", {"n": int}
    FLOOR = "notes.floor", {"n": int, "floor": int}
    DISAGREE = "notes.disagree", {"n": int, "factor": float}


class TierError(Code):
    """Why a tier scheme cannot be made."""

    QUANTILE_TOO_FEW = "errors.tiers.quantile_too_few", {"n": int}
    QUANTILE_NO_FOLLOWERS = "errors.tiers.quantile_no_followers"
    QUANTILE_NEEDS_DATA = "errors.tiers.quantile_needs_data"
    TIERS_EMPTY = "errors.tiers.tiers_empty"
    UNKNOWN_TIERS = "errors.tiers.unknown_tiers", {"name": str, "schemes": str}
    UNKNOWN_SCHEME = "errors.tiers.unknown_scheme", {"name": str, "schemes": str}
    NO_EDGES = "errors.tiers.no_edges"
    EDGES_TOO_SMALL = "errors.tiers.edges_too_small"
    EDGES_NOT_ASCENDING = "errors.tiers.edges_not_ascending"
    NOT_A_COUNT = "errors.tiers.not_a_count", {"part": str}


class Table(Code):
    """A reference table shipped with InfluDash, named in its errors."""

    RATE_CARDS = "errors.analysis.table.rate_cards"
    BENCHMARKS = "errors.analysis.table.benchmarks"


class AnalysisError(Code):
    """Why an engagement basis or a reference table cannot be used."""

    UNKNOWN_BASIS = "errors.analysis.unknown_basis", {"basis": str, "bases": str}
    BASIS_NEEDS_INTERACTIONS = "errors.analysis.basis_needs_interactions", {"basis": str}
    BASIS_NEEDS_VIEWS = "errors.analysis.basis_needs_views", {"basis": str}
    BASIS_NEEDS_RATE = "errors.analysis.basis_needs_rate", {"basis": str}
    NO_ESTIMATES = "errors.analysis.no_estimates"
    #: ``table``: which reference table (a note of a :class:`Table`).
    TABLE_UNREADABLE = "errors.analysis.table_unreadable", {"table": Note, "reason": str}
    TABLE_LACKS = "errors.analysis.table_lacks", {"table": Note, "columns": str}
    TABLE_EMPTY = "errors.analysis.table_empty", {"table": Note}
    TABLE_ROW_WITHOUT = "errors.analysis.table_row_without", {"table": Note, "column": str}
    TABLE_NOT_A_NUMBER = "errors.analysis.table_not_a_number", {"table": Note, "column": str}
    TABLE_UNKNOWN_VALUE = (
        "errors.analysis.table_unknown_value",
        {"table": Note, "column": str, "value": str, "known": str},
    )


class PlannerError(Code):
    """Why a budget plan cannot be made."""

    PRICES_INVALID = "errors.planner.prices_invalid"
    BANDS_INVALID = "errors.planner.bands_invalid"
    UNKNOWN_REACH_BASIS = "errors.planner.unknown_reach_basis", {"basis": str}
    REACH_NEEDS = "errors.planner.reach_needs", {"basis": str, "column": str}
    BUDGET_NOT_A_NUMBER = "errors.planner.budget_not_a_number", {"budget": str}
    BUDGET_INVALID = "errors.planner.budget_invalid"
    SHARES_UNKNOWN = "errors.planner.shares_unknown", {"tiers": str}
    SHARES_INVALID = "errors.planner.shares_invalid"
    SHARES_ZERO = "errors.planner.shares_zero"
    TIER_PRICES_INVALID = "errors.planner.tier_prices_invalid", {"tier": str}
    UNKNOWN_TIER = "errors.planner.unknown_tier", {"tier": str}
    UNKNOWN_OBJECTIVE = "errors.planner.unknown_objective", {"objective": str}
    # An analyst's rate-card file (``analysis/price_edits.py``); ``line`` counts the header as 1.
    CARD_TOO_LARGE = "errors.planner.card_too_large", {"limit": int}
    CARD_UNREADABLE = "errors.planner.card_unreadable"
    CARD_LACKS = "errors.planner.card_lacks", {"columns": str}
    CARD_EMPTY = "errors.planner.card_empty"
    CARD_UNKNOWN_TIER = "errors.planner.card_unknown_tier", {"line": int, "tier": str, "known": str}
    CARD_TIER_TWICE = "errors.planner.card_tier_twice", {"line": int, "tier": str}
    CARD_CURRENCY = (
        "errors.planner.card_currency",
        {"line": int, "currency": str, "expected": str},
    )
    CARD_NOT_A_NUMBER = "errors.planner.card_not_a_number", {"line": int, "column": str}
    CARD_NOT_POSITIVE = "errors.planner.card_not_positive", {"line": int, "column": str}
    CARD_LOW_ABOVE_HIGH = "errors.planner.card_low_above_high", {"line": int, "tier": str}
