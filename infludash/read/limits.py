"""Resource limits for one file, with messages that say which limit and how to get under it.

Defaults match the app's upload limit (``server.maxUploadSize`` = 200 MB) and what a 2-core,
few-GB server handles interactively. The CLI can raise them (``--max-rows`` and friends); the app
reads ``INFLUDASH_MAX_*`` environment variables so a deployment can tune them without code.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from infludash.base.errors import InputError
from infludash.base.notes import Fixed, Note
from infludash.read.arrowtext import longest
from infludash.read.codes import ReadError

__all__ = ["Limits"]


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one file; every check raises :class:`InputError` when exceeded."""

    max_bytes: int = 200 * 1024 * 1024
    max_rows: int = 5_000_000
    max_columns: int = 500
    max_field_chars: int = 100_000

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by ``INFLUDASH_MAX_BYTES``, ``..._ROWS``, ``..._COLUMNS`` etc."""
        values: dict[str, int] = {}
        for name, var in (
            ("max_bytes", "INFLUDASH_MAX_BYTES"),
            ("max_rows", "INFLUDASH_MAX_ROWS"),
            ("max_columns", "INFLUDASH_MAX_COLUMNS"),
            ("max_field_chars", "INFLUDASH_MAX_FIELD_CHARS"),
        ):
            raw = os.environ.get(var)
            if raw:
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise InputError(
                        Note(ReadError.NOT_A_WHOLE_NUMBER, var=var, raw=repr(raw))
                    ) from None
        return cls(**values)

    def check_bytes(self, size: int) -> None:
        if size > self.max_bytes:
            # The size rounded up and the limit down: a file one byte over 209.7 MB was
            # "209.7 MB, over the limit of 210 MB".
            raise InputError(
                Note(
                    ReadError.TOO_BIG,
                    size=Fixed(math.ceil(size / 1e5) / 10, 1),
                    limit=Fixed(math.floor(self.max_bytes / 1e6), 0),
                )
            )

    def check_rows(self, rows: int) -> None:
        if rows > self.max_rows:
            raise InputError(Note(ReadError.TOO_MANY_ROWS, n=rows, limit=self.max_rows))

    def check_columns(self, columns: int) -> None:
        if columns > self.max_columns:
            raise InputError(
                Note(
                    ReadError.TOO_MANY_COLUMNS,
                    n=columns,
                    limit=self.max_columns,
                )
            )

    def check_fields(self, cells: pd.DataFrame, headers: list[str], rows: pd.Series) -> None:
        """No cell longer than ``max_field_chars`` (a runaway quote swallows the rest of a file)."""
        for position, column in enumerate(cells.columns):
            values = cells[column]
            arrow = isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"
            if arrow and longest(pa.array(values)) <= self.max_field_chars:  # bytes >= chars
                continue
            lengths = values.str.len().to_numpy(dtype="float64", na_value=0.0)
            if lengths.size and lengths.max() > self.max_field_chars:
                at = int(np.argmax(lengths))
                length = int(lengths[at])
                raise InputError(
                    Note(
                        ReadError.VALUE_TOO_LONG,
                        column=repr(headers[position]),
                        row=int(rows.iloc[at]),
                        n=length,
                        limit=self.max_field_chars,
                    )
                )
