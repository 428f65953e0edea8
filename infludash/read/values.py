"""Cell texts to canonical values: which copy of a repeated column, which decimal convention,
and a rejection code for each row whose followers cannot be used (:mod:`infludash.read.rejections`).

The reader hands over a table of strings; this module decides, column by column, what the
numbers mean, and says for every rejected or blanked value what the file said and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from infludash.base.notes import Note
from infludash.base.schema import (
    AVG_ENGAGEMENTS,
    AVG_LIKES,
    FOLLOWERS,
    HIDDEN_LIKES,
    PLATFORM,
    REPORTED_ER_PCT,
)
from infludash.read.arrowtext import arrow_text, distinct_codes, stripped
from infludash.read.codes import ColumnWord
from infludash.read.columns import NUMERIC_COLUMNS, RATE_COLUMN, WHOLE_NUMBER_COLUMNS
from infludash.read.decimal_marks import decimal_evidence
from infludash.read.numbers import (
    Convention,
    finish_numeric,
    parse_numeric,
    prepare_numeric,
    whole_numbers,
)
from infludash.read.rates import reported_er_percent
from infludash.read.rejections import follower_reasons
from infludash.read.value_notes import interaction_notes, rate_notes
from infludash.read.warning_codes import ReadWarning
from infludash.read.wordreading import readings

_T = TypeVar("_T")
_R = TypeVar("_R")

__all__ = [
    "PLATFORM_SPELLINGS",
    "canonical_values",
    "column_positions",
    "decimal_conventions",
    "pick_copy",
    "whole_columns",
]

#: Platform names as files spell them (casefolded) -> the one spelling the reader keeps.
PLATFORM_SPELLINGS = {
    "instagram": "Instagram",
    "ig": "Instagram",
    "insta": "Instagram",
    "tiktok": "TikTok",
    "tik tok": "TikTok",
    "tt": "TikTok",
    "youtube": "YouTube",
    "yt": "YouTube",
    "you tube": "YouTube",
}


def column_positions(headers: list[str], mapping: Mapping[str, str]) -> dict[str, list[int]]:
    """Every column position that carries each mapped header (a header can appear twice)."""
    return {
        canon: [i for i, h in enumerate(headers) if h == header]
        for canon, header in mapping.items()
    }


def pick_copy(
    canon: str, header: str, positions: list[int], cells: pd.DataFrame, convention: Convention
) -> tuple[int, Note | None]:
    """Of duplicate headers, the copy with the most valid values, and a note saying so."""
    if len(positions) == 1:
        return positions[0], None
    counts = []
    for pos in positions:
        column = cells.iloc[:, pos]
        if canon in NUMERIC_COLUMNS:
            parsed = parse_numeric(column, convention)
            counts.append(int(np.isfinite(parsed.values).sum()))
        else:
            counts.append(int((column.str.strip() != "").sum()))
    best = positions[int(np.argmax(counts))]
    detail = tuple(
        Note(ReadWarning.VALID_IN_COLUMN, column=p + 1, n=c)
        for p, c in zip(positions, counts, strict=True)
    )
    return best, Note(
        ReadWarning.DUPLICATE_HEADER,
        header=repr(header),
        n=len(positions),
        column=best + 1,
        canon=ColumnWord.of(canon),
        counts=detail,
    )


def whole_columns(cells: pd.DataFrame, positions: Iterable[int]) -> dict[int, np.ndarray]:
    """The columns (by position) whose every cell is a bare whole number, as floats: the usual
    export, settled in one conversion and passed on so no later step reads them again."""
    wanted = sorted(set(positions))
    converted = _each(lambda pos: whole_numbers(arrow_text(cells.iloc[:, pos])), wanted)
    return {
        pos: values for pos, values in zip(wanted, converted, strict=True) if values is not None
    }


def _each(work: Callable[[_T], _R], items: Sequence[_T]) -> list[_R]:
    """``work`` on every item, two at a time: Arrow and numpy let go of the interpreter, so the
    columns of a large file convert on both cores."""
    if len(items) < 2:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(work, items))


def decimal_conventions(
    cells: pd.DataFrame,
    numeric: dict[str, int],
    delimiter: str,
    whole: Mapping[int, np.ndarray] | None = None,
) -> dict[str, Convention]:
    """Decimal convention per numeric column: its own evidence, then (for whole-number columns)
    thousands groups, then the file's evidence, then the delimiter (``;`` files are German).
    Columns in ``whole`` (see :func:`whole_columns`) show no decimal mark at all."""
    whole = whole or {}
    pending = [(canon, pos) for canon, pos in numeric.items() if pos not in whole]
    found = _each(lambda item: decimal_evidence(cells.iloc[:, item[1]]), pending)
    evidence = dict.fromkeys(numeric, (0, 0)) | {
        canon: counts for (canon, _), counts in zip(pending, found, strict=True)
    }
    file_comma = sum(c for c, _ in evidence.values())
    file_point = sum(p for _, p in evidence.values())
    file_default: Convention
    if file_comma != file_point:
        file_default = "," if file_comma > file_point else "."
    else:
        file_default = "," if delimiter == ";" else "."
    result: dict[str, Convention] = {}
    for canon, (comma, point) in evidence.items():
        if comma != point:
            result[canon] = "," if comma > point else "."
        elif canon in WHOLE_NUMBER_COLUMNS:
            result[canon] = "group"
        else:
            result[canon] = file_default
    return result


def canonical_values(
    cells: pd.DataFrame,
    columns: dict[str, int],
    conventions: Mapping[str, Convention],
    rows: np.ndarray,
    whole: Mapping[int, np.ndarray] | None = None,
    *,
    scales: Mapping[str, Decimal] | None = None,
) -> tuple[pd.DataFrame, npt.NDArray[np.int8], list[Note]]:
    """Canonical columns, a rejection code per row (into
    :data:`~infludash.read.rejections.REASONS`, 0 = kept),
    and value-level warnings."""
    out: dict[str, object] = {}  # one frame at the end, not a column at a time
    reasons = np.zeros(len(cells), dtype=np.int8)
    unused = dict(whole or {})
    scales = scales or {}
    numeric = [(canon, pos) for canon, pos in columns.items() if canon in NUMERIC_COLUMNS]
    # A whole-number array goes to one column only (values are replaced below, never shared).
    jobs = [(canon, pos, unused.pop(pos, None)) for canon, pos in numeric]
    prepared = dict(
        zip(
            [canon for canon, _, _ in jobs],
            _each(
                lambda job: prepare_numeric(
                    cells.iloc[:, job[1]],
                    conventions.get(job[0], "."),
                    job[2],
                    bulk=job[0] not in scales,
                ),
                jobs,
            ),
            strict=True,
        )
    )
    reading, word_notes = readings(prepared, conventions, scales)
    parsed_all = dict(
        zip(
            list(prepared),
            _each(lambda canon: finish_numeric(prepared[canon], reading[canon]), list(prepared)),
            strict=True,
        )
    )
    notes: list[Note] = list(word_notes)
    for mapped, pos in columns.items():
        canon = mapped
        column = cells.iloc[:, pos]
        if canon not in NUMERIC_COLUMNS:
            out[canon] = _text_values(column, platform=canon == PLATFORM)
            continue
        parsed = parsed_all[canon]
        values = parsed.values
        if canon == AVG_ENGAGEMENTS and RATE_COLUMN not in columns:
            valued = np.isfinite(values)
            if valued.any() and parsed.percent[valued].mean() > 0.5:  # "Engagement: 3.2%"
                canon = RATE_COLUMN
                notes.append(Note(ReadWarning.ENGAGEMENT_IS_RATE))
        if canon == FOLLOWERS:
            reasons = follower_reasons(values, parsed.invalid, parsed.percent)
            if reasons.any():  # (values may be a read-only view of Arrow's memory)
                values = np.where(reasons != 0, np.nan, values)
        elif canon == RATE_COLUMN:
            values, bad_rates = rate_notes(values, parsed.invalid, rows)
            notes += bad_rates
            values, unit_note = reported_er_percent(values, parsed.percent)
            notes += [unit_note] if unit_note else []
            out[REPORTED_ER_PCT] = values
            continue
        else:
            if canon == AVG_LIKES and (values == -1).any():
                out[HIDDEN_LIKES] = values == -1  # a placeholder, not a measurement
            values, bad_values = interaction_notes(canon, values, parsed.invalid, rows)
            notes += bad_values
        out[canon] = values
    return pd.DataFrame(out, index=cells.index, copy=False), reasons, notes


def _text_values(column: pd.Series, platform: bool = False) -> pd.Series:
    """Trimmed text, empty as missing; platform names in one spelling (``ig`` -> Instagram).

    Platforms repeat a handful of names over many rows, so their spellings are normalised once
    per distinct name.
    """
    if platform:  # a handful of distinct names: trim and spell each once
        text = arrow_text(column)
        codes, spelled = distinct_codes(text)
        names = [PLATFORM_SPELLINGS.get(name.strip().casefold(), name.strip()) for name in spelled]
        if names != spelled:  # only then build a new column
            text = pa.array(names, pa.large_string()).take(pa.array(codes))
    else:
        text = stripped(arrow_text(column))
    if pc.any(pc.equal(text, "")).as_py():
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.large_string()), text)
    return pd.Series(pd.array(text, dtype="string"), index=column.index)
