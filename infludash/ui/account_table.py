"""The account table and the tier drill-down, shared by the Overview and Accounts pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import streamlit as st

from infludash.analysis.anomalies import DEFAULT_Z
from infludash.analysis.tiers import TierScheme
from infludash.base.schema import (
    AVG_COMMENTS,
    AVG_ENGAGEMENTS,
    AVG_LIKES,
    AVG_SAVES,
    AVG_SHARES,
    AVG_VIEWS,
    CATEGORY,
    COUNTRY,
    DUPLICATE_ACROSS_FILES,
    ENGAGEMENTS,
    ER_DISAGREES,
    ER_PCT,
    FOLLOWERS,
    HANDLE,
    PLATFORM,
    POSSIBLE_DUPLICATE,
    PROFILE_URL,
    REPORTED_ER_PCT,
    ROW,
    SOURCE,
    TIER,
    TIER_INDEX,
)
from infludash.present.export import account_export
from infludash.present.i18n import Locale
from infludash.present.palette import tier_colors
from infludash.present.table_numbers import table_numbers
from infludash.ui import state, table_pages
from infludash.ui.safe import web_links
from infludash.ui.view import View, anomaly_flags

if TYPE_CHECKING:
    from infludash.ui.engine_view import EngineView


def tier_picker(view: View | EngineView, label_key: str = "drill.pick") -> str | None:
    """Pick one tier (or none for all); a click on a chart sets the same value."""
    keys = list(view.scheme.keys)
    if st.session_state.get(state.TIER) not in (None, *keys):
        st.session_state[state.TIER] = None  # a tier of another scheme
    labels = dict(zip(keys, view.scheme.labels, strict=True))
    chosen = st.segmented_control(
        view.loc.t(label_key),
        keys,
        format_func=labels.__getitem__,
        key=state.TIER,
        persist_state="session",
        help=view.loc.t("drill.pick_help"),
    )
    return None if chosen is None else str(chosen)


def select_from_chart(chart_key: str, scheme_keys: tuple[str, ...]) -> None:
    """``on_select`` callback: the tier of the clicked bar, box or median becomes the drill-down."""
    chart: Any = st.session_state.get(chart_key)
    points = list(getattr(getattr(chart, "selection", None), "points", None) or [])
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, list):
            data = data[0] if data else None
        if isinstance(data, (int, float)) and 0 <= int(data) < len(scheme_keys):
            st.session_state[state.TIER] = scheme_keys[int(data)]
            return


def z_limit() -> float:
    """The anomaly threshold (set on the Findings page, kept in the session and the URL)."""
    return float(st.session_state.get(state.ANOMALY_Z, DEFAULT_Z))


def note_flags_seen() -> None:
    """Flags are on screen: the report lists flagged accounts from now on (it names accounts as
    possibly bought only once the analyst has seen them named)."""
    st.session_state[state.FLAGS_SEEN] = True


def tier_rows(view: View, tier_key: str | None) -> npt.NDArray[np.intp] | None:
    """Positions among the filtered accounts of those in one tier (None: every account)."""
    if tier_key is None:
        return None
    index = view.scheme.keys.index(tier_key)
    return np.flatnonzero(view.numbers[TIER_INDEX].to_numpy() == index)


def count(view: View, rows: npt.NDArray[np.intp] | None) -> int:
    return view.shown if rows is None else int(rows.size)


def flagged(
    view: View, rows: npt.NDArray[np.intp] | None = None, limit: int | None = None
) -> pd.DataFrame:
    """The filtered accounts at ``rows`` (all when None), the first ``limit`` of them, with their
    anomaly flags; the flags come from the fit over every filtered account."""
    flags = anomaly_flags(view, z_limit())
    picked = np.arange(view.shown) if rows is None else rows
    if limit is not None:
        picked = picked[:limit]
    return view.rows(picked).assign(anomaly_z=flags.z[picked], anomaly=flags.code[picked])


def table_for_screen(shown: pd.DataFrame, view: View | EngineView) -> pd.DataFrame:
    """Display columns: the rate also as a ratio to its tier's median (1.0 = typical), flags
    in words."""
    loc = view.loc
    summary = view.summarized()
    table = account_export(shown, view.scheme, loc=loc, basis=summary.er_basis)
    ratio = table_pages.tier_median_ratio(
        view, shown[ER_PCT].to_numpy(dtype="float64"), shown[TIER_INDEX].to_numpy()
    )
    table.insert(list(table.columns).index(ER_PCT) + 1, "vs_tier_median", ratio)
    return for_screen(table.drop(columns=["er_basis", "tier_scheme"]), loc)


def for_screen(table: pd.DataFrame, loc: Locale) -> pd.DataFrame:
    """The table as shown: its numbers as text in the app's language (:mod:`~infludash.present.
    table_numbers`; Streamlit would write them in the browser's), profile links only where they
    are web addresses (the link column opens what it is given). Call it on the rows shown, a
    page, after they are ordered: the order is the numbers', decided over every account."""
    out = table_numbers(table, loc)
    if PROFILE_URL in out:
        out[PROFILE_URL] = web_links(out[PROFILE_URL])
    return out


FIRST_COLUMNS = (
    HANDLE,
    PROFILE_URL,
    PLATFORM,
    FOLLOWERS,
    TIER,
    ER_PCT,
    "vs_tier_median",
    "anomaly",
    "anomaly_z",
    ENGAGEMENTS,
    POSSIBLE_DUPLICATE,
    DUPLICATE_ACROSS_FILES,
)


def _tier_column(loc: Locale, scheme: TierScheme | None) -> Any:
    """The tier as a pill in its colour (a pandas Styler styles every cell in Python: a third of
    a second for 1,000 rows). The pill column reads a comma as a list separator, so labels with
    a comma (German decimals in custom edges) stay plain text."""
    cc = st.column_config
    if scheme is None or any("," in label for label in scheme.labels):
        return cc.TextColumn(loc.t("column.tier"))
    label = loc.t("column.tier")
    return cc.MultiselectColumn(
        label,
        options=list(scheme.labels),
        color=list(tier_colors(scheme)),
        # As wide as the longest label in its pill: the grid sizes a column from the rows it
        # shows first and would cut "below Nano" on a later page.
        width=(_fitted_width(label, pd.Series(scheme.labels)) or 0) + _PILL_PX,
    )


#: Pixels per character of a number cell and the cell's padding and sort arrow, in the grid's
#: font (measured on screenshots: digits and separators are about 7.5 px wide at 14 px).
_CHAR_PX, _PAD_PX, _MAX_PX = 8, 30, 240
_PILL_PX = 16  # a pill's own padding


def _fitted_width(label: str, cells: pd.Series | None) -> int | None:
    """A width that shows the longest cell and the heading whole. The grid sizes a column from
    the rows it first shows and keeps that width when a new sort brings longer numbers to the
    top; right-aligned, they would then lose their leading digits (1,017,121,590 shown as
    017,121,590). None: no cells to measure (the grid's own sizing)."""
    if cells is None or cells.empty:
        return None
    longest = max(len(label), int(cells.astype("string").str.len().max(skipna=True) or 0))
    return min(_MAX_PX, longest * _CHAR_PX + _PAD_PX)


def column_config(
    loc: Locale,
    estimated: bool,
    scheme: TierScheme | None = None,
    table: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """How each column is shown. The number columns hold text in the app's language
    (:func:`for_screen`), right-aligned as numbers are, and as wide as their longest cell in
    ``table`` (the page shown)."""
    cc = st.column_config

    def number(key: str, help_key: str | None = None) -> Any:
        label = loc.t(key)
        column = _NUMBER_KEYS.get(key)
        cells = table[column] if table is not None and column in table else None
        return cc.TextColumn(
            label,
            alignment="right",
            width=_fitted_width(label, cells),
            help=None if help_key is None else loc.t(help_key),
        )

    return {
        SOURCE: cc.TextColumn(loc.t("column.source")),
        ROW: cc.NumberColumn(loc.t("column.row"), format="%d", help=loc.t("column.row_help")),
        HANDLE: cc.TextColumn(loc.t("column.handle")),
        PLATFORM: cc.TextColumn(loc.t("column.platform")),
        PROFILE_URL: cc.LinkColumn(loc.t("column.profile_url"), display_text=loc.t("column.open")),
        FOLLOWERS: number("column.followers"),
        TIER: _tier_column(loc, scheme),
        ER_PCT: number("column.er_estimated" if estimated else "column.er"),
        "vs_tier_median": number("column.vs_tier_median", "column.vs_tier_median_help"),
        ENGAGEMENTS: number("column.engagements"),
        AVG_LIKES: number("column.avg_likes"),
        AVG_COMMENTS: number("column.avg_comments"),
        AVG_SHARES: number("column.avg_shares"),
        AVG_SAVES: number("column.avg_saves"),
        AVG_VIEWS: number("column.avg_views"),
        AVG_ENGAGEMENTS: number("column.avg_engagements"),
        REPORTED_ER_PCT: number("column.reported_er"),
        CATEGORY: cc.TextColumn(loc.t("column.category")),
        COUNTRY: cc.TextColumn(loc.t("column.country")),
        "anomaly_z": number("column.anomaly_z"),
        "anomaly": cc.TextColumn(loc.t("column.anomaly")),
        POSSIBLE_DUPLICATE: cc.CheckboxColumn(loc.t("column.possible_duplicate")),
        DUPLICATE_ACROSS_FILES: cc.CheckboxColumn(
            loc.t("column.duplicate_across_files"), help=loc.t("column.duplicate_across_help")
        ),
        ER_DISAGREES: cc.CheckboxColumn(loc.t("column.er_disagrees")),
        "tier_scheme": cc.TextColumn(loc.t("column.tier_scheme")),
    }


#: The column of each number heading (what :func:`column_config` measures).
_NUMBER_KEYS = {
    "column.followers": FOLLOWERS,
    "column.er": ER_PCT,
    "column.er_estimated": ER_PCT,
    "column.vs_tier_median": "vs_tier_median",
    "column.engagements": ENGAGEMENTS,
    "column.avg_likes": AVG_LIKES,
    "column.avg_comments": AVG_COMMENTS,
    "column.avg_shares": AVG_SHARES,
    "column.avg_saves": AVG_SAVES,
    "column.avg_views": AVG_VIEWS,
    "column.avg_engagements": AVG_ENGAGEMENTS,
    "column.reported_er": REPORTED_ER_PCT,
    "column.anomaly_z": "anomaly_z",
}


def show_accounts(
    view: View, rows: npt.NDArray[np.intp] | None, *, key: str, limit: int, height: int
) -> None:
    """The filtered accounts at ``rows`` (all when None), a page of ``limit`` rows of them in
    the order chosen over all of them, flagged; only that page is built and sent."""
    page = table_pages.page(view, rows, key, limit, lambda: anomaly_flags(view, z_limit()).z)
    table = table_for_screen(flagged(view, page.positions), view)
    rows_shown = (page.first if page.positions.size else 0, page.last, page.total)
    show_table(view, table, key=key, height=height, rows=rows_shown)


def show_table(
    view: View | EngineView,
    table: pd.DataFrame,
    *,
    key: str,
    height: int,
    rows: tuple[int, int, int],
    rows_key: str = "accounts.rows_of",
) -> None:
    """A page of accounts (:func:`table_for_screen`) and its ``rows``: first, last, of how many."""
    loc = view.loc
    order = [c for c in FIRST_COLUMNS if c in table] + [
        str(c) for c in table if c not in FIRST_COLUMNS
    ]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=height,
        column_order=order,
        placeholder="–",
        key=key,
        column_config=column_config(loc, view.summarized().estimated, view.scheme, table),
    )
    first, last, total = rows
    if total == 0:
        st.caption(loc.t("accounts.no_rows"))
        return
    st.caption(loc.t(rows_key, first=loc.num(first), last=loc.num(last), total=loc.num(total)))
