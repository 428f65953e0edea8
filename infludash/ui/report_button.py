"""The sidebar button that downloads the standalone HTML report of the current view."""

from __future__ import annotations

from functools import partial

import streamlit as st

from infludash.analysis.analysis import Analysis
from infludash.present.i18n import Locale
from infludash.present.report import build_report
from infludash.ui.view import View


def _report_bytes(analysis: Analysis, loc: Locale, is_sample: bool) -> bytes:
    return build_report(analysis, loc, is_sample=is_sample).encode("utf-8")


def render(view: View) -> None:
    """Offer the report of the screen's analysis (nothing is computed again); it is built when
    the button is clicked, not on every rerun."""
    loc = view.loc
    with st.sidebar:
        st.divider()
        st.download_button(
            loc.t("sidebar.report"),
            partial(_report_bytes, view.analysis, loc, view.is_sample),
            file_name=f"{loc.t('files.report')}.html",
            mime="text/html",
            key="download_report",
            icon=":material/description:",
            width="stretch",
            help=loc.t("sidebar.report_help"),
            on_click="ignore",  # a download changes nothing on screen: no rerun
        )
