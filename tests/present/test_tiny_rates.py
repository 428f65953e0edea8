"""Rates too small to show are ``<0.01%`` (``< 0,01 %``), never ``0%``, on every display path;
an exact 0 stays 0, and exports keep the numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.present.export import account_export
from infludash.present.figure_box import engagement_box
from infludash.present.figure_scatter import er_scatter
from infludash.present.i18n import get_locale
from infludash.present.report import build_report
from infludash.present.summary_table import localized_table
from infludash.present.text_table import render_table
from infludash.read.reader import read_accounts
from infludash.ui.account_table import for_screen
from tests.fixtures import csv_bytes

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("lang", "value", "decimals", "shown"),
    [
        ("en", 0.0, 2, "0.00%"),
        ("en", 0.004, 2, "<0.01%"),
        ("en", 1e-9, 2, "<0.01%"),
        ("en", 0.005, 2, "0.01%"),
        ("en", 3.456, 2, "3.46%"),
        ("en", 0.04, 1, "<0.1%"),
        ("en", 0.3, 0, "<1%"),
        ("de", 0.0, 2, f"0,00{NNBSP}%"),
        ("de", 0.004, 2, f"<{NNBSP}0,01{NNBSP}%"),
        ("de", 3.456, 2, f"3,46{NNBSP}%"),
        ("de", 0.04, 1, f"<{NNBSP}0,1{NNBSP}%"),
    ],
)
def test_pct_never_shows_a_rate_as_zero(lang: str, value: float, decimals: int, shown: str) -> None:
    assert get_locale(lang).pct(value, decimals) == shown


def test_a_tiny_share_is_not_zero_either() -> None:
    assert get_locale("en").share(1e-6) == "<0.1%"
    assert get_locale("en").share(0.0) == "0.0%"


@pytest.fixture(scope="module")
def tiny():  # type: ignore[no-untyped-def]
    """Thirty Mega accounts with ten likes each: rates of about 0.0005%."""
    rows = [(f"a{i}", 1_000_000 + 50_000 * i, 10) for i in range(30)]
    result = read_accounts(csv_bytes(("handle", "followers", "likes"), rows), "tiny.csv")
    analysis = Analysis(result)
    return result, analysis.everyone.frame, analysis.summary


@pytest.mark.parametrize(("lang", "small"), [("en", "<0.01%"), ("de", f"<{NNBSP}0,01{NNBSP}%")])
def test_tier_table_in_both_languages(tiny, lang: str, small: str) -> None:  # type: ignore[no-untyped-def]
    _, _, summary = tiny
    table = localized_table(summary, get_locale(lang))
    mega = table.iloc[-1]
    assert mega.iloc[5] == small  # the median rate
    assert mega.iloc[6].endswith(small)  # the interval's high end
    assert mega.iloc[6].startswith(small.removesuffix(f"{NNBSP}%").removesuffix("%"))


def test_cli_table(tiny) -> None:  # type: ignore[no-untyped-def]
    _, _, summary = tiny
    text = render_table(summary)
    assert "<0.01%" in text
    assert "0.00%" not in text


def test_report_and_charts(tiny) -> None:  # type: ignore[no-untyped-def]
    result, annotated, summary = tiny
    german = get_locale("de")
    page = build_report(Analysis(result, Spec(german.scheme(DEFAULT_SCHEME))), german)
    assert "&lt;\u202f0,01\u202f%" in page or "<\u202f0,01\u202f%" in page
    assert "0,00\u202f%" not in page
    box = engagement_box(annotated, summary)
    hovers = " ".join(str(t.hovertext) for t in box.data if t.hovertext is not None)
    assert "<0.01%" in hovers
    trends = Analysis(result).trends
    scatter = er_scatter(annotated, DEFAULT_SCHEME, trends)
    marks = [t for t in scatter.data if isinstance(t, go.Scattergl)]
    assert sum(len(t.x) for t in marks) == 30
    assert all("&lt;0.01%" in t.hovertemplate for t in marks if len(t.x))
    assert all("%{y:.2f}" not in t.hovertemplate for t in marks if len(t.x))


@pytest.mark.parametrize(("lang", "small"), [("en", "<0.01%"), ("de", f"<{NNBSP}0,01{NNBSP}%")])
def test_account_tables_on_screen_say_below_the_precision(tiny, lang: str, small: str) -> None:  # type: ignore[no-untyped-def]
    _, annotated, _ = tiny
    table = account_export(annotated, DEFAULT_SCHEME, basis="followers")
    shown = for_screen(table, get_locale(lang))  # text in the language: no precision to pick
    assert set(shown["er_pct"]) == {small}


@pytest.mark.parametrize(
    ("lang", "shown"), [("en", ["3.40%", "0.00%", "–"]), ("de", ["3,40 %", "0,00 %", "–"])]
)
def test_an_exact_zero_stays_zero_on_screen(lang: str, shown: list[str]) -> None:
    table = for_screen(pd.DataFrame({"er_pct": [3.4, 0.0, np.nan]}), get_locale(lang))
    assert table["er_pct"].tolist() == [s.replace(" ", NNBSP) for s in shown]


def test_exports_keep_numbers(tiny) -> None:  # type: ignore[no-untyped-def]
    _, annotated, _ = tiny
    exported = account_export(annotated, DEFAULT_SCHEME, basis="followers")
    assert exported["er_pct"].dtype == "float64"
    assert 0 < exported["er_pct"].min() < 0.005
