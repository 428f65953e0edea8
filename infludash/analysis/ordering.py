"""One page of accounts in a true order: sorted over every account that passes the filters, not
over the rows a table happens to hold.

A table shows a page (rows 1–100 of 187,508); which accounts are on it is decided here, over all
of them, by a partial selection: only the accounts up to the page's end are sorted, so the
largest accounts of a million cost one pass, not a full sort. Missing values go last in either
direction; ties keep the accounts' order in the data, so a page never changes between reruns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Page", "page_of"]

Positions = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Page:
    """Positions (into the values given) of the rows on page ``number`` (1-based) of ``pages``;
    ``first`` is the 1-based rank of its first row among ``total``."""

    positions: Positions
    number: int
    pages: int
    first: int
    total: int

    @property
    def last(self) -> int:
        """The 1-based rank of the page's last row (``first - 1`` on an empty page)."""
        return self.first + self.positions.size - 1


def _ranked(key: np.ndarray, k: int) -> Positions:
    """The positions of the ``k`` smallest keys, in order (ties by position)."""
    n = key.size
    if k >= n:
        return np.argsort(key, kind="stable").astype(np.intp)
    cut = np.partition(key, k - 1)[k - 1]
    candidates = np.flatnonzero(key <= cut)  # every tie at the cut, so the stable sort decides
    ordered = candidates[np.argsort(key[candidates], kind="stable")]
    return ordered[:k].astype(np.intp)


def page_of(values: npt.ArrayLike, *, descending: bool, number: int, size: int) -> Page:
    """Page ``number`` (clamped to the pages there are) of ``size`` rows of ``values`` ordered
    by value, largest first when ``descending``; missing values last."""
    column = np.asarray(values, dtype="float64")
    total = int(column.size)
    pages = max(1, math.ceil(total / size))
    number = min(max(1, int(number)), pages)
    start = (number - 1) * size
    key = -column if descending else column.copy()
    key[np.isnan(key)] = np.inf
    ranked = _ranked(key, min(total, start + size))
    return Page(ranked[start:], number, pages, start + 1, total)
