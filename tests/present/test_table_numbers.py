"""The account tables' numbers as text in the app's language, whatever the browser's locale:
the vectorised writing equals Locale.num / Locale.pct cell by cell."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from infludash.present.i18n import get_locale
from infludash.present.table_numbers import (
    SHOWN,
    column_texts,
    number_texts,
    one_text,
    percent_texts,
    table_numbers,
)

NNBSP = "\u202f"
NAN = math.nan


@pytest.mark.parametrize(
    ("column", "value", "en", "de"),
    [
        ("vs_tier_median", 1.85, "1.9×", "1,9×"),
        ("vs_tier_median", 1.0, "1.0×", "1,0×"),
        ("vs_tier_median", 0.04, "0.0×", "0,0×"),
        ("vs_tier_median", 12.5, "12.5×", "12,5×"),
        ("vs_tier_median", 1234.56, "1,234.6×", "1.234,6×"),
        ("vs_tier_median", NAN, "–", "–"),
        ("anomaly_z", -3.2, "-3.2", "-3,2"),
        ("anomaly_z", 3.96, "4.0", "4,0"),
        ("anomaly_z", -0.04, "0.0", "0,0"),  # no minus on a zero
        ("anomaly_z", 0.0, "0.0", "0,0"),
        ("anomaly_z", -12345.67, "-12,345.7", "-12.345,7"),
        ("anomaly_z", math.inf, "–", "–"),
        ("followers", 12_345, "12,345", "12.345"),
        ("followers", 999, "999", "999"),
        ("followers", 1_000, "1,000", "1.000"),
        ("followers", 0, "0", "0"),
        ("followers", 8_999_999_999, "8,999,999,999", "8.999.999.999"),
        ("followers", NAN, "–", "–"),
        ("avg_likes", 1234.0, "1,234", "1.234"),
        ("avg_likes", 12.5, "12.5", "12,5"),
        ("avg_likes", 12.345, "12.35", "12,35"),  # 12.345 is 12.34500000000000064 in binary
        ("avg_likes", 0.004, "0", "0"),
        ("engagements", 1_234_567.891, "1,234,567.89", "1.234.567,89"),
        ("er_pct", 3.456, "3.46%", f"3,46{NNBSP}%"),
        ("er_pct", 0.0, "0.00%", f"0,00{NNBSP}%"),
        ("er_pct", 0.0004, "<0.01%", f"<{NNBSP}0,01{NNBSP}%"),
        ("er_pct", 1234.5, "1,234.50%", f"1.234,50{NNBSP}%"),
        ("reported_er_pct", NAN, "–", "–"),
    ],
)
def test_a_cell_reads_in_the_apps_language(column: str, value: float, en: str, de: str) -> None:
    for lang, shown in (("en", en), ("de", de)):
        assert column_texts([value], get_locale(lang), SHOWN[column]).tolist() == [shown]


def _values() -> np.ndarray:
    rng = np.random.default_rng(15)
    spread = rng.lognormal(2, 4, 20_000) * rng.choice([-1.0, 1.0], 20_000)
    near = np.round(rng.normal(0, 5, 5_000), 3)  # ties at the shown places, and their neighbours
    edges = [0.005, 0.015, 1.005, 2.675, 0.125, 2.5, -0.05, 999.95, 999.995, 9.995, -0.0]
    giants = [4.5e13, 1e15, 9.2e18, 1e22, -3e20]
    return np.concatenate([spread, near, edges, giants, [NAN, math.inf, -math.inf, 0.0]])


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize(
    ("decimals", "trim", "suffix"), [(0, False, ""), (1, False, "×"), (2, True, ""), (3, False, "")]
)
def test_numbers_equal_locale_num_on_every_value(
    lang: str, decimals: int, trim: bool, suffix: str
) -> None:
    loc = get_locale(lang)
    values = _values()
    got = number_texts(values, loc, decimals, trim=trim, suffix=suffix).tolist()
    want = [one_text(float(v), loc, decimals, trim, suffix) for v in values]
    assert got == want
    if not trim and not suffix:
        assert want == [loc.num(float(v), decimals) for v in values]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_percents_equal_locale_pct_on_every_value(lang: str) -> None:
    loc = get_locale(lang)
    values = _values() / 1_000
    assert percent_texts(values, loc).tolist() == [loc.pct(float(v)) for v in values]


def test_a_table_gets_text_numbers_and_keeps_its_other_columns() -> None:
    table = pd.DataFrame(
        {
            "row": [2, 3],
            "handle": ["a", "b"],
            "followers": pd.array([12_345, None], dtype="Int64"),
            "er_pct": [3.456, NAN],
            "vs_tier_median": [1.85, NAN],
            "anomaly_z": [-3.2, 0.5],
            "possible_duplicate": [True, False],
        },
        index=[7, 9],  # a page's rows keep their labels
    )
    german = table_numbers(table, get_locale("de"))
    assert german["followers"].tolist() == ["12.345", "–"]
    assert german["er_pct"].tolist() == [f"3,46{NNBSP}%", "–"]
    assert german["vs_tier_median"].tolist() == ["1,9×", "–"]
    assert german["anomaly_z"].tolist() == ["-3,2", "0,5"]
    assert german.index.tolist() == [7, 9]
    assert german["row"].tolist() == [2, 3]  # the file's row number stays a number
    assert german["possible_duplicate"].tolist() == [True, False]
    assert table["followers"].dtype == "Int64"  # the input is not changed
    english = table_numbers(table, get_locale("en"))
    assert english["followers"].tolist() == ["12,345", "–"]
    assert english["vs_tier_median"].tolist() == ["1.9×", "–"]


def test_an_empty_page() -> None:
    empty = pd.DataFrame({"followers": pd.array([], dtype="Int64"), "er_pct": []})
    assert table_numbers(empty, get_locale("de")).empty
