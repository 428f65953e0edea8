"""InfluDash entry point: page setup, shared sidebar, navigation. No logic lives here."""

import streamlit as st

from infludash.ui import overview, sidebar

st.set_page_config(page_title="InfluDash", page_icon=":material/bar_chart:", layout="wide")

view = sidebar.render()


def _overview() -> None:
    overview.render(view)


page = st.navigation(
    [
        st.Page(
            _overview,
            title="Overview",
            icon=":material/bar_chart:",
            url_path="overview",
            default=True,
        )
    ]
)
page.run()
