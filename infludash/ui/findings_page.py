"""Findings page: the trade press's claims tested on the data on screen, numbers included."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from infludash.anomalies import CODES, DEFAULT_Z, flag_anomalies
from infludash.figures import SCATTER_CAP, er_scatter
from infludash.findings import findings, sensitivity
from infludash.ui import help_text
from infludash.ui.account_table import column_config, percent_as_fraction
from infludash.ui.overview import chart_config
from infludash.ui.safe import plain
from infludash.ui.view import URL, View

VERDICT_COLOURS = {
    "holds": "green",
    "partly_holds": "orange",
    "not_supported": "gray",
    "reversed": "red",
    "does_not_hold": "red",
    "not_testable": "gray",
}


def render(view: View) -> None:
    """Draw the findings for ``view``."""
    loc = view.loc
    st.title(loc.t("findings_page.title"))
    help_text.show(loc, "findings")
    st.caption(loc.t("findings_page.intro"))
    summary = view.summarized()
    claims, trends = findings(view.annotated, summary, loc)
    for claim in claims:
        st.subheader(claim.claim)
        st.badge(claim.verdict, color=VERDICT_COLOURS.get(claim.code, "gray"))  # type: ignore[arg-type]
        st.markdown(plain(claim.sentence))
    if trends:
        st.plotly_chart(
            er_scatter(view.annotated, view.scheme, trends, loc),
            width="stretch",
            key="chart_scatter",
            config=chart_config(loc.t("files.chart_scatter")),
        )
        st.caption(loc.t("findings_page.scatter_caption", cap=loc.num(SCATTER_CAP)))
    if not summary.estimated:
        _sensitivity(view)
        _flagged(view)


def _flagged(view: View) -> None:
    loc = view.loc
    st.subheader(loc.t("findings_page.flagged_title"))
    limit = st.number_input(
        loc.t("findings_page.z_limit"),
        min_value=1.0,
        max_value=10.0,
        value=DEFAULT_Z,
        step=0.5,
        format="%.1f",
        key="anomaly_z",
        bind=URL,
        help=loc.t("findings_page.z_limit_help"),
    )
    flagged = flag_anomalies(view.annotated, z_limit=float(limit))
    shown = flagged[flagged["anomaly"] != ""]
    counts = shown["anomaly"].value_counts()
    st.caption(
        loc.t(
            "findings_page.flagged_count",
            shown=loc.num(len(shown)),
            total=loc.num(len(flagged)),
            **{code: loc.num(int(counts.get(code, 0))) for code in CODES},
        )
    )
    if shown.empty:
        return
    columns = [
        c
        for c in ("source", "row", "handle", "platform", "followers", "er_pct", "anomaly_z")
        if c in shown
    ]
    table = shown[columns].copy()
    table["anomaly"] = shown["anomaly"].map({code: loc.t(f"anomaly.{code}") for code in CODES})
    st.dataframe(
        percent_as_fraction(table).sort_values(
            "anomaly_z", key=lambda z: -z.abs(), na_position="last"
        ),
        hide_index=True,
        placeholder="–",
        width="stretch",
        column_config=column_config(loc, estimated=False, top=1.0),
    )


def _sensitivity(view: View) -> None:
    loc = view.loc
    st.subheader(loc.t("findings_page.sensitivity_title"))
    table, sentence = sensitivity(view.accounts, view.result.rows_read, view.options, loc)
    st.markdown(plain(sentence))
    shown = pd.DataFrame(
        {
            loc.t("findings_page.col.scheme"): table["scheme"],
            loc.t("findings_page.col.edges"): table["edges"],
            loc.t("findings_page.col.tiers_with_median"): table["tiers_with_median"],
            loc.t("findings_page.col.rank_correlation"): [
                loc.num(v, 2) for v in table["rank_correlation"]
            ],
            loc.t("findings_page.col.falls"): table["falls"],
            loc.t("findings.claim.nano_micro"): table["nano_micro"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(loc.t("findings_page.sensitivity_caption"))
