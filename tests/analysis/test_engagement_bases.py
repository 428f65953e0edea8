"""Engagement bases, reported-rate units, benchmark estimates and their provenance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.benchmarks import (
    BENCHMARKS_PATH,
    PLATFORMS,
    estimate_er,
    load_benchmarks,
    tier_benchmarks,
)
from infludash.analysis.engagement import available_bases, disagreements, suggests_views
from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.analysis.summary import EngagementOptions, annotate, summarize
from infludash.analysis.tiers import custom_scheme
from infludash.read.rates import reported_er_percent
from infludash.read.reader import read_accounts
from tests.fixtures import csv_bytes, raises_said, said


def test_every_benchmark_row_has_provenance() -> None:
    table = load_benchmarks()
    assert len(table) >= 15
    for column in ("platform", "tier", "statistic", "formula", "population", "source", "url"):
        assert (table[column].astype(str).str.strip() != "").all(), column
    assert table["url"].str.startswith("https://").all()
    assert set(table["statistic"]) <= {"median", "mean"}
    assert set(table["formula"]) <= {"followers", "views", "impressions"}
    assert (table["engagement_rate_pct"] > 0).all()
    assert set(PLATFORMS) <= set(table["platform"])


@pytest.mark.parametrize("scheme", [DEFAULT_SCHEME, SCHEMES["five_tier"], custom_scheme([5_000])])
@pytest.mark.parametrize("platform", PLATFORMS)
def test_benchmarks_cover_every_tier_of_every_scheme(scheme, platform: str) -> None:
    bench = tier_benchmarks(scheme, platform)
    assert bench is not None
    assert len(bench) == len(scheme.keys)
    assert all(b.er_pct > 0 and b.source and b.url for b in bench)
    # one source per platform and scheme, and the tiers below 1k are marked as extrapolated
    assert len({b.source for b in bench}) == 1
    assert bench[0].extrapolated == (scheme.edges[0] <= 1_000)


def test_benchmark_mapping_on_a_tier_that_matches_a_source_tier_exactly() -> None:
    bench = tier_benchmarks(custom_scheme([1_000, 10_000, 50_000]), "TikTok")
    assert bench is not None
    # TikTok's source lists Nano 1k–10k at 7.84 and Micro 10k–50k at 5.21 (medians)
    assert bench[1].er_pct == pytest.approx(7.84)
    assert bench[2].er_pct == pytest.approx(5.21)
    assert bench[1].statistic == "median"
    assert not bench[1].extrapolated


def test_estimates_per_account_follow_platform_and_tier() -> None:
    platforms = pd.Series(["TikTok", "Instagram", "", "Myspace"])
    index = np.array([1, 1, 1, 3])
    estimates, notes = estimate_er(platforms, index, DEFAULT_SCHEME)
    tiktok = tier_benchmarks(DEFAULT_SCHEME, "TikTok")
    insta = tier_benchmarks(DEFAULT_SCHEME, "Instagram")
    assert tiktok is not None
    assert insta is not None
    assert estimates[0] == pytest.approx(tiktok[1].er_pct)
    assert estimates[1] == pytest.approx(insta[1].er_pct)
    assert np.isfinite(estimates[2:]).all()
    assert any("2 accounts without a known platform" in n for n in said(notes))


@pytest.mark.parametrize(
    ("values", "percent", "expected", "warns"),
    [
        ([3.4, 1.2], [True, True], [3.4, 1.2], False),  # "3,4 %"
        ([0.034, 0.012, 1.0], [False] * 3, [3.4, 1.2, 100.0], False),  # fractions
        ([3.4, 12.0, 0.5], [False] * 3, [3.4, 12.0, 0.5], False),  # percent numbers
        ([0.03, 0.02, 0.04, 1.7], [False] * 4, [3.0, 2.0, 4.0, 170.0], True),  # ambiguous
    ],
)
def test_reported_rate_unit_is_decided_per_column(
    values: list[float], percent: list[bool], expected: list[float], warns: bool
) -> None:
    out, note = reported_er_percent(np.array(values), np.array(percent))
    assert out.tolist() == pytest.approx(expected)
    assert (note is not None) == warns


TIKTOK = csv_bytes(
    ("handle", "platform", "followers", "likes", "comments", "shares", "views", "ER"),
    [
        ("a", "TikTok", "10000", "500", "50", "50", "20000", "6%"),
        ("b", "TikTok", "20000", "400", "50", "50", "5000", "2.5%"),
        ("c", "TikTok", "50000", "900", "50", "50", "10000", "1.0%"),
    ],
)


def test_views_basis_divides_by_views() -> None:
    result = read_accounts(TIKTOK)
    assert available_bases(result.accounts) == ["followers", "views", "column", "benchmark"]
    annotated = annotate(result.accounts, options=EngagementOptions(basis="views"))
    assert annotated.frame["er_pct"].tolist() == pytest.approx([3.0, 10.0, 10.0])
    summary = summarize(result, annotated=annotated)
    assert summary.er_basis == "views"


def test_followers_basis_flags_disagreement_with_the_reported_rate() -> None:
    annotated = annotate(read_accounts(TIKTOK).accounts)
    assert annotated.basis == "followers"
    assert annotated.frame["er_pct"].tolist() == pytest.approx([6.0, 2.5, 2.0])
    assert annotated.frame["er_disagrees"].tolist() == [False, False, True]  # 2.0 vs 1.0 reported
    assert any("more than 1.5×" in n for n in said(annotated.notes))
    assert disagreements(np.array([1.0, 1.4]), np.array([1.0, 1.0])).tolist() == [False, False]


def test_column_basis_uses_the_reported_rate() -> None:
    annotated = annotate(read_accounts(TIKTOK).accounts, options=EngagementOptions(basis="column"))
    assert annotated.frame["er_pct"].tolist() == pytest.approx([6.0, 2.5, 1.0])


def test_auto_without_interactions_uses_the_reported_column_then_benchmarks() -> None:
    only_rate = csv_bytes(("handle", "followers", "ER"), [("a", "5000", "0.04")])
    assert annotate(read_accounts(only_rate).accounts).basis == "column"
    only_followers = csv_bytes(("handle", "followers"), [("a", "5000")])
    assert annotate(read_accounts(only_followers).accounts).basis == "benchmark"


def test_unsupported_basis_is_a_clear_error() -> None:
    accounts = read_accounts(csv_bytes(("handle", "followers"), [("a", "5000")])).accounts
    with raises_said("needs interaction columns"):
        annotate(accounts, options=EngagementOptions(basis="followers"))
    with raises_said("unknown engagement basis"):
        annotate(accounts, options=EngagementOptions(basis="likes"))


def test_follower_floor_excludes_small_accounts_from_engagement_only() -> None:
    rows = [(f"h{i}", str(f), "10") for i, f in enumerate([500, 1_500, 2_500, 50_000])]
    result = read_accounts(csv_bytes(("handle", "followers", "likes"), rows))
    options = EngagementOptions(min_followers=2_000, min_accounts=1)
    summary = summarize(result, options=options)
    nano = summary.tiers.iloc[1]
    assert nano["accounts"] == 3  # tier counts keep every account
    assert nano["er_n"] == 1  # only the 2,500-follower account has a rate
    assert any("under 2,000 followers" in n for n in said(summary.er_notes))


def test_plain_percent_numbers_are_recognised_from_the_computed_rates() -> None:
    rows = [(f"m{i}", str(2_000_000 + i), str(12_600 + i), "0.63") for i in range(30)]
    result = read_accounts(csv_bytes(("handle", "followers", "likes", "ER"), rows))
    annotated = annotate(result.accounts, options=EngagementOptions(basis="column"))
    assert annotated.frame["er_pct"].median() == pytest.approx(0.63)  # not 63%
    assert any("percent numbers" in n for n in said(annotated.notes))


def test_a_column_mixing_percent_cells_and_fractions() -> None:
    out, note = reported_er_percent(np.array([6.1, 0.061, 0.133]), np.array([True, False, False]))
    assert out.tolist() == pytest.approx([6.1, 6.1, 13.3])
    assert note is not None
    assert "mixes" in said([note])[0]


def test_views_basis_does_not_compare_with_a_per_follower_reported_rate() -> None:
    annotated = annotate(
        read_accounts(TIKTOK).accounts, options=EngagementOptions(basis="views")
    ).frame
    assert (
        "er_disagrees" not in annotated
        or not annotated["er_disagrees"].any()
        or (annotated["er_disagrees"].tolist() == [False, False, True])
    )


def test_zero_engagement_is_flagged() -> None:
    from infludash.analysis.anomalies import ZERO, flag_anomalies

    rows = [(f"h{i}", "TikTok", str(1_000 + 50 * i), str(20 + i)) for i in range(30)]
    rows.append(("ghost", "TikTok", "80000", "0"))
    result = read_accounts(csv_bytes(("handle", "platform", "followers", "likes"), rows))
    flagged = flag_anomalies(annotate(result.accounts).frame).set_index("handle")["anomaly"]
    assert flagged["ghost"] == ZERO


def test_hidden_likes_give_no_rate_instead_of_a_rate_from_comments_alone() -> None:
    from infludash.analysis.summary import annotate
    from infludash.present.i18n import get_locale
    from infludash.read.reader import read_accounts

    data = b"handle,followers,likes,comments\nseen,22000,500,40\nhidden,22000,-1,40\n"
    annotated = annotate(read_accounts(data).accounts)
    rates = dict(zip(annotated.frame["handle"], annotated.frame["er_pct"], strict=True))
    assert rates["seen"] == pytest.approx(540 / 22000 * 100)
    assert np.isnan(rates["hidden"])  # 40 / 22,000 would understate it fivefold
    notes = annotated.notes
    assert "1 account with hidden likes (-1 in the file) has no engagement rate" in said(notes)[-1]
    assert "verborgenen Likes" in get_locale("de").say(notes[-1])


def test_a_benchmark_table_with_an_unknown_statistic_is_refused(tmp_path: Path) -> None:
    table = BENCHMARKS_PATH.read_text(encoding="utf-8").replace(",median,", ",p75,", 1)
    path = tmp_path / "benchmarks.csv"
    path.write_text(table, encoding="utf-8")
    with raises_said("the benchmark table has a row where statistic is 'p75'; use one of mean"):
        load_benchmarks(path)


def _views_file(platforms: list[str], views: list[float | None]) -> pd.DataFrame:
    n = len(platforms)
    return pd.DataFrame(
        {
            "platform": platforms,
            "followers": [10_000.0 * (i + 1) for i in range(n)],
            "avg_likes": [100.0] * n,
            "avg_views": views,
        }
    )


@pytest.mark.parametrize(
    ("platforms", "views", "basis", "suggested"),
    [
        (["YouTube", "TikTok", "YouTube", "TikTok", "Instagram"], [5e3] * 5, "auto", True),  # 4/5
        (["YouTube", "TikTok", "YouTube", "TikTok", "Instagram"], [5e3] * 5, "followers", True),
        (["YouTube", "TikTok", "YouTube", "TikTok"], [5e3] * 4, "views", False),  # already per view
        (["YouTube", "TikTok", "YouTube", "TikTok"], [5e3] * 4, "benchmark", False),
        (["YouTube", "TikTok", "Instagram"], [5e3, 4e3, 3e3], "auto", False),  # 2 of 3
        (["YouTube", "TikTok", "Instagram"], [5e3, 4e3, None], "auto", False),  # 1 would lose it
        (["YouTube"] * 4 + ["TikTok"], [5e3] * 4 + [None], "auto", True),  # 4 of 5 with views
        (["YouTube", "TikTok"], [None, 0.0], "auto", False),  # no views: no per-view basis
        (["YouTube", "TikTok"], [5e3, 6e3], "auto", True),
        (["Instagram", "Instagram"], [5e3, 6e3], "auto", False),
    ],
)
def test_the_per_view_basis_is_suggested_where_it_is_the_usual_measure(
    platforms: list[str], views: list[float | None], basis: str, suggested: bool
) -> None:
    assert suggests_views(_views_file(platforms, views), basis) is suggested


def test_no_platform_column_no_suggestion() -> None:
    accounts = _views_file(["YouTube"], [5e3]).drop(columns="platform")
    assert suggests_views(accounts, "auto") is False
