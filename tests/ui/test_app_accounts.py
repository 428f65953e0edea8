"""The Accounts page with AppTest: drill-down by tier, handle search, flags and safe downloads."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from streamlit.testing.v1 import AppTest

from infludash.present.workbook import PERCENT
from infludash.ui.navigation import ACCOUNTS
from tests.support.cells import CELLS, as_german, number_cells, read_back
from tests.support.pages import deferred_downloads, open_page

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
    assert len(table) == 1_000  # a page; the downloads hold every account
    assert {"tier", "er_pct", "vs_tier_median", "anomaly", "anomaly_z"} <= set(table.columns)
    assert "5,000 of 5,000 accounts" in at.caption[0].value
    assert any("Rows 1–1,000 of 5,000" in c.value for c in at.caption)


def _big_file(n: int = 2_500) -> bytes:
    """``n`` accounts in file order; the three largest sit near the end, far past one page."""
    lines = [f"acct{i},TikTok,{1_000 + i},{10 + i % 7}" for i in range(n - 3)]
    lines += ["third,TikTok,7000000,10", "first,TikTok,9000000,10", "second,TikTok,8000000,10"]
    return ("handle,platform,followers,likes\n" + "\n".join(lines) + "\n").encode()


def test_sorting_and_paging_cover_every_account_not_the_first_page() -> None:
    at = _page()
    at.file_uploader[0].set_value(("big.csv", _big_file(), "text/csv")).run()
    assert not at.exception
    at.selectbox(key="accounts_table_sort").set_value("followers").run()
    table = at.dataframe[0].value
    assert table["handle"].tolist()[:4] == ["first", "second", "third", "acct2496"]
    assert any("Rows 1–1,000 of 2,500" in c.value for c in at.caption)
    at.number_input(key="accounts_table_page").set_value(3).run()
    last = at.dataframe[0].value
    assert len(last) == 500
    assert last["handle"].tolist()[-1] == "acct0"  # the smallest account ends the last page
    assert any("Rows 2,001–2,500 of 2,500" in c.value for c in at.caption)
    at.toggle(key="accounts_table_descending").set_value(False).run()  # smallest first
    at.number_input(key="accounts_table_page").set_value(1).run()
    assert at.dataframe[0].value["handle"].tolist()[0] == "acct0"
    # a tier's drill-down pages the tier alone, in the same order
    at.segmented_control(key="tier").set_value("mega").run()
    at.toggle(key="accounts_table_descending").set_value(True).run()
    assert at.dataframe[0].value["handle"].tolist() == ["first", "second", "third"]
    assert any("Rows 1–3 of 3" in c.value for c in at.caption)


def test_sorting_controls_speak_german() -> None:
    at = _page()
    at.selectbox(key="lang").set_value("de").run()
    sort = at.selectbox(key="accounts_table_sort")
    assert sort.label == "Sortieren nach"
    assert "Follower" in sort.options
    assert any("Zeilen 1–1.000 von 5.000" in c.value for c in at.caption)


def test_drill_down_to_a_tier_and_search() -> None:
    at = _page()
    at.segmented_control(key="tier").set_value("mega").run()
    table = at.dataframe[0].value
    assert len(table) == 180
    assert set(table["tier"]) == {"Mega"}
    assert min(read_back(table["followers"])) >= 1_000_000
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


def test_german_downloads_are_named_after_the_data_and_finished(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = deferred_downloads(monkeypatch)
    at = _page()
    at.selectbox(key="lang").set_value("de").run()
    at.segmented_control(key="tier").set_value("mega").run()
    assert not at.exception
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b for b in at.main.get("download_button")}
    today = dt.date.today().isoformat()
    name, make = seen[buttons["download_accounts_xlsx"].proto.deferred_file_id]
    assert name == f"infludash_sample_{today}.xlsx"
    book = load_workbook(io.BytesIO(make()))
    assert book.sheetnames == ["Konten", "Stufenübersicht", "Einstellungen"]
    sheet = book["Konten"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}181"  # 180 Mega
    headings = [c.value for c in sheet[1]]
    followers = headings.index("Follower") + 1
    rate = headings.index("Engagement-Rate") + 1
    assert sheet.cell(row=2, column=followers).number_format == "#,##0"
    assert sheet.cell(row=2, column=rate).number_format == PERCENT
    assert sheet.column_dimensions[get_column_letter(rate)].width > 13
    settings = {r[0]: r[1] for r in book["Einstellungen"].iter_rows(min_row=2, values_only=True)}
    assert settings["Angezeigte Stufe"] == "Mega"
    assert settings["Datum"] == today
    assert "sample_accounts.csv" in settings["Quelldateien"]
    name, make = seen[buttons["download_accounts_csv"].proto.deferred_file_id]
    assert name == f"infludash_sample_{today}.csv"
    lines = make().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Datei;Zeile;Handle;")
    assert len(lines) == 181


def test_numbers_follow_the_language_picked_not_the_browser() -> None:
    at = _page()
    at.selectbox(key="accounts_table_sort").set_value("followers").run()
    english = number_cells(at.dataframe[0].value, "en")
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    german = number_cells(at.dataframe[0].value, "de")
    assert german == {c: [as_german(v) for v in cells] for c, cells in english.items()}
    assert any("," in v for v in german["vs_tier_median"])
    assert any(v.startswith("-") for v in german["anomaly_z"])  # below the line: -3,2
    assert german["followers"][0].count(".") >= 2  # the largest account: millions, 1.234.567
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["vs_tier_median"]["label"] == "× Stufen-Median"
    for column in CELLS["de"]:  # text, not a number column the browser would format
        assert config[column]["type_config"] == {"type": "text"}


def test_number_columns_are_as_wide_as_the_longest_number_on_the_page() -> None:
    """The grid keeps a column's first width when a sort brings longer numbers to the top, and a
    right-aligned number then loses its leading digits: the width comes from the page shown."""
    at = _page()
    billion = _big_file().replace(b"9000000,", b"9000000000,")
    at.file_uploader[0].set_value(("big.csv", billion, "text/csv")).run()
    at.selectbox(key="accounts_table_sort").set_value("followers").run()
    config = json.loads(at.dataframe[0].proto.columns)
    assert at.dataframe[0].value["followers"].iloc[0] == "9,000,000,000"
    assert config["followers"]["width"] >= len("9,000,000,000") * 7.5 + 16
    at.toggle(key="accounts_table_descending").set_value(False).run()  # the smallest first
    narrow = json.loads(at.dataframe[0].proto.columns)["followers"]["width"]
    assert narrow < config["followers"]["width"]


def test_an_empty_tier_says_so_and_file_order_has_no_direction() -> None:
    at = _page()
    at.file_uploader[0].set_value(("small.csv", UPLOAD, "text/csv")).run()
    assert not at.exception
    assert at.toggle(key="accounts_table_descending").disabled  # "Order in the file"
    at.selectbox(key="accounts_table_sort").set_value("followers").run()
    assert not at.toggle(key="accounts_table_descending").disabled
    at.segmented_control(key="tier").set_value("mega").run()  # no Mega account in the file
    captions = [c.value for c in at.caption]
    assert any("No account here" in c for c in captions)
    assert not any("Rows 0–0" in c for c in captions)
