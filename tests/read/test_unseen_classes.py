"""The classes of quirk that real, previously unseen exports showed (issue 13), read through the
whole reader: small synthetic files with the same quirks, never the real files themselves."""

from __future__ import annotations

import pytest

from infludash.base.alarms import is_alarm
from infludash.base.errors import InputError
from infludash.present.i18n import get_locale
from infludash.read.columns import map_columns
from infludash.read.rates import engagements_per_post
from infludash.read.reader import read_accounts
from infludash.read.rejections import Reason
from tests.fixtures import workbook_bytes

EN = get_locale("en")


def _keys(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.key for w in result.warnings]


def _followers(data: bytes, name: str = "f.csv") -> list[float]:
    return read_accounts(data, name).accounts["followers"].tolist()


# 1. Excel floating-point noise ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (2350000.0000000005, 2_350_000),
        (879999.99999999988, 880_000),
        (16100000.000000002, 16_100_000),
        (0.1 + 0.2, None),  # 0.3 followers: still not a whole number
        (1234.5, None),
    ],
)
def test_excel_number_cells_read_as_excel_shows_them(stored: float, shown: int | None) -> None:
    book = workbook_bytes({"S": [["handle", "followers"], ["a", stored], ["b", 5000]]})
    result = read_accounts(book, "book.xlsx")
    if shown is None:
        assert result.rejected["reason"].tolist() == [Reason.FOLLOWERS_NOT_WHOLE]
    else:
        assert result.accounts["followers"].tolist() == [shown, 5000]
        assert result.rejected.empty


def test_float_noise_written_as_text_in_a_csv_is_not_excel_noise() -> None:
    result = read_accounts(b"handle,followers\na,2350000.0000000005\nb,10\n", "f.csv")
    assert result.rejected["reason"].tolist() == [Reason.FOLLOWERS_NOT_WHOLE]


def test_excel_rates_keep_their_digits() -> None:
    book = workbook_bytes({"S": [["handle", "followers", "ER"], ["a", 1000, 0.0123456789]]})
    result = read_accounts(book, "book.xlsx")
    assert result.accounts["reported_er_pct"].tolist() == pytest.approx([1.23456789])


# 2. and 3. Magnitude and unit words, decided per column ----------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Spanish Instagram: mil is a thousand, M a million
        ('"12,4 mil"\n"3,2 M"\n"900"\n', [12_400, 3_200_000, 900]),
        # English slang: thousands as k, so mil is a million
        ('"12.4k"\n"1.2 mil"\n', [12_400, 1_200_000]),
        # Portuguese with unit words
        ('"2,3 mil seguidores"\n"1,1 mi seguidores"\n', [2_300, 1_100_000]),
        # Turkish: B is bin (a thousand) beside Mn
        ('"12,4B"\n"1,2Mn"\n', [12_400, 1_200_000]),
        # English: B is a billion beside K
        ('"1.2B"\n"12K"\n', [1_200_000_000, 12_000]),
        # Indonesian: jt and rb
        ('"4,5 jt"\n"12 rb"\n', [4_500_000, 12_000]),
        # Russian with unit words
        ('"12,4 тыс."\n"3,2 млн"\n"7,5 тыс. подписчиков"\n', [12_400, 3_200_000, 7_500]),
        # Japanese, Chinese, Korean
        ('"1.2万"\n"3億"\n"5천"\n', [12_000, 300_000_000, 5_000]),
        # India
        ('"2 lakh"\n"1.1 crore"\n', [200_000, 11_000_000]),
        # German with unit words and a thousands group
        ('"12.345 Abonnenten"\n"3 Mio."\n', [12_345, 3_000_000]),
        # a unit word on every row
        ('"3.4M subscribers"\n"1.2K subscribers"\n', [3_400_000, 1_200]),
        ('"1M seguidores"\n"250 seguidores"\n', [1_000_000, 250]),
    ],
)
def test_words_read_in_a_followers_column(rows: str, expected: list[int]) -> None:
    assert _followers(("followers\n" + rows).encode()) == expected


def test_an_ambiguous_word_is_decided_for_the_column_never_per_cell() -> None:
    data = b'handle,followers\na,"1.2 mil"\nb,"900 k"\nc,"2 mil"\n'
    result = read_accounts(data, "f.csv")
    assert result.accounts["followers"].tolist() == [1_200_000, 900_000, 2_000_000]
    assert "warnings.ambiguous_word" in _keys(result)


def test_the_file_s_other_columns_decide_an_ambiguous_word() -> None:
    data = 'handle,followers,likes\na,"2 mil","1,2 mil curtidas"\nb,"5 mil","30 curtidas"\n'
    result = read_accounts(data.encode(), "f.csv")
    assert result.accounts["followers"].tolist() == [2_000, 5_000]
    assert result.accounts["avg_likes"].tolist() == [1_200, 30]


@pytest.mark.parametrize(
    ("rows", "expected", "unit"),
    [
        ("12 fans-club\n340 fans-club\n1.2k fans-club\n", [12, 340, 1_200], True),
        # not on every row: no unit, the odd cells are rejected
        ("12 pts\n340\n1.2k pts\n", [340], False),
        # too few rows to call a shared word a unit
        ("12 pts\n340 pts\n", [], False),
    ],
)
def test_a_trailing_word_on_every_row_is_a_unit(rows: str, expected: list[int], unit: bool) -> None:
    data = (
        "handle,followers\n" + "".join(f"h{i},{r}\n" for i, r in enumerate(rows.split("\n")) if r)
    ).encode()
    if not expected:
        with pytest.raises(InputError):
            read_accounts(data, "f.csv")
        return
    result = read_accounts(data, "f.csv")
    assert result.accounts["followers"].tolist() == expected
    assert ("warnings.unit_word" in _keys(result)) is unit


# 4. Lines above the header in CSV ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("above", "line"),
    [
        ("", 1),
        ("\n", 2),
        (",,\n", 2),
        ("Top TikTok creators, November 2024\n", 2),
        ("Report\n\n;;;\nexported by tool\n", 5),
        ('"Title, with a comma"\r\n,,\r\n', 3),
    ],
)
def test_header_found_below_titles_blank_and_delimiter_lines(above: str, line: int) -> None:
    data = (above + "handle,followers,likes\na,1200,30\nb,5000,40\n").encode()
    result = read_accounts(data, "f.csv")
    assert result.accounts["followers"].tolist() == [1200, 5000]
    assert result.rows_read == 2
    notes = result.warnings
    above_notes = [n for n in notes if n.key.startswith("warnings.lines_above_header")]
    if line == 1:
        assert not above_notes
    else:
        assert above_notes[0].values == {"n": line - 1, "line": line}


def test_header_search_is_bounded() -> None:
    data = ("note\n" * 40 + "handle,followers\na,10\n").encode()
    with pytest.raises(InputError) as caught:
        read_accounts(data, "f.csv")
    assert "no followers column" in EN.error(caught.value)


def test_header_below_a_title_in_a_utf8_bom_semicolon_file() -> None:
    data = "\ufeffKonten;;\nNutzername;Abonnenten;Likes\nanna;12.345;10\n".encode()
    result = read_accounts(data, "f.csv")
    assert result.accounts["followers"].tolist() == [12_345]
    assert result.accounts["handle"].tolist() == ["anna"]


# 5. Headers a person reads at once ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "canon"),
    [
        ("creator name", "handle"),
        ("tiktok username", "handle"),
        ("channel_title", "handle"),
        ("Tiktoker", "handle"),
        ("Instagram Name", "handle"),
        ("Youtube Channel", "handle"),
        ("TikTok account", "handle"),
        ("avg engagement", "avg_engagements"),
        ("Engagements per post", "avg_engagements"),
        ("instagram followers count", "followers"),
        ("followerCount", "followers"),
        ("seguidores", "followers"),
        ("Подписчики", "followers"),
        ("takipci", "followers"),
        ("팔로워 수", "followers"),
        ("likes per video", "avg_likes"),
        ("país", "country"),
        ("pais", "country"),
    ],
)
def test_header_rules(header: str, canon: str) -> None:
    assert map_columns([header]).columns == {canon: header}


@pytest.mark.parametrize(
    "header",
    [
        "followers gained",
        "new followers",
        "followers growth 30 days",
        "subscribers_for_last_30_days",
        "video views",
        "total likes",
        "likes count",
        "Following",
        "follows",
    ],
)
def test_header_rules_leave_totals_and_changes_alone(header: str) -> None:
    mapped = map_columns([header]).columns
    assert not {"followers", "avg_likes", "avg_views"} & set(mapped), mapped


@pytest.mark.parametrize(
    ("header", "alias"),
    [("Folowers", "followers"), ("Subscibers", "subscribers"), ("Follwoers", "followers")],
)
def test_a_misspelled_header_is_a_guess_with_a_warning(header: str, alias: str) -> None:
    result = read_accounts(f"handle,{header}\na,1200\n".encode(), "f.csv")
    assert result.mapping["f.csv"]["followers"] == header
    guess = next(w for w in result.warnings if "guessed" in w.key)
    assert guess.values["alias"] == repr(alias)
    assert 'followers=""' in EN.say(guess)  # how to override it


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        ("Subscriber count (M)", ["2.35", "0.5"], [2_350_000, 500_000]),
        ("Followers in K", ["12.4", "900"], [12_400, 900_000]),
        ("Abonnenten Mio.", ["1,2", "3"], [1_200_000, 3_000_000]),
        ("Followers [millions]", ["0.01"], [10_000]),
        ("Followers (M)", ["2.5M"], [2_500_000]),  # a cell's own word wins
    ],
)
def test_a_unit_in_the_header_scales_the_column_exactly(
    header: str, cells: list[str], expected: list[int]
) -> None:
    sep = ";" if "," in "".join(cells) else ","
    lines = [f"handle{sep}{header}", *(f"h{i}{sep}{c}" for i, c in enumerate(cells))]
    result = read_accounts("\n".join(lines).encode(), "f.csv")
    assert result.accounts["followers"].tolist() == expected
    assert "warnings.header_unit" in _keys(result)


@pytest.mark.parametrize(
    ("headers", "canon", "chosen"),
    [
        (["Views", "Views Avg."], "avg_views", "Views Avg."),
        (["Views Avg.", "Views"], "avg_views", "Views Avg."),
        (["Likes", "Average Likes"], "avg_likes", "Average Likes"),
        (["Likes", "likes per post"], "avg_likes", "likes per post"),
    ],
)
def test_the_per_post_sibling_beats_a_bare_header(
    headers: list[str], canon: str, chosen: str
) -> None:
    mapping = map_columns(["followers", *headers])
    assert mapping.columns[canon] == chosen


def test_engagements_per_post_fill_in_where_no_part_is_reported() -> None:
    data = b"handle,followers,likes,avg engagement\na,1000,50,70\nb,1000,,30\n"
    result = read_accounts(data, "f.csv")
    assert engagements_per_post(result.accounts).tolist() == [50, 30]


# 6. Never a silent failure -----------------------------------------------------------------------


def test_a_file_that_yields_no_accounts_is_an_error_that_says_what_to_do() -> None:
    with pytest.raises(InputError) as caught:
        read_accounts(b"handle,followers\na,lots\nb,many\nc,\n", "f.csv")
    assert caught.value.note.key == "errors.no_accounts_read"
    message = EN.error(caught.value)
    assert "'lots'" in message
    assert "'followers'" in message
    assert "map another column" in message


def test_most_rows_rejected_for_one_reason_is_an_alarm() -> None:
    rows = "".join(f"h{i},{1000 + i}.5\n" for i in range(8)) + "x,12\ny,40\n"
    result = read_accounts(("handle,Follower Avg\n" + rows).encode(), "f.csv")
    alarms = [w for w in result.warnings if is_alarm(w)]
    assert len(alarms) == 1
    alarm = alarms[0]
    assert alarm.values["n"] == 8
    assert alarm.values["total"] == 10
    assert "1000.5" in EN.say(alarm)


def test_a_few_rejected_rows_are_no_alarm() -> None:
    result = read_accounts(b"handle,followers\na,10\nb,x\nc,30\n", "f.csv")
    assert not [w for w in result.warnings if is_alarm(w)]


def test_a_missing_handle_column_is_said() -> None:
    result = read_accounts(b"followers,likes\n10,1\n", "f.csv")
    assert "warnings.no_handle_column" in _keys(result)
    assert "warnings.no_handle_column" not in _keys(read_accounts(b"handle,followers\na,1\n"))


def test_csv_text_pasted_into_one_sheet_column_is_read_as_csv() -> None:
    book = workbook_bytes(
        {"S": [["id,followerCount,engagementRate"], ["ana,23802,2.5"], ["bo,5000,1.1"]]}
    )
    result = read_accounts(book, "book.xlsx")
    assert result.accounts["followers"].tolist() == [23_802, 5_000]
    assert "warnings.csv_in_one_column" in _keys(result)
