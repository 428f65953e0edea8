"""Filters and language with AppTest on the whole app (Overview page). AppTest does not run the
browser's URL binding, so links that reopen a view are tested in tests/e2e."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from infludash.analysis.filters import MISSING
from infludash.present.i18n import get_locale
from tests.fixtures import SAMPLE

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SAMPLE_FRAME = pd.read_csv(SAMPLE)


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def _app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_platform_filter_applies_to_the_numbers_and_reset_brings_all_back() -> None:
    at = _app()
    tiktok = int((SAMPLE_FRAME["platform"] == "TikTok").sum())
    at.multiselect(key="platform").set_value(["TikTok"]).run()
    assert not at.exception
    assert _metric(at, "Accounts") == f"{tiktok:,}"
    assert any(f"{tiktok:,} of 5,000 accounts shown." in c.value for c in at.caption)
    at.button(key="reset_filters").click().run()
    assert _metric(at, "Accounts") == "5,000"
    assert at.multiselect(key="platform").value == []


def test_follower_range_is_half_open() -> None:
    at = _app()
    at.select_slider(key="followers").set_range(10_000.0, 100_000.0).run()
    followers = SAMPLE_FRAME["followers"]
    expected = int(((followers >= 10_000) & (followers < 100_000)).sum())
    assert _metric(at, "Accounts") == f"{expected:,}"


def test_engagement_range_and_handle_search_combine() -> None:
    at = _app()
    at.select_slider(key="er").set_range(1.0, 5.0).run()
    at.text_input(key="q").set_value("a").run()
    assert not at.exception
    shown = int(_metric(at, "Accounts").replace(",", ""))
    assert 0 < shown < 5_000
    assert any(
        "The engagement range leaves out accounts without a rate." in c.value for c in at.caption
    )


def test_switching_to_german_changes_every_label_and_number_format() -> None:
    at = _app()
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    de = get_locale("de")
    assert _metric(at, de.t("overview.accounts")) == "5.000"
    assert at.title[0].value == de.t("overview.title")
    tiers = next(d.value for d in at.dataframe if de.t("table.tier") in d.value.columns)
    assert list(tiers[de.t("table.tier")])[2] == "Mikro"
    assert at.selectbox(key="scheme").label == de.t("sidebar.scheme")


def test_drill_down_by_picking_a_tier() -> None:
    at = _app()
    at.segmented_control(key="tier").set_value("micro").run()
    assert not at.exception
    micro = int(
        ((SAMPLE_FRAME["followers"] >= 10_000) & (SAMPLE_FRAME["followers"] < 100_000)).sum()
    )
    assert any(f"{micro:,} accounts in Micro." in c.value for c in at.caption)
    table = next(d.value for d in at.dataframe if "vs_tier_median" in d.value.columns)
    assert set(table["tier"]) == {"Micro"}


SENTENCE = "Not sure about this one because the bio changed twice during the campaign"
ODD_UPLOAD = (
    "handle,platform,followers,likes,category\n"
    "a,TikTok,1000,10,Food\n"
    "b,TikTok,2000,10,NaN\n"
    "c,TikTok,3000,10,-\n"
    "d,TikTok,4000,10,\n"
    f"e,TikTok,5000,10,{SENTENCE}\n"
    "f,TikTok,6000,10,Food\n"
    "g,TikTok,7000,10,Travel\n"
).encode()


def test_missing_values_are_one_option_listed_last_in_both_languages() -> None:
    at = _app()
    at.file_uploader[0].set_value(("odd.csv", ODD_UPLOAD, "text/csv")).run()
    assert not at.exception
    box = at.multiselect(key="category")
    assert list(box.options) == ["Food", "Travel", SENTENCE, "(missing)"]
    box.set_value([MISSING]).run()
    assert not at.exception
    assert _metric(at, "Accounts") == "3"  # NaN, - and the empty cell
    assert any("3 of 7 accounts shown." in c.value for c in at.caption)
    at.selectbox(key="lang").set_value("de").run()
    assert not at.exception
    de = get_locale("de")
    box = at.multiselect(key="category")
    assert list(box.options)[-1] == "(fehlt)"
    assert box.value == [MISSING]  # the pick is the code, kept across the switch
    assert _metric(at, de.t("overview.accounts")) == "3"
