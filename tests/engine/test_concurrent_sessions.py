"""One backend shared by the app's sessions: two analyses at once on the same connection (DuckDB:
a cursor per statement; PostgreSQL: a pool of sessions) give each its own, correct numbers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from infludash.analysis.filters import Filters
from infludash.analysis.presets import SCHEMES
from infludash.analysis.summary import EngagementOptions
from infludash.engine.accounts import present_interactions
from infludash.engine.figures import engine_figures
from infludash.engine.relation import Relation, Shape
from tests.engine.loading import loaded
from tests.support.accounts import accounts_frame


@pytest.mark.parametrize("kind", ["duckdb", "postgresql"])
def test_two_sessions_query_at_once(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    frame = accounts_frame(30_000, seed=17)
    with loaded(kind, frame, tmp_path, request, "shared") as backend:
        relation = present_interactions(backend, Relation.of("shared", backend.columns("shared")))
        shapes = [
            Shape(SCHEMES["article"], filters=Filters(platform=("TikTok",))),
            Shape(SCHEMES["hypeauditor"], filters=Filters(followers_min=1_000.0)),
        ]
        options = EngagementOptions()
        alone = [engine_figures(backend, relation, shape, options) for shape in shapes]
        with ThreadPoolExecutor(max_workers=4) as pool:
            together = list(
                pool.map(lambda s: engine_figures(backend, relation, s, options), shapes * 3)
            )
    for i, found in enumerate(together):
        expected = alone[i % 2]
        assert found.accounts == expected.accounts
        pd.testing.assert_frame_equal(found.figures.tiers, expected.figures.tiers)
    assert alone[0].accounts != alone[1].accounts  # two different questions
