"""The one analysis: every part computed once and kept, the same numbers as computing each part
by hand, fits shared between the trends and the flags, and nothing kept outside the object."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import infludash.analysis.analysis as analysis_module
from infludash.analysis.aggregates import chart_inputs
from infludash.analysis.analysis import FLAGS_KEPT, Analysis, Spec
from infludash.analysis.anomalies import flag_anomalies
from infludash.analysis.filters import Filters, filter_mask
from infludash.analysis.findings import findings
from infludash.analysis.planner import tier_yields
from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.analysis.summary import EngagementOptions, annotate, summarize
from infludash.analysis.trends import fit_trends
from infludash.present.export import account_export
from infludash.present.i18n import get_locale
from infludash.present.summary_json import to_json
from infludash.read.reader import ReadResult, read_accounts
from tests.fixtures import SAMPLE

PARTS = (
    "annotate",
    "summarize",
    "chart_inputs",
    "platform_groups",
    "fit_trends",
    "flag_anomalies",
    "findings",
    "sensitivity",
    "tier_yields",
    "platforms_of",
)


@pytest.fixture(scope="module")
def sample() -> ReadResult:
    return read_accounts(SAMPLE)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the analysis called each function that computes one of its parts."""
    counted = dict.fromkeys(PARTS, 0)
    for name in PARTS:
        original: Callable[..., Any] = getattr(analysis_module, name)

        def wrapper(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            counted[_name] += 1
            return _original(*args, **kw)

        monkeypatch.setattr(analysis_module, name, wrapper)
    return counted


def _everything(analysis: Analysis) -> None:
    analysis.summary, analysis.charts, analysis.trends, analysis.findings  # noqa: B018
    analysis.sensitivity, analysis.yields, analysis.platforms  # noqa: B018
    analysis.flags(3.5)


def test_each_part_is_computed_once(sample: ReadResult, calls: dict[str, int]) -> None:
    analysis = Analysis(sample, Spec(SCHEMES["five_tier"]))
    assert sum(calls.values()) == 0  # nothing before it is asked for
    _everything(analysis)
    _everything(analysis)
    assert calls == dict.fromkeys(PARTS, 1)


def test_a_filter_change_rates_nobody_again(sample: ReadResult, calls: dict[str, int]) -> None:
    analysis = Analysis(sample)
    analysis.summary  # noqa: B018
    tiktok = analysis.narrowed(Filters(platform=("TikTok",)))
    assert tiktok.everyone is analysis.everyone
    assert tiktok.summary.accounts < analysis.summary.accounts
    assert calls["annotate"] == 1
    assert calls["summarize"] == 2


def test_the_numbers_are_those_of_each_part_computed_by_hand(sample: ReadResult) -> None:
    scheme, options = SCHEMES["hypeauditor"], EngagementOptions(min_accounts=3)
    filters = Filters(platform=("Instagram", "TikTok"), followers_min=2_000.0)
    analysis = Analysis(sample, Spec(scheme, options, filters))
    everyone = annotate(sample.accounts, scheme, options)
    shown = everyone.where(filter_mask(everyone.frame, filters))
    summary = summarize(sample, annotated=shown, options=options)
    assert to_json(analysis.summary) == to_json(summary)
    assert analysis.shown == len(shown) < analysis.total == len(sample.accounts)
    pd.testing.assert_frame_equal(analysis.rows(), shown.frame)
    trends = fit_trends(shown.frame)
    assert analysis.trends == trends
    assert analysis.findings == findings(summary.tiers, summary.er_basis, trends)
    flagged = flag_anomalies(shown.frame, 2.0)
    flags = analysis.flags(2.0)
    np.testing.assert_array_equal(flags.z, flagged["anomaly_z"].to_numpy(dtype="float64"))
    assert flags.code.tolist() == flagged["anomaly"].astype(str).tolist()
    expected = chart_inputs(shown.frame, scheme)
    pd.testing.assert_frame_equal(analysis.charts.bins, expected.bins)
    assert analysis.charts.rates == expected.rates
    assert analysis.charts.platforms == ("Instagram", "TikTok")
    pd.testing.assert_frame_equal(analysis.yields, tier_yields(shown))


def test_rows_are_whole_rows_of_the_accounts_that_pass(sample: ReadResult) -> None:
    analysis = Analysis(sample, Spec(filters=Filters(platform=("YouTube",))))
    rows = analysis.rows(np.array([0, 2]))
    assert set(rows["platform"]) == {"YouTube"}
    assert "handle" in rows
    assert "handle" not in analysis.numbers.frame
    assert rows["handle"].tolist() == analysis.rows()["handle"].iloc[[0, 2]].tolist()


def test_the_trends_and_the_flags_share_their_fits(sample: ReadResult) -> None:
    analysis = Analysis(sample)
    analysis.trends  # noqa: B018
    fitted = analysis.fits.computed
    assert fitted >= 2  # all accounts, and the platforms
    analysis.flags(3.5)
    analysis.flags(2.0)  # another limit: the same fits
    assert analysis.fits.computed == fitted
    # Another analysis keeps its own fits: nothing is shared through the process.
    again = Analysis(sample)
    again.trends  # noqa: B018
    assert again.fits.computed == fitted


def test_estimates_have_no_trend(sample: ReadResult, calls: dict[str, int]) -> None:
    analysis = Analysis(sample, Spec(options=EngagementOptions(basis="benchmark")))
    assert analysis.trends == []
    assert calls["fit_trends"] == 0
    assert next(f.verdict.value for f in analysis.findings) == "not_testable"


def test_only_the_last_flag_limits_are_kept(sample: ReadResult, calls: dict[str, int]) -> None:
    analysis = Analysis(sample)
    limits = [1.0 + i for i in range(FLAGS_KEPT + 1)]
    for z in limits:
        analysis.flags(z)
    analysis.flags(limits[-1])
    assert calls["flag_anomalies"] == len(limits)
    analysis.flags(limits[0])  # dropped: computed again
    assert calls["flag_anomalies"] == len(limits) + 1


def test_two_threads_asking_for_a_part_compute_it_once(
    sample: ReadResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        computed.append(1)
        time.sleep(0.2)
        return summarize(*args, **kwargs)

    monkeypatch.setattr(analysis_module, "summarize", slow)
    analysis = Analysis(sample)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(analysis.summary)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(computed) == 1
    assert got[0] is got[1]


def test_a_part_that_failed_is_computed_again(
    sample: ReadResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = [RuntimeError("disk full")]

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return summarize(*args, **kwargs)

    monkeypatch.setattr(analysis_module, "summarize", flaky)
    analysis = Analysis(sample)
    with pytest.raises(RuntimeError, match="disk full"):
        analysis.summary  # noqa: B018
    assert analysis.summary.accounts == len(sample.accounts)


def test_the_spec_is_a_cache_key() -> None:
    """Equal settings give equal, hashable specs; any setting that changes a number changes it."""
    base = Spec(SCHEMES["later"], EngagementOptions(), Filters(), "sample")
    same = Spec(SCHEMES["later"], EngagementOptions(), Filters(), "sample")
    assert base == same
    assert hash(base) == hash(same)
    others = [
        Spec(SCHEMES["article"], EngagementOptions(), Filters(), "sample"),
        Spec(SCHEMES["later"], EngagementOptions(min_accounts=3), Filters(), "sample"),
        Spec(SCHEMES["later"], EngagementOptions(), Filters(handle="a"), "sample"),
        Spec(SCHEMES["later"], EngagementOptions(), Filters(), "upload"),
    ]
    assert all(other != base for other in others)
    assert others[2].unfiltered == base


def test_the_analysis_speaks_of_tiers_by_key_and_present_names_them(sample: ReadResult) -> None:
    """Tier names are words: the numbers are the same in every language, and the export names
    the tiers in the reader's."""
    german = get_locale("de")
    plain = Analysis(sample)
    named = Analysis(sample, Spec(german.scheme(DEFAULT_SCHEME)))
    assert list(plain.everyone.frame["tier"].cat.categories) == list(DEFAULT_SCHEME.keys)
    pd.testing.assert_frame_equal(plain.summary.tiers, named.summary.tiers)
    assert "label" not in plain.summary.tiers
    assert "label" not in plain.yields
    exported = account_export(named.rows(), named.scheme, german, basis=named.everyone.basis)
    shown = exported["tier"].dropna()
    assert set(shown) <= set(named.scheme.labels)
    assert shown.tolist() == [named.scheme.labels[i] for i in named.everyone.frame["tier_index"]]


def test_the_report_is_written_from_the_analysis_on_screen(
    sample: ReadResult, calls: dict[str, int]
) -> None:
    """The report button hands the screen's analysis to the report: nothing is computed again."""
    from infludash.ui.report_button import _report_bytes

    english = get_locale("en")
    analysis = Analysis(
        sample, Spec(english.scheme(DEFAULT_SCHEME), filters=Filters(platform=("TikTok",)))
    )
    _everything(analysis)
    before = dict(calls)
    page = _report_bytes(analysis, english, False).decode("utf-8")
    assert calls == before
    assert (
        english.t(
            "filters.count", shown=english.num(analysis.shown), total=english.num(analysis.total)
        )
        in page
    )
