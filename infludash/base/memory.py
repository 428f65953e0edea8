"""Which allocator Arrow uses: the C library's malloc, in the app and on the command line alike.

pyarrow's default pool, mimalloc, keeps what a thread freed until that thread, or the one that
loaded pyarrow, collects it. In Streamlit both are script-run threads that have ended, so after
a 100 MB upload about 250 MB stayed resident for good; malloc's free memory goes back to the
system from any thread (``malloc_trim``). The command line reads messy files faster on it too
(a million German-formatted rows: about 2.0 s -> 1.7 s; bench/RESULTS.md), at a few hundredths
of a second on clean ones. ``ARROW_DEFAULT_MEMORY_POOL`` in the environment still wins.
"""

from __future__ import annotations

import os

import pyarrow as pa

__all__ = ["use_system_allocator"]


def use_system_allocator() -> None:
    """Make malloc Arrow's default pool for this process, unless the environment names one.

    Call it before reading: buffers already allocated stay in the pool that made them.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        pa.set_memory_pool(pa.system_memory_pool())
