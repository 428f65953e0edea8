"""Anomaly flags computed in an engine are the upload's flags: the same counts per flag and
the same robust z, even for accounts whose z lies a hair either side of the limit (the engine's
logarithms differ from numpy's in the last bits; numpy decides near the limit and the median)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.anomalies import CODES, DEFAULT_Z, furthest_first
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions
from infludash.engine.analysis import EngineAnalysis
from infludash.engine.sources import Source
from infludash.engine.table import EngineTable
from infludash.read.reader import read_accounts
from tests.engine.loading import ENGINES, loaded
from tests.support.accounts import accounts_frame

SPEC = Spec(SCHEMES["article"], EngagementOptions(basis="followers"))


def _frame() -> pd.DataFrame:
    """Fewer than a thousand rated accounts per platform (so both paths fit every account),
    with outliers either way, accounts without engagement and hidden likes."""
    frame = accounts_frame(2_400, seed=41)
    rng = np.random.default_rng(8)
    n = len(frame)
    likes = frame["avg_likes"].astype("float64")
    likes[rng.random(n) < 0.02] *= 40  # far above the line
    likes[rng.random(n) < 0.02] /= 60  # far below it
    frame["avg_likes"] = likes.round().astype("Int64")
    frame.loc[rng.random(n) < 0.01, ["avg_likes", "avg_comments"]] = 0  # no engagement
    frame.loc[rng.random(n) < 0.01, "avg_likes"] = -1  # hidden
    frame.loc[rng.random(n) < 0.03, "network"] = None  # a group of its own
    return frame


@pytest.fixture(scope="module")
def upload(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path, Analysis]:
    folder = tmp_path_factory.mktemp("engine-flags")
    frame = _frame()
    csv = folder / "flags.csv"
    frame.to_csv(csv, index=False)
    return frame, folder, Analysis(read_accounts(csv), SPEC)


@pytest.fixture(scope="module", params=ENGINES)
def engine(
    request: pytest.FixtureRequest, upload: tuple[pd.DataFrame, Path, Analysis]
) -> Iterator[EngineAnalysis]:
    frame, folder, _ = upload
    with loaded(request.param, frame, folder, request, "flagged") as backend:
        yield EngineAnalysis(
            EngineTable(Source(request.param, "test", "flagged"), backend=backend), SPEC
        )


def _counts(memory: Analysis, z_limit: float) -> dict[str, int]:
    codes = memory.flags(z_limit).code
    return {code: int((codes == code).sum()) for code in CODES}


def test_the_counts_and_the_first_page_are_the_upload_s(
    engine: EngineAnalysis, upload: tuple[pd.DataFrame, Path, Analysis]
) -> None:
    memory = upload[2]
    flags = engine.flags(DEFAULT_Z)
    assert dict(flags.counts) == _counts(memory, DEFAULT_Z)
    assert min(flags.counts.values()) > 0
    expected = memory.flags(DEFAULT_Z)
    order = furthest_first(expected.z, expected.code)
    page = engine.flagged_page(DEFAULT_Z, number=1, size=10).frame
    assert page["anomaly_z"].tolist() == expected.z[order[:10]].tolist()
    last = engine.flagged_page(DEFAULT_Z, number=1, size=flags.flagged).frame
    assert len(last) == flags.flagged
    assert sorted(last["anomaly"]) == sorted(expected.code[order].astype(str))


def test_accounts_a_hair_from_the_limit_are_flagged_as_in_the_upload(
    engine: EngineAnalysis, upload: tuple[pd.DataFrame, Path, Analysis]
) -> None:
    memory = upload[2]
    z = memory.flags(DEFAULT_Z).z
    for position in np.argsort(-np.abs(np.nan_to_num(z)))[[3, 12]]:
        exact = float(abs(z[position]))  # this account's own z: not beyond it, flagged below it
        for limit in (exact, float(np.nextafter(exact, 0.0)), float(np.nextafter(exact, 9.0))):
            assert dict(engine.flags(limit).counts) == _counts(memory, limit), limit
