"""The app's pages: which file each one is, its title, icon and URL, and their order.

Each page is a file in ``ui/pages/`` that ``st.navigation`` runs as a script after the sidebar.
Its URL (``/overview``, ``/data-quality``...) is part of every link an analyst keeps, so it is set
here once, not inferred from the file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from infludash.present.i18n import Locale

PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class PageFile:
    """One page: its script in ``ui/pages/``, the catalogue key of its title, icon and URL."""

    file: str
    title_key: str
    icon: str
    url_path: str
    default: bool = False

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file


OVERVIEW = PageFile("overview.py", "nav.overview", ":material/bar_chart:", "overview", True)
ACCOUNTS = PageFile("accounts.py", "nav.accounts", ":material/table_rows:", "accounts")
FINDINGS = PageFile("findings.py", "nav.findings", ":material/insights:", "findings")
PLANNER = PageFile("planner.py", "nav.planner", ":material/campaign:", "planner")
QUALITY = PageFile("data_quality.py", "nav.quality", ":material/fact_check:", "data-quality")

#: The navigation menu, in order.
ORDER = (OVERVIEW, ACCOUNTS, FINDINGS, PLANNER, QUALITY)


def page(spec: PageFile, loc: Locale) -> StreamlitPage:
    """``spec`` as a Streamlit page titled in the analyst's language (also what a link to it
    needs: a page is found by its URL, so every call gives the same page)."""
    return st.Page(
        spec.path,
        title=loc.t(spec.title_key),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
    )


def pages(loc: Locale) -> list[StreamlitPage]:
    """Every page, in menu order."""
    return [page(spec, loc) for spec in ORDER]
