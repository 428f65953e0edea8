"""Findings page: the trade press's claims tested on the data on screen, numbers included."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from infludash.analysis.analysis import Analysis
from infludash.analysis.anomalies import CODES, DEFAULT_Z, furthest_first
from infludash.analysis.findings import SchemeStory
from infludash.analysis.fits import MAX_FIT_POINTS
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.engine.analysis import EngineAnalysis
from infludash.present.figure_notes import footnote, with_footnote
from infludash.present.figures import SCATTER_CAP, er_scatter
from infludash.present.findings_text import finding_text, sensitivity_text
from infludash.present.i18n import Locale
from infludash.present.report_flags import FLAGGED_COLUMNS, flagged_count
from infludash.ui import engine_flags, help_text, state, table_pages
from infludash.ui.account_table import column_config, for_screen, note_flags_seen
from infludash.ui.chart_config import chart_config
from infludash.ui.engine_view import EngineView, working
from infludash.ui.safe import plain
from infludash.ui.state import URL
from infludash.ui.view import FRAMES_KEPT, RESULTS_KEPT, TTL, Key, View, anomaly_flags

#: The flagged-accounts table shows a page of this many, of every flag in the order chosen.
FLAGGED_ROWS = 100

#: How the flags can be ordered: furthest from the line first (the default), or any column.
FLAGGED_SORTS = (table_pages.GIVEN, *table_pages.SORTS)

VERDICT_COLOURS = {
    "holds": "green",
    "partly_holds": "orange",
    "not_supported": "gray",
    "reversed": "red",
    "does_not_hold": "red",
    "not_testable": "gray",
}


# The figure is kept as an object: st.plotly_chart copies a figure (to_dict) and never changes it.
@st.cache_resource(max_entries=FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _scatter(
    key: Key, lang: str, _analysis: Analysis | EngineAnalysis, _loc: Locale, _sources: list[str]
) -> go.Figure:
    # A source's accounts stay in its engine: the chart draws its seeded sample.
    points = (
        _analysis.sample(None) if isinstance(_analysis, EngineAnalysis) else _analysis.numbers.frame
    )
    figure = er_scatter(points, _analysis.scheme, _analysis.trends, _loc)
    note = footnote(_sources, _analysis.filters, _loc)
    return with_footnote(figure, note)


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _stories(key: Key, _analysis: Analysis | EngineAnalysis) -> list[SchemeStory]:
    """Every preset scheme compared: the same whichever scheme is on screen (the accounts are
    sorted by followers, not by tier), so ``key`` leaves the scheme out."""
    return _analysis.sensitivity


def render(view: View | EngineView) -> None:
    """Draw the findings for ``view``."""
    loc = view.loc
    st.title(loc.t("findings_page.title"))
    help_text.show(loc, "findings")
    st.caption(loc.t("findings_page.intro"))
    analysis = view.analysis
    with working(view):
        summary = analysis.summary
        found = analysis.findings
    for finding in found:
        claim = finding_text(finding, summary.scheme, loc)
        st.subheader(claim.claim)
        st.badge(claim.verdict, color=VERDICT_COLOURS.get(claim.code, "gray"))  # type: ignore[arg-type]
        st.markdown(plain(claim.sentence))
    if analysis.trends:
        st.plotly_chart(
            _scatter(view.key, loc.lang, analysis, loc, view.data_sources),
            width="stretch",
            key="chart_scatter",
            config=chart_config(loc.t("files.chart_scatter")),
        )
        st.caption(
            loc.t(
                "engine.scatter_caption"
                if isinstance(view, EngineView)
                else "findings_page.scatter_caption",
                cap=loc.num(SCATTER_CAP),
                fit=loc.num(MAX_FIT_POINTS),
            )
        )
    if not summary.estimated:
        with working(view):
            _sensitivity(view)
        if isinstance(view, EngineView):
            engine_flags.render(view)
        else:
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
        key=state.ANOMALY_Z,
        bind=URL,
        help=loc.t("findings_page.z_limit_help"),
    )
    note_flags_seen()
    flags = anomaly_flags(view, float(limit))
    st.caption(flagged_count(flags, view.shown, loc))
    order = furthest_first(flags.z, flags.code)
    if order.size == 0:
        return
    page = table_pages.page(
        view, order, "flagged", FLAGGED_ROWS, lambda: flags.z, sorts=FLAGGED_SORTS
    )
    picked = page.positions
    shown = view.rows(picked)
    columns = [c for c in FLAGGED_COLUMNS if c in shown]
    table = shown[columns].assign(anomaly_z=flags.z[picked])
    names = {code: loc.t(f"anomaly.{code}") for code in CODES}
    table["anomaly"] = [names[str(code)] for code in flags.code[picked]]
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
            "findings_page.flagged_rows",
            first=loc.num(page.first),
            last=loc.num(page.last),
            total=loc.num(page.total),
        )
    )


def _sensitivity(view: View | EngineView) -> None:
    loc = view.loc
    st.subheader(loc.t("findings_page.sensitivity_title"))
    key = replace(view.key, scheme=DEFAULT_SCHEME)
    table, sentence = sensitivity_text(_stories(key, view.analysis), loc)
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
