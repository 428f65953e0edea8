"""Number parsing: every way an export writes a number, exact to the follower, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.read.numbers import MISSING_MARKERS, parse_number, parse_numeric


@pytest.mark.parametrize(
    ("text", "value", "percent"),
    [
        ("0", "0", False),
        ("42", "42", False),
        ("  42  ", "42", False),
        ("+42", "42", False),
        ("-42", "-42", False),
        ("3.5", "3.5", False),
        (".5", "0.5", False),
        ("45.3K", "45300", False),
        ("45.3k", "45300", False),
        ("32.8M", "32800000", False),
        ("1.5B", "1500000000", False),
        ("2bn", "2000000000", False),
        ("1,2 Mio.", "1200000", False),
        ("1,2 Mio", "1200000", False),
        ("3 Mrd.", "3000000000", False),
        ("12 Tsd.", "12000", False),
        ("1,5K", "1500", False),
        ("12,345", "12345", False),
        ("1,234,567", "1234567", False),
        ("1.234.567", "1234567", False),
        ("1,234.5", "1234.5", False),
        ("1.234,5", "1234.5", False),
        ("1,5", "1.5", False),
        ("12,34", "12.34", False),
        ("22,20,00,000", "222000000", False),
        ("1,23,456", "123456", False),
        ("1 234 567", "1234567", False),
        ("1\u00a0234", "1234", False),
        ("1'234'567", "1234567", False),
        ("5e+06", "5000000", False),
        ("5E6", "5000000", False),
        ("1.2e3", "1200", False),
        ("3,4 %", "3.4", True),
        ("1.39%", "1.39", True),
        ("12%", "12", True),
    ],
)
def test_parse_number(text: str, value: str, percent: bool) -> None:
    parsed, is_pct = parse_number(text)
    assert parsed == Decimal(value)
    assert is_pct is percent


def test_suffix_values_are_exact_decimals() -> None:
    value, _ = parse_number("32.8M")
    assert isinstance(value, Decimal)
    assert value == Decimal(32_800_000)
    assert int(value) == 32_800_000
    assert float(value) == 32_800_000.0
    assert parse_number("0.1K")[0] == Decimal(100)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "nan",
        "NaN",
        "NA",
        "n/a",
        "N/A",
        "-",
        "--",
        "—",
        "–",
        "?",
        "null",
        "None",
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "n.a.",
    ],
)
def test_missing_markers_are_none(text: str) -> None:
    assert parse_number(text) == (None, False)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "12abc",
        "1.2.3",
        "1,2,3",
        "1,23.4,5",
        "K",
        "%",
        "1K2",
        "12 apples",
        "12 followers%",
        "3 k k",
        "inf",
        "Infinity",
        "0x1A",
        "1/2",
        "++1",
        "1e",
        "e5",
        "1.2.3K",
        "1,000,0",
    ],
)
def test_garbage_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


@pytest.mark.parametrize("text", ["1e1000000", "-1e1000000", "1e999999K", "2e999999999999M"])
def test_exponent_beyond_decimal_range_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)
    parsed = parse_numeric(pd.Series([text, "7"]))
    assert parsed.invalid.tolist() == [True, False]
    assert np.isnan(parsed.values[0])
    assert parsed.values[1] == 7.0


def test_tiny_exponent_is_zero_not_an_error() -> None:
    value, _ = parse_number("1e-1000000")
    assert value is not None
    assert float(value) == 0.0


def test_parse_numeric_series() -> None:
    cells = pd.Series(
        ["1", "45.3K", "", "NA", "x", "1e309", "inf", "-inf", "3,4 %", None, "12,345", "-5"],
        dtype=object,
    )
    parsed = parse_numeric(cells)
    values = parsed.values
    assert values.dtype == np.float64
    assert values[0] == 1.0
    assert values[1] == 45_300.0
    assert np.isnan(values[2:8]).all()
    assert values[8] == 3.4
    assert np.isnan(values[9])
    assert values[10] == 12_345.0
    assert values[11] == -5.0
    assert parsed.invalid.tolist() == [
        False,
        False,
        False,
        False,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert parsed.percent.tolist() == [False] * 8 + [True] + [False] * 3


def test_parse_numeric_on_numeric_and_empty_series() -> None:
    parsed = parse_numeric(pd.Series([1.5, np.nan, 3], dtype="float64"))
    assert parsed.values[0] == 1.5
    assert np.isnan(parsed.values[1])
    assert parsed.values[2] == 3.0
    assert not parsed.invalid.any()
    empty = parse_numeric(pd.Series([], dtype=object))
    assert empty.values.shape == empty.invalid.shape == empty.percent.shape == (0,)


def test_parse_numeric_missing_markers_are_not_invalid() -> None:
    markers = sorted(MISSING_MARKERS)
    parsed = parse_numeric(pd.Series(markers + [m.upper() for m in markers]))
    assert np.isnan(parsed.values).all()
    assert not parsed.invalid.any()


@given(st.integers(min_value=0, max_value=10**30))
def test_plain_and_grouped_integers_parse_back_exactly(n: int) -> None:
    assert parse_number(str(n)) == (Decimal(n), False)
    assert parse_number(f"{n:,}") == (Decimal(n), False)
    assert parse_number(f"{n:,}".replace(",", " ")) == (Decimal(n), False)
    if n >= 1_000_000:
        assert parse_number(f"{n:,}".replace(",", ".")) == (Decimal(n), False)


@given(st.integers(min_value=0, max_value=2**53))
def test_parse_numeric_integers_exact(n: int) -> None:
    parsed = parse_numeric(pd.Series([str(n), f"{n:,}"]))
    assert parsed.values.tolist() == [float(n), float(n)]
    assert not parsed.invalid.any()


_SUFFIXES = {"K": 10**3, "k": 10**3, "M": 10**6, "m": 10**6, " Mio.": 10**6, "B": 10**9}


@given(
    st.decimals(min_value=0, max_value=999_999, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(sorted(_SUFFIXES)),
    st.booleans(),
)
def test_suffixed_decimals_are_exact(value: Decimal, suffix: str, comma: bool) -> None:
    body = f"{value:f}"
    if comma:
        body = body.replace(".", ",")
    text = body + suffix
    parsed, is_pct = parse_number(text)
    expected = value * _SUFFIXES[suffix]
    assert parsed == expected
    assert not is_pct
    assert parse_numeric(pd.Series([text])).values[0] == float(expected)


@given(st.lists(st.text(), max_size=30))
def test_parse_numeric_never_raises_on_text(cells: list[str]) -> None:
    parsed = parse_numeric(pd.Series(cells, dtype=object))
    assert parsed.values.shape == parsed.invalid.shape == parsed.percent.shape == (len(cells),)
    assert parsed.values.dtype == np.float64
    assert parsed.invalid.dtype == np.bool_
    assert not np.isinf(parsed.values).any()
    # an invalid cell never carries a value
    assert np.isnan(parsed.values[parsed.invalid]).all()


@given(st.text())
def test_parse_number_returns_or_raises_value_error(text: str) -> None:
    try:
        value, is_pct = parse_number(text)
    except ValueError:
        return
    assert value is None or isinstance(value, Decimal)
    assert isinstance(is_pct, bool)


def _grouped(n: int, separator: str) -> str:
    return f"{n:,}".replace(",", separator)


def _indian(n: int) -> str:
    digits = str(n)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, tail])


#: Every way the supported formats write a whole number, with the conventions under which the
#: written form is unambiguous to a person (a lone ``1.234`` is a thousand only where the column
#: says so, which is what ``convention`` carries).
_INTEGER_FORMS: tuple[tuple[str, Callable[[int], str], tuple[str | None, ...]], ...] = (
    ("plain", str, (None, ".", ",", "group")),
    ("comma groups", lambda n: _grouped(n, ","), (None, ".", "group")),
    ("dot groups", lambda n: _grouped(n, "."), (",", "group")),
    ("space groups", lambda n: _grouped(n, " "), (None, ".", ",", "group")),
    ("no-break space groups", lambda n: _grouped(n, "\u00a0"), (None, ".", ",", "group")),
    ("apostrophe groups", lambda n: _grouped(n, "'"), (None, ".", ",", "group")),
    ("Indian groups", _indian, (None, ".", "group")),
    ("scientific", lambda n: f"{n}e0", (None, ".", ",", "group")),
    (
        "thousands suffix",
        lambda n: f"{n // 1000}K" if n % 1000 == 0 else str(n),
        (None, ".", "group"),
    ),
    (
        "German Tsd.",
        lambda n: f"{n // 1000} Tsd." if n % 1000 == 0 else str(n),
        (None, ".", ",", "group"),
    ),
)


@pytest.mark.parametrize(
    ("name", "write", "conventions"), _INTEGER_FORMS, ids=[f[0] for f in _INTEGER_FORMS]
)
@given(n=st.integers(min_value=0, max_value=10**15))
def test_every_supported_integer_form_round_trips(
    name: str, write: Callable[[int], str], conventions: tuple[str | None, ...], n: int
) -> None:
    text = write(n)
    for convention in conventions:
        value, percent = parse_number(text, convention)  # type: ignore[arg-type]
        assert value == Decimal(n), (name, text, convention)
        assert not percent
    parsed = parse_numeric(pd.Series([text]), conventions[-1])  # type: ignore[arg-type]
    assert parsed.values[0] == float(n)


_NUMBERISH = st.text(alphabet="0123456789.,+-eE %kKmM\u00a0 'tsdioTSDIO", max_size=14)


@given(
    st.lists(_NUMBERISH | st.text(max_size=6), max_size=25),
    st.sampled_from([".", ",", "group"]),
)
def test_parse_numeric_agrees_with_the_exact_parser_cell_by_cell(
    cells: list[str], convention: str
) -> None:
    """The vectorised column parser is only a faster route to ``parse_number``'s answer."""
    parsed = parse_numeric(pd.Series(cells, dtype="string"), convention)  # type: ignore[arg-type]
    for i, cell in enumerate(cells):
        try:
            number, is_pct = parse_number(cell, convention)  # type: ignore[arg-type]
        except ValueError:
            assert parsed.invalid[i], cell
            assert np.isnan(parsed.values[i]), cell
            continue
        if number is None:
            assert np.isnan(parsed.values[i]), cell
            assert not parsed.invalid[i], cell
        elif not number.is_finite() or abs(float(number)) == float("inf"):
            assert parsed.invalid[i], cell
        else:
            assert parsed.values[i] == float(number), cell
            assert parsed.percent[i] == is_pct, cell
            assert not parsed.invalid[i], cell
