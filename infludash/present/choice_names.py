"""The words for a pickable value: the analysis speaks of a missing value by a code, a reader by
the catalogue's word; every other value is the file's own text."""

from __future__ import annotations

from infludash.analysis.filters import MISSING
from infludash.present.i18n import Locale

__all__ = ["choice_name"]


def choice_name(value: str, loc: Locale) -> str:
    """``value`` as the analyst reads it: ``(missing)`` / ``(fehlt)`` for :data:`MISSING`."""
    return loc.t("filters.missing") if value == MISSING else value
