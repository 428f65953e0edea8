"""The sidebar's engagement settings: the basis the data supports, a one-click hint towards the
per-view basis where that is the usual measure, and the limits of the tier medians."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from infludash.analysis.engagement import VIEW_PLATFORMS, available_bases, suggests_views
from infludash.analysis.summary import EngagementOptions
from infludash.present.i18n import Locale
from infludash.read.reader import ReadResult
from infludash.ui import state
from infludash.ui.state import URL

__all__ = ["render", "render_bases"]


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False, scope="session")
def _bases(key: str, _accounts: pd.DataFrame) -> list[str]:
    return available_bases(_accounts)


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False, scope="session")
def _suggests_views(key: str, basis: str, _accounts: pd.DataFrame) -> bool:
    return suggests_views(_accounts, basis)


def _use_views() -> None:
    st.session_state[state.BASIS] = "views"


def _views_hint(suggested: bool, loc: Locale) -> None:
    """A one-click hint towards the per-view basis where it is the usual measure (the default
    stays per follower)."""
    if not suggested:
        return
    st.caption(loc.t("sidebar.views_hint", platforms=" / ".join(VIEW_PLATFORMS)))
    st.button(loc.t("sidebar.use_views"), key=state.USE_VIEWS, on_click=_use_views)


def render(result: ReadResult, key: str, loc: Locale) -> EngagementOptions:
    """The engagement settings of an upload: basis (with a hint where per view fits), fewest
    accounts for a median, follower floor."""
    accounts = result.accounts
    bases = _bases(key, accounts) if key else available_bases(accounts)

    def suggested(basis: str) -> bool:
        return _suggests_views(key, basis, accounts) if key else suggests_views(accounts, basis)

    return render_bases(bases, suggested, loc)


def render_bases(
    bases: list[str], suggested: Callable[[str], bool], loc: Locale
) -> EngagementOptions:
    """The engagement settings for data that supports ``bases`` (``suggested``: whether to
    hint at the per-view basis while ``basis`` is picked)."""
    st.subheader(loc.t("sidebar.engagement"))
    bases = ["auto", *bases]
    if st.session_state.get(state.BASIS) not in (None, *bases):  # new data without that basis
        st.session_state[state.BASIS] = "auto"
    basis = st.selectbox(
        loc.t("sidebar.basis"),
        bases,
        format_func=lambda b: loc.t(f"basis.{b}"),
        key=state.BASIS,
        persist_state="session",
        help=loc.t("sidebar.basis_help"),
    )
    _views_hint(suggested(str(basis)), loc)
    min_accounts = st.number_input(
        loc.t("sidebar.min_accounts"),
        min_value=1,
        max_value=100_000,
        value=10,
        step=1,
        key=state.MIN_ACCOUNTS,
        bind=URL,
        help=loc.t("sidebar.min_accounts_help"),
    )
    floor = st.number_input(
        loc.t("sidebar.er_floor"),
        min_value=0,
        value=0,
        step=500,
        key=state.ER_FLOOR,
        bind=URL,
        help=loc.t("sidebar.er_floor_help"),
    )
    return EngagementOptions(
        basis=str(basis), min_followers=float(floor), min_accounts=int(min_accounts)
    )
