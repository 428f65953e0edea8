"""The shared sidebar: language, data source, filters, tier scheme and engagement options.

Every setting lives in the URL (the widget key is the parameter name; settings shown as words go
by id, see ``url_ids.py``), so a copied link reopens the same view. Uploaded data never goes in
the URL.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.typing import UploadedFile

from infludash.analysis.presets import DEFAULT_SCHEME, SCHEMES
from infludash.analysis.tiers import QUANTILE, TierScheme, quantile_scheme
from infludash.analysis.tiers import scheme_from_text as _scheme_from_text
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.base.schema import FOLLOWERS
from infludash.present.i18n import LANGUAGES, Locale, get_locale
from infludash.read.reader import ReadResult
from infludash.ui import engagement_panel, filters_panel, state
from infludash.ui.engine_sidebar import database, engine_view
from infludash.ui.engine_view import EngineView
from infludash.ui.safe import plain
from infludash.ui.state import URL
from infludash.ui.uploads import (
    SAMPLE_KEY,
    Upload,
    data_key,
    load_sample,
    load_uploads,
    sheet_for,
    sheets_of,
)
from infludash.ui.url_ids import CUSTOM, SCHEME_CHOICES
from infludash.ui.view import View

AUTO_SHEET = "(automatic)"


def _reset_uploads() -> None:
    st.session_state[state.UPLOAD_ROUND] = st.session_state.get(state.UPLOAD_ROUND, 0) + 1


def _remember_sheet(digest: str, key: str) -> None:
    choice = st.session_state[key]
    chosen = st.session_state.setdefault(state.SHEETS, {})
    if choice == AUTO_SHEET:
        chosen.pop(digest, None)
    else:
        chosen[digest] = choice


def _sheet_pickers(uploads: list[Upload], loc: Locale) -> None:
    """One sheet picker per workbook with more than one sheet; automatic by default (the first
    sheet with a followers column)."""
    for number, upload in enumerate(uploads, start=1):
        sheets = sheets_of(upload)
        if len(sheets) < 2:
            continue
        key = state.sheet_key(upload.digest, number)
        options = [AUTO_SHEET, *sheets]
        current = sheet_for(upload)
        st.text(loc.t("sidebar.sheet_of", name=upload.name))  # st.text: never Markdown
        st.selectbox(
            loc.t("sidebar.sheet_label", number=number),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda s: loc.t("sidebar.sheet_auto") if s == AUTO_SHEET else s,
            key=key,
            on_change=_remember_sheet,
            args=(upload.digest, key),
            label_visibility="collapsed",
        )


def _keep_latest(uploads: list[Upload], loc: Locale) -> bool:
    """With two or more files: whether an account found in several keeps only the row of the
    file uploaded last (in the URL, like every setting; the uploads themselves are not)."""
    if len(uploads) < 2:
        return False
    return bool(
        st.toggle(
            loc.t("sidebar.keep_latest"),
            key=state.KEEP_LATEST,
            bind=URL,
            help=loc.t("sidebar.keep_latest_help"),
        )
    )


def _read(
    uploads: list[Upload], loc: Locale, keep_latest: bool
) -> tuple[ReadResult | None, list[Note]]:
    """Read the uploads; a progress box the first time a file's content is seen."""
    seen: set[str] = st.session_state.setdefault(state.DIGESTS_READ, set())
    fresh = [u for u in uploads if u.digest not in seen]
    if not fresh:
        return load_uploads(uploads, keep_latest)
    with st.status(loc.n("sidebar.reading", len(fresh)), expanded=False) as status:
        for upload in fresh:
            st.text(loc.t("sidebar.reading_file", name=upload.name))
        result, errors = load_uploads(uploads, keep_latest)
        seen.update(u.digest for u in fresh)
        status.update(  # a refused file is not "read": say how many of them were
            label=loc.t(
                "sidebar.read_some",
                read=loc.num(len(uploads) - len(errors)),
                n=loc.num(len(uploads)),
            )
            if errors
            else loc.n("sidebar.read_done", len(uploads)),
            state="error" if errors else "complete",
        )
    return result, errors


def _uploads(files: list[UploadedFile]) -> list[Upload]:
    """The uploaded files with their digests. A file is hashed once, when it arrives, not on
    every rerun (the uploader hands out the same file id until it changes). Only the digests are
    kept in the session: its state outlives the run, the bytes stay with the uploader."""
    known: dict[str, str] = st.session_state.get(state.UPLOADS_SEEN, {})
    current: dict[str, str] = {}
    uploads = []
    for file in files:
        data = file.getvalue()
        digest = known.get(file.file_id)
        upload = (
            Upload.of(file.name, data) if digest is None else Upload.known(file.name, data, digest)
        )
        current[file.file_id] = upload.digest
        uploads.append(upload)
    st.session_state[state.UPLOADS_SEEN] = current  # only the files still there
    return uploads


def _data_source(
    loc: Locale, *, titled: bool = True
) -> tuple[ReadResult, bool, list[Note], list[Upload], str]:
    if titled:
        st.subheader(loc.t("sidebar.data"))
    round_ = st.session_state.get(state.UPLOAD_ROUND, 0)
    files = st.file_uploader(
        loc.t("sidebar.uploader"),
        type=None,  # the content decides what a file is, not its name
        accept_multiple_files=True,
        key=state.uploader_key(round_),
        help=loc.t("sidebar.uploader_help"),
    )
    uploads = _uploads(list(files or []))
    _sheet_pickers(uploads, loc)
    keep_latest = _keep_latest(uploads, loc)
    result, errors = _read(uploads, loc, keep_latest) if uploads else (None, [])
    if files:
        st.button(
            loc.t("sidebar.back_to_sample"),
            on_click=_reset_uploads,
            width="stretch",
            key="back_to_sample",
        )
    if result is not None:
        return result, False, errors, uploads, data_key(uploads, keep_latest)
    return load_sample(), True, errors, uploads, SAMPLE_KEY


@st.cache_data(max_entries=8, ttl="1h", show_spinner=False, scope="session")
def _quantile_scheme(key: str, _followers: pd.Series) -> TierScheme:
    return quantile_scheme(_followers)


def _scheme(result: ReadResult, key: str, loc: Locale) -> TierScheme:
    return _pick_scheme(lambda: _quantile_scheme(key, result.accounts[FOLLOWERS]), loc)


def _pick_scheme(quantiles: Callable[[], TierScheme], loc: Locale) -> TierScheme:
    """The scheme picker; ``quantiles``: the data's quantile scheme, made when picked."""
    st.subheader(loc.t("sidebar.tiers"))
    names = list(SCHEME_CHOICES)
    choice = st.selectbox(
        loc.t("sidebar.scheme"),
        names,
        index=0 if state.SCHEME in st.session_state else names.index(DEFAULT_SCHEME.name),
        format_func=lambda name: loc.t(f"schemes.{name}.short"),
        key=state.SCHEME,
        persist_state="session",
        help=loc.t("sidebar.scheme_help"),
    )
    if choice == QUANTILE:
        try:
            scheme = loc.scheme(quantiles())
        except InputError:
            st.error(loc.t("sidebar.quantile_failed"), icon=":material/warning:")
            return loc.scheme(DEFAULT_SCHEME)
        st.caption(scheme.title)
        return scheme
    if choice != CUSTOM:
        scheme = loc.scheme(SCHEMES[choice])
        st.caption(scheme.title)
        return scheme
    text = st.text_input(
        loc.t("sidebar.edges"),
        value="1000, 10000, 100000, 1000000",
        key=state.EDGES,
        bind=URL,
        help=loc.t("sidebar.edges_help"),
    )
    try:
        return loc.scheme(_scheme_from_text(text))
    except InputError as err:
        reason = plain(loc.error(err))  # in the analyst's language, like the sentence around it
        st.error(loc.t("sidebar.edges_failed", reason=reason), icon=":material/warning:")
        return loc.scheme(DEFAULT_SCHEME)


def _language() -> Locale:
    lang = st.selectbox(
        get_locale().t("sidebar.language"),  # one label in both languages: "Language · Sprache"
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=state.LANG,
        persist_state="session",
    )
    return get_locale(str(lang))


def _relabel_after_switch(loc: Locale) -> None:
    """After a language switch, hand the labelled widgets their own value again.

    The browser keeps a picked option as its label; without this it would go on showing the old
    language's label until the widget is touched.
    """
    shown = st.session_state.get(state.SHOWN_LANGUAGE)
    st.session_state[state.SHOWN_LANGUAGE] = loc.lang
    if shown is None or shown == loc.lang:
        return
    for key in state.LABELLED:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def render() -> View | EngineView:
    """Draw the sidebar and return the current view (filtered, summarised lazily)."""
    main = st.container()  # where a source that fails says so, above the page
    with st.sidebar:
        loc = _language()
        _relabel_after_switch(loc)
        source = database(loc)
        if source is not None:
            return engine_view(source, loc, _pick_scheme, main)
        result, is_sample, errors, uploads, key = _data_source(loc, titled=source is None)
        filter_box = st.container()
        scheme = _scheme(result, key, loc)
        options = engagement_panel.render(result, key, loc)
        with filter_box:
            filters = filters_panel.render(result.accounts, key, loc)
        view = View(
            result=result,
            scheme=scheme,
            is_sample=is_sample,
            errors=errors,
            uploads=uploads,
            options=options,
            loc=loc,
            filters=filters,
            data_key=key,
        )
        with filter_box:
            filters_panel.count(view)
    return view
