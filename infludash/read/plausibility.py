"""Totals posing as per-post figures: is an interaction column, or the reported rate, plausible?

Exports head lifetime totals just ``Likes`` or ``Views`` as often as they head per-post averages,
and the header cannot tell them apart. Read as per-post figures, totals give engagement rates of
hundreds of percent and "engagements per post" in the millions, without any error. The values
can tell: per-post likes above the account's followers for most accounts, or rates above 100%,
are not what a per-post column holds. This module looks once, after the reader has made the
values canonical, and then

- rejects a spreadsheet totals row ("Total", "Summe", "Gesamt"), which is not an account;
- uses a per-post sibling column (``Views Avg.`` beside ``Views``) when the mapped one looks
  like totals and the sibling does not;
- otherwise raises an alarm (``warnings.totals_suspected*``, see :mod:`infludash.base.alarms`) that
  names the column, gives the evidence in numbers and says how to remap. The column stays in
  use, so nothing changes silently: the analyst sees the implausible numbers and the alarm.

Everything is vectorised (a few passes over each column), for files of a million rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.alarms import Alarm
from infludash.base.notes import Code, Fixed, Note
from infludash.base.schema import AVG_LIKES, AVG_VIEWS, FOLLOWERS, HIDDEN_LIKES, REPORTED_ER_PCT
from infludash.read.codes import ColumnWord, Interaction
from infludash.read.columns import INTERACTION_COLUMNS, RATE_COLUMN, ColumnMapping, map_columns
from infludash.read.rates import engagement_rate_pct, engagements_per_post, reconcile_reported_unit
from infludash.read.rejections import TOTALS
from infludash.read.table import RawTable
from infludash.read.totals_row import totals_row
from infludash.read.values import canonical_values, decimal_conventions
from infludash.read.warning_codes import ReadWarning

__all__ = ["THRESHOLDS", "TOTALS", "Checked", "Thresholds", "check"]


@dataclass(frozen=True)
class Thresholds:
    """Where a column stops looking like per-post figures; all in one place, with the reasons.

    - ``min_accounts`` (5): fewer accounts with both values are anecdote; a top-5 list of viral
      accounts can have likes above followers without holding totals.
    - ``majority`` (0.5): a per-post figure above the followers happens (a viral post, a TikTok
      account whose videos reach beyond its followers), but not for most accounts of a list;
      lifetime totals are above followers for nearly every account that has posted a while.
    - ``rate_pct`` (100): an engagement rate above 100% means more interactions on a post than
      the account has followers; for most accounts of a list that is a total, not a rate.
    - ``views_per_follower`` (50): views legitimately exceed followers on TikTok and Reels
      (the real TikTok exports we test on have medians of about 0.5 views per follower, the 90th
      percentile about 2.4; the bundled sample's 90th percentile is about 5). Lifetime channel
      views are hundreds of times the subscribers. More than half of the accounts above 50 views
      per follower per post (a median above 50) is no plausible average.
    - ``totals_tolerance`` (0.005) and ``labelled_tolerance`` (0.05): a totals row equals the sum
      of the other rows up to rounding; a row whose own cells say "Total"/"Summe"/"Gesamt" may
      be rounded more coarsely (``1.2M``), so it gets the wider tolerance.
    """

    min_accounts: int = 5
    majority: float = 0.5
    rate_pct: float = 100.0
    views_per_follower: float = 50.0
    totals_tolerance: float = 0.005
    labelled_tolerance: float = 0.05


THRESHOLDS = Thresholds()


class Checked(NamedTuple):
    """The reader's values after the check: a totals row rejected, a sibling swapped in, notes."""

    accounts: pd.DataFrame
    reasons: npt.NDArray[np.int8]
    mapping: ColumnMapping
    notes: list[Note]


def _floats(accounts: pd.DataFrame, column: str) -> npt.NDArray[np.float64]:
    return accounts[column].to_numpy(dtype="float64", na_value=np.nan)


def _evidence(
    canon: str,
    values: npt.NDArray[np.float64],
    followers: npt.NDArray[np.float64],
    kept: npt.NDArray[np.bool_],
    limits: Thresholds,
) -> Note | None:
    """Why ``values`` (one interaction column) look like totals, in numbers; None if they don't.
    Counted first (one pass, no copies); the median is computed only for an alarm."""
    both = kept & np.isfinite(values) & (followers > 0)
    total = int(np.count_nonzero(both))
    if total < limits.min_accounts:
        return None
    views = canon == AVG_VIEWS
    limit = limits.views_per_follower if views else 1.0
    n = int(np.count_nonzero(both & (values > limit * followers)))
    if n <= limits.majority * total:  # for views: the median is at most the limit
        return None
    ratio = Fixed(float(np.median(values[both] / followers[both])), 1)
    if views:
        return Note(ReadWarning.EVIDENCE_VIEWS, limit=int(limit), n=n, total=total, ratio=ratio)
    word = Interaction.of(canon)
    return Note(ReadWarning.EVIDENCE_ABOVE, column=word, n=n, total=total, ratio=ratio)


def _rate_evidence(
    rates: npt.NDArray[np.float64], kept: npt.NDArray[np.bool_], code: Code, limits: Thresholds
) -> Note | None:
    """Rates (percent) mostly above :attr:`Thresholds.rate_pct`, as evidence; else None."""
    finite = rates[kept & np.isfinite(rates)]
    if finite.size < limits.min_accounts:
        return None
    n = int((finite > limits.rate_pct).sum())
    if n <= limits.majority * finite.size:
        return None
    return Note(code, n=n, total=int(finite.size), median=Fixed(float(np.median(finite)), 1))


def _computed_rates(accounts: pd.DataFrame) -> npt.NDArray[np.float64]:
    """Per-follower rates as the summary computes them (hidden likes give no rate)."""
    engagements = engagements_per_post(accounts)
    if HIDDEN_LIKES in accounts:
        engagements = np.where(accounts[HIDDEN_LIKES].to_numpy(dtype=bool), np.nan, engagements)
    return engagement_rate_pct(engagements, _floats(accounts, FOLLOWERS))


def _sibling(
    canon: str, table: RawTable, columns: Mapping[str, str], ok: Callable[[pd.DataFrame], bool]
) -> tuple[str, pd.DataFrame, list[Note]] | None:
    """The first other header that also names ``canon`` (``Views Avg.`` beside ``Views``) and
    whose values pass ``ok``: its header, its canonical values and their notes."""
    used = set(columns.values())
    for pos, header in enumerate(str(h) for h in table.headers):
        if header in used or map_columns([header]).columns.get(canon) != header:
            continue
        conventions = decimal_conventions(table.cells, {canon: pos}, table.delimiter)
        parsed, _, notes = canonical_values(
            table.cells, {canon: pos}, conventions, table.rows.to_numpy()
        )
        if ok(parsed):
            return header, parsed, notes
    return None


def _about(note: object, header: str) -> bool:
    """Whether a mapping note says that ``header`` was not used (now it is)."""
    if not isinstance(note, Note) or note.code not in (
        ReadWarning.ALREADY_GIVEN,
        ReadWarning.BETTER_MATCH,
    ):
        return False
    return repr(header) in (note.values.get("header"), note.values.get("loser"))


def check(
    accounts: pd.DataFrame,
    reasons: npt.NDArray[np.int8],
    notes: list[Note],
    table: RawTable,
    mapping: ColumnMapping,
    *,
    overrides: Mapping[str, str] | None = None,
    limits: Thresholds = THRESHOLDS,
) -> Checked:
    """Reject a totals row, prefer per-post siblings of totals columns, alarm on the rest.

    ``notes`` are the reader's notes so far; the result's notes replace them (a mapping note
    that a sibling was "not used" goes when the sibling is used). A column mapped by hand
    (``overrides``) is never swapped: the analyst chose it, so only the alarm speaks.
    """
    cells, rows = table.cells, table.rows.to_numpy()
    notes = list(notes)
    reasons = reasons.copy()
    kept = reasons == 0
    tolerances = (limits.totals_tolerance, limits.labelled_tolerance)
    position = totals_row(accounts, kept, cells, tolerances, limits.min_accounts)
    if position is not None:
        reasons[position] = TOTALS
        kept[position] = False
        notes.append(
            Note(
                ReadWarning.TOTALS_ROW,
                row=int(rows[position]),
                followers=int(_floats(accounts, FOLLOWERS)[position]),
            )
        )
    followers = _floats(accounts, FOLLOWERS)
    columns = dict(mapping.columns)
    fired: list[str] = []
    for canon in (c for c in (*INTERACTION_COLUMNS, AVG_VIEWS) if c in accounts):
        evidence = _evidence(canon, _floats(accounts, canon), followers, kept, limits)
        if evidence is None:
            continue
        header, word = columns[canon], ColumnWord.of(canon)

        def passes(parsed: pd.DataFrame, canon: str = canon) -> bool:
            values = _floats(parsed, canon)
            return bool(np.isfinite(values[kept]).any()) and (
                _evidence(canon, values, followers, kept, limits) is None
            )

        found = None
        if not (overrides and overrides.get(canon)):  # a column mapped by hand stays
            found = _sibling(canon, table, columns, passes)
        if found is None:
            fired.append(canon)
            # Views feed only the views basis: a warning, not an alarm over figures that do
            # not use them (the followers basis is the default).
            notes.append(
                Note(
                    ReadWarning.TOTALS_SUSPECTED_VIEWS,
                    header=repr(header),
                    evidence=evidence,
                    id=canon,
                )
                if canon == AVG_VIEWS
                else Note(
                    Alarm.TOTALS_SUSPECTED,
                    header=repr(header),
                    evidence=evidence,
                    canon=word,
                    id=canon,
                )
            )
            continue
        sibling, parsed, parse_notes = found
        accounts = accounts.drop(
            columns=HIDDEN_LIKES if canon == AVG_LIKES else [], errors="ignore"
        )
        accounts = accounts.assign(**{str(c): parsed[c].to_numpy() for c in parsed})
        columns[canon] = sibling
        notes = [n for n in notes if not _about(n, sibling)] + list(parse_notes)
        notes.append(
            Note(
                ReadWarning.TOTALS_SIBLING,
                header=repr(header),
                evidence=evidence,
                sibling=repr(sibling),
                canon=word,
            )
        )
    notes += _rate_alarms(accounts, kept, columns, fired, limits)
    if columns != mapping.columns:
        ordered = {c: columns[c] for c in mapping.columns}
        used = set(ordered.values())
        unmapped = tuple(str(h) for h in table.headers if str(h) not in used)
        mapping = replace(mapping, columns=ordered, unmapped=unmapped)
    return Checked(accounts, reasons, mapping, notes)


def _rate_alarms(
    accounts: pd.DataFrame,
    kept: npt.NDArray[np.bool_],
    columns: Mapping[str, str],
    fired: list[str],
    limits: Thresholds,
) -> list[Note]:
    """Alarms on the rates: computed ones above 100% (unless a column alarm already explains
    them) and a reported column mostly above 100% (once its unit is settled as the summary
    settles it)."""
    alarms: list[Note] = []
    interactions = [c for c in INTERACTION_COLUMNS if c in accounts]
    computed = _computed_rates(accounts) if interactions else None
    if computed is not None and not any(c in fired for c in interactions):
        evidence = _rate_evidence(computed, kept, ReadWarning.EVIDENCE_ER, limits)
        if evidence is not None:
            alarms.append(
                Note(
                    Alarm.TOTALS_SUSPECTED_ER,
                    headers=tuple(repr(columns[c]) for c in interactions),
                    evidence=evidence,
                    id=interactions[0],
                )
            )
    if REPORTED_ER_PCT in accounts:
        reported = _floats(accounts, REPORTED_ER_PCT)
        if computed is not None:
            reported, _ = reconcile_reported_unit(reported, computed)
        evidence = _rate_evidence(reported, kept, ReadWarning.EVIDENCE_REPORTED, limits)
        if evidence is not None:
            alarms.append(
                Note(
                    Alarm.TOTALS_SUSPECTED_RATE,
                    header=repr(columns[RATE_COLUMN]),
                    evidence=evidence,
                )
            )
    return alarms
