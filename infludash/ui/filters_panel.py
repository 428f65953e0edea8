"""Filter widgets in the sidebar: each bound to the URL, each with a one-click reset for all."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from infludash.filters import CHOICE_COLUMNS, ER_STEPS, FOLLOWER_STEPS, Filters, choices
from infludash.i18n import Locale
from infludash.ui.view import URL, View

RANGE_KEYS = {"followers": FOLLOWER_STEPS, "er": ER_STEPS}
TEXT_KEY = "q"


def _reset() -> None:
    for column in CHOICE_COLUMNS:
        st.session_state[column] = []
    for key, steps in RANGE_KEYS.items():
        st.session_state[key] = (steps[0], steps[-1])
    st.session_state[TEXT_KEY] = ""


def _range(
    key: str, label: str, steps: tuple[float, ...], fmt: Callable[[float], str], help_text: str
) -> tuple[float | None, float | None]:
    """A range on fixed stops; the first stop means "from 0", the last "no upper limit"."""
    current = st.session_state.get(key)
    if current is not None and not all(v in steps for v in current):
        st.session_state[key] = (steps[0], steps[-1])
    # The default makes this a range slider. When a reset or a language switch has just set the
    # value through the session state, Streamlit logs (once, on the server) that both were given;
    # the state wins, which is what is wanted.
    low, high = st.select_slider(
        label,
        options=list(steps),
        value=(steps[0], steps[-1]),
        format_func=fmt,
        key=key,
        bind=URL,
        help=help_text,
    )
    return (None if low == steps[0] else float(low)), (None if high == steps[-1] else float(high))


def render(accounts: pd.DataFrame, loc: Locale) -> Filters:
    """The filter widgets for the columns this data has; returns what they select."""
    st.subheader(loc.t("filters.title"))
    picked: dict[str, tuple[str, ...]] = {}
    for column in CHOICE_COLUMNS:
        options = choices(accounts, column)
        if column == "source" and len(options) < 2:
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
                key=column,
                bind=URL,
                placeholder=loc.t("filters.all"),
            )
        )

    def fmt_followers(v: float) -> str:
        return loc.t("filters.no_limit") if v == FOLLOWER_STEPS[-1] else loc.compact(v, edge=True)

    def fmt_er(v: float) -> str:
        return loc.t("filters.no_limit") if v == ER_STEPS[-1] else loc.pct(v, 1)

    f_low, f_high = _range(
        "followers",
        loc.t("filters.followers"),
        FOLLOWER_STEPS,
        fmt_followers,
        loc.t("filters.followers_help"),
    )
    e_low, e_high = _range("er", loc.t("filters.er"), ER_STEPS, fmt_er, loc.t("filters.er_help"))
    handle = st.text_input(
        loc.t("filters.handle"),
        key=TEXT_KEY,
        bind=URL,
        placeholder=loc.t("filters.handle_placeholder"),
    )
    return Filters(
        platform=picked["platform"],
        category=picked["category"],
        country=picked["country"],
        source=picked["source"],
        followers_min=f_low,
        followers_max=f_high,
        er_min=e_low,
        er_max=e_high,
        handle=str(handle),
    )


def count(view: View) -> None:
    """How many accounts pass the filters, and the reset button when any filter is on."""
    loc = view.loc
    shown = len(view.annotated)
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
