"""Fuzzing the reader: whatever the bytes, a reading whose rows add up, or the project's own error.

Two kinds of input go into :func:`~infludash.read.reader.read_accounts`:

- arbitrary bytes, and valid CSVs with random bytes changed (quotes, delimiters, NULs, line ends,
  broken UTF-8, byte-order marks): the only allowed outcomes are a :class:`ReadResult` whose
  rows add up (kept + rejected + folded duplicates == data records, every row number once) or an
  :class:`InputError` that names the file and says something;
- well-formed CSVs with random quirks (delimiter, quoting, BOM, encoding, line ends, English,
  German and suffix numbers, blank lines, trailing delimiters, ragged rows, blank records and
  exact repeats), built together with their exact reading: how many records, which rows are
  rejected for which reason, how many are folded, and every kept account's handle and followers.

Example counts are bounded (see ``settings`` below) so the suite stays fast; the shared profile in
``tests/conftest.py`` supplies the rest.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.present.i18n import catalogue, get_locale
from infludash.read.combine import in_file
from infludash.read.reader import ReadResult, read_accounts
from infludash.read.rejections import REASONS, Reason

SOURCE = "fuzz.csv"


def assert_accounted(result: ReadResult) -> None:
    """Every data record is in exactly one place: kept, rejected or folded as a duplicate."""
    kept, rejected = result.accounts, result.rejected
    assert len(kept) + len(rejected) + result.duplicates == result.rows_read
    (report,) = result.files
    assert (report.rows_read, report.accounts, report.rejected, report.duplicates) == (
        result.rows_read,
        len(kept),
        len(rejected),
        result.duplicates,
    )
    rows = [int(r) for r in kept["row"]] + [int(r) for r in rejected["row"]]
    assert len(set(rows)) == len(rows), "a row is both kept and rejected, or twice in one"
    assert all(1 <= row <= result.rows_read for row in rows)
    # the reader's reasons (one list, in values.py) and the parser's wrong-width record
    assert set(rejected["reason"]) <= {*REASONS[1:], Reason.WRONG_NUMBER_OF_FIELDS}


def read_or_refuse(data: bytes) -> ReadResult | None:
    """The reading, checked; None when the reader refused the file with its own clear error."""
    try:
        result = read_accounts(data, source=SOURCE)
    except InputError as err:
        reason = err.note  # says what, from the catalogue, in both languages
        assert isinstance(reason, Note), reason
        assert reason.key in catalogue("en"), reason.key
        named = in_file(SOURCE, err)  # the caller says which file
        assert get_locale("de").error(named).startswith(f"{SOURCE}: ")
        return None
    assert_accounted(result)
    return result


# --- (a) arbitrary and damaged bytes ---------------------------------------------------------

_SEED = (
    "handle,platform,followers,likes\r\n"
    'alpha,Instagram,"1,234",56\r\n'
    'beta ✨,TikTok,45.3K,"1,200"\r\n'
    "gamma,YouTube,1.2M,\r\n"
    "alpha,Instagram,1234,56\r\n"
).encode()
#: Bytes that break readers: quotes, delimiters, line ends, NUL, broken and partial UTF-8, BOMs.
_NASTY = st.sampled_from(
    [
        b'"',
        b",",
        b";",
        b"\t",
        b"\r",
        b"\n",
        b"\x00",
        b"\xff",
        b"\xc3",
        b"\xe2\x82",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"%",
        b"-",
        b"e309",
        b"\xe9",
        b"=",
        b"   ",
    ]
)


@st.composite
def damaged_csv(draw: st.DrawFn) -> bytes:
    """A valid export with a few random edits: bytes replaced, inserted or cut."""
    data = bytearray(_SEED)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "replace", "cut"]))
        piece = draw(_NASTY | st.binary(min_size=1, max_size=3))
        if action == "insert":
            data[at:at] = piece
        elif action == "replace":
            data[at : at + len(piece)] = piece
        else:
            del data[at : at + draw(st.integers(1, 8))]
    return bytes(data)


@settings(max_examples=200)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_read_or_refused(data: bytes) -> None:
    read_or_refuse(data)


@settings(max_examples=200)
@given(damaged_csv())
def test_damaged_exports_read_or_refused(data: bytes) -> None:
    read_or_refuse(data)


#: Pieces of CSV files: headers, values and the bytes that break readers, shuffled into files
#: that are nearly tables (a header here, a quote there, a BOM in the middle).
_TOKENS = st.sampled_from(
    [
        b"handle",
        b"followers",
        b"Abonnenten",
        b"likes",
        b"1",
        b"1.234",
        b"12,5",
        b"45.3K",
        b"-1",
        b"NA",
        b"a",
        b"\xc3\xa9",
        b"\xe9",
        b'"',
        b",",
        b";",
        b"\t",
        b"|",
        b"\r",
        b"\n",
        b"\r\n",
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b" ",
        b"=",
        b"%",
    ]
)


@settings(max_examples=200)
@given(st.lists(_TOKENS, max_size=120).map(b"".join))
def test_token_soup_read_or_refused(data: bytes) -> None:
    read_or_refuse(data)


# --- (b) well-formed files with quirks, and their exact reading ------------------------------

_HEADERS = (
    ("handle", "followers", "likes"),
    ("Username", "Followers", "Avg Likes"),
    ("Kanal", "Abonnenten", "Gefällt mir"),
)
_PLAIN_CHARS = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 _.-@#!?'()&+=$*:"
_QUOTED_CHARS = ',;|\t"\n'
_UNICODE_CHARS = "äöüßéñçø日本語🙂\u200d\u202e\u00a0"
#: Letters Windows-1252 writes as one byte at or above 0xC0: never a UTF-8 continuation byte, so
#: a cp1252 file of them can never be read as valid UTF-8 by accident.
_CP1252_CHARS = "ÄÖÜßéèàñç"
_LOOK_MISSING = ("NA", "null", "None", "nan", "N/A", "-", "#N/A")


Quoting = Literal[0, 1, 2, 3]  # csv.QUOTE_MINIMAL, _ALL, _NONNUMERIC, _NONE


@dataclass(frozen=True)
class Quirks:
    delimiter: str
    style: str  # "plain", "english" or "german" numbers
    quoting: Quoting
    encoding: str  # "utf-8", "utf-16" (with its BOM) or "cp1252"
    bom: bool
    line_end: str
    trailing: str  # "none", "data" (data rows only) or "all" (the header too)
    blank_lines: bool


@dataclass(frozen=True)
class Expected:
    """A generated file and the reading it must give."""

    data: bytes
    records: int
    kept: list[tuple[str | None, float]]  # (trimmed handle, followers) in file order
    rejected: dict[int, Reason]  # record number -> reason
    duplicates: int
    quirks: Quirks


def _followers_text(n: int, style: str, form: int) -> str:
    """``n`` as the style writes it: plain digits, grouped thousands, or with a suffix."""
    if style == "plain" or form == 0 or n < 1000:
        return str(n)
    if form == 1:
        grouped = f"{n:,}"
        return grouped.replace(",", ".") if style == "german" else grouped
    unit, word = (
        (1_000_000, "M" if style == "english" else " Mio.")
        if n >= 1_000_000 and n % 100_000 == 0
        else (1000, "K" if style == "english" else " Tsd.")
    )
    if n % (unit // 10):
        return str(n)  # no short form without rounding
    short = format(Decimal(n) / unit, "f").rstrip("0").rstrip(".")
    return (short.replace(".", ",") if style == "german" else short) + word


#: Follower cells that cannot be used, by style, with the reason the reader must give.
_INVALID = {
    "plain": [("12.5", Reason.FOLLOWERS_NOT_WHOLE)],
    "english": [("12.5", Reason.FOLLOWERS_NOT_WHOLE)],
    "german": [("12,5", Reason.FOLLOWERS_NOT_WHOLE)],
}
_INVALID_ALL = [
    ("-5", Reason.FOLLOWERS_NEGATIVE),
    ("5%", Reason.FOLLOWERS_PERCENTAGE),
    ("lots", Reason.FOLLOWERS_NOT_A_NUMBER),
    ("1e309", Reason.FOLLOWERS_NOT_A_NUMBER),
    ("", Reason.FOLLOWERS_MISSING),
    ("NA", Reason.FOLLOWERS_MISSING),
]


@st.composite
def quirks(draw: st.DrawFn) -> Quirks:
    style = draw(st.sampled_from(["plain", "english", "german"]))
    quoting: Quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    if style != "plain" and quoting == csv.QUOTE_NONE:
        quoting = csv.QUOTE_MINIMAL  # grouped numbers may hold the delimiter: quote them
    return Quirks(
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        style=style,
        quoting=quoting,
        encoding=draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])),
        bom=draw(st.booleans()),
        line_end=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        trailing=draw(st.sampled_from(["none", "data", "all"])),
        blank_lines=draw(st.booleans()),
    )


def _handles(q: Quirks) -> st.SearchStrategy[str]:
    chars = _PLAIN_CHARS
    if q.quoting != csv.QUOTE_NONE:
        chars += _QUOTED_CHARS
    chars += _CP1252_CHARS if q.encoding == "cp1252" else _UNICODE_CHARS
    if q.quoting == csv.QUOTE_NONE:
        chars = "".join(c for c in chars if c not in q.delimiter + '"\r\n')
    elif "\n" not in q.line_end:  # the csv module quotes only its own line end's characters
        chars = chars.replace("\n", "")
    return st.sampled_from(_LOOK_MISSING) | st.text(alphabet=chars, min_size=1, max_size=12)


@st.composite
def quirky_csv(draw: st.DrawFn) -> Expected:
    """A CSV with random quirks, and exactly how the reader must read it."""
    q = draw(quirks())
    header = list(draw(st.sampled_from(_HEADERS)))
    rows: list[tuple[str, list[str]]] = []  # (kind, fields)
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(
            st.sampled_from(["valid"] * 6 + ["invalid", "long", "short", "blank", "repeat"])
        )
        if kind == "repeat":
            earlier = [f for k, f in rows if k == "valid"]
            if earlier:
                rows.append(("valid", list(draw(st.sampled_from(earlier)))))
                continue
            kind = "valid"
        if kind == "blank":
            rows.append(("blank", ["", "", ""]))
            continue
        handle = draw(_handles(q))
        likes = draw(st.sampled_from(["", "0", "7", "1234"]))
        if kind == "invalid":
            cell, _ = draw(st.sampled_from(_INVALID[q.style] + _INVALID_ALL))
        else:
            n = draw(st.integers(0, 10**9) | st.sampled_from([0, 999, 1000, 45_300, 1_200_000]))
            cell = _followers_text(n, q.style, draw(st.integers(0, 2)))
        rows.append((kind, [handle, cell, likes]))

    width = len(header) + (q.trailing == "all")
    records = 0
    kept: list[tuple[str | None, float]] = []
    rejected: dict[int, str] = {}
    duplicates = 0
    seen: set[tuple[str, ...]] = set()
    lines: list[list[str]] = [header + ([""] if q.trailing == "all" else [])]
    reasons = dict(_INVALID[q.style] + _INVALID_ALL)
    for kind, fields in rows:
        if kind == "short":  # one field too few, whatever the trailing delimiters
            written = fields[:-1]
        elif kind == "long":  # one non-empty field past the header's width
            written = [*fields, *([""] if q.trailing == "all" else []), "x"]
        else:
            written = fields + ([""] if q.trailing != "none" else [])
        lines.append(written)
        records += 1
        if kind in ("long", "short"):
            rejected[records] = Reason.WRONG_NUMBER_OF_FIELDS
            continue
        if all(not f.strip() for f in written):
            rejected[records] = Reason.BLANK_RECORD
            continue
        key = tuple(written[:width])
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        handle, cell = fields[0], fields[1]
        if cell in reasons:
            rejected[records] = reasons[cell]
            continue
        kept.append((handle.strip() or None, float(_parse_expected(cell))))

    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=q.delimiter,
        quoting=q.quoting,
        lineterminator=q.line_end,
        escapechar=None,
        quotechar='"',
    )
    blank_at = draw(st.sets(st.integers(0, len(lines)), max_size=4)) if q.blank_lines else set()
    for at, line in enumerate(lines):
        if at in blank_at:
            buffer.write(q.line_end)
        writer.writerow(line)
    if len(lines) in blank_at:
        buffer.write(q.line_end)
    text = buffer.getvalue()
    data = text.encode(q.encoding)
    if q.bom and q.encoding == "utf-8":
        data = codecs.BOM_UTF8 + data
    return Expected(data, records, kept, rejected, duplicates, q)


def _parse_expected(cell: str) -> int:
    """The whole number a generated follower cell stands for (the generator's own inverse)."""
    for word, unit in ((" Mio.", 10**6), (" Tsd.", 10**3), ("M", 10**6), ("K", 10**3)):
        if cell.endswith(word):
            return int(Decimal(cell.removesuffix(word).replace(",", ".")) * unit)
    return int(cell.replace(",", "").replace(".", ""))


@settings(max_examples=150)
@given(quirky_csv())
def test_quirky_csv_is_read_exactly(expected: Expected) -> None:
    if not expected.kept:  # a file that yields no accounts is refused, never an empty success
        with pytest.raises(InputError) as caught:
            read_accounts(expected.data, source=SOURCE)
        assert "gave an account" in get_locale("en").error(caught.value)
        return
    result = read_or_refuse(expected.data)
    assert result is not None, f"refused a well-formed file ({expected.quirks})"
    assert result.rows_read == expected.records
    assert dict(zip(result.rejected["row"], result.rejected["reason"], strict=True)) == (
        expected.rejected
    )
    assert result.duplicates == expected.duplicates
    handles = [None if pd.isna(h) else h for h in result.accounts["handle"]]
    assert list(zip(handles, result.accounts["followers"].tolist(), strict=True)) == expected.kept
