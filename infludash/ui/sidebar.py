"""The shared sidebar: data source (uploads or the bundled sample) and the tier scheme."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from infludash.engagement import available_bases
from infludash.errors import InputError
from infludash.reader import ReadResult
from infludash.summary import EngagementOptions
from infludash.tiers import (
    DEFAULT_SCHEME,
    QUANTILE,
    SCHEMES,
    TierScheme,
    quantile_scheme,
    scheme_from_text,
)
from infludash.ui.loaders import (
    SHEETS_KEY,
    Upload,
    load_sample,
    load_uploads,
    sheet_for,
    sheets_of,
)
from infludash.ui.safe import plain

CUSTOM = "custom"


@dataclass
class View:
    """What every page shows: the data, the scheme, and what went wrong on the way."""

    result: ReadResult
    scheme: TierScheme
    is_sample: bool
    errors: list[str] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    options: EngagementOptions = field(default_factory=EngagementOptions)


def _reset_uploads() -> None:
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1


AUTO_SHEET = "(automatic)"


def _remember_sheet(digest: str, key: str) -> None:
    choice = st.session_state[key]
    chosen = st.session_state.setdefault(SHEETS_KEY, {})
    if choice == AUTO_SHEET:
        chosen.pop(digest, None)
    else:
        chosen[digest] = choice


def _sheet_pickers(uploads: list[Upload]) -> None:
    """One sheet picker per workbook with more than one sheet; automatic by default (the first
    sheet with a followers column)."""
    for number, upload in enumerate(uploads, start=1):
        sheets = sheets_of(upload)
        if len(sheets) < 2:
            continue
        key = f"sheet_{upload.digest[:16]}"
        options = [AUTO_SHEET, *sheets]
        current = sheet_for(upload)
        st.text(f"Sheet of {upload.name}")  # st.text: the file name is never Markdown
        st.selectbox(
            f"Sheet of workbook {number}",
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda s: (
                "Automatic (first sheet with followers)" if s == AUTO_SHEET else s
            ),
            key=key,
            on_change=_remember_sheet,
            args=(upload.digest, key),
            label_visibility="collapsed",
        )


def _data_source() -> tuple[ReadResult, bool, list[str], list[Upload]]:
    st.subheader("Data")
    round_ = st.session_state.get("upload_round", 0)
    files = st.file_uploader(
        "Account lists (CSV, TSV or Excel)",
        type=None,  # the content decides what a file is, not its name
        accept_multiple_files=True,
        key=f"uploader_{round_}",
        help="One or more exports with a followers column; their accounts are combined and the "
        "file name is kept in a 'source' column. CSV/TSV in any common encoding and delimiter, "
        "or .xlsx.",
    )
    uploads = [Upload.of(f.name, f.getvalue()) for f in files or []]
    _sheet_pickers(uploads)
    result, errors = load_uploads(uploads)
    if files:
        st.button(
            "Back to the sample data",
            on_click=_reset_uploads,
            width="stretch",
            key="back_to_sample",
        )
    if result is not None:
        return result, False, errors, uploads
    return load_sample(), True, errors, uploads


def _scheme_label(name: str) -> str:
    if name in SCHEMES:
        return SCHEMES[name].short or SCHEMES[name].title
    return "Quantiles (equal counts)" if name == QUANTILE else "Custom edges…"


def _scheme(result: ReadResult) -> TierScheme:
    st.subheader("Tiers")
    names = [*SCHEMES, QUANTILE, CUSTOM]
    choice = st.selectbox(
        "Tier scheme",
        names,
        index=names.index(DEFAULT_SCHEME.name),
        format_func=_scheme_label,
        key="scheme",
        help="Published schemes differ in their edges; Quantiles cut this data into four tiers "
        "of equal size.",
    )
    if choice == QUANTILE:
        try:
            scheme = quantile_scheme(result.accounts["followers"])
        except InputError as err:
            st.error(plain(f"{err}. Using the default scheme."), icon=":material/warning:")
            return DEFAULT_SCHEME
        st.caption(scheme.title)
        return scheme
    if choice != CUSTOM:
        st.caption(SCHEMES[choice].title)
        return SCHEMES[choice]
    text = st.text_input(
        "Tier edges (followers, ascending)",
        value="1000, 10000, 100000, 1000000",
        key="custom_edges",
        help="Each edge starts a tier: 1000 means [1,000, next edge).",
    )
    try:
        return scheme_from_text(text)
    except InputError as err:
        st.error(
            plain(f"Custom edges: {err}. Using the default scheme."), icon=":material/warning:"
        )
        return DEFAULT_SCHEME


BASIS_LABELS = {
    "auto": "Automatic",
    "followers": "Interactions ÷ followers",
    "views": "Interactions ÷ views",
    "column": "Rate reported in the file",
    "benchmark": "Estimated from benchmarks",
}


def _engagement(result: ReadResult) -> EngagementOptions:
    st.subheader("Engagement")
    bases = ["auto", *available_bases(result.accounts)]
    if st.session_state.get("er_basis") not in bases:  # new data without that basis
        st.session_state["er_basis"] = "auto"
    basis = st.selectbox(
        "Engagement rate",
        bases,
        format_func=BASIS_LABELS.__getitem__,
        key="er_basis",
        help="Automatic uses interactions ÷ followers when the file has likes, comments, shares "
        "or saves; else the rate the file reports; else estimates from published benchmarks.",
    )
    min_accounts = st.number_input(
        "Fewest accounts for a tier's median",
        min_value=1,
        max_value=100_000,
        value=10,
        step=1,
        key="min_accounts",
        help="Tiers with fewer accounts with a rate show 'too few accounts' instead of a median.",
    )
    floor = st.number_input(
        "Leave out accounts under … followers",
        min_value=0,
        value=0,
        step=500,
        key="er_min_followers",
        help="Engagement statistics only (tiers and counts keep every account). Traackr, for "
        "one, computes no engagement under 2,000 followers. 0 = keep all.",
    )
    return EngagementOptions(
        basis=str(basis), min_followers=float(floor), min_accounts=int(min_accounts)
    )


def render() -> View:
    """Draw the sidebar and return the current view."""
    with st.sidebar:
        result, is_sample, errors, uploads = _data_source()
        scheme = _scheme(result)
        options = _engagement(result)
    return View(
        result=result,
        scheme=scheme,
        is_sample=is_sample,
        errors=errors,
        uploads=uploads,
        options=options,
    )
