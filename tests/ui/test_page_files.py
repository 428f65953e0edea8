"""Each page file, run by the real ``app.py`` (AppTest): data in, a widget changed, what is shown.

The flows open a page as an analyst does (the app runs, then the page's file), so they also prove
that the pages reach the sidebar's view through the session and that no page needs a stand-in
app. Page by page detail lives in ``tests/ui/test_app_*.py``; this file is the one flow per file.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from infludash.read.reader import ReadResult
from infludash.ui import navigation, state
from infludash.ui.uploads import Upload
from infludash.ui.view import View
from tests.support.pages import ROOT, app_test, open_page

UPLOAD = (
    b"handle,platform,followers,avg_likes,avg_comments\n"
    b"page_alpha,Instagram,50,5,1\n"
    b"page_beta,Instagram,5000,200,10\n"
    b"page_gamma,TikTok,20000,800,40\n"
    b"page_delta,TikTok,30000,900,40\n"
    b"page_epsilon,YouTube,250000,5000,100\n"
    b"page_zeta,YouTube,2000000,30000,900\n"
)


def _upload(at: AppTest, name: str = "mine.csv", data: bytes = UPLOAD) -> AppTest:
    at.sidebar.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.main.caption)


def test_the_menu_has_every_page_file_in_order_with_its_url() -> None:
    files = sorted(p.name for p in navigation.PAGES_DIR.glob("*.py") if p.name != "__init__.py")
    assert sorted(spec.file for spec in navigation.ORDER) == files
    assert [spec.url_path for spec in navigation.ORDER] == [
        "overview",
        "accounts",
        "findings",
        "planner",
        "data-quality",
    ]
    assert [spec for spec in navigation.ORDER if spec.default] == [navigation.OVERVIEW]


@pytest.mark.parametrize("spec", navigation.ORDER, ids=lambda s: s.file)
def test_a_page_file_imports_no_other_page(spec: navigation.PageFile) -> None:
    """Two pages share code through a ui module of its own, never through each other."""
    pages = {"overview", "accounts", "findings_page", "planner_page", "quality"}
    tree = ast.parse(spec.path.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "infludash.ui"
        for alias in node.names
    }
    assert len(imported & pages) == 1, imported  # its own page module, no other
    for name in pages:  # and the page modules do not import one another
        source = (ROOT / "infludash" / "ui" / f"{name}.py").read_text(encoding="utf-8")
        others = pages - {name}
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.removeprefix("infludash.ui.") not in others, (name, node.module)
                if node.module == "infludash.ui":
                    assert not {a.name for a in node.names} & others, (name, node.module)


def test_overview_file_drills_into_a_tier_of_the_upload() -> None:
    at = _upload(app_test().run())  # the default page: /overview
    assert at.title[0].value == "InfluDash"  # the Overview's title
    assert _metric(at, "Accounts") == "6"
    at.segmented_control(key=state.TIER).set_value("micro").run()
    assert not at.exception
    assert "2 accounts in Micro." in _captions(at)
    drilled = at.dataframe[0].value
    assert sorted(drilled["handle"]) == ["page_delta", "page_gamma"]


def test_accounts_file_follows_the_sidebar_filter() -> None:
    at = _upload(open_page(navigation.ACCOUNTS))
    assert at.title[0].value == "Accounts"
    assert "6 of 6 accounts" in _captions(at)
    at.multiselect(key=state.CHOICE_FILTERS[0]).set_value(["TikTok"]).run()  # platform
    assert not at.exception
    assert at.title[0].value == "Accounts"  # the page stays; the shared view changed
    assert "2 of 6 accounts" in _captions(at)
    assert set(at.dataframe[0].value["platform"]) == {"TikTok"}


def test_findings_file_flags_more_accounts_at_a_lower_limit() -> None:
    at = open_page(navigation.FINDINGS)  # the sample: enough accounts for the fit
    assert at.title[0].value == "Findings"

    def flagged() -> int:
        line = next(c.value for c in at.main.caption if "accounts flagged" in c.value)
        return int(line.split(" of ")[0].replace(",", ""))

    before = flagged()
    at.number_input(key=state.ANOMALY_Z).set_value(1.5).run()
    assert not at.exception
    assert flagged() > before


def test_planner_file_plans_the_budget_typed_in() -> None:
    at = _upload(open_page(navigation.PLANNER))
    assert at.title[0].value == "Campaign planner"
    at.number_input(key=state.BUDGET).set_value(25_000).run()
    assert not at.exception
    assert "All of $25,000 in one tier" in [h.value for h in at.subheader]


def test_data_quality_file_counts_the_rows_and_speaks_german() -> None:
    at = _upload(open_page(navigation.QUALITY), data=UPLOAD + b"page_eta,TikTok,lots,1,1\n")
    assert at.title[0].value == "Data quality"
    assert _metric(at, "Rows read") == "7"
    assert _metric(at, "Rejected") == "1"
    at.selectbox(key=state.LANG).set_value("de").run()
    assert not at.exception
    assert at.title[0].value == "Datenqualität"  # the same page, in the new language


def _held(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, dict):
        yield from value.values()
    elif isinstance(value, (list, tuple, set, frozenset)):
        yield from value


@pytest.mark.parametrize("page", navigation.ORDER, ids=lambda p: p.url_path)
def test_no_module_keeps_the_analysts_data_after_a_run(page: navigation.PageFile) -> None:
    """Streamlit leaves the last run's ``app.py`` installed as ``__main__``, modules live as long
    as the server, and Streamlit's message loop keeps the last session it served (shut down or
    not) until another one connects: none of them may hold a view, a read result, an upload or a
    table once the run has ended."""
    at = _upload(app_test().run())
    at.switch_page(page.path.relative_to(ROOT).as_posix()).run()
    assert not at.exception
    assert at.title  # the page did draw
    data = (View, ReadResult, Upload, pd.DataFrame, pd.Series)

    def analysts(value: object) -> bool:
        if isinstance(value, (bytes, str)):
            return "page_epsilon" in str(value)  # a handle of the upload
        return isinstance(value, data)

    modules = {"__main__": sys.modules["__main__"]} | {
        name: module for name, module in sys.modules.items() if name.startswith("infludash")
    }
    assert Path(str(getattr(modules["__main__"], "__file__", ""))).name == "app.py"
    for name, module in modules.items():
        for attribute, value in vars(module).items():
            if attribute.startswith("__"):
                continue
            held = [type(v).__name__ for v in _held(value) if analysts(v)]
            assert not held, f"{name}.{attribute} holds {held}"
    for key, value in at.session_state.items():
        held = [type(v).__name__ for v in _held(value) if analysts(v)]
        assert not held, f"st.session_state[{key!r}] holds {held}"
