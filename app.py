"""InfluDash entry point: page setup, shared sidebar, navigation. No logic lives here."""

import streamlit as st

from infludash.ui import (
    accounts,
    findings_page,
    loaders,
    overview,
    planner_page,
    quality,
    report_button,
    sidebar,
    timing,
)

# An emoji favicon is drawn in the browser; a ":material/...:" one is fetched from
# fonts.gstatic.com on every page load, a request that leaves the deployment.
st.set_page_config(page_title="InfluDash", page_icon="📊", layout="wide")

started = timing.start()  # INFLUDASH_TIMINGS=file logs each run's server time (bench/)
loaders.track_session()  # a closed tab's session (and its data) is released: see loaders.py
view = sidebar.render()
loc = view.loc


def _overview() -> None:
    overview.render(view, quality_page)


quality_page = st.Page(
    lambda: quality.render(view),
    title=loc.t("nav.quality"),
    icon=":material/fact_check:",
    url_path="data-quality",
)
pages = [
    st.Page(
        _overview,
        title=loc.t("nav.overview"),
        icon=":material/bar_chart:",
        url_path="overview",
        default=True,
    ),
    st.Page(
        lambda: accounts.render(view),
        title=loc.t("nav.accounts"),
        icon=":material/table_rows:",
        url_path="accounts",
    ),
    st.Page(
        lambda: findings_page.render(view),
        title=loc.t("nav.findings"),
        icon=":material/insights:",
        url_path="findings",
    ),
    st.Page(
        lambda: planner_page.render(view),
        title=loc.t("nav.planner"),
        icon=":material/campaign:",
        url_path="planner",
    ),
    quality_page,
]
report_button.render(view)
page = st.navigation(pages)
try:
    page.run()
finally:
    # Streamlit leaves the latest run's module installed as sys.modules["__main__"] until some
    # session runs again, so a global here would keep the last analyst's data after they left.
    globals().pop("view", None)
timing.record(started, page.url_path)
