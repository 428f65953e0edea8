"""Findings page: the trade press's claims tested on the data on screen, numbers included."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from infludash.anomalies import DEFAULT_Z, HIDDEN, HIGH, LOW, ZERO, flag_anomalies
from infludash.figures import SCATTER_CAP, er_scatter
from infludash.findings import findings, sensitivity
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
    if not summary.estimated:
        _sensitivity(view)
        _flagged(annotated)


def _flagged(annotated: pd.DataFrame) -> None:
    st.subheader("Accounts off the line")
    limit = st.number_input(
        "Flag accounts more than … robust standard deviations from the fit",
        min_value=1.0,
        max_value=10.0,
        value=DEFAULT_Z,
        step=0.5,
        key="anomaly_z",
        help="Residuals from each platform's log–log fit, scaled by the median absolute "
        "deviation, so the outliers themselves do not hide each other.",
    )
    flagged = flag_anomalies(annotated, z_limit=float(limit))
    shown = flagged[flagged["anomaly"] != ""]
    counts = shown["anomaly"].value_counts()
    st.caption(
        f"{len(shown):,} of {len(flagged):,} accounts flagged: "
        f"{int(counts.get(LOW, 0)):,} unusually low, {int(counts.get(HIGH, 0)):,} unusually high, "
        f"{int(counts.get(ZERO, 0)):,} with no engagement at all, "
        f"{int(counts.get(HIDDEN, 0)):,} with hidden likes. A flag is a reason to look, not a "
        "verdict."
    )
    if shown.empty:
        return
    columns = [
        c
        for c in (
            "source",
            "row",
            "handle",
            "platform",
            "followers",
            "er_pct",
            "anomaly_z",
            "anomaly",
        )
        if c in shown
    ]
    st.dataframe(
        shown[columns].sort_values("anomaly_z", key=lambda z: -z.abs(), na_position="last"),
        hide_index=True,
        width="stretch",
        column_config={
            "followers": st.column_config.NumberColumn("Followers", format="localized"),
            "er_pct": st.column_config.NumberColumn("Engagement rate", format="%.2f%%"),
            "anomaly_z": st.column_config.NumberColumn("Robust z", format="%.1f"),
            "anomaly": st.column_config.TextColumn("Flag"),
        },
    )


def _sensitivity(view: View) -> None:
    st.subheader("Does the tier scheme change the story?")
    table, sentence = sensitivity(view.result.accounts, view.result.rows_read, view.options)
    st.markdown(plain(sentence))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Rank correlation": st.column_config.NumberColumn(format="%.2f")},
    )
    st.caption(
        "Each published scheme, and quantile tiers of equal size, applied to the same accounts. "
        "The rank correlation is that of the tier medians with tier order (−1: they fall "
        "steadily with size)."
    )
