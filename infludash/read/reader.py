"""Read an account list (CSV bytes or a path) into canonical columns, accounting for every row.

Every data record ends up in exactly one place: an account, a rejected row (with a reason the
analyst can act on), or an exact duplicate of an earlier record.
``rows_read == accounts + rejected + duplicates`` always holds, so nothing disappears silently.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from infludash.base.errors import InputError, message_of
from infludash.base.schema import ACCOUNTS, check
from infludash.present.i18n import Message
from infludash.read import plausibility
from infludash.read.arrowtext import constant_text
from infludash.read.columns import ALIASES, NUMERIC_COLUMNS, accepted_names, map_columns
from infludash.read.crossfile import AcrossFiles, fold_across
from infludash.read.decoding import decode_bytes
from infludash.read.duplicates import (
    blank_records,
    exact_duplicates,
    flag_possible_duplicates,
    handle_keys,
)
from infludash.read.filetype import detect_kind
from infludash.read.header_row import find_header
from infludash.read.limits import Limits
from infludash.read.outcome import check_outcome, rejected_cells
from infludash.read.platforms import with_platform
from infludash.read.table import RawTable, first_records, parse_text, sniff_delimiter
from infludash.read.values import (
    BLANK,
    REASONS,
    canonical_values,
    column_positions,
    decimal_conventions,
    follower_detail,
    pick_copy,
    whole_columns,
)
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


@dataclass(frozen=True)
class FileReport:
    """How one file was read: what the data-quality view shows and the mapping step edits."""

    source: str
    kind: str  # "text" or "xlsx"
    encoding: str
    delimiter: str
    headers: tuple[str, ...]
    preview: pd.DataFrame  # the first rows, as text, under the file's own headers
    conventions: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    accounts: int = 0
    rejected: int = 0
    duplicates: int = 0
    in_other_files: int = 0  # of the duplicates: accounts of another file (see combine)


@dataclass
class ReadResult:
    """Accounts in canonical columns plus the bookkeeping that proves no row was lost."""

    accounts: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    duplicates: int
    sources: list[str] = field(default_factory=list)
    mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    across_files: AcrossFiles = field(default_factory=AcrossFiles)
    #: Each warning is a Message "<file>: <note>" (key ``warnings.in_file``): English as text,
    #: said in the analyst's language by ``Locale.say``.

    def renamed(self, name: str) -> ReadResult:
        """The same result under another source name (the app caches by content, not by name)."""
        old = self.sources[0] if len(self.sources) == 1 else None
        if old is None or old == name:
            return self
        accounts = self.accounts.assign(
            source=constant_text(name, len(self.accounts)).set_axis(self.accounts.index)
        )
        rejected = self.rejected.assign(source=name)
        return ReadResult(
            accounts=accounts,
            rejected=rejected,
            rows_read=self.rows_read,
            duplicates=self.duplicates,
            sources=[name],
            mapping={name: self.mapping.get(old, {})},
            warnings=[_in_file(name, _note_of(w, old)) for w in self.warnings],
            files=[replace(f, source=name) for f in self.files],
        )


def _in_file(name: str, note: str) -> Message:
    """A note about one file, named: ``"list.csv: the file is not UTF-8…"`` in any language."""
    return Message("warnings.in_file", file=name, text=note)


def _note_of(warning: str, name: str) -> str:
    """The note inside a warning about file ``name`` (the Message itself, or the text after the
    name for plain text)."""
    if isinstance(warning, Message) and warning.key == "warnings.in_file":
        note = warning.values.get("text")
        if warning.values.get("file") == name and isinstance(note, str):
            return note  # a Message stays one
    return warning.removeprefix(f"{name}: ")


def _column_word(canon: str) -> str:
    """A canonical column's name in messages (``followers``; ``Follower`` in German)."""
    return Message(f"warnings.column.{canon}") if canon in ALIASES else canon


def display_name(name: str, limit: int = 80) -> str:
    """A file name fit to show: no folders, no control characters, at most ``limit`` characters."""
    base = re.split(r"[\\/]", str(name))[-1]
    base = "".join(ch if ch.isprintable() else " " for ch in base).strip()
    if base in {"", ".", ".."}:  # a folder reference is no name to show
        base = "upload"
    return base if len(base) <= limit else base[: limit - 1] + "…"


def _load(data: bytes | str | Path, source: str | None, limits: Limits) -> tuple[bytes, str]:
    if not isinstance(data, (str, Path)):
        return data, source or "upload"
    path = Path(data)
    name = source or path.name
    try:
        with path.open("rb") as handle:
            try:  # a file over the limit is refused before it is read into memory
                limits.check_bytes(os.fstat(handle.fileno()).st_size)
            except InputError as err:
                raise InputError(
                    Message("errors.in_file", file=name, text=message_of(err))
                ) from None
            # a pipe or a device reports no size: read one byte past the limit at most
            return handle.read(limits.max_bytes + 1), name
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file; name a CSV or .xlsx file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from None


def _blank(raw_bytes: bytes) -> bool:
    """Nothing but whitespace, NULs and a byte-order mark (the start decides almost always, so
    a big file is not copied to find out)."""
    blank = b" \t\r\n\x00" + codecs.BOM_UTF8
    return not raw_bytes[: 1 << 16].strip(blank) and not raw_bytes.strip(blank)


def _text_table(
    raw_bytes: bytes, limits: Limits, overrides: Mapping[str, str] | None
) -> tuple[RawTable, list[str], str]:
    """Decode, then parse with the first delimiter whose header has a followers column."""
    decoded = decode_bytes(raw_bytes, head_only=True)  # clean UTF-8 is parsed as bytes
    text = decoded.text
    if not text or text.isspace():  # (no stripped copy of the whole file)
        raise InputError(Message("errors.empty_file"))
    ranked = sniff_delimiter(text)
    chosen, found = ranked[0], None
    for delimiter in ranked:
        found = find_header(
            text, delimiter, lambda record: "followers" in map_columns(record, overrides).columns
        )
        if found is not None:
            chosen = delimiter
            break
    clean_utf8 = decoded.encoding == "utf-8" and not decoded.warnings
    utf8 = raw_bytes.removeprefix(codecs.BOM_UTF8) if clean_utf8 else None
    if utf8 is None and not decoded.complete:  # cannot happen: head-only means clean UTF-8
        raise AssertionError("a partly decoded file must be parsed from its bytes")
    notes = list(decoded.warnings)
    if found is not None and found.offset:  # lines above the header: titles, blanks, ",,,"
        if utf8 is not None:
            utf8 = utf8[len(text[: found.offset].encode("utf-8")) :]
        text = text[found.offset :]
        skipped = found.line - 1
        notes.append(
            Message(
                "warnings.lines_above_header.one"
                if skipped == 1
                else "warnings.lines_above_header.other",
                n=skipped,
                line=found.line,
            )
        )
    return parse_text(text, chosen, limits, utf8=utf8), notes, decoded.encoding


def _csv_in_one_column(table: RawTable, overrides: Mapping[str, str] | None) -> bytes | None:
    """A sheet whose one column holds whole CSV lines (``id,followerCount,…`` in A1), as the
    CSV text it is; None for any other sheet."""
    if len(table.headers) != 1 or "followers" in map_columns(table.headers, overrides).columns:
        return None
    header = str(table.headers[0])
    if not any(d in header for d in (",", ";", "\t", "|")):
        return None
    lines = [header, *table.cells.iloc[:, 0].fillna("").astype(str)]
    return "\n".join(lines).encode("utf-8")


@dataclass(frozen=True)
class ColumnPreview:
    """A file's headers, first rows and automatic mapping, available even when reading fails
    (a file without a recognised followers column is exactly when the analyst must map by hand)."""

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
            raise InputError(Message("errors.empty_file"))
        headers = records[0]
        width = len(headers)
        cells = pd.DataFrame(  # explicit columns: a header-only file has no rows to count them
            [(r + [""] * width)[:width] for r in records[1:]], columns=range(width), dtype="string"
        )
    return ColumnPreview(
        headers=tuple(headers),
        preview=_preview(cells, headers),
        mapping=dict(map_columns(headers).columns),
    )


def _raw_text(cells: pd.DataFrame, delimiter: str) -> pd.Series:
    """Each row as the analyst would see it in the file (for the rejected-rows table)."""
    sep = ", " if delimiter == "xlsx" else delimiter
    if cells.empty:
        return pd.Series([], dtype="string")
    joined = cells.iloc[:, 0].astype("string")
    for i in range(1, cells.shape[1]):
        joined = joined.str.cat(cells.iloc[:, i].astype("string"), sep=sep)
    return joined


def checked(result: ReadResult) -> ReadResult:
    """``result`` once its accounts table is held to the contract (:mod:`infludash.base.schema`):
    what leaves reading is what analysis may rely on."""
    check(result.accounts, ACCOUNTS)
    return result


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

    ``source`` names the file in the ``source`` column and in messages; a path defaults to its
    name. ``overrides`` maps canonical columns to file headers by hand; with
    ``strict_overrides=False`` (several files, one mapping) an override whose header this file
    lacks is skipped with a warning instead of failing. ``sheet`` picks an Excel sheet by name or
    1-based number. ``platform`` is the platform of every account when the file has no
    platform column (see :mod:`infludash.read.platforms`).
    """
    limits = limits or Limits()
    raw_bytes, name = _load(data, source, limits)
    try:
        result = _read(raw_bytes, name, overrides, sheet, limits, strict_overrides=strict_overrides)
    except InputError as err:  # name the file; the reason stays a Message (said in any language)
        raise InputError(Message("errors.in_file", file=name, text=message_of(err))) from None
    return checked(result if not platform else with_platform(result, platform))


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
        raise InputError(Message("errors.empty_file"))
    kind = detect_kind(raw_bytes)
    notes: list[str] = []
    if kind == "xlsx":
        table, encoding = read_xlsx(raw_bytes, limits, sheet), "xlsx"
        pasted = _csv_in_one_column(table, overrides)
        if pasted is not None:  # rows of CSV text pasted into column A
            table, notes, _ = _text_table(pasted, limits, overrides)
            notes.append(Message("warnings.csv_in_one_column"))
    else:
        table, notes, encoding = _text_table(raw_bytes, limits, overrides)
    notes += table.warnings
    headers = [str(h) for h in table.headers]
    if overrides and not strict_overrides:
        skipped = {c: h for c, h in overrides.items() if h and h not in headers}
        overrides = {c: h for c, h in overrides.items() if c not in skipped}
        notes += [
            Message("warnings.mapping_skipped", canon=_column_word(c), header=repr(h))
            for c, h in skipped.items()
        ]
    mapping = map_columns(headers, overrides)
    if "followers" not in mapping.columns:
        # each header clipped: a 60,000-character header made a 66 KB message
        shown = ", ".join(repr(h if len(h) <= 60 else h[:59] + "…") for h in headers[:20])
        shown += " …" if len(headers) > 20 else ""
        raise InputError(
            Message("errors.no_followers_column", headers=shown, names=accepted_names("followers"))
        )
    absent = [h for h in mapping.columns.values() if h not in headers]
    if absent:
        raise InputError(Message("errors.no_column_named", header=repr(absent[0])))
    if table.rows_read == 0:
        raise InputError(Message("errors.no_accounts"))
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
    reason = np.asarray(REASONS, dtype=object)[codes[rejected_mask]]
    rejected_rows = np.flatnonzero(rejected_mask)  # positions: cheaper than a mask on text
    # (taking no rows from chunked text still joins the chunks: slice instead)
    refused = cells.iloc[rejected_rows] if rejected_rows.size else cells.iloc[:0]

    accounts.insert(0, "row", table.rows.to_numpy())
    if not kept_mask.all():
        accounts = accounts.take(np.flatnonzero(kept_mask)).reset_index(drop=True)
    # The file name after the rows are dropped: laid out once, not a million copies taken.
    accounts.insert(0, "source", constant_text(name, len(accounts)).set_axis(accounts.index))
    kept, possible = flag_possible_duplicates(
        accounts, None if handles is None else handles.subset(kept_mask)
    )
    if possible:
        notes.append(Message("warnings.possible_duplicates", n=possible))
    rejected = pd.DataFrame(
        {
            "source": name,
            "row": table.rows.to_numpy()[rejected_rows],
            "reason": reason,
            "detail": follower_detail(refused.iloc[:, columns["followers"]], reason),
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
                "raw": [u.text for u in table.unparseable],
            }
        )
        rejected = pd.concat([rejected, unparseable], ignore_index=True)
    notes += check_outcome(
        rejected["reason"],
        pd.Series(
            rejected_cells(
                refused.iloc[:, columns["followers"]], [u.text for u in table.unparseable]
            )
        ),
        rows_read=table.rows_read,
        kept=len(kept),
        header=mapping.columns["followers"],
        has_handle="handle" in columns,
    )
    if table.unparseable:
        rejected = rejected.sort_values("row", kind="stable", ignore_index=True)
    report = FileReport(
        source=name,
        kind=kind,
        encoding=encoding,
        delimiter=table.delimiter,
        headers=tuple(headers),
        preview=_preview(cells, headers),
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
        warnings=[_in_file(name, note) for note in notes],
        files=[report],
    )


def _preview(cells: pd.DataFrame, headers: list[str], rows: int = 5) -> pd.DataFrame:
    """The first rows under the file's headers (repeated headers get a position suffix)."""
    seen: dict[str, int] = {}
    names = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        names.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    head = cells.head(rows).copy()
    head.columns = names
    return head.reset_index(drop=True)


def combine(results: Iterable[ReadResult], *, keep_latest: bool = False) -> ReadResult:
    """One result for several files: accounts stacked (``source`` says which file), counts added,
    and accounts found in more than one file folded or flagged (:mod:`infludash.read.crossfile`;
    ``keep_latest``: only the row of the last file given that has the account is kept)."""
    items = list(results)
    if not items:
        raise InputError("no files to read")
    if len(items) == 1:
        return items[0]
    frames = [r.accounts for r in items]
    accounts = pd.concat(frames, ignore_index=True, sort=False)
    rejected = pd.concat([r.rejected for r in items], ignore_index=True, sort=False)
    stacked = ReadResult(
        accounts=accounts,
        rejected=rejected,
        rows_read=sum(r.rows_read for r in items),
        duplicates=sum(r.duplicates for r in items),
        sources=[s for r in items for s in r.sources],
        mapping={k: v for r in items for k, v in r.mapping.items()},
        warnings=[w for r in items for w in r.warnings],
        files=[f for r in items for f in r.files],
    )
    return checked(fold_across(items, stacked, keep_latest=keep_latest))
