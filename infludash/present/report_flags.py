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
from collections.abc import Mapping

import numpy as np
import pandas as pd

from infludash.analysis.analysis import Analysis, Flags
from infludash.analysis.anomalies import CODES, furthest_first
from infludash.base.schema import ER_PCT, FOLLOWERS, HANDLE, PLATFORM, ROW, SOURCE
from infludash.engine.analysis import EngineAnalysis
from infludash.present.i18n import Locale
from infludash.present.report_table import html_table
from infludash.present.table_numbers import table_numbers

__all__ = [
    "FLAGGED_COLUMNS",
    "REPORT_FLAGGED_ROWS",
    "count_sentence",
    "flagged_count",
    "flagged_section",
]

#: The report lists at most this many flagged accounts, furthest off the line first.
REPORT_FLAGGED_ROWS = 50
#: The columns of a table of flagged accounts (those the data has), before the z and the flag.
FLAGGED_COLUMNS = (SOURCE, ROW, HANDLE, PLATFORM, FOLLOWERS, ER_PCT)


def flagged_count(flags: Flags, shown: int, loc: Locale) -> str:
    """ "120 of 5,000 accounts flagged: 60 unusually low, …": the Findings page's sentence."""
    codes, counts = np.unique(flags.code[flags.code != ""].astype(str), return_counts=True)
    return count_sentence(dict(zip(codes.tolist(), counts.tolist(), strict=True)), shown, loc)


def count_sentence(counted: Mapping[str, int], shown: int, loc: Locale) -> str:
    """The sentence of :func:`flagged_count` from the accounts per flag code."""
    return loc.t(
        "findings_page.flagged_count",
        shown=loc.num(sum(counted.values())),
        total=loc.num(shown),
        **{code: loc.num(int(counted.get(code, 0))) for code in CODES},
    )


def _table(
    rows: pd.DataFrame, z: np.ndarray, codes: np.ndarray, loc: Locale, *, one_file: bool
) -> pd.DataFrame:
    """The flagged accounts ``rows`` with their ``z`` and flag ``codes`` (``one_file``: the
    report's "Data" line names the file already, so no source column)."""
    columns = [c for c in FLAGGED_COLUMNS if c in rows and not (c == SOURCE and one_file)]
    table = rows[columns].assign(anomaly_z=z)
    table = table_numbers(table, loc)  # numbers written the language's way
    names = {code: loc.t(f"anomaly.{code}") for code in CODES}
    table["anomaly"] = [names[str(code)] for code in codes]
    headings = {c: loc.t("column.er" if c == ER_PCT else f"column.{c}") for c in table.columns}
    return table.rename(columns=headings)


def flagged_section(
    analysis: Analysis | EngineAnalysis, z_limit: float, loc: Locale, *, one_file: bool = True
) -> list[str]:
    """The section's HTML parts; none when the rates are estimates from benchmarks (an estimate
    is its tier's figure, so nothing can lie off the line: the Findings page shows no flags
    then either)."""
    if analysis.summary.estimated:
        return []
    esc = html.escape
    parts = [
        f"<h2>{esc(loc.t('report.flags_title'))}</h2>",
        f"<p>{esc(loc.t('report.flags_limit', z=loc.num(z_limit, 1)))}</p>",
    ]
    if isinstance(analysis, EngineAnalysis):
        counted = analysis.flags(z_limit)
        parts.append(f"<p>{esc(count_sentence(counted.counts, analysis.shown, loc))}</p>")
        total = counted.flagged
        if not total:
            return parts
        page = analysis.flagged_page(z_limit, number=1, size=REPORT_FLAGGED_ROWS).frame
        z, codes, shown = page["anomaly_z"].to_numpy(), page["anomaly"].to_numpy(), len(page)
        table = _table(page, z, codes, loc, one_file=True)
    else:
        flags = analysis.flags(z_limit)
        order = furthest_first(flags.z, flags.code)
        parts.append(f"<p>{esc(flagged_count(flags, analysis.shown, loc))}</p>")
        total = int(order.size)
        if not total:
            return parts
        picked = order[:REPORT_FLAGGED_ROWS]
        rows = analysis.rows(picked)
        table = _table(rows, flags.z[picked], flags.code[picked], loc, one_file=one_file)
        shown = int(picked.size)
    words = [loc.t(f"column.{c}") for c in (SOURCE, HANDLE, PLATFORM, "anomaly")]
    parts.append(html_table(table, left=words))
    key = "report.flags_first" if total > shown else "report.flags_all"
    caption = loc.t(key, shown=loc.num(shown), total=loc.num(total))
    parts.append(f'<p class="caption">{esc(caption)}</p>')
    return parts
