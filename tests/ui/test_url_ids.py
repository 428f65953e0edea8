"""Links carry stable ids (``?lang=de&scheme=hypeauditor&tier=macro``), in both languages, and
links written with labels before the ids keep working. AppTest hands the script the URL's
parameters and reads back what the run left in it."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from infludash.analysis.filters import MISSING
from infludash.ui import state, url_ids
from tests.fixtures import SAMPLE
from tests.support.pages import app_test

SAMPLE_FRAME = pd.read_csv(SAMPLE)


def _run(**params: str | list[str]) -> AppTest:
    at = app_test()
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def _url(at: AppTest) -> dict[str, str | list[str]]:
    return dict(at.query_params)


def test_every_setting_shown_as_words_goes_by_id_and_nothing_else_does() -> None:
    assert {p.key for p in url_ids.PARAMS} == set(state.BY_ID)
    assert set(state.LABELLED) <= set(state.BY_ID)
    assert not set(state.BY_ID) & set(state.BOUND)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_widgets_write_ids_in_either_language(lang: str) -> None:
    at = _run(lang=lang)
    at.selectbox(key=state.SCHEME).set_value("hypeauditor").run()
    at.segmented_control(key=state.TIER).set_value("macro").run()
    at.selectbox(key=state.BASIS).set_value("followers").run()
    at.select_slider(key=state.FOLLOWERS_RANGE).set_range(10_000.0, 1e9).run()
    at.select_slider(key=state.ER_RANGE).set_range(0.5, 100.0).run()
    assert not at.exception
    url = _url(at)
    assert url.get(state.LANG) == (None if lang == "en" else "de")  # the default is left out
    assert url[state.SCHEME] == "hypeauditor"
    assert url[state.TIER] == "macro"
    assert url[state.BASIS] == "followers"
    assert url[state.FOLLOWERS_RANGE] == ["10000", "1000000000"]
    assert url[state.ER_RANGE] == ["0.5", "100"]


def test_a_link_with_ids_reopens_the_view() -> None:
    at = _run(lang="de", scheme="hypeauditor", tier="macro", followers=["10000", "1000000000"])
    assert at.selectbox(key=state.LANG).value == "de"
    assert at.selectbox(key=state.SCHEME).value == "hypeauditor"
    assert at.segmented_control(key=state.TIER).value == "macro"
    assert at.select_slider(key=state.FOLLOWERS_RANGE).value == (10_000.0, 1e9)
    url = _url(at)
    assert url[state.LANG] == "de"
    assert url[state.TIER] == "macro"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"lang": "Deutsch", "tier": "Nano"}, {"lang": "de", "tier": "nano"}),
        ({"lang": "deutsch", "tier": "Makro"}, {"lang": "de", "tier": "macro"}),
        ({"lang": "DE", "tier": "MIKRO"}, {"lang": "de", "tier": "micro"}),
        ({"scheme": "Standard"}, {"scheme": None}),  # an alias of the default
        ({"basis": "interactions ÷ Followers"}, {"basis": "followers"}),
        ({"followers": ["10k", "no limit"]}, {"followers": ["10000", "1000000000"]}),
        ({"er": ["0,5 %", "5,0 %"]}, {"er": ["0.5", "5"]}),
    ],
)
def test_old_label_links_keep_working(
    params: dict[str, str | list[str]], expected: dict[str, str | list[str] | None]
) -> None:
    at = _run(**params)
    url = _url(at)
    for key, value in expected.items():
        assert url.get(key) == value, (key, url)


def test_an_old_german_range_link_is_read_with_the_german_labels() -> None:
    from infludash.present.i18n import get_locale

    de = get_locale("de")
    low, top = de.compact(10_000, edge=True), de.t("filters.no_limit")
    at = _run(lang="Deutsch", followers=[low, top])
    assert at.select_slider(key=state.FOLLOWERS_RANGE).value == (10_000.0, 1e9)
    assert _url(at)[state.FOLLOWERS_RANGE] == ["10000", "1000000000"]


@pytest.mark.parametrize("value", ["klingon", "", "1e99"])
def test_nonsense_in_the_link_is_dropped_not_a_crash(value: str) -> None:
    at = _run(lang=value, scheme=value, tier=value, basis=value, followers=[value, value])
    url = _url(at)
    assert at.selectbox(key=state.LANG).value == "en"
    assert not {state.LANG, state.SCHEME, state.TIER, state.BASIS} & set(url)
    assert state.FOLLOWERS_RANGE not in url


def test_the_missing_option_goes_by_id_and_its_word_in_any_language_is_read() -> None:
    at = _run(platform=["TikTok"])
    assert _url(at)[state.CHOICE_FILTERS[0]] == "TikTok"
    platform = next(p for p in url_ids.PARAMS if p.key == state.CHOICE_FILTERS[0])
    for word in ("(missing)", "(Fehlt)", MISSING):
        assert platform.read([word]) == [MISSING]


def test_the_defaults_leave_a_plain_link_and_a_reset_clears_it() -> None:
    at = _run()
    assert not set(state.BY_ID) & set(_url(at))
    at.multiselect(key="platform").set_value(["TikTok"]).run()
    assert _url(at)["platform"] == "TikTok"
    at.button(key="reset_filters").click().run()
    assert "platform" not in _url(at)


def test_a_language_switch_keeps_the_ids() -> None:
    at = _run(tier="macro", scheme="hypeauditor")
    at.selectbox(key=state.LANG).set_value("de").run()
    url = _url(at)
    assert url[state.LANG] == "de"
    assert url[state.TIER] == "macro"
    assert url[state.SCHEME] == "hypeauditor"
