"""Cached loading: parse each upload once per content and settings, bounded in entries and time.

The cache key is the file's content (its SHA-256 digest, taken once per uploaded file) plus the
analyst's settings for it (column mapping, sheet), never the ``UploadedFile`` object or its name,
which an attacker controls; the display name is attached after the cache. The bytes themselves
are not hashed again on every rerun: for a file of a million rows that alone took longer than
the rest of a rerun. Caches are per session (``scope="session"``): one analyst's upload is never
served to another.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from infludash.errors import InputError, message_of
from infludash.filetype import detect_kind
from infludash.i18n import Message
from infludash.limits import Limits
from infludash.reader import (
    ColumnPreview,
    ReadResult,
    combine,
    display_name,
    preview_columns,
    read_accounts,
)
from infludash.xlsx import sheet_names

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "data" / "sample_accounts.csv"
SAMPLE_NAME = "sample_accounts.csv"
OVERRIDES_KEY = "column_overrides"  # session state: digest -> {canonical: header ("" = not used)}
SHEETS_KEY = "sheet_choice"  # session state: digest -> sheet name

Mapping = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Upload:
    """One uploaded file: a name to show, its bytes, and a digest that identifies its content."""

    name: str
    data: bytes = field(repr=False)
    digest: str = ""

    @classmethod
    def of(cls, name: str, data: bytes) -> Upload:
        return cls(display_name(name), data, hashlib.sha256(data).hexdigest())


# ``digest`` is the SHA-256 of ``_data`` (see Upload.of): it stands for the bytes in the key.
@st.cache_data(max_entries=32, ttl="1h", show_spinner="Reading the file…", scope="session")
def _read_bytes(digest: str, overrides: Mapping, sheet: str | None, _data: bytes) -> ReadResult:
    return read_accounts(
        _data, source="upload", overrides=dict(overrides), sheet=sheet, limits=Limits.from_env()
    )


@st.cache_data(max_entries=32, ttl="1h", show_spinner=False, scope="session")
def _preview_bytes(digest: str, sheet: str | None, _data: bytes) -> ColumnPreview:
    return preview_columns(_data, sheet=sheet, limits=Limits.from_env())


@st.cache_data(max_entries=32, ttl="1h", show_spinner=False, scope="session")
def _sheets(digest: str, _data: bytes) -> list[str]:
    return sheet_names(_data) if detect_kind(_data) == "xlsx" else []


@st.cache_data(max_entries=1, show_spinner=False)
def load_sample() -> ReadResult:
    """The bundled synthetic sample (shared by every session: it is the same for all)."""
    return read_accounts(SAMPLE_PATH, source=SAMPLE_NAME)


def overrides_for(upload: Upload) -> dict[str, str]:
    """The analyst's column mapping for this file content ({} = automatic)."""
    return dict(st.session_state.get(OVERRIDES_KEY, {}).get(upload.digest, {}))


def sheet_for(upload: Upload) -> str | None:
    """The sheet chosen for this workbook (None = the first)."""
    return st.session_state.get(SHEETS_KEY, {}).get(upload.digest)


def sheets_of(upload: Upload) -> list[str]:
    """Sheet names when the upload is a workbook, else []; never raises."""
    try:
        return _sheets(upload.digest, upload.data)
    except InputError:
        return []


def preview_of(upload: Upload) -> ColumnPreview | None:
    """Headers and first rows of an upload for the mapping step (None if not even that works)."""
    try:
        return _preview_bytes(upload.digest, sheet_for(upload), upload.data)
    except InputError:
        return None


def _named(message: str, name: str) -> str:
    """A read error about the cached ``upload`` under the file's display name; a Message stays one
    (the app says it in the analyst's language)."""
    if isinstance(message, Message) and message.key == "errors.in_file":
        if message.values.get("file") == "upload":
            return Message("errors.in_file", file=name, text=message.values.get("text", ""))
        return message
    return message.replace("upload: ", f"{name}: ", 1)


def error_key(message: str) -> str:
    """The catalogue key of what went wrong, inside the ``"<file>: "`` wrapper ("" for plain
    text): ``errors.no_followers_column`` for a file without a followers column."""
    while isinstance(message, Message) and message.key == "errors.in_file":
        inner = message.values.get("text")
        if not isinstance(inner, str):
            return ""
        message = inner
    return message.key if isinstance(message, Message) else ""


SAMPLE_KEY = "sample"

#: One upload as read: the file, the name it is shown under, its column mapping and sheet.
Spec = tuple[Upload, str, Mapping, str | None]


def _specs(uploads: list[Upload]) -> list[Spec]:
    """Each upload with its display name (a repeated name gets " (2)"), mapping and sheet."""
    specs: list[Spec] = []
    seen: dict[str, int] = {}
    for upload in uploads:
        name = upload.name
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"
        specs.append(
            (upload, name, tuple(sorted(overrides_for(upload).items())), sheet_for(upload))
        )
    return specs


def data_key(uploads: list[Upload]) -> str:
    """A short name for what the uploads are once read: their digests, the names they are shown
    under, their mappings and sheets (the key of every cached result computed from them)."""
    parts = repr([(u.digest, name, mapping, sheet) for u, name, mapping, sheet in _specs(uploads)])
    return "uploads:" + hashlib.sha256(parts.encode("utf-8")).hexdigest()


@st.cache_resource(max_entries=4, ttl="1h", show_spinner=False, scope="session")
def _combined(key: str, _specs: tuple[Spec, ...]) -> tuple[ReadResult | None, tuple[str, ...]]:
    results: list[ReadResult] = []
    errors: list[str] = []
    for upload, name, mapping, sheet in _specs:
        try:
            results.append(_read_bytes(upload.digest, mapping, sheet, upload.data).renamed(name))
        except InputError as err:
            errors.append(_named(message_of(err), name))
    return (combine(results) if results else None), tuple(errors)


def load_uploads(uploads: list[Upload]) -> tuple[ReadResult | None, list[str]]:
    """Read and combine the uploads that can be read; one error message per file that cannot
    (a :class:`~infludash.i18n.Message` ``"<file>: <reason>"``, English as text).

    The combined result is kept per session under :func:`data_key` and handed out as is (no copy
    per rerun): callers must not change it.
    """
    result, errors = _combined(data_key(uploads), tuple(_specs(uploads)))
    return result, list(errors)
