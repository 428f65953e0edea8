"""The engine path on embedded DuckDB and on PostgreSQL gives the in-memory path's numbers,
equal (==, never approximately): the tier table (counts, shares, medians, interval ends, reach),
the overall median with its interval, the median follower count, the histogram bins and the box
plot's quartiles and whiskers, for every scheme, every basis (the list's own rate too), the
follower floor and the filters; and what the summary says about the rates.

One seeded list is written as the CSV an analyst uploads, as the Parquet file DuckDB reads, and
into a table of a private PostgreSQL server (tests/support/postgres.py), and as a view of a
local Spark session (tests/engine/conftest.py); the upload goes through
the real reader and :class:`Analysis`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.filters import Filters
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions
from infludash.analysis.tiers import custom_scheme, quantile_scheme
from infludash.engine.accounts import present_interactions
from infludash.engine.figures import engine_figures
from infludash.engine.relation import Relation, Shape
from infludash.engine.reported import reported_unit
from infludash.engine.summary import engine_summary
from infludash.read.reader import read_accounts
from tests.engine.loading import ENGINES, loaded
from tests.fixtures import BOUNDARIES
from tests.support.accounts import accounts_frame

ROWS = 6_000


def _frame() -> pd.DataFrame:
    """Seeded accounts with what makes medians hard: every tier edge several times over, ties,
    accounts without followers, without interactions, with views and without, hidden likes
    and negative counts."""
    frame = accounts_frame(ROWS, seed=23, extra_followers=[*BOUNDARIES * 7, *[0] * 9])
    rng = np.random.default_rng(5)
    n = len(frame)
    likes = frame["avg_likes"].astype("Int64")
    likes[rng.random(n) < 0.05] = pd.NA  # no likes reported: the comments alone count
    frame["avg_likes"] = likes
    comments = frame["avg_comments"].astype("Int64")
    comments[rng.random(n) < 0.05] = pd.NA
    frame["avg_comments"] = comments
    views = (frame["followers"] * rng.uniform(0.05, 0.8, n)).round().astype("Int64")
    views[rng.random(n) < 0.3] = pd.NA
    frame["avg_views"] = views
    frame.loc[rng.random(n) < 0.02, "avg_likes"] = 7  # ties across tiers
    frame.loc[rng.random(n) < 0.01, "avg_likes"] = -1  # hidden by the platform: no total
    frame.loc[rng.random(n) < 0.01, "avg_comments"] = -4  # not a count: no value
    spelled = rng.random(n)  # the reader's spellings: one platform however a file writes it
    frame.loc[spelled < 0.03, "network"] = "ig"
    frame.loc[(spelled >= 0.03) & (spelled < 0.05), "network"] = " TikTok "
    frame.loc[(spelled >= 0.05) & (spelled < 0.07), "network"] = "YOU TUBE"
    frame.loc[(spelled >= 0.07) & (spelled < 0.08), "network"] = None
    frame["engagement_rate"] = _reported(frame, rng)
    return frame


def _reported(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """The list's own rate in percent: mostly the computed one a little off, some far off (they
    disagree), some exactly 1.5 times it or a 1.5th of it (at the factor, where the logarithm
    decides), and some missing or below zero."""
    likes = frame["avg_likes"].astype("float64").where(frame["avg_likes"] >= 0, 0.0).fillna(0.0)
    comments = frame["avg_comments"].astype("float64").where(frame["avg_comments"] >= 0, 0.0)
    computed = (likes + comments.fillna(0.0)) / frame["followers"].astype("float64") * 100.0
    n = len(frame)
    factor = rng.choice([1.0, 1.0, 1.0, 1.1, 0.9, 2.5, 0.3, 1.5, 1 / 1.5], n)
    reported = (computed * factor).to_numpy(dtype="float64", copy=True)
    reported[rng.random(n) < 0.04] = np.nan
    reported[rng.random(n) < 0.01] = -2.0  # not a rate: none
    reported[~np.isfinite(reported)] = np.nan
    return reported


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path, object]:
    folder = tmp_path_factory.mktemp("engine")
    frame = _frame()
    csv = folder / "accounts.csv"
    frame.to_csv(csv, index=False)
    result = read_accounts(csv)
    assert len(result.accounts) == len(frame)  # nothing rejected: the same accounts both ways
    return frame, folder, result


@pytest.fixture(scope="module", params=ENGINES)
def data(
    request: pytest.FixtureRequest, upload: tuple[pd.DataFrame, Path, object]
) -> Iterator[tuple[object, object, Relation]]:
    frame, folder, result = upload
    with loaded(request.param, frame, folder, request, "accounts") as backend:
        relation = present_interactions(
            backend, Relation.of("accounts", backend.columns("accounts"))
        )
        yield result, backend, reported_unit(backend, relation).relation


def _schemes() -> list[object]:
    followers = accounts_frame(ROWS, seed=23)["followers"].to_numpy()
    return [
        *SCHEMES.values(),
        quantile_scheme(followers),
        custom_scheme([50, 2_000, 30_000, 750_000]),
    ]


CASES = [
    pytest.param(scheme, "followers", 0.0, Filters(), id=f"scheme-{scheme.name}")
    for scheme in _schemes()
] + [
    pytest.param(SCHEMES["article"], "views", 0.0, Filters(), id="views"),
    pytest.param(SCHEMES["article"], "followers", 1_000.0, Filters(), id="floor"),
    pytest.param(
        SCHEMES["five_tier"],
        "followers",
        0.0,
        Filters(platform=("TikTok", "YouTube"), followers_min=100.0, followers_max=2e6),
        id="platform-and-followers",
    ),
    pytest.param(
        SCHEMES["article"], "followers", 0.0, Filters(er_min=1.0, er_max=5.0), id="rate-range"
    ),
    pytest.param(SCHEMES["article"], "views", 0.0, Filters(handle="Creator_1"), id="handle"),
    pytest.param(SCHEMES["article"], "column", 0.0, Filters(), id="column"),
    pytest.param(
        SCHEMES["five_tier"],
        "column",
        1_000.0,
        Filters(platform=("Instagram",), er_min=0.5, er_max=8.0),
        id="column-floor-filters",
    ),
    pytest.param(SCHEMES["article"], "benchmark", 0.0, Filters(), id="benchmark"),
    pytest.param(
        SCHEMES["five_tier"],
        "benchmark",
        2_000.0,
        Filters(platform=("Instagram",), followers_min=500.0),
        id="benchmark-floor-platform",
    ),
]


@pytest.mark.parametrize(("scheme", "basis", "floor", "filters"), CASES)
def test_every_figure_is_equal_to_the_in_memory_path(
    data: tuple[object, object, Relation],
    scheme: object,
    basis: str,
    floor: float,
    filters: Filters,
) -> None:
    result, db, relation = data
    options = EngagementOptions(basis=basis, min_followers=floor)
    memory = Analysis(result, Spec(scheme=scheme, options=options, filters=filters))  # type: ignore[arg-type]
    shape = Shape(scheme, basis=basis, min_followers=floor, filters=filters)  # type: ignore[arg-type]
    engine = engine_figures(db, relation, shape, options)
    summary = memory.summary
    assert engine.accounts == memory.shown
    pd.testing.assert_frame_equal(engine.figures.tiers, summary.tiers, check_exact=True)
    overall = engine.figures.overall
    assert (overall.n, overall.median) == (summary.er_accounts, summary.median_er_pct)
    interval = None if overall.low is None else (overall.low, overall.high)  # none: estimates
    assert interval == summary.er_ci95_pct
    assert engine.figures.median_followers == summary.median_followers
    assert engine.total_reach == summary.total_reach
    pd.testing.assert_frame_equal(engine.charts.bins, memory.charts.bins, check_exact=True)
    assert engine.charts.rates == memory.charts.rates
    assert summary.tiers["accounts"].sum() > 0


def _messy() -> pd.DataFrame:
    """Rows an upload does not keep as accounts: exact repeats, and follower counts that are
    missing, negative or fractional."""
    frame = _frame().head(2_000).copy()
    frame["followers"] = frame["followers"].astype("float64")
    frame.loc[3:9, "followers"] = np.nan
    frame.loc[10:12, "followers"] = -5.0
    frame.loc[13:20, "followers"] = 1_500.5
    return pd.concat([frame, frame.iloc[100:130], frame.iloc[[5, 11, 15]]], ignore_index=True)


@pytest.mark.parametrize("kind", ENGINES)
@pytest.mark.parametrize(
    ("basis", "floor"),
    [
        ("followers", 0.0),
        ("views", 0.0),
        ("followers", 500.0),
        ("benchmark", 0.0),
        ("benchmark", 500.0),
        ("column", 0.0),
        ("column", 500.0),
    ],
)
def test_the_summary_accounts_for_every_row(
    kind: str, basis: str, floor: float, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    frame = _messy()
    csv = tmp_path / "messy.csv"
    frame.to_csv(csv, index=False)
    result = read_accounts(csv)
    options = EngagementOptions(basis=basis, min_followers=floor)
    memory = Analysis(result, Spec(scheme=SCHEMES["article"], options=options)).summary
    with loaded(kind, frame, tmp_path, request, "messy") as backend:
        relation = present_interactions(backend, Relation.of("messy", backend.columns("messy")))
        shape = Shape(SCHEMES["article"], basis=basis, min_followers=floor)
        engine = engine_summary(backend, relation, shape, options)
    assert (engine.rows_read, engine.accounts, engine.rejected, engine.duplicates) == (
        memory.rows_read,
        memory.accounts,
        memory.rejected,
        memory.duplicates,
    )
    assert memory.rejected > 0
    assert memory.duplicates > 0
    assert engine.rejected_reasons == memory.rejected_reasons
    assert engine.er_notes == memory.er_notes
    pd.testing.assert_frame_equal(engine.tiers, memory.tiers, check_exact=True)
    for name in ("median_er_pct", "er_ci95_pct", "total_reach", "median_followers", "er_accounts"):
        assert getattr(engine, name) == getattr(memory, name), name
