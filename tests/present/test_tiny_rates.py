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
from infludash.ui.account_table import column_config, percent_as_fraction, rate_step
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


def test_sortable_tables_get_the_precision_to_show_a_tiny_rate(tiny) -> None:  # type: ignore[no-untyped-def]
    _, annotated, _ = tiny
    table = percent_as_fraction(account_export(annotated, DEFAULT_SCHEME, basis="followers"))
    step = rate_step(table)
    assert step is not None
    smallest = float(table["er_pct"].min()) * 100  # percent, about 0.00034
    decimals = round(-np.log10(step)) - 2  # Streamlit shows the percent with step's digits - 2
    assert int(smallest * 10**decimals) > 0  # cut to those digits, still not zero
    config = column_config(get_locale(), estimated=False, top=1.0, table=table)
    assert config["er_pct"]["type_config"]["step"] == step


@pytest.mark.parametrize("rates", [[3.4, 0.02, 120.0], [0.0, 2.0], [np.nan, 1.0]])
def test_no_extra_precision_when_nothing_rounds_to_zero(rates: list[float]) -> None:
    assert rate_step(percent_as_fraction(pd.DataFrame({"er_pct": rates}))) is None


def test_exports_keep_numbers(tiny) -> None:  # type: ignore[no-untyped-def]
    _, annotated, _ = tiny
    exported = account_export(annotated, DEFAULT_SCHEME, basis="followers")
    assert exported["er_pct"].dtype == "float64"
    assert 0 < exported["er_pct"].min() < 0.005
