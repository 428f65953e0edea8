"""The header row of a text table, where lines stand above it: a title, a blank record, a line
of delimiters (``,,,``). It is the first of the top records that names a followers column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from infludash.read.table import SNIFF_CHARS

__all__ = ["HEADER_SEARCH_RECORDS", "HeaderAt", "find_header"]

#: How many records from the top a header row is looked for in (titles, notes and blank lines
#: sit above it in some exports).
HEADER_SEARCH_RECORDS = 30


@dataclass(frozen=True)
class HeaderAt:
    """Where the header record starts: its offset in the text and its 1-based line number."""

    offset: int
    line: int


def find_header(
    text: str, delimiter: str, is_header: Callable[[list[str]], bool]
) -> HeaderAt | None:
    """The first of the top records that ``is_header`` accepts, or None (a bounded search)."""
    sample = text[:SNIFF_CHARS]
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    lines_before = 0
    try:
        for _ in range(HEADER_SEARCH_RECORDS):
            record = next(reader, None)
            if record is None:
                return None
            if record and is_header(record):
                break
            lines_before = reader.line_num
        else:
            return None
    except csv.Error:
        return None
    lines = io.StringIO(sample, newline="")
    offset = sum(len(line) for _, line in zip(range(lines_before), lines, strict=False))
    return HeaderAt(offset=offset, line=lines_before + 1)
