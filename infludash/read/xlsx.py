"""Excel workbooks (.xlsx) to the same table of strings that CSV files become.

Cells are turned into text the way a person reads them (an integer without ``.0``, a float with
all its digits) so the one number parser downstream treats Excel and CSV alike. The first sheet is
read unless another is asked for by name or 1-based position.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pandas as pd

from infludash.base.errors import InputError
from infludash.base.notes import Fixed, Note
from infludash.base.schema import FOLLOWERS
from infludash.read.codes import ReadError
from infludash.read.columns import map_columns
from infludash.read.limits import Limits
from infludash.read.table import RawTable
from infludash.read.warning_codes import ReadWarning

__all__ = ["read_xlsx", "sheet_names"]


#: How many bytes a workbook may unpack to per byte of the file-size limit. Sheets are XML that
#: openpyxl holds in memory as it goes (2 GB of blanks in a 2 MB file took 2 GB), so an archive
#: that unpacks to far more than a file of the limit's size could hold is refused unopened.
UNPACKED_PER_LIMIT_BYTE = 4
#: Rows an Excel sheet holds: a row number past it only comes from a damaged or forged file.
SHEET_ROWS = 1_048_576
#: What openpyxl and the zip and XML readers under it raise on a damaged workbook, while the
#: rows are being read (the archive is read lazily, after opening succeeded).
_DAMAGED = (zipfile.BadZipFile, ET.ParseError, KeyError, TypeError, OSError, EOFError)


def _check_unpacked(data: bytes, limits: Limits) -> None:
    """Refuse a ZIP bomb: sum the sizes the archive declares for its members (the zip reader
    never returns more than a member declares, so a forged size cannot slip through)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # damaged: opening it says so
    limit = UNPACKED_PER_LIMIT_BYTE * limits.max_bytes
    if unpacked > limit:
        raise InputError(
            Note(
                ReadError.XLSX_UNPACKS_TOO_BIG,
                size=Fixed(unpacked / 1e6, 0),
                limit=Fixed(limit / 1e6, 0),
            )
        )


def _open(data: bytes, limits: Limits | None = None) -> Any:
    _check_unpacked(data, limits or Limits())
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a declared dependency
        raise InputError(Note(ReadError.NEEDS_OPENPYXL)) from None
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as err:
        raise InputError(Note(ReadError.XLSX_UNOPENABLE, detail=str(err))) from None


def sheet_names(data: bytes, limits: Limits | None = None) -> list[str]:
    """Names of the workbook's sheets, in order (for the sheet picker)."""
    workbook = _open(data, limits)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


#: Significant digits Excel shows and calculates with: a binary float carries noise past them.
EXCEL_DIGITS = 15


def excel_shown(value: float) -> str:
    """A number cell as Excel shows it, to 15 significant digits: ``2350000.0000000005`` and
    ``879999.99999999988`` are the floats Excel stores for 2,350,000 and 880,000 (a sum or a
    pasted ``2.35*10^6``), and a person reads the whole numbers."""
    if not math.isfinite(value):
        return repr(value)
    shown = f"{value:.{EXCEL_DIGITS}g}"
    if "e" in shown or "." not in shown:
        number = float(shown)
        if number.is_integer() and abs(number) < 10**EXCEL_DIGITS:
            return str(int(number))
        return shown
    return shown.rstrip("0").rstrip(".")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return excel_shown(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _pick_sheet(workbook: Any, sheet: str | None) -> Any:
    names = list(workbook.sheetnames)
    if sheet is None:
        return workbook[names[0]]
    if sheet in names:
        return workbook[sheet]
    # Excel's sheet names are unique regardless of case, as it looks them up
    folded = [n for n in names if n.casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        return workbook[folded[0]]
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return workbook[names[int(sheet) - 1]]
    raise InputError(Note(ReadError.NO_SHEET, sheet=repr(sheet), sheets=tuple(names)))


#: How far down a sheet the header row is looked for (titles and notes often sit above it).
HEADER_SEARCH_ROWS = 30


def _sheet_rows(workbook: Any, name: str, limits: Limits) -> list[list[str]]:
    """A sheet's rows as texts, without trailing empty cells, read within the limits.

    A sheet's declared size is not trusted: openpyxl pads every row to it, so a 5 KB workbook
    declaring ``A1:XFD1048576`` (one stray cell in the last column and row) made 17 billion
    cells and ran out of memory. Rows come as long as their last cell; a value past the column
    limit is an error as in CSV files, and reading stops past the row limit (or past the last
    row a sheet can have).
    """
    sheet = workbook[name]
    if not hasattr(sheet, "iter_rows"):  # a chart sheet holds no cells (it crashed the read)
        return []
    if hasattr(sheet, "reset_dimensions"):  # read-only sheets: ignore the declared size
        sheet.reset_dimensions()
    keep = limits.max_rows + HEADER_SEARCH_ROWS + 1  # header, rows above it, and one too many
    rows: list[list[str]] = []
    beyond = 0  # the last filled row past ``keep``
    try:
        for count, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if count > SHEET_ROWS:
                where = Note(ReadError.XLSX_ROW_IN_SHEET, row=count, sheet=repr(name))
                raise InputError(Note(ReadError.XLSX_UNOPENABLE, detail=where))
            if count > keep:  # only looked at: is there a row past the limit, and which?
                if any(_cell_text(v).strip() for v in values[: limits.max_columns]):
                    beyond = count
                continue
            if len(values) > limits.max_columns:
                past = values[limits.max_columns :]
                if past.count(None) < len(past):  # a value past the limit (counted in C)
                    last = next(i for i, v in enumerate(reversed(values)) if v is not None)
                    limits.check_columns(len(values) - last)
            texts = [_cell_text(v) for v in values[: limits.max_columns]]
            while texts and not texts[-1]:
                texts.pop()
            rows.append(texts)
    except InputError:
        raise
    except _DAMAGED as err:
        raise InputError(Note(ReadError.XLSX_UNOPENABLE, detail=str(err))) from None
    if beyond:  # more rows than the header, the rows above it and the limit allow
        limits.check_rows(beyond - 1)
    return rows


def _header_position(rows: list[list[str]]) -> int | None:
    """The first row (of the first few) that names a followers column, else the first non-empty."""
    first = None
    for i, texts in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not any(t.strip() for t in texts):
            continue
        first = i if first is None else first
        if FOLLOWERS in map_columns(texts).columns:
            return i
    return first


def read_xlsx(data: bytes, limits: Limits, sheet: str | None = None) -> RawTable:
    """A sheet as a :class:`RawTable`: the one asked for, else the first sheet with a followers
    column. Title rows above the header are skipped; blank rows below it are kept as blank records
    (counted, then rejected as blank)."""
    workbook = _open(data, limits)
    notes: list[Note] = []
    try:
        names = list(workbook.sheetnames)
        if sheet is not None:
            chosen = _pick_sheet(workbook, sheet).title
            rows = _sheet_rows(workbook, chosen, limits)
        else:
            chosen, rows = names[0], _sheet_rows(workbook, names[0], limits)
            for name in names:
                candidate = rows if name == names[0] else _sheet_rows(workbook, name, limits)
                position = _header_position(candidate)
                if position is not None and FOLLOWERS in _mapped(candidate[position]):
                    chosen, rows = name, candidate
                    break
            if chosen != names[0]:
                notes.append(
                    Note(ReadWarning.OTHER_SHEET, sheet=repr(chosen), first=repr(names[0]))
                )
    finally:
        workbook.close()
    position = _header_position(rows)
    if position is None:
        raise InputError(
            Note(ReadError.EMPTY_SHEET_OF, sheet=repr(chosen), sheets=tuple(names))
            if len(names) > 1
            else Note(ReadError.EMPTY_SHEET, sheet=repr(chosen))
        )
    if position > 0 and any(any(t.strip() for t in r) for r in rows[:position]):
        notes.append(
            Note(
                ReadWarning.ROWS_ABOVE_HEADER,
                n=position,
                sheet=repr(chosen),
            )
        )
    header = rows[position]
    records = rows[position + 1 :]
    while header and not header[-1].strip():  # Excel's used range often runs past the table
        header.pop()
    width = len(header)
    while records and not any(t.strip() for t in records[-1]):
        records.pop()  # trailing formatted-but-empty rows are not records
    # Checked on what is left: ten accounts above formatted empty rows are not over a limit.
    limits.check_columns(len(header))
    limits.check_rows(len(records))
    outside = sum(1 for r in records for t in r[width:] if t.strip())
    if outside:
        notes.append(
            Note(
                ReadWarning.CELLS_OUTSIDE,
                n=outside,
            )
        )
    cells = pd.DataFrame(
        [(r + [""] * width)[:width] for r in records],
        columns=[f"c{i}" for i in range(width)],
        dtype="string",
    )
    rows_index = pd.Series(range(1, len(records) + 1), dtype="int64")
    limits.check_fields(cells, header, rows_index)
    return RawTable(headers=header, cells=cells, rows=rows_index, delimiter="xlsx", warnings=notes)


def _mapped(header: list[str]) -> dict[str, str]:
    return map_columns(header).columns
