"""Text to a table of strings: delimiter sniffing, one fast parse, and every bad record kept.

pyarrow parses the whole file in one multi-threaded pass, every column as text (so ``NA`` stays
``NA`` and ``007`` stays ``007``). Records with the wrong number of fields are not dropped: the
parser hands them to us and they come back as unparseable rows with their record number and raw
text. A record whose extra fields are all empty (a trailing delimiter) loses nothing by being cut
to the header's width and is kept.
"""

from __future__ import annotations

import csv
import io
import re

import pyarrow as pa
import pyarrow.csv as pacsv

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.bad_records import numbered_by_line, with_rows
from infludash.read.codes import Delimiter, ReadError
from infludash.read.limits import Limits
from infludash.read.raw_table import RawTable, UnparseableRow

__all__ = [
    "DELIMITERS",
    "RawTable",
    "UnparseableRow",
    "delimiter_name",
    "first_records",
    "parse_text",
    "sniff_delimiter",
]

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
SNIFF_CHARS = 64 * 1024
BLOCK_BYTES = 8 << 20  # the parser's unit of work (one per thread) and of its output chunks
_SNIFF_LINES = 50
#: Bad records are described one by one up to here; past it, a file that is mostly bad (more
#: than half of its bytes) is refused as a whole (see parse_text).
MOST_BAD_AFTER = 10_000
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def delimiter_name(delimiter: str) -> str:
    """``;`` -> ``semicolon`` for messages."""
    return _DELIMITER_NAMES.get(delimiter, repr(delimiter))


def first_records(text: str, delimiter: str, limit: int = _SNIFF_LINES) -> list[list[str]]:
    """Up to ``limit`` non-empty records from the start of ``text`` (a bounded sample; a record
    the csv module cannot parse ends the sample instead of raising)."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS:  # the last line of a cut sample may be partial
        sample = sample[: sample.rfind("\n") + 1] or sample
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            if record:
                records.append(record)
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def sniff_delimiter(text: str, candidates: tuple[str, ...] = DELIMITERS) -> list[str]:
    """Delimiters ranked best first: most records with the header's width, then most columns.

    The caller tries them in order until the expected columns are found, so a ``;`` file with
    commas in its numbers never comes back as one column.
    """
    scored = []
    for delimiter in candidates:
        records = first_records(text, delimiter)
        if not records:
            continue
        width = len(records[0])
        consistency = sum(len(r) == width for r in records) / len(records)
        scored.append(((width > 1, consistency, width), delimiter))
    scored.sort(key=lambda item: item[0], reverse=True)
    ranked = [d for _, d in scored]
    return ranked + [d for d in candidates if d not in ranked]


def _header(text: str, delimiter: str, payload: bytes) -> list[str]:
    records = first_records(text, delimiter, limit=1)
    if not records or not any(h.strip() for h in records[0]):
        raise InputError(Note(ReadError.NO_HEADER))
    if len(text) > SNIFF_CHARS and not re.search(r"[\r\n]", text[: SNIFF_CHARS + 1]):
        # The header runs past the sample (and maybe past the decoded head): its true width
        # comes from the file's bytes, or the column limit would report the sample's width.
        end = re.search(rb"[\r\n]", payload)
        line = (payload[: end.start()] if end else payload).decode("utf-8", errors="replace")
        try:
            return next(csv.reader([line], delimiter=delimiter))
        except csv.Error:
            raise InputError(Note(ReadError.HEADER_UNREADABLE)) from None
    return records[0]


def parse_text(text: str, delimiter: str, limits: Limits, utf8: bytes | None = None) -> RawTable:
    """Parse ``text`` with ``delimiter``; bad records become :class:`UnparseableRow`s.

    ``utf8`` may carry the file's own bytes when they are exactly ``text`` in UTF-8 (no BOM), which
    spares a copy of the whole file.
    """
    payload = utf8 if utf8 is not None else text.encode("utf-8")
    headers = _header(text, delimiter, payload)
    limits.check_columns(len(headers))
    names = [f"c{i}" for i in range(len(headers))]
    bad: list[tuple[int | None, str, int]] = []
    quoted = b'"' in payload

    bad_bytes = 0
    mostly_bad = 0  # set when the parse was stopped: the bad records counted by then

    def on_invalid(row: pacsv.InvalidRow) -> str:
        nonlocal bad_bytes, mostly_bad
        bad.append((row.number, row.text, row.actual_columns))
        bad_bytes += len(row.text)
        if len(bad) > MOST_BAD_AFTER and 2 * bad_bytes > len(payload):
            # More than half of the file does not fit the header: describing a million bad
            # records one by one takes minutes and gigabytes, and says less than this does.
            mostly_bad = len(bad)
            return "error"  # (an exception raised here would be swallowed by the parser)
        return "skip"

    block = BLOCK_BYTES

    def run(use_threads: bool) -> pa.Table:
        nonlocal bad_bytes
        bad.clear()
        bad_bytes = 0
        return pacsv.read_csv(
            io.BytesIO(payload),
            read_options=pacsv.ReadOptions(
                column_names=names, use_threads=use_threads, block_size=block
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                # A line break inside a value needs quotes; without any, the faster chunking
                # that splits at every line break is exact.
                newlines_in_values=quoted,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),  # pandas' own layout
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    try:
        try:
            table = run(use_threads=True)
        except pa.ArrowInvalid as err:
            if "straddl" not in str(err):
                raise
            # One record is longer than a parser block (a 50 MB value, a runaway quote): read
            # the file as one block, so that the limits below name the value that is too long.
            block = len(payload) + 1
            table = run(use_threads=False)
        if bad:  # record numbers are only known single-threaded, or from the lines themselves
            numbered = None if quoted else numbered_by_line(payload, delimiter, len(names), bad)
            if numbered is None:
                table = run(use_threads=False)
            else:
                bad[:] = numbered
    except (pa.ArrowInvalid, pa.ArrowException) as err:
        if not mostly_bad:
            raise InputError(Note(ReadError.NOT_A_TABLE, detail=str(err))) from None
        raise InputError(
            Note(ReadError.MOSTLY_WRONG_WIDTH, n=mostly_bad, delimiter=Delimiter.word(delimiter))
        ) from None
    if any(number == 1 for number, _, _ in bad):
        raise InputError(Note(ReadError.HEADER_UNREADABLE))
    # The parser's chunks stay (joining them would copy every column); record 0 is the header.
    frame = table.to_pandas().iloc[1:].reset_index(drop=True)
    return with_rows(headers, frame, bad, delimiter, limits)
