"""Spreadsheet exports: text stays text, numbers stay numbers, and the Excel row limit is said."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from infludash.analysis.analysis import Analysis, Spec
from infludash.analysis.filters import Filters
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.base.errors import InputError
from infludash.base.schema import ER_PCT, FOLLOWERS
from infludash.present import export
from infludash.present.downloads import summary_csv
from infludash.present.export import account_export, check_excel_rows, to_xlsx_bytes
from infludash.present.i18n import get_locale
from infludash.present.workbook import PERCENT
from infludash.read.combine import combine
from infludash.read.reader import read_accounts
from tests.fixtures import SAMPLE


def test_streamed_workbook_keeps_text_as_text_and_numbers_as_numbers() -> None:
    frame = pd.DataFrame(
        {
            "handle": pd.array(["=1+1", "@x", "plain", None], dtype="string"),
            "followers": [1.0, 2.5, np.nan, 4.0],
            "flag": [True, False, True, False],
        }
    )
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("handle", "followers", "flag")
    assert rows[1] == ("'=1+1", 1, True)
    assert rows[2] == ("'@x", 2.5, False)
    assert rows[3] == ("plain", None, True)
    assert rows[4] == (None, 4, False)
    assert all(cell.data_type == "s" for cell in sheet[2][:1])


def test_more_rows_than_one_excel_sheet_holds_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check_excel_rows(export.EXCEL_MAX_ROWS)  # exactly full: fine
    with pytest.raises(InputError) as caught:
        check_excel_rows(export.EXCEL_MAX_ROWS + 1)
    assert "Excel" in get_locale("en").error(caught.value)
    assert "CSV" in get_locale("en").error(caught.value)
    assert "Excel" in get_locale("de").error(caught.value)
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)
    with pytest.raises(InputError):
        to_xlsx_bytes(pd.DataFrame({"followers": [1, 2, 3]}))


DAY = dt.date(2025, 3, 4)


def _accounts() -> pd.DataFrame:
    """Accounts as :func:`account_export` hands them over (column ids, rates in percent)."""
    return pd.DataFrame(
        {
            "handle": pd.array(["=1+1", "a;b", "ü"], dtype="string"),
            "followers": pd.array([12_345, 5_000, 1_234_567], dtype="Int64"),
            "er_pct": [3.5, np.nan, 0.25],
            "possible_duplicate": [False, True, False],
            "er_basis": "followers",
            "tier_scheme": "article",
        }
    )


def test_german_csv_opens_as_columns_in_german_excel_and_english_stays() -> None:
    from infludash.present.downloads import accounts_csv

    german = accounts_csv(_accounts(), get_locale("de"))
    assert german.startswith(b"\xef\xbb\xbf")  # BOM kept
    rows = list(csv.reader(io.StringIO(german.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Handle", "Follower", "Engagement-Rate (%)"]
    assert rows[1][:3] == ["'=1+1", "12345", "3,5"]  # neutralised; no thousands separator
    assert rows[2][:3] == ["a;b", "5000", ""]  # a semicolon in a text is quoted
    assert rows[3][:3] == ["ü", "1234567", "0,25"]
    assert rows[1][-2:] == ["Interaktionen ÷ Follower", "Standard (Nano bis Mega)"]
    english = accounts_csv(_accounts(), get_locale("en")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(english)))
    assert rows[0][:3] == ["handle", "followers", "er_pct"]
    assert rows[1][:3] == ["'=1+1", "12345", "3.5"]
    assert ";" not in english.splitlines()[0]


def _sample_analysis(lang: str, filters: Filters | None = None) -> Analysis:
    loc = get_locale(lang)
    result = combine([read_accounts(SAMPLE, source="sample_accounts.csv")])
    return Analysis(result, Spec(loc.scheme(DEFAULT_SCHEME), filters=filters or Filters()))


@pytest.mark.parametrize(
    ("lang", "sheets", "words"),
    [
        (
            "de",
            ["Konten", "Stufenübersicht", "Einstellungen"],
            {"followers": "Follower", "er": "Engagement-Rate", "scheme": "Stufenschema"},
        ),
        (
            "en",
            ["Accounts", "Tier summary", "Settings"],
            {"followers": "Followers", "er": "Engagement rate", "scheme": "Tier scheme"},
        ),
    ],
)
def test_excel_download_looks_finished_in_the_analysts_language(
    lang: str, sheets: list[str], words: dict[str, str]
) -> None:
    from openpyxl.utils import get_column_letter

    from infludash.present.downloads import About, accounts_xlsx

    loc = get_locale(lang)
    analysis = _sample_analysis(lang, Filters(platform=("Instagram",)))
    flags = analysis.flags(3.0)
    frame = account_export(
        analysis.rows().assign(anomaly_z=flags.z, anomaly=flags.code),
        analysis.scheme,
        loc=loc,
        basis=analysis.everyone.basis,
    )
    about = About(
        sources=("sample_accounts.csv",),
        is_sample=True,
        scheme=analysis.scheme,
        basis=analysis.summary.er_basis,
        filters=analysis.filters,
        z_limit=3.0,
        day=DAY,
    )
    book = load_workbook(io.BytesIO(accounts_xlsx(frame, analysis.summary, about, loc)))
    assert book.sheetnames == sheets
    accounts = book[sheets[0]]
    assert accounts.freeze_panes == "A2"
    last = f"{get_column_letter(accounts.max_column)}{len(frame) + 1}"
    assert accounts.auto_filter.ref == f"A1:{last}"
    headings = [cell.value for cell in accounts[1]]
    followers = headings.index(words["followers"]) + 1
    er = headings.index(words["er"]) + 1
    widths = [
        accounts.column_dimensions[get_column_letter(i)].width
        for i in range(1, accounts.max_column + 1)
    ]
    assert all(w > 8.43 for w in widths)  # Excel's default width
    assert widths[er - 1] > 13  # openpyxl's default: the heading fits
    rate = accounts.cell(row=2, column=er)
    assert rate.number_format == PERCENT
    assert rate.value == pytest.approx(frame[ER_PCT].iloc[0] / 100)  # a fraction for "%"
    count = accounts.cell(row=2, column=followers)
    assert count.number_format == "#,##0"
    assert count.value == frame[FOLLOWERS].iloc[0]
    summary = book[sheets[1]]
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref is not None
    tiers = [row[0] for row in summary.iter_rows(min_row=2, values_only=True)]
    assert tiers == list(analysis.scheme.labels)
    share = [c.value for c in summary[1]].index(loc.t("table.share")) + 1
    assert summary.cell(row=2, column=share).number_format == "0.0%"
    settings = {row[0]: row[1] for row in book[sheets[2]].iter_rows(min_row=2, values_only=True)}
    assert settings[words["scheme"]] == analysis.scheme.title
    assert settings[loc.t("export.basis")] == loc.t(f"basis.{analysis.summary.er_basis}")
    assert "Instagram" in settings[loc.t("export.filters")]
    assert "sample_accounts.csv" in settings[loc.t("export.files")]
    assert settings[loc.t("export.date")] == "2025-03-04"


def test_downloads_are_named_after_the_data_and_the_day() -> None:
    from infludash.present.downloads import download_name

    assert download_name(("sample_accounts.csv",), True, DAY, "xlsx") == (
        "infludash_sample_2025-03-04.xlsx"
    )
    assert download_name(("Q1 export.xlsx", "b.csv"), False, DAY, "csv") == (
        "infludash_Q1_export_2025-03-04.csv"
    )
    assert download_name(("../..",), False, DAY, "csv") == "infludash_data_2025-03-04.csv"


def test_yes_no_columns_are_what_each_csv_reader_takes_for_yes_and_no() -> None:
    """German Excel reads WAHR/FALSCH in a CSV as yes/no cells; "True" would stay text. The
    English CSV keeps True/False for scripts."""
    from infludash.present.downloads import accounts_csv

    frame = pd.DataFrame(
        {"handle": ["a", "b", "c"], "possible_duplicate": pd.array([True, False, None])}
    )
    german = accounts_csv(frame, get_locale("de")).decode("utf-8-sig").splitlines()
    assert [line.split(";")[1] for line in german[1:]] == ["WAHR", "FALSCH", ""]
    english = accounts_csv(frame, get_locale("en")).decode("utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in english[1:]] == ["True", "False", ""]


def test_excel_rates_show_a_small_rate_as_small_not_zero() -> None:
    """Excel's conditions: exactly zero 0.00%, below 0.01% up to four decimals, else two
    (checked by eye in LibreOffice: 0.00003 shows 0.003%)."""

    zero, small, usual = PERCENT.split(";")
    assert zero == "[=0]0.00%"
    assert small.startswith("[<0.0001]")
    assert usual == "0.00%"


def test_an_empty_text_is_an_empty_cell_not_an_inline_string_without_text() -> None:
    import zipfile

    from infludash.present.workbook import Sheet, write_workbook

    frame = pd.DataFrame({"handle": ["a", "b"], "flag": ["", "low"]})
    data = write_workbook([Sheet("accounts", frame)])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert 't="inlineStr" />' not in sheet
    assert 't="inlineStr"/>' not in sheet
    assert "low" in sheet


@pytest.mark.parametrize(
    ("lang", "share", "rate"),
    [
        ("en", "Share (fraction, 0–1)", "Median ER (%)"),
        ("de", "Anteil (Bruchteil, 0–1)", "Median-ER (%)"),
    ],
)
def test_the_tier_summary_csv_says_its_units(lang: str, share: str, rate: str) -> None:
    summary = Analysis(read_accounts(SAMPLE)).summary
    loc = get_locale(lang)
    text = summary_csv(summary, loc).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";" if lang == "de" else ","))
    assert share in header
    assert rate in header
