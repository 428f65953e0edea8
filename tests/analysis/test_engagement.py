"""Engagement rate: the interactions present, divided by followers; never a fake 0 or infinity."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from infludash.read.rates import engagement_rate_pct, engagements_per_post, interaction_columns

NAN = math.nan


def _one(followers: float, **interactions: float) -> tuple[float, float]:
    frame = pd.DataFrame({"followers": [followers], **{k: [v] for k, v in interactions.items()}})
    engagements = engagements_per_post(frame)
    return float(engagements[0]), float(engagement_rate_pct(engagements, frame["followers"])[0])


@pytest.mark.parametrize(
    ("followers", "interactions", "engagements", "rate"),
    [
        (1_000, dict(avg_likes=50), 50, 5.0),
        (1_000, dict(avg_likes=50, avg_comments=5), 55, 5.5),
        (2_000, dict(avg_likes=50, avg_comments=5, avg_shares=3, avg_saves=2), 60, 3.0),
        (200, dict(avg_comments=1), 1, 0.5),
        (1_000, dict(avg_likes=50, avg_comments=NAN), 50, 5.0),
        (1_000, dict(avg_likes=NAN, avg_comments=4, avg_saves=NAN), 4, 0.4),
        (1_000, dict(avg_likes=0, avg_comments=0), 0, 0.0),
        (10_000_000, dict(avg_likes=123_456, avg_comments=789), 124_245, 1.24245),
        (1_000, dict(avg_likes=50, avg_views=100_000), 50, 5.0),  # views are not interactions
        (1_000, dict(avg_likes=50, engagement_rate=99.0), 50, 5.0),  # a file's ER is not used
    ],
)
def test_engagement_rate_formula(
    followers: float, interactions: dict[str, float], engagements: float, rate: float
) -> None:
    got_engagements, got_rate = _one(followers, **interactions)
    assert got_engagements == engagements
    assert got_rate == pytest.approx(rate, rel=1e-12)


@pytest.mark.parametrize(
    ("followers", "interactions"),
    [
        (0, dict(avg_likes=50, avg_comments=5)),
        (-10, dict(avg_likes=50)),
        (NAN, dict(avg_likes=50)),
        (1_000, dict(avg_likes=NAN, avg_comments=NAN)),
    ],
)
def test_no_rate_without_followers_or_interactions(
    followers: float, interactions: dict[str, float]
) -> None:
    _, rate = _one(followers, **interactions)
    assert math.isnan(rate)


def test_missing_cell_counts_as_not_reported_per_account() -> None:
    frame = pd.DataFrame(
        {
            "followers": [1_000, 1_000, 1_000, 0],
            "avg_likes": [40, NAN, NAN, 40],
            "avg_comments": [10, 10, NAN, 10],
            "avg_shares": [NAN, NAN, NAN, NAN],
        }
    )
    engagements = engagements_per_post(frame)
    rate = engagement_rate_pct(engagements, frame["followers"])
    np.testing.assert_array_equal(engagements, [50, 10, NAN, 50])
    np.testing.assert_allclose(rate, [5.0, 1.0, NAN, NAN])


def test_interaction_columns_present_and_not_empty() -> None:
    frame = pd.DataFrame(
        {
            "followers": [1, 2],
            "avg_saves": [1.0, NAN],
            "avg_likes": [NAN, 2.0],
            "avg_shares": [NAN, NAN],
            "avg_views": [5.0, 6.0],
        }
    )
    assert interaction_columns(frame) == ["avg_likes", "avg_saves"]


def test_no_interaction_columns_gives_all_nan() -> None:
    frame = pd.DataFrame({"followers": [100.0, 200.0], "avg_views": [10.0, 20.0]})
    engagements = engagements_per_post(frame)
    assert engagements.shape == (2,)
    assert np.isnan(engagements).all()
    assert np.isnan(engagement_rate_pct(engagements, frame["followers"])).all()


def test_empty_frame() -> None:
    frame = pd.DataFrame(
        {"followers": pd.Series([], dtype="float64"), "avg_likes": pd.Series([], dtype="float64")}
    )
    assert engagements_per_post(frame).shape == (0,)
    assert engagement_rate_pct([], []).shape == (0,)
