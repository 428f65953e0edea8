"""Magnitude and unit words of the big creator markets, read exactly; ambiguous words decided
for a whole column from the file's evidence, never per cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from infludash.read.magnitudes import AMBIGUOUS, MAGNITUDES, UNIT_WORDS, Reading, resolve
from infludash.read.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Russian, Ukrainian, Polish
        ("12,4 тыс.", "12400"),
        ("12,4 тыс", "12400"),
        ("3,2 млн", "3200000"),
        ("1,1 млрд", "1100000000"),
        ("7,5 тыс. подписчиков", "7500"),
        ("12,4 тис.", "12400"),
        ("12,4 tys.", "12400"),
        # Spanish, Portuguese (mil at its usual reading: a thousand)
        ("2,3 mil", "2300"),
        ("2,3 mil seguidores", "2300"),
        ("1,2 M", "1200000"),
        ("3,5 mill.", "3500000"),
        ("1,5 millones", "1500000"),
        ("1,2 mil M", "1200000000"),
        ("4,1 mi", "4100000"),
        ("2 milhões", "2000000"),
        ("1,3 bi", "1300000000"),
        ("1M seguidores", "1000000"),
        # German, French, Italian
        ("3 Mio", "3000000"),
        ("3 Mio.", "3000000"),
        ("1.234.567 Abonnenten", "1234567"),
        ("1,2 Md", "1200000000"),
        ("1,2 Mrd.", "1200000000"),
        ("12,4 k", "12400"),
        ("2,5 Mln", "2500000"),
        ("1,1 Mld", "1100000000"),
        ("12 mila", "12000"),
        # Turkish
        ("1,2 Mn", "1200000"),
        ("3 milyon", "3000000"),
        ("1 Mr", "1000000000"),
        ("12 bin", "12000"),
        # Indonesian, Vietnamese
        ("4.5 jt", "4500000"),
        ("4,5 jt", "4500000"),
        ("12 rb", "12000"),
        ("12 ribu pengikut", "12000"),
        ("1,5 Tr", "1500000"),
        # India
        ("2 lakh", "200000"),
        ("2.5 lakhs", "250000"),
        ("1.1 crore", "11000000"),
        ("3 cr", "30000000"),
        ("4 लाख", "400000"),
        # Japanese, Chinese, Korean
        ("1.2万", "12000"),
        ("1.2萬", "12000"),
        ("3億", "300000000"),
        ("3亿", "300000000"),
        ("5천", "5000"),
        ("1.5만", "15000"),
        ("2억", "200000000"),
        ("１２万", "120000"),
        ("1.2w", "12000"),
        ("4.5万粉丝", "45000"),
        ("1.2万人", "12000"),
        ("128억5130만", "12851300000"),
        ("1億2000万", "120000000"),
        ("3만5천", "35000"),
        ("2万3456", "23456"),
        # English with unit words
        ("3.4M subscribers", "3400000"),
        ("1.2K followers", "1200"),
        ("1.2k Followers", "1200"),
        ("12,345 followers", "12345"),
        ("1.5 million", "1500000"),
        ("2 billion", "2000000000"),
        ("250 thousand", "250000"),
    ],
)
def test_magnitude_and_unit_words(text: str, value: str) -> None:
    assert parse_number(text)[0] == Decimal(value)


@pytest.mark.parametrize(
    ("words", "comma", "word", "expected"),
    [
        # usual readings when nothing decides
        ({"mil"}, None, "mil", 10**3),
        ({"b"}, None, "b", 10**9),
        ({"m"}, None, "m", 10**6),
        # another word of the column takes one of the readings
        ({"mil", "k"}, None, "mil", 10**6),
        ({"mil", "mi"}, None, "mil", 10**3),
        ({"b", "k"}, None, "b", 10**9),
        ({"b", "mrd"}, None, "b", 10**3),
        ({"m", "jt"}, None, "m", 10**9),
        ({"m", "rb"}, None, "m", 10**9),
        # languages of the column's words
        ({"mil", "followers"}, None, "mil", 10**6),
        ({"mil", "seguidores"}, None, "mil", 10**3),
        ({"b", "takipçi"}, None, "b", 10**3),
        ({"b", "followers"}, None, "b", 10**9),
        # the decimal mark: a comma is not English
        ({"b"}, True, "b", 10**3),
        ({"b"}, False, "b", 10**9),
        ({"mil"}, True, "mil", 10**3),
        ({"mil"}, False, "mil", 10**3),  # Mexico writes 2.3 mil too
        ({"m"}, True, "m", 10**6),  # German, French, Spanish M
    ],
)
def test_ambiguous_words_decided_per_column(
    words: set[str], comma: bool | None, word: str, expected: int
) -> None:
    assert resolve(words, comma_decimal=comma)[word] == expected


def test_a_thousands_group_before_a_unit_word_follows_the_column_convention() -> None:
    assert parse_number("12.345 Abonnenten", convention="group")[0] == Decimal(12345)
    assert parse_number("12,345 followers", convention="group")[0] == Decimal(12345)


def test_file_evidence_decides_when_the_column_cannot() -> None:
    assert resolve({"mil"}, file_words={"followers"})["mil"] == 10**6
    assert resolve({"mil"}, file_words={"seguidores"})["mil"] == 10**3
    # the column's own evidence outranks the file's
    assert resolve({"mil", "seguidores"}, file_words={"followers"})["mil"] == 10**3


def test_a_resolved_reading_applies_to_every_cell_alike() -> None:
    english = Reading(multipliers=resolve({"mil", "k"}))
    assert parse_number("1.2 mil", reading=english)[0] == Decimal(1_200_000)
    assert parse_number("900 k", reading=english)[0] == Decimal(900_000)


def test_constant_trailing_word_is_a_unit_only_when_the_column_says_so() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number("12 Fans-Total")
    reading = Reading(multipliers=resolve(set()), constant_word="punkte")
    assert parse_number("12 Punkte", reading=reading)[0] == Decimal(12)


def test_tables_do_not_overlap() -> None:
    assert not set(MAGNITUDES) & set(AMBIGUOUS)
    assert not set(UNIT_WORDS) & (set(MAGNITUDES) | set(AMBIGUOUS))
    for word in [*MAGNITUDES, *AMBIGUOUS, *UNIT_WORDS]:
        assert word == word.casefold()
        assert " " not in word
        assert "." not in word
