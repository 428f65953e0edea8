"""The sidebar's report with AppTest: it holds the campaign plan and the flagged accounts once the
analyst has had them on screen, with the numbers the pages show, and is named after the data."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from infludash.present.i18n import get_locale
from infludash.ui.navigation import ACCOUNTS, FINDINGS, OVERVIEW, PLANNER
from tests.support.pages import ROOT, Download, deferred_downloads, download_of, open_page
from tests.ui.test_app_planner import DATA, EDITS

EN = get_locale("en")
PLAN = f"<h2>{EN.t('report.plan_title')}</h2>"
FLAGS = f"<h2>{EN.t('report.flags_title')}</h2>"


def _report(at: AppTest, seen: dict[str, Download]) -> tuple[str, str]:
    """The report a click on the sidebar's button downloads now: its file name and its text."""
    name, make = download_of(at, seen, "download_report")
    return name, make().decode("utf-8")


def _text(page: str) -> str:
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(text))


def _switch(at: AppTest, page: object) -> AppTest:
    at.switch_page(page.path.relative_to(ROOT).as_posix()).run()  # type: ignore[attr-defined]
    assert not at.exception
    return at


def test_a_session_without_the_planner_or_flags_reports_neither(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = deferred_downloads(monkeypatch)
    at = open_page(OVERVIEW)
    assert not at.exception
    name, page = _report(at, seen)
    assert name == f"infludash_sample_{dt.date.today().isoformat()}_report.html"
    assert PLAN not in page
    assert FLAGS not in page
    assert EN.t("report.title") in page


def test_the_plan_on_screen_is_in_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = deferred_downloads(monkeypatch)
    at = open_page(PLANNER)
    at.sidebar.file_uploader[0].set_value(("plan.csv", DATA, "text/csv")).run()
    at.number_input(key="budget").set_value(20_000).run()
    editor = next(d for d in at.main.dataframe if "price_low" in d.value.columns)
    assert editor.key
    at.session_state[editor.key] = EDITS  # Nano $100–$400, Micro $1,000–$4,000
    at.run()
    assert not at.exception
    name, page = _report(at, seen)  # the same run that took the prices in
    assert name == f"infludash_plan_{dt.date.today().isoformat()}_report.html"
    assert PLAN in page
    text = _text(page[page.index(PLAN) :])
    assert "Budget (USD) $20,000" in text
    assert "All of $20,000 in one tier" in text
    assert "the analyst's own for Nano, Micro" in text
    # The page's own per-tier table, row by row, is in the report.
    table = next(d.value for d in at.main.dataframe if "CPE" in d.value.columns)
    for row in table.itertuples(index=False):
        assert " ".join(map(str, row)) in text
    assert "Nano 5 50–200" in text  # 20,000 / 400 to 20,000 / 100 posts
    # The mix's metrics on the page are the report's totals.
    metrics = {m.label: m.value for m in at.metric}
    assert (
        f"{metrics['Cost per engagement (typical)']} {metrics['Cost per 1,000 reach (typical)']}"
        in text
    )


def test_the_plan_and_the_mix_outlive_a_visit_to_another_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = deferred_downloads(monkeypatch)
    at = open_page(PLANNER)
    mix = next(d for d in at.main.dataframe if "share" in d.value.columns)
    assert mix.key
    at.session_state[mix.key] = {
        "edited_rows": {0: {"share": 80}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    before = {m.label: m.value for m in at.metric}
    _switch(at, ACCOUNTS)
    _, page = _report(at, seen)
    text = _text(page[page.index(PLAN) :])
    assert "the shares the analyst typed" in text
    assert "Nano 54.6%" in text  # 80 of 80 + 33.3 + 33.3 + 0 (shares are scaled to 100%)
    _switch(at, PLANNER)
    shares = next(d.value for d in at.main.dataframe if "share" in d.value.columns)["share"]
    assert shares.tolist()[0] == 80  # the mix typed is still there
    assert {m.label: m.value for m in at.metric} == before


def test_flags_are_reported_once_they_were_on_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = deferred_downloads(monkeypatch)
    at = open_page(OVERVIEW)
    _, page = _report(at, seen)
    assert FLAGS not in page
    _switch(at, FINDINGS)
    at.number_input(key="anomaly_z").set_value(2.0).run()
    assert not at.exception
    count = next(c.value for c in at.caption if "accounts flagged" in c.value)
    _, page = _report(at, seen)
    text = _text(page[page.index(FLAGS) :])
    assert "more than 2.0 robust standard deviations" in text
    assert count.split(":")[0] in text  # "N of 5,000 accounts flagged", as on the page
    assert "The first 50 of" in text
    _switch(at, OVERVIEW)
    _, page = _report(at, seen)
    assert FLAGS in page  # seen once, kept for the session


def test_the_german_report_is_named_in_german(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = deferred_downloads(monkeypatch)
    at = open_page(PLANNER)
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    name, page = _report(at, seen)
    assert name == f"infludash_sample_{dt.date.today().isoformat()}_bericht.html"
    assert "<h2>Kampagnenplan</h2>" in page
