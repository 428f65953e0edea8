"""Hostile input: files that break naive readers, built at test time, each with its one outcome.

Every case is a synthetic file (bytes in memory; big ones are built inside the subprocess that
reads them, or written under a temporary folder) and the one outcome a demanding analyst expects
from reading it:

- :class:`Parsed`: read to these values, these rows rejected for these reasons, these warnings;
- :class:`Refused`: a clear :class:`~infludash.base.errors.InputError` that says what is wrong, in
  which file and what to do (checked by its catalogue key and words of its English text).

"Does not crash" is never an outcome. ``tests/corpora/test_hostile_corpus.py`` asserts each case;
the heavy ones (``heavy=True``) run through ``python -m tests.corpora.hostile CASE TMPDIR``, which
prints what it observed with the seconds and peak memory it took, so the test can bound both.

Nothing here comes from a real export: every file is made by the code below.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import resource
import sys
import tarfile
import time
import traceback
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from infludash.base.errors import InputError
from infludash.base.notes import Fixed, Note
from infludash.present.export import account_export, to_csv_bytes, to_xlsx_bytes
from infludash.present.i18n import get_locale
from infludash.present.rejected import detail_words, rejected_csv
from infludash.read.codes import ReadError
from infludash.read.combine import combine, in_file
from infludash.read.limits import Limits
from infludash.read.reader import ReadResult, read_accounts
from infludash.read.rejections import Reason
from infludash.read.warning_codes import ReadWarning
from tests.fixtures import workbook_bytes

#: Safety bounds for the heavy cases (not performance targets): a case must end on its own,
#: with its clear message, well inside these.
MAX_SECONDS = 20.0
MAX_PEAK_MB = 1536.0
#: Address space a heavy case may reserve: a runaway read fails with MemoryError (a test
#: failure) instead of taking the shared machine's memory.
_ADDRESS_SPACE = 6 << 30
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Parsed:
    """The file is read. Every given field is compared exactly; the row accounting always is."""

    columns: Mapping[str, Sequence[object]] = field(default_factory=dict)  # accounts, in order
    tail: Mapping[str, Sequence[object]] = field(default_factory=dict)  # the last accounts
    kept: int | None = None  # number of accounts, when ``columns`` does not list them all
    rejected: Mapping[int, Reason] | None = field(default_factory=dict)  # row -> reason (all)
    reason_counts: Mapping[Reason, int] = field(default_factory=dict)  # for many rejections
    details: Mapping[int, str] = field(default_factory=dict)  # row -> English words of its detail
    duplicates: int = 0
    warnings: tuple[str, ...] = ()  # catalogue keys of the warnings, all of them
    warning_words: tuple[str, ...] = ()  # words the English warnings must contain
    csv: Mapping[str, Sequence[str]] = field(default_factory=dict)  # accounts CSV download
    xlsx: Mapping[str, Sequence[object]] = field(default_factory=dict)  # accounts .xlsx
    rejected_csv: Mapping[str, Sequence[str]] = field(default_factory=dict)  # rejected rows


@dataclass(frozen=True)
class Refused:
    """The file is refused with an InputError whose reason has catalogue ``key``; its English
    text holds ``words``, its values hold ``values``, and ``rule`` (if given) holds of it."""

    key: str
    words: tuple[str, ...] = ()
    values: Mapping[str, object] = field(default_factory=dict)
    rule: Callable[[str], bool] | None = None


Outcome = Parsed | Refused


@dataclass(frozen=True)
class Case:
    """One hostile file: how to build it, what reading it must give, and why."""

    id: str
    build: Callable[[Path], bytes | Path]
    expect: Outcome
    why: str
    source: str | None = "hostile.csv"  # None: a path names itself
    limits: Limits | None = None
    heavy: bool = False


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], bytes]:
    data = text.encode(encoding)
    return lambda _tmp: data


def _raw(data: bytes) -> Callable[[Path], bytes]:
    return lambda _tmp: data


def _later(make: Callable[[], bytes]) -> Callable[[Path], bytes]:
    """Bytes made only when the case runs (big files are never built at import)."""
    return lambda _tmp: make()


# --- builders of files that are not plain CSV text ------------------------------------------

_SMALL_CSV = b"handle,followers\nalpha,1000\nbeta,2000\n"


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("accounts.csv")
        info.size = len(_SMALL_CSV)
        archive.addfile(info, io.BytesIO(_SMALL_CSV))
    return buffer.getvalue()


def _workbook() -> bytes:
    return workbook_bytes(
        {"Accounts": [["Handle", "Followers", "Likes"], ["alpha", 1000, 10], ["beta", "2,5K", 7]]}
    )


def _rebuilt_workbook(edit: Callable[[str, bytes], bytes]) -> bytes:
    """A small workbook with one member changed by ``edit(name, body)``."""
    original = zipfile.ZipFile(io.BytesIO(_workbook()))
    return _zip(
        {
            info.filename: edit(info.filename, original.read(info.filename))
            for info in original.infolist()
        }
    )


def _broken_sheet_xml() -> bytes:
    def edit(name: str, body: bytes) -> bytes:
        return body.replace(b"</sheetData>", b"<row><c") if name.endswith("sheet1.xml") else body

    return _rebuilt_workbook(edit)


def _zip_bomb() -> bytes:
    """A real ZIP bomb: a 900 MB sheet of blanks, compressed to under a megabyte."""
    original = zipfile.ZipFile(io.BytesIO(_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in original.infolist():
            body = original.read(info.filename)
            if not info.filename.endswith("sheet1.xml"):
                archive.writestr(info.filename, body)
                continue
            head, tail = body.split(b"<sheetData>")
            with archive.open(info.filename, "w", force_zip64=True) as member:
                member.write(head + b"<sheetData>")
                blanks = b" " * (1 << 20)
                for _ in range(900):
                    member.write(blanks)
                member.write(tail)
    return buffer.getvalue()


def _sheet_with_cell(where: str) -> bytes:
    """A two-row account sheet and one stray cell (its declared range grows to reach it)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["handle", "followers"])
    sheet.append(["alpha", 1000])
    sheet[where] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _chart_sheet_first() -> bytes:
    """A workbook that opens on a chart sheet, its data on the second sheet."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(["handle", "followers"])
    data.append(["alpha", 1000])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=2))
    book.create_chartsheet("Chart", 0).add_chart(chart)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _formatted_rows_below() -> bytes:
    """Ten accounts, and formatted but empty rows below them down to row 60."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    sheet = book.active
    sheet.append(["handle", "followers"])
    for i in range(10):
        sheet.append([f"a{i}", 100 + i])
    for row in range(12, 61):
        sheet.cell(row=row, column=1).fill = PatternFill("solid", fgColor="FFFF00")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sparse_file(tmp: Path) -> Path:
    """An 8 GiB file that takes no disk space (a huge export, a disk image, /dev/zero alike)."""
    path = tmp / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"handle,followers\n")
        handle.truncate(8 << 30)
    return path


def _over_size_limit() -> bytes:
    limit = Limits().max_bytes
    head = b"handle,followers\n"
    return head + b"a" * (limit + 1 - len(head))


def _numbered(count: int, width: int = 7) -> bytes:
    return b"".join(b"acct%0*d,%d\n" % (width, i, i) for i in range(1, count + 1))


# --- what each message must let the analyst do -----------------------------------------------

_SAVE_AS = "save the account list as CSV (UTF-8) or .xlsx and upload that"


def _size_over_limit_is_said(text: str) -> bool:
    """The file's size as shown is above the limit as shown ("209.7 MB, over the limit of
    210 MB" contradicts itself)."""
    found = re.search(r"the file is ([\d,.]+) MB, over the limit of ([\d,.]+) MB", text)
    if found is None:
        return False
    size, limit = (float(part.replace(",", "")) for part in found.groups())
    return size > limit


def _short_message(text: str) -> bool:
    """An error an analyst can read: a header of 60,000 characters is shown clipped."""
    return len(text) < 2_000


_FORMULAS = (
    '"=HYPERLINK(""https://evil.example"",""Click"")",1000,=1+1\n'
    "+1+1,2000,+cmd\n"
    "@SUM(A1),3000,@x\n"
    "-2+3,4000,-5\n"
    '"\t=1+2",5000,"\r=3+4"\n'
    "=cmd|' /C calc'!A0,6000,plain\n"
    "=2+5,=1+1,rejected\n"
)
_MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](https://evil.example)",
    "![x](https://evil.example/x.png)",
    ":red[alarm]",
    "$x^2$",
    "a<br>b",
    "**bold** _it_",
    "{{7*7}}",
]
_BIDI = ["\u202egpj.exe", "a\u200db", "\u200b", "e\u0301", "👩\u200d👩\u200d👧", "\u2066x\u2069"]
_CONTROL = ["esc\x1bx", "bell\x07", "vt\x0bx", "back\x08space"]
_LONG_NAME = "n" * 9_999 + "!"
_EXCEL_LONG = "L" * 40_000


def _markup_csv() -> str:
    rows = "".join(
        f'"{m.replace(chr(34), chr(34) * 2)}",{i + 1}00,"{m}"\n' for i, m in enumerate(_MARKUP)
    )
    return "handle,followers,category\n" + rows


CASES: tuple[Case, ...] = (
    # --- nothing to read ---------------------------------------------------------------------
    Case(
        "empty",
        _raw(b""),
        Refused("errors.empty_file", ("empty", "export the account list")),
        "a zero-byte upload",
    ),
    Case(
        "whitespace_only",
        _raw(b" \t\r\n \n\r\n"),
        Refused("errors.empty_file", ("empty",)),
        "blanks and line ends only",
    ),
    Case(
        "bom_only",
        _raw(_BOM),
        Refused("errors.empty_file", ("empty",)),
        "a UTF-8 byte-order mark and nothing else",
    ),
    Case(
        "utf16_bom_only",
        _raw(b"\xff\xfe"),
        Refused("errors.empty_file", ("empty",)),
        "a UTF-16 byte-order mark and nothing else",
    ),
    Case(
        "nul_only",
        _raw(b"\x00" * 512),
        Refused("errors.empty_file", ("empty",)),
        "a file of NUL bytes (a preallocated file never written)",
    ),
    Case(
        "header_only",
        _raw(b"handle,followers\n"),
        Refused("errors.no_accounts", ("header row but no accounts", "export the list again")),
        "a header and no rows",
    ),
    Case(
        "header_only_bom_crlf",
        _raw(_BOM + b"Kanal;Abonnenten\r\n\r\n\r\n"),
        Refused("errors.no_accounts", ("no accounts",)),
        "a German header with a BOM, CRLF and blank lines, no rows",
    ),
    Case(
        "delimiters_only",
        _raw(b";;;\n;;;\n"),
        Refused("errors.no_header", ("no header row", "first line must name the columns")),
        "only delimiters: there is no header to name the columns",
    ),
    Case(
        "no_followers_column",
        _raw(b"name,likes\nfoo,1\n"),
        Refused("errors.no_followers_column", ("'name', 'likes'", "--map followers=")),
        "a table without a followers column: say which headers were found and how to map",
    ),
    Case(
        "header_name_60k_characters",
        _raw(b"handle," + b"y" * 60_000 + b"\na,1\n"),
        Refused(
            "errors.no_followers_column",
            ("'handle', 'yyy", "--map followers="),
            rule=_short_message,
        ),
        "the headers found are named, each clipped: a 66 KB error message is no clear message",
    ),
    # --- encodings ---------------------------------------------------------------------------
    Case(
        "utf16le_without_bom",
        _text("handle,followers\nJosé,10\n", "utf-16-le"),
        Parsed(
            columns={"handle": ["José"], "followers": [10.0]},
            warnings=("warnings.utf16_without_bom",),
            warning_words=("UTF-16-LE",),
        ),
        "UTF-16 without a byte-order mark is recognised by its NUL pattern",
    ),
    Case(
        "utf16be_without_bom",
        _text("handle,followers\nJosé,10\n", "utf-16-be"),
        Parsed(
            columns={"handle": ["José"], "followers": [10.0]},
            warnings=("warnings.utf16_without_bom",),
            warning_words=("UTF-16-BE",),
        ),
        "big-endian UTF-16 without a byte-order mark",
    ),
    Case(
        "utf16_cut_mid_character",
        _raw("handle\tfollowers\na\t10\n".encode("utf-16") + b"A"),
        Parsed(
            columns={"handle": ["a"], "followers": [10.0]},
            rejected={2: Reason.WRONG_NUMBER_OF_FIELDS},
            warnings=("warnings.utf16_unreadable",),
        ),
        "a UTF-16 file cut off mid-character: the stray byte is a rejected row, with a warning",
    ),
    Case(
        "utf32",
        _text("handle,followers\nJosé,10\n", "utf-32"),
        Refused("errors.utf32", ("UTF-32", "save the account list as CSV (UTF-8)")),
        "UTF-32 is not read; say so rather than call it binary",
    ),
    Case(
        "windows_1252_after_megabytes",
        _later(lambda: b"handle,followers\n" + _numbered(299_999) + "Müller,5\n".encode("cp1252")),
        Parsed(
            kept=300_000,
            tail={"handle": ["Müller"], "followers": [5.0]},
            warnings=("warnings.windows_1252",),
            warning_words=("file line 300001",),
        ),
        "one Windows-1252 byte after 6 MB of ASCII: the whole file is decided, the line named",
    ),
    Case(
        "mixed_encodings_late",
        _later(
            lambda: (
                "handle,followers\nJosé,1\n".encode()
                + _numbered(200_000)
                + "Müller,5\n".encode("cp1252")
            )
        ),
        Parsed(
            kept=200_002,
            tail={"handle": ["M\ufffdller"]},
            warnings=("warnings.mixed_encodings",),
            warning_words=("1 row had unreadable characters", "file line 200003"),
        ),
        "UTF-8 with one Latin-1 line far down: replaced, counted and located",
    ),
    # --- not a table at all -----------------------------------------------------------------
    Case(
        "png_renamed",
        _later(_png),
        Refused("errors.looks_like", ("a PNG image", _SAVE_AS)),
        "an image uploaded as accounts.csv",
    ),
    Case(
        "jpeg_renamed",
        _raw(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)),
        Refused("errors.looks_like", ("a JPEG image",)),
        "a photo named .csv",
    ),
    Case(
        "pdf",
        _raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
        Refused("errors.looks_like", ("a PDF document", _SAVE_AS)),
        "a PDF media kit",
    ),
    Case(
        "zip_of_csv",
        _later(lambda: _zip({"accounts.csv": _SMALL_CSV})),
        Refused("errors.looks_like", ("a ZIP archive",)),
        "a zipped CSV (unzip it first)",
    ),
    Case(
        "gzip_of_csv",
        _later(lambda: gzip.compress(_SMALL_CSV, mtime=0)),
        Refused("errors.looks_like", ("a gzip archive",)),
        "a .csv.gz renamed .csv",
    ),
    Case(
        "tar_of_csv",
        _later(_tar),
        Refused("errors.looks_like", ("a tar archive", _SAVE_AS)),
        "a tar archive: no magic at its start, 'ustar' at byte 257",
    ),
    Case(
        "xls_renamed",
        _raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        Refused("errors.looks_like", ("old Excel .xls",)),
        "Office 97 workbook named .csv",
    ),
    Case(
        "elf_renamed",
        _raw(b"\x7fELF\x02\x01\x01" + bytes(120)),
        Refused("errors.looks_like", ("a program",)),
        "a program renamed accounts.csv",
    ),
    Case(
        "random_binary",
        _later(lambda: np.random.default_rng(7).bytes(4096)),
        Refused("errors.binary", ("binary file", _SAVE_AS)),
        "noise without a signature",
    ),
    Case(
        "html_table_as_xls",
        _raw(
            b"<!DOCTYPE html>\n<html><body><table><tr><td>handle</td><td>followers</td></tr>"
            b"<tr><td>alpha</td><td>10</td></tr></table></body></html>\n"
        ),
        Refused("errors.looks_like", ("a web page (HTML)", _SAVE_AS)),
        "tools that export 'Excel' as an HTML table",
    ),
    Case(
        "xml_spreadsheet_2003",
        _raw(
            b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
            b'spreadsheet"><Worksheet><Table><Row><Cell><Data>handle</Data></Cell></Row>'
            b"</Table></Worksheet></Workbook>\n"
        ),
        Refused("errors.looks_like", ("an XML document",)),
        "Excel 2003 XML saved as .xls",
    ),
    Case(
        "json_export",
        _raw(b'[{"handle": "alpha", "followers": 10}]\n'),
        Refused("errors.looks_like", ("a JSON file", _SAVE_AS)),
        "a scraper's JSON export",
    ),
    Case(
        "xlsx_named_csv",
        _later(_workbook),
        Parsed(
            columns={
                "handle": ["alpha", "beta"],
                "followers": [1000.0, 2500.0],
                "avg_likes": [10.0, 7.0],
            }
        ),
        "a real workbook named accounts.csv is read by its content",
        source="accounts.csv",
    ),
    Case(
        "xlsx_truncated",
        _later(lambda: _workbook()[:1500]),
        Refused("errors.damaged_zip", ("damaged ZIP archive",)),
        "a half-downloaded workbook",
    ),
    Case(
        "xlsx_broken_sheet_xml",
        _later(_broken_sheet_xml),
        Refused("errors.xlsx_unopenable", ("cannot be opened", "save it again from Excel")),
        "a sheet whose XML is cut off (this raised a bare XML ParseError)",
    ),
    Case(
        "xlsx_chart_sheet_first",
        _later(_chart_sheet_first),
        Parsed(
            columns={"handle": ["alpha"], "followers": [1000.0]},
            warnings=("warnings.other_sheet",),
            warning_words=("read the sheet 'Data'", "the first sheet, 'Chart', has none"),
        ),
        "a workbook that opens on a chart: its data sheet is read (a chart sheet crashed it)",
    ),
    Case(
        "xlsx_formatted_rows_below",
        _later(_formatted_rows_below),
        Parsed(columns={"followers": [100.0 + i for i in range(10)]}),
        "formatted empty rows under ten accounts do not count against a ten-row limit",
        limits=Limits(max_rows=10),
    ),
    Case(
        "xlsx_zip_bomb",
        _later(_zip_bomb),
        Refused("errors.xlsx_unpacks_too_big", ("unpacks to", "ZIP bomb", "CSV (UTF-8)")),
        "under a megabyte that unpacks to 900 MB (it took as much memory)",
        heavy=True,
    ),
    Case(
        "xlsx_far_corner_cell",
        _later(lambda: _sheet_with_cell("XFD1048576")),
        Refused(
            "errors.too_many_columns",
            ("16,384 columns", "over the limit of 500"),
            values={"n": 16_384},
        ),
        "5 KB declaring A1:XFD1048576: 17 billion padded cells ran out of memory",
        heavy=True,
    ),
    Case(
        "xlsx_stray_cell_last_row",
        _later(lambda: _sheet_with_cell("A1048576")),
        Parsed(
            columns={"handle": ["alpha"], "followers": [1000.0]},
            rejected=None,
            reason_counts={Reason.BLANK_RECORD: 1_048_573, Reason.FOLLOWERS_MISSING: 1},
        ),
        "a stray cell in the last row: every row between is accounted for",
        heavy=True,
    ),
    # --- broken structure --------------------------------------------------------------------
    Case(
        "unclosed_quote_in_handle",
        _raw(b'handle,followers\na,10\n"b,20\nc,30\n'),
        Parsed(
            columns={"handle": ["a"], "followers": [10.0]},
            rejected={2: Reason.WRONG_NUMBER_OF_FIELDS},
            details={2: "1 field, the header has 2"},
        ),
        "a quote opened and never closed swallows the rest into one rejected record",
    ),
    Case(
        "unclosed_quote_in_followers",
        _raw(b'handle,followers\na,10\nb,"20\nc,30\n'),
        Parsed(
            columns={"handle": ["a"], "followers": [10.0]},
            rejected={2: Reason.FOLLOWERS_NOT_A_NUMBER},
            details={2: "20\nc,30"},
        ),
        "the swallowed lines are shown in the rejected row's detail",
    ),
    Case(
        "unclosed_quote_swallows_file",
        _later(lambda: b'handle,followers\na,10\n"b,20\n' + b"c,30\n" * 50_000),
        Refused("errors.value_too_long", ("(row 2)", "unclosed quote")),
        "a runaway quote over 250 KB must be named, not crash the csv module's field limit",
    ),
    Case(
        "unclosed_quote_in_followers_swallows_file",
        _later(lambda: b'handle,followers\na,10\nb,"20\n' + b"c,30\n" * 50_000),
        Refused(
            "errors.value_too_long",
            ("column 'followers' (row 2)", "250,003 characters", "unclosed quote"),
        ),
        "the same in the followers column: the limit names column and row",
    ),
    Case(
        "ragged_first_row_short",
        _raw(b"handle,platform,followers\na,100\nb,Instagram,200\n"),
        Parsed(
            columns={"handle": ["b"], "platform": ["Instagram"], "followers": [200.0]},
            rejected={1: Reason.WRONG_NUMBER_OF_FIELDS},
            details={1: "2 fields, the header has 3"},
        ),
        "pandas shifts a short first row into the wrong columns; it must be rejected instead",
    ),
    Case(
        "ragged_first_row_long",
        _raw(b"handle,platform,followers\na,Instagram,100,5\nb,TikTok,200\n"),
        Parsed(
            columns={"handle": ["b"], "platform": ["TikTok"], "followers": [200.0]},
            rejected={1: Reason.WRONG_NUMBER_OF_FIELDS},
            details={1: "4 fields, the header has 3"},
        ),
        "a long first row would make the first column an index in pandas",
    ),
    Case(
        "trailing_delimiters",
        _raw(b"handle,followers\na,1,\nb,2,,,\n"),
        Parsed(columns={"handle": ["a", "b"], "followers": [1.0, 2.0]}),
        "empty fields after the last column lose nothing and are kept",
    ),
    Case(
        "quoted_newlines",
        _raw(b'handle,followers,category\n"multi\nline",10,"a\r\nb"\nc,20,x\n'),
        Parsed(
            columns={
                "handle": ["multi\nline", "c"],
                "followers": [10.0, 20.0],
                "category": ["a\r\nb", "x"],
            }
        ),
        "line breaks inside quotes are part of the value",
    ),
    Case(
        "field_50mb",
        _later(lambda: b"handle,followers\n" + b"a" * (50 << 20) + b",10\nb,20\n"),
        Refused(
            "errors.value_too_long",
            ("column 'handle' (row 1)", "52,428,800 characters", "over the limit of 100,000"),
        ),
        "one 50 MB value: name it, do not report a parser's block size",
        heavy=True,
    ),
    Case(
        "columns_10k",
        _later(
            lambda: (
                b",".join(b"c%d" % i for i in range(9_999))
                + b",followers\n"
                + b"1," * 9_999
                + b"5\n"
            )
        ),
        Refused(
            "errors.too_many_columns",
            ("10,000 columns", "over the limit of 500"),
            values={"n": 10_000},
        ),
        "10,000 columns",
        heavy=True,
    ),
    Case(
        "million_delimiters_in_a_row",
        _later(lambda: b"handle,followers\na,1\nb" + b"," * 1_000_000 + b"2\nc,3\n"),
        Parsed(
            columns={"handle": ["a", "c"], "followers": [1.0, 3.0]},
            rejected={2: Reason.WRONG_NUMBER_OF_FIELDS},
            details={2: "1,000,001 fields, the header has 2"},
        ),
        "one line with a million delimiters is one rejected row",
        heavy=True,
    ),
    Case(
        "unquoted_thousands_everywhere",
        _later(
            lambda: (
                b"handle,followers,avg_likes\n"
                + b"".join(b"h%d,1,%03d,5\n" % (i, i % 1000) for i in range(60_000))
            )
        ),
        Refused(
            "errors.mostly_wrong_width",
            ("more than half of the file", "is the comma really the delimiter", "1,234"),
        ),
        "numbers like 1,234 unquoted in a comma file: refused as a whole once more than half of "
        "the file is bad, not described record by record (a million took 18 s and 1 GB)",
        heavy=True,
    ),
    Case(
        "unquoted_thousands_in_a_fifth",
        _later(
            lambda: (
                b"handle,followers,avg_likes\n"
                + b"".join(
                    (b"h%d,1,%03d,5\n" % (i, i % 1000)) if i % 5 == 0 else (b"h%d,%d,5\n" % (i, i))
                    for i in range(60_000)
                )
            )
        ),
        Parsed(kept=48_000, rejected=None, reason_counts={Reason.WRONG_NUMBER_OF_FIELDS: 12_000}),
        "a file with a fifth of its records broken is read: the rest is worth having",
        heavy=True,
    ),
    Case(
        "million_delimiters_in_header",
        _later(lambda: b"handle,followers" + b"," * 1_000_000 + b"\na,1\n"),
        Refused("errors.too_many_columns", ("1,000,002 columns",), values={"n": 1_000_002}),
        "the header's true width, not the width of a 64 KB sample",
        heavy=True,
    ),
    Case(
        "nul_bytes_in_values",
        _raw(b"handle,followers\nab\x00c,10\nd,2\x000\n"),
        Parsed(
            columns={"handle": ["abc", "d"], "followers": [10.0, 20.0]},
            warnings=("warnings.nul",),
            warning_words=("removed 2 NUL characters",),
        ),
        "stray NULs from a broken exporter are removed and counted (this was called binary)",
    ),
    Case(
        "nul_padding_after_data",
        _raw(b"handle,followers\na,10\nb,20\n" + b"\x00" * 4096),
        Parsed(
            columns={"handle": ["a", "b"], "followers": [10.0, 20.0]},
            warnings=("warnings.nul",),
            warning_words=("removed 4,096 NUL",),
        ),
        "a file padded with NULs after a crash still holds its accounts",
    ),
    Case(
        "cr_only_line_ends",
        _raw(b"handle,followers\ra,10\rb,20\r"),
        Parsed(columns={"handle": ["a", "b"], "followers": [10.0, 20.0]}),
        "old Mac line ends",
    ),
    Case(
        "lone_cr_inside_line",
        _raw(b"handle,followers,category\na,1,x\ry\nb,2,z\n"),
        Parsed(
            columns={"handle": ["a", "b"], "followers": [1.0, 2.0], "category": ["x", "z"]},
            rejected={2: Reason.WRONG_NUMBER_OF_FIELDS},
        ),
        "an unquoted CR ends a record; the fragment after it is rejected, not lost",
    ),
    Case(
        "blank_lines_everywhere",
        _raw(b"\n\nhandle,followers\n\na,1\n\n\nb,2\n\n"),
        Parsed(
            columns={"handle": ["a", "b"], "followers": [1.0, 2.0]},
            warnings=("warnings.lines_above_header",),
            warning_words=("the header is file line 3",),
        ),
        "blank lines are not records (those above the header are said)",
    ),
    Case(
        "concatenated_exports",
        _raw(_BOM + b"handle,followers\na,1\n" + _BOM + b"handle,followers\nb,2\n"),
        Parsed(
            columns={"handle": ["a", "b"], "followers": [1.0, 2.0]},
            rejected={2: Reason.FOLLOWERS_NOT_A_NUMBER},
            details={2: "'followers'"},
        ),
        "two exports pasted together: the second header is a rejected row, named",
    ),
    Case(
        "exact_and_possible_duplicates",
        _raw(b"handle,followers\na,1\na,1\na,1\na,2\n"),
        Parsed(
            columns={"handle": ["a", "a"], "followers": [1.0, 2.0]},
            duplicates=2,
            warnings=("warnings.possible_duplicates",),
        ),
        "exact repeats are folded and counted; same handle, other figures is flagged",
    ),
    # --- numbers -----------------------------------------------------------------------------
    Case(
        "followers_negative",
        _raw(b"handle,followers\na,-5\nb,5\n"),
        Parsed(
            columns={"handle": ["b"], "followers": [5.0]}, rejected={1: Reason.FOLLOWERS_NEGATIVE}
        ),
        "-5 followers",
    ),
    Case(
        "followers_inf",
        _raw(b"handle,followers\na,inf\nb,-inf\nc,Infinity\nd,5\n"),
        Parsed(
            columns={"handle": ["d"], "followers": [5.0]},
            rejected={
                1: Reason.FOLLOWERS_NOT_A_NUMBER,
                2: Reason.FOLLOWERS_NOT_A_NUMBER,
                3: Reason.FOLLOWERS_NOT_A_NUMBER,
            },
            warnings=("warnings.mostly_rejected",),
            warning_words=("3 of 4 rows were rejected", "'inf'"),
        ),
        "inf is not a follower count (most rows so: an alarm)",
    ),
    Case(
        "followers_1e309",
        _raw(b"handle,followers\na,1e309\nb,1e5\n"),
        Parsed(
            columns={"handle": ["b"], "followers": [100_000.0]},
            rejected={1: Reason.FOLLOWERS_NOT_A_NUMBER},
            details={1: "'1e309'"},
        ),
        "1e309 overflows a float; 1e5 is 100,000",
    ),
    Case(
        "followers_infinity_sign",
        _raw("handle,followers\na,∞\nb,7\n".encode()),
        Parsed(
            columns={"handle": ["b"], "followers": [7.0]},
            rejected={1: Reason.FOLLOWERS_NOT_A_NUMBER},
        ),
        "the infinity sign",
    ),
    Case(
        "followers_fraction",
        _raw(b"handle,followers\na,12.5\nb,12\n"),
        Parsed(
            columns={"handle": ["b"], "followers": [12.0]},
            rejected={1: Reason.FOLLOWERS_NOT_WHOLE},
        ),
        "12.5 followers",
    ),
    Case(
        "followers_20_digits",
        _raw(b"handle,followers\na,12345678901234567890\n"),
        Parsed(
            columns={"handle": ["a"], "followers": [float(12345678901234567890)]},
            csv={"followers": [str(int(float(12345678901234567890)))]},
        ),
        "a 20-digit count is a number (beyond int64), read to the nearest float, and exported",
    ),
    Case(
        "followers_400_digits",
        _raw(b"handle,followers\na,10\nb," + b"9" * 400 + b"\n"),
        Parsed(
            columns={"handle": ["a"], "followers": [10.0]},
            rejected={2: Reason.FOLLOWERS_NOT_A_NUMBER},
        ),
        "400 digits overflow to infinity: rejected like 1e309 (it was kept as inf followers)",
    ),
    Case(
        "likes_overflow",
        _raw(b"handle,followers,likes\na,10,1e309\nb,20," + b"9" * 400 + b"\nc,30,5\n"),
        Parsed(
            columns={"handle": ["a", "b", "c"], "avg_likes": [None, None, 5.0]},
            warnings=("warnings.invalid_values",),
            warning_words=("rows 1, 2",),
        ),
        "an overflowing interaction is missing, the row kept, and the rows named",
    ),
    Case(
        "engagement_rate_not_a_rate",
        _raw(b"handle,followers,engagement rate\na,10,inf\nb,20,1e309\nc,30,-3%\nd,40,5%\n"),
        Parsed(
            columns={"handle": ["a", "b", "c", "d"], "reported_er_pct": [None, None, None, 5.0]},
            warnings=("warnings.invalid_values",),
            warning_words=("engagement rate: 3 values", "rows 1, 2, 3"),
        ),
        "inf and -3% are no engagement rates: missing, with a warning (they vanished silently)",
    ),
    Case(
        "german_numbers",
        _raw(
            "handle;followers\na;1.234\nb;12,5 Tsd.\nc;1,2 Mio.\n"
            "d;1\u00a0234\ne;1'234\nf;5%\n".encode()
        ),
        Parsed(
            columns={
                "handle": ["a", "b", "c", "d", "e"],
                "followers": [1234.0, 12_500.0, 1_200_000.0, 1234.0, 1234.0],
            },
            rejected={6: Reason.FOLLOWERS_PERCENTAGE},
        ),
        "German, Swiss and space-grouped numbers with suffixes; a percentage is no count",
    ),
    Case(
        "english_suffix_numbers",
        _raw(b'handle,followers\na,45.3K\nb,1.2M\nc,"1,234"\nd,2B\ne,1.5k\n'),
        Parsed(columns={"followers": [45_300.0, 1_200_000.0, 1234.0, 2e9, 1500.0]}),
        "K, M and B suffixes, grouped thousands",
    ),
    # --- text that must stay text --------------------------------------------------------------
    Case(
        "handles_that_look_missing",
        _raw(
            b"handle,followers,category\nNA,10,NA\nnull,20,null\nNone,30,None\nnan,40,nan\n"
            b"N/A,50,N/A\n-,60,-\n#N/A,70,#N/A\n"
        ),
        Parsed(
            columns={
                "handle": ["NA", "null", "None", "nan", "N/A", "-", "#N/A"],
                "category": ["NA", "null", "None", "nan", "N/A", "-", "#N/A"],
                "followers": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0],
            }
        ),
        "NA, null and None are handles people have; text columns never turn them missing",
    ),
    Case(
        "formula_payloads",
        _raw(("handle,followers,category\n" + _FORMULAS).encode()),
        Parsed(
            columns={
                "handle": [
                    '=HYPERLINK("https://evil.example","Click")',
                    "+1+1",
                    "@SUM(A1)",
                    "-2+3",
                    "=1+2",
                    "=cmd|' /C calc'!A0",
                ],
                "category": ["=1+1", "+cmd", "@x", "-5", "=3+4", "plain"],
            },
            rejected={7: Reason.FOLLOWERS_NOT_A_NUMBER},
            csv={
                "handle": [
                    '\'=HYPERLINK("https://evil.example","Click")',
                    "'+1+1",
                    "'@SUM(A1)",
                    "'-2+3",
                    "'=1+2",
                    "'=cmd|' /C calc'!A0",
                ],
                "category": ["'=1+1", "'+cmd", "'@x", "'-5", "'=3+4", "plain"],
                "followers": ["1000", "2000", "3000", "4000", "5000", "6000"],
            },
            xlsx={
                "handle": [
                    '\'=HYPERLINK("https://evil.example","Click")',
                    "'+1+1",
                    "'@SUM(A1)",
                    "'-2+3",
                    "'=1+2",
                    "'=cmd|' /C calc'!A0",
                ],
                "category": ["'=1+1", "'+cmd", "'@x", "'-5", "'=3+4", "plain"],
                "followers": [1000, 2000, 3000, 4000, 5000, 6000],
            },
            rejected_csv={"raw": ["'=2+5,=1+1,rejected"]},
        ),
        "formulas are data in the accounts and inert in every download (tab/CR prefixes are "
        "trimmed as blanks, so what is left is neutralised too)",
    ),
    Case(
        "control_characters_in_text",
        _raw(
            (
                "handle,followers\n" + "".join(f"{h},{i + 1}\n" for i, h in enumerate(_CONTROL))
            ).encode()
        ),
        Parsed(
            columns={"handle": _CONTROL},
            csv={"handle": _CONTROL},
            xlsx={"handle": ["esc\ufffdx", "bell\ufffd", "vt\ufffdx", "back\ufffdspace"]},
        ),
        "control characters stay in the data and the CSV; .xlsx cannot hold them (the Excel "
        "download failed outright)",
    ),
    Case(
        "markup_kept_verbatim",
        _raw(_markup_csv().encode()),
        Parsed(columns={"handle": _MARKUP, "category": _MARKUP}, csv={"handle": _MARKUP}),
        "HTML, Markdown, Streamlit colour tags and TeX are handles like any other",
    ),
    Case(
        "bidi_and_zero_width",
        _raw(
            ("handle,followers\n" + "".join(f"{h},{i + 1}\n" for i, h in enumerate(_BIDI))).encode()
        ),
        Parsed(columns={"handle": _BIDI}, csv={"handle": _BIDI}, xlsx={"handle": _BIDI}),
        "right-to-left overrides, joiners and combining marks are kept exactly (no NFC)",
    ),
    Case(
        "name_10k_characters",
        _raw(f"handle,followers\n{_LONG_NAME},10\n".encode()),
        Parsed(
            columns={"handle": [_LONG_NAME]},
            csv={"handle": [_LONG_NAME]},
            xlsx={"handle": [_LONG_NAME]},
        ),
        "a 10,000-character name is kept whole everywhere",
    ),
    Case(
        "name_over_excel_cell",
        _raw(f"handle,followers\n{_EXCEL_LONG},10\n".encode()),
        Parsed(
            columns={"handle": [_EXCEL_LONG]},
            csv={"handle": [_EXCEL_LONG]},
            xlsx={"handle": [_EXCEL_LONG[:32_766] + "…"]},
        ),
        "40,000 characters: whole in the data and CSV, cut at Excel's 32,767 in .xlsx "
        "(Excel repairs longer cells away)",
    ),
    Case(
        "value_over_field_limit",
        _raw(b"handle,followers\n" + b"x" * 100_001 + b",1\n"),
        Refused(
            "errors.value_too_long",
            ("column 'handle' (row 1)", "100,001 characters", "over the limit of 100,000"),
        ),
        "one character over the value limit",
    ),
    # --- limits ------------------------------------------------------------------------------
    Case(
        "rows_over_limit",
        _later(lambda: b"handle,followers\n" + b"a,1\n" * 5_000_001),
        Refused(
            "errors.too_many_rows",
            ("5,000,001 rows", "over the limit of 5,000,000", "split it"),
        ),
        "one row over the default row limit",
        heavy=True,
    ),
    Case(
        "size_over_limit",
        _later(_over_size_limit),
        Refused("errors.too_big", ("split it",), rule=_size_over_limit_is_said),
        "one byte over the size limit: the message must not say 209.7 MB is over 210 MB",
        heavy=True,
    ),
    Case(
        "huge_file_by_path",
        _sparse_file,
        Refused("errors.too_big", ("over the limit of",)),
        "an 8 GiB file named on the command line is refused before it is read into memory",
        source=None,
        heavy=True,
    ),
)

#: Hostile upload names and how they must be shown: no folders, no control characters, at most
#: 80 characters. None of them is ever opened as a path.
NAMES: tuple[tuple[str, str], ...] = (
    ("../../x.csv", "x.csv"),
    ("..\\..\\x.csv", "x.csv"),
    ("/etc/passwd", "passwd"),
    ("C:\\Users\\me\\list.csv", "list.csv"),
    ("a\nb.csv", "a b.csv"),
    ("report\r\n.csv", "report  .csv"),
    ("\u202egpj.csv", "gpj.csv"),
    ("\x1b[31mred.csv", "[31mred.csv"),
    ("x" * 296 + ".csv", "x" * 79 + "…"),
    ("", "upload"),
    ("../", "upload"),
    ("..", "upload"),
)


def by_id(case_id: str) -> Case:
    """The case called ``case_id``."""
    return next(case for case in CASES if case.id == case_id)


# --- observing a case ---------------------------------------------------------------------------


def _plain(values: pd.Series) -> list[object]:
    """Python values, missing as None (NaN and pd.NA alike), for exact comparison and JSON."""
    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in values]


_ENGLISH = get_locale("en")


def _note_values(note: Note) -> dict[str, object]:
    """A note's values as JSON: numbers and texts as they are, notes in English."""
    values: dict[str, object] = {}
    for name, value in note.values.items():
        if isinstance(value, Fixed):
            values[name] = value.value
        elif isinstance(value, Note):
            values[name] = _ENGLISH.say(value)
        elif isinstance(value, (str, int, float)):
            values[name] = value
    return values


def _refusal(err: InputError) -> dict[str, Any]:
    note, inner, file = err.note, err.note, None
    if note.code is ReadError.IN_FILE:
        inner, file = note.values["note"], note.values["file"]
    assert isinstance(inner, Note)
    return {
        "key": inner.key,
        "values": _note_values(inner),
        "file": file,
        "english": _ENGLISH.say(note),
        "german": get_locale("de").say(note),
    }


def _csv_cells(data: bytes, wanted: Sequence[str]) -> dict[str, Any]:
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    header, body = rows[0], rows[1:]
    cells = {name: [row[i] for row in body] for i, name in enumerate(header) if name in wanted}
    return {"bom": text.startswith("\ufeff"), "cells": cells}


def _xlsx_cells(data: bytes, wanted: Sequence[str]) -> dict[str, Any]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    cells = {
        name: [row[i].value for row in rows[1:]] for i, name in enumerate(header) if name in wanted
    }
    types = Counter(cell.data_type for row in rows for cell in row)
    return {"cells": cells, "formulas": types.get("f", 0)}


def _reading(result: ReadResult, expect: Parsed) -> dict[str, Any]:
    accounts, rejected = result.accounts, result.rejected
    reasons = [reason.value for reason in rejected["reason"]]
    rows = [int(r) for r in rejected["row"]]
    observed: dict[str, Any] = {
        "rows_read": result.rows_read,
        "kept": len(accounts),
        "rejected_count": len(rejected),
        "duplicates": result.duplicates,
        "files": [[f.rows_read, f.accounts, f.rejected, f.duplicates] for f in result.files],
        "columns": {c: _plain(accounts[c]) for c in expect.columns if c in accounts},
        "tail": {
            c: _plain(accounts[c].iloc[len(accounts) - len(v) :])
            for c, v in expect.tail.items()
            if c in accounts
        },
        "rejected": dict(zip(map(str, rows), reasons, strict=True)) if len(rows) < 1000 else None,
        "reason_counts": dict(Counter(reasons)),
        "details": {
            str(row): detail
            for row, detail in zip(rows, detail_words(rejected, _ENGLISH), strict=True)
            if row in expect.details
        },
        "warnings": sorted(
            str(w.values["note"].key) if w.code is ReadWarning.IN_FILE else ""  # type: ignore[union-attr]
            for w in result.warnings
        ),
        "warning_text": [_ENGLISH.say(w) for w in result.warnings],
    }
    if expect.csv or expect.xlsx:
        frame = account_export(result.accounts, basis="followers")
        if expect.csv:
            observed["csv"] = _csv_cells(to_csv_bytes(frame), list(expect.csv))
        if expect.xlsx:
            observed["xlsx"] = _xlsx_cells(to_xlsx_bytes(frame), list(expect.xlsx))
    if expect.rejected_csv:
        observed["rejected_csv"] = _csv_cells(rejected_csv(rejected), list(expect.rejected_csv))
    return observed


def observe(case: Case, tmp: Path) -> dict[str, Any]:
    """Read the case's file and record what happened: a reading, a refusal, or a crash (any
    other exception, with its traceback), and the seconds the read took."""
    data = case.build(tmp)
    name = case.source or Path(str(data)).name
    started = time.perf_counter()
    try:  # named as the command line and the app name them
        try:
            result = combine([read_accounts(data, source=case.source, limits=case.limits)])
        except InputError as err:
            raise err if err.note.code is ReadError.IN_FILE else in_file(name, err) from None
        expect = case.expect if isinstance(case.expect, Parsed) else Parsed()
        observed: dict[str, Any] = {"parsed": _reading(result, expect)}
    except InputError as err:
        observed = {"refused": _refusal(err)}
    except Exception:  # noqa: BLE001 - a crash is an outcome to report, not to hide
        observed = {"crash": traceback.format_exc(limit=8)}
    observed["seconds"] = time.perf_counter() - started
    return observed


def main(argv: Sequence[str]) -> None:
    """``python -m tests.corpora.hostile CASE TMPDIR``: observe one case in this process, under an
    address-space cap, and print the observation with the peak memory as one JSON line."""
    case_id, tmp = argv
    resource.setrlimit(resource.RLIMIT_AS, (_ADDRESS_SPACE, _ADDRESS_SPACE))
    observed = observe(by_id(case_id), Path(tmp))
    observed["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(observed, allow_nan=True, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
