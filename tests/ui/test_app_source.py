"""A configured source (``[connections.<name>]`` in the secrets) in the app, with AppTest: the
analyst picks it by name, and every page shows its figures, computed in embedded DuckDB, equal
to those of the same accounts uploaded as a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from infludash.present.i18n import get_locale
from infludash.ui.navigation import ACCOUNTS, FINDINGS, ORDER, OVERVIEW, PLANNER, QUALITY, PageFile
from tests.support.accounts import accounts_frame
from tests.support.pages import ROOT, app_test, deferred_downloads, download_of

ROWS = 3_000


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("lake")
    frame = accounts_frame(ROWS, seed=12)
    frame["category"] = ["Beauty", "Gaming", "Food"] * (ROWS // 3)
    frame.loc[7, "followers"] = -3  # rejected, counted by reason
    path = folder / "lake.db"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE creators AS SELECT * FROM frame")
    frame.to_csv(folder / "creators.csv", index=False)
    return folder, frame


def _app(folder: Path, **query: str) -> AppTest:
    at = app_test(timeout=120, **query)
    at.secrets["connections"] = {
        "creators": {
            "url": f"duckdb:///{folder / 'lake.db'}",
            "table": "creators",
            "label": "Creators <b>lake</b>",
        }
    }
    return at


def _open(at: AppTest, page: PageFile) -> AppTest:
    return at.switch_page(page.path.relative_to(ROOT).as_posix()).run()


def _upload_metrics(folder: Path) -> list[str]:
    at = app_test(timeout=120).run()
    data = (folder / "creators.csv").read_bytes()
    at.sidebar.file_uploader[0].set_value(("creators.csv", data, "text/csv")).run()
    return [m.value for m in at.metric]


def test_the_source_is_picked_by_name_and_shows_the_upload_s_figures(
    lake: tuple[Path, pd.DataFrame],
) -> None:
    folder, _ = lake
    at = _app(folder).run()
    picker = at.sidebar.selectbox(key="db")
    assert picker.options == ["Sample or uploaded files", "Creators <b>lake</b>"]
    picker.set_value("creators").run()
    assert not at.exception
    assert [m.value for m in at.metric] == _upload_metrics(folder)
    captions = " ".join(c.value for c in at.caption)
    assert "3,000 rows read" in captions
    assert "1 rejected" in captions
    assert str(folder) not in captions  # the address is the deployer's, never shown


def test_every_page_renders_from_the_source(lake: tuple[Path, pd.DataFrame]) -> None:
    folder, _ = lake
    at = _app(folder, db="creators").run()
    for page in ORDER:
        _open(at, page)
        assert not at.exception, page.url_path
        assert not at.error, (page.url_path, [e.value for e in at.error])
    _open(at, QUALITY)
    assert [m.value for m in at.metric][:3] == ["3,000", "2,999", "1"]
    assert "followers negative" in at.dataframe[0].value.to_string()
    _open(at, FINDINGS)
    assert at.get("plotly_chart")  # the scatter of the seeded sample
    assert any("flagged" in c.value for c in at.caption)
    assert any("seeded sample of at most 1,000" in c.value for c in at.caption)
    _open(at, PLANNER)
    assert not at.exception


def test_a_filter_and_a_scheme_change_recompute_in_the_engine(
    lake: tuple[Path, pd.DataFrame],
) -> None:
    folder, frame = lake
    at = _open(_app(folder, db="creators").run(), OVERVIEW)
    at.sidebar.multiselect(key="category").set_value(["Gaming"]).run()
    assert not at.exception
    gaming = int(((frame["category"] == "Gaming") & (frame["followers"] >= 0)).sum())
    assert at.metric[0].value == f"{gaming:,}"
    at.sidebar.selectbox(key="scheme").set_value("five_tier").run()
    assert not at.exception
    assert at.metric[1].value.endswith("of 6")  # five tiers and below Nano


def test_the_drill_down_pages_rows_sorted_in_the_engine(lake: tuple[Path, pd.DataFrame]) -> None:
    folder, frame = lake
    at = _open(_app(folder, db="creators").run(), ACCOUNTS)
    at.selectbox(key="accounts_table_sort").set_value("followers").run()
    table = at.dataframe[0].value
    assert len(table) == 1_000
    top = sorted(frame["followers"][frame["followers"] >= 0], reverse=True)[:3]
    assert [int(str(v).replace(",", "")) for v in table["followers"][:3]] == top
    at.number_input(key="accounts_table_page").set_value(3).run()
    assert len(at.dataframe[0].value) == 999
    assert any("Rows 2,001–2,999 of 2,999" in c.value for c in at.caption)


def test_a_source_that_cannot_be_opened_says_why_and_shows_no_other_figures(
    tmp_path: Path,
) -> None:
    at = app_test(timeout=120, db="gone")
    at.secrets["connections"] = {
        "gone": {"url": f"duckdb:///{tmp_path / 'missing.db'}", "table": "t", "label": "Old lake"}
    }
    at.run()
    assert not at.exception
    assert any("Old lake cannot be shown" in e.value for e in at.error)
    assert not at.metric  # not the sample's figures in its place
    assert "missing" not in " ".join(e.value for e in at.error)  # the address is not shown


def test_a_table_without_interactions_is_rated_from_benchmarks(
    lake: tuple[Path, pd.DataFrame],
) -> None:
    folder, frame = lake
    path = folder / "bare.db"
    bare = frame[["account_handle", "network", "followers"]]
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE OR REPLACE TABLE bare AS SELECT * FROM bare")
    at = app_test(timeout=120, db="bare")
    at.secrets["connections"] = {"bare": {"url": f"duckdb:///{path}", "table": "bare"}}
    at.run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Median engagement rate (estimated)" in labels
    upload = app_test(timeout=120).run()
    data = bare.to_csv(index=False).encode()
    upload.sidebar.file_uploader[0].set_value(("bare.csv", data, "text/csv")).run()
    assert [m.value for m in at.metric] == [m.value for m in upload.metric]


def test_the_report_of_a_source_names_it_and_holds_its_figures_and_flags(
    lake: tuple[Path, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = lake
    seen = deferred_downloads(monkeypatch)
    at = _open(_app(folder, db="creators").run(), FINDINGS)  # flags on screen: in the report
    assert not at.exception
    name, make = download_of(at, seen, "download_report")
    page = make().decode("utf-8")
    assert name == f"infludash_creators_{dt.date.today().isoformat()}_report.html"
    assert "Data: Creators &lt;b&gt;lake&lt;/b&gt;" in page  # the label, escaped, never the path
    assert str(folder) not in page
    assert "3,000 rows read = 2,999 kept + 1 rejected + 0 duplicates" in page
    assert f"<h2>{get_locale('en').t('report.flags_title')}</h2>" in page
    assert "2,999" in page
