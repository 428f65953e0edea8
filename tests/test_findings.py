"""Findings: the robust slope recovers a planted power law, and verdicts follow the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import theilslopes

from infludash.analysis.findings import MAX_FIT_POINTS, findings, theil_sen
from infludash.analysis.summary import annotate, summarize
from infludash.read.reader import ReadResult


def _power_law(n: int, slope: float, seed: int, outliers: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    followers = np.floor(10 ** rng.uniform(2, 7, n))
    er = 10 ** (1.0 + slope * np.log10(followers) + rng.normal(0, 0.15, n))
    bad = rng.random(n) < outliers
    er[bad] *= 50  # bought likes, viral posts: the fit must not follow them
    likes = np.round(er / 100 * followers, 3)
    platform = np.where(rng.random(n) < 0.5, "Instagram", "TikTok")
    return pd.DataFrame({"followers": followers, "avg_likes": likes, "platform": platform})


@pytest.mark.parametrize("slope", [-0.4, -0.15, 0.0, 0.2])
def test_slope_is_recovered_with_an_interval_that_covers_it(slope: float) -> None:
    frame = _power_law(1_500, slope, seed=3, outliers=0.05)
    annotated = annotate(frame)
    result = ReadResult(
        accounts=frame, rejected=pd.DataFrame({"reason": []}), rows_read=1_500, duplicates=0
    )
    claims, trends = findings(annotated, summarize(result, annotated=annotated))
    overall = trends[0]
    assert overall.slope == pytest.approx(slope, abs=0.03)
    assert overall.slope_low <= slope <= overall.slope_high
    expected = "holds" if slope < -0.05 else "reversed" if slope > 0.05 else "not supported"
    assert claims[0].verdict == expected
    assert {t.group for t in trends[1:]} == {"Instagram", "TikTok"}


def test_theil_sen_matches_scipy_on_small_data() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 5, 300)
    y = -0.3 * x + rng.normal(0, 0.2, 300)
    slope, low, high, _, n = theil_sen(x, y)  # type: ignore[misc]
    ref = theilslopes(y, x, alpha=0.95)
    assert n == 300
    assert slope == pytest.approx(ref.slope, abs=1e-9)
    assert low == pytest.approx(ref.low_slope, abs=2e-3)
    assert high == pytest.approx(ref.high_slope, abs=2e-3)


def test_fit_cost_is_bounded() -> None:
    x = np.arange(50_000, dtype="float64")
    fit = theil_sen(x, 2 * x + 1)
    assert fit is not None
    assert fit[0] == pytest.approx(2.0)
    assert fit[4] == MAX_FIT_POINTS


def test_too_little_data_is_not_testable() -> None:
    assert theil_sen([1.0, 1.0, 2.0], [1.0, 2.0, 3.0]) is None


def test_sensitivity_lists_every_scheme_and_says_whether_the_story_changes() -> None:
    from infludash.analysis.findings import sensitivity
    from infludash.analysis.summary import EngagementOptions
    from infludash.read.reader import read_accounts
    from tests.fixtures import SAMPLE

    result = read_accounts(SAMPLE)
    table, sentence = sensitivity(result.accounts, result.rows_read, EngagementOptions())
    assert len(table) == 5  # four published schemes and quantile tiers
    assert (table["falls"] == "yes").all()
    assert sentence.startswith("Under every scheme")
    # flat engagement: the story is not the same everywhere, and the sentence says so
    frame = _power_law(2_000, 0.0, seed=9)
    table, sentence = sensitivity(frame, 2_000, EngagementOptions())
    assert "yes" not in set(table["falls"]) or "depends" in sentence


def test_sensitivity_with_too_few_accounts_says_it_cannot_be_tested() -> None:
    """Nine accounts leave no tier with a median: "not testable", never "no scheme falls"."""
    from infludash.analysis.findings import sensitivity
    from infludash.analysis.summary import EngagementOptions

    frame = _power_law(9, -0.3, seed=4)
    table, sentence = sensitivity(frame, 9, EngagementOptions())
    assert set(table["falls"]) == {"not testable"}
    assert sentence.startswith("No scheme leaves two tiers with enough accounts")


def test_sensitivity_with_rated_accounts_equals_rating_them_again() -> None:
    from infludash.analysis.findings import sensitivity
    from infludash.analysis.summary import EngagementOptions, annotate
    from infludash.read.reader import read_accounts
    from tests.fixtures import SAMPLE

    result = read_accounts(SAMPLE)
    options = EngagementOptions()
    alone, said = sensitivity(result.accounts, result.rows_read, options)
    rated = annotate(result.accounts, options=options)
    shared, again = sensitivity(result.accounts, result.rows_read, options, annotated=rated)
    pd.testing.assert_frame_equal(alone, shared)
    assert said == again
