"""Benchmark: ``summarize`` on a clean and a messy file of the same accounts, alternating runs.

    python bench/run.py --rows 1000000 --repeat 3

Generates seeded files under ``bench/out/`` (see ``bench/datasets.py``) unless they exist, runs
each contender ``--repeat`` times in turn (clean, messy, clean, messy, ...) as whole processes, and
prints a Markdown table of median wall time and peak RSS plus the messy/clean ratio. The machine is
shared and noisy: compare ratios from one run, not seconds across days.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.datasets import write_clean, write_messy  # noqa: E402


def _measure(args: list[str]) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "measure.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stderr.strip().splitlines()[-1])
    if report["exit"] != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{run.stderr}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    files = {"clean": out / f"clean_{args.rows}.csv", "messy": out / f"messy_{args.rows}.csv"}
    if not files["clean"].exists():
        write_clean(files["clean"], args.rows)
    if not files["messy"].exists():
        write_messy(files["messy"], args.rows)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in files}
    for _ in range(args.repeat):
        for name, path in files.items():
            runs[name].append(_measure(["-m", "infludash", "summarize", str(path), "--json"]))
    print(
        f"rows: {args.rows:,}; runs each: {args.repeat}; "
        f"{datetime.now(UTC):%Y-%m-%d}; {platform.machine()}, {platform.python_version()}"
    )
    print()
    print("| file | size MB | median s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: |")
    medians = {}
    for name, path in files.items():
        seconds = statistics.median(r["seconds"] for r in runs[name])
        peak = statistics.median(r["peak_mb"] for r in runs[name])
        medians[name] = seconds
        print(f"| {name} | {path.stat().st_size / 1e6:.1f} | {seconds:.2f} | {peak:.0f} |")
    print()
    print(f"messy / clean time: {medians['messy'] / medians['clean']:.2f}x")


if __name__ == "__main__":
    main()
