"""Cached loading: parse each upload once per content and settings, bounded in entries and time.

The cache key is the file's content (its SHA-256 digest, taken once per uploaded file) plus the
analyst's settings for it (column mapping, sheet), never the ``UploadedFile`` object or its name,
which an attacker controls; the display name is attached after the cache. The bytes themselves
are not hashed again on every rerun: for a file of a million rows that alone took longer than
the rest of a rerun. Caches are per session (``scope="session"``): one analyst's upload is never
served to another. A closed tab's session is shut down, and its memory handed back, after the
reconnect window (see "A session's lifetime" below).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import streamlit as st
from streamlit import config, runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from infludash.base.errors import InputError
from infludash.base.memory import use_system_allocator
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
from infludash.ui.file_platform import platform_for

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


# --- A session's lifetime ------------------------------------------------------------------------
#
# When a tab closes, Streamlit 1.67 clears the session's caches at once but keeps the session for
# ``server.disconnectedSessionTTL`` seconds, in case the tab reconnects: its state, its uploaded
# files and its last run (whose View, and the deferred downloads built from it, hold every account
# of the upload). When that window ends, Streamlit merely stops handing the session out: the
# session object is dropped on some later disconnect of another tab, and its uploaded files are
# never removed (only a shut-down session's are). So the app shuts its closed sessions down itself,
# a little before the window ends, and then hands the freed memory back to the system.

#: A closed tab's session is shut down after this share of ``server.disconnectedSessionTTL`` (the
#: rest is slack: past the window Streamlit would no longer find the session to shut it down).
RELEASE_SHARE = 0.8
_watched: dict[str, asyncio.TimerHandle] = {}  # session id -> next check (server's event loop)
_freeing: list[asyncio.TimerHandle] = []  # the pending _free_memory passes
#: Seconds after a release when memory is handed back: at once, and again once a script run that
#: was still going when its session closed has ended (what it frees then would stay with malloc).
FREE_AFTER_S = (1.0, 6.0)

use_system_allocator()  # so that _free_memory can hand freed memory back (infludash/base/memory.py)


def _reconnect_window() -> float:
    """Seconds Streamlit keeps a closed tab's session for a reconnect."""
    return float(config.get_option("server.disconnectedSessionTTL"))


def _free_memory() -> None:
    """Hand the memory of released sessions back to the system (on the server's event loop).

    The collector frees what only reference cycles still hold (a run's module and the functions
    defined in it refer to each other); then the free blocks that malloc (and Arrow's pool) would
    keep for reuse are returned: after a large upload, hundreds of MB that nothing uses.
    """
    _freeing.clear()
    gc.collect()
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(AttributeError, OSError):  # glibc only: others have no malloc_trim
        ctypes.CDLL(None).malloc_trim(0)


def _check(session_id: str, last_connected: float) -> None:
    """On the server's event loop: shut ``session_id`` down once it has been disconnected for
    :data:`RELEASE_SHARE` of the reconnect window; while it is connected (it reconnected), keep
    watching it."""
    _watched.pop(session_id, None)
    if not runtime.exists():
        return
    loop = asyncio.get_running_loop()
    server = runtime.get_instance()
    window = _reconnect_window()
    now = loop.time()
    if server.is_active_session(session_id):
        last_connected = now
    elif now - last_connected >= RELEASE_SHARE * window:
        server.close_session(session_id)  # state, uploaded files, media, the last run
        server.uploaded_file_mgr.remove_session_files(session_id)  # if it had already expired
        if not _freeing:  # once for tabs closed together
            _freeing.extend(loop.call_later(delay, _free_memory) for delay in FREE_AFTER_S)
        return
    _schedule(loop, session_id, last_connected)


def _schedule(loop: asyncio.AbstractEventLoop, session_id: str, last_connected: float) -> None:
    """Check ``session_id`` again after the window's remaining share (so that it is shut down
    between RELEASE_SHARE and RELEASE_SHARE plus that share of the window after it closed)."""
    step = max(0.25, _reconnect_window() * (1 - RELEASE_SHARE))
    _watched[session_id] = loop.call_later(step, _check, session_id, last_connected)


def _session_ended(session_id: str) -> None:
    """``on_release`` of :func:`_session_marker`: the session's caches were cleared, i.e. its tab
    disconnected (or it shut down). Runs on the server's event loop; a clear from a script (no
    loop running) is no session ending."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    pending = _watched.pop(session_id, None)
    if pending is not None:
        pending.cancel()
    _schedule(loop, session_id, loop.time())


# One entry per session (its id), cleared with the session's caches: its ``on_release`` is how
# the app learns that a tab closed. No ttl: an expired marker would miss that moment.
@st.cache_resource(max_entries=1, show_spinner=False, scope="session", on_release=_session_ended)
def _session_marker(session_id: str) -> str:
    return session_id


def track_session() -> None:
    """Call once per run: when this session's tab closes, its memory is released after the
    reconnect window (see above)."""
    ctx = get_script_run_ctx()
    if ctx is not None and runtime.exists():
        _session_marker(ctx.session_id)
