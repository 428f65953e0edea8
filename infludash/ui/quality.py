"""Data quality page: where every row went, what was guessed, and the column-mapping step."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from infludash.base.alarms import is_alarm
from infludash.base.schema import HANDLE, HIDDEN_LIKES, PLATFORM, POSSIBLE_DUPLICATE, ROW, SOURCE
from infludash.present.i18n import Locale
from infludash.present.rejected import reason_counts, rejected_csv, rejected_table
from infludash.present.summary_table import row_equation
from infludash.read.columns import ALIASES
from infludash.read.decoding import UTF8_REPLACED
from infludash.read.table import delimiter_name
from infludash.ui import engine_quality, file_platform, help_text, state
from infludash.ui.account_table import column_config, for_screen
from infludash.ui.engine_view import EngineView
from infludash.ui.safe import plain
from infludash.ui.uploads import Upload, overrides_for, preview_of
from infludash.ui.view import RESULTS_KEPT, TTL, View

NOT_USED = None  # the "not used" choice: no header can be None, so none collides with it
#: Rows of a table shown on this page (rejected rows, possible duplicates); downloads and the
#: counts above them cover every row.
SHOWN_ROWS = 5_000


def _delimiter(delimiter: str, loc: Locale) -> str:
    """The delimiter's name in the analyst's language (``;`` -> semicolon / Semikolon)."""
    name = delimiter_name(delimiter)
    key = f"quality.delimiter.{name}"
    return loc.t(key) if key in loc.texts else name


def _files_table(view: View) -> None:
    loc = view.loc
    several = len(view.result.files) > 1
    rows = [
        {
            loc.t("quality.col.file"): f.source,
            loc.t("quality.col.type"): loc.t(
                "quality.excel" if f.kind == "xlsx" else "quality.text"
            ),
            loc.t("quality.col.encoding"): loc.t("quality.utf8_replaced")
            if f.encoding == UTF8_REPLACED
            else f.encoding,
            loc.t("quality.col.delimiter"): "–"
            if f.kind == "xlsx"
            else _delimiter(f.delimiter, loc),
            loc.t("quality.col.rows_read"): loc.num(f.rows_read),
            loc.t("quality.col.accounts"): loc.num(f.accounts),
            loc.t("quality.col.rejected"): loc.num(f.rejected),
            loc.t("quality.col.duplicates"): loc.num(f.duplicates),
            **({loc.t("quality.col.in_other_files"): loc.num(f.in_other_files)} if several else {}),
        }
        for f in view.result.files
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _accounting(view: View) -> None:
    loc = view.loc
    result = view.result
    possible = (
        int(result.accounts[POSSIBLE_DUPLICATE].sum())
        if POSSIBLE_DUPLICATE in result.accounts
        else 0
    )
    cols = st.columns(5)
    cols[0].metric(loc.t("quality.rows_read"), loc.num(result.rows_read))
    cols[1].metric(loc.t("quality.kept"), loc.num(len(result.accounts)))
    cols[2].metric(loc.t("quality.rejected"), loc.num(len(result.rejected)))
    cols[3].metric(
        loc.t("quality.duplicates"),
        loc.num(result.duplicates),
        help=loc.t("quality.duplicates_help"),
    )
    cols[4].metric(
        loc.t("quality.possible_duplicates"),
        loc.num(possible),
        help=loc.t("quality.possible_duplicates_help"),
    )
    st.caption(row_equation(result, loc))
    if view.filters.active:
        st.caption(loc.t("quality.unfiltered"))


def _rejected_tables_of(rejected: pd.DataFrame, loc: Locale) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows per reason, and the first rejected rows in the analyst's language (the download
    keeps the English words)."""
    return reason_counts(rejected, loc), rejected_table(rejected.head(SHOWN_ROWS), loc)


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _rejected_tables(
    key: str, lang: str, _rejected: pd.DataFrame, _loc: Locale
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _rejected_tables_of(_rejected, _loc)


def _rejected(view: View) -> None:
    loc = view.loc
    rejected = view.result.rejected
    st.subheader(loc.t("quality.rejected_title", n=loc.num(len(rejected))))
    if rejected.empty:
        st.caption(loc.t("quality.none_rejected"))
        return
    counts, first = _rejected_tables(view.data_key, loc.lang, rejected, loc)
    st.dataframe(counts, hide_index=True)
    st.dataframe(
        first,
        hide_index=True,
        width="stretch",
        column_config={
            "source": st.column_config.TextColumn(loc.t("quality.col.file")),
            "row": st.column_config.NumberColumn(
                loc.t("column.row"), help=loc.t("column.row_help"), format="%d"
            ),
            "reason": st.column_config.TextColumn(loc.t("quality.col.reason")),
            "detail": st.column_config.TextColumn(loc.t("quality.col.detail")),
            "raw": st.column_config.TextColumn(loc.t("quality.col.raw")),
        },
    )
    if len(rejected) > len(first):
        st.caption(
            loc.t("quality.first_of", shown=loc.num(len(first)), total=loc.num(len(rejected)))
        )
    st.download_button(
        loc.t("quality.download_rejected"),
        data=partial(rejected_csv, rejected),  # built when clicked, not on every rerun
        file_name=f"{loc.t('files.rejected')}.csv",
        mime="text/csv",
        key="download_rejected",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing on screen: no rerun
    )


def _duplicates_of(accounts: pd.DataFrame) -> tuple[int, pd.DataFrame]:
    """How many accounts are possible duplicates, and the first of them, sorted so that the
    rows of one handle stand together."""
    flagged = accounts[accounts[POSSIBLE_DUPLICATE].to_numpy(dtype=bool)]
    sort_by = [c for c in (HANDLE, PLATFORM, SOURCE, ROW) if c in flagged]
    shown = flagged.drop(columns=[POSSIBLE_DUPLICATE, HIDDEN_LIKES], errors="ignore")
    return len(flagged), shown.sort_values(sort_by).head(SHOWN_ROWS)


@st.cache_data(max_entries=RESULTS_KEPT, ttl=TTL, show_spinner=False, scope="session")
def _duplicates(key: str, _accounts: pd.DataFrame) -> tuple[int, pd.DataFrame]:
    return _duplicates_of(_accounts)


def _possible_duplicates(view: View) -> None:
    loc = view.loc
    accounts = view.result.accounts
    if POSSIBLE_DUPLICATE not in accounts or not accounts[POSSIBLE_DUPLICATE].any():
        return
    n, table = _duplicates(view.data_key, accounts)
    st.subheader(loc.t("quality.possible_title", n=loc.num(n)))
    st.caption(loc.t("quality.possible_caption"))
    screen = for_screen(table, loc)  # after the cache: the numbers' language is the viewer's
    st.dataframe(
        screen,
        hide_index=True,
        width="stretch",
        placeholder="–",
        column_config=column_config(loc, estimated=False, table=screen),
    )
    if n > len(table):
        st.caption(loc.t("quality.first_of", shown=loc.num(len(table)), total=loc.num(n)))


def _remember(digest: str, canon: str, key: str) -> None:
    choice = st.session_state[key]
    store = st.session_state.setdefault(state.OVERRIDES, {}).setdefault(digest, {})
    store[canon] = "" if choice is NOT_USED else choice


def _reset(digest: str) -> None:
    st.session_state.get(state.OVERRIDES, {}).pop(digest, None)
    for key in [k for k in st.session_state if str(k).startswith(state.mapping_prefix(digest))]:
        del st.session_state[key]


def _mapping_step(upload: Upload, number: int, loc: Locale) -> None:
    """One file's mapping; ``number`` keeps widget keys apart when the same content is
    uploaded twice (its mapping is shared, since it is the same file)."""
    preview = preview_of(upload)
    overrides = overrides_for(upload)
    label = loc.t(
        "quality.columns_of_mapped" if overrides else "quality.columns_of", name=plain(upload.name)
    )
    with st.expander(label, expanded=bool(overrides)):
        if preview is None:
            st.caption(loc.t("quality.unreadable"))
            return
        options: list[str | None] = [NOT_USED, *preview.headers]
        grid = st.columns(3)
        for i, canon in enumerate(ALIASES):
            chosen = overrides.get(canon, preview.mapping.get(canon, ""))
            key = state.mapping_key(upload.digest, number, canon)
            grid[i % 3].selectbox(
                loc.t(f"column.{canon}"),
                options,
                index=options.index(chosen) if chosen in options else 0,
                format_func=lambda h: loc.t("quality.not_used") if h is NOT_USED else h,
                key=key,
                on_change=_remember,
                args=(upload.digest, canon, key),
                help=loc.t("quality.mapping_help"),
            )
        if not overrides.get(PLATFORM, preview.mapping.get(PLATFORM, "")):
            file_platform.picker(upload, number, loc)
        if overrides:
            st.button(
                loc.t("quality.automatic_mapping"),
                key=f"reset_{upload.digest[:16]}_{number}",
                on_click=_reset,
                args=(upload.digest,),
            )
        st.caption(loc.t("quality.first_rows"))
        st.dataframe(preview.preview, hide_index=True, width="stretch")


def render(view: View | EngineView) -> None:
    """Draw the data-quality page for ``view``."""
    if isinstance(view, EngineView):
        engine_quality.render(view)
        return
    loc = view.loc
    st.title(loc.t("quality.title"))
    help_text.show(loc, "quality")
    for message in view.errors:
        st.error(plain(loc.say(message)), icon=":material/error:")
    failed_all = view.is_sample and bool(view.uploads)
    if failed_all:
        st.info(loc.t("quality.failed_all"), icon=":material/info:")
    elif view.is_sample:
        st.info(loc.t("quality.sample"), icon=":material/science:")
    if not failed_all:
        _accounting(view)
        _files_table(view)
        warnings = view.result.warnings
        if warnings:
            st.subheader(loc.t("quality.warnings_title", n=loc.num(len(warnings))))
            for warning in warnings:
                if is_alarm(warning):
                    st.error(plain(loc.say(warning)), icon=":material/error:")
                else:
                    st.warning(plain(loc.say(warning)), icon=":material/warning:")
        _rejected(view)
        _possible_duplicates(view)
    if view.uploads:
        st.subheader(loc.t("quality.mapping_title"))
        st.caption(loc.t("quality.mapping_caption"))
        for number, upload in enumerate(view.uploads):
            _mapping_step(upload, number, loc)
