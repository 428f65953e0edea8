"""The Data quality page of a configured source: where every row of its table went, counted in
the engine (rows, accounts, rejected rows by reason, exact duplicates), and how its columns were
understood."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from infludash.ui.engine_view import EngineView, working
from infludash.ui.safe import plain

__all__ = ["render"]


def _accounting(view: EngineView) -> None:
    loc = view.loc
    with working(view):
        counted = view.analysis.quality
    cols = st.columns(4)
    cols[0].metric(loc.t("quality.rows_read"), loc.num(counted.rows))
    cols[1].metric(loc.t("quality.kept"), loc.num(counted.accounts))
    cols[2].metric(loc.t("quality.rejected"), loc.num(counted.rejected_total))
    cols[3].metric(
        loc.t("quality.duplicates"),
        loc.num(counted.duplicates),
        help=loc.t("engine.duplicates_help"),
    )
    st.caption(
        loc.n(
            "quality.equation",
            counted.duplicates,
            rows=loc.num(counted.rows),
            kept=loc.num(counted.accounts),
            rejected=loc.num(counted.rejected_total),
        )
    )
    if view.filters.active:
        st.caption(loc.t("quality.unfiltered"))
    st.subheader(loc.t("quality.rejected_title", n=loc.num(counted.rejected_total)))
    if not counted.rejected:
        st.caption(loc.t("quality.none_rejected"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                loc.t("quality.col.reason"): [loc.word(reason) for reason, _ in counted.rejected],
                loc.t("quality.col.rows"): [loc.num(n) for _, n in counted.rejected],
            }
        ),
        hide_index=True,
    )
    st.caption(loc.t("engine.rejected_caption"))


def _mapping(view: EngineView) -> None:
    loc = view.loc
    relation = view.analysis.table.relation
    used = {real: canonical for canonical, real in relation.mapping.items()}
    st.subheader(loc.t("quality.mapping_title"))
    st.caption(loc.t("engine.mapping_caption"))
    st.dataframe(
        pd.DataFrame(
            {
                loc.t("engine.col.column"): list(relation.columns),
                loc.t("engine.col.read_as"): [
                    loc.t(f"column.{used[c]}") if c in used else loc.t("quality.not_used")
                    for c in relation.columns
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def render(view: EngineView) -> None:
    """Draw the data-quality page of a configured source."""
    loc = view.loc
    st.title(loc.t("quality.title"))
    st.caption(loc.t("engine.data", source=plain(view.source.label)))
    _accounting(view)
    with working(view):
        warnings = view.analysis.table.reported.read_notes
    if warnings:  # how the table's own rates were read, as an upload's warnings
        st.subheader(loc.t("quality.warnings_title", n=loc.num(len(warnings))))
        for warning in warnings:
            st.warning(plain(loc.say(warning)), icon=":material/warning:")
    _mapping(view)
