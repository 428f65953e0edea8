"""Run one command in this process and report its wall time and peak RSS as JSON on stderr.

``python bench/measure.py -m infludash summarize FILE --json`` or ``python bench/measure.py
script.py ARGS``. Used by ``bench/run.py`` so every contender is measured the same way.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import sys
import time


def main() -> None:
    args = sys.argv[1:]
    sys.path.insert(0, os.getcwd())  # modules resolve from the caller's folder, as with -m
    start = time.perf_counter()
    code = 0
    try:
        if args[0] == "-m":
            sys.argv = [args[1], *args[2:]]
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = args
            runpy.run_path(args[0], run_name="__main__")
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.flush()
    print(
        json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "exit": code}), file=sys.stderr
    )
    sys.exit(code)


if __name__ == "__main__":
    main()
