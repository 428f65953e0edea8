"""A table of accounts as pages of a true order: the sort column and the page are chosen here,
and :mod:`infludash.analysis.ordering` picks the page over every account that passes the filters
(sorting the rows a table holds would miss the real top accounts of a big file)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import streamlit as st

from infludash.analysis.ordering import Page, page_of
from infludash.base.schema import ENGAGEMENTS, ER_PCT, FOLLOWERS, TIER_INDEX
from infludash.present.i18n import Locale
from infludash.ui import state
from infludash.ui.view import View

if TYPE_CHECKING:
    from infludash.ui.engine_view import EngineView

__all__ = ["GIVEN", "SORTS", "page", "page_number", "sort_controls", "tier_median_ratio"]

#: What a table of accounts can be sorted by, over every account that passes the filters.
SORTS = ("file", FOLLOWERS, ER_PCT, "vs_tier_median", ENGAGEMENTS, "anomaly_z")

#: The order the rows were given in (the flags: furthest from the line first), as a sort.
GIVEN = "given"

#: Sorts kept in one direction whatever the toggle says: an order, not a measure.
_ORDERS = ("file", GIVEN)


def tier_median_ratio(view: View | EngineView, er: np.ndarray, tiers: np.ndarray) -> np.ndarray:
    """Each rate as a multiple of its tier's median rate (1.0 = typical); missing where the
    account has no tier or its tier no median."""
    medians = view.summarized().tiers["median_er_pct"].to_numpy(dtype="float64")
    typical = np.where(tiers >= 0, medians[np.clip(tiers, 0, None)], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(er, dtype="float64") / typical


def _sort_values(
    view: View, picked: npt.NDArray[np.intp], by: str, z: Callable[[], np.ndarray]
) -> np.ndarray:
    """The sort column for the accounts at ``picked`` (positions among the filtered ones)."""
    if by == GIVEN:
        return np.arange(picked.size, dtype="float64")
    if by == "file":
        return picked.astype("float64")
    if by == "anomaly_z":
        return z()[picked]
    numbers = view.numbers
    if by == "vs_tier_median":
        er = numbers[ER_PCT].to_numpy(dtype="float64")[picked]
        return tier_median_ratio(view, er, numbers[TIER_INDEX].to_numpy()[picked])
    if by not in numbers:
        return np.full(picked.size, np.nan)
    return numbers[by].to_numpy(dtype="float64")[picked]


def page_number(loc: Locale, key: str, pages: int, where: Any = st) -> int:
    """The page picker of table ``key`` (in ``where``), kept within the ``pages`` there are."""
    page_key = state.page_key(key)
    if int(st.session_state.get(page_key, 1)) > pages:
        st.session_state[page_key] = pages  # fewer pages after a filter or a tier change
    return int(
        where.number_input(
            loc.t("accounts.page", pages=loc.num(pages)),
            min_value=1,
            max_value=pages,
            value=1,
            step=1,
            key=page_key,
        )
    )


def sort_controls(
    loc: Locale, key: str, pages: int, sorts: tuple[str, ...], help_key: str = "accounts.sort_help"
) -> tuple[str, bool, int]:
    """The sort column, the direction and the page of table ``key``, side by side."""
    sort, order, number = st.columns([3, 2, 2], vertical_alignment="bottom")
    by = sort.selectbox(
        loc.t("accounts.sort"),
        sorts,
        format_func=lambda c: loc.t(f"accounts.sort_by.{c}"),
        key=state.sort_key(key),
        help=loc.t(help_key),
    )
    descending = order.toggle(
        loc.t("accounts.descending"),
        value=True,
        key=state.descending_key(key),
        disabled=by in _ORDERS,  # an order of its own has no direction to flip
    )
    return str(by), bool(descending), page_number(loc, key, pages, number)


def page(
    view: View,
    rows: npt.NDArray[np.intp] | None,
    key: str,
    size: int,
    z: Callable[[], np.ndarray],
    *,
    sorts: tuple[str, ...] = SORTS,
) -> Page:
    """The sort and page controls of table ``key``, and the page of ``size`` rows they pick
    over all ``rows`` (``z``: every filtered account's robust z, asked for only to sort by it;
    ``sorts``: the choices, the first the default, :data:`GIVEN` for the order of ``rows``)."""
    picked = np.arange(view.shown, dtype=np.intp) if rows is None else rows
    pages = max(1, -(-picked.size // size))
    by, descending, chosen = sort_controls(view.loc, key, pages, sorts)
    values = _sort_values(view, picked, str(by), z)
    page = page_of(values, descending=descending and by not in _ORDERS, number=chosen, size=size)
    return replace(page, positions=picked[page.positions])
