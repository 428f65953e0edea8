"""A page of the real app, run headless with Streamlit's AppTest.

AppTest runs the entry point (``app.py``) as ``streamlit run`` would, sidebar and navigation
included, then switches to the page's file: what a test sees is what an analyst opening that
page's URL sees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
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


#: A deferred download as a click would get it: its file name and the callable that makes it.
Download = tuple[str, Callable[[], Any]]


def deferred_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Download]:
    """Every deferred download the app registers from now on, by file id (a button's
    ``proto.deferred_file_id``): its file name and the callable that makes it (run it as a click
    would)."""
    seen: dict[str, Download] = {}
    add = MediaFileManager.add_deferred

    def record(self: MediaFileManager, data: Any, *args: Any, **kwargs: Any) -> str:
        file_id = add(self, data, *args, **kwargs)
        seen[file_id] = (kwargs.get("file_name") or "", data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def download_of(at: AppTest, seen: dict[str, Download], key: str) -> Download:
    """The download of the button keyed ``key`` (main area or sidebar) in the last run."""
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b for b in at.get("download_button")}
    return seen[buttons[key].proto.deferred_file_id]
