"""The Accounts page with AppTest: drill-down by tier, handle search, flags and safe downloads."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from infludash.ui.navigation import ACCOUNTS
from tests.support.pages import open_page

UPLOAD = (
    b"handle,platform,followers,likes\n"
    b'"=HYPERLINK(""http://x"")",TikTok,5000,100\n'
    b"alpha,TikTok,50000,900\nbeta,Instagram,500,20\n"
)


def _page() -> AppTest:
    return open_page(ACCOUNTS)


def test_every_account_with_tier_and_flags() -> None:
    at = _page()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 5_000
    assert {"tier", "er_pct", "vs_tier_median", "anomaly", "anomaly_z"} <= set(table.columns)
    assert "5,000 of 5,000 accounts" in at.caption[0].value


def test_drill_down_to_a_tier_and_search() -> None:
    at = _page()
    at.segmented_control(key="tier").set_value("mega").run()
    table = at.dataframe[0].value
    assert len(table) == 180
    assert set(table["tier"]) == {"Mega"}
    assert (table["followers"] >= 1_000_000).all()
    at.text_input(key="q").set_value("KITCHEN").run()  # the sidebar handle filter
    handles = at.dataframe[0].value["handle"]
    assert len(handles) > 0
    assert handles.str.lower().str.contains("kitchen").all()


def test_downloads_are_offered_for_an_upload() -> None:
    # Their content (formulas neutralised, numbers as numbers) is checked on the same export
    # functions in tests/cli/test_cli.py (test_export_csv_and_xlsx_...).
    at = _page()
    at.file_uploader[0].set_value(("f.csv", UPLOAD, "text/csv")).run()
    assert not at.exception
    buttons = at.main.get("download_button")  # the page's own, not the sidebar's report
    assert len(buttons) == 4  # accounts CSV and Excel, tier summary, rejected rows
    table = at.dataframe[0].value
    assert len(table) == 3
