"""An engine's analysis gives a page what the in-memory analysis gives it: the planner's yields
and the filter choices equal (==), a page of accounts in the same order, and trends fitted on a
seeded sample that is the same on every engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.engagement import available_bases
from infludash.analysis.filters import CHOICE_COLUMNS, Filters, choices
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions
from infludash.base.schema import ER_PCT, FOLLOWERS, HANDLE, SOURCE, TIER_INDEX
from infludash.engine.analysis import SAMPLE_ALL, EngineAnalysis
from infludash.engine.sources import Source
from infludash.engine.table import EngineTable
from infludash.read.reader import read_accounts
from tests.engine.loading import ENGINES, loaded
from tests.engine.test_identity import _frame


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path, object]:
    folder = tmp_path_factory.mktemp("engine-analysis")
    frame = _frame()
    frame["category"] = np.where(np.arange(len(frame)) % 3 == 0, "Beauty", "Gaming")
    frame.loc[frame.index % 17 == 0, "category"] = None
    csv = folder / "accounts.csv"
    frame.to_csv(csv, index=False)
    return frame, folder, read_accounts(csv)


@pytest.fixture(scope="module", params=ENGINES)
def table(
    request: pytest.FixtureRequest, upload: tuple[pd.DataFrame, Path, object]
) -> Iterator[EngineTable]:
    frame, folder, _ = upload
    with loaded(request.param, frame, folder, request, "listed") as backend:
        yield EngineTable(Source(request.param, "test", "listed"), backend=backend)


SPECS = [
    pytest.param(Spec(SCHEMES["article"], EngagementOptions(basis="followers")), id="article"),
    pytest.param(
        Spec(SCHEMES["five_tier"], EngagementOptions(basis="views"), Filters(platform=("TikTok",))),
        id="views-tiktok",
    ),
    pytest.param(
        Spec(
            SCHEMES["article"],
            EngagementOptions(basis="followers", min_followers=2_000.0),
            Filters(followers_min=500.0, category=("Beauty",)),
        ),
        id="floor-and-filters",
    ),
]


@pytest.mark.parametrize("spec", SPECS)
def test_yields_and_counts_are_those_of_the_upload(
    table: EngineTable, upload: tuple[pd.DataFrame, Path, object], spec: Spec
) -> None:
    memory = Analysis(upload[2], spec)  # type: ignore[arg-type]
    engine = EngineAnalysis(table, spec)
    assert (engine.total, engine.shown) == (memory.total, memory.shown)
    pd.testing.assert_frame_equal(engine.yields, memory.yields, check_exact=True)
    assert engine.platforms == memory.platforms
    assert engine.charts.platforms == memory.charts.platforms


def test_filter_choices_are_those_of_the_upload(
    table: EngineTable, upload: tuple[pd.DataFrame, Path, object]
) -> None:
    accounts = upload[2].accounts  # type: ignore[attr-defined]
    # The upload adds its file name as the source column; the table has none.
    expected = {c: choices(accounts, c) for c in CHOICE_COLUMNS if c != SOURCE}
    assert table.choices == {**expected, SOURCE: []}
    assert table.bases == available_bases(accounts) == ["followers", "views", "column", "benchmark"]


@pytest.mark.parametrize(("sort", "descending"), [(ER_PCT, True), (FOLLOWERS, False)])
def test_a_page_holds_the_accounts_the_upload_shows_there(
    table: EngineTable, upload: tuple[pd.DataFrame, Path, object], sort: str, descending: bool
) -> None:
    spec = Spec(SCHEMES["article"], EngagementOptions(basis="followers"))
    memory = Analysis(upload[2], spec)  # type: ignore[arg-type]
    engine = EngineAnalysis(table, spec)
    numbers = memory.numbers.frame
    in_tier = numbers[numbers[TIER_INDEX] == 2]
    page = engine.page(2, sort, descending, number=3, size=25)
    assert (page.first, page.total) == (51, len(in_tier))
    expected = in_tier[sort].sort_values(ascending=not descending, na_position="last")
    assert page.frame[sort].tolist() == pytest.approx(expected.iloc[50:75].tolist(), nan_ok=True)
    assert set(page.frame[TIER_INDEX]) == {2}
    assert page.frame[HANDLE].notna().all()


def test_the_trend_sample_is_seeded_and_the_same_on_every_engine(
    upload: tuple[pd.DataFrame, Path, object], request: pytest.FixtureRequest
) -> None:
    frame, folder, _ = upload
    spec = Spec(SCHEMES["article"], EngagementOptions(basis="followers"))
    fitted = []
    for kind in ENGINES:
        with loaded(kind, frame, folder, request, "sampled") as backend:
            shared = EngineTable(Source(kind, "test", "sampled"), backend=backend)
            engine = EngineAnalysis(shared, spec)
            sample = engine.sample(None)
            again = EngineAnalysis(engine.table, spec).sample(None)
            pd.testing.assert_frame_equal(sample, again, check_exact=True)
            fitted.append((sample, engine.trends))
    assert len(fitted[0][0]) == SAMPLE_ALL
    for sample, trends in fitted[1:]:
        pd.testing.assert_frame_equal(sample, fitted[0][0], check_exact=True)
        assert trends == fitted[0][1]
    totals = {t.group: t.total for t in fitted[0][1]}
    rated = Analysis(upload[2], spec).trends  # type: ignore[arg-type]
    assert totals == {t.group: t.total for t in rated}


@pytest.mark.parametrize("spec", SPECS[:2])
def test_the_scheme_stories_are_those_of_the_upload(
    table: EngineTable, upload: tuple[pd.DataFrame, Path, object], spec: Spec
) -> None:
    memory = Analysis(upload[2], spec)  # type: ignore[arg-type]
    assert EngineAnalysis(table, spec).sensitivity == memory.sensitivity
