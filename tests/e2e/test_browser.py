"""The dashboard in real headless Chromium: the sample, then a file through the real uploader."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import (
    CHART,
    _choose,
    _metric_value,
    _upload,
    _wait_for_charts,
    _wait_for_text,
)

pytestmark = pytest.mark.e2e

TIER_NAMES = ("Nano", "Micro", "Macro", "Mega")


def _assert_dashboard(page: object) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert page.locator(CHART).count() == 2  # type: ignore[attr-defined]
    charts_text = " ".join(page.locator(CHART).all_inner_texts())  # type: ignore[attr-defined]
    for name in TIER_NAMES:
        assert name in charts_text, f"tier {name} missing from the charts"
    table = page.locator('[data-testid="stDataFrame"]')  # type: ignore[attr-defined]
    assert table.count() >= 1


def test_sample_dashboard(page: object, app_url: str) -> None:
    page.goto(app_url)  # type: ignore[attr-defined]
    _wait_for_charts(page)
    _assert_dashboard(page)
    assert _metric_value(page, "Accounts") == "5,000"
    assert "synthetic sample data" in page.inner_text("body")  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "sample.png"))  # type: ignore[attr-defined]


def test_upload_through_the_real_uploader(page: object, app_url: str, tmp_path: Path) -> None:
    rows = ["account_handle,network,followers,avg_likes,avg_comments"]
    followers = [
        40,
        99,
        100,
        2_500,
        9_999,
        10_000,
        55_000,
        99_999,
        100_000,
        420_000,
        999_999,
        1_000_000,
        3_500_000,
    ]
    for i, f in enumerate(followers):
        rows.append(f"creator_{i},{'Instagram' if i % 2 else 'TikTok'},{f},{max(f // 30, 1)},{i}")
    upload = tmp_path / "my_accounts.csv"
    upload.write_text("\n".join(rows) + "\n", encoding="utf-8")

    _upload(page, app_url, upload, shown_accounts="13")
    _assert_dashboard(page)
    assert _metric_value(page, "Accounts") == "13"
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "synthetic sample data" not in body
    assert "my_accounts.csv" in body
    page.screenshot(path=str(ARTIFACTS / "upload.png"))  # type: ignore[attr-defined]


def test_bad_upload_shows_error_in_browser(page: object, app_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "no_followers.csv"
    bad.write_text("name,likes\nfoo,12\n", encoding="utf-8")
    page.goto(app_url)  # type: ignore[attr-defined]
    _wait_for_charts(page)
    page.locator(  # type: ignore[attr-defined]
        '[data-testid="stFileUploaderDropzone"] input[type="file"]'
    ).set_input_files(str(bad))
    alert = page.locator('[data-testid="stAlertContentError"]')  # type: ignore[attr-defined]
    alert.first.wait_for(timeout=60_000)
    assert "no followers column" in alert.first.inner_text()
    _wait_for_charts(page)
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "bad_upload.png"))  # type: ignore[attr-defined]


def test_excel_upload_and_data_quality_page(page: object, app_url: str, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kanal", "Plattform", "Abonnenten", "Gefällt mir", "Kommentare"])
    for i, followers in enumerate([80, 5_000, 12_000, 250_000, 2_000_000, 3_000_000]):
        sheet.append([f"kanal_{i}", "Instagram", followers, followers // 25, 3])
    sheet.append(["kaputt", "Instagram", "viele", 1, 1])
    path = tmp_path / "konten.xlsx"
    book.save(path)

    _upload(page, app_url, path, shown_accounts="6")
    _assert_dashboard(page)
    page.get_by_role("link", name="Data quality").first.click()  # type: ignore[attr-defined]
    page.get_by_text("Rejected rows (1)").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert _metric_value(page, "Rows read") == "7"
    assert _metric_value(page, "Accounts kept") == "6"
    assert _metric_value(page, "Rejected") == "1"
    assert page.get_by_text("Columns of konten.xlsx").count() == 1  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "data_quality.png"), full_page=True)  # type: ignore[attr-defined]


def test_switching_scheme_and_basis_and_the_findings_page(page: object, app_url: str) -> None:
    page.goto(app_url)  # type: ignore[attr-defined]
    _wait_for_charts(page)
    _choose(page, "Tier scheme", "Mediakix (with Mid-tier)")
    _wait_for_text(page, CHART, "Mid-tier")
    _wait_for_charts(page)
    _choose(page, "Engagement rate", "Interactions ÷ views")
    _wait_for_text(page, "body", "divided by average views")
    _wait_for_charts(page)
    page.screenshot(path=str(ARTIFACTS / "mediakix_views.png"))  # type: ignore[attr-defined]
    page.get_by_role("link", name="Findings").first.click()  # type: ignore[attr-defined]
    page.get_by_text("Engagement rate against followers").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    _wait_for_charts(page, count=1)
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "each tenfold increase in followers" in body
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "findings.png"))  # type: ignore[attr-defined]
