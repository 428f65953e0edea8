"""The Findings page with AppTest: verdicts, sentences and the sampled scatter."""

from __future__ import annotations

import json

from infludash.ui.navigation import FINDINGS
from tests.support.cells import as_german, number_cells
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
