"""The sidebar filters as one mask: half-open ranges, picks, handle search, missing rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.annotated import Annotated
from infludash.analysis.filters import (
    ER_STEPS,
    FOLLOWER_STEPS,
    MISSING,
    Filters,
    choices,
    filter_mask,
)
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.tiers import assign_tiers

ACCOUNTS = pd.DataFrame(
    {
        "handle": ["Anna_Kocht", "bob", "CARLA", "dan", None],
        "platform": ["Instagram", "TikTok", "Instagram", "YouTube", "TikTok"],
        "category": ["Food", "Travel", pd.NA, "Food", "Food"],
        "followers": [999.0, 1_000.0, 10_000.0, 250_000.0, 5.0],
        "er_pct": [5.0, np.nan, 2.0, 0.5, 20.0],
    }
)


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        (Filters(), [0, 1, 2, 3, 4]),
        (Filters(platform=("Instagram",)), [0, 2]),
        (Filters(platform=("Instagram", "YouTube")), [0, 2, 3]),
        (Filters(category=("Food",)), [0, 3, 4]),  # a missing category never matches a pick
        (Filters(followers_min=1_000.0), [1, 2, 3]),  # 1,000 is in [1,000, ...)
        (Filters(followers_max=10_000.0), [0, 1, 4]),  # 10,000 is not in [..., 10,000)
        (Filters(followers_min=1_000.0, followers_max=10_000.0), [1]),
        (Filters(er_min=2.0), [0, 2, 4]),  # no rate: left out once a rate range is set
        (Filters(er_max=5.0), [2, 3]),
        (Filters(handle="an"), [0, 3]),  # case-insensitive; a missing handle never matches
        (Filters(handle="  carla "), [2]),
        (Filters(handle="(.*"), []),  # literal text, not a pattern
        (Filters(platform=("TikTok",), er_min=1.0), [4]),
    ],
)
def test_filter_mask(filters: Filters, kept: list[int]) -> None:
    assert np.flatnonzero(filter_mask(ACCOUNTS, filters)).tolist() == kept


def test_active_and_rate_restriction() -> None:
    assert not Filters().active
    assert Filters(handle="x").active
    assert Filters(er_max=3.0).er_restricted
    assert not Filters(followers_min=10.0).er_restricted


def test_choices_most_frequent_first_and_absent_columns() -> None:
    assert choices(ACCOUNTS, "platform") == ["Instagram", "TikTok", "YouTube"]
    assert choices(ACCOUNTS, "category") == ["Food", "Travel", MISSING]  # pd.NA: (missing)
    assert choices(ACCOUNTS, "country") == []


def test_a_filtered_slice_keeps_the_basis_and_its_notes() -> None:
    frame = ACCOUNTS.assign(
        tier_index=assign_tiers(ACCOUNTS["followers"], DEFAULT_SCHEME), engagements=1.0, er_pct=1.0
    )
    annotated = Annotated(frame, DEFAULT_SCHEME, "views", ("a note",))
    shown = annotated.where(filter_mask(frame, Filters(platform=("TikTok",))))
    assert len(shown) == 2
    assert (shown.basis, shown.notes, shown.scheme) == ("views", ("a note",), DEFAULT_SCHEME)
    nothing = filter_mask(frame, Filters())
    assert annotated.where(nothing) is annotated  # nothing to copy when nothing is filtered


def test_slider_steps_are_log_like_and_open_ended() -> None:
    assert FOLLOWER_STEPS[0] == 0
    assert list(FOLLOWER_STEPS) == sorted(FOLLOWER_STEPS)
    assert {10_000.0, 100_000.0, 1_000_000.0} <= set(FOLLOWER_STEPS)  # the standard edges
    assert ER_STEPS[0] == 0
    assert list(ER_STEPS) == sorted(ER_STEPS)


SENTENCE = "We could not classify this account because the bio was empty at export time"
ODD = pd.DataFrame(
    {
        "followers": [10.0] * 12,
        "category": [
            "Food",  # 0
            "NaN",  # 1
            "-",  # 2
            "",  # 3
            "   ",  # 4
            None,  # 5
            "Travel",  # 6
            "Food",  # 7
            SENTENCE,  # 8: more than 60 characters
            "See notes.",  # 9: ends in a full stop
            "n/a",  # 10
            "—",  # 11
        ],
    }
).astype({"category": "string"})


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (ACCOUNTS["category"], ["Food", "Travel", MISSING]),  # a truly missing cell
        (ODD["category"], ["Food", "Travel", "See notes.", SENTENCE, MISSING]),
        (pd.Series(["TikTok", "null", "None", "TikTok"]), ["TikTok", MISSING]),
        (pd.Series(["N/A", "nan", "–"]), []),  # nothing but missing: nothing to pick
        (pd.Series(["A.", "B"]), ["B", "A."]),  # odd values after the real ones
        (pd.Series(["Food"]), ["Food"]),  # no (missing) option when nothing is missing
    ],
)
def test_choices_put_odd_values_late_and_missing_last(
    column: pd.Series, expected: list[str]
) -> None:
    frame = pd.DataFrame({"followers": 1.0, "category": column.astype("string")})
    assert choices(frame, "category") == expected


@pytest.mark.parametrize(
    ("picked", "kept"),
    [
        ((MISSING,), [1, 2, 3, 4, 5, 10, 11]),  # truly missing and every marker text
        (("Food", MISSING), [0, 1, 2, 3, 4, 5, 7, 10, 11]),
        (("Food",), [0, 7]),
        ((SENTENCE,), [8]),  # an odd value is still a value
        (("NaN",), []),  # a marker text is not a value of its own (an old link)
    ],
)
def test_filter_mask_with_the_missing_option(picked: tuple[str, ...], kept: list[int]) -> None:
    assert np.flatnonzero(filter_mask(ODD, Filters(category=picked))).tolist() == kept
