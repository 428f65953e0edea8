"""The missing-value option in words: the report's filter lines and the widgets' labels."""

from __future__ import annotations

import pytest

from infludash.analysis.filters import MISSING, Filters
from infludash.present.choice_names import choice_name
from infludash.present.i18n import get_locale
from infludash.present.report import describe_filters


@pytest.mark.parametrize(
    ("lang", "line"),
    [("en", "Category: Food, (missing)"), ("de", "Kategorie: Food, (fehlt)")],
)
def test_the_report_names_the_missing_option_in_words(lang: str, line: str) -> None:
    loc = get_locale(lang)
    assert describe_filters(Filters(category=("Food", MISSING)), loc) == [line]
    assert choice_name("Food", loc) == "Food"  # a file's own text stays as it is
