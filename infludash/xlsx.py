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

from infludash.errors import InputError
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
        raise InputError(
            f"the Excel file cannot be opened ({err}); save it again from Excel"
        ) from None


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
    raise InputError(f"no sheet {sheet!r} in the workbook; its sheets are {', '.join(names)}")


def read_xlsx(data: bytes, limits: Limits, sheet: str | None = None) -> RawTable:
    """The chosen sheet as a :class:`RawTable`; leading empty rows are skipped, blank rows kept
    as blank records (they are counted, then rejected as blank)."""
    workbook = _open(data)
    try:
        rows = _pick_sheet(workbook, sheet).iter_rows(values_only=True)
        header: list[str] | None = None
        records: list[list[str]] = []
        for values in rows:
            texts = [_cell_text(v) for v in values]
            if header is None:
                if any(t.strip() for t in texts):
                    header = texts
                    limits.check_columns(len(header))
                continue
            records.append(texts)
            if len(records) > limits.max_rows:
                limits.check_rows(len(records))
    finally:
        workbook.close()
    if header is None:
        raise InputError("the sheet is empty: it needs a header row naming the columns")
    while header and not header[-1].strip():  # Excel's used range often runs past the table
        header.pop()
    width = len(header)
    while records and not any(t.strip() for t in records[-1]):
        records.pop()  # trailing formatted-but-empty rows are not records
    outside = sum(1 for r in records for t in r[width:] if t.strip())
    warnings = (
        [
            f"{outside:,} cells to the right of the last named column were ignored; give them a "
            "header to use them"
        ]
        if outside
        else []
    )
    cells = pd.DataFrame(
        [(r + [""] * width)[:width] for r in records],
        columns=[f"c{i}" for i in range(width)],
        dtype="string",
    )
    rows_index = pd.Series(range(1, len(records) + 1), dtype="int64")
    limits.check_fields(cells, header, rows_index)
    return RawTable(
        headers=header, cells=cells, rows=rows_index, delimiter="xlsx", warnings=warnings
    )
