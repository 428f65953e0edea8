"""Robust straight-line fits (Theil–Sen with Sen's interval) and the memo that shares them.

The trends and the anomaly flags fit the same platforms of the same accounts; a fit of 1,000
points costs about ten milliseconds, so each :class:`~infludash.analysis.analysis.Analysis` keeps
one :class:`FitMemo` and every fit it needs is computed once. The memo belongs to the analysis,
not to the process: it lives and dies with the data it was fitted on.
"""

from __future__ import annotations

import hashlib
import math
import threading
from concurrent.futures import Future

import numpy as np
import numpy.typing as npt
import pandas as pd

from infludash.base.schema import PLATFORM
from infludash.read.arrowtext import arrow_text, distinct_codes

__all__ = ["MAX_FIT_POINTS", "Fit", "FitMemo", "fit_sample", "platform_groups", "theil_sen"]

MAX_FIT_POINTS = 1_000
_Z95 = 1.959963984540054

#: Slope, its 95% interval (low, high), intercept and the number of points fitted.
Fit = tuple[float, float, float, float, int]
#: Each account's platform as a code, and the platforms (see :func:`platform_groups`).
Groups = tuple[npt.NDArray[np.int32], list[str]]


def fit_sample(size: int, seed: int = 0) -> npt.NDArray[np.intp] | None:
    """The positions :func:`theil_sen` fits among ``size`` finite points (None: all of them).

    Exposed so a caller can pick the sample before transforming a million values it would drop.
    """
    if size <= MAX_FIT_POINTS:
        return None
    return np.random.default_rng(seed).choice(size, MAX_FIT_POINTS, replace=False)


class FitMemo:
    """Fits by content, each computed once. A fit being computed is a Future, so a second thread
    asking for it (the command line fits the trends and the flags side by side) waits for it
    instead of repeating it."""

    def __init__(self) -> None:
        self._fits: dict[tuple[bytes, int], Future[Fit | None]] = {}
        self._lock = threading.Lock()
        self.computed = 0  # fits actually run (the others were found here)

    def fit(
        self, xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64], seed: int
    ) -> Fit | None:
        """:func:`theil_sen` of a sample already taken (finite, at most MAX_FIT_POINTS)."""
        # The fit depends on the sample alone, so the sample is the key.
        key = (hashlib.blake2b(xs.tobytes() + b"|" + ys.tobytes(), digest_size=16).digest(), seed)
        with self._lock:
            pending = self._fits.get(key)
            if pending is None:
                mine: Future[Fit | None] = Future()
                self._fits[key] = mine
        if pending is not None:
            return pending.result()
        try:
            fit = _theil_sen(xs, ys)
        except BaseException as err:  # never leave a waiting thread hanging
            with self._lock:
                self._fits.pop(key, None)
            mine.set_exception(err)
            raise
        self.computed += 1
        mine.set_result(fit)
        return fit


def theil_sen(
    x: npt.ArrayLike, y: npt.ArrayLike, seed: int = 0, memo: FitMemo | None = None
) -> Fit | None:
    """Slope, its 95% interval (Sen), intercept and n; None with fewer than 3 distinct x.

    ``memo``: where fits of the same data are kept (an analysis's); without one, the fit is
    computed here.
    """
    xs = np.asarray(x, dtype="float64")
    ys = np.asarray(y, dtype="float64")
    keep = np.isfinite(xs) & np.isfinite(ys)
    if not keep.all():
        xs, ys = xs[keep], ys[keep]
    pick = fit_sample(xs.size, seed)
    if pick is not None:
        xs, ys = xs[pick], ys[pick]
    if memo is None:
        return _theil_sen(xs, ys)
    return memo.fit(xs, ys, seed)


def platform_groups(annotated: pd.DataFrame) -> Groups:
    """Each account's platform as a code, and the platforms (missing and empty: ``""``, one
    group). Computed once by a caller that fits the trends and the flags of the same accounts."""
    if PLATFORM not in annotated:
        return np.zeros(len(annotated), dtype=np.int32), [""]
    return distinct_codes(arrow_text(annotated[PLATFORM]))


def _theil_sen(xs: npt.NDArray[np.float64], ys: npt.NDArray[np.float64]) -> Fit | None:
    n = int(xs.size)
    if n < 3 or np.unique(xs).size < 3:
        return None
    order = np.argsort(xs, kind="stable")
    xs, ys = xs[order], ys[order]
    # Every pair once: with x sorted, the pairs right of the diagonal have dx >= 0.
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)
    dx = np.subtract.outer(xs, xs).T
    upper &= dx != 0
    slopes = np.subtract.outer(ys, ys).T[upper] / dx[upper]
    count = slopes.size
    # Sen (1968): the interval's ranks come from the variance of Kendall's S (ties ignored).
    spread = _Z95 * math.sqrt(n * (n - 1) * (2 * n + 5) / 18.0)
    low_rank = max(math.floor((count - spread) / 2.0), 0)
    high_rank = min(math.ceil((count + spread) / 2.0), count - 1)
    middle = [(count - 1) // 2, count // 2]
    ranked = np.partition(slopes, sorted({low_rank, high_rank, *middle}))  # no full sort
    slope = float((ranked[middle[0]] + ranked[middle[1]]) / 2.0)
    intercept = float(np.median(ys - slope * xs))
    return slope, float(ranked[low_rank]), float(ranked[high_rank]), intercept, n
