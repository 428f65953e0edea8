"""The sidebar's part for configured sources (ui/engine_sources.py): the pick by name, and the
settings of the picked source's view, offered from what its engine counted."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from infludash.analysis.tiers import TierScheme
from infludash.base.errors import InputError
from infludash.present.i18n import Locale
from infludash.ui import engagement_panel, filters_panel, state
from infludash.ui.engine_sources import Configured, configured, table_of
from infludash.ui.engine_view import EngineView
from infludash.ui.safe import plain

__all__ = ["database", "engine_view"]


def database(loc: Locale) -> Configured | None:
    """The configured source picked (None: the sample or uploaded files). Drawn only when the
    deployer configured sources (ui/engine_sources.py); the analyst picks a name, never an
    address."""
    sources = configured()
    if not sources:
        return None
    if st.session_state.get(state.DATABASE, "") not in ("", *sources):
        st.session_state[state.DATABASE] = ""  # a source no longer configured (an old link)
    st.subheader(loc.t("sidebar.data"))
    name = st.selectbox(
        loc.t("sidebar.source"),
        ["", *sources],
        format_func=lambda n: sources[n].label if n else loc.t("sidebar.source_files"),
        key=state.DATABASE,
        persist_state="session",
        help=loc.t("sidebar.source_help"),
    )
    return sources[name] if name else None


def engine_view(
    source: Configured,
    loc: Locale,
    pick_scheme: Callable[[Callable[[], TierScheme], Locale], TierScheme],
    main: DeltaGenerator,
) -> EngineView:
    """The sidebar for a configured source, and its view. When it cannot be opened or queried,
    the reason is said in the sidebar and in ``main`` (the page's area), and the run stops."""
    try:
        with st.spinner(loc.t("sidebar.opening", source=source.label)):
            table = table_of(source.name)
            filter_box = st.container()
            scheme = pick_scheme(lambda: table.quantile_scheme, loc)
            options = engagement_panel.render_bases(table.bases, lambda _: False, loc)
            with filter_box:
                filters = filters_panel.render_choices(table.choices, loc)
        view = EngineView(source, scheme=scheme, options=options, loc=loc, filters=filters)
        with filter_box, st.spinner(loc.t("sidebar.computing", source=source.label)):
            filters_panel.count(view)
    except InputError as err:
        # Said where the analyst looks, and nothing else is drawn: the sample in its place
        # would pass for the source's figures.
        said = plain(loc.error(err))
        st.error(said, icon=":material/error:")
        with main:
            st.error(loc.t("engine.failed", source=plain(source.label), reason=said))
        st.stop()
    return view
