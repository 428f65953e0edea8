"""The report's "Flagged accounts" section: the flag limit, how many accounts are flagged and
why, and a table of the ones furthest off the line.

The table is capped (:data:`REPORT_FLAGGED_ROWS`): a report goes to a client, and a list of
thousands of handles marked "possible bought followers" is a liability, not a finding; the
section says how many it shows of how many, and the Accounts page and its downloads carry every
flag. Handles and file names are the data's text: every cell
(:func:`~infludash.present.report_table.html_table`) and every sentence is HTML-escaped.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from infludash.analysis.analysis import Analysis, Flags
from infludash.analysis.anomalies import CODES, furthest_first
from infludash.base.schema import ER_PCT, FOLLOWERS, HANDLE, PLATFORM, ROW, SOURCE
from infludash.present.i18n import Locale
from infludash.present.report_table import html_table
from infludash.present.table_numbers import table_numbers

__all__ = ["FLAGGED_COLUMNS", "REPORT_FLAGGED_ROWS", "flagged_count", "flagged_section"]

#: The report lists at most this many flagged accounts, furthest off the line first.
REPORT_FLAGGED_ROWS = 50
#: The columns of a table of flagged accounts (those the data has), before the z and the flag.
FLAGGED_COLUMNS = (SOURCE, ROW, HANDLE, PLATFORM, FOLLOWERS, ER_PCT)


def flagged_count(flags: Flags, shown: int, loc: Locale) -> str:
    """ "120 of 5,000 accounts flagged: 60 unusually low, …": the Findings page's sentence."""
    codes, counts = np.unique(flags.code[flags.code != ""].astype(str), return_counts=True)
    counted = dict(zip(codes.tolist(), counts.tolist(), strict=True))
    return loc.t(
        "findings_page.flagged_count",
        shown=loc.num(sum(counted.values())),
        total=loc.num(shown),
        **{code: loc.num(int(counted.get(code, 0))) for code in CODES},
    )


def _table(analysis: Analysis, flags: Flags, picked: np.ndarray, loc: Locale) -> pd.DataFrame:
    rows = analysis.rows(picked)
    one_file = len(analysis.result.sources) <= 1  # the report's "Data" line names it already
    columns = [c for c in FLAGGED_COLUMNS if c in rows and not (c == SOURCE and one_file)]
    table = rows[columns].assign(anomaly_z=flags.z[picked])
    table = table_numbers(table, loc)  # numbers written the language's way
    names = {code: loc.t(f"anomaly.{code}") for code in CODES}
    table["anomaly"] = [names[str(code)] for code in flags.code[picked]]
    headings = {c: loc.t("column.er" if c == ER_PCT else f"column.{c}") for c in table.columns}
    return table.rename(columns=headings)


def flagged_section(analysis: Analysis, z_limit: float, loc: Locale) -> list[str]:
    """The section's HTML parts; none when the rates are estimates from benchmarks (an estimate
    is its tier's figure, so nothing can lie off the line: the Findings page shows no flags
    then either)."""
    if analysis.summary.estimated:
        return []
    esc = html.escape
    flags = analysis.flags(z_limit)
    order = furthest_first(flags.z, flags.code)
    parts = [
        f"<h2>{esc(loc.t('report.flags_title'))}</h2>",
        f"<p>{esc(loc.t('report.flags_limit', z=loc.num(z_limit, 1)))}</p>",
        f"<p>{esc(flagged_count(flags, analysis.shown, loc))}</p>",
    ]
    if order.size == 0:
        return parts
    picked = order[:REPORT_FLAGGED_ROWS]
    table = _table(analysis, flags, picked, loc)
    words = [loc.t(f"column.{c}") for c in (SOURCE, HANDLE, PLATFORM, "anomaly")]
    parts.append(html_table(table, left=words))
    key = "report.flags_first" if order.size > picked.size else "report.flags_all"
    caption = loc.t(key, shown=loc.num(picked.size), total=loc.num(order.size))
    parts.append(f'<p class="caption">{esc(caption)}</p>')
    return parts
