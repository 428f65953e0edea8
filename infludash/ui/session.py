"""A session's lifetime: a closed tab's session, and the data it holds, are released.

When a tab closes, Streamlit 1.67 clears the session's caches at once but keeps the session for
``server.disconnectedSessionTTL`` seconds, in case the tab reconnects: its state, its uploaded
files and its last run (whose View, and the deferred downloads built from it, hold every account
of the upload). When that window ends, Streamlit merely stops handing the session out: the
session object is dropped on some later disconnect of another tab, and its uploaded files are
never removed (only a shut-down session's are). So the app shuts its closed sessions down itself,
a little before the window ends, empties their state (a shut-down session can stay referenced:
see :func:`_state_of`), and then hands the freed memory back to the system.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
from typing import Any

import pyarrow as pa
import streamlit as st
from streamlit import config, runtime
from streamlit.runtime import caching
from streamlit.runtime.scriptrunner import get_script_run_ctx

from infludash.base.memory import use_system_allocator

#: A closed tab's session is shut down after this share of ``server.disconnectedSessionTTL`` (the
#: rest is slack: past the window Streamlit would no longer find the session to shut it down).
RELEASE_SHARE = 0.8
_watched: dict[str, asyncio.TimerHandle] = {}  # session id -> next check (server's event loop)
_freeing: list[asyncio.TimerHandle] = []  # the pending _free_memory passes
#: Sessions shut down here, with when: a script run still going at the shutdown (a large upload
#: on a busy server) goes on and fills the session's caches again once they were cleared, so
#: every pass clears them again until the last pass after the shutdown.
_closed: dict[str, float] = {}
#: Seconds after a release when memory is handed back: at once, and again once a script run that
#: was still going when its session closed has ended (what it frees then would stay with malloc).
FREE_AFTER_S = (1.0, 6.0, 20.0)

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
    now = asyncio.get_running_loop().time()
    for session_id, closed_at in list(_closed.items()):
        caching.clear_session_resource_cache(session_id)
        caching.clear_session_data_cache(session_id)
        if now - closed_at >= max(FREE_AFTER_S):
            del _closed[session_id]
    gc.collect()
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(AttributeError, OSError):  # glibc only: others have no malloc_trim
        ctypes.CDLL(None).malloc_trim(0)


def _state_of(server: Any, session_id: str) -> Any:
    """The state of a session Streamlit still has (``SessionState``), or None.

    A shut-down session is not always gone: Streamlit's message loop keeps the last session it
    served in a loop variable until another tab connects, and with it the session's state, whose
    widget values include the uploaded files (a 100 MB upload stayed resident for good). So the
    state is emptied at the shutdown. Streamlit offers no public lookup of a session by id.
    """
    manager = getattr(server, "_session_mgr", None)
    info = manager.get_session_info(session_id) if manager is not None else None
    return None if info is None else info.session.session_state


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
        _closed[session_id] = now  # first: the close clears its caches, which calls _session_ended
        held = _state_of(server, session_id)
        server.close_session(session_id)  # uploaded files, media, the last run
        server.uploaded_file_mgr.remove_session_files(session_id)  # if it had already expired
        if held is not None:
            held.clear()  # widget values (the uploaded files themselves) and the app's keys
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
    if session_id in _closed:  # its caches cleared again by _free_memory: it is already shut
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


def release_now() -> None:
    """End this session's data now (signing out): its uploaded files, its caches and its
    state, as a closed tab's are released (:func:`_check`)."""
    ctx = get_script_run_ctx()
    if ctx is not None and runtime.exists():
        session_id = ctx.session_id
        caching.clear_session_resource_cache(session_id)
        caching.clear_session_data_cache(session_id)
        runtime.get_instance().uploaded_file_mgr.remove_session_files(session_id)
    st.session_state.clear()


def track_session() -> None:
    """Call once per run: when this session's tab closes, its memory is released after the
    reconnect window (see above)."""
    ctx = get_script_run_ctx()
    if ctx is not None and runtime.exists():
        _session_marker(ctx.session_id)
