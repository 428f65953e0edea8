"""The Overview's two charts: the follower histogram and the engagement box plot per tier, with
published benchmarks overlaid on request and a click on a tier opening its drill-down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import plotly.graph_objects as go
import streamlit as st

from infludash.analysis.benchmarks import PLATFORMS, TierBenchmark, tier_benchmarks
from infludash.analysis.summary import Summary
from infludash.analysis.tiers import TierScheme
from infludash.present.figures import MIN_BOX_ACCOUNTS, engagement_box, follower_histogram
from infludash.present.i18n import Locale
from infludash.ui import account_table, state
from infludash.ui.chart_config import chart_config
from infludash.ui.safe import plain
from infludash.ui.state import URL
from infludash.ui.view import FRAMES_KEPT, TTL, ChartInputs, Key, View, chart_inputs


def benchmark_overlay(
    present: Sequence[str], summary: Summary, loc: Locale, wanted: bool
) -> tuple[dict[str, list[TierBenchmark]] | None, list[str]]:
    """Published figures for the platforms ``present`` in the data (when ``wanted``), and a note
    wherever their statistic or formula differs from what the chart shows."""
    if summary.estimated or not wanted:
        return None, []
    platforms = [p for p in PLATFORMS if p in present] or list(PLATFORMS)
    formula = summary.er_basis if summary.er_basis in ("followers", "views") else "followers"
    overlay: dict[str, list[TierBenchmark]] = {}
    notes: list[str] = []
    for platform in platforms:
        marks = tier_benchmarks(summary.scheme, platform, formula=formula)
        if marks is None:
            continue
        first = marks[0]
        if summary.er_basis in ("followers", "views") and first.formula != summary.er_basis:
            notes.append(
                loc.t(
                    "overview.benchmark_other_formula",
                    platform=platform,
                    basis=loc.t(f"words.per.{summary.er_basis}"),
                    formula=loc.t(f"words.per.{first.formula}"),
                )
            )
            continue
        overlay[platform] = marks
        if first.statistic != "median":
            notes.append(
                loc.t(
                    "overview.benchmark_statistic",
                    platform=platform,
                    statistic=loc.t(f"words.statistic.{first.statistic}"),
                )
            )
    return overlay, notes


@dataclass(frozen=True)
class Charts:
    histogram: go.Figure
    engagement: go.Figure
    notes: tuple[str, ...]


def _build_charts(
    inputs: ChartInputs, summary: Summary, scheme: TierScheme, loc: Locale, wanted: bool
) -> Charts:
    overlay, notes = benchmark_overlay(inputs.platforms, summary, loc, wanted)
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
    _inputs: ChartInputs,
    _summary: Summary,
    _scheme: TierScheme,
    _loc: Locale,
) -> Charts:
    return _build_charts(_inputs, _summary, _scheme, _loc, wanted)


def charts_of(view: View, wanted: bool) -> Charts:
    """The Overview's two figures for ``view`` (built once per view, language and overlay)."""
    inputs, summary = chart_inputs(view), view.summarized()
    if not view.cached:
        return _build_charts(inputs, summary, view.scheme, view.loc, wanted)
    return _cached_charts(view.key, view.loc.lang, wanted, inputs, summary, view.scheme, view.loc)


def draw(view: View) -> None:
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
