"""Take the README screenshots: every page in English and German, on the bundled sample.

    .venv/bin/python docs/make_screenshots.py

Needs the packages in requirements-dev.txt and Debian's ``chromium``. Starts the app on a free
port (``tests/support/server.py``), opens each page through a link (the language is a URL
parameter), waits until the run has finished and the charts are drawn, and writes
``docs/screens/<lang>_<page>.png``.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's packages

from tests.support.server import running_app  # noqa: E402

OUT = ROOT / "docs" / "screens"
PAGES = {
    "overview": ("", 2),
    "accounts": ("accounts", 0),
    "findings": ("findings", 1),
    "planner": ("planner", 0),
    "quality": ("data-quality", 0),
}
LANGUAGES = {"en": "English", "de": "Deutsch"}
#: A small German Excel export, so the Data quality page has something to show: semicolons,
#: decimal commas, "Mio.", a missing-value marker, a ragged row and an exact duplicate.
MESSY = (
    "Kanal;Plattform;Follower;Likes;Kommentare\n"
    "kochen_mit_anna;Instagram;12.500;640;31\n"
    "reise.lust;TikTok;1,2 Mio.;40.100;820\n"
    "kochen_mit_anna;Instagram;12.500;640;31\n"
    "tech_tom;YouTube;k. A.;300;12\n"
    "wander_wege;Instagram;8.200;510;22;extra\n"
    "garten_glueck;Instagram;3.400;260;9\n"
)


def _settle(page: Page, charts: int) -> None:
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"
        " === 'notRunning' && !document.querySelector('[data-stale=\"true\"]')",
        timeout=60_000,
    )
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length"
            f" >= {charts}",
            timeout=60_000,
        )
    time.sleep(1.5)  # let the charts finish their transition


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("error: Debian's chromium is not installed", file=sys.stderr)
        return 1
    with running_app("app.py", start_timeout=60) as (_, base):
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for lang, name in LANGUAGES.items():
                # an English browser: the German pages must still write German numbers
                page = browser.new_page(locale="en-US", viewport={"width": 1440, "height": 1500})
                for key, (path, charts) in PAGES.items():
                    page.goto(f"{base}/{path}?lang={name}")
                    _settle(page, charts)
                    if key == "quality":
                        page.locator(
                            '[data-testid="stFileUploaderDropzone"] input'
                        ).set_input_files(
                            files=[
                                {
                                    "name": "konten_export.csv",
                                    "mimeType": "text/csv",
                                    "buffer": MESSY.encode("cp1252"),
                                }
                            ]
                        )
                        page.get_by_text("konten_export.csv").first.wait_for()
                        _settle(page, 0)
                    page.screenshot(path=str(OUT / f"{lang}_{key}.png"))
                    print(f"wrote docs/screens/{lang}_{key}.png")
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
