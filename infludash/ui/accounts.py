"""Accounts page: the rows behind every chart, one tier at a time if wanted, with flags and
spreadsheet-safe downloads of the accounts, the tier summary and the rejected rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import numpy as np
import numpy.typing as npt
import pandas as pd
import streamlit as st

from infludash.analysis.summary import Summary
from infludash.base.notes import Note
from infludash.present.downloads import (
    About,
    accounts_csv,
    accounts_xlsx,
    download_name,
    summary_csv,
)
from infludash.present.export import EXCEL_MAX_ROWS, ExportError, account_export
from infludash.present.i18n import Locale
from infludash.present.rejected import rejected_csv
from infludash.ui import account_table, engine_tables, help_text
from infludash.ui.engine_view import EngineView, working
from infludash.ui.safe import plain
from infludash.ui.view import View, anomaly_flags

EXCEL_SLOW_ROWS = 200_000  # above this, say that an Excel file takes a while to write
SHOWN_ROWS = 1_000  # a page of the table; the downloads carry every row
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _accounts_file(
    flagged: Callable[[], pd.DataFrame],
    loc: Locale,
    suffix: str,
    summary: Summary,
    about: About,
) -> bytes:
    frame = account_export(flagged(), about.scheme, loc=loc, basis=about.basis)
    if suffix == "xlsx":
        return accounts_xlsx(frame, summary, about, loc)
    return accounts_csv(frame, loc)


def downloads(view: View, rows: npt.NDArray[np.intp] | None, tier: str | None = None) -> None:
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

    formats = (("CSV", "csv", "text/csv"), ("Excel", "xlsx", XLSX))
    count = view.shown if rows is None else len(rows)
    too_many = count > EXCEL_MAX_ROWS  # one sheet's limit: say so instead of failing on click
    about = About(
        sources=tuple(view.result.sources),
        is_sample=view.is_sample,
        scheme=view.scheme,
        basis=analysis.everyone.basis,
        filters=view.filters,
        z_limit=account_table.z_limit(),
        day=dt.date.today(),
        tier=tier,
    )
    summary = view.summarized()
    cols = st.columns(4)
    for column, (label, suffix, mime) in zip(cols[:2], formats, strict=True):
        column.download_button(
            loc.t("accounts.download", format=label),
            partial(_accounts_file, flagged, loc, suffix, summary, about),
            file_name=download_name(about.sources, about.is_sample, about.day, suffix),
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
        partial(summary_csv, summary, loc),
        file_name=download_name(
            about.sources, about.is_sample, about.day, "csv", loc.t("files.summary")
        ),
        mime="text/csv",
        key="download_summary",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing on screen: no rerun
    )
    cols[3].download_button(
        loc.t("accounts.download_rejected", n=loc.num(len(view.result.rejected))),
        partial(rejected_csv, view.result.rejected),
        file_name=download_name(
            about.sources, about.is_sample, about.day, "csv", loc.t("files.rejected")
        ),
        mime="text/csv",
        key="download_rejected_accounts",
        icon=":material/download:",
        disabled=view.result.rejected.empty,
        on_click="ignore",  # a download changes nothing on screen: no rerun
    )
    st.caption(loc.t("accounts.download_caption"))
    if EXCEL_SLOW_ROWS < count <= EXCEL_MAX_ROWS:
        st.caption(loc.t("accounts.excel_slow", n=loc.num(count)))


def _render_source(view: EngineView, tier: str | None) -> None:
    """A configured source's accounts: pages fetched from the engine; the tier summary (an
    aggregate) is the one download, as the rows are in the source's table."""
    loc = view.loc
    with working(view):
        summary = view.summarized()
    index = None if tier is None else view.scheme.keys.index(tier)
    shown = view.shown if index is None else int(summary.tiers["accounts"].iloc[index])
    if index is None:
        st.caption(loc.t("accounts.count", shown=loc.num(shown), total=loc.num(view.total)))
    else:
        label = plain(view.scheme.labels[index])
        st.caption(
            loc.t(
                "accounts.count_tier",
                shown=loc.num(shown),
                total=loc.num(view.total),
                tier=label,
            )
        )
    engine_tables.show_page(view, index, key="accounts_table", size=SHOWN_ROWS, height=520)
    st.download_button(
        loc.t("accounts.download_summary"),
        partial(summary_csv, summary, loc),
        file_name=download_name(
            [view.source.name], False, dt.date.today(), "csv", loc.t("files.summary")
        ),
        mime="text/csv",
        key="download_summary",
        icon=":material/download:",
        on_click="ignore",  # a download changes nothing on screen: no rerun
    )
    st.caption(loc.t("engine.downloads"))


def render(view: View | EngineView) -> None:
    """Draw the filtered accounts with a tier drill-down and downloads."""
    loc = view.loc
    st.title(loc.t("accounts.title"))
    help_text.show(loc, "accounts")
    tier = account_table.tier_picker(view)
    if isinstance(view, EngineView):
        _render_source(view, tier)
        return
    rows = account_table.tier_rows(view, tier)
    shown = account_table.count(view, rows)
    label: str | None = None
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
    account_table.note_flags_seen()
    downloads(view, rows, label)
