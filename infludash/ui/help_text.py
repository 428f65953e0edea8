"""The short "how to read this" box at the top of each page (catalogue text, never user text)."""

from __future__ import annotations

import streamlit as st

from infludash.present.i18n import Locale


def show(loc: Locale, page: str) -> None:
    """A collapsed expander with the page's reading guide."""
    with st.expander(loc.t("help.title"), icon=":material/help:"):
        st.markdown(loc.t(f"help.{page}"))
