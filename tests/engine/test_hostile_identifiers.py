"""Quotes, semicolons, comment markers, backslashes and LIKE wildcards in column names, in
values and in every filter reach each engine as identifiers and literals, never as statement
text: the numbers equal the upload's, and the table is still there, unchanged, afterwards."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.filters import MISSING, Filters
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.summary import EngagementOptions
from infludash.engine.accounts import present_interactions
from infludash.engine.figures import engine_figures
from infludash.engine.relation import Relation, Shape
from infludash.read.reader import read_accounts
from tests.engine.loading import ENGINES, loaded

FOLLOWERS = "Follower\"s'; DROP TABLE accounts; --"
HANDLE = "han`dle /* x */ ]"
LIKES = "likes\\' OR 1=1 --"
HOSTILE = [
    "Tik'Tok",
    'You"Tube; --',
    "Insta\\gram",
    "%_",
    "x'); DELETE FROM accounts; --",
    "/* c */",
]
OVERRIDES = {"followers": FOLLOWERS, "handle": HANDLE, "avg_likes": LIKES, "platform": "pl;at"}


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(9)
    n = 3_000
    handles = np.array([f"acc_{i}" for i in range(n)], dtype=object)
    handles[::7] = [HOSTILE[i % len(HOSTILE)] + f"_{i}" for i in range(len(handles[::7]))]
    followers = np.floor(10 ** rng.normal(3.6, 1.1, n)).astype(np.int64)
    return pd.DataFrame(
        {
            HANDLE: handles,
            "pl;at": np.array(HOSTILE, dtype=object)[rng.integers(0, len(HOSTILE), n)],
            FOLLOWERS: followers,
            LIKES: np.floor(followers * rng.uniform(0.005, 0.08, n)).astype(np.int64),
        }
    )


FILTERS = [
    Filters(platform=(HOSTILE[0], HOSTILE[1])),
    Filters(platform=(HOSTILE[2], HOSTILE[4], MISSING)),
    Filters(platform=(HOSTILE[3],)),
    Filters(handle="'); DELETE FROM accounts; --"),
    Filters(handle="%"),
    Filters(handle="\\"),
    Filters(handle='you"tube; --'),
    Filters(handle="*/"),
]


@pytest.mark.parametrize("kind", ENGINES)
def test_hostile_names_and_values_are_data(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    frame = _frame()
    csv = tmp_path / "hostile.csv"
    frame.to_csv(csv, index=False)
    result = read_accounts(csv, overrides=OVERRIDES)
    assert len(result.accounts) == len(frame)
    table = "accounts"
    with loaded(kind, frame, tmp_path, request, table) as backend:
        assert set(backend.columns(table)) == set(frame.columns)
        relation = present_interactions(
            backend, Relation.of(table, backend.columns(table), OVERRIDES)
        )
        for filters in FILTERS:
            memory = Analysis(result, Spec(DEFAULT_SCHEME, EngagementOptions(), filters))
            shape = Shape(DEFAULT_SCHEME, filters=filters)
            engine = engine_figures(backend, relation, shape, EngagementOptions())
            assert engine.accounts == memory.shown, filters
            pd.testing.assert_frame_equal(engine.figures.tiers, memory.summary.tiers)
        assert memory.shown < len(frame)  # the filters did narrow
        after = engine_figures(backend, relation, Shape(DEFAULT_SCHEME), EngagementOptions())
        assert after.accounts == len(frame)  # nothing dropped, deleted or changed
