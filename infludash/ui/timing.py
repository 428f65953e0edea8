"""Opt-in server timing of each script run, for the benchmark (``bench/app_bench.py``).

With ``INFLUDASH_TIMINGS=/some/file.jsonl`` set, every completed run of the app appends one JSON
line ``{"seconds": ..., "page": ..., "t": ...}``: the server time of a rerun, measured where it
happens instead of guessed from the browser. Unset (the default) it costs one environment lookup.
Only runs that finish are recorded: a run interrupted by a newer one is not a rerun anyone saw.
"""

from __future__ import annotations

import json
import os
import time

ENV = "INFLUDASH_TIMINGS"


def start() -> float:
    """The moment a run starts (pass it to :func:`record` at the end of the script)."""
    return time.perf_counter()


def record(started: float, page: str = "") -> None:
    """Append this run's duration to the file named by ``INFLUDASH_TIMINGS``, if it is set."""
    target = os.environ.get(ENV)
    if not target:
        return
    line = {"seconds": round(time.perf_counter() - started, 4), "page": page, "t": time.time()}
    with open(target, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
