"""Files analysts actually upload, built here synthetically, each with its exact expected reading.

German Excel (semicolons, decimal commas, Tsd./Mio., Windows-1252 umlauts), Excel's UTF-16 "Unicode
text", real .xlsx workbooks, and a file that mixes valid rows, invalid followers, exact duplicates
and a blank record.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infludash.base.errors import InputError
from infludash.present.i18n import get_locale
from infludash.read.combine import in_file
from infludash.read.filetype import detect_kind
from infludash.read.reader import ReadResult, preview_columns, read_accounts
from infludash.read.rejections import Reason
from tests.fixtures import raises_said, said, workbook_bytes


def _holds(result: ReadResult) -> bool:
    return len(result.accounts) + len(result.rejected) + result.duplicates == result.rows_read


GERMAN = (
    "Kanal;Plattform;Abonnenten;Ø Gefällt mir;Kommentare;Engagement-Rate;Land\r\n"
    "Müller_Kocht;Instagram;12,5 Tsd.;1.234;56;3,4 %;Österreich\r\n"
    "Süßes_Leben;TikTok;1,2 Mio.;45.300;1.200;4,1 %;Deutschland\r\n"
    "Jörg Grün;YouTube;987.654;12.345,5;300;1,3 %;Schweiz\r\n"
    "Straße_Fit;Instagram;2.500;98;7;4,2 %;Deutschland\r\n"
)


def test_german_excel_semicolons_decimal_commas_and_cp1252() -> None:
    result = read_accounts(GERMAN.encode("cp1252"), source="de.csv")
    assert _holds(result)
    assert result.rows_read == 4
    assert result.rejected.empty
    accounts = result.accounts
    assert accounts["handle"].tolist() == ["Müller_Kocht", "Süßes_Leben", "Jörg Grün", "Straße_Fit"]
    assert accounts["platform"].tolist() == ["Instagram", "TikTok", "YouTube", "Instagram"]
    assert accounts["followers"].tolist() == [12_500.0, 1_200_000.0, 987_654.0, 2_500.0]
    assert accounts["avg_likes"].tolist() == [1_234.0, 45_300.0, 12_345.5, 98.0]
    assert accounts["avg_comments"].tolist() == [56.0, 1_200.0, 300.0, 7.0]
    assert accounts["reported_er_pct"].tolist() == pytest.approx([3.4, 4.1, 1.3, 4.2])
    assert accounts["country"].tolist()[0] == "Österreich"
    assert any("Windows-1252" in w for w in said(result.warnings))


def test_same_german_file_in_utf8_reads_the_same_without_a_warning() -> None:
    result = read_accounts(GERMAN.encode("utf-8-sig"))
    assert result.accounts["followers"].tolist() == [12_500.0, 1_200_000.0, 987_654.0, 2_500.0]
    assert not any("encoding" in w or "Windows" in w for w in said(result.warnings))


def test_excel_unicode_text_utf16_tab_separated() -> None:
    text = (
        "Username\tFollowers\tLikes\tComments\r\n"
        "alpha\t1,234\t56\t7\r\nbeta ✨\t45.3K\t1,200\t30\r\n"
    )
    for encoding in ("utf-16", "utf-16-be"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        result = read_accounts(data)
        assert result.accounts["handle"].tolist() == ["alpha", "beta ✨"]
        assert result.accounts["followers"].tolist() == [1_234.0, 45_300.0]
        assert result.accounts["avg_likes"].tolist() == [56.0, 1_200.0]


def test_utf16_without_bom_is_recognised_with_a_warning() -> None:
    data = "handle\tfollowers\na\t10\nb\t20\n".encode("utf-16-le")
    result = read_accounts(data)
    assert result.accounts["followers"].tolist() == [10.0, 20.0]
    assert any("byte-order mark" in w for w in said(result.warnings))


XLSX = workbook_bytes(
    {
        "Notes": [["This sheet is not a table"]],
        "Accounts": [
            [None],
            ["Handle", "Platform", "Followers", "Avg Likes", "Avg Comments"],
            ["alpha", "Instagram", 10_000, 350.0, 12],
            ["beta", "TikTok", "1,2 Mio.", 40_000, 900],
            [None, None, None, None, None],
            ["gamma", "YouTube", 999_999.0, 12_345.5, None],
            ["delta", "Instagram", 12.5, 1, 1],
        ],
    }
)


def test_xlsx_sheet_by_name_and_number() -> None:
    assert detect_kind(XLSX) == "xlsx"
    for sheet in ("Accounts", "2", "accounts", " ACCOUNTS"):  # Excel's names ignore case
        result = read_accounts(XLSX, sheet=sheet, source="book.xlsx")
        assert _holds(result)
        assert result.rows_read == 5
        assert result.accounts["handle"].tolist() == ["alpha", "beta", "gamma"]
        assert result.accounts["followers"].tolist() == [10_000.0, 1_200_000.0, 999_999.0]
        assert result.accounts["avg_likes"].tolist() == [350.0, 40_000.0, 12_345.5]
        reasons = dict(zip(result.rejected["row"], result.rejected["reason"], strict=True))
        assert reasons == {3: Reason.BLANK_RECORD, 5: Reason.FOLLOWERS_NOT_WHOLE}


def test_xlsx_finds_the_sheet_with_accounts_and_refuses_unknown_sheets() -> None:
    result = read_accounts(XLSX)  # the first sheet holds notes, not accounts
    assert result.accounts["handle"].tolist() == ["alpha", "beta", "gamma"]
    assert any("'Accounts', the first with a followers column" in w for w in said(result.warnings))
    with raises_said("no followers column"):
        read_accounts(XLSX, sheet="Notes")
    with raises_said(r"no sheet 'Nope'.*Notes, Accounts"):
        read_accounts(XLSX, sheet="Nope")
    assert preview_columns(XLSX, sheet="Accounts").mapping["followers"] == "Followers"


def test_xlsx_title_rows_above_the_header_are_skipped() -> None:
    book = workbook_bytes(
        {
            "Shortlist": [
                ["Kampagne Frühjahr – Shortlist"],
                ["Stand: März"],
                [],
                ["Kanal", "Abonnenten", "Gefällt mir"],
                ["a", 1_000, 10],
                ["b", 20_000, 300],
            ]
        }
    )
    result = read_accounts(book)
    assert result.rows_read == 2
    assert result.accounts["followers"].tolist() == [1_000.0, 20_000.0]
    assert any("skipped 3 rows above the header" in w for w in said(result.warnings))


MIXED = (
    "handle,platform,followers,likes\n"
    "a,Instagram,1000,10\n"  # 1 kept
    "b,Instagram,lots,10\n"  # 2 followers not a number
    "a,Instagram,1000,10\n"  # 3 exact duplicate of 1
    ",,,\n"  # 4 blank record
    "c,TikTok,12.5,1\n"  # 5 not whole
    "d,TikTok,2000,-1\n"  # 6 kept, hidden likes
    "e,TikTok,3000,1,extra\n"  # 7 wrong number of fields
    "a,Instagram,1200,10\n"  # 8 kept: same handle, other figures -> possible duplicate
    ",,,\n"  # 9 another blank record (rejected, not a duplicate)
    "f,YouTube,-5,3\n"  # 10 negative
)


def test_mixed_file_accounts_for_every_row() -> None:
    result = read_accounts(MIXED.encode(), source="mixed.csv")
    assert _holds(result)
    assert result.rows_read == 10
    assert result.accounts["row"].tolist() == [1, 6, 8]
    assert result.duplicates == 1
    reasons = dict(zip(result.rejected["row"], result.rejected["reason"], strict=True))
    assert reasons == {
        2: Reason.FOLLOWERS_NOT_A_NUMBER,
        4: Reason.BLANK_RECORD,
        5: Reason.FOLLOWERS_NOT_WHOLE,
        7: Reason.WRONG_NUMBER_OF_FIELDS,
        9: Reason.BLANK_RECORD,
        10: Reason.FOLLOWERS_NEGATIVE,
    }
    assert np.isnan(result.accounts["avg_likes"].iloc[1])
    assert any("-1" in w and "hidden" in w for w in said(result.warnings))
    assert result.accounts["possible_duplicate"].tolist() == [True, False, True]


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG image"),
        (b"%PDF-1.7\n" + bytes(100), "PDF document"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "gzip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old Excel .xls"),
        (bytes(range(256)) * 40, "binary file"),
    ],
)
def test_non_tables_are_refused_by_content(data: bytes, what: str) -> None:
    with raises_said(what):
        read_accounts(data, source="renamed.csv")


def test_zip_that_is_not_aworkbook_bytes() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("accounts.csv", "handle,followers\na,1\n")
    with raises_said("ZIP archive"):
        read_accounts(buffer.getvalue())


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\r\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"handle,followers\n", "no accounts"),
        (b"name,likes\nfoo,1\n", "no followers column"),
    ],
)
def test_empty_and_headerless_files_are_refused(data: bytes, words: str) -> None:
    with raises_said(words):
        read_accounts(data)


def test_mixed_encoding_is_read_with_replacements_and_line_numbers() -> None:
    data = "handle,followers\nJosé,10\n".encode() + b"Jos\xe9,20\nplain,30\n"
    result = read_accounts(data)
    assert result.accounts["followers"].tolist() == [10.0, 20.0, 30.0]
    assert result.accounts["handle"].tolist()[1] == "Jos\ufffd"
    warning = next(w for w in said(result.warnings) if "mixes text encodings" in w)
    assert "1 row" in warning
    assert "line 3" in warning


def test_limits_give_clear_messages() -> None:
    from infludash.read.limits import Limits

    data = b"handle,followers\n" + b"".join(b"a%d,%d\n" % (i, i) for i in range(20))
    with raises_said("20 rows, over the limit of 10"):
        read_accounts(data, limits=Limits(max_rows=10))
    with raises_said("over the limit of 0 MB"):
        read_accounts(data, limits=Limits(max_bytes=100))
    wide = b",".join(b"c%d" % i for i in range(30)) + b",followers\n" + b"1," * 30 + b"5\n"
    with raises_said("31 columns, over the limit of 20"):
        read_accounts(wide, limits=Limits(max_columns=20))
    long_value = b"handle,followers\n" + b"x" * 500 + b",1\n"
    with raises_said("500 characters long"):
        read_accounts(long_value, limits=Limits(max_field_chars=100))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_either_read_or_raise_our_error(data: bytes) -> None:
    try:
        result = read_accounts(data)
    except InputError as err:
        message = get_locale("en").error(in_file("upload", err))
        assert message.startswith("upload: ")
        assert len(message) > len("upload: ")
    else:
        assert _holds(result)
