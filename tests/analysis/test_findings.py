"""Findings: the robust slope recovers a planted power law, and verdicts follow the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import theilslopes

from infludash.analysis.analysis import Analysis
from infludash.analysis.findings import sensitivity
from infludash.analysis.fits import MAX_FIT_POINTS, theil_sen
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions, annotate
from infludash.present.findings_text import finding_text, sensitivity_text
from infludash.present.i18n import get_locale
from infludash.read.reader import ReadResult, read_accounts
from tests.fixtures import SAMPLE

EN = get_locale("en")


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
    result = ReadResult(
        accounts=frame, rejected=pd.DataFrame({"reason": []}), rows_read=1_500, duplicates=0
    )
    analysis = Analysis(result)
    claims = [finding_text(f, analysis.scheme, EN) for f in analysis.findings]
    trends = analysis.trends
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


def _sensitivity(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    options = EngagementOptions()
    return sensitivity_text(sensitivity(annotate(frame, options=options), options), EN)


def test_sensitivity_lists_every_scheme_and_says_whether_the_story_changes() -> None:
    result = read_accounts(SAMPLE)
    table, sentence = _sensitivity(result.accounts)
    assert len(table) == len(SCHEMES) + 1  # every published scheme and quantile tiers
    assert (table["falls"] == "yes").all()
    assert sentence.startswith("Under every scheme")
    # flat engagement: the story is not the same everywhere, and the sentence says so
    frame = _power_law(2_000, 0.0, seed=9)
    table, sentence = _sensitivity(frame)
    assert "yes" not in set(table["falls"]) or "depends" in sentence


def test_sensitivity_with_too_few_accounts_says_it_cannot_be_tested() -> None:
    """Nine accounts leave no tier with a median: "not testable", never "no scheme falls"."""
    frame = _power_law(9, -0.3, seed=4)
    table, sentence = _sensitivity(frame)
    assert set(table["falls"]) == {"not testable"}
    assert sentence.startswith("No scheme leaves two tiers with enough accounts")


def test_sensitivity_does_not_depend_on_the_scheme_the_accounts_were_rated_under() -> None:
    """Every preset is compared, whichever scheme is on screen: measured rates are sorted by
    followers once, and each scheme's tiers are slices of that order."""
    accounts = read_accounts(SAMPLE).accounts
    options = EngagementOptions()
    stories = [
        sensitivity(annotate(accounts, scheme, options), options) for scheme in SCHEMES.values()
    ]
    assert all(story == stories[0] for story in stories[1:])
    assert [s.scheme.name for s in stories[0]][: len(SCHEMES)] == list(SCHEMES)


def test_sensitivity_with_estimates_rates_the_accounts_again_under_each_scheme() -> None:
    """Benchmark estimates depend on the tier, so they are not one sort for every scheme."""
    accounts = read_accounts(SAMPLE).accounts
    options = EngagementOptions(basis="benchmark")
    rated = annotate(accounts, options=options)
    with pytest.raises(ValueError, match="accounts as read"):
        sensitivity(rated, options)
    stories = sensitivity(rated, options, accounts)
    assert {s.falls for s in stories} <= {True, False, None}
    assert len(stories) >= len(SCHEMES)
