"""The Overview's two charts: the follower histogram and the engagement box plot per tier, with
published benchmarks overlaid on request and a click on a tier opening its drill-down."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from infludash.analysis.aggregates import ChartInputs
from infludash.analysis.analysis import Analysis
from infludash.analysis.overlay import benchmark_overlay
from infludash.analysis.summary import Summary
from infludash.analysis.tiers import TierScheme
from infludash.engine.analysis import EngineAnalysis
from infludash.present.figure_notes import footnote, with_footnote
from infludash.present.figures import MIN_BOX_ACCOUNTS, engagement_box, follower_histogram
from infludash.present.i18n import Locale
from infludash.present.overlay_text import caveat_text
from infludash.ui import account_table, state
from infludash.ui.chart_config import chart_config
from infludash.ui.engine_view import EngineView
from infludash.ui.safe import plain
from infludash.ui.state import URL
from infludash.ui.view import FRAMES_KEPT, TTL, Key, View


@dataclass(frozen=True)
class Charts:
    histogram: go.Figure
    engagement: go.Figure
    notes: tuple[str, ...]


def _build_charts(
    inputs: ChartInputs, summary: Summary, scheme: TierScheme, loc: Locale, wanted: bool
) -> Charts:
    overlay, caveats = benchmark_overlay(inputs.platforms, summary, wanted)
    notes = [caveat_text(caveat, loc) for caveat in caveats]
    return Charts(
        histogram=follower_histogram(None, scheme, loc, bins=inputs.bins),
        engagement=engagement_box(
            None,
            summary,
            loc,
            estimated=summary.estimated,
            benchmarks=overlay,
            rates=inputs.rates,
        ),
        notes=tuple(notes),
    )


# Figures are kept as objects: st.plotly_chart copies a figure (to_dict) and never changes it.
@st.cache_resource(max_entries=2 * FRAMES_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _cached_charts(
    key: Key,
    lang: str,
    wanted: bool,
    _analysis: Analysis | EngineAnalysis,
    _loc: Locale,
    _sources: list[str],
) -> Charts:
    charts = _build_charts(_analysis.charts, _analysis.summary, _analysis.scheme, _loc, wanted)
    note = footnote(_sources, _analysis.filters, _loc)
    return replace(
        charts,
        histogram=with_footnote(charts.histogram, note),
        engagement=with_footnote(charts.engagement, note),
    )


def charts_of(view: View | EngineView, wanted: bool) -> Charts:
    """The Overview's two figures for ``view`` (built once per view, language and overlay)."""
    return _cached_charts(
        view.key, view.loc.lang, wanted, view.analysis, view.loc, view.data_sources
    )


def draw(view: View | EngineView) -> None:
    """The two charts of ``view``, the overlay toggle above them and their captions."""
    loc = view.loc
    summary = view.summarized()
    select = partial(account_table.select_from_chart, scheme_keys=view.scheme.keys)
    wanted = False
    if not summary.estimated:  # above the charts, so a link's setting applies at once
        wanted = st.toggle(
            loc.t("overview.overlay"),
            key=state.BENCHMARKS,
            bind=URL,
            help=loc.t("overview.overlay_help"),
        )
    charts = charts_of(view, wanted)
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            charts.histogram,
            width="stretch",
            key=state.CHART_FOLLOWERS,
            on_select=partial(select, state.CHART_FOLLOWERS),
            selection_mode="points",
            config=chart_config(loc.t("files.chart_followers")),
        )
        st.caption(loc.t("overview.histogram_caption"))
    with right:
        st.plotly_chart(
            charts.engagement,
            width="stretch",
            key=state.CHART_ENGAGEMENT,
            on_select=partial(select, state.CHART_ENGAGEMENT),
            selection_mode="points",
            config=chart_config(loc.t("files.chart_engagement")),
        )
        for note in charts.notes:
            st.caption(plain(note))
        if summary.estimated:
            st.caption(loc.t("overview.box_caption_estimated"))
        else:
            st.caption(
                loc.t(
                    "overview.box_caption",
                    min_accounts=loc.num(summary.min_accounts),
                    min_box=MIN_BOX_ACCOUNTS,
                )
            )
