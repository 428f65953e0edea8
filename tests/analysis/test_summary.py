"""Per-tier summary checked against an independent pandas computation, via the CLI and the API."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.by_followers import ByFollowers
from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.analysis.summary import EngagementOptions, annotate, summarize, tier_figures
from infludash.analysis.tiers import TierScheme, custom_scheme
from infludash.present.summary_json import to_json
from infludash.present.summary_table import display_table
from infludash.read.reader import read_accounts
from tests.fixtures import (
    BOUNDARIES,
    DEFAULT_KEYS,
    ROOT,
    SAMPLE,
    binomial_median_ranks,
    csv_bytes,
    synthetic_accounts,
    write_accounts,
)

TIER_KEYS = [
    "tier",
    "label",
    "min_followers",
    "max_followers",
    "accounts",
    "median_followers",
    "median_er_pct",
    "er_ci95_pct",
    "median_engagements",
]
TOP_KEYS = ["rows_read", "accounts", "rejected", "duplicates", "er_basis", "scheme", "tiers"]


def _reject_constant(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


def run_cli(*args: str | Path) -> dict[str, Any]:
    """``python -m infludash summarize ARGS --json`` from the repository root, parsed strictly."""
    run = subprocess.run(
        [sys.executable, "-m", "infludash", "summarize", *map(str, args), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout, parse_constant=_reject_constant)


def reference(frame: pd.DataFrame, edges: tuple[float, ...], keys: tuple[str, ...]) -> pd.DataFrame:
    """Per-tier figures computed directly with pandas, sharing no code with infludash."""
    followers = frame["followers"].astype("float64")
    engagements = (frame["avg_likes"] + frame["avg_comments"]).astype("float64")
    er = (engagements / followers * 100).where(followers > 0)
    tier = pd.cut(followers, bins=[0.0, *edges, np.inf], right=False, labels=list(keys))
    data = pd.DataFrame({"tier": tier, "followers": followers, "er": er, "eng": engagements})
    groups = data.groupby("tier", observed=False)
    out = pd.DataFrame(
        {
            "accounts": groups.size(),
            "median_followers": groups["followers"].median(),
            "median_er_pct": groups["er"].median(),
            "median_engagements": groups["eng"].median(),
            "total_reach": groups["followers"].sum(),
        }
    )
    lows, highs = [], []
    for key in keys:
        values = np.sort(data.loc[data["tier"] == key, "er"].dropna().to_numpy())
        ranks = binomial_median_ranks(values.size) if values.size else None
        lows.append(values[ranks[0] - 1] if ranks else None)
        highs.append(values[ranks[1] - 1] if ranks else None)
    out["ci_low"] = lows
    out["ci_high"] = highs
    return out


# (seed, random accounts, copies of every boundary, accounts with 0 followers)
DATASETS = [(1, 400, 2, 3), (2, 3000, 1, 0), (3, 0, 1, 1)]


@pytest.fixture(scope="module", params=DATASETS, ids=lambda p: f"seed{p[0]}-n{p[1]}")
def dataset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    seed, n, copies, zeros = request.param
    frame = synthetic_accounts(seed, n, boundary_copies=copies, zero_followers=zeros)
    path = write_accounts(frame, tmp_path_factory.mktemp("summary") / f"accounts_{seed}.csv")
    return frame, path


def _assert_matches_reference(tiers: list[dict[str, Any]], ref: pd.DataFrame, tol: float) -> None:
    assert [t["tier"] for t in tiers] == list(ref.index)
    for row in tiers:
        expected = ref.loc[row["tier"]]
        assert row["accounts"] == expected["accounts"], row["tier"]
        if expected["accounts"] == 0:
            assert row["median_followers"] is None
            continue
        assert row["median_followers"] == expected["median_followers"]
        assert row["median_engagements"] == pytest.approx(expected["median_engagements"], abs=tol)
        if math.isnan(expected["median_er_pct"]):
            assert row["median_er_pct"] is None
        else:
            assert row["median_er_pct"] == pytest.approx(expected["median_er_pct"], abs=tol)
        if pd.isna(expected["ci_low"]):
            assert row["ci"] is None, row["tier"]
        else:
            assert row["ci"] is not None, row["tier"]
            assert row["ci"][0] == pytest.approx(expected["ci_low"], abs=tol)
            assert row["ci"][1] == pytest.approx(expected["ci_high"], abs=tol)


def test_cli_json_matches_independent_computation(dataset: tuple[pd.DataFrame, Path]) -> None:
    frame, path = dataset
    out = run_cli(path)
    ref = reference(frame, DEFAULT_SCHEME.edges, DEFAULT_SCHEME.keys)
    assert out["rows_read"] == out["accounts"] == len(frame)
    assert out["rejected"] == out["duplicates"] == 0
    tiers = [{**t, "ci": t["er_ci95_pct"]} for t in out["tiers"]]
    # the JSON rounds to a few decimals: medians to within 0.01 percentage points
    _assert_matches_reference(tiers, ref, tol=0.01)
    for t in out["tiers"]:
        if t["er_ci95_pct"] is not None:
            low, high = ref.loc[t["tier"], ["ci_low", "ci_high"]]
            assert t["er_ci95_pct"] == pytest.approx([low, high], abs=1e-6)


def test_boundary_accounts_land_in_the_upper_tier(dataset: tuple[pd.DataFrame, Path]) -> None:
    frame, path = dataset
    annotated = annotate(read_accounts(path).accounts).frame
    by_followers = annotated.groupby("followers")["tier_index"].unique()
    expected = {99: 0, 100: 1, 9_999: 1, 10_000: 2, 99_999: 2, 100_000: 3, 999_999: 3, 1_000_000: 4}
    for followers, index in expected.items():
        assert by_followers[float(followers)].tolist() == [index]
    assert set(BOUNDARIES) <= set(frame["followers"])


@pytest.mark.parametrize(
    "scheme",
    [DEFAULT_SCHEME, SCHEMES["five_tier"], custom_scheme([500, 20_000, 2_500_000])],
    ids=lambda s: s.name,
)
def test_summarize_matches_independent_computation(
    dataset: tuple[pd.DataFrame, Path], scheme: TierScheme
) -> None:
    frame, path = dataset
    summary = summarize(read_accounts(path), scheme)
    ref = reference(frame, scheme.edges, scheme.keys)
    table = summary.tiers
    rows = [
        {
            "tier": r["tier"],
            "accounts": r["accounts"],
            "median_followers": None if pd.isna(r["median_followers"]) else r["median_followers"],
            "median_er_pct": None if pd.isna(r["median_er_pct"]) else r["median_er_pct"],
            "median_engagements": r["median_engagements"],
            "ci": None if pd.isna(r["er_ci95_low"]) else [r["er_ci95_low"], r["er_ci95_high"]],
        }
        for r in table.to_dict("records")
    ]
    _assert_matches_reference(rows, ref, tol=1e-9)
    assert table["total_reach"].tolist() == ref["total_reach"].tolist()
    assert table["share"].sum() == pytest.approx(1.0)
    assert summary.accounts == len(frame)
    assert summary.total_reach == frame["followers"].sum()
    er = (frame["avg_likes"] + frame["avg_comments"]) / frame["followers"] * 100
    er = er[frame["followers"] > 0]
    assert summary.er_accounts == er.size
    assert summary.median_er_pct == pytest.approx(er.median(), rel=1e-12)


def test_cli_scheme_options_match_reference(dataset: tuple[pd.DataFrame, Path]) -> None:
    frame, path = dataset
    five = run_cli(path, "--scheme", "five_tier")
    assert five["scheme"] == {"name": "five_tier", "edges": [1000, 10000, 50000, 500000, 1000000]}
    ref = reference(frame, SCHEMES["five_tier"].edges, SCHEMES["five_tier"].keys)
    assert [t["accounts"] for t in five["tiers"]] == ref["accounts"].tolist()
    custom = run_cli(path, "--edges", "500, 20000,2500000")
    assert custom["scheme"] == {"name": "custom", "edges": [500, 20000, 2500000]}
    ref = reference(frame, (500.0, 20_000.0, 2_500_000.0), ("below", "tier_1", "tier_2", "tier_3"))
    assert [t["accounts"] for t in custom["tiers"]] == ref["accounts"].tolist()


def test_json_shape_and_accounting(tmp_path: Path) -> None:
    rows = [
        ("a", "Instagram", "50", "5", "1"),
        ("a", "Instagram", "50", "5", "1"),  # duplicate
        ("b", "TikTok", "5,000", "200", "10"),
        ("c", "TikTok", "not a number", "1", "1"),  # rejected
        ("d", "YouTube", "", "1", "1"),  # rejected
        ("e", "YouTube", "2.5M", "30K", "900"),
        ("f", "YouTube", "0", "0", "0"),  # an account, but no rate
    ]
    path = tmp_path / "shape.csv"
    path.write_bytes(
        csv_bytes(("account_handle", "network", "followers", "avg_likes", "avg_comments"), rows)
    )
    out = run_cli(path)
    for key in TOP_KEYS:
        assert key in out
    assert out["rows_read"] == 7
    assert (out["accounts"], out["rejected"], out["duplicates"]) == (4, 2, 1)
    assert out["accounts"] + out["rejected"] + out["duplicates"] == out["rows_read"]
    assert out["er_basis"] == "followers"
    assert out["scheme"] == {"name": "article", "edges": [100, 10000, 100000, 1000000]}
    tiers = out["tiers"]
    assert [t["tier"] for t in tiers] == list(DEFAULT_KEYS)
    assert [t["label"] for t in tiers] == list(DEFAULT_SCHEME.labels)
    for tier in tiers:
        for key in TIER_KEYS:
            assert key in tier
    assert [t["min_followers"] for t in tiers] == [0, 100, 10000, 100000, 1000000]
    assert [t["max_followers"] for t in tiers] == [100, 10000, 100000, 1000000, None]
    assert all(isinstance(t["min_followers"], int) for t in tiers)
    assert [t["accounts"] for t in tiers] == [2, 1, 0, 0, 1]
    below, nano, micro, _, mega = tiers
    assert below["median_followers"] == 25.0
    assert below["median_er_pct"] == pytest.approx(12.0)  # only "a" has a rate: 6 / 50
    assert below["er_n"] == 1
    assert nano["median_er_pct"] == pytest.approx(4.2)
    assert mega["median_er_pct"] == pytest.approx(1.236)
    assert mega["median_engagements"] == 30_900
    # nothing to compute: null, never NaN, 0 or a made-up interval
    assert micro["median_followers"] is None
    assert micro["median_er_pct"] is None
    assert micro["median_engagements"] is None
    assert micro["er_ci95_pct"] is None
    assert all(t["er_ci95_pct"] is None for t in tiers)  # n < 6 everywhere


def test_json_ci_is_a_pair_when_computable(dataset: tuple[pd.DataFrame, Path]) -> None:
    _, path = dataset
    for tier in run_cli(path)["tiers"]:
        ci = tier["er_ci95_pct"]
        if tier["er_n"] >= 6:
            assert isinstance(ci, list)
            assert len(ci) == 2
            assert ci[0] <= tier["median_er_pct"] <= ci[1]
        else:
            assert ci is None


def test_followers_only_file_gets_benchmark_estimates_for_every_tier(tmp_path: Path) -> None:
    from infludash.analysis.benchmarks import PLATFORMS, tier_benchmarks
    from infludash.analysis.presets import DEFAULT_SCHEME

    path = tmp_path / "followers_only.csv"
    rows = [(f"h{i}", "TikTok", str(10**i)) for i in range(8)]
    path.write_bytes(csv_bytes(("handle", "platform", "followers"), rows))
    out = run_cli(path)
    assert out["er_basis"] == "benchmark"
    assert any("estimated from published benchmarks" in n for n in out["er_notes"])
    tiktok = tier_benchmarks(DEFAULT_SCHEME, "TikTok")
    assert tiktok is not None
    for tier, bench in zip(out["tiers"], tiktok, strict=True):
        assert tier["median_er_pct"] == pytest.approx(bench.er_pct, abs=1e-4)
        assert tier["er_ci95_pct"] is None  # estimates are not a sample
        assert tier["median_engagements"] is None
    assert [t["accounts"] for t in out["tiers"]] == [2, 2, 1, 1, 2]
    assert set(PLATFORMS) >= {"TikTok"}


def test_no_interactions_and_no_platform_uses_the_platform_average(tmp_path: Path) -> None:
    path = tmp_path / "bare.csv"
    path.write_bytes(csv_bytes(("handle", "followers"), [("a", "5000"), ("b", "50000")]))
    out = run_cli(path)
    assert out["er_basis"] == "benchmark"
    assert any("without a known platform" in n for n in out["er_notes"])
    assert out["tiers"][1]["median_er_pct"] > out["tiers"][2]["median_er_pct"] > 0


def test_sample_has_accounts_in_every_tier() -> None:
    out = run_cli(SAMPLE.relative_to(ROOT))
    assert out["accounts"] + out["rejected"] + out["duplicates"] == out["rows_read"]
    assert out["accounts"] > 0
    assert all(t["accounts"] > 0 for t in out["tiers"]), [t["accounts"] for t in out["tiers"]]
    assert all(t["er_ci95_pct"] is not None for t in out["tiers"])


def test_annotated_reuse_gives_the_same_summary(dataset: tuple[pd.DataFrame, Path]) -> None:
    _, path = dataset
    result = read_accounts(path)
    scheme = SCHEMES["five_tier"]
    direct = to_json(summarize(result, scheme))
    reused = to_json(summarize(result, scheme, annotated=annotate(result.accounts, scheme)))
    assert direct == reused


def test_to_json_is_strict_json(dataset: tuple[pd.DataFrame, Path]) -> None:
    _, path = dataset
    text = json.dumps(to_json(summarize(read_accounts(path))), allow_nan=False)
    assert json.loads(text)["tiers"]


def test_display_table_interval_text() -> None:
    rows = [(f"x{i}", str(50 + i), "5") for i in range(7)] + [("y", "500", "5")]
    result = read_accounts(csv_bytes(("handle", "followers", "likes"), rows))
    summary = summarize(result, options=EngagementOptions(min_accounts=1))
    table = display_table(summary)
    assert len(table) == len(DEFAULT_SCHEME.keys)
    assert table["tier"].tolist() == list(DEFAULT_SCHEME.labels)
    ci = table.iloc[:, 6].tolist()
    assert ci[0].endswith("%")  # 7 accounts with a rate
    assert "n < 6" in ci[1]  # 1 account
    assert ci[2] == "–"  # none
    # with the default minimum of 10 accounts, 7 are too few for a confident median
    default = display_table(summarize(result))
    assert default.iloc[0, 6] == "too few"
    assert np.isnan(default["median_er"].iloc[0])


def test_summary_export_keeps_numbers_numeric() -> None:
    from infludash.present.i18n import get_locale
    from infludash.present.summary_table import summary_export

    result = read_accounts(SAMPLE)
    german = summary_export(summarize(result), get_locale("de"))
    assert german.columns[0] == "Stufe"
    assert german["Konten"].dtype.kind == "i"
    assert german["Konten"].sum() == 5_000
    assert german["Anteil (Bruchteil, 0–1)"].sum() == pytest.approx(1.0)  # a CSV says its units


@pytest.mark.parametrize("scheme_name", sorted(SCHEMES))
def test_a_shared_follower_order_changes_nothing(scheme_name: str) -> None:
    """The sensitivity table rates and sorts once for every scheme; it must equal annotating and
    summarising per scheme."""
    accounts = read_accounts(SAMPLE).accounts.copy()
    accounts.loc[3, "followers"] = np.nan  # no tier: must stay out of every tier
    scheme = SCHEMES[scheme_name]
    options = EngagementOptions()
    base = annotate(accounts, DEFAULT_SCHEME)
    shared = tier_figures(base, options, scheme, by_followers=ByFollowers.of(base.frame))
    alone = tier_figures(annotate(accounts, scheme), options)
    pd.testing.assert_frame_equal(shared.tiers, alone.tiers)
    assert shared.overall == alone.overall
    assert shared.median_followers == alone.median_followers


def test_another_scheme_needs_the_order_by_followers() -> None:
    """Tier indices belong to the scheme that made them: reading them under another is refused."""
    annotated = annotate(read_accounts(SAMPLE).accounts)
    with pytest.raises(ValueError, match="order by followers"):
        tier_figures(annotated, EngagementOptions(), SCHEMES["five_tier"])
