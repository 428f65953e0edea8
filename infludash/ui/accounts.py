"""Accounts page: the rows behind every chart, one tier at a time if wanted, with flags and
spreadsheet-safe downloads of the accounts, the tier summary and the rejected rows."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from infludash.export import account_export, to_csv_bytes, to_xlsx_bytes
from infludash.summary import summary_export
from infludash.ui import account_table, help_text
from infludash.ui.safe import plain
from infludash.ui.view import View

SHOWN_ROWS = 50_000  # the table is for looking; the downloads carry every row
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(view: View, flagged: pd.DataFrame) -> None:
    """Accounts (CSV, Excel), the tier summary and the rejected rows; files are built only when a
    button is clicked, since an .xlsx of a large list is slow to write."""
    loc = view.loc
    export = account_export(flagged, view.scheme.name, loc=loc)
    summary = summary_export(view.summarized(), loc)
    formats = (("CSV", "csv", "text/csv", to_csv_bytes), ("Excel", "xlsx", XLSX, to_xlsx_bytes))
    cols = st.columns(4)
    for column, (label, suffix, mime, write) in zip(cols[:2], formats, strict=True):
        column.download_button(
            loc.t("accounts.download", format=label),
            partial(write, export),
            file_name=f"{loc.t('files.accounts')}.{suffix}",
            mime=mime,
            key=f"download_accounts_{suffix}",
            icon=":material/download:",
        )
    cols[2].download_button(
        loc.t("accounts.download_summary"),
        partial(to_csv_bytes, summary),
        file_name=f"{loc.t('files.summary')}.csv",
        mime="text/csv",
        key="download_summary",
        icon=":material/download:",
    )
    cols[3].download_button(
        loc.t("accounts.download_rejected", n=loc.num(len(view.result.rejected))),
        partial(to_csv_bytes, view.result.rejected),
        file_name=f"{loc.t('files.rejected')}.csv",
        mime="text/csv",
        key="download_rejected_accounts",
        icon=":material/download:",
        disabled=view.result.rejected.empty,
    )
    st.caption(loc.t("accounts.download_caption"))


def render(view: View) -> None:
    """Draw the filtered accounts with a tier drill-down and downloads."""
    loc = view.loc
    st.title(loc.t("accounts.title"))
    help_text.show(loc, "accounts")
    tier = account_table.tier_picker(view)
    flagged = account_table.flagged(view)
    shown = account_table.of_tier(flagged, view, tier)
    if tier is None:
        st.caption(loc.t("accounts.count", shown=loc.num(len(shown)), total=loc.num(view.total)))
    else:
        label = view.scheme.labels[view.scheme.keys.index(tier)]
        st.caption(
            loc.t(
                "accounts.count_tier",
                shown=loc.num(len(shown)),
                total=loc.num(view.total),
                tier=plain(label),
            )
        )
    account_table.show_accounts(view, shown, key="accounts_table", limit=SHOWN_ROWS, height=520)
    downloads(view, shown)
