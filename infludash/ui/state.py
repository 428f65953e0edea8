"""Every key the app keeps in the session and in the URL, and the view the pages share.

Streamlit keeps two kinds of per-session values under string keys: what the app stores itself
(``st.session_state[...]``) and what a keyed widget holds. A setting kept in the URL also names
a query parameter, so its key is part of every link an analyst has copied: renaming one breaks
old links. Settings with numbers or text as values are bound by Streamlit
(``bind="query-params"``, :data:`BOUND`); those whose options are shown as words go by id
through :mod:`infludash.ui.url_ids` (:data:`BY_ID`). Keeping all of them here means a key is spelt
once, two modules cannot pick the same one by accident, and the URL's parameters can be read off
one list (:data:`URL_KEYS`). ``tests/ui/test_state_keys.py`` fails when another ui module writes
a key as a string.

The pages are separate scripts (``ui/pages/``), so what they share, the current :class:`View`,
goes through the session too (:func:`shared_view`, :func:`current_view`), for one run only, never
a module global.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

import streamlit as st

from infludash.analysis.filters import CHOICE_COLUMNS

if TYPE_CHECKING:
    from infludash.ui.engine_view import EngineView
    from infludash.ui.view import View

#: How a widget is bound to the URL: its key is the query parameter (a link reopens the view).
URL: Literal["query-params"] = "query-params"

# --- Stored by the app (session only, never in the URL) ------------------------------------------
VIEW = "current_view"  # the View of this run, for the page that runs after the sidebar
UPLOAD_ROUND = "upload_round"  # bumped by "back to the sample": a fresh, empty uploader
UPLOADS_SEEN = "uploads_seen"  # uploader file id -> its content digest (taken once per file)
DIGESTS_READ = "digests_read"  # digests of uploads already read once (no progress box again)
SHOWN_LANGUAGE = "shown_language"  # the language of the last full run
OVERRIDES = "column_overrides"  # digest -> {canonical column: header ("" = not used)}
SHEETS = "sheet_choice"  # digest -> sheet name
FILE_PLATFORMS = "file_platform"  # digest -> platform given for a file without that column
#: tier key -> (low, high): the planner's prices the analyst typed or uploaded, kept across pages,
#: languages, schemes and filters until "Reset prices".
PRICE_EDITS = "price_edits"
PRICE_ROUND = "price_round"  # bumped when edits are taken in: a fresh price editor and card upload
#: The planner's inputs as last drawn (a frozen PlanInputs: budget, objective, prices, the mix
#: typed): the report holds a campaign plan once the analyst has had the planner on screen, and
#: the mix typed outlives a visit to another page.
PLAN = "plan_inputs"
#: True once the analyst has had flagged accounts on screen (Findings or Accounts): the report
#: then lists them.
FLAGS_SEEN = "flags_seen"

USE_VIEWS = "use_views"  # the sidebar hint's button: switch the basis to per view
SIGN_IN = "sign_in"  # the sign-in screen's buttons (one per provider: SIGN_IN + its name)
SIGN_OUT = "sign_out"  # the sidebar's and the refusal's sign-out buttons (SIGN_OUT + where)
URL_WRITTEN = "url_written"  # setting -> the ids ui/url_ids.py last put in the URL

# --- Widgets kept in the URL (key = query parameter) ---------------------------------------------
LANG = "lang"
DATABASE = "db"  # the configured source picked by name ("" = the sample or uploaded files)
KEEP_LATEST = "keep_latest"  # an account in several files keeps the last file's row
SCHEME = "scheme"
EDGES = "edges"  # the custom scheme's edges
BASIS = "basis"
MIN_ACCOUNTS = "min_n"
ER_FLOOR = "er_floor"
#: One multiselect per filterable column, each named as its column.
CHOICE_FILTERS: tuple[str, ...] = tuple(CHOICE_COLUMNS)
FOLLOWERS_RANGE = "followers"
ER_RANGE = "er"
HANDLE_SEARCH = "q"
BENCHMARKS = "benchmarks"  # the Overview's benchmark overlay
TIER = "tier"  # the drill-down tier, shared by the Overview and Accounts pages
ANOMALY_Z = "anomaly_z"  # set on the Findings page, read by every table of flags
BUDGET = "budget"
OBJECTIVE = "objective"

#: Settings in the URL by id (their options are shown as words): see ui/url_ids.py.
BY_ID: tuple[str, ...] = (
    LANG,
    DATABASE,
    SCHEME,
    BASIS,
    TIER,
    OBJECTIVE,
    *CHOICE_FILTERS,
    FOLLOWERS_RANGE,
    ER_RANGE,
)
#: Settings bound by Streamlit (``bind=URL``): the URL holds the value itself.
BOUND: tuple[str, ...] = (
    KEEP_LATEST,
    EDGES,
    MIN_ACCOUNTS,
    ER_FLOOR,
    HANDLE_SEARCH,
    BENCHMARKS,
    ANOMALY_Z,
    BUDGET,
)
URL_KEYS: tuple[str, ...] = (*BY_ID, *BOUND)

#: Widgets whose shown value is a label in the current language (relabelled after a switch).
#: The choice filters are among them for their "(missing)" option.
LABELLED: tuple[str, ...] = (
    DATABASE,
    SCHEME,
    BASIS,
    TIER,
    OBJECTIVE,
    FOLLOWERS_RANGE,
    ER_RANGE,
    *CHOICE_FILTERS,
)

# --- Widgets whose value the app reads back from the session -------------------------------------
CHART_FOLLOWERS = "chart_followers"  # a click on a bar picks the drill-down tier
CHART_ENGAGEMENT = "chart_engagement"

# --- Widgets read where they are drawn -----------------------------------------------------------
PRICE_RESET = "reset_prices"
PRICE_DOWNLOAD = "download_prices"


def sort_key(table: str) -> str:
    """The column a table of accounts is sorted by (over every account, not the page)."""
    return f"{table}_sort"


def descending_key(table: str) -> str:
    """Whether that table is sorted largest first."""
    return f"{table}_descending"


def page_key(table: str) -> str:
    """The page of that table on screen."""
    return f"{table}_page"


def uploader_key(round_: int) -> str:
    """The file uploader of one round (a new round starts empty)."""
    return f"uploader_{round_}"


def price_editor_key(round_: int) -> str:
    """The planner's price editor of one round: it starts from the prices in force, no edits."""
    return f"prices_{round_}"


def price_card_key(round_: int) -> str:
    """The planner's rate-card uploader of one round (a new round starts empty)."""
    return f"price_card_{round_}"


def _file_part(digest: str, number: int) -> str:
    # ``number`` keeps widgets apart when the same content is uploaded twice.
    return f"{digest[:16]}_{number}"


def sheet_key(digest: str, number: int) -> str:
    """The sheet picker of one uploaded workbook."""
    return f"sheet_{_file_part(digest, number)}"


def mapping_prefix(digest: str) -> str:
    """What every column-mapping widget of one file content starts with."""
    return f"map_{digest[:16]}_"


def mapping_key(digest: str, number: int, canon: str) -> str:
    """The picker of the header used for canonical column ``canon`` in one upload."""
    return f"{mapping_prefix(digest)}{number}_{canon}"


def platform_key(digest: str, number: int) -> str:
    """The platform picker of one upload without a platform column."""
    return f"platform_{_file_part(digest, number)}"


@contextlib.contextmanager
def shared_view(view: View | EngineView) -> Iterator[None]:
    """Hand this run's view to the page that runs after the sidebar (see ``app.py``), for this
    run only: no finished run leaves the analyst's data in the session's state. Streamlit's
    message loop keeps the last session it served in a loop variable, shut down or not, until
    another session connects; whatever that session's state holds stays with it."""
    st.session_state[VIEW] = view
    try:
        yield
    finally:
        st.session_state.pop(VIEW, None)


def current_view() -> View | EngineView:
    """The view the sidebar made in this run; a page file calls this first."""
    view: View | EngineView | None = st.session_state.get(VIEW)
    if view is None:
        raise RuntimeError("a page ran before app.py shared the view (run app.py, not a page)")
    return view
