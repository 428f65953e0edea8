"""The filters in force in words, one line each (the report and the downloads' settings sheet)."""

from __future__ import annotations

from collections.abc import Sequence

from infludash.analysis.filters import CHOICE_COLUMNS, Filters
from infludash.present.choice_names import choice_name
from infludash.present.i18n import Locale

__all__ = ["describe_filters"]


def describe_filters(filters: Filters, loc: Locale) -> list[str]:
    """One line per filter in force, e.g. ``Platform: Instagram, TikTok`` (user text unescaped;
    the caller escapes for its medium)."""
    lines = []
    for column in CHOICE_COLUMNS:
        values: Sequence[str] = getattr(filters, column)
        if values:
            names = ", ".join(choice_name(v, loc) for v in values)
            lines.append(f"{loc.t(f'filters.{column}')}: {names}")
    ranges = (
        ("filters.followers", filters.followers_min, filters.followers_max, loc.compact),
        ("filters.er", filters.er_min, filters.er_max, lambda v: loc.pct(v, 1)),
    )
    for key, low, high, fmt in ranges:
        if low is None and high is None:
            continue
        if high is None:
            span = loc.t("report.at_least", low=fmt(low))
        elif low is None:
            span = loc.t("report.under", high=fmt(high))
        else:
            span = loc.t("report.between", low=fmt(low), high=fmt(high))
        lines.append(f"{loc.t(key)}: {span}")
    if filters.handle.strip():
        lines.append(f"{loc.t('filters.handle')}: {filters.handle.strip()}")
    return lines
