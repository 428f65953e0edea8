"""A table of accounts of a configured source: one page at a time, sorted by the engine over
every account that passes the filters and cut with a limit (only that page comes back)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from infludash.base.schema import ENGAGEMENTS, ER_PCT, FOLLOWERS
from infludash.engine.rows import PageRows
from infludash.ui import table_pages
from infludash.ui.account_table import show_table, table_for_screen
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
    by, descending, chosen = table_pages.sort_controls(
        loc, key, pages, SORTS, help_key="engine.sort_help"
    )
    with st.spinner(loc.t("sidebar.computing", source=view.source.label)):
        asked = _Asked(tier, by, descending, chosen, size)
        page = _page(view.source.name, view.key, asked, view)
    table = table_for_screen(page.frame, view)
    first = page.first if len(page.frame) else 0
    rows = (first, page.first + len(page.frame) - 1, page.total)
    show_table(view, table, key=key, height=height, rows=rows, rows_key="engine.rows_of")
