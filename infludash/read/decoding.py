"""Bytes to text, deciding the encoding on the whole file and saying what was guessed.

Order: a byte-order mark wins (UTF-8, UTF-16 LE/BE); then strict UTF-8; then UTF-16 without a
mark when every other byte is NUL; then Windows-1252 for files with no UTF-8 sequence at all (old
Excel on Windows); anything else mixes encodings and is read as UTF-8 with replacement characters,
with a warning that says how many rows were affected and where. Cells never hold raw bytes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from infludash.base.notes import Note
from infludash.read.warning_codes import ReadWarning

__all__ = ["UTF8_REPLACED", "Decoded", "decode_bytes"]

#: The encoding of a text that is UTF-8 but for some bytes, replaced (an id: the screens say it
#: in their language, the command line's JSON keeps it as it is).
UTF8_REPLACED = "utf-8 (with replacements)"

#: A well-formed multi-byte UTF-8 sequence. Its presence next to invalid bytes means "mixed", while
#: a legacy file never contains one by accident in practice. (The reference for
#: ``_has_utf8_multibyte``, which decides the same with numpy.)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_SHOW_LINES = 5
_HEAD_BYTES = 256 * 1024  # enough lines to sniff the delimiter and read the header


@dataclass
class Decoded:
    """The file's text, the encoding used, and warnings for the analyst."""

    text: str
    encoding: str
    warnings: list[Note] = field(default_factory=list)
    complete: bool = True  # False: ``text`` is only the first lines (see ``head_only``)


def _line_list(lines: Sequence[int] | npt.NDArray[np.int64]) -> Note:
    shown = tuple(str(n) for n in lines[:_SHOW_LINES])  # line numbers without separators
    if len(lines) > _SHOW_LINES:
        return Note(ReadWarning.LINES_MORE, lines=shown, more=len(lines) - _SHOW_LINES)
    return Note(ReadWarning.LINES, n=len(lines), lines=shown)


def _bad_utf8_lines(data: bytes) -> list[int]:
    """1-based numbers of the lines that are not valid UTF-8 (only called on the slow path)."""
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def _has_utf8_multibyte(data: bytes, block: int = 1 << 22) -> bool:
    """Whether ``data`` holds a well-formed multi-byte UTF-8 sequence (``_UTF8_MULTIBYTE``),
    decided with numpy a block at a time: a regular expression over 40 MB takes half a second."""
    raw = np.frombuffer(data, dtype=np.uint8)
    for start in range(0, raw.size, block):
        part = raw[start : start + block + 3]  # 3 bytes of overlap: sequences across blocks
        cont = (part >= 0x80) & (part <= 0xBF)
        lead = part[:-1]
        if (((lead >= 0xC2) & (lead <= 0xDF)) & cont[1:]).any():
            return True
        lead = part[:-2]
        if (((lead >= 0xE0) & (lead <= 0xEF)) & cont[1:-1] & cont[2:]).any():
            return True
        lead = part[:-3]
        if (((lead >= 0xF0) & (lead <= 0xF4)) & cont[1:-2] & cont[2:-1] & cont[3:]).any():
            return True
    return False


def _high_byte_lines(data: bytes) -> npt.NDArray[np.int64]:
    """1-based numbers of the lines holding a byte above ASCII: in a file without any UTF-8
    sequence, exactly the lines that are not valid UTF-8."""
    raw = np.frombuffer(data, dtype=np.uint8)
    if not raw.size:
        return np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(raw == 0x0A) + 1))
    starts = starts[starts < raw.size]  # each line's stretch, its LF included: never empty
    # The largest byte of each line, in one pass: no position of every high byte (an export
    # with an umlaut in every handle has millions).
    return (np.flatnonzero(np.maximum.reduceat(raw, starts) >= 0x80) + 1).astype(np.int64)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _strip_nuls(text: str, warnings: list[Note]) -> str:
    count = text.count("\x00")
    if count:
        warnings.append(Note(ReadWarning.NUL, n=count))
        text = text.replace("\x00", "")
    return text


def _valid_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8, checked by Arrow's validator without building a Python str."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        whole.cast(pa.large_string())  # validates; the bytes are not copied
    except pa.ArrowInvalid:
        return False
    return True


def decode_bytes(data: bytes, head_only: bool = False) -> Decoded:
    """Decode a whole file; never raises on content (bad bytes become U+FFFD, with a warning).

    ``head_only``: when the file is clean UTF-8 (no NULs), only its first lines are decoded
    (``complete`` is False): the caller parses the bytes themselves and needs text only to sniff
    the delimiter and read the header. A 30 MB export then costs no 30 MB Python string.
    """
    warnings: list[Note] = []
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        text = data.decode("utf-16", errors="replace")
        if "\ufffd" in text:
            warnings.append(Note(ReadWarning.UTF16_UNREADABLE))
        return Decoded(_strip_nuls(text, warnings), encoding, warnings)
    else:
        body, encoding = data, "utf-8"
    # ASCII in UTF-16 is valid UTF-8 with a NUL after every character: check the pattern first.
    utf16 = _utf16_without_bom(body) if b"\x00" in body[:4096] else None
    if utf16 is not None:
        text = body.decode(utf16, errors="replace")
        warnings.append(Note(ReadWarning.UTF16_WITHOUT_BOM, encoding=utf16.upper()))
        return Decoded(_strip_nuls(text, warnings), utf16, warnings)
    if head_only and b"\x00" not in body and _valid_utf8(body):
        head = body[:_HEAD_BYTES]
        if len(body) > _HEAD_BYTES:  # whole lines only (a cut can split a character)
            head = head[: head.rfind(b"\n") + 1] or head
        text = head.decode("utf-8", errors="ignore")
        if text and not text.isspace():
            return Decoded(text, encoding, warnings, complete=len(head) == len(body))
    try:
        return Decoded(_strip_nuls(body.decode("utf-8"), warnings), encoding, warnings)
    except UnicodeDecodeError:
        pass
    if not _has_utf8_multibyte(body):
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            high = _high_byte_lines(body)
            warnings.append(Note(ReadWarning.WINDOWS_1252, lines=_line_list(high)))
            return Decoded(_strip_nuls(text, warnings), "cp1252", warnings)
    lines = _bad_utf8_lines(body)
    warnings.append(
        Note(
            ReadWarning.MIXED_ENCODINGS,
            n=len(lines),
            lines=_line_list(lines),
        )
    )
    text = body.decode("utf-8", errors="replace")
    return Decoded(_strip_nuls(text, warnings), UTF8_REPLACED, warnings)
