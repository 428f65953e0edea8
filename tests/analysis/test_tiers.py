"""Tier schemes: half-open assignment at every edge, scheme validation, range labels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES, get_scheme
from infludash.analysis.tiers import (
    TierScheme,
    assign_tiers,
    compact_number,
    custom_scheme,
    tier_categorical,
)
from tests.fixtures import raises_said


def _key(followers: float, scheme: TierScheme = DEFAULT_SCHEME) -> str | None:
    index = int(assign_tiers([followers], scheme)[0])
    return None if index < 0 else scheme.keys[index]


@pytest.mark.parametrize(
    ("followers", "expected"),
    [
        (0, "below_nano"),
        (1, "below_nano"),
        (99, "below_nano"),
        (99.999, "below_nano"),
        (100, "nano"),
        (9_999, "nano"),
        (10_000, "micro"),
        (99_999, "micro"),
        (100_000, "macro"),
        (999_999, "macro"),
        (999_999.5, "macro"),
        (1_000_000, "mega"),
        (5e8, "mega"),
        (1e12, "mega"),
        (math.nan, None),
        (math.inf, None),
        (-math.inf, None),
        (-1, None),
        (-0.5, None),
    ],
)
def test_default_scheme_half_open_intervals(followers: float, expected: str | None) -> None:
    assert _key(followers) == expected


def test_default_scheme_is_the_article_scheme() -> None:
    assert DEFAULT_SCHEME.name == "article"
    assert DEFAULT_SCHEME.edges == (100.0, 10_000.0, 100_000.0, 1_000_000.0)
    assert DEFAULT_SCHEME.keys == ("below_nano", "nano", "micro", "macro", "mega")
    assert DEFAULT_SCHEME.labels == ("below Nano", "Nano", "Micro", "Macro", "Mega")


@pytest.mark.parametrize(
    ("followers", "expected"),
    [
        (0, "below_nano"),
        (999, "below_nano"),
        (1_000, "nano"),
        (9_999, "nano"),
        (10_000, "micro"),
        (49_999, "micro"),
        (50_000, "mid"),
        (499_999, "mid"),
        (500_000, "macro"),
        (999_999, "macro"),
        (1_000_000, "mega"),
        (3e9, "mega"),
        (-1, None),
    ],
)
def test_five_tier_scheme(followers: float, expected: str | None) -> None:
    assert _key(followers, SCHEMES["five_tier"]) == expected


def test_assign_tiers_vectorised_matches_scalar_rule() -> None:
    values = np.array([0, 99, 100, 9_999, 10_000, 99_999, 100_000, 999_999, 1_000_000, np.nan])
    index = assign_tiers(values, DEFAULT_SCHEME)
    assert index.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, -1]
    assert index.dtype == np.intp


@given(st.floats(min_value=0, max_value=1e13, allow_nan=False))
def test_assign_tiers_agrees_with_explicit_comparisons(followers: float) -> None:
    edges = (0.0, *DEFAULT_SCHEME.edges, math.inf)
    expected = next(i for i in range(len(edges) - 1) if edges[i] <= followers < edges[i + 1])
    assert int(assign_tiers([followers], DEFAULT_SCHEME)[0]) == expected


def test_tier_categorical_keeps_missing_and_order() -> None:
    cat = tier_categorical(assign_tiers([5, 50_000, np.nan, 2e6], DEFAULT_SCHEME), DEFAULT_SCHEME)
    assert list(cat.categories) == list(DEFAULT_SCHEME.keys)  # keys: present names them
    assert cat.ordered
    assert cat[0] == "below_nano"
    assert cat[1] == "micro"
    assert pd.isna(cat[2])
    assert cat[3] == "mega"


def test_get_scheme_known_and_unknown() -> None:
    assert get_scheme("five_tier") is SCHEMES["five_tier"]
    with raises_said(r"unknown tier scheme 'nope'.*article.*five_tier"):
        get_scheme("nope")


@pytest.mark.parametrize(
    ("edges", "followers", "expected"),
    [
        ([1_000, 10_000], 999, 0),
        ([1_000, 10_000], 1_000, 1),
        ([1_000, 10_000], 10_000, 2),
        ([50], 49, 0),
        ([50], 50, 1),
        ([2.5e6, 7e6, 1e8], 7e6, 2),
        ([2.5e6, 7e6, 1e8], 1e9, 3),
    ],
)
def test_custom_scheme_assignment(edges: list[float], followers: float, expected: int) -> None:
    scheme = custom_scheme(edges)
    assert int(assign_tiers([followers], scheme)[0]) == expected
    assert scheme.name == "custom"
    assert scheme.edges == tuple(float(e) for e in edges)
    assert scheme.keys == ("below", *(f"tier_{i}" for i in range(1, len(edges) + 1)))


def test_custom_scheme_labels_describe_ranges() -> None:
    scheme = custom_scheme([1_000, 10_000, 100_000])
    assert scheme.labels == (
        "below 1k",
        "1k–10k",
        "10k–100k",
        "100k+",
    )
    assert scheme.describe(0) == "0–1k"
    assert scheme.describe(3) == "100k+"


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        ([], "at least one"),
        ([0], "at least 2"),
        ([-5, 100], "at least 2"),
        ([100, math.nan], "at least 2"),
        ([100, math.inf], "at least 2"),
        ([1_000, 1_000], "ascending"),
        ([10_000, 1_000], "ascending"),
        ([100, 1_000, 500], "ascending"),
    ],
)
def test_custom_scheme_rejects_bad_edges(edges: list[float], message: str) -> None:
    with raises_said(message):
        custom_scheme(edges)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(edges=(), keys=("a",), labels=("A",)), "at least one edge"),
        (dict(edges=(10.0,), keys=("a",), labels=("A",)), "one key and label"),
        (dict(edges=(10.0,), keys=("a", "b"), labels=("A",)), "one key and label"),
        (dict(edges=(0.0,), keys=("a", "b"), labels=("A", "B")), "positive finite"),
        (dict(edges=(math.nan,), keys=("a", "b"), labels=("A", "B")), "positive finite"),
        (dict(edges=(10.0, 10.0), keys=("a", "b", "c"), labels=("A", "B", "C")), "ascending"),
        (dict(edges=(10.0, 5.0), keys=("a", "b", "c"), labels=("A", "B", "C")), "ascending"),
        (dict(edges=(10.0,), keys=("a", "a"), labels=("A", "B")), "unique"),
    ],
)
def test_tier_scheme_validation(kwargs: dict[str, tuple], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TierScheme(name="x", title="x", **kwargs)


def test_tier_scheme_bounds() -> None:
    assert DEFAULT_SCHEME.lower_bounds == (0.0, 100.0, 10_000.0, 100_000.0, 1_000_000.0)
    assert DEFAULT_SCHEME.upper_bounds == (100.0, 10_000.0, 100_000.0, 1_000_000.0, None)
    assert [DEFAULT_SCHEME.describe(i) for i in range(5)] == [
        "0–100",
        "100–10k",
        "10k–100k",
        "100k–1M",
        "1M+",
    ]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0, "0"),
        (5, "5"),
        (950, "950"),
        (999, "999"),
        (1_000, "1k"),
        (1_500, "1.5k"),
        (10_000, "10k"),
        (24_374, "24.3k"),
        (100_000, "100k"),
        (245_000, "245k"),
        (999_499, "999k"),
        (999_500, "999k"),  # cut, never rounded up across the 1M edge
        (999_999, "999k"),
        (1_000_000, "1M"),
        (999_999_999, "999M"),
        (2_500_000, "2.5M"),
        (1_000_000_000, "1B"),
        (1.5e9, "1.5B"),
        (999_999_999_999, "999B"),
        (1.96e13, "19.6T"),
        (2.5, "2.5"),
    ],
)
def test_compact_number(value: float, label: str) -> None:
    assert compact_number(value) == label


@given(
    st.one_of(
        st.integers(min_value=0, max_value=10**14),
        st.sampled_from([10**3, 10**6, 10**9, 10**12]).flatmap(
            lambda unit: st.integers(min_value=unit - unit // 500, max_value=unit)
        ),
    )
)
def test_compact_number_never_shows_a_thousand_of_a_unit(value: int) -> None:
    label = compact_number(value)
    number = label.rstrip("kMBT")
    assert float(number) < 1000 or label.endswith("T")


def test_custom_edge_of_one_is_refused_so_zero_followers_never_share_a_bar() -> None:
    with raises_said("at least 2"):
        custom_scheme([1, 100])


def _independent_counts(followers: np.ndarray, edges: tuple[float, ...]) -> list[int]:
    bins = [0.0, *edges, np.inf]
    cut = pd.cut(pd.Series(followers), bins=bins, right=False)
    return cut.value_counts(sort=False).astype(int).tolist()


@pytest.mark.parametrize("name", [*SCHEMES, "quantile"])
def test_every_preset_counts_like_an_independent_count(name: str) -> None:
    from infludash.analysis.presets import resolve_tiers

    rng = np.random.default_rng(11)
    followers = np.concatenate(
        [
            np.floor(10 ** rng.normal(3.7, 1.3, 3_000)),
            [100, 1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 500_000, 1_000_000] * 3,
        ]
    )
    scheme = resolve_tiers(name, followers)
    ours = np.bincount(assign_tiers(followers, scheme), minlength=len(scheme.keys)).tolist()
    assert ours == _independent_counts(followers, scheme.edges)
    if name == "quantile":
        assert max(ours) - min(ours) < 0.05 * len(followers)  # about equal tiers


def test_resolve_tiers_names_and_edges() -> None:
    from infludash.analysis.presets import resolve_tiers

    assert resolve_tiers("standard").name == "article"
    assert resolve_tiers("Mediakix").name == "five_tier"
    assert resolve_tiers("1k,10k,50k,500k,1M").edges == (1e3, 1e4, 5e4, 5e5, 1e6)
    with raises_said("need"):
        resolve_tiers("quantile")
    with raises_said("unknown tier scheme"):
        resolve_tiers("tiktokers")


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (3169.5, "3.17k"),
        (999_999, "1M"),
        (1627, "1.63k"),
        (1.636e9, "1.64B"),
        (99_950, "100k"),
        (950, "950"),
        (12_345, "12.3k"),
    ],
)
def test_compact_number_rounds_statistics(value: float, label: str) -> None:
    # Edges are cut so a label never crosses a tier edge; medians and totals are rounded.
    assert compact_number(value, edge=False) == label
