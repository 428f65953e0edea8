"""Many analysts at once: concurrent browser sessions on one server, each with its own upload.

One private ``streamlit run app.py`` on a free loopback port and one headless Chromium with a
browser context (an independent Streamlit session) per analyst, driven concurrently with
Playwright's asyncio API:

- ``SESSIONS`` contexts each upload a DIFFERENT small file under the SAME name (``accounts.csv``),
  with its own account count, median engagement rate and total reach, and must see exactly their
  own numbers: a cache keyed by file name, or shared between sessions, would show another's;
- meanwhile one more context uploads a generated ~100 MB CSV and must reach its charts;
- no session may show an exception or an error box, and the server log must hold no traceback;
- the server's resident memory (``VmRSS`` in ``/proc/<pid>/status``) is read before the load
  (after a warm-up session has come and gone), at its peak (``VmHWM``) and after every context
  has closed and its session has been released: it must come back to within ``MARGIN_MB`` of
  the level before. The large upload's session connects last, the case where Streamlit keeps it
  after its shutdown (see ``big_upload``); when the memory does not come back, the failure
  message carries the server's own report of what holds it (``tests/support/memdiag``).

The server runs with a short reconnect window (``server.disconnectedSessionTTL``) so that the
release of closed sessions (``infludash/ui/session.py``) happens within the test; the tests at
the end check that release on its own, without a browser.

Bounded: everything runs under ``HARD_TIMEOUT_S``; the server and the browser are stopped by the
test itself. The figures are written to ``tests/e2e/artifacts/load.json`` and recorded in
``tests/README.md``. The files are generated under ``tmp_path`` at test time.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from infludash.present.i18n import get_locale
from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS, _missing, streamlit_server
from tests.e2e.helpers import CHART
from tests.support.accounts import seeded_accounts

MEMDIAG = Path(__file__).resolve().parents[1] / "support" / "memdiag"  # the server's report

_T = TypeVar("_T")

SESSIONS = 10  # analysts with a small file each, all at once
BIG_MB = 100  # the large upload, in MB (10**6 bytes)
HARD_TIMEOUT_S = 240  # the whole test, from starting the server to stopping it
STEP_TIMEOUT_MS = 120_000  # one wait in one page (the machine is shared: be patient, but bounded)
#: How long the server keeps a closed tab's session for a reconnect (``server.
#: disconnectedSessionTTL``: 120 s in .streamlit/config.toml). Shortened here so that the test can
#: wait it out; the app releases a closed session at 80% of it, whatever its length.
RECONNECT_WINDOW_S = 15
RELEASED_S = 0.8 * RECONNECT_WINDOW_S + 2  # a closed session is released and its memory freed
SETTLE_S = RELEASED_S + 20  # longest wait for the memory to come back after the contexts closed
#: Allowed growth of the server's RSS after the load, over its level before it, in MB. Measured
#: (tests/README.md): before ~180 MB, peak ~1.2 GB, after +26 to +94 MB. What stays is not data
#: (malloc's bytes in use come back to the level before) but the allocator's and Python's own:
#: arenas that cannot shrink past a block still in use, code and caches that the large upload was
#: the first to need. Keeping the large session after its shutdown (Streamlit's message loop
#: refers to it; see infludash/ui/session.py) measured +633 MB, a session not released +880 MB:
#: both fail.
MARGIN_MB = 400

IDLE_JS = (
    "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"
    " === 'notRunning' && !document.querySelector('[data-stale=\"true\"]')"
)
METRICS_JS = (
    "[...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].map(e => e.innerText.trim())"
)
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
SAMPLE_ACCOUNTS = "5,000"


@dataclass(frozen=True)
class Expected:
    """What one analyst must see: the Overview's Accounts, median engagement rate and reach."""

    accounts: str
    median_er: str
    reach: str


@dataclass
class Figures:
    """What the run measured (written to artifacts/load.json)."""

    sessions: int = SESSIONS
    small_file_bytes: list[int] = field(default_factory=list)
    big_file_mb: float = 0.0
    big_rows: int = 0
    rss_start_mb: float = 0.0  # server just started, nothing imported by the app yet
    rss_before_mb: float = 0.0  # after one warm-up session (imports, the shared sample cache)
    rss_peak_mb: float = 0.0  # VmHWM: the highest resident set during the load
    rss_after_mb: float = 0.0  # after every context closed and the wait below
    settle_s: float = 0.0  # from the last context closing to rss_after_mb
    margin_mb: float = MARGIN_MB
    all_done_s: float = 0.0  # from the first context opening to every session showing its data
    small_done_s: list[float] = field(default_factory=list)
    big_done_s: float = 0.0
    trace: list[tuple[float, float]] = field(default_factory=list)  # (s after close, RSS MB)
    memory: dict[str, Any] = field(default_factory=dict)  # the server's report, when over


def _rss_mb(pid: int, field_name: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field_name} for process {pid}")


def _small_file(folder: Path, number: int) -> tuple[Path, Expected]:
    """Analyst ``number``'s file: ``24 + 5 * number`` accounts across the tiers, each with an
    engagement rate of exactly ``1.0 + 0.1 * number`` percent. Every file is named the same."""
    rate_per_mille = 10 + number
    count = 24 + 5 * number
    steps = (2_000, 7_000, 30_000, 150_000, 600_000, 2_500_000)
    followers = [steps[j % len(steps)] + 1_000 * number for j in range(count)]
    rows = ["handle,platform,followers,avg_likes,avg_comments"]
    rows += [
        f"a{number:02d}_acct_{j},Instagram,{f},{f * rate_per_mille // 1000},0"
        for j, f in enumerate(followers)
    ]
    path = folder / f"analyst_{number:02d}" / "accounts.csv"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    loc = get_locale("en")
    return path, Expected(
        accounts=loc.num(count),
        median_er=loc.pct(rate_per_mille / 10),
        reach=loc.compact(sum(followers)),
    )


def _big_file(path: Path, megabytes: int) -> int:
    """A clean export of about ``megabytes`` MB with unique handles; returns its row count. Written
    in chunks of the shared generator's accounts (one seed per chunk)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    chunk = 250_000
    target = megabytes * 10**6
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    rows = 0
    path.write_text("handle,platform,followers,avg_likes,avg_comments\n", encoding="utf-8")
    with path.open("ab") as sink:
        writer: pa_csv.CSVWriter | None = None
        while path.stat().st_size < target:
            a = seeded_accounts(chunk, seed=11 + rows // chunk, first=rows)
            table = pa.table(
                {
                    "handle": pa.array(a["handle"].tolist(), pa.string()),
                    "platform": pa.array(a["platform"].tolist(), pa.string()),
                    "followers": pa.array(a["followers"]),
                    "avg_likes": pa.array(a["likes"]),
                    "avg_comments": pa.array(a["comments"]),
                }
            )
            if writer is None:
                writer = pa_csv.CSVWriter(sink, table.schema, write_options=options)
            writer.write_table(table)
            sink.flush()
            rows += chunk
        if writer is not None:
            writer.close()
    return rows


async def _idle(page: Any) -> None:
    await page.wait_for_function(IDLE_JS, timeout=STEP_TIMEOUT_MS)


async def _charts(page: Any) -> None:
    await _idle(page)
    await page.wait_for_function(
        f"document.querySelectorAll('{CHART} .main-svg').length >= 2", timeout=STEP_TIMEOUT_MS
    )


async def _metrics(page: Any) -> list[str]:
    return list(await page.evaluate(METRICS_JS))


async def _no_errors(page: Any, who: str) -> None:
    shown = await page.locator(ERRORS).all_inner_texts()
    assert not shown, f"{who} shows an error: {shown}"


async def _check_own(page: Any, who: str, expected: Expected) -> None:
    """No error on the page, and the Overview shows exactly this analyst's numbers."""
    await _no_errors(page, who)
    seen = await _metrics(page)
    assert len(seen) == 4, f"{who} sees metrics {seen}"
    assert (seen[0], seen[2], seen[3]) == (expected.accounts, expected.median_er, expected.reach), (
        f"{who} sees {seen}, expected {expected}"
    )


async def _open(browser: Any, url: str) -> tuple[Any, Any]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    await page.goto(url)
    await _charts(page)
    return context, page


async def _upload(page: Any, path: Path, changed_from: str = SAMPLE_ACCOUNTS) -> None:
    """Choose ``path`` in the real uploader and wait until the Overview shows other data."""
    await page.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]').set_input_files(
        str(path)
    )
    await page.wait_for_function(
        f"(() => {{ const m = {METRICS_JS}; return m.length > 0 && m[0] !== '{changed_from}' }})()"
        f" && {IDLE_JS}",
        timeout=STEP_TIMEOUT_MS,
    )
    await _charts(page)


async def _sampler(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(_rss_mb(pid))
        await asyncio.sleep(0.25)


async def _drive(
    url: str, pid: int, files: list[tuple[Path, Expected]], big: Path, figures: Figures
) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        try:
            # Warm-up: the first session imports the app's modules and fills the shared sample
            # cache, once per server; "before" is measured after it, with that session closed.
            context, page = await _open(browser, url)
            await _upload(page, files[0][0])
            await context.close()
            await asyncio.sleep(RELEASED_S)  # that session released too: a settled server
            figures.rss_before_mb = _rss_mb(pid)

            samples: list[float] = []
            stop = asyncio.Event()
            sampler = asyncio.create_task(_sampler(pid, samples, stop))
            started = time.monotonic()
            big_started = asyncio.Event()
            small_open = asyncio.Event()
            opened: list[tuple[Any, Any, Expected | None]] = []

            async def analyst(number: int) -> float:
                path, expected = files[number]
                context, page = await _open(browser, url)
                opened.append((context, page, expected))
                if len(opened) == SESSIONS:
                    small_open.set()
                await big_started.wait()  # upload while the 100 MB file is on its way
                await _upload(page, path)
                await _check_own(page, f"analyst {number}", expected)
                return time.monotonic() - started

            async def big_upload() -> float:
                # The large upload's session connects last, so it ends Streamlit's list of
                # sessions: its message loop keeps the last session of that list that it served in
                # a variable until another tab connects, shut down or not, and with it whatever
                # that session's state holds (the worst case for the memory check, made certain).
                await small_open.wait()
                context, page = await _open(browser, url)
                opened.append((context, page, None))
                big_started.set()
                await _upload(page, big)
                await _no_errors(page, "the 100 MB session")
                seen = await _metrics(page)
                assert seen[0] == get_locale("en").num(figures.big_rows), seen
                return time.monotonic() - started

            done = await asyncio.gather(big_upload(), *(analyst(i) for i in range(SESSIONS)))
            figures.all_done_s = round(time.monotonic() - started, 1)
            figures.big_done_s = round(done[0], 1)
            figures.small_done_s = [round(s, 1) for s in done[1:]]

            # With everyone done, every analyst still sees exactly their own numbers.
            for _context, page, expected in opened:
                if expected is not None:
                    await _check_own(page, "an analyst, at the end", expected)
            stop.set()
            await sampler
            figures.rss_peak_mb = max([_rss_mb(pid, "VmHWM"), *samples])
            for context, _page, _expected in opened:
                await context.close()
        finally:
            await browser.close()


def _settle(pid: int, figures: Figures, until: float) -> None:
    """Wait (bounded) until the server's RSS is back within the margin; trace it meanwhile."""
    closed = time.monotonic()
    keep_tracing = os.environ.get("INFLUDASH_LOAD_TRACE") == "1"
    while True:
        now = time.monotonic() - closed
        rss = _rss_mb(pid)
        figures.trace.append((round(now, 1), round(rss, 1)))
        figures.rss_after_mb = rss
        figures.settle_s = round(now, 1)
        back = rss <= figures.rss_before_mb + MARGIN_MB
        if (back and not keep_tracing) or now > SETTLE_S or time.monotonic() > until:
            return
        time.sleep(1)


def _diagnose(pid: int, report: Path, wait_s: float = 30) -> dict[str, Any]:
    """What the server still holds (tests/support/memdiag): asked for by SIGUSR1."""
    os.kill(pid, signal.SIGUSR1)
    until = time.monotonic() + wait_s
    while not report.exists() and time.monotonic() < until:
        time.sleep(0.5)
    if not report.exists():
        return {"error": f"no memory report within {wait_s:.0f} s"}
    return dict(json.loads(report.read_text(encoding="utf-8")))


@pytest.mark.e2e
def test_many_sessions_see_only_their_own_data(tmp_path: Path) -> None:
    if shutil.which("chromium") is None:
        _missing("the Debian 'chromium' package is not installed")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        _missing("the Python package 'playwright' is not installed")

    files = [_small_file(tmp_path, number) for number in range(SESSIONS)]
    assert len({f[1] for f in files}) == SESSIONS  # every analyst's numbers differ
    big = tmp_path / "big.csv"
    figures = Figures(small_file_bytes=[p.stat().st_size for p, _ in files])
    figures.big_rows = _big_file(big, BIG_MB)
    figures.big_file_mb = round(big.stat().st_size / 10**6, 1)

    deadline = time.monotonic() + HARD_TIMEOUT_S
    diagnosis = ARTIFACTS / "load_memory.json"
    diagnosis.unlink(missing_ok=True)
    with streamlit_server(
        "--server.disconnectedSessionTTL",
        str(RECONNECT_WINDOW_S),
        log_name="load_server.log",
        start_timeout=60,
        env={
            "PYTHONPATH": os.pathsep.join(
                filter(None, (str(MEMDIAG), os.environ.get("PYTHONPATH")))
            ),
            "INFLUDASH_MEMDIAG": str(diagnosis),
        },
    ) as (proc, url):
        figures.rss_start_mb = _rss_mb(proc.pid)
        # Playwright's asyncio API in a thread of its own: independent of any event loop (or
        # Playwright instance) that other tests left in this one, and abandoned if it hangs.
        budget = deadline - time.monotonic() - SETTLE_S
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-test")
        work = pool.submit(
            asyncio.run,
            asyncio.wait_for(_drive(url, proc.pid, files, big, figures), timeout=budget),
        )
        pool.shutdown(wait=False)
        work.result(timeout=budget + 10)  # re-raises the driver's failure here
        _settle(proc.pid, figures, until=deadline)
        if figures.rss_after_mb > figures.rss_before_mb + MARGIN_MB:
            figures.memory = _diagnose(proc.pid, diagnosis)
    # The server is stopped here, the browser was closed by the driver.

    log = (ARTIFACTS / "load_server.log").read_text(encoding="utf-8", errors="replace")
    (ARTIFACTS / "load.json").write_text(
        json.dumps(asdict(figures), indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps({k: v for k, v in asdict(figures).items() if k != "trace"}))
    assert "Traceback" not in log, "the server logged an exception; see load_server.log"
    assert figures.rss_after_mb <= figures.rss_before_mb + MARGIN_MB, (
        f"server RSS {figures.rss_after_mb:.0f} MB after the sessions closed, "
        f"{figures.rss_before_mb:.0f} MB before (margin {MARGIN_MB} MB); trace {figures.trace}; "
        f"what the server holds: {json.dumps(figures.memory)}"
    )


# --- The release of closed sessions, without a browser --------------------------------------------
# What the memory check above relies on, with a fake Streamlit runtime and a 2 s reconnect window.

WINDOW_S = 2.0


class _FakeServer:
    """The part of Streamlit's Runtime that infludash.ui.session uses."""

    def __init__(self) -> None:
        self.active: set[str] = set()
        self.closed: dict[str, float] = {}  # session id -> when (event-loop time)
        self.files_removed: list[str] = []
        self.uploaded_file_mgr = self  # remove_session_files lives here too

    def is_active_session(self, session_id: str) -> bool:
        return session_id in self.active

    def close_session(self, session_id: str) -> None:
        self.closed[session_id] = asyncio.get_running_loop().time()

    def remove_session_files(self, session_id: str) -> None:
        self.files_removed.append(session_id)


def _on_fresh_thread(work: Callable[[], _T]) -> _T:
    """``work`` on a new thread, where no event loop runs (Playwright's sync API leaves one
    running on the main thread after a browser test, which asyncio.run refuses)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> tuple[_FakeServer, list[float]]:
    from infludash.ui import session

    server = _FakeServer()
    freed: list[float] = []
    monkeypatch.setattr(session.runtime, "exists", lambda: True)
    monkeypatch.setattr(session.runtime, "get_instance", lambda: server)
    monkeypatch.setattr(session, "_reconnect_window", lambda: WINDOW_S)
    monkeypatch.setattr(
        session, "_free_memory", lambda: freed.append(asyncio.get_running_loop().time())
    )
    monkeypatch.setattr(session, "_watched", {})
    monkeypatch.setattr(session, "_freeing", [])
    monkeypatch.setattr(session, "_closed", {})
    return server, freed


def test_a_closed_session_is_released_before_streamlit_forgets_it(
    fake_server: tuple[_FakeServer, list[float]],
) -> None:
    from infludash.ui import session

    server, freed = fake_server

    async def scenario() -> float:
        loop = asyncio.get_running_loop()
        closed_at = loop.time()
        session._session_ended("tab-1")  # two tabs close together
        session._session_ended("tab-2")
        # the memory is handed back after each of FREE_AFTER_S from the release
        await asyncio.sleep(WINDOW_S + max(session.FREE_AFTER_S) + 0.5)
        return closed_at

    closed_at = _on_fresh_thread(lambda: asyncio.run(scenario()))
    assert set(server.closed) == {"tab-1", "tab-2"}
    for when in server.closed.values():
        # Shut down at 80% of the window: after a short network blip it would still resume, and
        # it is still there to be shut down (Streamlit forgets it at the end of the window).
        assert session.RELEASE_SHARE * WINDOW_S <= when - closed_at < WINDOW_S
    assert server.files_removed == ["tab-1", "tab-2"]
    # once per pass for tabs that closed together, not once per tab
    assert len(freed) == len(session.FREE_AFTER_S)
    assert session._watched == {}


def test_a_reconnected_session_is_kept_and_released_after_it_leaves_again(
    fake_server: tuple[_FakeServer, list[float]],
) -> None:
    from infludash.ui import session

    server, _freed = fake_server

    async def scenario() -> float:
        loop = asyncio.get_running_loop()
        session._session_ended("tab")
        await asyncio.sleep(0.3)
        server.active.add("tab")  # a network blip: the tab reconnects
        await asyncio.sleep(WINDOW_S)  # several checks find it connected
        assert server.closed == {}
        server.active.discard("tab")  # closed for good (without a rerun to say so)
        left_at = loop.time()
        await asyncio.sleep(WINDOW_S + 0.5)
        return left_at

    left_at = _on_fresh_thread(lambda: asyncio.run(scenario()))
    assert list(server.closed) == ["tab"]
    assert 0.5 * WINDOW_S <= server.closed["tab"] - left_at < WINDOW_S


def test_clearing_caches_from_a_script_ends_no_session(
    fake_server: tuple[_FakeServer, list[float]],
) -> None:
    from infludash.ui import session

    # no event loop running: st.cache_resource.clear() in a run
    _on_fresh_thread(lambda: session._session_ended("tab"))
    assert session._watched == {}


def test_a_run_that_outlives_its_session_does_not_keep_its_caches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A large upload's run still going when its session is shut down fills the session's caches
    again after Streamlit cleared them: each pass clears them again, until the last one."""
    from infludash.ui import session

    cleared: list[str] = []
    monkeypatch.setattr(session.caching, "clear_session_resource_cache", cleared.append)
    monkeypatch.setattr(session.caching, "clear_session_data_cache", lambda _id: None)
    monkeypatch.setattr(session, "_freeing", [])
    ended: list[str] = []
    monkeypatch.setattr(session, "_schedule", lambda _loop, sid, _t: ended.append(sid))

    async def scenario() -> dict[str, float]:
        now = asyncio.get_running_loop().time()
        monkeypatch.setattr(session, "_closed", {"late": now, "old": now - 60.0})
        session._free_memory()
        session._session_ended("late")  # the clear's own on_release: already shut, not watched
        return dict(session._closed)

    left = _on_fresh_thread(lambda: asyncio.run(scenario()))
    assert sorted(cleared) == ["late", "old"]
    assert left == {"late": pytest.approx(left["late"])}  # the old one's last pass is done
    assert ended == []
