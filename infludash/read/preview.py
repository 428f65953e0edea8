"""A file's headers, first rows and automatic mapping, without reading all its values: what the
mapping step shows, available even when reading fails (a file without a recognised followers
column is exactly when the analyst must map by hand)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.codes import ReadError
from infludash.read.columns import map_columns
from infludash.read.decoding import decode_bytes
from infludash.read.filetype import detect_kind
from infludash.read.limits import Limits
from infludash.read.table import first_records, sniff_delimiter
from infludash.read.xlsx import read_xlsx

__all__ = ["ColumnPreview", "first_rows", "preview_columns"]


@dataclass(frozen=True)
class ColumnPreview:
    """A file's headers, first rows and automatic mapping."""

    headers: tuple[str, ...]
    preview: pd.DataFrame
    mapping: dict[str, str]


def preview_columns(
    data: bytes, sheet: str | None = None, limits: Limits | None = None
) -> ColumnPreview:
    """Headers, the first rows and the automatic mapping of a file, without reading all values."""
    limits = limits or Limits()
    limits.check_bytes(len(data))
    if detect_kind(data) == "xlsx":
        table = read_xlsx(data, limits, sheet)
        headers, cells = [str(h) for h in table.headers], table.cells
    else:
        text = decode_bytes(data).text
        delimiter = sniff_delimiter(text)[0]
        records = first_records(text, delimiter, limit=6)
        if not records:
            raise InputError(Note(ReadError.EMPTY_FILE))
        headers = records[0]
        width = len(headers)
        cells = pd.DataFrame(  # explicit columns: a header-only file has no rows to count them
            [(r + [""] * width)[:width] for r in records[1:]], columns=range(width), dtype="string"
        )
    return ColumnPreview(
        headers=tuple(headers),
        preview=first_rows(cells, headers),
        mapping=dict(map_columns(headers).columns),
    )


def first_rows(cells: pd.DataFrame, headers: list[str], rows: int = 5) -> pd.DataFrame:
    """The first rows under the file's headers (repeated headers get a position suffix)."""
    seen: dict[str, int] = {}
    names = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        names.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    head = cells.head(rows).copy()
    head.columns = names
    return head.reset_index(drop=True)
