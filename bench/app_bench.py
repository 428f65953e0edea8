"""Benchmark: the app in real headless Chromium against a naive Streamlit app, alternating runs.

    python bench/app_bench.py --rows 1000000 --repeat 3

For each run a fresh ``streamlit run`` server (on a free loopback port, with ``INFLUDASH_TIMINGS``
pointing at a scratch file) and a fresh headless Chromium (Playwright, the Debian ``chromium``
binary) are started; the contenders take turns (ours, naive, ours, naive, ...) so a noisy
neighbour on the shared machine hits both alike. Each run measures:

- **upload → charts**: from handing the file to the uploader's ``input[type=file]`` until the
  app has stopped running, nothing stale is left, the main area names the file, both Plotly
  charts are drawn (``calcdata`` and an SVG trace) with specs that differ from the ones shown
  before (InfluDash first shows its bundled sample) and the next frame has been painted;
- **chart specs**: the JSON of every ``.js-plotly-plot`` on the page (``data`` + ``layout``), and
  the bytes the websocket delivered for the upload run (every element, not only the charts);
- **server time** of the upload run and, for InfluDash only (the naive app has no filter), of the
  rerun after picking one platform in the sidebar filter, from the app's own timing hook;
- **peak RSS** of the server process (``VmHWM``, Linux), next to the file size.

It prints a Markdown table of medians plus the ratios and targets of the performance issue. The
machine is shared and noisy: compare ratios from one invocation, not seconds across days.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.datasets import write_clean  # noqa: E402
from tests.support.server import running_app  # noqa: E402

#: The performance issue's targets.
TARGET_SPEEDUP = 5.0
TARGET_SPEC_KB = 300.0
TARGET_FILTER_S = 0.5

#: The platform picked in the sidebar filter for the rerun measurement (present in every
#: ``bench.datasets`` file, and an option label in either language).
FILTER_OPTION = "TikTok"

CHROMIUM_ARGS = [  # as in tests/e2e/conftest.py: headless, no GPU, nothing phoning home
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
POLL_MS = 50  # page predicates are polled this often; small next to any time measured here

# Injected before the app's own scripts: counts websocket bytes received (in the page, so nothing
# is copied out to Playwright while the clock runs) and holds the predicates the waits use.
PAGE_HELPERS = """
(() => {
  const bench = {
    wsBytes: 0,
    before: [],
    idle() {
      const app = document.querySelector('[data-testid="stApp"]');
      return app?.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-stale="true"]');
    },
    plots() { return [...document.querySelectorAll('.js-plotly-plot')]; },
    drawn(el) {
      return !!(el.calcdata && el._fullLayout && el.querySelector('.main-svg .trace'));
    },
    spec(el) {
      // Plotly keeps a decoded copy of each base64 array in `_inputArray`: not part of the spec.
      return JSON.stringify({data: el.data, layout: el.layout}, (key, value) =>
        key === '_inputArray' ? undefined : ArrayBuffer.isView(value) ? Array.from(value) : value);
    },
    failed() {
      if (document.querySelector('[data-testid="stException"]')) return 'exception on the page';
      const alert = document.querySelector(
        '[data-testid="stMain"] [data-testid="stAlertContentError"]');
      return alert ? 'error on the page: ' + alert.innerText.slice(0, 200) : '';
    },
  };
  window.__bench = bench;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const d = event.data;
        bench.wsBytes += d.byteLength ?? d.size ?? d.length ?? 0;
      });
    }
  };
})();
"""

# The first page is ready: the uploader is there and the charts it starts with (InfluDash: the
# bundled sample's two; naive: none) are drawn.
READY_JS = """
(count) => {
  const b = window.__bench;
  if (!b.idle() || !document.querySelector('input[type="file"]')) return false;
  const plots = b.plots();
  return plots.length === count && plots.every((el) => b.drawn(el));
}
"""

# Both charts show the upload: the run is over, nothing stale is left, the main area names the
# file, two charts are drawn and each spec differs from the one before the upload (InfluDash
# first shows the sample's charts; for the naive app there is nothing before).
DRAWN_JS = """
([name, count]) => {
  const b = window.__bench;
  const failed = b.failed();
  if (failed) return failed;
  if (!b.idle()) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.innerText.includes(name)) return false;
  const plots = b.plots();
  if (plots.length !== count || !plots.every((el) => b.drawn(el))) return false;
  if (plots.some((el, i) => b.before[i] !== undefined && b.spec(el) === b.before[i])) return false;
  return 'drawn';
}
"""

NEXT_FRAME_JS = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"

SPEC_BYTES_JS = """
() => window.__bench.plots()
  .reduce((sum, el) => sum + new TextEncoder().encode(window.__bench.spec(el)).length, 0)
"""


@dataclass(frozen=True)
class Contender:
    """One app under test: its script, how many charts it shows before and after an upload."""

    name: str
    script: str  # relative to the repository root
    initial_charts: int
    has_filter: bool


CONTENDERS = {
    "ours": Contender("ours", "app.py", initial_charts=2, has_filter=True),
    "naive": Contender("naive", "bench/naive_app.py", initial_charts=0, has_filter=False),
}


@dataclass
class Run:
    """What one run measured; ``None`` where it did not get that far (see ``status``)."""

    contender: str
    status: str = "ok"  # "ok", "timeout" or "error"
    detail: str = ""
    upload_to_charts_s: float | None = None
    spec_bytes: int | None = None
    ws_bytes: int | None = None
    upload_server_s: float | None = None
    filter_server_s: float | None = None
    filter_browser_s: float | None = None
    filter_reruns: int | None = None
    peak_rss_mb: float | None = None
    file_mb: float = 0.0
    screenshots: list[str] = field(default_factory=list)


def _timings(path: Path) -> list[float]:
    """Server seconds of every completed run so far (one JSON line each, by ``timing.record``)."""
    if not path.exists():
        return []
    seconds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError, KeyError):  # a line still being written: next time
            seconds.append(float(json.loads(line)["seconds"]))
    return seconds


def _peak_rss_mb(pid: int) -> float | None:
    """``VmHWM`` (peak resident set) of a live process, from ``/proc`` (Linux only)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


@contextlib.contextmanager
def _server(script: str, timings: Path, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``streamlit run script`` with its timing hook on, once its health endpoint answers (a
    server that does not come up raises :class:`~tests.support.server.AppDidNotStart`)."""
    with running_app(
        script,
        "--server.maxUploadSize",
        "400",
        log=log,
        env={"INFLUDASH_TIMINGS": str(timings)},
        start_timeout=120,
    ) as app:
        yield app


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_for_rerun(
    page: Any, timings: Path, seen: int, started: float, timeout_s: float
) -> tuple[list[float], float]:
    """Server seconds of the runs completed after the first ``seen`` ones, and the browser seconds
    from ``started`` until the first of them had finished and the page was idle again. A short
    grace period after that catches a second rerun right behind the first."""
    deadline = time.monotonic() + timeout_s
    while True:
        new = _timings(timings)[seen:]
        if new and page.evaluate("() => window.__bench.idle()"):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"no completed rerun within {timeout_s:.0f} s")
        time.sleep(POLL_MS / 1000)
    browser_s = time.perf_counter() - started
    time.sleep(0.5)
    if page.evaluate("() => window.__bench.idle()"):
        new = _timings(timings)[seen:]
    return new, browser_s


def _change_filter(page: Any, timings: Path, run: Run, timeout_s: float) -> None:
    """Pick one platform in the sidebar's Platform filter; record that rerun's server time (the
    largest if the change caused several) and the browser time from the click to idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Platform"
    )
    option = page.get_by_role("option", name=FILTER_OPTION, exact=True)
    for attempt in range(3):  # a click landing as the page re-renders can miss the dropdown
        box.locator("input").first.click(timeout=60_000)
        try:
            option.first.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            if attempt == 2:
                raise
    seen = len(_timings(timings))
    started = time.perf_counter()
    option.first.click(timeout=60_000)
    reruns, run.filter_browser_s = _wait_for_rerun(page, timings, seen, started, timeout_s)
    run.filter_server_s = max(reruns)
    run.filter_reruns = len(reruns)
    page.keyboard.press("Escape")  # close the dropdown (no rerun: the value is already set)


def _upload_and_measure(
    page: Any,
    url: str,
    *,
    contender: Contender,
    path: Path,
    timings: Path,
    run: Run,
    timeout_s: float,
) -> bool:
    """Open the app, choose ``path`` in its uploader and time it until both charts show the
    upload; then the spec sizes and the upload run's server time. False if it never got there."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url)
    page.wait_for_function(READY_JS, arg=contender.initial_charts, polling=POLL_MS, timeout=120_000)
    page.evaluate("() => { const b = window.__bench; b.before = b.plots().map(b.spec) }")
    seen = len(_timings(timings))
    page.evaluate("() => { window.__bench.wsBytes = 0 }")
    uploader = page.locator('input[type="file"]').first
    started = time.perf_counter()
    uploader.set_input_files(str(path))
    try:
        outcome = page.wait_for_function(
            DRAWN_JS, arg=[path.name[:40], 2], polling=POLL_MS, timeout=timeout_s * 1000
        ).json_value()
        if outcome == "drawn":  # and painted: the charts are on screen, not only in the DOM
            page.evaluate(NEXT_FRAME_JS)
    except PlaywrightTimeout:
        run.status, run.detail = "timeout", f"no charts {timeout_s:.0f} s after the upload"
        return False
    elapsed = time.perf_counter() - started
    if outcome != "drawn":
        run.status, run.detail = "error", str(outcome)
        return False
    run.upload_to_charts_s = elapsed
    run.ws_bytes = int(page.evaluate("() => window.__bench.wsBytes"))
    run.spec_bytes = int(page.evaluate(SPEC_BYTES_JS))
    run.upload_server_s = max(_timings(timings)[seen:], default=None)
    return True


def _open_page(page: Any, title: str, timeout_s: float) -> None:
    """Switch to another page through the sidebar's navigation (the session and its upload
    stay; loading the page's URL would start a new session without the file)."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while not page.evaluate("() => window.__bench.idle()"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the {title} page did not finish within {timeout_s:.0f} s")
        time.sleep(POLL_MS / 1000)


def measure(
    contender: Contender,
    path: Path,
    timeout_s: float,
    shots: Path | None,
    tag: str,
    *,
    filter_page: str = "Overview",
) -> Run:
    """One run of one contender on a fresh server and a fresh browser. Whatever goes wrong ends
    up in the returned run's ``status`` and ``detail``, so the other runs still happen."""
    from playwright.sync_api import sync_playwright

    run = Run(contender.name, file_mb=path.stat().st_size / 1e6)
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("the Debian 'chromium' package is needed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="app_bench_") as scratch:
        timings = Path(scratch) / "timings.jsonl"
        log = Path(scratch) / "streamlit.log"
        try:
            with _server(contender.script, timings, log) as (proc, url), sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(viewport={"width": 1440, "height": 1000})
                    page.set_default_timeout(timeout_s * 1000)
                    page.add_init_script(PAGE_HELPERS)
                    drawn = _upload_and_measure(
                        page,
                        url,
                        contender=contender,
                        path=path,
                        timings=timings,
                        run=run,
                        timeout_s=timeout_s,
                    )
                    if drawn and shots:
                        run.screenshots.append(_shot(page, shots / f"{tag}_charts.png"))
                    if drawn and contender.has_filter:
                        try:
                            if filter_page != "Overview":
                                _open_page(page, filter_page, timeout_s)
                            _change_filter(page, timings, run, timeout_s)
                        except Exception as err:  # noqa: BLE001 - the upload numbers still count
                            run.detail = f"filter change failed: {type(err).__name__}: {err}"
                        if shots:
                            run.screenshots.append(_shot(page, shots / f"{tag}_filter.png"))
                finally:
                    run.peak_rss_mb = _peak_rss_mb(proc.pid)  # read before the server stops
                    browser.close()
        except Exception as err:  # noqa: BLE001 - one failed run must not lose the others
            run.status = "timeout" if "Timeout" in type(err).__name__ else "error"
            run.detail = f"{type(err).__name__}: {err}".splitlines()[0]
        if run.status != "ok":
            run.detail += "\n" + _tail(log)
    return run


def _shot(page: Any, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    return target.name


def _rows_of(path: Path) -> int:
    """Data rows of a CSV file with a header line (for ``--file``; counted, not parsed)."""
    count = 0
    with path.open("rb") as data:
        while chunk := data.read(1 << 24):
            count += chunk.count(b"\n")
    return max(count - 1, 0)


def _median(runs: list[Run], attribute: str) -> float | None:
    values = [getattr(r, attribute) for r in runs if getattr(r, attribute) is not None]
    return statistics.median(values) if values else None


def _cell(value: float | None, digits: int, scale: float = 1.0) -> str:
    return "–" if value is None else f"{value / scale:,.{digits}f}"


def report(
    runs: dict[str, list[Run]],
    rows: int,
    repeat: int,
    chromium: str,
    filter_page: str = "Overview",
) -> str:
    """The Markdown table of medians (over the runs that finished) and the targets."""
    import streamlit

    lines = [
        f"rows: {rows:,}; runs each: {repeat}; {datetime.now(UTC):%Y-%m-%d}; "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}, Chromium {chromium}",
        "",
        "| app | runs ok | upload → charts s | chart specs KB | websocket KB | upload run server s"
        " | filter rerun server s | peak RSS MB | file MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    medians: dict[str, dict[str, float | None]] = {}
    for name, done in runs.items():
        ok = [r for r in done if r.status == "ok"]
        m = {
            attr: _median(ok, attr)
            for attr in (
                "upload_to_charts_s",
                "spec_bytes",
                "ws_bytes",
                "upload_server_s",
                "filter_server_s",
                "peak_rss_mb",
            )
        }
        # A contender with no finished run still shows how much memory it had taken by then.
        m["peak_rss_mb"] = _median(ok or done, "peak_rss_mb")
        medians[name] = m
        failed = sorted({r.status for r in done if r.status != "ok"})
        count = f"{len(ok)}/{len(done)}" + (f" ({', '.join(failed)})" if failed else "")
        lines.append(
            f"| {name} | {count}"
            f" | {_cell(m['upload_to_charts_s'], 2)} | {_cell(m['spec_bytes'], 1, 1e3)}"
            f" | {_cell(m['ws_bytes'], 1, 1e3)} | {_cell(m['upload_server_s'], 2)}"
            f" | {_cell(m['filter_server_s'], 3)} | {_cell(m['peak_rss_mb'], 0)}"
            f" | {done[0].file_mb:.1f} |"
        )
    lines.append("")
    ours, naive = medians.get("ours", {}), medians.get("naive", {})
    ours_s, naive_s = ours.get("upload_to_charts_s"), naive.get("upload_to_charts_s")
    if ours_s and naive_s:
        lines.append(
            f"naive / ours upload → charts: {naive_s / ours_s:.1f}x (target ≥ {TARGET_SPEEDUP:g}x)"
        )
    elif "naive" in runs and "ours" in runs:
        lines.append("naive / ours upload → charts: – (a contender did not finish; see runs ok)")
    spec_bytes, filter_s = ours.get("spec_bytes"), ours.get("filter_server_s")
    if spec_bytes is not None:
        lines.append(
            f"ours chart specs: {spec_bytes / 1e3:.1f} KB (target ≤ {TARGET_SPEC_KB:g} KB)"
        )
    if filter_s is not None:
        lines.append(
            f"ours filter rerun ({filter_page}): {filter_s:.3f} s server"
            f" (target ≤ {TARGET_FILTER_S:g} s)"
        )
    for name, done in runs.items():
        for number, r in enumerate(done, start=1):
            if r.detail:
                lines.append(f"{name} run {number}: {r.status}: {r.detail.splitlines()[0]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--file", type=Path, help="a CSV to upload instead of the seeded one")
    parser.add_argument(
        "--contenders",
        default="ours,naive",
        help="comma-separated, in run order (e.g. 'ours' alone at 5M rows)",
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds per wait (default 600)")
    parser.add_argument("--json", dest="json_out", help="write the raw runs as JSON here ('-')")
    parser.add_argument("--screenshots", type=Path, help="save a screenshot of each run here")
    parser.add_argument(
        "--filter-page",
        default="Overview",
        choices=["Overview", "Accounts", "Findings", "Campaign planner", "Data quality"],
        help="the page on which the filter change is timed (default: Overview)",
    )
    args = parser.parse_args()
    names = [n.strip() for n in args.contenders.split(",") if n.strip()]
    unknown = sorted(set(names) - set(CONTENDERS))
    if unknown:
        parser.error(f"unknown contender(s) {', '.join(unknown)}; choose from ours, naive")
    if args.file:
        path, rows = args.file.resolve(), _rows_of(args.file)
    else:
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        path, rows = out / f"clean_{args.rows}.csv", args.rows
        if not path.exists():
            write_clean(path, args.rows)

    runs: dict[str, list[Run]] = {name: [] for name in names}
    for index in range(args.repeat):
        for name in names:
            tag = f"{name}_{rows}_{index + 1}"
            run = measure(
                CONTENDERS[name],
                path,
                args.timeout,
                args.screenshots,
                tag,
                filter_page=args.filter_page,
            )
            runs[name].append(run)
            print(
                f"{tag}: {run.status}, upload → charts {_cell(run.upload_to_charts_s, 2)} s,"
                f" filter {_cell(run.filter_server_s, 3)} s, RSS {_cell(run.peak_rss_mb, 0)} MB",
                file=sys.stderr,
                flush=True,
            )

    print(report(runs, rows, args.repeat, _chromium_version(), args.filter_page))
    if args.json_out:
        raw = json.dumps(
            {
                "rows": rows,
                "file": path.name,
                "runs": {k: [asdict(r) for r in v] for k, v in runs.items()},
            },
            indent=2,
        )
        if args.json_out == "-":
            print(raw)
        else:
            Path(args.json_out).write_text(raw + "\n", encoding="utf-8")


def _chromium_version() -> str:
    try:
        out = subprocess.run(
            [shutil.which("chromium") or "chromium", "--version"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        ).stdout
    except OSError:
        return "?"
    return next((w for w in out.split() if w[:1].isdigit()), "?")


if __name__ == "__main__":
    main()
