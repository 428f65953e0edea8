"""Accounts page: the rows behind every chart, one tier at a time if wanted, with flags and
spreadsheet-safe downloads of the accounts, the tier summary and the rejected rows."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import numpy.typing as npt
import pandas as pd
import streamlit as st

from infludash.analysis.summary import Summary
from infludash.analysis.tiers import TierScheme
from infludash.base.notes import Note
from infludash.present.export import (
    EXCEL_MAX_ROWS,
    ExportError,
    account_export,
    to_csv_bytes,
    to_xlsx_bytes,
)
from infludash.present.i18n import Locale
from infludash.present.rejected import rejected_csv
from infludash.present.summary_table import summary_export
from infludash.ui import account_table, help_text
from infludash.ui.safe import plain
from infludash.ui.view import View, anomaly_flags

EXCEL_SLOW_ROWS = 200_000  # above this, say that an Excel file takes a while to write
SHOWN_ROWS = 1_000  # a page of the table; the downloads carry every row
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _accounts_file(
    flagged: Callable[[], pd.DataFrame],
    scheme: TierScheme,
    loc: Locale,
    write: Callable[[pd.DataFrame], bytes],
    basis: str,
) -> bytes:
    return write(account_export(flagged(), scheme, loc=loc, basis=basis))


def _summary_file(summary: Summary, loc: Locale) -> bytes:
    return to_csv_bytes(summary_export(summary, loc))


def downloads(view: View, rows: npt.NDArray[np.intp] | None) -> None:
    """Accounts (CSV, Excel), the tier summary and the rejected rows; files are built only when a
    button is clicked (an export of a large list is slow to write, and most reruns download
    nothing). Everything a file needs is taken now: the click is served outside a script run."""
    loc = view.loc
    flags = anomaly_flags(view, account_table.z_limit())
    analysis = view.analysis

    def flagged() -> pd.DataFrame:
        picked = slice(None) if rows is None else rows
        frame = analysis.rows(rows)
        return frame.assign(anomaly_z=flags.z[picked], anomaly=flags.code[picked])

    formats = (("CSV", "csv", "text/csv", to_csv_bytes), ("Excel", "xlsx", XLSX, to_xlsx_bytes))
    count = view.shown if rows is None else len(rows)
    too_many = count > EXCEL_MAX_ROWS  # one sheet's limit: say so instead of failing on click
    cols = st.columns(4)
    for column, (label, suffix, mime, write) in zip(cols[:2], formats, strict=True):
        column.download_button(
            loc.t("accounts.download", format=label),
            partial(_accounts_file, flagged, view.scheme, loc, write, analysis.everyone.basis),
            file_name=f"{loc.t('files.accounts')}.{suffix}",
            mime=mime,
            key=f"download_accounts_{suffix}",
            icon=":material/download:",
            disabled=too_many and suffix == "xlsx",
            help=loc.say(Note(ExportError.TOO_MANY_FOR_EXCEL, n=count, limit=EXCEL_MAX_ROWS))
            if too_many and suffix == "xlsx"
            else None,
            on_click="ignore",  # a download changes nothing on screen: no rerun
        )
    cols[2].download_button(
        loc.t("accounts.download_summary"),
        partial(_summary_file, view.summarized(), loc),
        file_name=f"{loc.t('files.summary')}.csv",
        mime="text/csv",
        key="download_summary",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing on screen: no rerun
    )
    cols[3].download_button(
        loc.t("accounts.download_rejected", n=loc.num(len(view.result.rejected))),
        partial(rejected_csv, view.result.rejected),
        file_name=f"{loc.t('files.rejected')}.csv",
        mime="text/csv",
        key="download_rejected_accounts",
        icon=":material/download:",
        disabled=view.result.rejected.empty,
        on_click="ignore",  # a download changes nothing on screen: no rerun
    )
    st.caption(loc.t("accounts.download_caption"))
    if EXCEL_SLOW_ROWS < count <= EXCEL_MAX_ROWS:
        st.caption(loc.t("accounts.excel_slow", n=loc.num(count)))


def render(view: View) -> None:
    """Draw the filtered accounts with a tier drill-down and downloads."""
    loc = view.loc
    st.title(loc.t("accounts.title"))
    help_text.show(loc, "accounts")
    tier = account_table.tier_picker(view)
    rows = account_table.tier_rows(view, tier)
    shown = account_table.count(view, rows)
    if tier is None:
        st.caption(loc.t("accounts.count", shown=loc.num(shown), total=loc.num(view.total)))
    else:
        label = view.scheme.labels[view.scheme.keys.index(tier)]
        st.caption(
            loc.t(
                "accounts.count_tier",
                shown=loc.num(shown),
                total=loc.num(view.total),
                tier=plain(label),
            )
        )
    account_table.show_accounts(view, rows, key="accounts_table", limit=SHOWN_ROWS, height=520)
    downloads(view, rows)
