"""Shared steps for the browser tests: wait for a run to finish, upload, pick, read metrics."""

from __future__ import annotations

from pathlib import Path

CHART = '[data-testid="stPlotlyChart"]'
RETRIES = 3


def _wait_for_idle(page: object, timeout: float = 60_000) -> None:
    """The script run has finished and no element from the previous run is still shown."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"
        " === 'notRunning' && !document.querySelector('[data-stale=\"true\"]')",
        timeout=timeout,
    )


def _wait_for_charts(page: object, count: int = 2) -> None:
    """Both Plotly charts are drawn (their SVG exists), not merely their containers."""
    _wait_for_idle(page)
    page.wait_for_function(  # type: ignore[attr-defined]
        f"document.querySelectorAll('{CHART} .main-svg').length >= {count}", timeout=60_000
    )


def _upload(page: object, app_url: str, path: Path, shown_accounts: str) -> None:
    """Open the app, choose ``path`` in the real uploader, wait until its accounts are drawn."""
    page.goto(app_url)  # type: ignore[attr-defined]
    _wait_for_charts(page)
    page.locator(  # type: ignore[attr-defined]
        '[data-testid="stFileUploaderDropzone"] input[type="file"]'
    ).set_input_files(str(path))
    page.wait_for_function(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
        f".some(e => e.innerText.trim() === '{shown_accounts}')",
        timeout=60_000,
    )
    _wait_for_charts(page)


def _metric_value(page: object, label: str) -> str:
    label_el = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)  # type: ignore[attr-defined]
    metric = page.locator('[data-testid="stMetric"]', has=label_el)  # type: ignore[attr-defined]
    return str(metric.locator('[data-testid="stMetricValue"]').inner_text())


def _wait_for_text(page: object, selector: str, text: str, timeout: float = 60_000) -> None:
    """Wait until an element matching ``selector`` shows ``text`` (the rerun has landed)."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "([sel, text]) => [...document.querySelectorAll(sel)]"
        ".some(e => e.innerText.includes(text))",
        arg=[selector, text],
        timeout=timeout,
    )


def _choose(page: object, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar selectbox labelled ``label``."""
    box = page.locator('[data-testid="stSelectbox"]', has_text=label)  # type: ignore[attr-defined]
    wanted = page.get_by_role("option", name=option)  # type: ignore[attr-defined]
    for attempt in range(RETRIES):
        _wait_for_idle(page)
        box.locator('div[role="combobox"], input').first.click()
        try:
            wanted.first.wait_for(timeout=5_000)
            # A rerun that lands while the list is open redraws it under the pointer (the
            # option is "detached"): close the list and open it again.
            wanted.first.click(timeout=10_000)
        except Exception:
            if attempt == RETRIES - 1:
                raise
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
            continue
        break
    _wait_for_idle(page)


def _download(page: object, locator: object) -> tuple[str, bytes]:
    """Click a download button and return the file's name and bytes. A rerun that lands just as
    the button is clicked can swallow the click, so it is retried."""
    for attempt in range(RETRIES):
        _wait_for_idle(page)
        try:
            with page.expect_download(timeout=15_000) as info:  # type: ignore[attr-defined]
                locator.first.click(timeout=10_000)  # type: ignore[attr-defined]
        except Exception:
            if attempt == RETRIES - 1:
                raise
            continue
        download = info.value
        return str(download.suggested_filename), Path(download.path()).read_bytes()
    raise AssertionError("unreachable")


def _upload_files(
    page: object, app_url: str, files: list[tuple[str, bytes]], shown_accounts: str
) -> None:
    """Like :func:`_upload`, for several files given as (name, bytes): the name is the browser's
    file name, so it may hold what a file system would refuse (``<``, ``>``, ``|``, ``*``)."""
    page.goto(app_url)  # type: ignore[attr-defined]
    _wait_for_charts(page)
    page.locator(  # type: ignore[attr-defined]
        '[data-testid="stFileUploaderDropzone"] input[type="file"]'
    ).set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": data} for name, data in files]
    )
    page.wait_for_function(  # type: ignore[attr-defined]
        "(shown) => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
        ".some(e => e.innerText.trim() === shown)",
        arg=shown_accounts,
        timeout=60_000,
    )
    _wait_for_charts(page)
