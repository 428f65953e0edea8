"""The sidebar button that downloads the standalone HTML report of the current view.

The button is drawn after the page (into a place kept for it in the sidebar before the page
runs): a page changes what the report holds in the same run, the planner its inputs (a price
just typed is taken in while the page draws), the Findings and Accounts pages that flags are on
screen. Drawn before the page, the report would lag one run behind the screen. Everything the
report needs is taken when the button is drawn: the click is served outside a script run.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from infludash.analysis.analysis import Analysis
from infludash.analysis.campaign import PlanInputs
from infludash.engine.analysis import EngineAnalysis
from infludash.present.downloads import download_name
from infludash.present.i18n import Locale
from infludash.present.report import OnScreen, build_report
from infludash.ui import account_table, state
from infludash.ui.engine_view import EngineView
from infludash.ui.view import View

__all__ = ["on_screen", "place", "render"]


def _report_bytes(
    analysis: Analysis | EngineAnalysis,
    loc: Locale,
    is_sample: bool,
    screen: OnScreen | None = None,
    sources: list[str] | None = None,
) -> bytes:
    report = build_report(analysis, loc, is_sample=is_sample, screen=screen, sources=sources)
    return report.encode("utf-8")


def on_screen() -> OnScreen:
    """What the analyst has had on screen in this session that the report carries: the
    planner's inputs once the planner was drawn, the flag limit once flags were."""
    plan: PlanInputs | None = st.session_state.get(state.PLAN)
    flags = bool(st.session_state.get(state.FLAGS_SEEN, False))
    return OnScreen(plan=plan, flags_z=account_table.z_limit() if flags else None)


def place() -> DeltaGenerator:
    """Keep the button's place in the sidebar, under the sidebar's own controls."""
    return st.sidebar.empty()


def render(view: View | EngineView, where: DeltaGenerator | None = None) -> None:
    """Offer the report of the screen's analysis (nothing is computed again), in ``where`` (the
    place kept by :func:`place`; the sidebar's end without it); it is built when the button is
    clicked, not on every rerun, and named after the data and the day as every download is."""
    loc = view.loc
    if isinstance(view, EngineView):  # named by the source's name (a file name), shown by its label
        sources, named = view.data_sources, [view.source.name]
    else:
        sources = named = view.result.sources
    name = download_name(named, view.is_sample, dt.date.today(), "html", loc.t("files.report"))
    with where.container() if where is not None else st.sidebar:
        st.divider()
        st.download_button(
            loc.t("sidebar.report"),
            partial(_report_bytes, view.analysis, loc, view.is_sample, on_screen(), sources),
            file_name=name,
            mime="text/html",
            key="download_report",
            icon=":material/description:",
            width="stretch",
            help=loc.t("sidebar.report_help"),
            on_click="ignore",  # a download changes nothing on screen: no rerun
        )
