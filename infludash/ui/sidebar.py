"""The shared sidebar: language, data source, filters, tier scheme and engagement options.

Every setting lives in the URL (``bind="query-params"``; the widget key is the parameter name), so
a copied link reopens the same view. Uploaded data never goes in the URL.
"""

from __future__ import annotations

import streamlit as st

from infludash.engagement import available_bases
from infludash.errors import InputError
from infludash.i18n import LANGUAGES, Locale, get_locale
from infludash.reader import ReadResult
from infludash.summary import EngagementOptions
from infludash.tiers import DEFAULT_SCHEME, QUANTILE, SCHEMES, TierScheme, quantile_scheme
from infludash.tiers import scheme_from_text as _scheme_from_text
from infludash.ui import filters_panel
from infludash.ui.loaders import (
    SHEETS_KEY,
    Upload,
    load_sample,
    load_uploads,
    sheet_for,
    sheets_of,
)
from infludash.ui.safe import plain
from infludash.ui.view import URL, View, narrowed

CUSTOM = "custom"
AUTO_SHEET = "(automatic)"
READ_KEY = "digests_read"  # session state: uploads already read once (no progress box again)
SHOWN_LANGUAGE_KEY = "shown_language"  # session state: the language of the last full run


def _reset_uploads() -> None:
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1


def _remember_sheet(digest: str, key: str) -> None:
    choice = st.session_state[key]
    chosen = st.session_state.setdefault(SHEETS_KEY, {})
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
        key = f"sheet_{upload.digest[:16]}_{number}"  # the same workbook may come twice
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


def _read(uploads: list[Upload], loc: Locale) -> tuple[ReadResult | None, list[str]]:
    """Read the uploads; a progress box the first time a file's content is seen."""
    seen: set[str] = st.session_state.setdefault(READ_KEY, set())
    fresh = [u for u in uploads if u.digest not in seen]
    if not fresh:
        return load_uploads(uploads)
    with st.status(loc.n("sidebar.reading", len(fresh)), expanded=False) as status:
        for upload in fresh:
            st.text(loc.t("sidebar.reading_file", name=upload.name))
        result, errors = load_uploads(uploads)
        seen.update(u.digest for u in fresh)
        status.update(
            label=loc.n("sidebar.read_done", len(uploads)),
            state="error" if errors else "complete",
        )
    return result, errors


def _data_source(loc: Locale) -> tuple[ReadResult, bool, list[str], list[Upload]]:
    st.subheader(loc.t("sidebar.data"))
    round_ = st.session_state.get("upload_round", 0)
    files = st.file_uploader(
        loc.t("sidebar.uploader"),
        type=None,  # the content decides what a file is, not its name
        accept_multiple_files=True,
        key=f"uploader_{round_}",
        help=loc.t("sidebar.uploader_help"),
    )
    uploads = [Upload.of(f.name, f.getvalue()) for f in files or []]
    _sheet_pickers(uploads, loc)
    result, errors = _read(uploads, loc) if uploads else (None, [])
    if files:
        st.button(
            loc.t("sidebar.back_to_sample"),
            on_click=_reset_uploads,
            width="stretch",
            key="back_to_sample",
        )
    if result is not None:
        return result, False, errors, uploads
    return load_sample(), True, errors, uploads


def _scheme(result: ReadResult, loc: Locale) -> TierScheme:
    st.subheader(loc.t("sidebar.tiers"))
    names = [*SCHEMES, QUANTILE, CUSTOM]
    choice = st.selectbox(
        loc.t("sidebar.scheme"),
        names,
        index=0 if "scheme" in st.session_state else names.index(DEFAULT_SCHEME.name),
        format_func=lambda name: loc.t(f"schemes.{name}.short"),
        key="scheme",
        bind=URL,
        help=loc.t("sidebar.scheme_help"),
    )
    if choice == QUANTILE:
        try:
            scheme = loc.scheme(quantile_scheme(result.accounts["followers"]))
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
        key="edges",
        bind=URL,
        help=loc.t("sidebar.edges_help"),
    )
    try:
        return loc.scheme(_scheme_from_text(text))
    except InputError as err:
        st.error(loc.t("sidebar.edges_failed", reason=plain(err)), icon=":material/warning:")
        return loc.scheme(DEFAULT_SCHEME)


def _engagement(result: ReadResult, loc: Locale) -> EngagementOptions:
    st.subheader(loc.t("sidebar.engagement"))
    bases = ["auto", *available_bases(result.accounts)]
    if st.session_state.get("basis") not in (None, *bases):  # new data without that basis
        st.session_state["basis"] = "auto"
    basis = st.selectbox(
        loc.t("sidebar.basis"),
        bases,
        format_func=lambda b: loc.t(f"basis.{b}"),
        key="basis",
        bind=URL,
        help=loc.t("sidebar.basis_help"),
    )
    min_accounts = st.number_input(
        loc.t("sidebar.min_accounts"),
        min_value=1,
        max_value=100_000,
        value=10,
        step=1,
        key="min_n",
        bind=URL,
        help=loc.t("sidebar.min_accounts_help"),
    )
    floor = st.number_input(
        loc.t("sidebar.er_floor"),
        min_value=0,
        value=0,
        step=500,
        key="er_floor",
        bind=URL,
        help=loc.t("sidebar.er_floor_help"),
    )
    return EngagementOptions(
        basis=str(basis), min_followers=float(floor), min_accounts=int(min_accounts)
    )


def _language() -> Locale:
    lang = st.selectbox(
        get_locale().t("sidebar.language"),  # one label in both languages: "Language · Sprache"
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        bind=URL,
    )
    return get_locale(str(lang))


#: Widgets whose shown value is a label in the current language.
LABELLED_KEYS = ("scheme", "basis", "tier", "objective", "followers", "er")


def _relabel_after_switch(loc: Locale) -> None:
    """After a language switch, hand the labelled widgets their own value again.

    The browser keeps a picked option as its label; without this it would go on showing the old
    language's label (and the URL would keep it) until the widget is touched.
    """
    shown = st.session_state.get(SHOWN_LANGUAGE_KEY)
    st.session_state[SHOWN_LANGUAGE_KEY] = loc.lang
    if shown is None or shown == loc.lang:
        return
    for key in LABELLED_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def render() -> View:
    """Draw the sidebar and return the current view (filtered, summarised lazily)."""
    with st.sidebar:
        loc = _language()
        _relabel_after_switch(loc)
        result, is_sample, errors, uploads = _data_source(loc)
        filter_box = st.container()
        scheme = _scheme(result, loc)
        options = _engagement(result, loc)
        with filter_box:
            filters = filters_panel.render(result.accounts, loc)
        view = narrowed(
            View(
                result=result,
                scheme=scheme,
                is_sample=is_sample,
                errors=errors,
                uploads=uploads,
                options=options,
                loc=loc,
                filters=filters,
            )
        )
        with filter_box:
            filters_panel.count(view)
    return view
