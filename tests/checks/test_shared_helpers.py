"""The helpers shared by tests, bench/ and docs/: the seeded generator and the app starter."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import numpy as np
import pytest

from tests.fixtures import BOUNDARIES, CLEAN_HEADER, synthetic_accounts
from tests.support.accounts import accounts_frame, seeded_accounts
from tests.support.server import AppDidNotStart, running_app


def test_the_same_seed_gives_the_same_accounts_and_another_seed_others() -> None:
    first, again, other = seeded_accounts(500, 3), seeded_accounts(500, 3), seeded_accounts(500, 4)
    for column in first:
        assert np.array_equal(first[column], again[column]), column
    assert not np.array_equal(first["followers"], other["followers"])


def test_accounts_are_plausible_and_their_handles_unique() -> None:
    a = seeded_accounts(20_000, 7)
    assert len(set(a["handle"].tolist())) == 20_000
    assert set(a["platform"].tolist()) == {"Instagram", "TikTok", "YouTube"}
    assert 2_000 < float(np.median(a["followers"])) < 8_000
    rate = a["likes"][a["followers"] > 1_000] / a["followers"][a["followers"] > 1_000]
    assert 0.02 < float(np.median(rate)) < 0.04
    assert (a["comments"] <= a["likes"]).all()


def test_chunks_numbered_from_first_do_not_repeat_a_handle() -> None:
    one, two = seeded_accounts(10, 1), seeded_accounts(10, 2, first=10)
    assert not set(one["handle"].tolist()) & set(two["handle"].tolist())


def test_extra_followers_are_mixed_in_and_synthetic_accounts_uses_them() -> None:
    frame = accounts_frame(50, 5, extra_followers=[100, 100, 0])
    assert len(frame) == 53
    assert list(frame.columns) == list(CLEAN_HEADER)
    assert (frame["followers"] == 100).sum() >= 2
    assert (frame["followers"] == 0).sum() >= 1
    synthetic = synthetic_accounts(2, 30, boundary_copies=2, zero_followers=1)
    assert len(synthetic) == 30 + 2 * len(BOUNDARIES) + 1
    for edge in BOUNDARIES:
        assert (synthetic["followers"] == edge).sum() >= 2, edge


def test_the_app_starts_answers_on_its_pages_and_stops(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    with running_app("app.py", log=log) as (proc, url):
        for path in ("/_stcore/health", "/overview", "/data-quality"):
            with urllib.request.urlopen(f"{url}{path}", timeout=10) as resp:
                assert resp.status == 200, path
    assert proc.poll() is not None  # stopped on exit
    assert log.exists()


def test_an_app_that_cannot_start_says_so_with_its_log(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    with (
        pytest.raises(AppDidNotStart, match="did not start"),
        running_app("no_such_app.py", log=log, start_timeout=30),
    ):
        pass  # pragma: no cover - never reached
