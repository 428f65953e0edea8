"""A file's cells before they mean anything: strings under positional columns, the records
that did not fit the header, and the notes made while reading them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from infludash.base.notes import Note
from infludash.read.rejections import Reason

__all__ = ["RawTable", "UnparseableRow"]


@dataclass(frozen=True)
class UnparseableRow:
    """A record the parser could not fit to the header: where it is, what it said, why."""

    row: int  # 1-based data record number (the header is record 0)
    text: str
    reason: Reason
    detail: Note | None = None


@dataclass
class RawTable:
    """All cells as strings under positional column names ``c0..cN``, plus the original headers."""

    headers: list[str]
    cells: pd.DataFrame
    rows: pd.Series  # 1-based data record number of each row of ``cells``
    unparseable: list[UnparseableRow] = field(default_factory=list)
    delimiter: str = ","
    warnings: list[Note] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Every data record after the header: parsed ones and unparseable ones."""
        return len(self.cells) + len(self.unparseable)
