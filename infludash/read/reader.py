"""Read an account list (CSV bytes or a path) into canonical columns, accounting for every row.

Every data record ends up in exactly one place: an account, a rejected row (with a reason the
analyst can act on), or an exact duplicate of an earlier record.
``rows_read == accounts + rejected + duplicates`` always holds, so nothing disappears silently.
What the reader says about the file are notes without its name: the caller, which knows the
name, adds it (:mod:`infludash.read.combine`).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import FOLLOWERS, HANDLE, ROW, SOURCE
from infludash.read import plausibility
from infludash.read.arrowtext import constant_text
from infludash.read.codes import ColumnWord, ReadError
from infludash.read.columns import ALIASES, NUMERIC_COLUMNS, accepted_names, map_columns
from infludash.read.combine import combine
from infludash.read.duplicates import (
    blank_records,
    exact_duplicates,
    flag_possible_duplicates,
    handle_keys,
)
from infludash.read.files import display_name, read_path
from infludash.read.filetype import detect_kind
from infludash.read.limits import Limits
from infludash.read.outcome import check_outcome, rejected_cells
from infludash.read.platforms import with_platform
from infludash.read.preview import ColumnPreview, first_rows, preview_columns
from infludash.read.rejections import BLANK, REASONS, follower_detail
from infludash.read.result import FileReport, ReadResult, checked
from infludash.read.table import RawTable
from infludash.read.text_table import csv_in_one_column, text_table
from infludash.read.values import (
    canonical_values,
    column_positions,
    decimal_conventions,
    pick_copy,
    whole_columns,
)
from infludash.read.warning_codes import ReadWarning
from infludash.read.xlsx import read_xlsx

__all__ = [
    "ColumnPreview",
    "FileReport",
    "ReadResult",
    "combine",
    "display_name",
    "flag_possible_duplicates",
    "preview_columns",
    "read_accounts",
]


def _column_word(canon: str) -> Note | str:
    """A canonical column's name in messages (``followers``; ``Follower`` in German)."""
    return ColumnWord.of(canon) if canon in ALIASES else canon


def _blank(raw_bytes: bytes) -> bool:
    """Nothing but whitespace, NULs and a byte-order mark (the start decides almost always, so
    a big file is not copied to find out)."""
    blank = b" \t\r\n\x00" + codecs.BOM_UTF8
    return not raw_bytes[: 1 << 16].strip(blank) and not raw_bytes.strip(blank)


def _raw_text(cells: pd.DataFrame, delimiter: str) -> pd.Series:
    """Each row as the analyst would see it in the file (for the rejected-rows table)."""
    sep = ", " if delimiter == "xlsx" else delimiter
    if cells.empty:
        return pd.Series([], dtype="string")
    joined = cells.iloc[:, 0].astype("string")
    for i in range(1, cells.shape[1]):
        joined = joined.str.cat(cells.iloc[:, i].astype("string"), sep=sep)
    return joined


def read_accounts(
    data: bytes | str | Path,
    source: str | None = None,
    *,
    overrides: Mapping[str, str] | None = None,
    sheet: str | None = None,
    limits: Limits | None = None,
    strict_overrides: bool = True,
    platform: str | None = None,
) -> ReadResult:
    """Read one CSV/TSV/.xlsx (bytes, or a path) into a :class:`ReadResult`.

    ``source`` names the file in the ``source`` column; a path defaults to its name (bytes to
    "upload"). Errors and warnings about the file's content do not name it: name them with
    :func:`~infludash.read.combine.in_file` and :func:`~infludash.read.combine.combine`.
    ``overrides`` maps canonical columns to file headers by hand; with
    ``strict_overrides=False`` (several files, one mapping) an override whose header this file
    lacks is skipped with a warning instead of failing. ``sheet`` picks an Excel sheet by name or
    1-based number. ``platform`` is the platform of every account when the file has no
    platform column (see :mod:`infludash.read.platforms`).
    """
    limits = limits or Limits()
    if isinstance(data, (str, Path)):
        name = source or Path(data).name
        raw_bytes = read_path(data, limits, name)
    else:
        name, raw_bytes = source or "upload", data
    result = _read(raw_bytes, name, overrides, sheet, limits, strict_overrides=strict_overrides)
    return checked(result if not platform else with_platform(result, platform))


def _table(
    raw_bytes: bytes, sheet: str | None, limits: Limits, overrides: Mapping[str, str] | None
) -> tuple[RawTable, list[Note], str, str]:
    """The file's cells as a table, the notes so far, its kind and its encoding."""
    kind = detect_kind(raw_bytes)
    if kind != "xlsx":
        table, notes, encoding = text_table(raw_bytes, limits, overrides)
        return table, notes, kind, encoding
    table, notes = read_xlsx(raw_bytes, limits, sheet), []
    pasted = csv_in_one_column(table, overrides)
    if pasted is not None:  # rows of CSV text pasted into column A
        table, notes, _ = text_table(pasted, limits, overrides)
        notes.append(Note(ReadWarning.CSV_IN_ONE_COLUMN))
    return table, notes, kind, "xlsx"


def _read(
    raw_bytes: bytes,
    name: str,
    overrides: Mapping[str, str] | None,
    sheet: str | None,
    limits: Limits,
    *,
    strict_overrides: bool = True,
) -> ReadResult:
    limits.check_bytes(len(raw_bytes))
    if _blank(raw_bytes):
        raise InputError(Note(ReadError.EMPTY_FILE))
    table, notes, kind, encoding = _table(raw_bytes, sheet, limits, overrides)
    notes += table.warnings
    headers = [str(h) for h in table.headers]
    if overrides and not strict_overrides:
        skipped = {c: h for c, h in overrides.items() if h and h not in headers}
        overrides = {c: h for c, h in overrides.items() if c not in skipped}
        notes += [
            Note(ReadWarning.MAPPING_SKIPPED, canon=_column_word(c), header=repr(h))
            for c, h in skipped.items()
        ]
    mapping = map_columns(headers, overrides)
    if FOLLOWERS not in mapping.columns:
        # each header clipped: a 60,000-character header made a 66 KB message
        shown = ", ".join(repr(h if len(h) <= 60 else h[:59] + "…") for h in headers[:20])
        shown += " …" if len(headers) > 20 else ""
        raise InputError(
            Note(ReadError.NO_FOLLOWERS_COLUMN, headers=shown, names=accepted_names(FOLLOWERS))
        )
    absent = [h for h in mapping.columns.values() if h not in headers]
    if absent:
        raise InputError(Note(ReadError.NO_COLUMN_NAMED, header=repr(absent[0])))
    if table.rows_read == 0:
        raise InputError(Note(ReadError.NO_ACCOUNTS))
    notes += list(mapping.notes)

    cells = table.cells
    positions = column_positions(headers, mapping.columns)
    numeric = {c: p[0] for c, p in positions.items() if c in NUMERIC_COLUMNS}
    whole = whole_columns(cells, numeric.values())
    conventions = decimal_conventions(cells, numeric, table.delimiter, whole)
    columns: dict[str, int] = {}
    for canon, pos_list in positions.items():
        columns[canon], note = pick_copy(
            canon, mapping.columns[canon], pos_list, cells, conventions.get(canon, ".")
        )
        if note:
            notes.append(note)
    accounts, reasons, value_notes = canonical_values(
        cells, columns, conventions, table.rows.to_numpy(), whole, scales=mapping.scales
    )
    # Totals posing as per-post figures, judged once the values are canonical (a totals row
    # rejected, a per-post sibling column preferred, an alarm otherwise).
    accounts, reasons, mapping, notes = plausibility.check(
        accounts, reasons, notes + value_notes, table, mapping, overrides=overrides
    )

    blank = blank_records(cells)
    handles = handle_keys(accounts, trimmed=True)  # identical rows share a handle: see there
    duplicated = exact_duplicates(cells, None if handles is None else handles.candidates) & ~blank
    codes = reasons.copy()
    codes[blank] = BLANK
    rejected_mask = (codes != 0) & ~duplicated
    kept_mask = ~duplicated & ~rejected_mask
    rejected_codes = codes[rejected_mask]
    rejected_rows = np.flatnonzero(rejected_mask)  # positions: cheaper than a mask on text
    # (taking no rows from chunked text still joins the chunks: slice instead)
    refused = cells.iloc[rejected_rows] if rejected_rows.size else cells.iloc[:0]

    accounts.insert(0, ROW, table.rows.to_numpy())
    if not kept_mask.all():
        accounts = accounts.take(np.flatnonzero(kept_mask)).reset_index(drop=True)
    # The file name after the rows are dropped: laid out once, not a million copies taken.
    accounts.insert(0, SOURCE, constant_text(name, len(accounts)).set_axis(accounts.index))
    kept, possible = flag_possible_duplicates(
        accounts, None if handles is None else handles.subset(kept_mask)
    )
    if possible:
        notes.append(Note(ReadWarning.POSSIBLE_DUPLICATES, n=possible))
    detail, value = follower_detail(refused.iloc[:, columns[FOLLOWERS]], rejected_codes)
    rejected = pd.DataFrame(
        {
            "source": name,
            "row": table.rows.to_numpy()[rejected_rows],
            "reason": np.asarray(REASONS, dtype=object)[rejected_codes],
            "detail": detail,
            "value": value,
            "raw": _raw_text(refused, table.delimiter).to_numpy(),
        }
    )
    if table.unparseable:
        unparseable = pd.DataFrame(
            {
                "source": name,
                "row": [u.row for u in table.unparseable],
                "reason": [u.reason for u in table.unparseable],
                "detail": [u.detail for u in table.unparseable],
                "value": [None] * len(table.unparseable),
                "raw": [u.text for u in table.unparseable],
            }
        )
        rejected = pd.concat([rejected, unparseable], ignore_index=True)
    notes += check_outcome(
        rejected["reason"],
        pd.Series(
            rejected_cells(refused.iloc[:, columns[FOLLOWERS]], [u.text for u in table.unparseable])
        ),
        rows_read=table.rows_read,
        kept=len(kept),
        header=mapping.columns[FOLLOWERS],
        has_handle=HANDLE in columns,
    )
    if table.unparseable:
        rejected = rejected.sort_values("row", kind="stable", ignore_index=True)
    report = FileReport(
        source=name,
        kind=kind,
        encoding=encoding,
        delimiter=table.delimiter,
        headers=tuple(headers),
        preview=first_rows(cells, headers),
        conventions={c: v for c, v in conventions.items() if c in columns},
        rows_read=table.rows_read,
        accounts=len(kept),
        rejected=len(rejected),
        duplicates=int(duplicated.sum()),
    )
    return ReadResult(
        accounts=kept,
        rejected=rejected,
        rows_read=table.rows_read,
        duplicates=int(duplicated.sum()),
        sources=[name],
        mapping={name: dict(mapping.columns)},
        warnings=notes,
        files=[report],
    )
