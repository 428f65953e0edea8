"""The planner's price table: the published rate card with the analyst's own prices over it.

What the analyst types or uploads is kept in the session (:data:`state.PRICE_EDITS`, by tier
key), not in the editor widget: a widget's state is dropped when its page is not drawn, and the
published card changes with the scheme and the platform filter. The editor therefore always starts
from the prices in force; a change in it is taken into the session and the editor starts afresh
under a new key (:data:`state.PRICE_ROUND`). "Reset prices" drops the edits.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from infludash.analysis.campaign import published_prices
from infludash.analysis.price_edits import Edits, changed_prices, read_card, with_edits
from infludash.base.errors import InputError
from infludash.present.i18n import Locale
from infludash.present.rate_card import rate_card_csv
from infludash.present.tier_names import with_tier_names
from infludash.ui import state
from infludash.ui.engine_view import EngineView
from infludash.ui.safe import plain
from infludash.ui.view import View

__all__ = ["edits", "prices"]


def edits() -> Edits:
    """The analyst's own prices (tier key -> low, high), kept in the session."""
    kept: Edits = st.session_state.get(state.PRICE_EDITS, {})
    return kept


def _keep(kept: Edits) -> None:
    """Make ``kept`` the session's prices; the editor and the uploader start afresh."""
    st.session_state[state.PRICE_EDITS] = kept
    st.session_state[state.PRICE_ROUND] = st.session_state.get(state.PRICE_ROUND, 0) + 1


def _reset() -> None:
    _keep({})


def _published(view: View | EngineView, platforms: list[str]) -> pd.DataFrame:
    """The published card for the scheme and platforms, whole dollars, as the editor shows it."""
    return with_tier_names(published_prices(view.scheme, platforms), view.scheme)


def _upload(loc: Locale, published: pd.DataFrame) -> None:
    """The rate-card uploader; a valid card becomes the session's prices, a bad one an error."""
    file = st.file_uploader(
        loc.t("planner.upload_card"),
        type=["csv"],
        key=state.price_card_key(st.session_state.get(state.PRICE_ROUND, 0)),
        help=loc.t("planner.upload_card_help"),
    )
    if file is None:
        return
    try:
        card = read_card(file.getvalue(), list(published["tier"].astype(str)))
    except InputError as err:
        reason = plain(loc.error(err))
        st.error(loc.t("planner.card_rejected", reason=reason), icon=":material/error:")
        return
    _keep(card)
    st.success(loc.t("planner.card_applied"), icon=":material/check:")


def _editor(loc: Locale, in_force: pd.DataFrame) -> pd.DataFrame:
    """The editable table; returns what it holds after this run's typing."""
    notes = [
        loc.t("planner.edited")
        if e
        else loc.t("planner.extrapolated")
        if x
        else (loc.t("planner.assumed_high") if a else "")
        for e, x, a in zip(
            in_force["edited"], in_force["extrapolated"], in_force["assumed"], strict=True
        )
    ]
    table = pd.DataFrame(
        {
            "label": in_force["label"],
            "price_low": in_force["price_low"],
            "price_high": in_force["price_high"],
            "note": notes,
        }
    )
    typed = st.data_editor(
        table,
        key=state.price_editor_key(st.session_state.get(state.PRICE_ROUND, 0)),
        hide_index=True,
        width="stretch",
        disabled=["label", "note"],
        column_config={
            "label": st.column_config.TextColumn(loc.t("table.tier")),
            "price_low": st.column_config.NumberColumn(
                loc.t("planner.price_low"), min_value=1, format="localized", required=True
            ),
            "price_high": st.column_config.NumberColumn(
                loc.t("planner.price_high"), min_value=1, format="localized", required=True
            ),
            "note": st.column_config.TextColumn(loc.t("planner.note")),
        },
    )
    return typed


def prices(view: View | EngineView, platforms: list[str]) -> pd.DataFrame:
    """Draw the price table and its controls; the prices in force per tier (``tier``, ``label``,
    ``price_low``, ``price_high``)."""
    loc = view.loc
    published = _published(view, platforms)
    table_box, controls = st.container(), st.container()
    with controls:
        left, right = st.columns([2, 1])
        with left:
            _upload(loc, published)
    in_force = with_edits(published, edits())
    with table_box:
        typed = _editor(loc, in_force)
    changed = changed_prices(in_force, typed, edits())
    if changed != edits():
        _keep(changed)
        in_force = with_edits(published, changed)
    with right:
        st.download_button(
            loc.t("planner.download_card"),
            rate_card_csv(in_force),
            file_name="rate_card.csv",
            mime="text/csv",
            key=state.PRICE_DOWNLOAD,
            help=loc.t("planner.download_card_help"),
            on_click="ignore",
            icon=":material/download:",
        )
        st.button(
            loc.t("planner.reset_prices"),
            key=state.PRICE_RESET,
            help=loc.t("planner.reset_prices_help"),
            on_click=_reset,
            disabled=not edits(),
            icon=":material/restart_alt:",
        )
    return in_force[["tier", "label", "price_low", "price_high"]].reset_index(drop=True)
