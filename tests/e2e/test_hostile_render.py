"""Hostile input in real Chromium: markup, Markdown, LaTeX, colour directives, short codes, links,
spreadsheet formulas and a right-to-left override in handles, platforms, categories, countries,
headers and file names. On every page nothing runs (no dialog, no ``window.__pwned``), nothing
is fetched from outside loopback, the text is shown as written, the app's own downloads
neutralise every formula, and the tables offer no export of their own.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from infludash.present.export import FORMULA_PREFIXES
from infludash.present.i18n import get_locale
from infludash.ui.safe import WORD_JOINER
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.helpers import (
    CHART,
    RETRIES,
    _download,
    _upload_files,
    _wait_for_charts,
    _wait_for_idle,
)

pytestmark = pytest.mark.e2e

EN = get_locale("en")

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
ONERROR = '<img src=x onerror="window.__pwned=1">'
REMOTE_IMG = '<img src="http://198.51.100.7/x.png">'
MD_LINK = "[click](http://198.51.100.7)"
MD_IMG = "![x](http://198.51.100.7/i.png)"
RED = ":red[alert]"
LATEX = "$x^2$"
BOLD = "**bold**"
BR = "a<br>b"
HYPERLINK = '=HYPERLINK("http://198.51.100.7","x")'
PLUS = "+1+1"
AT = "@SUM(A1)"
TAB = "\t=1+1"
CR = "\r=1+1"
RLO = "\u202egpj.exe"
#: Handles in file order; the reader trims cells, so TAB and CR arrive as "=1+1".
HANDLES = (SCRIPT, ONERROR, REMOTE_IMG, MD_LINK, MD_IMG, RED, LATEX, BOLD, BR, HYPERLINK, PLUS, AT)
HANDLES += (TAB, CR, RLO)
#: Platforms reach the filter, the tables and the findings' sentence (a Markdown element).
PLATFORMS = (
    "**Insta**gram :red[x] $x^2$ :smile:",
    '<i>Tik</i>Tok<img src=x onerror="window.__pwned=1">',
    "[Tube](http://198.51.100.7) www.evil.example a@evil.example :material/home: \u202eYou",
)
CATEGORIES = (AT, PLUS, HYPERLINK, "-2+3", BOLD, "food")
COUNTRIES = (RED, BR, LATEX, "DE")
URLS = ("javascript:window.__pwned=1", "http://198.51.100.7/p", "")
#: Upload names: Chromium sends '"' as %22, and the app keeps what follows the last '/' or '\\'
#: (a name is not a path); everything else goes.
NAME_A = "<img src=x onerror=window.__pwned=1> **a** :red[a] $a$ www.evil.example.csv"
NAME_B = "[b](javascript:alert(1)) :smile: :streamlit: b@evil.example.csv"
LOOPBACK = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$)")
INLINE = ("data:", "blob:", "about:")


def hostile_csv() -> bytes:
    """90 accounts on three hostile platforms (enough for a fit per platform), the handles above
    first; SCRIPT is the largest account (Mega, in every drill-down) and has a possible
    duplicate, ONERROR sits far below its platform's line (flagged on Findings), and one row
    is rejected with a payload in its followers cell (Data quality)."""
    rng = random.Random(7)
    header = ["handle", "platform", "followers", "likes", "comments", "category", "country"]
    rows: list[list[object]] = [[*header, "profile_url", ONERROR]]
    for i in range(90):
        followers = int(10 ** rng.uniform(2.5, 6.5))
        rate = 0.04 * (followers / 1e4) ** -0.15 * rng.uniform(0.7, 1.4)
        rows.append(
            [
                HANDLES[i] if i < len(HANDLES) else f"creator_{i}",
                PLATFORMS[i % 3],
                followers,
                max(1, int(followers * rate * 0.95)),
                int(followers * rate * 0.05),
                CATEGORIES[i % len(CATEGORIES)],
                COUNTRIES[i % len(COUNTRIES)],
                URLS[i % len(URLS)],
                MD_IMG,
            ]
        )
    rows[1][2:5] = [5_000_000, 150_000, 10]
    rows[2][2:5] = [2_000_000, 40, 1]
    rows.append([SCRIPT, PLATFORMS[0], 4_900_000, 140_000, 900, BOLD, RED, "", ""])
    rows.append([BOLD, PLATFORMS[1], f"lots {SCRIPT}", 1, 1, "", "", "", ""])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


SMALL_CSV = f"handle,platform,followers,likes\nb_one,{PLATFORMS[0]},1200,40\n".encode()
ACCOUNTS = "92"  # 90 + the duplicate of SCRIPT from file A, one from file B


@dataclass
class Guard:
    """What the page did that it must not: dialogs, requests beyond loopback, popups."""

    dialogs: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    popups: list[str] = field(default_factory=list)


def _local(url: str) -> bool:
    return bool(LOOPBACK.match(url)) or url.startswith(INLINE)


@pytest.fixture
def guard(page: object) -> Guard:
    """Record (and refuse) every request that would leave loopback; record every dialog."""
    seen = Guard()

    def refuse(route: object) -> None:
        seen.remote.append(route.request.url)  # type: ignore[attr-defined]
        route.abort()  # type: ignore[attr-defined]

    def dialog(d: object) -> None:
        seen.dialogs.append(f"{d.type}: {d.message}")  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    page.context.route(lambda url: not _local(url), refuse)  # type: ignore[attr-defined]
    page.on("request", lambda r: None if _local(r.url) else seen.remote.append(r.url))  # type: ignore[attr-defined]
    page.on("websocket", lambda w: None if _local(w.url) else seen.remote.append(w.url))  # type: ignore[attr-defined]
    page.on("dialog", dialog)  # type: ignore[attr-defined]
    page.on("popup", lambda p: seen.popups.append(p.url))  # type: ignore[attr-defined]
    return seen


#: Everything in the DOM that would mean markup or Markdown acted: images from outside, links
#: to the payloads' hosts or to scripts, scripts or handlers from the data, rendered LaTeX, and
#: icons, pictures (``:streamlit:``) or emoji made from short codes in the data.
SCAN = """() => {
  const origin = location.origin;
  const all = (sel) => [...document.querySelectorAll(sel)];
  const md = ['stMarkdownContainer', 'stCaptionContainer'].map(t => `[data-testid="${t}"]`);
  const inMarkdown = (sel) => all(md.map(m => `${m} ${sel}`).join(', '));
  return {
    images: all('img, image, source, video, audio, iframe, embed, object')
      .map(e => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('data') || '')
      .filter(s => s && !s.startsWith('data:') && !s.startsWith('blob:')
                   && !new URL(s, origin).href.startsWith(origin)),
    links: all('a[href]').map(a => a.href)
      .filter(h => /198\\.51\\.100\\.7|evil\\.example|^javascript:|^mailto:|^data:/i.test(h)),
    scripts: all('script').filter(s => s.textContent.includes('__pwned')).length,
    handlers: all('[onerror], [onload], [onclick]').map(e => e.outerHTML.slice(0, 80)),
    katex: all('.katex').length,
    icons: inMarkdown('[data-testid="stIconMaterial"]').length,
    pictures: inMarkdown('img').length,
    emoji: all(md.join(', ')).filter(e => /\\u{1F604}|\\u{1F3E0}/u.test(e.textContent)).length,
  };
}"""


def _clean(page: object, guard: Guard) -> None:
    """Nothing ran, nothing left loopback, no markup or Markdown from the data acted."""
    assert guard.dialogs == []
    assert guard.remote == []
    assert guard.popups == []
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    found = page.evaluate(SCAN)  # type: ignore[attr-defined]
    assert found == {
        "images": [],
        "links": [],
        "scripts": 0,
        "handlers": [],
        "katex": 0,
        "icons": 0,
        "pictures": 0,
        "emoji": 0,
    }


def _text(locator: object) -> str:
    """The text of an element, hidden parts included (a table's cells are drawn on a canvas and
    written to a table for screen readers); word joiners that break links are invisible."""
    return str(locator.text_content()).replace(WORD_JOINER, "")  # type: ignore[attr-defined]


def _shown_in_markdown(text: str) -> str:
    """How Markdown elements show ``text``: direction controls as the replacement character."""
    return text.replace("\u202e", "\ufffd")


def _goto(page: object, nav: str, title: str) -> None:
    page.get_by_role("link", name=nav).first.click()  # type: ignore[attr-defined]
    page.locator("h1", has_text=title).first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
    _wait_for_idle(page)


def _table(page: object, *containing: str) -> object:
    """The first table (st.dataframe) whose accessible text holds all of ``containing``."""
    table = page.locator('[data-testid="stDataFrame"]')  # type: ignore[attr-defined]
    for text in containing:
        table = table.filter(has_text=text)
    table.first.wait_for(timeout=60_000)
    table.first.scroll_into_view_if_needed()
    return table.first


#: The option texts of the list a combobox controls, once it is open and filled (else null).
OPTIONS = """(box) => {
  if (!box.isConnected || box.getAttribute('aria-expanded') !== 'true') return null;
  const list = document.getElementById(box.getAttribute('aria-controls') || '');
  const options = list ? [...list.querySelectorAll('[role="option"]')] : [];
  return options.length ? options.map(o => o.innerText) : null;
}"""


def _options(page: object, box: object) -> list[str]:
    """The options a select box offers: opened from the keyboard, read in one step from the list
    it controls (not a list another box left behind), closed again. The key press that opens a
    box is now and then lost (a rerun redraws the box, or the box just closed hands back its
    focus), so opening is retried (as ``_choose`` does)."""
    for attempt in range(RETRIES):
        _wait_for_idle(page)
        box.focus()  # type: ignore[attr-defined]
        page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
        try:
            found = page.wait_for_function(  # type: ignore[attr-defined]
                OPTIONS,
                arg=box.element_handle(),  # type: ignore[attr-defined]
                timeout=3_000,
            )
        except Exception:
            if attempt == RETRIES - 1:
                raise
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
            continue
        texts = [str(t) for t in found.json_value()]
        page.keyboard.press("Escape")  # type: ignore[attr-defined]
        page.wait_for_function(  # type: ignore[attr-defined]
            "(box) => !box.isConnected || box.getAttribute('aria-expanded') !== 'true'",
            arg=box.element_handle(),  # type: ignore[attr-defined]
        )
        return texts
    raise AssertionError("unreachable")


def _shot(target: object, name: str) -> None:
    target.screenshot(path=str(ARTIFACTS / f"hostile_{name}.png"))  # type: ignore[attr-defined]


def test_hostile_text_is_shown_as_text_on_every_page(
    page: object, guard: Guard, app_url: str
) -> None:
    _upload_files(page, app_url, [(NAME_A, hostile_csv()), (NAME_B, SMALL_CSV)], ACCOUNTS)
    main = page.get_by_test_id("stMain")  # type: ignore[attr-defined]
    sidebar = page.get_by_test_id("stSidebar")  # type: ignore[attr-defined]

    # Overview: the file names in the caption and the warning, literally.
    body = _text(main)
    assert f"Data: {NAME_A}, {NAME_B}" in body
    assert f"{NAME_A}: 2 accounts share a handle and platform" in body
    _shot(page, "overview")
    # Charts carry no text from the data but the file names of their footnote, as text (no
    # element from them); a bar's hover shows its tier and count.
    charts = page.locator(CHART)  # type: ignore[attr-defined]
    assert charts.first.locator("img").count() == 0
    # The footnote is wrapped into lines (SVG text spans, no space between them): compared
    # without white space.
    footnote = "".join(charts.first.inner_text().split())
    assert "".join(f"Data: {NAME_A}, {NAME_B}".split()) in footnote
    bars = charts.first.locator("g.point path")
    heights = [bars.nth(i).bounding_box()["height"] for i in range(bars.count())]
    bars.nth(heights.index(max(heights))).hover(force=True)
    hover = charts.first.locator(".hoverlayer .hovertext")
    hover.first.wait_for(timeout=10_000)
    assert "Nano" in str(hover.first.text_content())
    _shot(charts.first, "overview_hover")
    # Drill into Mega: the largest payload accounts, as written.
    page.locator('[data-testid="stButtonGroup"] button', has_text="Mega").first.click()  # type: ignore[attr-defined]
    page.get_by_text(EN.n("drill.count", 9, tier="Mega")).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    drill = _table(page, SCRIPT)
    shown = _text(drill)
    for text in (SCRIPT, ONERROR, PLUS, PLATFORMS[0], PLATFORMS[1]):
        assert text in shown
    assert "http://198.51.100.7/p" in shown  # a web address stays a profile link
    assert "javascript:" not in shown  # anything else is no link at all
    _shot(drill, "drill_down")
    _clean(page, guard)

    # Sidebar filters: platforms and file names as options, as written.
    platform = sidebar.locator('[data-testid="stMultiSelect"]', has_text="Platform").first
    assert set(PLATFORMS) <= set(_options(page, platform.locator("input").first))
    source = sidebar.locator('[data-testid="stMultiSelect"]', has_text="Source file").first
    assert {NAME_A, NAME_B} <= set(_options(page, source.locator("input").first))
    _wait_for_idle(page)

    # Accounts: every account (tier picker cleared), no built-in export in the toolbar.
    _goto(page, "Accounts", EN.t("accounts.title"))
    page.locator('[data-testid="stButtonGroup"] button', has_text="Mega").first.click()  # type: ignore[attr-defined]
    page.get_by_text(EN.t("accounts.count", shown=ACCOUNTS, total=ACCOUNTS)).wait_for()  # type: ignore[attr-defined]
    table = _table(page, REMOTE_IMG)
    shown = _text(table)
    for text in (*HANDLES[:12], "=1+1", *PLATFORMS):
        assert text in shown, text
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first  # type: ignore[attr-defined]
    toolbar.get_by_role("button", name="Search").wait_for(state="visible", timeout=10_000)
    assert toolbar.get_by_role("button", name="Fullscreen").count() == 1
    assert page.get_by_role("button", name="Download as CSV").count() == 0  # type: ignore[attr-defined]
    _shot(page, "accounts")
    _clean(page, guard)

    # Findings: the platforms in a Markdown sentence, as written; the flagged account.
    _goto(page, "Findings", EN.t("findings_page.title"))
    _wait_for_charts(page, count=1)
    sentence = page.locator('[data-testid="stMarkdownContainer"]', has_text="By platform:").first  # type: ignore[attr-defined]
    said = _text(sentence)
    for name in PLATFORMS:
        assert _shown_in_markdown(name) in said, name
    assert "\u202e" not in said
    _shot(sentence, "findings_sentence")
    flagged = _table(page, ONERROR)
    _shot(flagged, "findings_flagged")
    _clean(page, guard)

    # Planner: the rate-card sources are cited even though no platform has a rate card.
    _goto(page, "Campaign planner", EN.t("planner.title"))
    cited = page.locator('[data-testid="stCaptionContainer"] a', has_text="Influencer Marketing")  # type: ignore[attr-defined]
    cited.first.wait_for(timeout=60_000)
    _shot(page, "planner")
    _clean(page, guard)

    # Data quality: file names, rejected row, duplicates and the column mapping, as written.
    _goto(page, "Data quality", EN.t("quality.title"))
    page.get_by_text(EN.t("quality.rejected_title", n="1")).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    files = _text(_table(page, NAME_B))
    assert NAME_A in files
    assert f"{NAME_A}: 2 accounts share" in _text(main)
    assert f"lots {SCRIPT}" in _text(_table(page, "lots"))
    duplicates = _table(page, SCRIPT, PLATFORMS[0])
    _shot(duplicates, "quality_duplicates")
    mapping = page.get_by_test_id("stExpander").filter(has_text="Columns of <img").first  # type: ignore[attr-defined]
    assert EN.t("quality.columns_of", name=NAME_A) in _text(mapping)
    mapping.locator("summary").click()
    preview = _table(page, MD_IMG)
    assert ONERROR in _text(preview)  # a header from the file
    shares = mapping.get_by_role("combobox", name=EN.t("column.avg_shares"))
    assert ONERROR in _options(page, shares)
    _wait_for_idle(page)
    _shot(mapping, "quality_mapping")
    _clean(page, guard)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _safe_cells(cells: list[object]) -> None:
    """No text cell starts as a formula would (a negative number in a CSV is a number)."""
    risky = [
        c for c in cells if isinstance(c, str) and c.startswith(FORMULA_PREFIXES) and not _number(c)
    ]
    assert risky == []


NEUTRALISED = {"'" + HYPERLINK, "'" + PLUS, "'" + AT, "'=1+1"}


def test_hostile_downloads_are_neutralised(
    page: object, guard: Guard, browser: object, app_url: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _upload_files(page, app_url, [(NAME_A, hostile_csv()), (NAME_B, SMALL_CSV)], ACCOUNTS)
    _goto(page, "Accounts", EN.t("accounts.title"))

    name, data = _download(page, page.get_by_role("button", name="Accounts (CSV)"))  # type: ignore[attr-defined]
    assert re.fullmatch(r"infludash_[\w-]+_\d{4}-\d{2}-\d{2}\.csv", name)
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, rows = records[0], records[1:]
    assert len(rows) == int(ACCOUNTS)
    _safe_cells([*header, *(cell for row in rows for cell in row)])
    column = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    assert set(column["handle"]) >= NEUTRALISED | {SCRIPT, ONERROR, MD_LINK, RED, LATEX, BOLD}
    assert set(column["category"]) >= {"'" + AT, "'" + PLUS, "'" + HYPERLINK, "'-2+3"}
    assert set(column["source"]) == {NAME_A, NAME_B}

    name, data = _download(page, page.get_by_role("button", name="Accounts (Excel)"))  # type: ignore[attr-defined]
    assert re.fullmatch(r"infludash_[\w-]+_\d{4}-\d{2}-\d{2}\.xlsx", name)
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []  # no formula cell at all
    _safe_cells([c.value for c in cells])
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    handles = [row[header.index(EN.t("column.handle"))] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in handles)
    assert {c.value for c in handles} >= NEUTRALISED | {SCRIPT, BOLD}
    followers = [row[header.index(EN.t("column.followers"))] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "n" for c in followers)

    name, data = _download(page, page.get_by_role("button", name="Rejected rows (CSV, 1)"))  # type: ignore[attr-defined]
    rejected = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    _safe_cells([cell for row in rejected for cell in row])
    assert any(SCRIPT in cell for cell in rejected[1])

    # The HTML report: the data's text escaped, nothing runs when it is opened (offline).
    name, data = _download(page, page.get_by_role("button", name=EN.t("sidebar.report")))  # type: ignore[attr-defined]
    report = data.decode("utf-8")
    for raw in (SCRIPT, ONERROR, PLATFORMS[1], NAME_A):
        assert raw not in report
    target = tmp_path / "report.html"
    target.write_bytes(data)
    offline = browser.new_context(offline=True)  # type: ignore[attr-defined]
    viewer = offline.new_page()
    opened = Guard()
    viewer.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    viewer.on(
        "request",
        lambda r: None if r.url.startswith(("file:", *INLINE)) else opened.remote.append(r.url),
    )
    viewer.goto(target.as_uri())
    viewer.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2")
    assert NAME_A in viewer.inner_text("body")  # shown as written
    assert viewer.evaluate("typeof window.__pwned") == "undefined"
    assert (opened.dialogs, opened.remote) == ([], [])
    offline.close()
    _clean(page, guard)
