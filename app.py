"""InfluDash entry point: page setup, shared sidebar, navigation. No logic lives here.

Everything happens inside :func:`main`, so no value of a run (least of all the analyst's data)
stays in this module's globals: Streamlit keeps the latest run's module as ``__main__`` until the
next run of any session. The pages find the sidebar's view in the session (``ui/state.py``).
"""

import streamlit as st

from infludash.ui import (
    access_gate,
    navigation,
    report_button,
    session,
    sidebar,
    state,
    timing,
    url_ids,
)


def main() -> None:
    """One run: the sidebar makes the view, the chosen page (a file in ``ui/pages/``) draws it."""
    # An emoji favicon is drawn in the browser; a ":material/...:" one is fetched from
    # fonts.gstatic.com on every page load, a request that leaves the deployment.
    st.set_page_config(page_title="InfluDash", page_icon="📊", layout="wide")
    started = timing.start()  # INFLUDASH_TIMINGS=file logs each run's server time (bench/)
    session.track_session()  # a closed tab's session (and its data) is released: see session.py
    url_ids.seed()  # the link's settings, by id, before any widget is drawn
    # With a login configured, nothing below is drawn for a visitor who is not let in.
    visitor = access_gate.enforce()
    try:
        status = st.sidebar.container()  # who is signed in: on top, once the language is known
        view = sidebar.render()
        access_gate.sidebar_status(visitor, view.loc, status)
        with state.shared_view(view):  # for this run's page only: see state.shared_view
            place = report_button.place()  # drawn after the page: it holds what the page showed
            page = st.navigation(navigation.pages(view.loc))
            page.run()
            report_button.render(view, place)
    finally:
        url_ids.write()  # every setting's id back in the URL, whichever way the run ended
    timing.record(started, page.url_path)


main()
