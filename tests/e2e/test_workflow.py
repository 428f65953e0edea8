"""The analyst's workflow in real Chromium: filter, drill into a tier, share a link, switch to
German, plan a campaign, download CSV/XLSX/HTML/PNG and check what was downloaded."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from infludash.present.i18n import get_locale
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import (
    CHART,
    _choose,
    _download,
    _metric_value,
    _upload,
    _wait_for_charts,
    _wait_for_idle,
    _wait_for_text,
)
from tests.fixtures import SAMPLE

pytestmark = pytest.mark.e2e

EN, DE = get_locale("en"), get_locale("de")
PAGES = ("overview", "accounts", "findings", "planner", "quality")
PATHS = {"overview": "", "quality": "data-quality"}


def _no_exception(page: object) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


def _wait_for_url(page: object, part: str, *, present: bool = True) -> None:
    """The address bar is written at the end of a run, after what the run shows."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "([part, present]) => location.search.includes(part) === present",
        arg=[part, present],
        timeout=30_000,
    )


def _pick(page: object, label: str, option: str) -> None:
    """Add ``option`` in the sidebar multiselect labelled ``label``."""
    box = page.locator('[data-testid="stMultiSelect"]', has_text=label)  # type: ignore[attr-defined]
    box.locator("input").first.click()
    page.get_by_role("option", name=option, exact=True).click()  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    _wait_for_idle(page)


def _goto_page(page: object, loc: object, name: str) -> None:
    title = loc.t(f"nav.{name}")  # type: ignore[attr-defined]
    page.get_by_role("link", name=title).first.click()  # type: ignore[attr-defined]
    _wait_for_idle(page)
    page.locator(
        "h1",
        has_text=loc.t(  # type: ignore[attr-defined]
            {"overview": "overview.title", "findings": "findings_page.title"}.get(
                name, f"{name}.title"
            )
        ),
    ).first.wait_for(timeout=60_000)
    _wait_for_idle(page)


def test_filter_drill_down_and_a_link_that_reopens_the_view(
    page: object, browser: object, app_url: str
) -> None:
    sample = pd.read_csv(SAMPLE)
    tiktok = sample[sample["platform"] == "TikTok"]
    page.goto(app_url)  # type: ignore[attr-defined]
    _wait_for_charts(page)
    _pick(page, "Platform", "TikTok")
    _wait_for_text(page, '[data-testid="stMetricValue"]', f"{len(tiktok):,}")
    assert _metric_value(page, "Accounts") == f"{len(tiktok):,}"
    _wait_for_url(page, "platform=TikTok")
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert f"{len(tiktok):,} of 5,000 accounts shown." in body
    # Drill down: click the tallest bar of the histogram; its tier's accounts are listed.
    _wait_for_charts(page)
    bars = page.locator(CHART).first.locator("g.point path")  # type: ignore[attr-defined]
    heights = [bars.nth(i).bounding_box()["height"] for i in range(bars.count())]
    bars.nth(heights.index(max(heights))).click(force=True)
    _wait_for_text(page, '[data-testid="stCaptionContainer"]', "accounts in Nano.")
    nano = int(((tiktok["followers"] >= 100) & (tiktok["followers"] < 10_000)).sum())
    assert f"{nano:,} accounts in Nano." in page.inner_text("body")  # type: ignore[attr-defined]
    _wait_for_url(page, "tier=nano")
    _no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "filtered_drill.png"))  # type: ignore[attr-defined]
    # The copied link, opened in a new browser session, shows the same view.
    link = page.url  # type: ignore[attr-defined]
    other = browser.new_context(viewport={"width": 1440, "height": 1000})  # type: ignore[attr-defined]
    fresh = other.new_page()
    fresh.set_default_timeout(60_000)
    fresh.goto(link)
    _wait_for_charts(fresh)
    assert _metric_value(fresh, "Accounts") == f"{len(tiktok):,}"
    assert f"{nano:,} accounts in Nano." in fresh.inner_text("body")
    other.close()
    # Reset brings every account back.
    page.get_by_role("button", name="Reset filters").click()  # type: ignore[attr-defined]
    _wait_for_text(page, '[data-testid="stMetricValue"]', "5,000")
    _wait_for_url(page, "platform=", present=False)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_page_in_both_languages(page: object, app_url: str, lang: str) -> None:
    loc = get_locale(lang)
    page.goto(app_url)  # type: ignore[attr-defined]
    _wait_for_charts(page)
    if lang == "de":
        _choose(page, "Language · Sprache", "Deutsch")
        _wait_for_text(page, '[data-testid="stMetricLabel"]', DE.t("overview.accounts"))
        _wait_for_charts(page)
        assert _metric_value(page, DE.t("overview.accounts")) == "5.000"
        _wait_for_url(page, "lang=de")
        charts = " ".join(page.locator(CHART).all_inner_texts())  # type: ignore[attr-defined]
        assert DE.t("charts.followers.title") in charts
        assert "Mikro" in charts
        # Every sidebar box follows at once, including those drawn before the switch.
        for label, value in (
            ("sidebar.scheme", "schemes.article.short"),
            ("sidebar.basis", "basis.auto"),
        ):
            box = page.get_by_role("combobox", name=DE.t(label))  # type: ignore[attr-defined]
            assert box.input_value() == DE.t(value)
    for name in PAGES:
        if name != "overview":
            _goto_page(page, loc, name)
        if name in ("overview", "findings"):
            _wait_for_charts(page, count=2 if name == "overview" else 1)
        _no_exception(page)
        if lang == "de":  # the language's id stays in the link on every page
            _wait_for_url(page, "lang=de")
        body = page.inner_text("body")  # type: ignore[attr-defined]
        assert loc.t("help.title") in body
        assert loc.t(f"nav.{name}") in body
        page.screenshot(  # type: ignore[attr-defined]
            path=str(ARTIFACTS / f"{lang}_{name}.png"), full_page=True
        )


def test_a_link_copied_before_the_ids_still_opens_its_view(page: object, app_url: str) -> None:
    """Links once carried labels (``lang=Deutsch``, ``tier=Nano``); they open the same view and
    the address bar then shows the ids."""
    sample = pd.read_csv(SAMPLE)
    nano = int(((sample["followers"] >= 100) & (sample["followers"] < 10_000)).sum())
    page.goto(app_url + "/?lang=Deutsch&tier=Nano&scheme=Standard")  # type: ignore[attr-defined]
    _wait_for_idle(page)
    count = DE.n("drill.count", nano, tier=DE.t("tiers.name.nano"))
    page.get_by_text(count).first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    _wait_for_url(page, "tier=nano")
    url = page.url  # type: ignore[attr-defined]
    assert "lang=de" in url
    assert "scheme=" not in url
    _no_exception(page)


def test_planner_in_the_browser(page: object, app_url: str) -> None:
    page.goto(app_url + "/planner?budget=50000")  # type: ignore[attr-defined]
    _wait_for_idle(page)
    page.get_by_text("All of $50,000 in one tier").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "gives the lowest cost per thousand followers reached" in body
    assert "costs as much as" in body
    page.locator(  # type: ignore[attr-defined]
        '[data-testid="stButtonGroup"] button', has_text="Engagements"
    ).first.click()
    _wait_for_text(page, '[data-testid="stAlertContentSuccess"]', "cost per engagement")
    _wait_for_url(page, "objective=engagements")
    _no_exception(page)


UPLOAD = (
    "handle,platform,followers,likes,comments,category\n"
    '"=HYPERLINK(""http://evil.example"",""click"")",Instagram,5000,100,5,Küche\n'
    "+sum,TikTok,50000,900,20,@Reisen\n"
    "jürgen_🍕,Instagram,1500000,20000,400,Essen\n"
    "<b>bold</b>,YouTube,250000,3000,60,-Technik\n"
)


def _button(page: object, name: str) -> object:
    return page.get_by_role("button", name=name)  # type: ignore[attr-defined]


def test_downloads_are_safe_and_the_report_opens_offline(
    page: object, browser: object, app_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "<b>creators.csv"
    path.write_text(UPLOAD, encoding="utf-8")
    _upload(page, app_url, path, shown_accounts="4")
    # PNG of a chart through Plotly's own camera button.
    chart = page.locator(CHART).first  # type: ignore[attr-defined]
    chart.hover()
    name, data = _download(
        page,
        page.locator('.modebar-btn[data-title="Download plot as a PNG"]'),  # type: ignore[attr-defined]
    )
    assert name == "follower_distribution.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"

    _goto_page(page, EN, "accounts")
    name, data = _download(page, _button(page, "Accounts (CSV)"))
    assert re.fullmatch(r"infludash_[\w-]+_\d{4}-\d{2}-\d{2}\.csv", name)  # the data and the day
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows umlauts and emoji
    text = data.decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), keep_default_na=False)
    handles = set(frame["handle"])
    assert '\'=HYPERLINK("http://evil.example","click")' in handles
    assert "'+sum" in handles
    assert "jürgen_🍕" in handles
    assert "'@Reisen" in set(frame["category"])
    assert "'-Technik" in set(frame["category"])
    assert frame["followers"].dtype.kind in "if"  # numbers stay numbers
    assert sorted(frame["followers"]) == [5000, 50000, 250000, 1500000]

    name, data = _download(page, _button(page, "Accounts (Excel)"))
    assert re.fullmatch(r"infludash_[\w-]+_\d{4}-\d{2}-\d{2}\.xlsx", name)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    handle, followers = EN.t("column.handle"), EN.t("column.followers")  # headings in words
    for row in rows:
        assert row[handle].data_type == "s"  # text, never a formula
        assert row[followers].data_type == "n"
    assert {r[handle].value for r in rows} >= {"'+sum", "jürgen_🍕"}

    name, data = _download(page, _button(page, "Tier summary (CSV)"))
    assert re.fullmatch(r"infludash_[\w-]+_\d{4}-\d{2}-\d{2}_tier_summary\.csv", name)
    assert "Median ER" in data.decode("utf-8-sig")

    # German report from the sidebar.
    _choose(page, "Language · Sprache", "Deutsch")
    _wait_for_text(page, "h1", DE.t("accounts.title"))
    name, data = _download(page, _button(page, DE.t("sidebar.report")))
    assert re.fullmatch(r"infludash_b_creators_\d{4}-\d{2}-\d{2}_bericht\.html", name)
    report = data.decode("utf-8")
    assert '<html lang="de">' in report
    for key in ("report.title", "report.filters_title", "quality.title", "findings_page.title"):
        assert DE.t(key) in report
    assert "&lt;b&gt;creators.csv" in report  # the file name is shown, not run
    assert "<b>creators" not in report
    target = tmp_path / "report.html"
    target.write_bytes(data)
    offline = browser.new_context(offline=True)  # type: ignore[attr-defined]
    viewer = offline.new_page()
    errors: list[str] = []
    viewer.on("pageerror", lambda err: errors.append(str(err)))
    viewer.goto(target.as_uri())
    viewer.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2")
    assert errors == []
    assert DE.t("charts.followers.title") in viewer.inner_text("body")
    viewer.screenshot(path=str(ARTIFACTS / "report_de.png"), full_page=True)
    offline.close()
