"""Benchmark: the app on a configured DuckDB source, in real headless Chromium.

    .venv/bin/python bench/app_source.py --rows 50000000

Writes a seeded DuckDB table of ``--rows`` accounts (tests/support/lake.py, once, under
bench/out/), starts ``streamlit run`` with a secrets file that configures it as a source, and
times, from the browser: the Overview's first visit (until the run has ended and both charts are
drawn), a platform filter (until the filtered count is on screen), and a second visit to the
first view (kept for every session: a look-up). Prints a Markdown table, with the server's
peak RSS (``VmHWM``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.lake import write_lake  # noqa: E402
from tests.support.server import running_app  # noqa: E402

OUT = ROOT / "bench" / "out"
WAIT_MS = 900_000
IDLE_JS = (
    "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"
    " === 'notRunning' && !document.querySelector('[data-stale=\"true\"]')"
    " && document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= 2"
)
SHOWN_JS = (
    "(text) => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
    ".some(e => e.innerText.trim() === text)"
)


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000_000)
    rows = parser.parse_args().rows
    OUT.mkdir(parents=True, exist_ok=True)
    lake = OUT / f"lake_{rows}.db"
    if not lake.exists():
        write_lake(lake, rows)
    import duckdb

    with duckdb.connect(str(lake), read_only=True) as con:
        ((tiktok,),) = con.execute(
            "SELECT count(*) FROM accounts WHERE platform = 'TikTok'"
        ).fetchall()
    secrets = OUT / f"secrets_{rows}.toml"
    secrets.write_text(
        f'[connections.lake]\nurl = "duckdb:///{lake}"\ntable = "accounts"\nlabel = "Lake"\n',
        encoding="utf-8",
    )
    from playwright.sync_api import sync_playwright

    with (
        running_app("app.py", "--secrets.files", str(secrets), start_timeout=120) as (proc, url),
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--headless=new", "--no-sandbox"]
        )
        page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
        page.set_default_timeout(WAIT_MS)
        timings: list[tuple[str, float]] = []
        start = time.perf_counter()
        page.goto(f"{url}/?db=lake")
        page.wait_for_function(IDLE_JS, timeout=WAIT_MS)
        page.wait_for_function(SHOWN_JS, arg=f"{rows:,}", timeout=WAIT_MS)
        timings.append(("Overview, first visit", time.perf_counter() - start))
        box = page.locator('[data-testid="stMultiSelect"]', has_text="Platform")
        box.locator("input").first.click()
        page.get_by_role("option", name="TikTok", exact=True).click()
        start = time.perf_counter()
        page.keyboard.press("Escape")
        page.wait_for_function(SHOWN_JS, arg=f"{tiktok:,}", timeout=WAIT_MS)
        page.wait_for_function(IDLE_JS, timeout=WAIT_MS)
        timings.append(("platform filter (TikTok)", time.perf_counter() - start))
        start = time.perf_counter()
        page.goto(f"{url}/?db=lake")
        page.wait_for_function(IDLE_JS, timeout=WAIT_MS)
        page.wait_for_function(SHOWN_JS, arg=f"{rows:,}", timeout=WAIT_MS)
        timings.append(("Overview, second visit (new session)", time.perf_counter() - start))
        peak = _peak_mb(proc.pid)
        browser.close()
    print(f"| step ({rows:,} rows, DuckDB source) | seconds |")
    print("| --- | ---: |")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.1f} |")
    print(f"\nServer peak RSS: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
