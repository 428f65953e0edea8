"""InfluDash entry point: page setup, shared sidebar, navigation. No logic lives here."""

import streamlit as st

from infludash.ui import accounts, findings_page, overview, quality, sidebar

st.set_page_config(page_title="InfluDash", page_icon=":material/bar_chart:", layout="wide")

view = sidebar.render()


def _overview() -> None:
    overview.render(view, quality_page)


def _quality() -> None:
    quality.render(view)


def _findings() -> None:
    findings_page.render(view)


def _accounts() -> None:
    accounts.render(view)


quality_page = st.Page(
    _quality, title="Data quality", icon=":material/fact_check:", url_path="data-quality"
)
overview_page = st.Page(
    _overview, title="Overview", icon=":material/bar_chart:", url_path="overview", default=True
)
findings_page_ = st.Page(
    _findings, title="Findings", icon=":material/insights:", url_path="findings"
)
accounts_page = st.Page(
    _accounts, title="Accounts", icon=":material/table_rows:", url_path="accounts"
)
st.navigation([overview_page, accounts_page, findings_page_, quality_page]).run()
