"""The .xlsx writer: sheets streamed row by row, every text cell stored as text (never a formula),
numbers as numbers, and the finish a spreadsheet reader expects: the header row frozen, an
autofilter over the table, columns as wide as their contents, number formats per column.

Rows are streamed (openpyxl's write-only mode): memory stays flat however long the list, where
building the sheet in memory took gigabytes for a million accounts. A number format is carried by
one styled cell per column, given each row's value in turn (a cell object per value would double
the time a large file takes).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from infludash.present import export
from infludash.present.export import EXCEL_MAX_CELL_CHARS, neutralise

__all__ = ["COUNT", "DECIMAL", "FRACTION", "PERCENT", "Sheet", "write_workbook"]

#: Number formats (Excel writes them in the reader's own separators: 1,234 / 1.234).
COUNT = "#,##0"
#: Rates: two decimals, more where two would show a rate that is not zero as 0.00% (a YouTube
#: rate per subscriber of 0.003% is small, not zero); an exact zero stays 0.00%.
PERCENT = "[=0]0.00%;[<0.0001]0.000#%;0.00%"
FRACTION = "0.0%"
DECIMAL = "0.0"

#: Control characters XML 1.0 cannot carry (openpyxl refuses them): tab, LF and CR can stay.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Column widths in characters: at least this, at most that (a long bio is cut on screen).
_NARROWEST, _WIDEST = 10.0, 50.0
_MEASURED_ROWS = 1_000  # widths are measured on the first rows, not on a million


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title, its table (headings as they are shown), number formats by column,
    and whether it gets an autofilter (a table to sort and filter, not a list of settings)."""

    title: str
    frame: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)
    autofilter: bool = True


def _excel_text(value: str) -> str:
    """A text as one .xlsx cell can hold it: control characters that XML cannot carry shown as
    U+FFFD (a handle with an ESC byte made the whole download fail), and text past Excel's
    32,767 characters cut there with an ellipsis (the CSV keeps it whole)."""
    value = _XML_ILLEGAL.sub("\ufffd", value)
    if len(value) > EXCEL_MAX_CELL_CHARS:
        value = value[: EXCEL_MAX_CELL_CHARS - 1] + "…"
    return value


def _width(heading: str, series: pd.Series, number_format: str | None) -> float:
    """Characters a column needs for its heading and its first rows' values, as formatted."""
    head = series.head(_MEASURED_ROWS)
    longest = len(heading) + 3  # the autofilter's arrow sits beside the heading
    if pd.api.types.is_bool_dtype(head):
        longest = max(longest, 6)
    elif pd.api.types.is_numeric_dtype(head):
        values = pd.to_numeric(head, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        finite = values[np.isfinite(values)]
        if finite.size:
            biggest = float(np.abs(finite).max())
            digits = len(f"{biggest:,.0f}") if number_format == COUNT else len(f"{biggest:.2f}")
            longest = max(longest, digits + 3)
    else:
        lengths = head.astype("string").str.len()
        if lengths.notna().any():
            longest = max(longest, int(lengths.max()) + 2)
    return float(min(max(longest, _NARROWEST), _WIDEST))


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _write_sheet(book: Any, sheet: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell

    safe = neutralise(sheet.frame)
    table = book.create_sheet(sheet.title[:31])
    formats = {
        position: sheet.formats[str(name)]
        for position, name in enumerate(sheet.frame.columns)
        if str(name) in sheet.formats
    }
    for position, name in enumerate(safe.columns):
        series = sheet.frame.iloc[:, position]
        letter = _column_letter(position + 1)
        table.column_dimensions[letter].width = _width(str(name), series, formats.get(position))
    table.freeze_panes = "A2"
    if sheet.autofilter and len(safe.columns):
        last = f"{_column_letter(len(safe.columns))}{len(safe) + 1}"
        table.auto_filter.ref = f"A1:{last}"

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(table, value=_excel_text(value))
        cell.data_type = "s"  # openpyxl would otherwise read "=..." as a formula
        return cell

    bold = _bold()
    header = []
    for name in safe.columns:
        cell = text(str(name))
        cell.font = bold
        header.append(cell)
    table.append(header)
    # A neutralised text never starts with "=", so plain values cannot become formulas; cells
    # are typed by hand only where a text starts with "=" anyway (defence in depth), or where
    # Excel cannot hold the text as it is (found per column, vectorised: most cells are plain).
    columns: list[list[object]] = []
    for name in safe.columns:
        series = safe[name]
        values = series.astype(object).where(series.notna(), None).tolist()
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            texts = series.astype("string")
            # An empty text is an empty cell (written as text it is an inline string with no
            # text in it, which not every spreadsheet takes).
            for at in np.flatnonzero((texts == "").fillna(False).to_numpy(dtype=bool)):
                values[at] = None
            odd = (
                texts.str.startswith("=")
                | texts.str.contains(_XML_ILLEGAL.pattern, regex=True)
                | (texts.str.len() > EXCEL_MAX_CELL_CHARS)
            )
            for at in np.flatnonzero(odd.fillna(False).to_numpy(dtype=bool)):
                values[at] = text(values[at])
        columns.append(values)
    styled = {position: WriteOnlyCell(table) for position in formats}
    for position, cell in styled.items():
        cell.number_format = formats[position]
    for record in zip(*columns, strict=True):
        table.append(_formatted(record, styled) if styled else record)


def _formatted(record: Sequence[object], styled: Mapping[int, Any]) -> list[object]:
    """The row with each formatted column's number put in that column's styled cell (the cell
    is written before the next row is appended, so one cell serves every row)."""
    row = list(record)
    for position, cell in styled.items():
        value = row[position]
        if isinstance(value, (int, float)) and not (
            isinstance(value, float) and not math.isfinite(value)
        ):
            cell.value = value
            row[position] = cell
    return row


def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one .xlsx file (the first is the one that opens); too many rows for one
    sheet is an :class:`~infludash.base.errors.InputError`, said before any work."""
    from openpyxl import Workbook

    for sheet in sheets:
        export.check_excel_rows(len(sheet.frame))
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
