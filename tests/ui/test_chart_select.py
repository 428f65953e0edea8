"""A click on an Overview chart picks the drill-down tier (the ``on_select`` callback).

The browser test clicks a real bar (tests/e2e/test_workflow.py); this runs the callback in a
script run, with the selection Streamlit would have stored, so a broken callback fails in the
fast suite too.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _clicked(points: list[object]) -> AppTest:
    def script(points: list[object]) -> None:
        from types import SimpleNamespace

        import streamlit as st

        from infludash.ui import state
        from infludash.ui.account_table import select_from_chart

        st.session_state[state.CHART_FOLLOWERS] = SimpleNamespace(
            selection=SimpleNamespace(points=points)
        )
        select_from_chart(state.CHART_FOLLOWERS, ("below", "nano", "micro"))

    return AppTest.from_function(script, args=(points,), default_timeout=30).run()


def test_the_clicked_bar_sets_its_tier() -> None:
    at = _clicked([{"customdata": [2]}])
    assert not at.exception
    assert at.session_state["tier"] == "micro"


def test_a_click_on_nothing_with_a_tier_leaves_the_drill_down_alone() -> None:
    at = _clicked([{"customdata": [7]}, {"x": 1}])
    assert not at.exception
    assert "tier" not in at.session_state
