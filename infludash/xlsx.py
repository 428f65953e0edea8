"""Excel workbooks (.xlsx) to the same table of strings that CSV files become.

Cells are turned into text the way a person reads them (an integer without ``.0``, a float with
all its digits) so the one number parser downstream treats Excel and CSV alike. The first sheet is
read unless another is asked for by name or 1-based position.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pandas as pd

from infludash.columns import map_columns
from infludash.errors import InputError
from infludash.i18n import Message
from infludash.limits import Limits
from infludash.table import RawTable

__all__ = ["read_xlsx", "sheet_names"]


def _open(data: bytes) -> Any:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - openpyxl is a declared dependency
        raise InputError(
            "reading .xlsx needs the openpyxl package; install requirements.txt"
        ) from None
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as err:
        raise InputError(Message("errors.xlsx_unopenable", detail=str(err))) from None


def sheet_names(data: bytes) -> list[str]:
    """Names of the workbook's sheets, in order (for the sheet picker)."""
    workbook = _open(data)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _pick_sheet(workbook: Any, sheet: str | None) -> Any:
    names = list(workbook.sheetnames)
    if sheet is None:
        return workbook[names[0]]
    if sheet in names:
        return workbook[sheet]
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return workbook[names[int(sheet) - 1]]
    raise InputError(Message("errors.no_sheet", sheet=repr(sheet), sheets=tuple(names)))


#: How far down a sheet the header row is looked for (titles and notes often sit above it).
HEADER_SEARCH_ROWS = 30


def _sheet_rows(workbook: Any, name: str) -> list[list[str]]:
    return [
        [_cell_text(v) for v in values] for values in workbook[name].iter_rows(values_only=True)
    ]


def _header_position(rows: list[list[str]]) -> int | None:
    """The first row (of the first few) that names a followers column, else the first non-empty."""
    first = None
    for i, texts in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not any(t.strip() for t in texts):
            continue
        first = i if first is None else first
        if "followers" in map_columns(texts).columns:
            return i
    return first


def read_xlsx(data: bytes, limits: Limits, sheet: str | None = None) -> RawTable:
    """A sheet as a :class:`RawTable`: the one asked for, else the first sheet with a followers
    column. Title rows above the header are skipped; blank rows below it are kept as blank records
    (counted, then rejected as blank)."""
    workbook = _open(data)
    notes: list[str] = []
    try:
        names = list(workbook.sheetnames)
        if sheet is not None:
            chosen = _pick_sheet(workbook, sheet).title
            rows = _sheet_rows(workbook, chosen)
        else:
            chosen, rows = names[0], _sheet_rows(workbook, names[0])
            for name in names:
                candidate = rows if name == names[0] else _sheet_rows(workbook, name)
                position = _header_position(candidate)
                if position is not None and "followers" in _mapped(candidate[position]):
                    chosen, rows = name, candidate
                    break
            if chosen != names[0]:
                notes.append(
                    Message("warnings.other_sheet", sheet=repr(chosen), first=repr(names[0]))
                )
    finally:
        workbook.close()
    position = _header_position(rows)
    if position is None:
        raise InputError(
            Message("errors.empty_sheet_of", sheet=repr(chosen), sheets=tuple(names))
            if len(names) > 1
            else Message("errors.empty_sheet", sheet=repr(chosen))
        )
    if position > 0 and any(any(t.strip() for t in r) for r in rows[:position]):
        notes.append(
            Message(
                "warnings.rows_above_header.one"
                if position == 1
                else "warnings.rows_above_header.other",
                n=position,
                sheet=repr(chosen),
            )
        )
    header = rows[position]
    records = rows[position + 1 :]
    limits.check_columns(len(header))
    limits.check_rows(len(records))
    while header and not header[-1].strip():  # Excel's used range often runs past the table
        header.pop()
    width = len(header)
    while records and not any(t.strip() for t in records[-1]):
        records.pop()  # trailing formatted-but-empty rows are not records
    outside = sum(1 for r in records for t in r[width:] if t.strip())
    if outside:
        notes.append(
            Message(
                "warnings.cells_outside.one" if outside == 1 else "warnings.cells_outside.other",
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
