"""Text files to a :class:`~infludash.read.table.RawTable`: decoded, the delimiter that finds a
followers column, the lines above the header skipped."""

from __future__ import annotations

import codecs
from collections.abc import Mapping

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import FOLLOWERS
from infludash.read.codes import ReadError
from infludash.read.columns import map_columns
from infludash.read.decoding import decode_bytes
from infludash.read.header_row import find_header
from infludash.read.limits import Limits
from infludash.read.table import RawTable, parse_text, sniff_delimiter
from infludash.read.warning_codes import ReadWarning

__all__ = ["csv_in_one_column", "text_table"]


def text_table(
    raw_bytes: bytes, limits: Limits, overrides: Mapping[str, str] | None
) -> tuple[RawTable, list[Note], str]:
    """Decode, then parse with the first delimiter whose header has a followers column; the
    table, the notes so far and the encoding."""
    decoded = decode_bytes(raw_bytes, head_only=True)  # clean UTF-8 is parsed as bytes
    text = decoded.text
    if not text or text.isspace():  # (no stripped copy of the whole file)
        raise InputError(Note(ReadError.EMPTY_FILE))
    ranked = sniff_delimiter(text)
    chosen, found = ranked[0], None
    for delimiter in ranked:
        found = find_header(
            text, delimiter, lambda record: FOLLOWERS in map_columns(record, overrides).columns
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
        notes.append(Note(ReadWarning.LINES_ABOVE_HEADER, n=found.line - 1, line=found.line))
    return parse_text(text, chosen, limits, utf8=utf8), notes, decoded.encoding


def csv_in_one_column(table: RawTable, overrides: Mapping[str, str] | None) -> bytes | None:
    """A sheet whose one column holds whole CSV lines (``id,followerCount,…`` in A1), as the
    CSV text it is; None for any other sheet."""
    if len(table.headers) != 1 or FOLLOWERS in map_columns(table.headers, overrides).columns:
        return None
    header = str(table.headers[0])
    if not any(d in header for d in (",", ";", "\t", "|")):
        return None
    lines = [header, *table.cells.iloc[:, 0].fillna("").astype(str)]
    return "\n".join(lines).encode("utf-8")
