"""A table of accounts of a configured source: one page at a time, sorted by the engine over
every account that passes the filters and cut with a limit (only that page comes back)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from infludash.base.schema import ENGAGEMENTS, ER_PCT, FOLLOWERS
from infludash.engine.rows import PageRows
from infludash.ui import state
from infludash.ui.account_table import FIRST_COLUMNS, column_config, table_for_screen
from infludash.ui.engine_view import EngineView

__all__ = ["SORTS", "show_page"]

#: What a source's table can be sorted by (in the engine, over every account).
SORTS = (FOLLOWERS, ER_PCT, ENGAGEMENTS)


@dataclass(frozen=True)
class _Asked:
    """Which page: of which tier, in which order, its number and size."""

    tier: int | None
    by: str
    descending: bool
    number: int
    size: int


@st.cache_data(max_entries=32, ttl="1h", show_spinner=False)
def _page(name: str, key: object, asked: _Asked, _view: EngineView) -> PageRows:
    """A page, kept for every session (the same source, settings and page: the same rows)."""
    return _view.analysis.page(asked.tier, asked.by, asked.descending, asked.number, asked.size)


def show_page(view: EngineView, tier: int | None, *, key: str, size: int, height: int) -> None:
    """Page controls and the page of accounts (of tier index ``tier``; None: all of them)."""
    loc = view.loc
    total = view.shown if tier is None else int(view.summarized().tiers["accounts"].iloc[tier])
    pages = max(1, -(-total // size))
    page_key = state.page_key(key)
    if int(st.session_state.get(page_key, 1)) > pages:
        st.session_state[page_key] = pages  # fewer pages after a filter or a tier change
    sort, order, number = st.columns([3, 2, 2], vertical_alignment="bottom")
    by = sort.selectbox(
        loc.t("accounts.sort"),
        SORTS,
        format_func=lambda c: loc.t(f"accounts.sort_by.{c}"),
        key=state.sort_key(key),
        help=loc.t("engine.sort_help"),
    )
    descending = order.toggle(
        loc.t("accounts.descending"), value=True, key=state.descending_key(key)
    )
    chosen = number.number_input(
        loc.t("accounts.page", pages=loc.num(pages)),
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key=page_key,
    )
    with st.spinner(loc.t("sidebar.computing", source=view.source.label)):
        asked = _Asked(tier, str(by), bool(descending), int(chosen), size)
        page = _page(view.source.name, view.key, asked, view)
    table = table_for_screen(page.frame, view)
    shown = [c for c in FIRST_COLUMNS if c in table] + [
        str(c) for c in table if c not in FIRST_COLUMNS
    ]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=height,
        column_order=shown,
        placeholder="–",
        key=key,
        column_config=column_config(loc, view.summarized().estimated, view.scheme, table),
    )
    if page.total == 0:
        st.caption(loc.t("accounts.no_rows"))
        return
    last = page.first + len(page.frame) - 1
    st.caption(
        loc.t(
            "engine.rows_of",
            first=loc.num(page.first if len(page.frame) else 0),
            last=loc.num(last),
            total=loc.num(page.total),
        )
    )
