"""A page of the real app, run headless with Streamlit's AppTest.

AppTest runs the entry point (``app.py``) as ``streamlit run`` would, sidebar and navigation
included, then switches to the page's file: what a test sees is what an analyst opening that
page's URL sees.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from infludash.ui.navigation import PageFile

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


def app_test(timeout: float = 60, **query: str) -> AppTest:
    """The app, not yet run, with ``query`` as its URL parameters (``lang="de"`` = ``?lang=de``)."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def open_page(page: PageFile, timeout: float = 60, **query: str) -> AppTest:
    """The app after a run of ``page`` (the first run registers the pages; the switch is by file,
    as Streamlit finds a page)."""
    at = app_test(timeout, **query).run()
    return at.switch_page(page.path.relative_to(ROOT).as_posix()).run()
