"""What a file is, decided by its bytes (never by its name): text table, .xlsx, or a refusal.

Analysts upload whatever their tool exported, renamed or not. Reading a PNG or a ZIP as CSV gives
garbage columns or a cryptic parser error; naming what the file looks like ("a PDF document")
tells them at once what went wrong.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import Literal

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.codes import LooksLike, ReadError

__all__ = ["FileKind", "detect_kind"]

FileKind = Literal["text", "xlsx"]

#: File signatures and what the file is (``errors.kind.<kind>``: "a PNG image", "ein PNG-Bild").
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x7fELF", "elf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"{\\rtf", "rtf"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
#: A tar archive has no signature at its start: "ustar" sits at byte 257 of its first header.
_TAR_MAGIC_AT = 257
#: UTF-32 byte-order marks (the little-endian one begins with UTF-16's, so it is checked first).
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
#: Text formats that are not tables, by how they begin (after a BOM and blanks, case-folded):
#: web pages saved as ".xls", Excel 2003 XML and other XML, and scrapers' JSON exports.
_TEXT_KINDS: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"<!doctype html|<html[\s>]|<table[\s>]"), "html"),
    (re.compile(rb"<\?xml[\s?]"), "xml"),
    (re.compile(rb"\[\s*[\[{\"\]]|\{\s*[\"}]"), "json"),
)
_SAMPLE = 64 * 1024
#: Share of control bytes above which a file without a UTF-16 byte pattern is binary, not text.
_BINARY_SHARE = 0.05
#: Control bytes that do not occur in text. NUL is not among them: it is counted apart (see
#: ``_looks_binary``), since text files with stray NULs or NUL padding are common.
_CONTROL_BYTES = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13))


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        raise InputError(Note(ReadError.DAMAGED_ZIP)) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        kind = "docx"
    elif "ppt/presentation.xml" in names:
        kind = "pptx"
    elif b"opendocument.spreadsheet" in mimetype:
        kind = "ods"
    else:
        kind = "zip"
    raise InputError(_looks_like(kind))


def _looks_like(kind: str) -> Note:
    """The error for a file of another kind: "this looks like a PNG image, not an account list"."""
    return Note(ReadError.LOOKS_LIKE, what=Note(LooksLike(f"errors.kind.{kind}")))


def _utf8_text(sample: bytes) -> bool:
    """Whether ``sample`` is valid UTF-8 (a character cut at its end does not count against
    it). Binary data almost never is; a short export whose handles carry a few escape or
    backspace bytes is, and was refused as binary for them."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(sample: bytes) -> bool:
    """Many control bytes, not UTF-8, and no UTF-16 pattern (NULs on every other byte) means
    binary.

    The share is taken of the bytes that are not NUL: a broken exporter's stray NULs, or a file
    padded with NULs after a crash, is still text (the decoder removes them and says how many),
    while binary formats are full of other control bytes too. A three-line CSV with two NULs was
    called "full of control bytes" before.
    """
    text = sample.translate(None, b"\x00")
    if not text or _utf8_text(text):
        return False
    controls = len(text) - len(text.translate(None, _CONTROL_BYTES))
    if controls / len(text) <= _BINARY_SHARE:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    utf16_pattern = max(even_nuls, odd_nuls) / half > 0.3 and min(even_nuls, odd_nuls) / half < 0.05
    return not utf16_pattern


def _utf32(sample: bytes) -> bool:
    """UTF-32 text, with a byte-order mark or without one (then the two high bytes of every
    four are NUL throughout): the decoder does not read it, and calling it binary would send the
    analyst looking for the wrong problem."""
    if sample.startswith(_UTF32_BOMS):
        return True
    words = len(sample) // 4
    if words < 2:
        return False
    lanes = [sample[i : words * 4 : 4] for i in range(4)]
    empty = [lane.count(0) / words for lane in lanes]
    little = empty[2] == empty[3] == 1.0 and empty[0] < 0.5
    big = empty[0] == empty[1] == 1.0 and empty[3] < 0.5
    return little or big


def _text_kind(sample: bytes) -> str | None:
    """What a text file that is not a table is (HTML, XML, JSON), judged by its first bytes."""
    start = sample[:64].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return next((kind for pattern, kind in _TEXT_KINDS if pattern.match(start)), None)


def detect_kind(data: bytes) -> FileKind:
    """``"text"`` or ``"xlsx"``; anything else raises :class:`InputError` saying what it is."""
    head = data[:16]
    if head.startswith(_ZIP):
        return _zip_kind(data)
    if data[_TAR_MAGIC_AT : _TAR_MAGIC_AT + 5] == b"ustar":
        raise InputError(_looks_like("tar"))
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise InputError(_looks_like(kind))
    if _utf32(data[:4096]):
        raise InputError(Note(ReadError.UTF32))
    if (text_kind := _text_kind(data)) is not None:
        raise InputError(_looks_like(text_kind))
    if _looks_binary(data[:_SAMPLE]):
        raise InputError(Note(ReadError.BINARY))
    return "text"
