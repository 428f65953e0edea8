"""Findings page: the trade press's claims tested on the data on screen, numbers included."""

from __future__ import annotations

import streamlit as st

from infludash.figures import SCATTER_CAP, er_scatter
from infludash.findings import findings
from infludash.summary import annotate, summarize
from infludash.ui.safe import plain
from infludash.ui.sidebar import View

VERDICT_COLOURS = {
    "holds": "green",
    "partly holds": "orange",
    "not supported": "gray",
    "reversed": "red",
    "does not hold": "red",
    "not testable": "gray",
}


def render(view: View) -> None:
    """Draw the findings for ``view``."""
    st.title("Findings")
    st.caption(
        "Two claims from influencer-marketing articles, checked on the accounts loaded now. "
        "Each sentence carries the numbers behind it; change the tier scheme or engagement basis "
        "in the sidebar and the findings follow."
    )
    annotated = annotate(view.result.accounts, view.scheme, view.options)
    summary = summarize(view.result, view.scheme, annotated=annotated, options=view.options)
    claims, trends = findings(annotated, summary)
    for claim in claims:
        st.subheader(claim.claim)
        st.badge(claim.verdict, color=VERDICT_COLOURS.get(claim.verdict, "gray"))  # type: ignore[arg-type]
        st.markdown(plain(claim.sentence))
    if trends:
        st.subheader("Engagement rate against followers")
        st.plotly_chart(
            er_scatter(annotated, view.scheme, trends), width="stretch", key="chart_scatter"
        )
        st.caption(
            f"Each dot is an account (a random {SCATTER_CAP:,} at most); the line is the "
            "Theil–Sen fit of log(rate) on log(followers) over all accounts, dotted lines its 95% "
            "interval for the slope. Theil–Sen takes the median of pairwise slopes, so a few "
            "extreme accounts cannot pull it."
        )
