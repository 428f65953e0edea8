"""Reading uploads: parse each upload once per content and settings, bounded in entries and time.

The cache key is the file's content (its SHA-256 digest, taken once per uploaded file) plus the
analyst's settings for it (column mapping, sheet), never the ``UploadedFile`` object or its name,
which an attacker controls; the display name is attached after the cache. The bytes themselves
are not hashed again on every rerun: for a file of a million rows that alone took longer than
the rest of a rerun. Caches are per session (``scope="session"``): one analyst's upload is never
served to another. When the tab closes, :mod:`infludash.ui.session` releases them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.read.combine import in_file
from infludash.read.filetype import detect_kind
from infludash.read.limits import Limits
from infludash.read.platforms import with_platform
from infludash.read.reader import (
    ColumnPreview,
    ReadResult,
    combine,
    display_name,
    preview_columns,
    read_accounts,
)
from infludash.read.xlsx import sheet_names
from infludash.ui import state
from infludash.ui.file_platform import platform_for

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "data" / "sample_accounts.csv"
SAMPLE_NAME = "sample_accounts.csv"

Mapping = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Upload:
    """One uploaded file: a name to show, its bytes, and a digest that identifies its content."""

    name: str
    data: bytes = field(repr=False)
    digest: str = ""

    @classmethod
    def of(cls, name: str, data: bytes) -> Upload:
        return cls.known(name, data, hashlib.sha256(data).hexdigest())

    @classmethod
    def known(cls, name: str, data: bytes, digest: str) -> Upload:
        """An upload whose ``digest`` was taken when it arrived."""
        return cls(display_name(name), data, digest)


#: Files read kept per session (each whole, as parsed; evicted ones are read again if needed).
FILES_KEPT = 8


# ``digest`` is the SHA-256 of ``_data`` (see Upload.of): it stands for the bytes in the key.
# Kept as the object (cache_resource), not pickled (cache_data): a pickled copy of a 100 MB
# upload's accounts held another ~260 MB per session, and cost 0.4 s to make. Only renamed()
# and combine() read it, and neither changes it.
@st.cache_resource(
    max_entries=FILES_KEPT, ttl="1h", show_spinner="Reading the file…", scope="session"
)
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


@st.cache_data(max_entries=1, ttl="1h", show_spinner=False)
def load_sample() -> ReadResult:
    """The bundled synthetic sample (shared by every session: it is the same for all, and no
    analyst's data; the only cache that is not per session)."""
    return combine([read_accounts(SAMPLE_PATH, source=SAMPLE_NAME)])


def overrides_for(upload: Upload) -> dict[str, str]:
    """The analyst's column mapping for this file content ({} = automatic)."""
    return dict(st.session_state.get(state.OVERRIDES, {}).get(upload.digest, {}))


def sheet_for(upload: Upload) -> str | None:
    """The sheet chosen for this workbook (None = the first)."""
    return st.session_state.get(state.SHEETS, {}).get(upload.digest)


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


def error_key(message: Note) -> str:
    """The catalogue key of what went wrong, inside the note that names the file:
    ``errors.no_followers_column`` for a file without a followers column."""
    while "file" in message.values and isinstance(message.values.get("note"), Note):
        inner = message.values["note"]
        assert isinstance(inner, Note)
        message = inner
    return message.key


SAMPLE_KEY = "sample"

#: One upload as read: the file, the name it is shown under, its mapping, sheet and platform.
Spec = tuple[Upload, str, Mapping, str | None, str | None]


def _specs(uploads: list[Upload]) -> list[Spec]:
    """Each upload with its display name (a repeated name gets " (2)") and its settings."""
    specs: list[Spec] = []
    seen: dict[str, int] = {}
    for upload in uploads:
        name = upload.name
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"
        mapping = tuple(sorted(overrides_for(upload).items()))
        specs.append((upload, name, mapping, sheet_for(upload), platform_for(upload.digest)))
    return specs


def data_key(uploads: list[Upload], keep_latest: bool = False) -> str:
    """A short name for what the uploads are once read: each one's digest, shown name and settings
    in upload order, and ``keep_latest`` (the key of every cached result computed from them)."""
    parts = repr(([(u.digest, *rest) for u, *rest in _specs(uploads)], keep_latest))
    return "uploads:" + hashlib.sha256(parts.encode("utf-8")).hexdigest()


@st.cache_resource(max_entries=4, ttl="1h", show_spinner=False, scope="session")
def _combined(
    key: str, _specs: tuple[Spec, ...], _keep_latest: bool
) -> tuple[ReadResult | None, tuple[Note, ...]]:
    results: list[ReadResult] = []
    errors: list[Note] = []
    for upload, name, mapping, sheet, platform in _specs:
        try:
            read = _read_bytes(upload.digest, mapping, sheet, upload.data).renamed(name)
        except InputError as err:  # named here: the cached read knows only the content
            errors.append(in_file(name, err).note)
            continue
        # The platform after the cache: picking one is a column of text, not a new read.
        results.append(with_platform(read, platform) if platform else read)
    return (combine(results, keep_latest=_keep_latest) if results else None), tuple(errors)


def load_uploads(
    uploads: list[Upload], keep_latest: bool = False
) -> tuple[ReadResult | None, list[Note]]:
    """Read and combine the uploads that can be read; one error note per file that cannot
    (naming the file; the page says it in the analyst's language). With
    ``keep_latest``, an account found in several files keeps the row of the last upload only.

    The combined result is kept per session under :func:`data_key` and handed out as is (no copy
    per rerun): callers must not change it.
    """
    result, errors = _combined(data_key(uploads, keep_latest), tuple(_specs(uploads)), keep_latest)
    return result, list(errors)
