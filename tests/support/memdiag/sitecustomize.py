"""Test-only: a memory report from a running ``streamlit run`` server, on SIGUSR1.

The load test (``tests/e2e/test_load.py``) starts its server with this folder on ``PYTHONPATH``
and ``INFLUDASH_MEMDIAG`` naming a file. When the server keeps more memory than allowed after
every session closed, the test sends SIGUSR1 and puts the report in its failure message, so that
the failure says what holds the memory: malloc's bytes in use against its free ones, Arrow's,
the sessions Streamlit still has, the app's analyses still alive, every object of 10 MB or more,
and for each a chain of what refers to it. Nothing here runs unless the variable is set.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import signal
import sys
import threading
import traceback
from types import FrameType
from typing import Any

_OUT = os.environ.get("INFLUDASH_MEMDIAG")
_BIG = 10**7  # bytes: an object this large is listed with its referrers
_APP_TYPES = ("AppSession", "Analysis", "View", "ReadResult")


_MALLINFO2 = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in _MALLINFO2.split(" ")]


def _malloc() -> dict[str, float]:
    """glibc's own count: in use (what live objects hold) against free (kept for reuse)."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
    except (AttributeError, OSError):
        return {}
    return {
        "in_use_mb": round((info.uordblks + info.hblkhd) / 10**6, 1),
        "free_mb": round(info.fordblks / 10**6, 1),
    }


def _describe(obj: object) -> str:
    if isinstance(obj, FrameType):
        where = obj.f_code.co_filename.rsplit("/", 2)[-1]
        return f"frame {obj.f_code.co_name} {where}:{obj.f_lineno}"
    if isinstance(obj, list):
        return f"list[{len(obj)}: {', '.join(sorted({type(x).__name__ for x in obj}))}]"
    if isinstance(obj, dict):
        return f"dict({', '.join(map(str, list(obj)[:5]))})"
    return type(obj).__qualname__


def _chain(target: object, ignore: set[int], depth: int = 10) -> list[str]:
    """What refers to ``target``, outwards, up to three referrers per step (the first followed);
    the report's own containers and frames are left out."""
    own = sys._getframe().f_code
    seen = set(ignore)
    path: list[str] = []
    current = target
    for _ in range(depth):
        seen.add(id(current))
        referrers = [
            r
            for r in gc.get_referrers(current)
            if id(r) not in seen and not (isinstance(r, FrameType) and r.f_code is own)
        ]
        seen.add(id(referrers))
        if not referrers:
            break
        path.append(" | ".join(_describe(r) for r in referrers[:3]))
        current = referrers[0]
    return path


def _sessions() -> dict[str, int]:
    from streamlit import runtime

    if not runtime.exists():
        return {}
    manager = runtime.get_instance()._session_mgr  # a diagnosis may read internals
    active = len(manager.list_active_sessions())
    return {"active": active, "stored": len(manager.list_sessions()) - active}


def _big_objects(objects: list[object]) -> list[object]:
    """Objects of :data:`_BIG` bytes or more that tracked objects refer to (bytes and arrays are
    not tracked by the collector themselves)."""
    big: dict[int, object] = {}
    for obj in objects:
        for ref in gc.get_referents(obj):
            with contextlib.suppress(TypeError):
                if sys.getsizeof(ref) >= _BIG:
                    big[id(ref)] = ref
    return list(big.values())


def _report() -> dict[str, Any]:
    gc.collect()
    report: dict[str, Any] = {"malloc": _malloc()}
    with contextlib.suppress(ImportError):
        import pyarrow as pa

        report["arrow_mb"] = round(pa.total_allocated_bytes() / 10**6, 1)
    report["stacks"] = {
        str(ident): [f"{f.name} {f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in stack[-4:]]
        for ident, frame in sys._current_frames().items()
        for stack in [traceback.extract_stack(frame)]
    }
    try:
        report["sessions"] = _sessions()
    except Exception as err:  # noqa: BLE001 (a diagnosis must survive a Streamlit change)
        report["sessions"] = repr(err)
    objects = gc.get_objects()
    app = [o for o in objects if type(o).__name__ in _APP_TYPES]
    big = _big_objects(objects)
    ignore = {id(objects), id(app), id(big)}
    report["live"] = {name: sum(type(o).__name__ == name for o in app) for name in _APP_TYPES}
    report["held_by"] = [
        {"what": _describe(o), "referrers": _chain(o, ignore)}
        for o in app
        if type(o).__name__ in ("AppSession", "Analysis")
    ][:6]
    report["big_objects"] = [
        {"what": _describe(o), "mb": round(sys.getsizeof(o) / 10**6, 1), "by": _chain(o, ignore)}
        for o in big[:4]
    ]
    return report


def _write(path: str) -> None:
    try:
        text = json.dumps(_report(), indent=1)
    except Exception as err:  # noqa: BLE001 (the test waits for a file: always write one)
        text = json.dumps({"error": repr(err)})
    with open(path + ".part", "w", encoding="utf-8") as sink:
        sink.write(text)
    os.replace(path + ".part", path)


if _OUT:
    _path = _OUT
    signal.signal(signal.SIGUSR1, lambda *_: threading.Thread(target=_write, args=(_path,)).start())
