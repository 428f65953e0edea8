"""Data quality page: where every row went, what was guessed, and the column-mapping step."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from infludash.columns import ALIASES
from infludash.export import to_csv_bytes
from infludash.table import delimiter_name
from infludash.ui.loaders import OVERRIDES_KEY, Upload, overrides_for, preview_of
from infludash.ui.safe import plain
from infludash.ui.sidebar import View

NOT_USED = "(not used)"
COLUMN_LABELS = {
    "handle": "Handle",
    "platform": "Platform",
    "followers": "Followers",
    "avg_likes": "Likes per post",
    "avg_comments": "Comments per post",
    "avg_shares": "Shares per post",
    "avg_saves": "Saves per post",
    "avg_views": "Views per post",
    "engagement_rate": "Engagement rate (reported)",
    "category": "Category",
    "country": "Country",
    "profile_url": "Profile URL",
}


def _files_table(view: View) -> None:
    rows = [
        {
            "File": f.source,
            "Type": "Excel" if f.kind == "xlsx" else "text",
            "Encoding": f.encoding,
            "Delimiter": "–" if f.kind == "xlsx" else delimiter_name(f.delimiter),
            "Rows read": f.rows_read,
            "Accounts": f.accounts,
            "Rejected": f.rejected,
            "Duplicates": f.duplicates,
        }
        for f in view.result.files
    ]
    count = st.column_config.NumberColumn(format="localized")
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "Rows read": count,
            "Accounts": count,
            "Rejected": count,
            "Duplicates": count,
        },
    )


def _accounting(view: View) -> None:
    result = view.result
    possible = (
        int(result.accounts["possible_duplicate"].sum())
        if "possible_duplicate" in result.accounts
        else 0
    )
    cols = st.columns(5)
    cols[0].metric("Rows read", f"{result.rows_read:,}")
    cols[1].metric("Accounts kept", f"{len(result.accounts):,}")
    cols[2].metric("Rejected", f"{len(result.rejected):,}")
    cols[3].metric(
        "Exact duplicates",
        f"{result.duplicates:,}",
        help="Folded: an exact repeat of an earlier row of the same file.",
    )
    cols[4].metric(
        "Possible duplicates",
        f"{possible:,}",
        help="Kept, but they share handle and "
        "platform with another account and differ elsewhere: you decide.",
    )
    st.caption(
        f"{result.rows_read:,} rows read = {len(result.accounts):,} kept + "
        f"{len(result.rejected):,} rejected + {result.duplicates:,} duplicates"
    )


def _rejected(view: View) -> None:
    rejected = view.result.rejected
    st.subheader(f"Rejected rows ({len(rejected):,})")
    if rejected.empty:
        st.caption("No row was rejected.")
        return
    reasons = rejected["reason"].value_counts().rename_axis("Reason").reset_index(name="Rows")
    st.dataframe(reasons, hide_index=True)
    st.dataframe(
        rejected.head(5000),
        hide_index=True,
        width="stretch",
        column_config={
            "source": st.column_config.TextColumn("File"),
            "row": st.column_config.NumberColumn(
                "Row", help="Data row (1 = first row after the header)", format="%d"
            ),
            "reason": st.column_config.TextColumn("Reason"),
            "detail": st.column_config.TextColumn("Detail"),
            "raw": st.column_config.TextColumn("Row as written in the file"),
        },
    )
    st.download_button(
        "Download rejected rows (CSV)",
        data=partial(to_csv_bytes, rejected),  # built when clicked, not on every rerun
        file_name="rejected_rows.csv",
        mime="text/csv",
        key="download_rejected",
        icon=":material/download:",
    )


def _possible_duplicates(view: View) -> None:
    accounts = view.result.accounts
    if "possible_duplicate" not in accounts or not accounts["possible_duplicate"].any():
        return
    flagged = accounts[accounts["possible_duplicate"]]
    st.subheader(f"Possible duplicates ({len(flagged):,})")
    st.caption(
        "Same handle and platform, different figures. Both rows are kept; two channels "
        "can share a display name, or one was exported twice at different times."
    )
    sort_by = [c for c in ("handle", "platform", "source", "row") if c in flagged]
    st.dataframe(
        flagged.drop(columns=["possible_duplicate"]).sort_values(sort_by),
        hide_index=True,
        width="stretch",
    )


def _remember(digest: str, canon: str, key: str) -> None:
    choice = st.session_state[key]
    store = st.session_state.setdefault(OVERRIDES_KEY, {}).setdefault(digest, {})
    store[canon] = "" if choice == NOT_USED else choice


def _reset(digest: str) -> None:
    st.session_state.get(OVERRIDES_KEY, {}).pop(digest, None)
    for key in [k for k in st.session_state if str(k).startswith(f"map_{digest[:16]}_")]:
        del st.session_state[key]


def _mapping_step(upload: Upload) -> None:
    preview = preview_of(upload)
    overrides = overrides_for(upload)
    label = f"Columns of {plain(upload.name)}" + (" (mapped by hand)" if overrides else "")
    with st.expander(label, expanded=bool(overrides)):
        if preview is None:
            st.caption("This file cannot be read at all, so there are no columns to map.")
            return
        options = [NOT_USED, *preview.headers]
        grid = st.columns(3)
        for i, canon in enumerate(ALIASES):
            chosen = overrides.get(canon, preview.mapping.get(canon, ""))
            key = f"map_{upload.digest[:16]}_{canon}"
            grid[i % 3].selectbox(
                COLUMN_LABELS.get(canon, canon),
                options,
                index=options.index(chosen) if chosen in options else 0,
                key=key,
                on_change=_remember,
                args=(upload.digest, canon, key),
                help="Detected automatically; change it if the file names this column differently.",
            )
        if overrides:
            st.button(
                "Back to the automatic mapping",
                key=f"reset_{upload.digest[:16]}",
                on_click=_reset,
                args=(upload.digest,),
            )
        st.caption("First rows of the file, as written:")
        st.dataframe(preview.preview, hide_index=True, width="stretch")


def render(view: View) -> None:
    """Draw the data-quality page for ``view``."""
    st.title("Data quality")
    for message in view.errors:
        st.error(plain(message), icon=":material/error:")
    failed_all = view.is_sample and bool(view.uploads)
    if failed_all:
        st.info(
            "None of the uploaded files could be read, so there are no rows to account for yet. "
            "Fix the column mapping below, pick another sheet in the sidebar, or upload another "
            "file.",
            icon=":material/info:",
        )
    elif view.is_sample:
        st.info(
            "Showing the synthetic sample, which is clean by construction. Upload a file to "
            "see how its rows were read.",
            icon=":material/science:",
        )
    if not failed_all:
        _accounting(view)
        _files_table(view)
        warnings = view.result.warnings
        if warnings:
            st.subheader(f"Warnings ({len(warnings):,})")
            for warning in warnings:
                st.warning(plain(warning), icon=":material/warning:")
        _rejected(view)
        _possible_duplicates(view)
    if view.uploads:
        st.subheader("Column mapping")
        st.caption(
            "How each file's columns were understood. Change a column here and every "
            "page uses the new mapping."
        )
        for upload in view.uploads:
            _mapping_step(upload)
