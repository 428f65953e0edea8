"""Benchmarks beside the engagement chart: only those computed like the chart's rates, and a
caveat, in the analyst's language, for every one that differs."""

from __future__ import annotations

import pytest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.overlay import OverlayCaveat, benchmark_bases, benchmark_overlay
from infludash.analysis.summary import EngagementOptions
from infludash.present.i18n import get_locale
from infludash.present.overlay_text import bases_text, caveat_text
from infludash.read.reader import read_accounts
from tests.fixtures import SAMPLE


def _overlay(basis: str, wanted: bool = True):  # type: ignore[no-untyped-def]
    analysis = Analysis(read_accounts(SAMPLE), Spec(options=EngagementOptions(basis=basis)))
    return benchmark_overlay(analysis.charts.platforms, analysis.summary, wanted)


def test_per_follower_rates_get_per_follower_benchmarks_and_a_caveat_for_the_rest() -> None:
    overlay, caveats = _overlay("followers")
    assert overlay is not None
    assert sorted(overlay) == ["Instagram", "TikTok"]
    codes = {(c.code, c.values["platform"]) for c in caveats}
    assert codes == {
        (OverlayCaveat.STATISTIC, "Instagram"),  # a mean beside medians
        (OverlayCaveat.OTHER_FORMULA, "YouTube"),  # per view: left out
    }
    english = [caveat_text(c, get_locale("en")) for c in caveats]
    assert any("YouTube" in t and "divides by followers" in t for t in english)
    german = [caveat_text(c, get_locale("de")) for c in caveats]
    assert any("Mittelwert" in t for t in german)


def test_per_view_rates_keep_only_per_view_benchmarks() -> None:
    overlay, caveats = _overlay("views")
    assert overlay is not None
    assert list(overlay) == ["YouTube"]
    assert {c.code for c in caveats} == {OverlayCaveat.OTHER_FORMULA}


@pytest.mark.parametrize(("basis", "wanted"), [("benchmark", True), ("followers", False)])
def test_no_overlay_for_estimates_or_when_not_asked(basis: str, wanted: bool) -> None:
    assert _overlay(basis, wanted) == (None, [])


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("followers", {"Instagram": "followers", "TikTok": "followers", "YouTube": "views"}),
        ("views", {"Instagram": "followers", "TikTok": "followers", "YouTube": "views"}),
        ("benchmark", {"Instagram": "followers", "TikTok": "followers", "YouTube": "views"}),
    ],
)
def test_each_platform_says_what_its_benchmark_divides_by(
    basis: str, expected: dict[str, str]
) -> None:
    analysis = Analysis(read_accounts(SAMPLE), Spec(options=EngagementOptions(basis=basis)))
    marks = benchmark_bases(analysis.charts.platforms, analysis.summary)
    assert {m.platform: m.formula for m in marks} == expected
    assert [m.platform for m in marks] == sorted(expected)  # in the fixed platform order


def test_only_the_platforms_in_the_data_are_named() -> None:
    analysis = Analysis(read_accounts(SAMPLE), Spec())
    marks = benchmark_bases(("YouTube",), analysis.summary)
    assert [(m.platform, m.formula, m.statistic) for m in marks] == [("YouTube", "views", "median")]
    assert benchmark_bases((), analysis.summary) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Published benchmarks for these platforms divide by: YouTube: views (median, "),
        ("de", "Die veröffentlichten Benchmarks dieser Plattformen teilen durch: YouTube: Aufrufe"),
    ],
)
def test_the_benchmark_bases_in_words(lang: str, expected: str) -> None:
    analysis = Analysis(read_accounts(SAMPLE), Spec())
    text = bases_text(benchmark_bases(("YouTube",), analysis.summary), get_locale(lang))
    assert text.startswith(expected)
    assert bases_text([], get_locale(lang)) == ""
