"""Filter widgets in the sidebar: each kept in the URL, each with a one-click reset for all."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from infludash.analysis.filters import CHOICE_COLUMNS, ER_STEPS, FOLLOWER_STEPS, Filters, choices
from infludash.base.schema import CATEGORY, COUNTRY, PLATFORM, SOURCE
from infludash.present.choice_names import choice_name
from infludash.present.i18n import Locale
from infludash.ui import state
from infludash.ui.state import URL
from infludash.ui.view import View

if TYPE_CHECKING:
    from infludash.ui.engine_view import EngineView

RANGE_KEYS = {state.FOLLOWERS_RANGE: FOLLOWER_STEPS, state.ER_RANGE: ER_STEPS}


def _reset() -> None:
    for key in state.CHOICE_FILTERS:
        st.session_state[key] = []
    for key, steps in RANGE_KEYS.items():
        st.session_state[key] = (steps[0], steps[-1])
    st.session_state[state.HANDLE_SEARCH] = ""


def _range(
    key: str, label: str, steps: tuple[float, ...], fmt: Callable[[float], str], help_text: str
) -> tuple[float | None, float | None]:
    """A range on fixed stops; the first stop means "from 0", the last "no upper limit"."""
    current = st.session_state.get(key)
    if current is not None and not all(v in steps for v in current):
        st.session_state[key] = (steps[0], steps[-1])
    # The default makes this a range slider. When the link, a reset or a language switch has just
    # set the value through the session state, Streamlit logs (once, on the server) that both were
    # given; the state wins, which is what is wanted.
    low, high = st.select_slider(
        label,
        options=list(steps),
        value=(steps[0], steps[-1]),
        format_func=fmt,
        key=key,
        persist_state="session",
        help=help_text,
    )
    return (None if low == steps[0] else float(low)), (None if high == steps[-1] else float(high))


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False, scope="session")
def _choices(key: str, _accounts: pd.DataFrame) -> dict[str, list[str]]:
    """The values to pick per column, counted once per data (``key`` names its content)."""
    return {column: choices(_accounts, column) for column in CHOICE_COLUMNS}


def render(accounts: pd.DataFrame, key: str, loc: Locale) -> Filters:
    """The filter widgets for the columns this data has; returns what they select. ``key`` names
    the data's content: the choices are counted once per data, not on every rerun."""
    counted = _choices(key, accounts) if key else {c: choices(accounts, c) for c in CHOICE_COLUMNS}
    return render_choices(counted, loc)


def render_choices(counted: dict[str, list[str]], loc: Locale) -> Filters:
    """The filter widgets, with ``counted``: the values to pick per filter column (see
    :func:`~infludash.analysis.filters.choices`)."""
    st.subheader(loc.t("filters.title"))
    picked: dict[str, tuple[str, ...]] = {}
    for column in CHOICE_COLUMNS:
        options = list(counted[column])
        if column == SOURCE and len(options) < 2:
            options = []
        chosen = [v for v in st.session_state.get(column, []) if v in options]
        if chosen != st.session_state.get(column, chosen):
            st.session_state[column] = chosen  # values from other data or an old link
        if not options:
            picked[column] = ()
            continue
        picked[column] = tuple(
            st.multiselect(
                loc.t(f"filters.{column}"),
                options,
                format_func=lambda v: choice_name(v, loc),  # MISSING: "(missing)" / "(fehlt)"
                key=column,
                persist_state="session",
                placeholder=loc.t("filters.all"),
            )
        )

    def fmt_followers(v: float) -> str:
        return loc.t("filters.no_limit") if v == FOLLOWER_STEPS[-1] else loc.compact(v, edge=True)

    def fmt_er(v: float) -> str:
        return loc.t("filters.no_limit") if v == ER_STEPS[-1] else loc.pct(v, 1)

    f_low, f_high = _range(
        state.FOLLOWERS_RANGE,
        loc.t("filters.followers"),
        FOLLOWER_STEPS,
        fmt_followers,
        loc.t("filters.followers_help"),
    )
    e_low, e_high = _range(
        state.ER_RANGE, loc.t("filters.er"), ER_STEPS, fmt_er, loc.t("filters.er_help")
    )
    handle = st.text_input(
        loc.t("filters.handle"),
        key=state.HANDLE_SEARCH,
        bind=URL,
        placeholder=loc.t("filters.handle_placeholder"),
    )
    return Filters(
        platform=picked[PLATFORM],
        category=picked[CATEGORY],
        country=picked[COUNTRY],
        source=picked[SOURCE],
        followers_min=f_low,
        followers_max=f_high,
        er_min=e_low,
        er_max=e_high,
        handle=str(handle),
    )


def count(view: View | EngineView) -> None:
    """How many accounts pass the filters, and the reset button when any filter is on."""
    loc = view.loc
    shown = view.shown
    if not view.filters.active:
        st.caption(loc.n("filters.count_all", view.total))
        return
    st.caption(loc.t("filters.count", shown=loc.num(shown), total=loc.num(view.total)))
    if view.filters.er_restricted:
        st.caption(loc.t("filters.er_drops_missing"))
    st.button(
        loc.t("filters.reset"),
        on_click=_reset,
        key="reset_filters",
        icon=":material/filter_alt_off:",
        width="stretch",
    )
