"""Reading account lists: delimiters, encodings, clear errors, and every row accounted for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.base.errors import InputError
from infludash.present.i18n import get_locale
from infludash.present.rejected import detail_words
from infludash.read.combine import in_file
from infludash.read.reader import (
    ReadResult,
    combine,
    display_name,
    read_accounts,
)
from infludash.read.rejections import Reason
from infludash.read.table import sniff_delimiter
from tests.fixtures import csv_bytes, csv_text, raises_said, said

HEADER = ("handle", "platform", "followers", "avg_likes")
ROWS = [
    ("alpha", "Instagram", "1,234", "56"),
    ("beta, the second", "TikTok", "45.3K", "1.200"),
    ("gamma", "YouTube", "2,5 Mio.", "12"),
]


def _accounting_holds(result: ReadResult) -> bool:
    return len(result.accounts) + len(result.rejected) + result.duplicates == result.rows_read


def test_read_bytes_and_path_agree(tmp_path: Path) -> None:
    data = csv_bytes(HEADER, [("a", "ig", "100", "5"), ("b", "tt", "2000", "40")])
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    from_bytes = read_accounts(data, source="list.csv")
    from_path = read_accounts(path)
    pd.testing.assert_frame_equal(from_bytes.accounts, from_path.accounts)
    assert from_path.sources == ["list.csv"]
    assert from_path.accounts["source"].tolist() == ["list.csv", "list.csv"]
    assert from_path.accounts["followers"].tolist() == [100.0, 2000.0]
    assert from_path.accounts["platform"].tolist() == ["Instagram", "TikTok"]
    assert read_accounts(data).sources == ["upload"]
    assert read_accounts(str(path), source="named").sources == ["named"]


def test_canonical_columns_and_row_numbers() -> None:
    data = csv_bytes(
        ["Username", "Subscribers count", "Likes (Avg.)", "extra"],
        [("x", "10", "1", "?"), ("y", "20", "2", "?")],
    )
    result = read_accounts(data)
    assert list(result.accounts.columns) == [
        "source",
        "row",
        "handle",
        "followers",
        "avg_likes",
        "possible_duplicate",
    ]
    assert result.accounts["row"].tolist() == [1, 2]
    assert result.mapping == {
        "upload": {
            "handle": "Username",
            "followers": "Subscribers count",
            "avg_likes": "Likes (Avg.)",
        },
    }


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    text = csv_text(HEADER, ROWS, delimiter=delimiter)
    assert sniff_delimiter(text)[0] == delimiter
    result = read_accounts(text.encode())
    assert result.rows_read == 3
    assert list(result.accounts.columns) == [
        "source",
        "row",
        "handle",
        "platform",
        "followers",
        "avg_likes",
        "possible_duplicate",
    ]
    assert result.accounts["handle"].tolist() == ["alpha", "beta, the second", "gamma"]
    assert result.accounts["followers"].tolist() == [1234.0, 45_300.0, 2_500_000.0]


@pytest.mark.parametrize(
    "text",
    [
        "handle;followers\na;1.500\nb;2.500\n",
        "handle;followers;likes\nDoe, Jane;1.234;3,4\nRoe, Rick;2,5 Tsd.;1,0\n",
        "Kanal;Abonnenten;Ø Likes\nkanal_a;12,5 Tsd.;120,5\nkanal_b;1,2 Mio.;3.400,5\n",
        'handle;followers\n"semi;colon";100\nplain;200\n',
        "handle;followers\r\na,b,c;1,0 Tsd.\r\nd;2\r\n",
    ],
)
def test_semicolon_file_is_never_one_column(text: str) -> None:
    assert sniff_delimiter(text)[0] == ";"
    result = read_accounts(text.encode())
    assert "followers" in result.accounts.columns
    assert "handle" in result.accounts.columns
    assert len(result.accounts) == 2
    assert result.rejected.empty


_HANDLE = st.text(alphabet="abcXYZ09 ,._-'\"äø|\t", min_size=1, max_size=12).filter(
    lambda s: s.strip() == s
)


@given(
    st.lists(
        st.tuples(_HANDLE, st.integers(min_value=0, max_value=10**9), st.booleans()),
        min_size=1,
        max_size=15,
    )
)
def test_semicolon_exports_with_german_numbers_round_trip(
    rows: list[tuple[str, int, bool]],
) -> None:
    cells = []
    for handle, followers, grouped in rows:
        german = grouped and followers >= 10**6
        text = f"{followers:,}".replace(",", ".") if german else str(followers)
        cells.append((handle, text, f"{followers // 100},5"))
    data = csv_bytes(("Benutzername", "Abonnenten", "Gefällt mir"), cells, delimiter=";")
    result = read_accounts(data)
    assert result.mapping["upload"] == {
        "handle": "Benutzername",
        "followers": "Abonnenten",
        "avg_likes": "Gefällt mir",
    }
    assert _accounting_holds(result)
    kept = result.accounts
    expected = {(h, float(f)) for h, f, _ in rows}
    assert set(zip(kept["handle"], kept["followers"], strict=True)) == expected
    assert result.rejected.empty


def test_utf8_bom_is_dropped_without_warning() -> None:
    data = csv_bytes(("handle", "followers"), [("süß.bytes", "10")], encoding="utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    result = read_accounts(data)
    assert result.mapping["upload"] == {"handle": "handle", "followers": "followers"}
    assert result.accounts["handle"].tolist() == ["süß.bytes"]
    assert result.warnings == []


def test_windows_1252_fallback_warns() -> None:
    data = csv_bytes(
        ("handle", "followers"), [("Müller", "10"), ("Crème", "20")], encoding="cp1252"
    )
    result = combine([read_accounts(data, source="legacy.csv")])
    assert result.accounts["handle"].tolist() == ["Müller", "Crème"]
    (warning,) = said(result.warnings)
    assert warning.startswith("legacy.csv: ")
    assert "not UTF-8" in warning
    assert "Windows-1252" in warning


def test_crlf_and_blank_lines() -> None:
    data = b"handle,followers\r\n\r\na,1\r\n\r\nb,2\r\n\r\n"
    result = read_accounts(data)
    assert result.rows_read == 2
    assert result.accounts["followers"].tolist() == [1.0, 2.0]


def test_trailing_delimiter_is_not_an_error() -> None:
    result = read_accounts(b"handle,followers\na,1,\nb,2,\n")
    assert result.accounts["handle"].tolist() == ["a", "b"]
    assert result.accounts["followers"].tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", ["empty"]),
        (b"   \r\n\n\t\n", ["empty"]),
        (b"\xef\xbb\xbf\n", ["empty"]),
        (b"handle,followers\n", ["header row", "no accounts"]),
        (b"handle,followers\n\n\n", ["header row", "no accounts"]),
        (
            b"handle,likes,comments\na,1,2\n",
            [
                "no followers column",
                "'handle', 'likes', 'comments'",
                "followers",
                "subscribers",
                "abonnenten",
            ],
        ),
    ],
)
def test_unreadable_files_raise_input_error(data: bytes, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        read_accounts(data, source="file.csv")
    message = get_locale("en").error(in_file("file.csv", caught.value))
    assert message.startswith("file.csv: ")
    assert "\n" not in message
    for word in words:
        assert word in message


def test_path_errors(tmp_path: Path) -> None:
    with raises_said("no such file"):
        read_accounts(tmp_path / "missing.csv")
    with raises_said("is a folder"):
        read_accounts(tmp_path)


def test_override_naming_a_missing_column() -> None:
    with raises_said("no column named 'Fans total'"):
        read_accounts(b"handle,followers\na,1\n", overrides={"followers": "Fans total"})


def test_override_selects_the_column() -> None:
    data = b"handle,followers,Fans total\na,1,500\n"
    result = read_accounts(data, overrides={"followers": "Fans total"})
    assert result.accounts["followers"].tolist() == [500.0]


def test_row_accounting_and_reasons() -> None:
    rows = [
        ("ok1", "1,000", "10"),  # 1 kept
        ("ok1", "1,000", "10"),  # 2 exact duplicate of 1
        ("bad", "lots", "1"),  # 3 not a number
        ("bad", "lots", "1"),  # 4 duplicate of a rejected row
        ("neg", "-5", "1"),  # 5 negative
        ("gap", "", "1"),  # 6 missing
        ("na", "N/A", "1"),  # 7 missing marker
        ("pct", "3%", "1"),  # 8 percentage
        ("ok1", "1,001", "10"),  # 9 same handle, other value: kept, not a duplicate
        ("ok2", "0", ""),  # 10 zero followers is an account
        ("inf", "1e309", "1"),  # 11 overflows a float: not a number
        ("ok3", "12K", "-3"),  # 12 kept; a negative interaction is dropped, not the row
    ]
    result = read_accounts(csv_bytes(("handle", "followers", "likes"), rows), source="s.csv")
    assert result.rows_read == 12
    assert result.duplicates == 2
    assert len(result.accounts) == 4
    assert len(result.rejected) == 6
    assert _accounting_holds(result)
    assert result.accounts["row"].tolist() == [1, 9, 10, 12]
    assert result.accounts["followers"].tolist() == [1000.0, 1001.0, 0.0, 12_000.0]
    assert np.isnan(result.accounts["avg_likes"].iloc[3])
    rejected = result.rejected
    assert rejected["row"].tolist() == [3, 5, 6, 7, 8, 11]
    assert rejected["source"].tolist() == ["s.csv"] * 6
    reasons = dict(zip(rejected["row"], rejected["reason"], strict=True))
    assert reasons[3] == Reason.FOLLOWERS_NOT_A_NUMBER
    assert reasons[5] == Reason.FOLLOWERS_NEGATIVE
    assert reasons[6] == reasons[7] == Reason.FOLLOWERS_MISSING
    assert reasons[8] == Reason.FOLLOWERS_PERCENTAGE
    assert reasons[11] == Reason.FOLLOWERS_NOT_A_NUMBER
    assert rejected["reason"].map(lambda r: isinstance(r, Reason)).all()
    # the rejected rows keep the original cells, so the analyst can find and fix them
    assert [raw.split(",")[1] for raw in rejected["raw"]] == [
        "lots",
        "-5",
        "",
        "N/A",
        "3%",
        "1e309",
    ]


_FOLLOWER_CELLS = ["10", "2,5K", "1.234.567", "0", "", "NA", "-3", "x", "5%", "1e309", "7"]
_VALID_CELLS = {"10", "2,5K", "1.234.567", "0", "7"}


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(_FOLLOWER_CELLS)),
        min_size=1,
        max_size=25,
    )
)
def test_accounting_invariant_holds_for_any_mix(rows: list[tuple[str, str]]) -> None:
    data = csv_bytes(("handle", "followers"), rows)
    if not {cell for _, cell in rows} & _VALID_CELLS:  # no account at all: an error, not empty
        with raises_said("gave an account"):
            read_accounts(data)
        return
    result = read_accounts(data)
    assert result.rows_read == len(rows)
    assert _accounting_holds(result)
    assert result.duplicates == len(rows) - len(set(rows))
    assert (result.rejected["reason"] != "").all()
    assert np.isfinite(result.accounts["followers"]).all()
    assert (result.accounts["followers"] >= 0).all()


@pytest.mark.parametrize("handle", ["NA", "null", "None", "nan", "N/A", "-", "#N/A"])
def test_missing_marker_handles_are_kept_literally(handle: str) -> None:
    result = read_accounts(csv_bytes(("handle", "followers"), [(handle, "10"), ("x", "20")]))
    assert result.accounts["handle"].tolist() == [handle, "x"]
    assert result.rejected.empty


@pytest.mark.parametrize(
    ("cell", "platform"),
    [
        ("instagram", "Instagram"),
        ("IG", "Instagram"),
        ("Tik Tok", "TikTok"),
        ("tt", "TikTok"),
        ("YT", "YouTube"),
        ("youtube", "YouTube"),
        ("Twitch", "Twitch"),
    ],
)
def test_platform_names_are_normalised(cell: str, platform: str) -> None:
    result = read_accounts(csv_bytes(("handle", "network", "followers"), [("a", cell, "1")]))
    assert result.accounts["platform"].tolist() == [platform]


def test_combine_keeps_source_and_adds_counts() -> None:
    first = read_accounts(
        csv_bytes(("handle", "followers"), [("a", "1"), ("a", "1")]), source="one.csv"
    )
    second = read_accounts(
        csv_bytes(("Username", "Subscribers"), [("b", "2"), ("c", "x")]), source="two.csv"
    )
    both = combine([first, second])
    assert both.accounts["source"].tolist() == ["one.csv", "two.csv"]
    assert both.accounts["handle"].tolist() == ["a", "b"]
    assert both.rejected["source"].tolist() == ["two.csv"]
    assert both.rows_read == 4
    assert both.duplicates == 1
    assert _accounting_holds(both)
    assert both.sources == ["one.csv", "two.csv"]
    assert set(both.mapping) == {"one.csv", "two.csv"}
    only = combine([first])  # one file: its warnings named, nothing else changed
    assert only.accounts is first.accounts
    assert only.rejected is first.rejected
    with pytest.raises(InputError):
        combine([])


def test_renamed_changes_source_everywhere() -> None:
    data = "handle,followers\nMüller,1\nx,bad\n".encode("cp1252")
    result = read_accounts(data, source="upload").renamed("mine.csv")
    assert result.sources == ["mine.csv"]
    assert result.accounts["source"].tolist() == ["mine.csv"]
    assert result.rejected["source"].tolist() == ["mine.csv"]
    assert list(result.mapping) == ["mine.csv"]
    assert said(combine([result]).warnings)[0].startswith("mine.csv: the file is not UTF-8")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("list.csv", "list.csv"),
        ("C:\\Users\\x\\list.csv", "list.csv"),
        ("../../etc/list.csv", "list.csv"),
        ("bad\x00name\n.csv", "bad name .csv"),
        ("", "upload"),
        ("a" * 100 + ".csv", "a" * 79 + "…"),
    ],
)
def test_display_name(name: str, shown: str) -> None:
    assert display_name(name) == shown


@pytest.mark.parametrize(
    ("text", "row", "words"),
    [
        (b"handle,followers\na,1\nb,2\nc,3,4\n", 3, ["3 fields", "header has 2", "comma"]),
        (b"handle,followers\na,1,2\nb,2\n", 1, ["3 fields", "header has 2"]),
        (b"handle;followers\na;1\nb;2;x;y\n", 2, ["4 fields", "semicolon"]),
        (b"handle,followers\na,1\nb\n", 2, ["1 field,", "header has 2"]),
    ],
)
def test_ragged_rows_are_rejected_not_shifted(text: bytes, row: int, words: list[str]) -> None:
    result = read_accounts(text)
    assert _accounting_holds(result)
    assert result.rejected["row"].tolist() == [row]
    assert result.rejected["reason"].iloc[0] == Reason.WRONG_NUMBER_OF_FIELDS
    (detail,) = detail_words(result.rejected, get_locale("en"))
    for word in words:
        assert word in detail
    assert result.rejected["raw"].iloc[0] == text.decode().splitlines()[row]
    # The other rows keep their own values: nothing shifted into the wrong column.
    assert set(result.accounts["handle"]) <= {"a", "b"}


def test_trailing_delimiter_loses_nothing_and_keeps_the_row() -> None:
    result = read_accounts(b"handle,followers\na,10,\nb,20,\n")
    assert result.accounts["followers"].tolist() == [10.0, 20.0]
    assert result.rejected.empty
