"""A configured DuckDB source of ten million accounts in real Chromium: it opens by name, every
page renders from it, a filter and a scheme change recompute in the engine, and the drill-down
pages through a tier's accounts. Screenshots go to tests/e2e/artifacts/ (source_*.png)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import ARTIFACTS, streamlit_server
from tests.e2e.helpers import (
    _choose,
    _metric_value,
    _wait_for_charts,
    _wait_for_idle,
    _wait_for_text,
)
from tests.support.lake import write_lake

pytestmark = pytest.mark.e2e

ROWS = 10_000_000
#: A run over ten million rows: the Findings page runs the most passes (flags, five schemes).
SLOW_MS = 300_000


@pytest.fixture(scope="module")
def source_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("lake")
    counts = write_lake(folder / "lake.db", ROWS)
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f'[connections.lake]\nurl = "duckdb:///{folder / "lake.db"}"\ntable = "accounts"\n'
        'label = "Creators lake (DuckDB, 10M)"\n',
        encoding="utf-8",
    )
    with streamlit_server(
        "--secrets.files", str(secrets), log_name="streamlit-source.log", start_timeout=120
    ) as (_, url):
        yield url, counts


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"source_{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _no_exception(page: object) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0  # type: ignore[attr-defined]


def test_a_ten_million_row_source_in_the_browser(
    browser: object, source_app: tuple[str, dict[str, int]]
) -> None:
    url, counts = source_app
    context = browser.new_context(viewport={"width": 1440, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(SLOW_MS)
    try:
        _walk(page, url, counts)
    except Exception:
        _shot(page, "failure")  # what the browser showed when a step failed
        raise
    finally:
        context.close()


class _Steps:
    """The seconds each step of the walk took (for bench/RESULTS.md), screenshots left out."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.seconds: dict[str, float] = {}
        self._since = time.monotonic()

    def done(self, name: str, shot: str | None = None) -> None:
        _no_exception(self.page)
        self.seconds[name] = round(time.monotonic() - self._since, 1)
        if shot:
            _shot(self.page, shot)
        self._since = time.monotonic()


def _pick(page: object, label: str, option: str, selector: str, text: str) -> None:
    """Choose ``option`` in the sidebar's ``label``; wait for ``text`` and both charts."""
    _choose(page, label, option)
    _wait_for_idle(page, SLOW_MS)
    _wait_for_text(page, selector, text, SLOW_MS)
    _wait_for_charts(page)


def _walk(page: object, url: str, counts: dict[str, int]) -> None:
    steps = _Steps(page)
    page.goto(f"{url}/?db=lake")
    _wait_for_idle(page, SLOW_MS)
    _wait_for_charts(page)
    assert _metric_value(page, "Accounts") == f"{ROWS:,}"
    steps.done("overview", "overview")

    # A filter: the engine counts again; only TikTok's accounts remain.
    box = page.locator('[data-testid="stMultiSelect"]', has_text="Platform")
    box.locator("input").first.click()
    page.get_by_role("option", name="TikTok", exact=True).click()
    page.keyboard.press("Escape")
    _wait_for_idle(page, SLOW_MS)
    _wait_for_text(page, '[data-testid="stMetricValue"]', f"{counts['TikTok']:,}", SLOW_MS)
    steps.done("filter")

    # A scheme change: five tiers and below Nano.
    _pick(page, "Tier scheme", "Mediakix (with Mid-tier)", '[data-testid="stMetricValue"]', "of 6")
    steps.done("scheme", "overview_filtered")

    # The table's own rate: read in the engine, its notes as an upload's.
    said = "Engagement rate as reported in the file"
    _pick(page, "Engagement rate", "Rate reported in the file", "body", said)
    steps.done("reported rate", "overview_reported")

    # The drill-down: a tier's accounts, a page at a time, sorted by the engine.
    page.locator('[data-testid="stButtonGroup"] button', has_text="Mid-tier").first.click()
    _wait_for_idle(page, SLOW_MS)
    _wait_for_text(page, '[data-testid="stCaptionContainer"]', "Rows 1–1,000 of", SLOW_MS)
    page.get_by_label("Page (of").first.fill("2")
    page.keyboard.press("Enter")
    _wait_for_idle(page, SLOW_MS)
    _wait_for_text(page, '[data-testid="stCaptionContainer"]', "Rows 1,001–2,000 of", SLOW_MS)
    steps.done("drill-down, two pages", "drill_down")

    for path, title, wait in (
        ("accounts", "Accounts", "Rows 1–1,000 of"),
        ("findings", "Findings", "accounts flagged"),
        ("planner", "Campaign planner", "Price per post"),
        ("data-quality", "Data quality", "rows read ="),
    ):
        page.goto(f"{url}/{path}?db=lake")
        page.locator("h1", has_text=title).first.wait_for(timeout=SLOW_MS)
        _wait_for_idle(page, SLOW_MS)
        _wait_for_text(page, "body", wait, SLOW_MS)
        steps.done(path, path)

    # The same view again: kept for every session, so a second visit is a look-up.
    page.goto(f"{url}/?db=lake")
    _wait_for_idle(page, SLOW_MS)
    _wait_for_charts(page)
    steps.done("overview, second visit")
    seconds = steps.seconds
    (ARTIFACTS / "source_timings.json").write_text(json.dumps(seconds, indent=1), "utf-8")
    first, second = seconds["overview"], seconds["overview, second visit"]
    assert second < first / 2, (first, second)
