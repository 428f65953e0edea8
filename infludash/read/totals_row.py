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

from infludash.base.schema import AVG_VIEWS, FOLLOWERS
from infludash.read.columns import INTERACTION_COLUMNS

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
    followers = _floats(accounts, FOLLOWERS)
    usable = kept & np.isfinite(followers)
    ends = np.flatnonzero(usable)
    if ends.size < 3:  # two rows with equal followers are not a total of each other
        return None
    # One pass each for the biggest account and the sum, without copies; the interactions are
    # summed only for a row whose followers already fit.
    top = float(np.max(followers, where=usable, initial=-np.inf))
    total = float(np.sum(followers, where=usable))
    nonzero = int(np.count_nonzero(usable & (followers > 0)))
    present = [c for c in (*INTERACTION_COLUMNS, AVG_VIEWS) if c in accounts]
    for pos in dict.fromkeys((int(ends[-1]), int(ends[0]))):
        own = followers[pos]
        if own != top or np.count_nonzero(usable & (followers == top)) != 1:
            continue  # a total is bigger than every account it sums
        labelled = cells is not None and any(
            bool(_TOTAL_LABEL.match(str(text))) for text in cells.iloc[pos].tolist()
        )
        tolerance = tolerances[1] if labelled else tolerances[0]
        if nonzero - 1 < (2 if labelled else min_others):
            continue
        if not _close(own, total - own, tolerance):
            continue
        matched = []
        for column in present:
            values = _floats(accounts, column)
            if np.isfinite(own_value := values[pos]):
                others = float(np.nansum(np.where(usable, values, np.nan))) - own_value
                matched.append(_close(own_value, others, tolerance) and others > 0)
        if labelled or (matched and all(matched)):
            return pos
    return None
