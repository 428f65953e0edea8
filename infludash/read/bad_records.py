"""Records that do not fit the header: numbered, rescued when only empty fields are extra,
described (a reason and a detail code) otherwise.

The parser reports bad records without their record number when it runs on several threads;
when the file's lines say it plainly (no quoted line breaks), the numbers are counted from the
bytes instead of parsing again on one thread.
"""

from __future__ import annotations

import csv

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.codes import Delimiter, ReadError
from infludash.read.limits import Limits
from infludash.read.raw_table import RawTable, UnparseableRow
from infludash.read.rejections import Detail, Reason

__all__ = ["numbered_by_line", "with_rows"]


def numbered_by_line(
    payload: bytes, delimiter: str, width: int, bad: list[tuple[int | None, str, int]]
) -> list[tuple[int | None, str, int]] | None:
    """Record numbers of the records the parser refused, found from the lines of a file without
    quotes (where a record is a non-empty line): the lines whose field count is not ``width``.

    Only trusted when those lines are exactly the records the parser refused (same texts, same
    field counts); otherwise None, and the caller parses again on one thread, which numbers them.
    Saves that second parse of the whole file.
    """
    if len(delimiter.encode()) != 1:
        return None  # a delimiter we cannot count byte-wise
    raw = np.frombuffer(payload, dtype=np.uint8)
    newlines = np.flatnonzero(raw == 0x0A)
    if np.count_nonzero(raw == 0x0D) != np.count_nonzero(raw[newlines[newlines > 0] - 1] == 0x0D):
        return None  # a CR that ends no CRLF: old Mac line ends, or a stray CR inside a line
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [raw.size]))
    last = np.maximum(ends - 1, 0)
    ends = ends - ((ends > starts) & (raw[last] == 0x0D))  # a CR before the LF is not content
    filled = ends > starts
    fields = np.ones(starts.size, dtype=np.int64)
    stretches = starts[starts < raw.size]  # each line's bytes, its LF included: never empty
    fields[: stretches.size] += _counts_per_stretch(raw == ord(delimiter), stretches)
    odd = np.flatnonzero(filled & (fields != width))
    if odd.size != len(bad):
        return None
    record = np.cumsum(filled)  # 1-based record number of each non-empty line (header: 1)
    found = [
        (int(record[i]), payload[starts[i] : ends[i]].decode("utf-8"), int(fields[i]))
        for i in odd.tolist()
    ]
    reported = sorted((text, count) for _, text, count in bad)
    if sorted((text, count) for _, text, count in found) != reported:
        return None
    return list(found)


def _counts_per_stretch(
    flags: npt.NDArray[np.bool_], starts: npt.NDArray[np.intp]
) -> npt.NDArray[np.int64]:
    """How many ``flags`` are set in each stretch ``starts[i]:starts[i+1]`` (the last runs to the
    end), in one pass and without a wide copy of the flags.

    A sum in bytes needs no copy (numpy widens a byte sum to 64 bits by copying the whole array
    first: 8 bytes per byte of the file), but wraps past 255; so the bytes are summed in pieces
    of at most 255, and the few pieces per stretch are added up wide.
    """
    # Two sorted runs: a stable sort merges them (np.union1d hashes, 30 times slower here).
    cuts = np.sort(np.concatenate((starts, np.arange(0, flags.size, 255))), kind="stable")
    cuts = cuts[np.concatenate(([True], cuts[1:] != cuts[:-1]))]
    pieces = np.add.reduceat(flags.view(np.uint8), cuts, dtype=np.uint8)
    return np.add.reduceat(pieces.astype(np.int64), np.searchsorted(cuts, starts))


def with_rows(
    headers: list[str],
    frame: pd.DataFrame,
    bad: list[tuple[int | None, str, int]],
    delimiter: str,
    limits: Limits,
) -> RawTable:
    """Number the records, rescue trailing-delimiter rows, describe the rest."""
    width = len(headers)
    bad_rows = sorted(((n or 0) - 1, text, count) for n, text, count in bad)
    unparseable: list[UnparseableRow] = []
    rescued: list[tuple[int, list[str]]] = []
    for row, text, count in bad_rows:
        try:
            fields = next(csv.reader([text], delimiter=delimiter), [])
        except csv.Error:  # a field past the csv module's own limit: a quote never closed
            raise InputError(
                Note(
                    ReadError.VALUE_TOO_LONG,
                    column=repr(headers[min(count, width) - 1]),
                    row=row,
                    n=len(text),
                    limit=limits.max_field_chars,
                )
            ) from None
        if len(fields) > width and not any(f.strip() for f in fields[width:]):
            rescued.append((row, fields[:width]))
            continue
        unparseable.append(
            UnparseableRow(
                row=row,
                text=text,
                reason=Reason.WRONG_NUMBER_OF_FIELDS,
                detail=Note(
                    Detail.FIELDS, n=count, expected=width, delimiter=Delimiter.word(delimiter)
                ),
            )
        )
    total = len(frame) + len(bad_rows)
    limits.check_rows(total)
    numbers = np.arange(1, total + 1, dtype="int64")
    if bad_rows:
        numbers = np.setdiff1d(numbers, [r for r, _, _ in bad_rows], assume_unique=True)
    rows = pd.Series(numbers, copy=False)  # a fresh array: no defensive copy
    if rescued:
        extra = pd.DataFrame([f for _, f in rescued], columns=frame.columns, dtype="string")
        frame = pd.concat([frame, extra], ignore_index=True)
        rows = pd.concat(
            [rows, pd.Series([r for r, _ in rescued], dtype="int64")], ignore_index=True
        )
        order = rows.argsort(kind="stable").to_numpy()
        frame, rows = (
            frame.iloc[order].reset_index(drop=True),
            rows.iloc[order].reset_index(drop=True),
        )
    limits.check_fields(frame, headers, rows)
    return RawTable(
        headers=headers, cells=frame, rows=rows, unparseable=unparseable, delimiter=delimiter
    )
