"""The sidebar button that downloads the standalone HTML report of the current view."""

from __future__ import annotations

from functools import partial

import streamlit as st

from infludash.present.report import build_report
from infludash.ui.view import View


def _report_bytes(view: View) -> bytes:
    html = build_report(
        view.result,
        view.scheme,
        view.options,
        view.loc,
        view.filters,
        is_sample=view.is_sample,
    )
    return html.encode("utf-8")


def render(view: View) -> None:
    """Offer the report; it is built when the button is clicked, not on every rerun."""
    loc = view.loc
    with st.sidebar:
        st.divider()
        st.download_button(
            loc.t("sidebar.report"),
            partial(_report_bytes, view),
            file_name=f"{loc.t('files.report')}.html",
            mime="text/html",
            key="download_report",
            icon=":material/description:",
            width="stretch",
            help=loc.t("sidebar.report_help"),
            on_click="ignore",  # a download changes nothing on screen: no rerun
        )
