"""The app at scale: heavy work once per data and settings, tables and charts bounded.

A filter change must not re-tier every account, a rerun that changes nothing must not recount the
filter choices, and no page may hand a browser (or pandas' Styler) every row of a large list.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import infludash.analysis.analysis as analysis_module
from infludash.ui import filters_panel
from infludash.ui.navigation import ACCOUNTS, FINDINGS, QUALITY
from infludash.ui.quality import SHOWN_ROWS as QUALITY_ROWS
from tests.fixtures import synthetic_accounts
from tests.support.cells import read_back
from tests.support.pages import app_test, open_page

#: More accounts than pandas' Styler renders by default (262,144 cells at 14 columns), which
#: used to stop the Accounts page.
MANY = 30_000


@pytest.fixture(scope="module")
def many_accounts() -> bytes:
    frame = synthetic_accounts(seed=7, n=MANY)
    return frame.to_csv(index=False, lineterminator="\n").encode()


class Counter:
    """Wraps a module function and counts its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.calls = 0
        original: Callable[..., Any] = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


@pytest.fixture
def counters(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counter]:
    # AppTest runs share one session, so results cached by earlier tests would answer here.
    st.cache_data.clear()
    st.cache_resource.clear()
    return {
        "annotate": Counter(monkeypatch, analysis_module, "annotate"),
        "summarize": Counter(monkeypatch, analysis_module, "summarize"),
        "choices": Counter(monkeypatch, filters_panel, "choices"),
    }


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def test_filters_reuse_the_tiering_and_reruns_reuse_everything(
    counters: dict[str, Counter],
) -> None:
    at = app_test().run()
    assert not at.exception
    assert counters["annotate"].calls == 1
    summaries, counted = counters["summarize"].calls, counters["choices"].calls
    at.run()  # nothing changed: nothing is computed again
    assert counters["summarize"].calls == summaries
    assert counters["choices"].calls == counted
    at.multiselect(key="platform").set_value(["TikTok"]).run()
    assert not at.exception
    assert counters["annotate"].calls == 1  # the filter narrows the tiered accounts
    assert counters["summarize"].calls == summaries + 1
    at.multiselect(key="platform").set_value([]).run()
    assert counters["summarize"].calls == summaries + 1  # back to a view already computed
    assert _metric(at, "Accounts") == "5,000"
    at.selectbox(key="scheme").set_value("hypeauditor").run()
    assert counters["annotate"].calls == 2  # another scheme tiers again
    assert counters["choices"].calls == counted  # the choices belong to the data alone


def test_accounts_page_with_more_accounts_than_a_styler_takes(many_accounts: bytes) -> None:
    at = open_page(ACCOUNTS, timeout=120)
    at.file_uploader[0].set_value(("many.csv", many_accounts, "text/csv")).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 1_000  # a page of every account (and the boundary copies)
    assert any(f"Rows 1–1,000 of {MANY + 8:,}" in c.value for c in at.caption)
    at.selectbox(key="accounts_table_sort").set_value("followers").run()
    largest = pd.Series(read_back(at.dataframe[0].value["followers"]))
    assert largest.iloc[0] == float(synthetic_accounts(seed=7, n=MANY)["followers"].max())
    assert largest.is_monotonic_decreasing
    at.segmented_control(key="tier").set_value("micro").run()
    assert not at.exception
    micro = at.dataframe[0].value
    assert set(micro["tier"]) == {"Micro"}
    followers = pd.Series(read_back(micro["followers"]))
    assert followers.max() < 100_000
    assert followers.is_monotonic_decreasing
    assert any(f"of {MANY + 8:,} accounts" in c.value for c in at.caption)


def test_overview_charts_stay_small_and_match_the_counts(many_accounts: bytes) -> None:
    at = app_test(timeout=120).run()
    at.file_uploader[0].set_value(("many.csv", many_accounts, "text/csv")).run()
    assert not at.exception
    assert _metric(at, "Accounts") == f"{MANY + 8:,}"
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert all(len(json.dumps(spec)) < 60_000 for spec in specs)
    bars = [t for t in specs[0]["data"] if t["type"] == "bar"]
    counts = [np.frombuffer(_decoded(t["y"]), dtype=t["y"]["dtype"]) for t in bars]
    assert sum(int(c.sum()) for c in counts) == MANY + 8  # every account is in a bar


def _decoded(array: dict[str, str]) -> bytes:
    import base64

    return base64.b64decode(array["bdata"])


def test_findings_scatter_is_sampled_and_says_so(many_accounts: bytes) -> None:
    at = open_page(FINDINGS, timeout=120)
    at.file_uploader[0].set_value(("many.csv", many_accounts, "text/csv")).run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    points = sum(len(t["x"]) for t in spec["data"] if t["type"] == "scattergl")
    assert points == 3_000
    notes = " ".join(a["text"] for a in spec["layout"].get("annotations", []))
    assert "a random 3,000 of" in notes
    assert len(at.get("plotly_chart")[0].proto.spec) < 150_000


def test_quality_page_bounds_its_tables() -> None:
    rows = [f"dup,TikTok,{1000 + i},10,1" for i in range(QUALITY_ROWS + 10)]
    data = ("handle,platform,followers,likes,comments\n" + "\n".join(rows) + "\n").encode()
    at = open_page(QUALITY, timeout=120)
    at.file_uploader[0].set_value(("dups.csv", data, "text/csv")).run()
    assert not at.exception
    shown = [d.value for d in at.dataframe if "possible_duplicate" not in d.value.columns]
    shown = [t for t in shown if "row" in t.columns]  # not the mapping step's first rows
    assert [len(t) for t in shown] == [QUALITY_ROWS]  # the possible duplicates, bounded
    total = f"{QUALITY_ROWS + 10:,}"
    assert any(f"first {QUALITY_ROWS:,} of {total}" in c.value for c in at.caption)
    assert shown[0]["followers"].tolist()[:2] == ["1,000", "1,001"]  # in the language picked
