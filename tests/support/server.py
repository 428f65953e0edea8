"""The one "start the app and wait" helper: ``streamlit run`` on a free loopback port until its
health endpoint answers, stopped on exit. Used by the browser tests, ``bench/app_bench.py`` and
``docs/make_screenshots.py``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Always set: no browser opened, loopback only, nothing sent home, no reload on file changes
#: (a test or benchmark that writes files must not restart the app under it).
FIXED_OPTIONS = (
    "--server.headless",
    "true",
    "--server.address",
    "127.0.0.1",
    "--browser.gatherUsageStats",
    "false",
    "--server.fileWatcherType",
    "none",
)


class AppDidNotStart(RuntimeError):
    """The server exited, or its health endpoint did not answer in time."""


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path | None, lines: int = 15) -> str:
    if path is None:
        return ""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _wait_until_healthy(proc: subprocess.Popen[bytes], url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def running_app(
    script: str = "app.py",
    *options: str,
    log: Path | None = None,
    env: Mapping[str, str] | None = None,
    start_timeout: float = 60,
    stop_timeout: float = 15,
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``streamlit run script`` (relative to the repository) with ``options``
    (``"--server.x", "value"``) after :data:`FIXED_OPTIONS`; yields the process and its URL.
    Its output goes to ``log`` (discarded when None); ``env`` is added to this environment.
    Raises :class:`AppDidNotStart` with the log's last lines when it does not come up."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        proc = subprocess.Popen(
            [*command, *FIXED_OPTIONS, *options],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            if not _wait_until_healthy(proc, url, start_timeout):
                where = f"; see {log}" if log else ""
                raise AppDidNotStart(f"streamlit did not start{where}\n{_tail(log)}")
            yield proc, url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
