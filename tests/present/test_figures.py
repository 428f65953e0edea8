"""Figures from aggregates only: bins respect tier edges, size is flat in the number of accounts,
colours follow the palette, and labels from a scheme are escaped."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.analysis.aggregates import follower_bins, tier_rates
from infludash.analysis.analysis import Analysis
from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.analysis.stats import box_stats
from infludash.analysis.summary import annotate, summarize
from infludash.analysis.tiers import TierScheme, assign_tiers, custom_scheme
from infludash.present.figures import (
    SCATTER_CAP,
    engagement_box,
    er_scatter,
    follower_histogram,
)
from infludash.present.palette import tier_colors
from infludash.read.reader import ReadResult
from tests.fixtures import BOUNDARIES

SCHEME_CASES = [
    DEFAULT_SCHEME,
    SCHEMES["five_tier"],
    custom_scheme([50, 2_000, 75_000, 3_000_000]),
    custom_scheme([37, 12_345]),
]
EVIL = TierScheme(
    name="evil",
    title="evil",
    edges=(100.0, 10_000.0),
    keys=("below", "x", "y"),
    labels=("<b>low</b>", "<script>alert(1)</script>", "Q&A <img src=x onerror=alert(2)>"),
)


def _followers(n: int, seed: int = 7) -> np.ndarray:
    """Non-integer follower counts between 1 and 50M (so no raw value looks like a bin edge)."""
    rng = np.random.default_rng(seed)
    values = 10 ** rng.uniform(0.0, np.log10(5e7), size=n)
    values[:2] = [1.5, 4.9e7]  # same axis range at every size
    return values


def _accounts(n: int, seed: int = 7) -> tuple[pd.DataFrame, ReadResult]:
    rng = np.random.default_rng(seed)
    followers = _followers(n, seed)
    frame = pd.DataFrame(
        {
            "followers": followers,
            "avg_likes": followers * rng.lognormal(np.log(0.03), 0.7, size=n),
            "avg_comments": followers * rng.lognormal(np.log(0.002), 0.7, size=n),
        }
    )
    empty = pd.DataFrame(columns=["source", "row", "reason"])
    return frame, ReadResult(accounts=frame, rejected=empty, rows_read=n, duplicates=0)


def _decode(node: Any) -> Any:
    """Plotly stores numeric arrays as base64 typed arrays (``{"dtype", "bdata"}``): unpack them."""
    if isinstance(node, dict) and "bdata" in node and "dtype" in node:
        return np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"]).tolist()
    if isinstance(node, dict):
        return {key: _decode(value) for key, value in node.items()}
    if isinstance(node, (list, tuple, np.ndarray)):
        return [_decode(value) for value in node]
    return node


def _plain(fig: go.Figure) -> dict[str, Any]:
    """The figure as the browser receives it, typed arrays decoded."""
    return _decode(json.loads(fig.to_json()))


def _numbers(node: Any) -> list[float]:
    if isinstance(node, dict):
        return [v for value in node.values() for v in _numbers(value)]
    if isinstance(node, list):
        return [v for value in node for v in _numbers(value)]
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return [float(node)]
    return []


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def _longest_array(node: Any) -> int:
    if isinstance(node, dict):
        return max((_longest_array(v) for v in node.values()), default=0)
    if isinstance(node, list):
        return max([len(node), *(_longest_array(v) for v in node)])
    return 0


def _check_bins(followers: np.ndarray, scheme: TierScheme) -> None:
    bins = follower_bins(followers, scheme)
    valid = followers[np.isfinite(followers) & (followers >= 0)]
    low, high = bins["low"].to_numpy(), bins["high"].to_numpy()
    assert int(bins["count"].sum()) == valid.size
    assert (bins["count"] >= 0).all()
    if valid.size == 0 or valid.min() < 1:
        assert low[0] == 0.0
    else:
        assert low[0] <= valid.min() < high[0] * 10  # the axis starts at the smallest decade
    assert (np.diff(low) > 0).all()
    assert (low < high).all()
    np.testing.assert_array_equal(high[:-1], low[1:])
    assert valid.size == 0 or high[-1] > valid.max()
    for edge in scheme.edges:
        assert not ((low < edge) & (edge < high)).any(), f"a bin straddles {edge}"
    # a bin's tier is the tier of every value it can hold
    inner = np.nextafter(high, 0)
    np.testing.assert_array_equal(bins["tier_index"], assign_tiers(low, scheme))
    np.testing.assert_array_equal(bins["tier_index"], assign_tiers(inner, scheme))
    per_tier = (
        bins.groupby("tier_index")["count"].sum().reindex(range(len(scheme.keys)), fill_value=0)
    )
    expected = np.bincount(assign_tiers(valid, scheme), minlength=len(scheme.keys))
    np.testing.assert_array_equal(per_tier.to_numpy(), expected)


@pytest.mark.parametrize("scheme", SCHEME_CASES, ids=lambda s: "-".join(map(str, s.edges)))
def test_follower_bins_respect_tier_edges(scheme: TierScheme) -> None:
    followers = np.concatenate(
        [_followers(5_000), BOUNDARIES, scheme.edges, [0, 0.4, 1, 2e9, np.nan, -3, np.inf]]
    )
    _check_bins(np.asarray(followers, dtype="float64"), scheme)


@given(
    st.lists(st.floats(min_value=0, max_value=1e10), max_size=60),
    st.lists(st.integers(min_value=2, max_value=10**9), min_size=1, max_size=6, unique=True),
)
def test_follower_bins_properties(followers: list[float], edges: list[int]) -> None:
    _check_bins(np.asarray(followers, dtype="float64"), custom_scheme(sorted(edges)))


def test_follower_bins_empty_input() -> None:
    bins = follower_bins(np.array([np.nan, -1.0]), DEFAULT_SCHEME)
    assert int(bins["count"].sum()) == 0
    assert len(bins) > 0


def test_histogram_size_is_flat_in_accounts() -> None:
    small, large = _followers(1_000), _followers(200_000, seed=8)
    fig_small = follower_histogram(small, DEFAULT_SCHEME)
    fig_large = follower_histogram(large, DEFAULT_SCHEME)
    size_small, size_large = len(fig_small.to_json()), len(fig_large.to_json())
    assert size_large / size_small < 1.2, (size_small, size_large)
    plain = _plain(fig_large)
    bins = len(follower_bins(large, DEFAULT_SCHEME))
    assert len(plain["data"]) <= len(DEFAULT_SCHEME.keys)
    assert max(_longest_array(trace) for trace in plain["data"]) <= bins
    assert sum(sum(t["y"]) for t in plain["data"] if t["type"] == "bar") == large.size
    # no raw follower count anywhere in the figure
    numbers = set(_numbers(plain))
    assert len(numbers) > bins
    assert not numbers & set(large[2:5_000].tolist())
    assert not numbers & set(np.log10(large[2:5_000]).tolist())


def test_histogram_bars_one_trace_per_tier_in_palette_colours() -> None:
    for scheme in SCHEME_CASES:
        followers = np.concatenate([_followers(3_000), scheme.edges])
        fig = follower_histogram(followers, scheme)
        bars = [t for t in fig.data if isinstance(t, go.Bar)]
        colours = tier_colors(scheme)
        assert [b.name for b in bars] == list(scheme.labels)
        assert [b.marker.color for b in bars] == colours
        counts = np.bincount(assign_tiers(followers, scheme), minlength=len(scheme.keys))
        assert [int(sum(b.y)) for b in bars] == counts.tolist()


def test_histogram_total_matches_valid_accounts() -> None:
    followers = np.concatenate([_followers(2_000), [np.nan, -5.0]])
    fig = follower_histogram(followers, DEFAULT_SCHEME)
    total = sum(int(sum(t.y)) for t in fig.data if isinstance(t, go.Bar))
    assert total == 2_000


@pytest.fixture(scope="module")
def boxes() -> dict[int, tuple[go.Figure, pd.DataFrame, Any]]:
    out = {}
    for n in (1_000, 200_000):
        _, result = _accounts(n)
        rated = annotate(result.accounts)
        summary = summarize(result, annotated=rated)
        out[n] = (engagement_box(rated.frame, summary), rated.frame, summary)
    return out


def test_engagement_box_size_is_flat_in_accounts(boxes: dict) -> None:
    small, large = boxes[1_000][0], boxes[200_000][0]
    ratio = len(large.to_json()) / len(small.to_json())
    assert ratio < 1.2, ratio
    plain = _plain(large)
    assert len(plain["data"]) <= len(DEFAULT_SCHEME.keys) + 1  # a box per tier, the CI markers
    assert max(_longest_array(trace) for trace in plain["data"]) <= len(DEFAULT_SCHEME.keys)
    annotated = boxes[200_000][1]
    numbers = set(_numbers(plain))
    raw = set(annotated["er_pct"].to_numpy()[:2_000].tolist())
    # only box statistics and interval bounds may coincide with a data point (order statistics)
    summary = boxes[200_000][2]
    allowed = set(summary.tiers[["er_ci95_low", "er_ci95_high"]].to_numpy().ravel().tolist())
    for i in range(len(DEFAULT_SCHEME.keys)):
        stats = box_stats(annotated.loc[annotated["tier_index"] == i, "er_pct"])
        assert stats is not None
        allowed |= {stats.lowerfence, stats.upperfence, stats.median, stats.q1, stats.q3}
    assert not (numbers & raw) - allowed


def test_engagement_box_traces_hold_quartiles(boxes: dict) -> None:
    fig, annotated, _ = boxes[1_000]
    box_traces = [t for t in fig.data if isinstance(t, go.Box)]
    assert [t.name for t in box_traces] == list(DEFAULT_SCHEME.labels)
    colours = tier_colors(DEFAULT_SCHEME)
    for i, trace in enumerate(box_traces):
        er = annotated.loc[annotated["tier_index"] == i, "er_pct"].to_numpy()
        q1, median, q3 = np.quantile(er, [0.25, 0.5, 0.75])
        iqr = q3 - q1
        assert trace.q1 == pytest.approx([q1])
        assert trace.median == pytest.approx([median])
        assert trace.q3 == pytest.approx([q3])
        assert q1 - 1.5 * iqr <= trace.lowerfence[0] <= q1
        assert q3 <= trace.upperfence[0] <= q3 + 1.5 * iqr
        assert trace.y is None
        assert trace.marker.color == colours[i]


def test_engagement_box_n_annotations_equal_tier_counts(boxes: dict) -> None:
    for fig, annotated, summary in boxes.values():
        texts = [a.text for a in fig.layout.annotations if a.text and a.text.startswith("n = ")]
        shown = [int(re.sub(r"[^\d]", "", t)) for t in texts]
        counts = np.bincount(annotated["tier_index"], minlength=len(DEFAULT_SCHEME.keys))
        assert shown == counts.tolist()
        assert shown == summary.tiers["er_n"].tolist()


def test_engagement_box_tier_without_rates_still_gets_n() -> None:
    frame = pd.DataFrame({"followers": [50.0, 60.0, 5_000.0], "avg_likes": [5.0, 6.0, np.nan]})
    result = ReadResult(accounts=frame, rejected=pd.DataFrame(), rows_read=3, duplicates=0)
    annotated = annotate(frame)
    fig = engagement_box(annotated.frame, summarize(result, annotated=annotated))
    texts = [a.text for a in fig.layout.annotations if a.text and a.text.startswith("n = ")]
    assert texts == ["n = 2", "n = 0", "n = 0", "n = 0", "n = 0"]
    # two rates are too few for a box: they are drawn as two dots
    assert not [t for t in fig.data if isinstance(t, go.Box)]
    dots = [t for t in fig.data if isinstance(t, go.Scatter) and t.name == "below Nano"]
    assert len(dots) == 1
    assert sorted(dots[0].y) == [10.0, 10.0]


def test_narrow_tier_names_do_not_collide() -> None:
    scheme = SCHEMES["five_tier"]
    fig = follower_histogram(_followers(5_000), scheme)
    names = {
        a.text.split("<br>")[0].removeprefix("<b>").removesuffix("</b>"): a
        for a in fig.layout.annotations
        if a.text and "<br>" in a.text
    }
    # Macro (500k–1M) is a third of a decade wide: its name is lifted above Mid-tier's row.
    assert (names["Macro"].yshift or 0) != (names["Mid-tier"].yshift or 0)
    centres = [names[label].x for label in scheme.labels if label in names]
    assert centres == sorted(centres)
    xmin, xmax = fig.layout.xaxis.range
    assert all(xmin <= x <= xmax for x in centres)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M", "1B", "10B"]),
        ("de", ["1", "100", "10k", "1 Mio.", "100 Mio.", "10 Mrd."]),  # every second decade
    ],
)
def test_follower_ticks_thin_out_where_labels_would_touch(lang: str, expected: list[str]) -> None:
    from infludash.present.i18n import get_locale

    followers = pd.Series(np.geomspace(1, 2e9, 400))
    loc = get_locale(lang)
    fig = follower_histogram(followers, loc.scheme(DEFAULT_SCHEME), loc)
    assert [re.sub(r"\s", " ", t) for t in fig.layout.xaxis.ticktext] == expected
    assert len(set(np.diff(fig.layout.xaxis.tickvals))) == 1  # evenly spaced, at round decades


@pytest.mark.parametrize("lang", ["en", "de"])
def test_log_rate_axis_labels_ticks_in_plain_percent(lang: str) -> None:
    from infludash.present.i18n import get_locale

    loc = get_locale(lang)
    rates = np.concatenate([np.full(40, 0.002), np.full(40, 0.005), np.full(40, 40.0)])
    followers = np.concatenate([np.full(40, 500.0), np.full(40, 5_000.0), np.full(40, 50_000.0)])
    frame = pd.DataFrame({"followers": followers, "avg_likes": followers * rates / 100})
    result = ReadResult(accounts=frame, rejected=pd.DataFrame(), rows_read=120, duplicates=0)
    annotated = annotate(frame, loc.scheme(DEFAULT_SCHEME))
    fig = engagement_box(annotated.frame, summarize(result, annotated=annotated), loc)
    axis = fig.layout.yaxis
    assert axis.type == "log"
    assert not any("µ" in t for t in axis.ticktext)
    decimal = "," if lang == "de" else "."
    assert f"0{decimal}001" in " ".join(axis.ticktext)
    assert all(t.endswith("%") for t in axis.ticktext)
    if lang == "de":
        assert all(re.search(r"\d\s%$", t) for t in axis.ticktext)


def test_scheme_labels_and_titles_are_escaped() -> None:
    frame, result = _accounts(500)
    frame.loc[:2, "followers"] = [50.0, 500.0, 50_000.0]
    annotated = annotate(frame, EVIL)
    summary = summarize(result, EVIL, annotated=annotated)
    figures = [
        follower_histogram(frame["followers"], EVIL, title="<i>Title</i>"),
        engagement_box(annotated.frame, summary, title="<i>Title</i>"),
    ]
    for fig in figures:
        strings = _strings(_plain(fig))
        text = "\n".join(strings)
        assert "<script>" not in text
        assert "<img" not in text
        assert "<b>low</b>" not in text
        assert "<i>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;i&gt;Title&lt;/i&gt;" in text
        assert "Q&amp;A" in text


def test_benchmark_overlay_marks_carry_provenance() -> None:
    from infludash.analysis.benchmarks import tier_benchmarks

    frame, result = _accounts(2_000)
    annotated = annotate(frame)
    summary = summarize(result, annotated=annotated)
    marks = tier_benchmarks(DEFAULT_SCHEME, "TikTok")
    assert marks is not None
    fig = engagement_box(annotated.frame, summary, benchmarks={"TikTok": marks})
    overlay = [t for t in fig.data if t.name == "TikTok benchmark"]
    assert len(overlay) == 1
    assert list(overlay[0].y) == pytest.approx([m.er_pct for m in marks])
    assert all("SociaVault" in h and "median" in h for h in overlay[0].hovertext)
    assert "extrapolated" in overlay[0].hovertext[0]  # below Nano: no source covers it


def test_charts_from_aggregates_equal_charts_from_accounts(boxes: dict) -> None:
    """The app draws from cached aggregates (bins, tier_rates); the figures are the same."""
    fig, annotated, summary = boxes[200_000]
    rates = tier_rates(annotated, len(DEFAULT_SCHEME.keys))
    assert engagement_box(None, summary, rates=rates).to_json() == fig.to_json()
    bins = follower_bins(annotated["followers"], DEFAULT_SCHEME)
    from_bins = follower_histogram(None, DEFAULT_SCHEME, bins=bins)
    assert (
        from_bins.to_json() == follower_histogram(annotated["followers"], DEFAULT_SCHEME).to_json()
    )


def test_tier_rates_keep_few_rates_and_box_the_rest() -> None:
    frame = pd.DataFrame(
        {
            "tier_index": [0, 0, 1, 1, 1, 1, 1, 1, 2, -1],
            "er_pct": [2.0, np.nan, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, np.nan, 9.0],
        }
    )
    rates = tier_rates(frame, 4)
    assert rates[0] == (2.0,)  # fewer than MIN_BOX_ACCOUNTS: the rates themselves
    assert rates[1] == box_stats([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    assert rates[2] is None  # no rate
    assert rates[3] is None  # nobody (the account outside every tier is left out)


def test_scatter_is_capped_short_and_says_it_is_sampled() -> None:
    _, result = _accounts(20_000)
    analysis = Analysis(result)
    annotated, trends = analysis.numbers.frame, analysis.trends
    fig = er_scatter(annotated, DEFAULT_SCHEME, trends)
    spec = fig.to_json()
    assert len(spec) < 150_000  # short numbers, not base64 doubles of every point
    marks = [t for t in fig.data if isinstance(t, go.Scattergl)]
    assert sum(len(t.x) for t in marks) == SCATTER_CAP
    notes = [a.text for a in fig.layout.annotations]
    assert any(f"a random {SCATTER_CAP:,} of" in n for n in notes)
    few = er_scatter(annotated.head(500), DEFAULT_SCHEME, trends)
    assert not [a.text for a in few.layout.annotations]  # every account drawn: no note
