"""Accounts page: the rows behind every chart, one tier at a time if wanted, with flags and
spreadsheet-safe downloads."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from infludash.anomalies import DEFAULT_Z, flag_anomalies
from infludash.export import account_export, to_csv_bytes, to_xlsx_bytes
from infludash.summary import annotate, summarize
from infludash.ui.sidebar import View

ALL_TIERS = "All tiers"
SHOWN_ROWS = 50_000  # the table is for looking; the downloads carry every row


def _table(shown: pd.DataFrame, tier_medians: dict[str, float]) -> pd.DataFrame:
    """Display columns: the rate also as a ratio to its tier's median (1.0 = typical)."""
    table = account_export(shown)
    median = shown["tier"].astype("string").map(tier_medians).astype("float64")
    table.insert(
        list(table.columns).index("er_pct") + 1,
        "vs_tier_median",
        (shown["er_pct"] / median).to_numpy(dtype="float64"),
    )
    return table.drop(columns=["er_basis"])


def render(view: View) -> None:
    """Draw the accounts of ``view`` with a tier drill-down, a handle search and downloads."""
    st.title("Accounts")
    annotated = annotate(view.result.accounts, view.scheme, view.options)
    summary = summarize(view.result, view.scheme, annotated=annotated, options=view.options)
    flagged = flag_anomalies(annotated, z_limit=float(st.session_state.get("anomaly_z", DEFAULT_Z)))
    left, right = st.columns([1, 2])
    tier = left.selectbox("Tier", [ALL_TIERS, *view.scheme.labels], key="accounts_tier")
    search = right.text_input(
        "Handle contains", key="accounts_search", placeholder="part of a handle, any case"
    )
    shown = flagged
    if tier != ALL_TIERS:
        shown = shown[shown["tier"].astype("string") == tier]
    if search.strip() and "handle" in shown:
        shown = shown[
            shown["handle"]
            .astype("string")
            .str.contains(search.strip(), case=False, regex=False, na=False)
        ]
    st.caption(
        f"{len(shown):,} of {len(flagged):,} accounts"
        + (f"; the table shows the first {SHOWN_ROWS:,}" if len(shown) > SHOWN_ROWS else "")
    )
    medians = dict(zip(summary.tiers["label"], summary.tiers["median_er_pct"], strict=True))
    table = _table(shown.head(SHOWN_ROWS), medians)
    top = float(np.nanmax(table["vs_tier_median"])) if table["vs_tier_median"].notna().any() else 1
    first = [
        "handle",
        "platform",
        "followers",
        "tier",
        "er_pct",
        "vs_tier_median",
        "anomaly",
        "anomaly_z",
        "engagements",
        "possible_duplicate",
    ]
    order = [c for c in first if c in table] + [str(c) for c in table if c not in first]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=520,
        column_order=order,
        placeholder="–",
        column_config={
            "followers": st.column_config.NumberColumn("Followers", format="localized"),
            "er_pct": st.column_config.NumberColumn(
                "Engagement rate (estimated)" if summary.estimated else "Engagement rate",
                format="%.2f%%",
            ),
            "vs_tier_median": st.column_config.ProgressColumn(
                "× tier median",
                format="%.1f×",
                min_value=0.0,
                max_value=max(top, 2.0),
                help="The account's rate divided by its tier's median rate (1.0 = typical)",
            ),
            "engagements": st.column_config.NumberColumn("Engagements / post", format="compact"),
            "anomaly_z": st.column_config.NumberColumn("Robust z", format="%.1f"),
            "anomaly": st.column_config.TextColumn("Flag"),
            "possible_duplicate": st.column_config.CheckboxColumn("Possible duplicate"),
        },
    )
    export = account_export(shown, view.scheme.name)
    # Files are built only when a button is clicked: an .xlsx of a large list is slow to write.
    formats = (
        ("CSV", "csv", "text/csv", to_csv_bytes),
        (
            "Excel",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            to_xlsx_bytes,
        ),
    )
    for column, (label, suffix, mime, write) in zip(st.columns(2), formats, strict=True):
        column.download_button(
            f"Download these accounts ({label})",
            partial(write, export),
            file_name=f"accounts.{suffix}",
            mime=mime,
            key=f"download_accounts_{suffix}",
            icon=":material/download:",
        )
    st.caption(
        "Downloads hold every account shown (filters applied), with tier, engagement "
        "basis and flags; text that a spreadsheet would run as a formula gets a leading '."
    )
