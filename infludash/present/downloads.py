"""The account downloads as the analyst gets them: the CSV in the dialect of their spreadsheet,
the Excel file with the accounts, the tier summary and the settings that made them, each sheet in
their language, and a file name that says what the data is and when it was exported.

The English CSV keeps the column ids of :data:`~infludash.present.export.EXPORT_COLUMNS` as its
headings (scripts read it), with ``,`` and ``.``. The German CSV is for German Excel: ``;``,
decimal commas, headings and values in words (rates in percent, said in the heading). The Excel
file has headings in words in either language, rates as fractions formatted as percentages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from infludash.analysis.annotated import BENCHMARK
from infludash.analysis.filters import Filters
from infludash.analysis.summary import Summary
from infludash.analysis.tiers import TierScheme
from infludash.base.schema import (
    AVG_VIEWS,
    ENGAGEMENTS,
    ER_PCT,
    FOLLOWERS,
    REPORTED_ER_PCT,
)
from infludash.present.export import csv_marks, to_csv_bytes
from infludash.present.filters_text import describe_filters
from infludash.present.i18n import Locale
from infludash.present.summary_table import DISPLAY_COLUMNS, summary_export
from infludash.present.workbook import COUNT, DECIMAL, FRACTION, PERCENT, Sheet, write_workbook
from infludash.read.columns import INTERACTION_COLUMNS

__all__ = ["About", "accounts_csv", "accounts_xlsx", "download_name", "settings_table", "worded"]

#: The name of the bundled sample in file names (its file is ``sample_accounts.csv``).
SAMPLE_STEM = "sample"
_RATES = (ER_PCT, REPORTED_ER_PCT)
#: Counts, shown with thousands separators: followers, per-post interactions and views.
_COUNTS = (FOLLOWERS, *INTERACTION_COLUMNS, AVG_VIEWS, ENGAGEMENTS)
_SUMMARY_FORMATS = {
    "accounts": COUNT,
    "share": FRACTION,
    "median_followers": COUNT,
    "median_er": PERCENT,
    "er_n": COUNT,
    "median_eng": COUNT,
    "reach": COUNT,
}


@dataclass(frozen=True)
class About:
    """What a download is of, for its settings sheet and its name: the files read (the sample
    or uploads), the scheme (in the download's language), the engagement basis used, the
    filters in force, the anomaly limit, the day, and the tier picked (None: every tier)."""

    sources: tuple[str, ...]
    is_sample: bool
    scheme: TierScheme
    basis: str
    filters: Filters
    z_limit: float
    day: dt.date
    tier: str | None = None


def download_name(
    sources: Sequence[str], is_sample: bool, day: dt.date, suffix: str, what: str = ""
) -> str:
    """``infludash_<first file's stem>_<yyyy-mm-dd>[_<what>].<suffix>`` (``sample`` for the
    sample); the stem keeps letters, digits, ``-`` and ``_``, the rest of it becomes ``_``."""
    if is_sample or not sources:
        stem = SAMPLE_STEM if is_sample else "data"
    else:
        stem = PurePath(sources[0].replace("\\", "/")).stem
        stem = re.sub(r"[^\w\-]+", "_", stem).strip("_-.")[:60] or "data"
    return f"infludash_{stem}_{day.isoformat()}{f'_{what}' if what else ''}.{suffix}"


def _heading(column: str, loc: Locale, *, percent: bool, estimated: bool) -> str:
    if column == ER_PCT:
        if percent:
            return loc.t("export.er_pct_estimated" if estimated else "export.er_pct")
        return loc.t("column.er_estimated" if estimated else "column.er")
    if column == REPORTED_ER_PCT:
        return loc.t("export.reported_er_pct" if percent else "column.reported_er")
    if column == "er_basis":
        return loc.t("export.er_basis")
    return loc.t(f"column.{column}")


def worded(frame: pd.DataFrame, loc: Locale, *, percent: bool) -> pd.DataFrame:
    """Exported accounts (:func:`~infludash.present.export.account_export`) with headings and the
    basis and scheme in ``loc``'s words; rates stay in percent (``percent``, said in their
    heading) or become fractions for a percentage format."""
    estimated = "er_basis" in frame and bool((frame["er_basis"] == BENCHMARK).any())
    out = frame.copy()
    if "er_basis" in out:
        out["er_basis"] = out["er_basis"].map(lambda b: loc.t(f"basis.{b}"))
    if "tier_scheme" in out:
        out["tier_scheme"] = out["tier_scheme"].map(lambda n: loc.t(f"schemes.{n}.short"))
    if not percent:
        for column in _RATES:
            if column in out:
                out[column] = out[column].astype("float64") / 100.0
    headings = {c: _heading(str(c), loc, percent=percent, estimated=estimated) for c in out.columns}
    return out.rename(columns=headings)


def accounts_csv(frame: pd.DataFrame, loc: Locale) -> bytes:
    """Exported accounts as the CSV download: column ids, ``,`` and ``.`` in English; headings
    and values in words, ``;`` and decimal commas where the language writes them."""
    if csv_marks(loc) == csv_marks():
        return to_csv_bytes(frame)
    out = worded(frame, loc, percent=True)
    yes_no = {True: loc.t("export.true"), False: loc.t("export.false")}
    for column in out.columns:  # German Excel reads WAHR/FALSCH as yes/no, not "True"/"False"
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(yes_no).astype("string")
    return to_csv_bytes(out, loc)


def summary_csv(summary: Summary, loc: Locale) -> bytes:
    """The tier summary as its CSV download, in the dialect of ``loc``'s spreadsheets."""
    return to_csv_bytes(summary_export(summary, loc), loc)


def settings_table(about: About, loc: Locale, accounts: int) -> pd.DataFrame:
    """The settings behind a download, one per row (a filter per row), in ``loc``'s words."""
    files = ", ".join(about.sources)
    if about.is_sample:
        files = f"{files} ({loc.t('export.sample')})"
    rows = [
        (loc.t("export.files"), files),
        (loc.t("export.scheme"), about.scheme.title),
        (loc.t("export.basis"), loc.t(f"basis.{about.basis}")),
    ]
    lines = describe_filters(about.filters, loc) or [loc.t("report.no_filters")]
    rows += [(loc.t("export.filters"), line) for line in lines]
    if about.tier is not None:
        rows.append((loc.t("export.tier"), about.tier))
    rows += [
        (loc.t("export.accounts"), loc.num(accounts)),
        (loc.t("export.anomaly_z"), loc.num(about.z_limit, 1)),
        (loc.t("export.date"), about.day.isoformat()),
    ]
    setting, value = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            loc.t("export.setting"): pd.array(setting, dtype="string"),
            loc.t("export.value"): pd.array(value, dtype="string"),
        }
    )


def accounts_xlsx(frame: pd.DataFrame, summary: Summary, about: About, loc: Locale) -> bytes:
    """Exported accounts as the Excel download: the accounts, the tier summary of the filtered
    accounts and the settings, three sheets named and headed in ``loc``'s language."""
    accounts = worded(frame, loc, percent=False)
    formats = {}
    for column, shown in zip(frame.columns, accounts.columns, strict=True):
        if column in _RATES:
            formats[str(shown)] = PERCENT
        elif column in _COUNTS:
            formats[str(shown)] = COUNT
        elif column == "anomaly_z":
            formats[str(shown)] = DECIMAL
    tiers = summary_export(summary, loc, units=False)  # the number formats show them
    median_er = tiers.columns[DISPLAY_COLUMNS.index("median_er")]
    tiers[median_er] = tiers[median_er] / 100.0  # a fraction for the percentage format
    tier_formats = {
        str(tiers.columns[DISPLAY_COLUMNS.index(column)]): number_format
        for column, number_format in _SUMMARY_FORMATS.items()
    }
    return write_workbook(
        [
            Sheet(loc.t("export.sheet_accounts"), accounts, formats),
            Sheet(loc.t("export.sheet_summary"), tiers, tier_formats),
            Sheet(
                loc.t("export.sheet_settings"),
                settings_table(about, loc, len(frame)),
                autofilter=False,
            ),
        ]
    )
