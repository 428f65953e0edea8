"""The Findings page with AppTest: verdicts, sentences and the sampled scatter."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.present.i18n import get_locale
from infludash.read.reader import read_accounts
from infludash.ui.findings_page import FLAGGED_ROWS
from infludash.ui.navigation import FINDINGS
from tests.fixtures import SAMPLE
from tests.support.cells import as_german, number_cells, read_back
from tests.support.pages import open_page


def test_findings_on_the_sample() -> None:
    at = open_page(FINDINGS)
    assert not at.exception
    headers = [h.value for h in at.subheader]
    assert "Engagement rate falls as followers rise" in headers
    text = " ".join(m.value for m in at.markdown)
    assert "each tenfold increase in followers" in text
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    points = sum(len(t.get("x") or []) > 0 for t in spec["data"])
    assert points >= 5  # one scatter per tier plus the fit lines
    assert len(at.get("plotly_chart")[0].proto.spec) < 300_000  # capped sample, not every row
    notes = [a["text"] for a in spec["layout"].get("annotations", [])]
    assert any("a random 3,000 of" in note for note in notes)  # the chart says it is a sample


def test_findings_follow_the_engagement_basis() -> None:
    at = open_page(FINDINGS)
    at.selectbox(key="basis").set_value("benchmark").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "estimated from benchmarks" in text


def test_flagged_accounts_speak_the_language_picked() -> None:
    at = open_page(FINDINGS)
    english = next(d.value for d in at.dataframe if "anomaly_z" in d.value.columns)
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    german = next(d.value for d in at.dataframe if "anomaly_z" in d.value.columns)
    en = number_cells(english, "en", ("anomaly_z", "followers", "er_pct"))
    de = number_cells(german, "de", ("anomaly_z", "followers", "er_pct"))
    assert de == {c: [as_german(v) for v in cells] for c, cells in en.items()}
    assert all(abs(float(v.replace(",", "."))) >= 3.5 for v in de["anomaly_z"] if v != "–")
    assert any("," in v for v in de["anomaly_z"])


def _core_flags(z: float) -> tuple[np.ndarray, pd.DataFrame]:
    """Every flag of the sample at ``z`` and the accounts, from the core: what the table pages."""
    loc = get_locale("en")
    analysis = Analysis(
        read_accounts(SAMPLE.read_bytes(), SAMPLE.name), Spec(loc.scheme(DEFAULT_SCHEME))
    )
    flags = analysis.flags(z)
    return flags.z[flags.code != ""], analysis.numbers.frame[flags.code != ""]


def _flag_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "anomaly_z" in d.value.columns)


def test_flagged_accounts_are_paged_and_sorted_over_every_flag() -> None:
    z, flagged = _core_flags(1.0)
    total = len(flagged)
    at = open_page(FINDINGS)
    at.number_input(key="anomaly_z").set_value(1.0).run()
    assert not at.exception
    table = _flag_table(at)
    assert len(table) == FLAGGED_ROWS < total
    assert any(f"Flagged accounts 1–100 of {total:,}" in c.value for c in at.caption)
    furthest = np.sort(np.abs(z[np.isfinite(z)]))[::-1][:FLAGGED_ROWS]
    shown = np.abs(read_back(table["anomaly_z"]))
    np.testing.assert_allclose(shown, furthest, atol=0.05)  # furthest first by default
    at.selectbox(key="flagged_sort").set_value("followers").run()
    largest = read_back(_flag_table(at)["followers"])
    expected = np.sort(flagged["followers"].to_numpy(dtype="float64"))[::-1][:FLAGGED_ROWS]
    assert largest == list(expected)  # the largest flagged accounts, not of the first rows
    at.number_input(key="flagged_page").set_value(2).run()
    assert not at.exception
    second = read_back(_flag_table(at)["followers"])
    expected = np.sort(flagged["followers"].to_numpy(dtype="float64"))[::-1]
    assert second == list(expected[FLAGGED_ROWS : 2 * FLAGGED_ROWS])
    assert any(f"Flagged accounts 101–200 of {total:,}" in c.value for c in at.caption)
