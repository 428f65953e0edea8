"""The Findings page with AppTest: verdicts, sentences and the sampled scatter."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[1] / "tests" / "apps" / "findings_page.py")


def test_findings_on_the_sample() -> None:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
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
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.selectbox(key="basis").set_value("benchmark").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "estimated from benchmarks" in text
