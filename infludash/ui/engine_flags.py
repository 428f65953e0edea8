"""The Findings page's flagged accounts for a configured source: counted in its engine, and
listed a page at a time, furthest from their platform's line first."""

from __future__ import annotations

import streamlit as st

from infludash.analysis.anomalies import CODES, DEFAULT_Z
from infludash.analysis.fits import MAX_FIT_POINTS
from infludash.present.report_flags import FLAGGED_COLUMNS, count_sentence
from infludash.ui import state, table_pages
from infludash.ui.account_table import column_config, for_screen, note_flags_seen
from infludash.ui.engine_view import EngineView, working
from infludash.ui.state import URL

__all__ = ["FLAGGED_ROWS", "render"]

FLAGGED_ROWS = 100


def render(view: EngineView) -> None:
    """The limit, the counts per flag and a page of the flagged accounts."""
    loc = view.loc
    st.subheader(loc.t("findings_page.flagged_title"))
    limit = st.number_input(
        loc.t("findings_page.z_limit"),
        min_value=1.0,
        max_value=10.0,
        value=DEFAULT_Z,
        step=0.5,
        format="%.1f",
        key=state.ANOMALY_Z,
        bind=URL,
        help=loc.t("findings_page.z_limit_help"),
    )
    note_flags_seen()
    with working(view):
        flags = view.analysis.flags(float(limit))
    st.caption(count_sentence(flags.counts, view.shown, loc))
    st.caption(loc.t("engine.flags_sample", fit=loc.num(MAX_FIT_POINTS)))
    if not flags.flagged:
        return
    pages = max(1, -(-flags.flagged // FLAGGED_ROWS))
    number = table_pages.page_number(loc, "flagged", pages)
    with working(view):
        page = view.analysis.flagged_page(float(limit), number=int(number), size=FLAGGED_ROWS)
    shown = page.frame
    columns = [c for c in FLAGGED_COLUMNS if c in shown]
    table = shown[columns].assign(anomaly_z=shown["anomaly_z"])
    names = {code: loc.t(f"anomaly.{code}") for code in CODES}
    table["anomaly"] = [names[str(code)] for code in shown["anomaly"]]
    screen = for_screen(table, loc)
    st.dataframe(
        screen,
        hide_index=True,
        placeholder="–",
        width="stretch",
        column_config=column_config(loc, estimated=False, table=screen),
    )
    st.caption(
        loc.t(
            "engine.flagged_rows",
            first=loc.num(page.first),
            last=loc.num(page.first + len(shown) - 1),
            total=loc.num(page.total),
        )
    )
