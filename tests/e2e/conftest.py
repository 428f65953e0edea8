"""Browser fixtures: the real app on a free port (tests/support/server.py) and headless Chromium.

The tests skip where Chromium or Playwright is missing, unless ``INFLUDASH_REQUIRE_BROWSER=1``
(set by ``.ci/run``), in which case a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.support.server import AppDidNotStart, running_app

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
REQUIRED = os.environ.get("INFLUDASH_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
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


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"browser tests are required here but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Start the dashboard headless on a free loopback port; wait for its health endpoint."""
    with streamlit_server() as (_, url):
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser build)."""
    executable = shutil.which("chromium")
    if executable is None:
        _missing("the Debian 'chromium' package is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package 'playwright' is not installed")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, app_url: str) -> Iterator[object]:
    """A fresh page (own session) sized like a laptop screen."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


@contextlib.contextmanager
def streamlit_server(
    *options: str,
    log_name: str = "streamlit.log",
    start_timeout: float = 60,
    env: Mapping[str, str] | None = None,
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A private ``streamlit run app.py`` on a free loopback port (for tests that must own their
    server, e.g. to read its memory): yields the process and its URL; stops it on exit.
    ``options`` are extra command-line settings (``"--server.x", "value"``), ``env`` is added to
    its environment; the log is kept in ``tests/e2e/artifacts/``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        try:
            app = stack.enter_context(
                running_app(
                    "app.py",
                    *options,
                    log=ARTIFACTS / log_name,
                    env=env,
                    start_timeout=start_timeout,
                )
            )
        except AppDidNotStart as err:
            pytest.fail(str(err))
        yield app
