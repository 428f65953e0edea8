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
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from infludash.base.errors import InputError
from infludash.present.i18n import Message, plural_form
from infludash.read.limits import Limits
from infludash.read.wording import counted

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


@dataclass(frozen=True)
class UnparseableRow:
    """A record the parser could not fit to the header: where it is, what it said, why."""

    row: int  # 1-based data record number (the header is record 0)
    text: str
    reason: str
    detail: str = ""


@dataclass
class RawTable:
    """All cells as strings under positional column names ``c0..cN``, plus the original headers."""

    headers: list[str]
    cells: pd.DataFrame
    rows: pd.Series  # 1-based data record number of each row of ``cells``
    unparseable: list[UnparseableRow] = field(default_factory=list)
    delimiter: str = ","
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Every data record after the header: parsed ones and unparseable ones."""
        return len(self.cells) + len(self.unparseable)


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
        raise InputError(Message("errors.no_header"))
    if len(text) > SNIFF_CHARS and not re.search(r"[\r\n]", text[: SNIFF_CHARS + 1]):
        # The header runs past the sample (and maybe past the decoded head): its true width
        # comes from the file's bytes, or the column limit would report the sample's width.
        end = re.search(rb"[\r\n]", payload)
        line = (payload[: end.start()] if end else payload).decode("utf-8", errors="replace")
        try:
            return next(csv.reader([line], delimiter=delimiter))
        except csv.Error:
            raise InputError(Message("errors.header_unreadable")) from None
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
            numbered = None if quoted else _numbered_by_line(payload, delimiter, len(names), bad)
            if numbered is None:
                table = run(use_threads=False)
            else:
                bad[:] = numbered
    except (pa.ArrowInvalid, pa.ArrowException) as err:
        if not mostly_bad:
            raise InputError(Message("errors.not_a_table", detail=str(err))) from None
        raise InputError(
            Message(
                "errors.mostly_wrong_width",
                n=mostly_bad,
                delimiter=Message(f"details.delimiter.{delimiter_name(delimiter)}")
                if delimiter in _DELIMITER_NAMES
                else repr(delimiter),
            )
        ) from None
    if any(number == 1 for number, _, _ in bad):
        raise InputError(Message("errors.header_unreadable"))
    # The parser's chunks stay (joining them would copy every column); record 0 is the header.
    frame = table.to_pandas().iloc[1:].reset_index(drop=True)
    return _with_rows(headers, frame, bad, delimiter, limits)


def _numbered_by_line(
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


def _with_rows(
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
                Message(
                    f"errors.value_too_long.{plural_form(len(text))}",
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
                # English words of the data; Locale.reason/.detail say them in the app's language
                reason="wrong number of fields",
                detail=f"{counted(count, 'field')}, the header has {width:,} "
                f"(a {delimiter_name(delimiter)} inside an unquoted value?)",
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
