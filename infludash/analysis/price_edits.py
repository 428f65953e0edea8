"""The analyst's own prices: edits over the published rate card, and a rate card as a small CSV.

Edits are kept by tier key (never by a tier's name, which changes with the language), one price
range per tier: ``{"nano": (100.0, 400.0)}``. They outlive a change of scheme or platforms: an
edit for a tier the scheme in use does not have is kept and simply not applied.

A rate-card file has the columns of :data:`CARD_COLUMNS` (``tier,currency,low,high``), one row per
tier, prices per post in :data:`CURRENCY`. :func:`read_card` checks one against the tiers of a
scheme; each problem is an :class:`~infludash.base.errors.InputError` naming the file line.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from infludash.analysis.codes import PlannerError
from infludash.base.errors import InputError
from infludash.base.notes import Note

__all__ = ["CARD_COLUMNS", "CURRENCY", "Edits", "card_table", "changed_prices", "read_card"]

CARD_COLUMNS = ("tier", "currency", "low", "high")
#: The planner's currency (the published rate cards' and the budget's): no exchange rates.
CURRENCY = "USD"
#: Largest rate-card file read (a card has a handful of rows).
MAX_CARD_BYTES = 100_000

Edits = dict[str, tuple[float, float]]


def with_edits(prices: pd.DataFrame, edits: Mapping[str, tuple[float, float]]) -> pd.DataFrame:
    """``prices`` (``tier``, ``price_low``, ``price_high``) with each edited tier's range, and an
    ``edited`` column; edits for tiers not in ``prices`` are ignored."""
    out = prices.copy()
    keys = out["tier"].astype(str).tolist()
    edited = np.array([k in edits for k in keys], dtype=bool)
    for position, column in enumerate(("price_low", "price_high")):
        given = np.array([float(edits[k][position]) if k in edits else np.nan for k in keys])
        out[column] = np.where(edited, given, out[column].to_numpy(dtype="float64"))
    out["edited"] = edited
    return out


def changed_prices(
    shown: pd.DataFrame, typed: pd.DataFrame, edits: Mapping[str, tuple[float, float]]
) -> Edits:
    """``edits`` with every tier whose range the analyst changed between ``shown`` and ``typed``
    (the same rows, in order); a cell left empty or not a number keeps the range shown."""
    out = dict(edits)
    columns = ["price_low", "price_high"]
    before = shown[columns].to_numpy(dtype="float64")
    after = typed[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype="float64")
    after = np.where(np.isfinite(after), after, before)
    for key, old, new in zip(shown["tier"].astype(str), before, after, strict=True):
        if not np.array_equal(old, new):
            out[key] = (float(new[0]), float(new[1]))
    return out


def card_table(prices: pd.DataFrame) -> pd.DataFrame:
    """The rate card in force as a file's table: ``tier,currency,low,high``, one row per tier."""
    return pd.DataFrame(
        {
            "tier": prices["tier"].astype(str).to_numpy(),
            "currency": CURRENCY,
            "low": prices["price_low"].to_numpy(dtype="float64"),
            "high": prices["price_high"].to_numpy(dtype="float64"),
        }
    )


def _table(data: bytes) -> pd.DataFrame:
    if len(data) > MAX_CARD_BYTES:
        raise InputError(Note(PlannerError.CARD_TOO_LARGE, limit=MAX_CARD_BYTES // 1000))
    try:
        text = data.decode("utf-8-sig")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.EmptyDataError, pd.errors.ParserError):
        raise InputError(Note(PlannerError.CARD_UNREADABLE)) from None
    frame.columns = [str(c).strip().casefold() for c in frame.columns]
    missing = [c for c in CARD_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(Note(PlannerError.CARD_LACKS, columns=", ".join(missing)))
    if frame.empty:
        raise InputError(Note(PlannerError.CARD_EMPTY))
    return frame


def _price(cell: str, line: int, column: str) -> float:
    try:
        value = float(cell.strip())
    except ValueError:
        raise InputError(Note(PlannerError.CARD_NOT_A_NUMBER, line=line, column=column)) from None
    if not np.isfinite(value) or value <= 0:
        raise InputError(Note(PlannerError.CARD_NOT_POSITIVE, line=line, column=column))
    return value


def read_card(data: bytes, keys: Sequence[str]) -> Edits:
    """The prices of a rate-card file (``tier,currency,low,high``) for tiers among ``keys``.

    Every row must name a tier of ``keys`` (once), the currency :data:`CURRENCY`, and two positive
    prices, the low one not above the high one. The first problem found is raised, with its line
    in the file (the header is line 1).
    """
    frame = _table(data)
    known = [str(k) for k in keys]
    out: Edits = {}
    for number, row in enumerate(frame[list(CARD_COLUMNS)].itertuples(index=False), start=2):
        tier, currency, low_cell, high_cell = (str(v).strip() for v in row)
        if tier not in known:
            raise InputError(
                Note(
                    PlannerError.CARD_UNKNOWN_TIER,
                    line=number,
                    tier=repr(tier),
                    known=", ".join(known),
                )
            )
        if tier in out:
            raise InputError(Note(PlannerError.CARD_TIER_TWICE, line=number, tier=tier))
        if currency.upper() != CURRENCY:
            shown = repr(currency) if currency else "—"
            raise InputError(
                Note(PlannerError.CARD_CURRENCY, line=number, currency=shown, expected=CURRENCY)
            )
        low, high = _price(low_cell, number, "low"), _price(high_cell, number, "high")
        if low > high:
            raise InputError(Note(PlannerError.CARD_LOW_ABOVE_HIGH, line=number, tier=tier))
        out[tier] = (low, high)
    return out
