"""A spreadsheet's totals line ("Total", "Summe", "Gesamt") among the accounts.

Analysts add a sum row at the bottom (or top) of an account list before exporting it. Read as
an account it is the biggest account of the file, with the file's whole reach, and it drags
every median and total; it is no account, so the reader rejects it with its own reason.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.columns import INTERACTION_COLUMNS

__all__ = ["totals_row"]

#: Cell texts that label a spreadsheet totals row (English and German, pivot tables included).
_TOTAL_LABEL = re.compile(
    r"^\s*(?:grand\s+)?(?:total|totals|sum|summe|gesamt|insgesamt|gesamtsumme|gesamtergebnis)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)


def _floats(accounts: pd.DataFrame, column: str) -> npt.NDArray[np.float64]:
    return accounts[column].to_numpy(dtype="float64", na_value=np.nan)


def _close(value: float, target: float, tolerance: float) -> bool:
    """Equal up to rounding: half a unit (a sum of averages shown as a whole number), or the
    relative ``tolerance``."""
    return abs(value - target) <= max(0.5, tolerance * abs(target))


def totals_row(
    accounts: pd.DataFrame,
    kept: npt.NDArray[np.bool_],
    cells: pd.DataFrame | None = None,
    tolerances: tuple[float, float] = (0.005, 0.05),
    min_others: int = 5,
) -> int | None:
    """The position of a totals row (the last or first kept row whose followers, and
    interactions, are the sum of all other kept rows), or None.

    Only the ends are tried: a spreadsheet puts its total at the bottom or the top. The row
    must have more followers than any other row and match their sum; so must every interaction
    the row has, at least one of them with a nonzero sum. A row whose own cells label it a total
    needs only the followers (its interactions may be averages of the column), and may be
    rounded more coarsely: ``tolerances`` are the relative ones for an unlabelled and a labelled
    row (see ``plausibility.Thresholds``). An unlabelled row must sum at least ``min_others``
    accounts with followers, so that a tiny file ``1, 0, 1`` does not lose a row by chance.
    """
    followers = _floats(accounts, "followers")
    usable = np.flatnonzero(kept & np.isfinite(followers))
    if usable.size < 3:  # two rows with equal followers are not a total of each other
        return None
    present = [c for c in (*INTERACTION_COLUMNS, "avg_views") if c in accounts]
    values = {"followers": followers, **{c: _floats(accounts, c) for c in present}}
    sums = {c: float(np.nansum(v[usable])) for c, v in values.items()}
    top_two = np.partition(followers[usable], usable.size - 2)[-2:]
    nonzero = int((followers[usable] > 0).sum())
    for pos in dict.fromkeys((int(usable[-1]), int(usable[0]))):
        labelled = cells is not None and any(
            bool(_TOTAL_LABEL.match(str(text))) for text in cells.iloc[pos].tolist()
        )
        tolerance = tolerances[1] if labelled else tolerances[0]
        own = followers[pos]
        if not (own == top_two[1] > top_two[0] and nonzero - 1 >= (2 if labelled else min_others)):
            continue
        if not _close(own, sums["followers"] - own, tolerance):
            continue
        matched = [
            _close(v, sums[c] - v, tolerance) and sums[c] - v > 0
            for c in present
            if np.isfinite(v := values[c][pos])
        ]
        if labelled or (matched and all(matched)):
            return pos
    return None
