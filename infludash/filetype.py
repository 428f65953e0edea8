"""What a file is, decided by its bytes (never by its name): text table, .xlsx, or a refusal.

Analysts upload whatever their tool exported, renamed or not. Reading a PNG or a ZIP as CSV gives
garbage columns or a cryptic parser error; naming what the file looks like ("a PDF document")
tells them at once what went wrong.
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from infludash.errors import InputError
from infludash.i18n import Message

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
_SAMPLE = 64 * 1024
#: Share of control bytes above which a file without a UTF-16 byte pattern is binary, not text.
_BINARY_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        raise InputError(Message("errors.damaged_zip")) from None
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


def _looks_like(kind: str) -> Message:
    """The error for a file of another kind: "this looks like a PNG image, not an account list"."""
    return Message("errors.looks_like", what=Message(f"errors.kind.{kind}"))


def _looks_binary(sample: bytes) -> bool:
    """Many control bytes and no UTF-16 pattern (NULs on every other byte) means binary."""
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) <= _BINARY_SHARE:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    utf16_pattern = max(even_nuls, odd_nuls) / half > 0.3 and min(even_nuls, odd_nuls) / half < 0.05
    return not utf16_pattern


def detect_kind(data: bytes) -> FileKind:
    """``"text"`` or ``"xlsx"``; anything else raises :class:`InputError` saying what it is."""
    head = data[:16]
    if head.startswith(_ZIP):
        return _zip_kind(data)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise InputError(_looks_like(kind))
    if _looks_binary(data[:_SAMPLE]):
        raise InputError(Message("errors.binary"))
    return "text"
