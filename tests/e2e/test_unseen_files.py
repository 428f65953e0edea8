"""Unseen-file quirks in real Chromium: a Korean export with 만 is read, and a file whose rows
are mostly rejected shows its alarm as an error box above the charts."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import _metric_value, _upload_files

pytestmark = pytest.mark.e2e

KOREAN = "채널,구독자 수,조회수\n가나,5140만,12만\n다라,9.5만,3천\n마바,40만,1.2만\n".encode()
MOSTLY = (
    "handle,followers\n" + "".join(f"h{i},{i}.25\n" for i in range(1, 9)) + "x,1200\n"
).encode()


def test_a_korean_export_and_an_alarm_in_the_browser(page: object, app_url: str) -> None:
    _upload_files(page, app_url, [("유튜버.csv", KOREAN), ("rates.csv", MOSTLY)], "4")
    assert _metric_value(page, "Accounts") == "4"
    alarm = page.locator('[data-testid="stAlert"]', has_text="8 of 9 rows were rejected")  # type: ignore[attr-defined]
    alarm.first.wait_for(timeout=30_000)
    assert "'1.25'" in alarm.first.inner_text()
    # the alarm box comes before the first chart
    boxes = page.evaluate(  # type: ignore[attr-defined]
        """() => {
        const alarm = [...document.querySelectorAll('[data-testid="stAlert"]')]
            .find(e => e.innerText.includes('8 of 9 rows were rejected'));
        const chart = document.querySelector('[data-testid="stPlotlyChart"]');
        return [alarm.getBoundingClientRect().top, chart.getBoundingClientRect().top];
        }"""
    )
    assert boxes[0] < boxes[1]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "unseen_alarm_en.png"), full_page=True)  # type: ignore[attr-defined]
